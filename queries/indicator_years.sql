-- The same indicator in each year it was reported: its last value of the year and completion.
select
    s.year,
    arg_max(s.as_of, (s.as_of, s.batch_id)) as as_of,
    arg_max(s.annual_target, (s.as_of, s.batch_id)) as annual_target,
    arg_max(s.actual, (s.as_of, s.batch_id)) as actual,
    arg_max(s.actual / s.annual_target, (s.as_of, s.batch_id)) as completion_rate
from snapshots s
where s.indicator_id = $indicator_id
  and s.batch_id not in (select batch_id from batches where state = 'undone')
group by s.year
order by s.year
