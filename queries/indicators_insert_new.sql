-- Indicators first seen in batch $batch_id (frame `new_indicators`), each under its lead unit.
insert into indicators
    (match_key, name_key, region, task, indicator, lead_unit, unit, direction, created_batch)
select match_key, name_key, region, task, indicator, lead_unit, unit, direction, $batch_id
from new_indicators
