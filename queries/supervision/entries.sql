-- Ledger entries with what triggered them, open ones first and overdue ones first among those.
-- An entry is overdue when its deadline has passed before $today with no rectification written.
-- Parameters: $today, and $entry_id, $region, $lead_unit, $period, and the bureau's year from
-- $year_from to $year_to (tracker/plan/years.py) (each null for all).
with triggered as (
    select
        entry_id,
        list(detail order by kind, indicator, detail) as details,
        list(distinct kind order by kind) as kinds,
        list(indicator order by indicator) filter (where indicator is not null) as indicators
    from ledger_triggers
    group by entry_id
),

stated as (
    select
        e.*,
        t.details, t.kinds, coalesce(t.indicators, []) as indicators,
        case
            when e.closed_at is not null then 'closed'
            when e.rectification is not null then 'rectified'
            else 'open'
        end as state,
        e.closed_at is null and e.rectification is null and e.deadline < $today::date as overdue
    from ledger_entries e
    join triggered t using (entry_id)
    where ($entry_id::bigint is null or e.entry_id = $entry_id)
      and ($region::varchar is null or e.region = $region)
      and ($lead_unit::varchar is null or e.lead_unit = $lead_unit)
      and ($year_from::date is null or e.period between $year_from and $year_to)
      and ($period::date is null or e.period = $period)
)

select *
from stated
order by state = 'closed', overdue desc, period desc, tier desc, region, lead_unit
