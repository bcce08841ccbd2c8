-- The stored ledger batch with the same bytes as an upload, if any: the same file is not stored twice.
select batch_id, uploaded_at, uploaded_by, file_name
from project_batches
where sha256 = $sha256 and state = 'stored'
order by batch_id
limit 1
