-- Target adjustments (调整目标) of $year: every indicator whose annual target a dated version
-- changed, with the target before and after, the date the new one counts from and the reason.
with items as (
    select
        p.indicator_id, p.task, p.indicator, p.unit, p.annual_target,
        v.version_id, v.effective_from, v.reason
    from plan_items p
    join plan_versions v using (version_id)
    where v.year = $year
),

ordered as (
    select
        *,
        lag(annual_target) over (
            partition by indicator_id order by effective_from, version_id
        ) as old_target
    from items
)

select
    indicator_id, task, indicator, unit, old_target, annual_target as new_target, effective_from,
    reason
from ordered
where reason <> ''
  and old_target is distinct from annual_target
  and old_target is not null
order by effective_from, indicator_id
