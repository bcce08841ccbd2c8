-- Years that have snapshots in force, newest first.
select distinct year
from snapshots
where valid_to > as_of
order by year desc
