-- Withdraw a stored ledger batch; returns its id, or nothing when there is no such stored batch.
update project_batches
set state = 'undone', undone_at = $undone_at, undone_by = $undone_by
where batch_id = $batch_id and state = 'stored'
returning batch_id
