insert into users (username, display_name, role, units, password_hash, created_at, updated_at)
values ($username, $display_name, $role, $units, $password_hash, $now, $now)
