update users
set failed_attempts = 0,
    first_failed_at = null,
    locked_until = null,
    last_sign_in = $now
where username = $username
