-- The tier each unit reached in one evaluated period; a unit absent had no trigger then.
select region, lead_unit, tier
from ledger_entries
where period = $period
