-- The status of every indicator of the year $year that $as_of falls in, from the snapshot in force
-- on $as_of and the year's plan (年度任务清单) in force on $as_of, where there is one. The year
-- starts on the first of month $year_start_month (1: January; see tracker/plan/years.py).
-- Rows in force are found by a filter on (year, as_of, valid_to), which zone maps answer from a
-- few row groups, so the cost follows the number of indicators, not the length of the history;
-- indicators first reported later by a filter on first_in_year, and the plan in force by one on
-- its items' window (migrations/012_first_reports_and_plan_windows.sql).
-- Parameters: $as_of date, $slightly_behind and $behind points, $stale_after_days,
-- $year the year of $as_of and $year_start_month its first month, and the 序时 schedule of the
-- year: $elapsed_by_day, the share of the year elapsed on each of its days from $year_first_day
-- under the rule in force (tracker/progress/metrics.schedule_by_day).
-- Dates are taken apart with extract() and dayofmonth(): month() and day() cost a millisecond or
-- more each to set up in every query, which was most of this one's fixed cost.

-- the plan defines kind, target and owner; without one, reports alone do
with plan as (
    select
        indicator_id, task_code, leader, category, area, kind, annual_target, maximum,
        -- as a list: indexing a fixed-size array that went through an outer join misreads it
        planned_by_month::double[] as planned_by_month, milestone_dues
    from plan_items
    where year = $year
      and valid_from <= $as_of::date
      and valid_to > $as_of::date
),

in_force as (
    select
        indicator_id, task_code, leader, category, area,
        as_of, annual_target, actual, planned, progress_note, problems, next_steps
    from snapshots
    where year = $year
      and as_of <= $as_of::date
      and valid_to > $as_of::date
),

reports as (
    select *
    from in_force
    -- indicators of the year first reported after $as_of: not reported yet, but who is
    -- responsible is known from their first report
    union all by name
    select indicator_id, task_code, leader, category, area
    from snapshots
    where year = $year
      and as_of > $as_of::date
      and first_in_year
      -- true of every such row already; but with in_force read twice DuckDB keeps it as a
      -- table, which the rest of the query then reads on all threads (a tenth faster at
      -- province scale than reading it once, from one row group, on one thread)
      and indicator_id not in (select indicator_id from in_force)
),

planned as (
    select
        indicator_id,
        coalesce(p.task_code, r.task_code) as task_code,
        coalesce(p.leader, r.leader) as leader,
        coalesce(p.category, r.category) as category,
        coalesce(p.area, r.area) as area,
        coalesce(p.kind, 'cumulative') as kind,
        p.maximum,
        r.as_of,
        coalesce(p.annual_target, r.annual_target) as annual_target,
        r.actual,
        coalesce(
            -- milestones (节点) due by the report date, else the monthly plan on that date
            -- (macros of migrations/012_first_reports_and_plan_windows.sql)
            case
                when p.kind = 'milestone' and r.as_of is not null
                then milestones_due_by(p.milestone_dues, r.as_of)
            end,
            month_plan_on(p.planned_by_month, r.as_of, $year_start_month),
            r.planned
        ) as planned,
        r.progress_note, r.problems, r.next_steps
    from reports r
    -- plan indicators with no report at all this year come in here: not reported (未报送),
    -- never zero
    full join plan p using (indicator_id)
),

measured as (
    select
        *,
        actual / nullif(annual_target, 0) as completion_rate,
        case kind
            -- a ceiling and a level are compared with the target itself, at any date
            when 'ceiling' then 1.0
            when 'period_end' then coalesce(planned / annual_target, 1.0)
            -- else the milestone plan where given, else the share of the year elapsed on the
            -- report's day
            else coalesce(
                planned / annual_target,
                $elapsed_by_day[as_of - $year_first_day::date + 1]
            )
        end as schedule_rate
    from planned
),

gapped as (
    select
        m.*,
        -- the owner as stored on the indicator: moving it to another unit moves its history
        i.region, i.task, i.indicator, i.unit, i.direction, nullif(i.lead_unit, '') as lead_unit,
        round(
            case
                -- a ceiling: headroom under it, or how far over it, in points of the ceiling
                when m.kind = 'ceiling'
                then (m.annual_target - m.actual) / greatest(m.annual_target, 1)
                when i.direction = 'lower' then m.schedule_rate - m.completion_rate
                else m.completion_rate - m.schedule_rate
            end * 100,
            6
        ) as gap_points
    from measured m
    join indicators i using (indicator_id)
)

select
    indicator_id, $year::integer as year, region, task_code, task, indicator, unit, direction,
    kind, lead_unit, leader, category, area,
    as_of, annual_target, actual, planned, maximum,
    completion_rate, schedule_rate, gap_points,
    case
        when as_of is null or as_of < $as_of::date - $stale_after_days::integer then 'no_data'
        when kind in ('cumulative', 'milestone') and direction = 'higher' and completion_rate >= 1
            then 'complete'
        -- a cumulative "lower is better" figure over its annual limit cannot recover; a
        -- ceiling (控制上限) is banded by how far over it is, so a small excess is not serious
        when kind = 'cumulative' and direction = 'lower' and actual > annual_target
            then 'seriously_behind'
        when kind = 'cumulative' and direction = 'lower' and schedule_rate >= 1 then 'complete'
        when kind = 'cumulative' and direction = 'higher' and actual = 0 and schedule_rate > 0
            then 'seriously_behind'
        when gap_points >= 0 then 'on_track'
        when gap_points >= -$slightly_behind then 'slightly_behind'
        when gap_points >= -$behind then 'behind'
        else 'seriously_behind'
    end as status,
    progress_note, problems, next_steps
from gapped
