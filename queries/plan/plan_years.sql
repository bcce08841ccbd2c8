-- Years that have a plan, newest first.
select distinct year
from plan_versions
order by year desc
