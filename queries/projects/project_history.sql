-- One project's reports across months and years: per date the report of the latest stored
-- batch, with the investment planned by that date. Parameters: $project_id, and
-- $year_start_month the first month of the bureau's year (tracker/plan/years.py) and
-- $schedule_rule the 序时 rule spreading an annual plan without monthly values.
with stored as (
    select r.*
    from project_reports r
    join project_batches b using (batch_id)
    where b.state = 'stored' and r.project_id = $project_id
)

select
    as_of, year, name, stage, total_investment, annual_plan, invested,
    project_planned_to_date(monthly_plan, annual_plan, as_of, $year_start_month, $schedule_rule)
        as planned_to_date,
    invested / nullif(annual_plan, 0) as investment_rate,
    planned_start, actual_start, planned_finish, actual_finish,
    progress, problems, lead_unit, leader, batch_id
from stored
qualify row_number() over (partition by as_of order by batch_id desc) = 1
order by as_of
