-- A new password also lifts any lockout.
update users
set password_hash = $password_hash,
    failed_attempts = 0,
    first_failed_at = null,
    locked_until = null,
    updated_at = $now
where username = $username
