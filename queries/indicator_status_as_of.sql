-- The status of every indicator of the year of $as_of, from the snapshot in force on $as_of.
-- Rows in force are found by a filter on (year, as_of, valid_to), which zone maps answer from a
-- few row groups, so the cost follows the number of indicators, not the length of the history.
-- Parameters: $as_of date, $slightly_behind and $behind points, $stale_after_days.
with in_force as (
    select *
    from snapshots
    where year = year($as_of::date)
      and as_of <= $as_of::date
      and valid_to > $as_of::date
),

-- indicators of the year first reported after $as_of: not reported yet, but who is
-- responsible is known from their first report
reported_later as (
    select
        indicator_id,
        arg_min(
            {'task_code': task_code, 'leader': leader, 'category': category, 'area': area},
            as_of
        ) as first
    from snapshots
    where year = year($as_of::date)
      and as_of > $as_of::date
      and valid_to > as_of
      and indicator_id not in (select indicator_id from in_force)
    group by indicator_id
),

measured as (
    select
        indicator_id, task_code, leader, category, area,
        as_of, annual_target, actual, planned,
        actual / annual_target as completion_rate,
        -- time schedule: the milestone plan where given, else the share of the year elapsed
        coalesce(
            planned / annual_target,
            (month(as_of) - 1 + day(as_of) / day(last_day(as_of))) / 12
        ) as schedule_rate,
        progress_note, problems, next_steps
    from in_force
    union all by name
    select
        indicator_id,
        first.task_code, first.leader, first.category, first.area
    from reported_later
),

gapped as (
    select
        m.*,
        -- the owner as stored on the indicator: moving it to another unit moves its history
        i.region, i.task, i.indicator, i.unit, i.direction, nullif(i.lead_unit, '') as lead_unit,
        round(
            case i.direction
                when 'lower' then m.schedule_rate - m.completion_rate
                else m.completion_rate - m.schedule_rate
            end * 100,
            6
        ) as gap_points
    from measured m
    join indicators i using (indicator_id)
)

select
    indicator_id, year($as_of::date) as year, region, task_code, task, indicator, unit, direction,
    lead_unit, leader, category, area,
    as_of, annual_target, actual, planned,
    completion_rate, schedule_rate, gap_points,
    case
        when as_of is null or as_of < $as_of::date - $stale_after_days::integer then 'no_data'
        when direction = 'higher' and completion_rate >= 1 then 'complete'
        when direction = 'lower' and actual > annual_target then 'seriously_behind'
        when direction = 'lower' and schedule_rate >= 1 then 'complete'
        when direction = 'higher' and actual = 0 and schedule_rate > 0 then 'seriously_behind'
        when gap_points >= 0 then 'on_track'
        when gap_points >= -$slightly_behind then 'slightly_behind'
        when gap_points >= -$behind then 'behind'
        else 'seriously_behind'
    end as status,
    progress_note, problems, next_steps
from gapped
