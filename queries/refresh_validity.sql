-- Recompute when each snapshot row is in force, and which row is the first effective report of
-- its indicator and year (first_in_year), for every indicator and year that batch
-- $batch_id touches, or of the indicators listed in $indicator_ids (indicators merged into one);
-- run in the same transaction as the upload, undo or merge. A year's last report counts until
-- the next year starts, on the first of month $year_start_month.
-- See the snapshots table in migrations/001_snapshot_store.sql for what valid_to means.
update snapshots as s
set valid_to = v.valid_to, first_in_year = v.first_in_year
from (
    with affected as (
        select distinct indicator_id, year from snapshots where batch_id = $batch_id
        union
        select distinct indicator_id, year
        from snapshots
        where indicator_id in (select unnest($indicator_ids::bigint[]))
    ),

    ranked as (
        select
            s.indicator_id, s.year, s.as_of, s.batch_id,
            b.state = 'stored'
            and row_number() over (
                partition by s.indicator_id, s.as_of, b.state = 'stored' order by s.batch_id desc
            ) = 1 as effective
        from snapshots s
        join affected a on a.indicator_id = s.indicator_id and a.year = s.year
        join batches b on b.batch_id = s.batch_id
    )
    select
        indicator_id, as_of, batch_id,
        case
            when effective then coalesce(
                lead(as_of) over (partition by indicator_id, year, effective order by as_of),
                make_date(year + 1, $year_start_month, 1)
            )
            else as_of
        end as valid_to,
        effective
        and lag(as_of) over (partition by indicator_id, year, effective order by as_of) is null
            as first_in_year
    from ranked
) v
where s.indicator_id = v.indicator_id
  and s.as_of = v.as_of
  and s.batch_id = v.batch_id
  and (s.valid_to is distinct from v.valid_to or s.first_in_year is distinct from v.first_in_year)
