-- One row per plan indicator and reporting period (frame `periods`: frequency, round, period,
-- period_label, period_start, period_end, deadline, deadline_day) of $year, with when its report
-- landed and whether that was on time. A report is a stored (not undone) snapshot dated in the
-- period; it landed when the first batch carrying one was uploaded, up to $now. The plan is the
-- version in force at the period's end. An upload by anyone but staff of the lead unit (an
-- administrator, the command line) counts for the unit and is marked on_behalf.
-- Parameters: $year, $now timestamp.
with versions as (
    select version_id, effective_from
    from plan_versions
    where year = $year
),

-- the latest dated version on or before the period's end; before the first, the first
period_version as (
    select
        d.*,
        coalesce(
            (
                select arg_max(v.version_id, [epoch(v.effective_from), v.version_id])
                from versions v
                where v.effective_from <= d.period_end
            ),
            (select arg_min(version_id, [epoch(effective_from), -version_id]) from versions)
        ) as version_id
    from periods d
),

due as (
    select
        d.round, d.period, d.period_label, d.period_start, d.period_end, d.deadline,
        d.deadline_day,
        p.indicator_id, p.item_no, p.task_code, p.task, p.indicator, p.frequency,
        p.lead_unit, p.leader, p.contact, p.region, p.category
    from period_version d
    join plan_items p on p.version_id = d.version_id and p.frequency = d.frequency
),

landed as (
    select
        d.indicator_id, d.period,
        min(b.uploaded_at) as landed_at,
        arg_min(b.uploaded_by, b.uploaded_at) as landed_by
    from due d
    join snapshots s
        on s.indicator_id = d.indicator_id
        and s.as_of between d.period_start and d.period_end
    join batches b on b.batch_id = s.batch_id
    where b.state = 'stored'
      and b.uploaded_at <= $now::timestamp
    group by all
),

judged as (
    select
        d.*, l.landed_at, l.landed_by,
        l.landed_at is not null
        and not coalesce(u.role = 'staff' and list_contains(u.units, d.lead_unit), false)
            as on_behalf,
        case
            when l.landed_at is null and d.deadline > $now::timestamp then 'pending'
            when l.landed_at is null then 'missing'
            when l.landed_at < d.deadline then 'on_time'
            else 'late'
        end as state
    from due d
    left join landed l using (indicator_id, period)
    left join users u on u.username = l.landed_by
)

select
    *,
    case
        when state = 'late'
        then greatest(1, date_diff('day', deadline_day, landed_at::date))
    end as late_days
from judged
