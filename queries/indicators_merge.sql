-- Indicators that turned out to be one (frame `merged`: merged_id, kept_id): the kept one takes
-- the merged ones' snapshots, and the merged ones go. Validity is refreshed by the caller.
update snapshots as s
set indicator_id = m.kept_id
from merged m
where s.indicator_id = m.merged_id;

delete from indicators
where indicator_id in (select merged_id from merged);
