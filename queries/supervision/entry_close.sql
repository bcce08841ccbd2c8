update ledger_entries
set closed_at = $at, closed_by = $actor, close_note = $note
where entry_id = $entry_id and closed_at is null
