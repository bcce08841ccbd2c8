-- Years that have snapshots, newest first.
select distinct year
from snapshots
where batch_id not in (select batch_id from batches where state = 'undone')
order by year desc
