-- The indicators of each of $years' plans (the version in force at the year's end), with the
-- keys uploads are matched by: task code, names and owner.
with latest as (
    select year, arg_max(version_id, [epoch(effective_from), version_id]) as version_id
    from plan_versions
    where year in (select unnest($years::integer[]))
    group by year
)

select
    l.year, p.task_code, p.indicator_id, p.kind, p.annual_target,
    i.match_key, i.name_key, i.region, i.task, i.indicator, i.lead_unit
from latest l
join plan_items p using (version_id)
join indicators i using (indicator_id)
order by l.year, p.item_no
