-- The light (亮灯) of every indicator in `status` (indicator_status_as_of rows) under $rule.
-- `earlier` holds indicator_id and schedule_rate as they stood $overdue_months before, for the
-- milestone rule; $overdue_schedule stands in where an indicator had no report then.
-- Parameters: $rule ('points', 'ratio' or 'milestone'), $ratio_green, $ratio_yellow,
-- $overdue_schedule.
with ruled as (
    select
        s.*,
        coalesce(e.schedule_rate, $overdue_schedule::double) as overdue_schedule_rate,
        -- nothing reported and complete need no rule; lower-is-better indicators (a ceiling, not
        -- a pace) are judged by the status bands under every rule
        case
            when s.status = 'no_data' then 'no_data'
            when s.status = 'complete' then 'complete'
            when $rule = 'points' or s.direction = 'lower' then 'points'
            else $rule
        end as rule_applied
    from status s
    left join earlier e using (indicator_id)
),

lit as (
    select
        *,
        case rule_applied
            when 'no_data' then 'grey'
            when 'complete' then 'green'
            -- the status bands are the points rule: one source of thresholds
            when 'points' then case
                when status = 'on_track' then 'green'
                when status in ('slightly_behind', 'behind') then 'yellow'
                else 'red'
            end
            when 'ratio' then case
                when schedule_rate <= 0 then 'green'
                when completion_rate / schedule_rate >= $ratio_green then 'green'
                when completion_rate / schedule_rate >= $ratio_yellow then 'yellow'
                else 'red'
            end
            when 'milestone' then case
                when completion_rate < overdue_schedule_rate then 'red'
                when completion_rate < schedule_rate then 'yellow'
                else 'green'
            end
        end as light
    from ruled
)

select
    indicator_id, region, task_code, task, indicator, unit, direction, lead_unit, category,
    as_of, annual_target, actual, completion_rate, schedule_rate, gap_points, status,
    case when schedule_rate > 0 then completion_rate / schedule_rate end as schedule_ratio,
    overdue_schedule_rate, rule_applied, light,
    problems, next_steps
from lit
