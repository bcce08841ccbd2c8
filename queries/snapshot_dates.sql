-- Every date with snapshots in $year, newest first, with how many indicators reported on it.
select as_of, count(distinct indicator_id) as indicators
from snapshots
where year = $year
  and batch_id not in (select batch_id from batches where state = 'undone')
group by as_of
order by as_of desc
