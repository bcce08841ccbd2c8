-- The rows of batch $batch_id (frame `incoming`) as reports of their projects.
insert into project_reports
select
    $batch_id, p.project_id, i.as_of::date, i.year, i.name, i.nature, i.scope,
    i.total_investment, i.annual_plan, i.invested, i.monthly_plan::double[], i.progress, i.stage,
    i.planned_start::date, i.actual_start::date, i.planned_finish::date, i.actual_finish::date,
    i.lead_unit, i.leader, i.problems, i.source_row
from incoming i
join projects p using (match_key)
