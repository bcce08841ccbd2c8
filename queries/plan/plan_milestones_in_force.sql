-- The dated milestones of $year's plan version in force on $as_of (null: the latest version),
-- found by its items' window (plan/refresh_plan_windows.sql).
select m.indicator_id, m.name, m.due
from plan_milestones m
join plan_items p using (version_id, indicator_id)
where p.year = $year
  and p.valid_from <= coalesce($as_of::date, date '9999-12-31')
  and p.valid_to > coalesce($as_of::date, date '9999-12-31')
order by m.indicator_id, m.due
