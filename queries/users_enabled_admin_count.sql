select count(*) as admins
from users
where role = 'admin' and not disabled
