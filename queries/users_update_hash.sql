-- Rehash with current argon2 parameters; not an account change, so updated_at stays.
update users
set password_hash = $password_hash
where username = $username
