-- Newest first; id breaks ties between records written in the same instant.
select "at", actor, action, detail
from audit_log
order by id desc
limit $limit
