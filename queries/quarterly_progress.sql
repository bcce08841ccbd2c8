-- One indicator's cumulative value at each quarter end of $year (up to $as_of), the quarter's
-- increment, and the planned line: the milestone plan where given, else the elapsed share.
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

-- the row in force at each quarter end (or at $as_of within the current quarter); a quarter
-- with no report of its own stays empty: missing is not zero
at_quarter_end as (
    select q.quarter, q.quarter_end, s.as_of, s.actual, s.planned, s.annual_target
    from quarters q
    left join snapshots s
        on s.indicator_id = $indicator_id
        and s.year = $year
        and s.as_of between q.quarter_start and least(q.quarter_end, $as_of::date)
        and s.valid_to > least(q.quarter_end, $as_of::date)
)

select
    $indicator_id::bigint as indicator_id,
    $year::integer as year,
    a.quarter,
    a.quarter_end,
    a.as_of as reported_on,
    a.actual,
    case
        when a.quarter = 1 then a.actual
        else a.actual - lag(a.actual) over (order by a.quarter)
    end as increment,
    a.planned,
    coalesce(a.planned / a.annual_target, a.quarter / 4) as schedule_rate,
    coalesce(a.annual_target, max(a.annual_target) over ()) as annual_target,
    i.unit
from at_quarter_end a
cross join (select unit from indicators where indicator_id = $indicator_id) i
order by a.quarter
