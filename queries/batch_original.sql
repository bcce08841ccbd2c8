-- The file a batch was stored from, as uploaded.
select file_name, original
from batches
where batch_id = $batch_id
