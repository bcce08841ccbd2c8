-- Ledger batches, newest first, without the files' bytes.
select batch_id, uploaded_at, uploaded_by, file_name, row_count, state, undone_at, undone_by
from project_batches
order by batch_id desc
limit $limit
