insert into ledger_triggers (entry_id, kind, indicator_id, indicator, detail)
values ($entry_id, $kind, $indicator_id, $indicator, $detail)
