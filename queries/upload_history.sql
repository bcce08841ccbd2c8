-- Upload batches, newest first (without the original file's bytes).
select batch_id, uploaded_at, uploaded_by, file_name, row_count, state, undone_at, undone_by, sha256
from batches
order by batch_id desc
limit $limit
