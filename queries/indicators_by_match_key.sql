-- Stored indicators among the match keys of an upload (frame `incoming_keys`).
select i.match_key, i.indicator_id, i.unit, i.direction
from indicators i
join incoming_keys k using (match_key)
