update users
set failed_attempts = $failed_attempts,
    first_failed_at = $first_failed_at,
    locked_until = $locked_until
where username = $username
