update ledger_entries
set rectification = $rectification, rectified_at = $at, rectified_by = $actor
where entry_id = $entry_id and closed_at is null
