-- The plan of $year in force on $as_of (null: the latest version): one row per indicator.
-- A version takes over from its effective_from date; before the first one, the first counts.
with version_in_force as (
    select version_id, effective_from, reason
    from plan_versions
    where year = $year
    -- the latest dated version on or before $as_of, the newest of a date; before the first
    -- version's date, the first
    order by
        effective_from <= coalesce($as_of::date, date '9999-12-31') desc,
        case when effective_from <= coalesce($as_of::date, date '9999-12-31') then effective_from end desc,
        effective_from,
        version_id desc
    limit 1
)

select
    p.*, v.effective_from, v.reason
from plan_items p
join version_in_force v using (version_id)
