select
    username,
    display_name,
    role,
    units,
    password_hash,
    disabled,
    failed_attempts,
    first_failed_at,
    locked_until
from users
where username = $username
