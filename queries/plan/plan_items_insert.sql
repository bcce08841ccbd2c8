-- The indicators of plan version $version_id (frame `plan_rows`), linked to their identities.
insert into plan_items
select
    $version_id, i.indicator_id, p.item_no, p.task_code, p.task, p.indicator, p.unit,
    p.kind, p.direction, p.annual_target, p.lead_unit, p.cooperating_units, p.leader, p.contact,
    p.category, p.area, p.region, p.frequency, p.planned_by_month::double[12], p.maximum
from plan_rows p
join indicators i using (match_key)
