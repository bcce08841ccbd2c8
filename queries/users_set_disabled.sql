update users
set disabled = $disabled, updated_at = $now
where username = $username
