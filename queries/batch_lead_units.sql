-- The lead units each of the given batches carried rows for.
-- Parameters: $batch_ids list of batch ids.
select distinct batch_id, lead_unit
from snapshots
where batch_id in (select unnest($batch_ids::bigint[]))
  and lead_unit is not null
