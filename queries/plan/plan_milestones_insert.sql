-- The dated milestones of plan version $version_id (frame `plan_nodes`).
insert into plan_milestones
select $version_id, i.indicator_id, n.name, n.due::date
from plan_nodes n
join indicators i using (match_key)
