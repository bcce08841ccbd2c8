-- Indicators a plan names (frame `plan_rows`) that were never reported: the plan creates them,
-- so that they show as not reported (未报送) before their first report.
insert into indicators
    (match_key, name_key, region, task, indicator, lead_unit, unit, direction, created_batch)
select
    p.match_key, p.name_key, p.region, p.task, p.indicator, p.lead_unit, p.unit, p.direction, null
from plan_rows p
where p.match_key not in (select match_key from indicators)
