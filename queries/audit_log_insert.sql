insert into audit_log ("at", actor, action, detail)
values ($at, $actor, $action, $detail)
