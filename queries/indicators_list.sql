-- Every indicator with its owner, for choosing one to move; $lead_unit '' lists all units.
select indicator_id, region, task, indicator, unit, lead_unit
from indicators
where $lead_unit = '' or lead_unit = $lead_unit
order by lead_unit, region, task, indicator, indicator_id
