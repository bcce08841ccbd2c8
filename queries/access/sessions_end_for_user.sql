-- Every open session of one account: it was disabled or its password was reset.
update sessions
set ended_at = $now, ended_because = $reason
where username = $username and ended_at is null
