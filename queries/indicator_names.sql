-- Every stored indicator's names and owner, to recompute its keys (tracker/intake/identity.py).
select indicator_id, region, task, indicator, lead_unit
from indicators
order by indicator_id
