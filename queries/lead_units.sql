-- Lead units named in snapshots in force at some date, for choosing a unit in forms.
with counted as (
    select lead_unit
    from snapshots
    where lead_unit is not null
      and trim(lead_unit) <> ''
      and valid_to > as_of
)
select distinct lead_unit
from counted
order by lead_unit
