-- One indicator's cumulative value at each quarter end of $year (up to $as_of), the quarter's
-- increment, and the planned line. Each quarter is read at its end, or at $as_of for the quarters
-- not ended by then, with the year's plan in force at that date where there is one, as status
-- reads it: the plan's target (after a 调整目标, the new one); planned by the quarter's end, the
-- milestones due or the monthly plan, else the planned value reported, else the quarter's share
-- of the target. A ceiling (控制上限) has no planned line; a level (期末值) is planned at its
-- target.
-- The quarter $as_of falls in, not ended yet, is planned at the date of its report, as status
-- compares it (the share of the year elapsed on that day in $elapsed_by_day, counted from
-- $year_first_day, where no plan says otherwise; metrics.schedule_by_day): its report is
-- not set against the whole quarter's plan. Later quarters keep their quarter-end plan.
-- Quarters are the year's own: with $year_start_month 4, the first runs from April to June of
-- $year and the fourth from January to March of the next calendar year.
with quarters as (
    select
        q as quarter,
        (make_date($year::integer, $year_start_month::integer, 1) + to_months(q * 3 - 3))::date
            as quarter_start,
        last_day((make_date($year::integer, $year_start_month::integer, 1)
            + to_months(q * 3 - 1))::date) as quarter_end
    from range(1, 5) t(q)
),

checkpoints as (
    select
        *,
        least(quarter_end, $as_of::date) as checkpoint,
        quarter_start <= $as_of::date and $as_of::date < quarter_end as in_progress
    from quarters
),

-- the row in force at each checkpoint; a quarter with no report of its own stays empty:
-- missing is not zero
at_quarter_end as (
    select
        c.quarter, c.quarter_end, c.checkpoint, c.in_progress,
        s.as_of, s.actual, s.planned, s.annual_target,
        case when c.in_progress then coalesce(s.as_of, c.checkpoint) else c.quarter_end end
            as planned_on
    from checkpoints c
    left join snapshots s
        on s.indicator_id = $indicator_id
        and s.year = $year
        and s.as_of between c.quarter_start and c.checkpoint
        and s.valid_to > c.checkpoint
),

-- the plan item in force at each checkpoint (plan/refresh_plan_windows.sql)
planned as (
    select
        a.*,
        coalesce(p.kind, 'cumulative') as kind,
        coalesce(p.annual_target, a.annual_target) as target,
        coalesce(
            case
                when p.kind = 'milestone' then milestones_due_by(p.milestone_dues, a.planned_on)
            end,
            month_plan_on(p.planned_by_month::double[], a.planned_on, $year_start_month),
            a.planned
        ) as plan_value
    from at_quarter_end a
    left join plan_items p
        on p.indicator_id = $indicator_id
        and p.year = $year
        and p.valid_from <= a.checkpoint
        and p.valid_to > a.checkpoint
)

select
    $indicator_id::bigint as indicator_id,
    $year::integer as year,
    quarter,
    quarter_end,
    as_of as reported_on,
    actual,
    case
        when quarter = 1 then actual
        else actual - lag(actual) over (order by quarter)
    end as increment,
    case kind when 'ceiling' then null else plan_value end as planned,
    case kind
        when 'ceiling' then null
        when 'period_end' then coalesce(plan_value / target, 1.0)
        else coalesce(
            plan_value / target,
            case
                when in_progress
                then $elapsed_by_day[planned_on - $year_first_day::date + 1]
                else quarter / 4
            end
        )
    end as schedule_rate,
    coalesce(target, max(target) over ()) as annual_target,
    kind,
    i.unit
from planned
cross join (select unit from indicators where indicator_id = $indicator_id) i
order by quarter
