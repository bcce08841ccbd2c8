insert into ledger_triggers (entry_id, kind, indicator_id, indicator, detail, project_id, project)
values ($entry_id, $kind, $indicator_id, $indicator, $detail, $project_id, $project)
