-- One row per region, lead unit and reporting period, from the per-indicator rows of
-- plan/report_items (`items`, a frame or the query itself), of region $region (null: all):
-- how many reports were due, on time, late (and by how many days at most), missing or not yet
-- due; the unit's state and its on-time rate. Items not yet due do not count in the rate;
-- missing counts against it, never as zero progress.
select
    region, lead_unit, round, period, any_value(period_label) as period_label,
    any_value(frequency) as frequency, min(deadline_day) as deadline_day,
    count(*) as due,
    count(*) filter (where state = 'on_time') as on_time,
    count(*) filter (where state = 'late') as late,
    max(late_days) as late_days,
    count(*) filter (where state = 'missing') as missing,
    count(*) filter (where state = 'pending') as pending,
    count(*) filter (where on_behalf) as on_behalf,
    case
        when count(*) filter (where state = 'missing') > 0 then 'missing'
        when count(*) filter (where state = 'late') > 0 then 'late'
        when count(*) filter (where state = 'pending') > 0 then 'pending'
        else 'on_time'
    end as state,
    count(*) filter (where state = 'on_time')
    / nullif(count(*) filter (where state in ('on_time', 'late', 'missing')), 0) as on_time_rate,
    min(leader) as leader,
    min(contact) as contact
from items
where $region::varchar is null or region = $region::varchar
group by region, lead_unit, round, period
