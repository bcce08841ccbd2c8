-- For display: never the password hash.
select
    username,
    display_name,
    role,
    array_to_string(units, '、') as units,
    disabled,
    locked_until,
    last_sign_in,
    created_at,
    updated_at
from users
order by role = 'admin' desc, role = 'staff' desc, username
