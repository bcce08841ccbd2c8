-- For each row of a ledger being checked (frame `incoming`: source_row, match_key, as_of),
-- whether its project is known, and the report it would supersede: the one of the latest stored
-- batch for the same project and date (null where there is none).
with reports as (
    select p.match_key, r.*
    from project_reports r
    join project_batches b using (batch_id)
    join projects p using (project_id)
    where b.state = 'stored'
      and p.match_key in (select match_key from incoming)
    qualify row_number() over (partition by r.project_id, r.as_of order by r.batch_id desc) = 1
)

select
    i.source_row,
    p.project_id is not null as known_project,
    r.batch_id is not null as reported,
    r.name, r.nature, r.scope, r.total_investment, r.annual_plan, r.invested, r.monthly_plan,
    r.progress, r.stage, r.planned_start, r.actual_start, r.planned_finish, r.actual_finish,
    r.lead_unit, r.leader, r.problems
from incoming i
left join projects p using (match_key)
left join reports r on r.match_key = i.match_key and r.as_of = i.as_of::date
order by i.source_row
