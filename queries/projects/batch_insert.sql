-- A new ledger batch; returns its id.
insert into project_batches (uploaded_at, uploaded_by, file_name, sha256, row_count, original)
values ($uploaded_at, $uploaded_by, $file_name, $sha256, $row_count, $original)
returning batch_id
