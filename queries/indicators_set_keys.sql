-- Stored indicators' keys as the current folding computes them (frame `new_keys`).
update indicators as i
set name_key = k.name_key, match_key = k.match_key
from new_keys k
where i.indicator_id = k.indicator_id
  and (i.name_key is distinct from k.name_key or i.match_key is distinct from k.match_key)
