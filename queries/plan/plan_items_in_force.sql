-- The plan of $year in force on $as_of (null: the latest version): one row per indicator, found by
-- its items' window (plan/refresh_plan_windows.sql).
select
    p.* exclude (year, valid_from, valid_to, milestone_dues), v.effective_from, v.reason
from plan_items p
join plan_versions v using (version_id)
where p.year = $year
  and p.valid_from <= coalesce($as_of::date, date '9999-12-31')
  and p.valid_to > coalesce($as_of::date, date '9999-12-31')
