-- One indicator's cumulative value at each quarter end of $year (up to $as_of), the quarter's
-- increment, and the planned line: the milestone plan where given, else the elapsed share.
with quarters as (
    select
        q as quarter,
        make_date($year::integer, q * 3 - 2, 1) as quarter_start,
        last_day(make_date($year::integer, q * 3, 1)) as quarter_end
    from range(1, 5) t(q)
),

live as (
    select s
    from snapshots s
    where s.indicator_id = $indicator_id
      and s.year = $year
      and s.as_of <= $as_of::date
      and s.batch_id not in (select batch_id from batches where state = 'undone')
),

at_quarter_end as (
    select
        q.quarter,
        q.quarter_end,
        arg_max(l.s, ((l.s).as_of, (l.s).batch_id)) as r
    from quarters q
    -- a quarter with no report stays empty: missing is not zero
    left join live l on (l.s).as_of between q.quarter_start and q.quarter_end
    group by all
)

select
    $indicator_id::bigint as indicator_id,
    $year::integer as year,
    a.quarter,
    a.quarter_end,
    a.r.as_of as reported_on,
    a.r.actual as actual,
    case
        when a.quarter = 1 then a.r.actual
        else a.r.actual - lag(a.r.actual) over (order by a.quarter)
    end as increment,
    a.r.planned as planned,
    coalesce(a.r.planned / a.r.annual_target, a.quarter / 4) as schedule_rate,
    coalesce(a.r.annual_target, max(a.r.annual_target) over ()) as annual_target,
    i.unit
from at_quarter_end a
cross join (select unit from indicators where indicator_id = $indicator_id) i
order by a.quarter
