-- When each plan version is in force, written on its items (plan_items.year, valid_from and
-- valid_to; see migrations/012_first_reports_and_plan_windows.sql). Run in the transaction that
-- saves a version, and when a store of an earlier release is opened.
-- A version is in force from its effective_from until the next version's date; the first also
-- before its own date; of several versions of one date only the newest counts, and the others are
-- never in force (valid_from = valid_to).
update plan_items p
set year = w.year, valid_from = w.valid_from, valid_to = w.valid_to
from (
    with dated as (
        select
            version_id, year, effective_from,
            version_id = max(version_id) over (partition by year, effective_from) as counts
        from plan_versions
    ),

    windows as (
        select
            version_id,
            case
                when effective_from = min(effective_from) over (partition by year)
                then '-infinity'::date
                else effective_from
            end as valid_from,
            coalesce(
                lead(effective_from) over (partition by year order by effective_from),
                'infinity'::date
            ) as valid_to
        from dated
        where counts
    )

    select
        d.version_id, d.year,
        coalesce(w.valid_from, d.effective_from) as valid_from,
        coalesce(w.valid_to, d.effective_from) as valid_to
    from dated d
    left join windows w using (version_id)
) w
where p.version_id = w.version_id
  and (p.year is distinct from w.year
       or p.valid_from is distinct from w.valid_from
       or p.valid_to is distinct from w.valid_to)
