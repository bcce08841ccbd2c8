-- The indicators of each of $years' plans (the version in force at the year's end, by the items'
-- windows: plan/refresh_plan_windows.sql), with the keys uploads are matched by: task code, names
-- and owner.
select
    p.year, p.task_code, p.indicator_id, p.kind, p.annual_target,
    i.match_key, i.name_key, i.region, i.task, i.indicator, i.lead_unit
from plan_items p
join indicators i using (indicator_id)
where p.year in (select unnest($years::integer[]))
  and p.valid_to = 'infinity'::date
order by p.year, p.item_no
