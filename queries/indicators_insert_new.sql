-- Indicators first seen in batch $batch_id (frame `new_indicators`).
insert into indicators (match_key, region, task, indicator, unit, direction, created_batch)
select match_key, region, task, indicator, unit, direction, $batch_id
from new_indicators
