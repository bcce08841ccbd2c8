update users
set role = $role, units = $units, updated_at = $now
where username = $username
