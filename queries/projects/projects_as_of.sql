-- Every project reported in the year $year of $as_of, from its latest report up to $as_of, with its
-- phase, investment against the time schedule and its light. Reports of undone batches do not
-- count; of two batches for the same date the later one does. The cost follows the year's reports.
-- Parameters: $as_of date, $year the bureau's year it falls in and $year_start_month that year's
-- first month (tracker/plan/years.py), $green_ratio and $red_ratio (investment done ÷ planned by
-- the date), $red_after_months (a planned start or completion missed this long is red),
-- $schedule_rule the 序时 rule spreading an annual plan without monthly values.
with stored as (
    select r.project_id, r.as_of, r.batch_id
    from project_reports r
    join project_batches b using (batch_id)
    where b.state = 'stored'
      and r.year = $year
      and r.as_of <= $as_of::date
),

-- the latest date, then the latest batch of that date; found on narrow columns first, since
-- carrying every text column through the ordering costs several times more
latest_key as (
    select project_id, max({'as_of': as_of, 'batch_id': batch_id}) as key
    from stored
    group by project_id
),

latest as (
    select r.*
    from project_reports r
    join latest_key k
      on r.project_id = k.project_id and r.as_of = k.key.as_of and r.batch_id = k.key.batch_id
    where r.year = $year
),

-- dates are judged on $as_of, the investment on the report's own date
phased as (
    select
        l.*,
        p.code, p.region,
        case
            when actual_finish is not null then 'completed'
            when actual_start is not null then 'under_way'
            else 'not_started'
        end as phase,
        project_planned_to_date(monthly_plan, annual_plan, as_of, $year_start_month, $schedule_rule)
            as planned_to_date,
        monthly_plan is not null as monthly_planned,
        case
            when actual_start is null and planned_start < $as_of::date
                then months_between(planned_start, $as_of::date)
        end as start_months_late,
        case
            when actual_finish is null and planned_finish < $as_of::date
                then months_between(planned_finish, $as_of::date)
        end as finish_months_late
    from latest l
    join projects p using (project_id)
),

-- investment is judged while a project is under way; before its start only the dates count
judged as (
    select
        *,
        case
            when phase = 'under_way' and planned_to_date > 0 then invested / planned_to_date
        end as investment_ratio,
        greatest(start_months_late, finish_months_late) as months_late
    from phased
),

lit as (
    select
        *,
        case
            when investment_ratio is null or investment_ratio >= $green_ratio then 0
            when investment_ratio >= $red_ratio then 1
            else 2
        end as investment_level,
        case
            when months_late is null then 0
            when months_late >= $red_after_months then 2
            else 1
        end as date_level
    from judged
)

select
    project_id, region, code, name, nature, scope, stage, phase, lead_unit, leader,
    as_of, total_investment, annual_plan, invested, planned_to_date, monthly_planned,
    invested / nullif(annual_plan, 0) as investment_rate,
    planned_to_date / nullif(annual_plan, 0) as schedule_rate,
    investment_ratio,
    planned_start, actual_start, planned_finish, actual_finish,
    start_months_late, finish_months_late,
    ['green', 'yellow', 'red'][greatest(investment_level, date_level) + 1] as light,
    progress, problems
from lit
