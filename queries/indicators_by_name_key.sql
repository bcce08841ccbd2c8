-- Stored indicators with the names of an upload's rows (frame `incoming_names`: name_key), under
-- any lead unit: the row's own indicator is the one whose match_key also has the row's owner.
select i.name_key, i.match_key, i.indicator_id, i.lead_unit, i.unit, i.direction
from indicators i
join incoming_names n using (name_key)
order by i.indicator_id
