-- One stored indicator by id, with the keys that identify it.
select indicator_id, region, task, indicator, lead_unit, unit, name_key, match_key
from indicators
where indicator_id = $indicator_id
