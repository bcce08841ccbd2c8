-- A stored batch made from the very same file bytes.
select batch_id, uploaded_at, uploaded_by, file_name
from batches
where sha256 = $sha256 and state = 'stored'
order by batch_id
limit 1
