-- The stored indicator with this identity (names and owner), if any.
select indicator_id
from indicators
where match_key = $match_key
