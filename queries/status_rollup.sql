-- Statuses counted by $dimension (lead_unit, category, area, region or task) over `status`,
-- a frame of indicator_status_as_of rows; lagging units first. Average completion and gaps count only
-- indicators that can be ahead of the schedule: a ceiling (lower is better) is kept or broken,
-- and its status says which, but it has no lead to rank a unit by.
with grouped as (
    select
        coalesce(
            case $dimension
                when 'lead_unit' then lead_unit
                when 'category' then category
                when 'area' then area
                when 'region' then region
                when 'task' then task
            end,
            ''
        ) as group_name,
        status,
        case when direction = 'higher' and status <> 'no_data' then completion_rate end
            as completion_rate,
        case when direction = 'higher' and status <> 'no_data' then gap_points end as gap_points
    from status
)

select
    group_name,
    count(*) as indicators,
    count(*) filter (where status = 'complete') as complete,
    count(*) filter (where status = 'on_track') as on_track,
    count(*) filter (where status = 'slightly_behind') as slightly_behind,
    count(*) filter (where status = 'behind') as behind,
    count(*) filter (where status = 'seriously_behind') as seriously_behind,
    count(*) filter (where status = 'no_data') as no_data,
    count(*) filter (where status in ('slightly_behind', 'behind', 'seriously_behind')) as lagging,
    avg(completion_rate) as avg_completion_rate,
    avg(gap_points) as avg_gap_points,
    min(gap_points) as worst_gap_points
from grouped
group by group_name
order by lagging desc, worst_gap_points asc nulls last, group_name
