-- The indicators of plan version $version_id (frame `plan_rows`), linked to their identities,
-- with the due dates of their milestones (frame `plan_nodes`) in order.
insert into plan_items by name
select
    $version_id as version_id, i.indicator_id, p.item_no, p.task_code, p.task, p.indicator,
    p.unit, p.kind, p.direction, p.annual_target, p.lead_unit, p.cooperating_units, p.leader,
    p.contact, p.category, p.area, p.region, p.frequency,
    p.planned_by_month::double[12] as planned_by_month, p.maximum, n.milestone_dues
from plan_rows p
join indicators i using (match_key)
left join (
    select match_key, list(due::date order by due::date) as milestone_dues
    from plan_nodes
    group by match_key
) n using (match_key)
