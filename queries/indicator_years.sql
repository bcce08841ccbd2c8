-- The same indicator in each year it was reported: its last value of the year and completion.
select
    year,
    arg_max(as_of, as_of) as as_of,
    arg_max(annual_target, as_of) as annual_target,
    arg_max(actual, as_of) as actual,
    arg_max(actual / annual_target, as_of) as completion_rate
from snapshots
where indicator_id = $indicator_id
  and valid_to > as_of
group by year
order by year
