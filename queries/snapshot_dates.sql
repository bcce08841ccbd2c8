-- Every date with snapshots in force in $year, newest first, with how many indicators reported on it.
select as_of, count(distinct indicator_id) as indicators
from snapshots
where year = $year
  and valid_to > as_of
group by as_of
order by as_of desc
