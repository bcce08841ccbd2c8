-- One row per plan indicator and reporting period (frame `periods`: frequency, round, period,
-- period_label, period_start, period_end, deadline, deadline_day) of $year, with when its report
-- landed, the batch that brought it, whether that was on time and by how many days late. A
-- report is a stored (not undone) snapshot dated in the period; it landed when the first batch
-- carrying one was uploaded, up to $now. The plan is the version in force at the period's end.
-- The cost follows the reports dated in the periods (a million for a year of weekly rounds of
-- 20,000 indicators), not the history: every join on them is an equality. Who uploaded is left
-- to plan/report_items, so that counting the states (plan/reporting_counts) does not pay for it.
-- Parameters: $year, $now timestamp.
-- periods are joined and grouped by a number, cheaper than their codes over a million rows
with numbered as (
    select *, row_number() over (order by period) as period_no
    from periods
),

due as (
    select
        d.round, d.period, d.period_label, d.period_start, d.period_end, d.deadline,
        d.deadline_day, d.period_no,
        p.indicator_id, p.item_no, p.task_code, p.task, p.indicator, p.frequency,
        p.lead_unit, p.leader, p.contact, p.region, p.category
    from numbered d
    -- the version in force at the period's end, as status reads it: the latest dated on or
    -- before it, the first before its own date (the items' windows, plan/refresh_plan_windows.sql)
    join plan_items p
        on p.year = $year
        and p.valid_from <= d.period_end
        and p.valid_to > d.period_end
        and p.frequency = d.frequency
),

-- every day of every period, so that a report finds its period by equality: a join on the
-- range (same indicator, start <= as_of <= end) pairs each period with each report of the
-- indicator, some fifty times the rows for a year of weekly rounds
period_days as (
    select
        frequency, period_no,
        unnest(generate_series(period_start, period_end, interval 1 day))::date as day
    from numbered
),

-- stored batches numbered in the order they landed by $now (the earlier id first on a tie)
landed_batches as (
    select
        batch_id, uploaded_at,
        row_number() over (order by uploaded_at, batch_id) as landed_no
    from batches
    where state = 'stored'
      and uploaded_at <= $now::timestamp
),

-- the reports dated in the periods, each with the frequencies its indicator has in the year's
-- plan (any version's); materialized, so that the planner reads the reports first instead of
-- pairing every indicator with every day of the year
reports as materialized (
    select s.indicator_id, s.as_of, p.frequency, b.batch_id, b.landed_no, b.uploaded_at
    from snapshots s
    join landed_batches b on b.batch_id = s.batch_id
    join (
        select distinct indicator_id, frequency
        from plan_items
        where year = $year
    ) p on p.indicator_id = s.indicator_id
    where s.as_of between (select min(period_start) from periods)
                      and (select max(period_end) from periods)
),

-- the first batch carrying a report of the period, and when it landed
landed as (
    select
        r.indicator_id, d.period_no,
        min(r.uploaded_at) as landed_at, arg_min(r.batch_id, r.landed_no) as landed_batch
    from reports r
    join period_days d on d.frequency = r.frequency and d.day = r.as_of
    group by all
),

judged as (
    select
        d.* exclude (period_no), l.landed_at, l.landed_batch,
        case
            when l.landed_at is null and d.deadline > $now::timestamp then 'pending'
            when l.landed_at is null then 'missing'
            when l.landed_at < d.deadline then 'on_time'
            else 'late'
        end as state
    from due d
    left join landed l using (indicator_id, period_no)
)

select
    *,
    case
        when state = 'late'
        then greatest(1, date_diff('day', deadline_day, landed_at::date))
    end as late_days
from judged
