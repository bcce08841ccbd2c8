-- The latest snapshot date, in $year when given (null for all years).
select max(as_of) as as_of
from snapshots
where ($year is null or year = $year)
  and valid_to > as_of
