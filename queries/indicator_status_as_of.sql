-- The status of every indicator of the year of $as_of, from its latest snapshot on or before
-- $as_of. Only that year's rows are read (zone maps on year and as_of skip the rest), so the cost
-- follows the number of indicators, not the length of the history.
-- Parameters: $as_of date, $slightly_behind and $behind points, $stale_after_days.
with year_rows as (
    select s
    from snapshots s
    where s.year = year($as_of::date)
      and s.batch_id not in (select batch_id from batches where state = 'undone')
),

latest as (
    select
        (s).indicator_id as indicator_id,
        arg_max(s, ((s).as_of, (s).batch_id)) filter (where (s).as_of <= $as_of::date) as r,
        -- who is responsible, for an indicator not yet reported by $as_of
        arg_max(s, ((s).as_of, (s).batch_id)) as any_r
    from year_rows
    group by all
),

measured as (
    select
        l.indicator_id,
        year($as_of::date) as year,
        i.region,
        coalesce(l.r.task_code, l.any_r.task_code) as task_code,
        i.task,
        i.indicator,
        i.unit,
        i.direction,
        coalesce(l.r.lead_unit, l.any_r.lead_unit) as lead_unit,
        coalesce(l.r.leader, l.any_r.leader) as leader,
        coalesce(l.r.category, l.any_r.category) as category,
        coalesce(l.r.area, l.any_r.area) as area,
        l.r.as_of as as_of,
        l.r.annual_target as annual_target,
        l.r.actual as actual,
        l.r.planned as planned,
        l.r.actual / l.r.annual_target as completion_rate,
        -- time schedule: the milestone plan where given, else the share of the year elapsed
        coalesce(
            l.r.planned / l.r.annual_target,
            (month(l.r.as_of) - 1 + day(l.r.as_of) / day(last_day(l.r.as_of))) / 12
        ) as schedule_rate,
        l.r.progress_note as progress_note,
        l.r.problems as problems,
        l.r.next_steps as next_steps
    from latest l
    join indicators i using (indicator_id)
),

gapped as (
    select
        *,
        round(
            case direction
                when 'lower' then schedule_rate - completion_rate
                else completion_rate - schedule_rate
            end * 100,
            6
        ) as gap_points
    from measured
)

select
    indicator_id, year, region, task_code, task, indicator, unit, direction,
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
order by region, task_code nulls last, task, indicator
