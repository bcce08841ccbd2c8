-- One row per reporting round, region and lead unit, from the per-indicator rows of
-- plan/report_states (`states`): how many reports were due, on time, late (and the days late,
-- summed), missing or not yet due. The on-time trend (per round) and the ranking (per unit)
-- add these up; reading `states` in the same statement, no item row leaves DuckDB.
select
    round, region, lead_unit,
    count(*) as due,
    count(*) filter (where state = 'on_time') as on_time,
    count(*) filter (where state = 'late') as late,
    coalesce(sum(late_days), 0)::bigint as late_days,
    count(*) filter (where state = 'missing') as missing,
    count(*) filter (where state = 'pending') as pending
from states
group by round, region, lead_unit
