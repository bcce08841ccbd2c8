-- The file a batch was stored from, as uploaded, and who uploaded it.
select batch_id, file_name, original, uploaded_by
from batches
where batch_id = $batch_id
