-- For each uploaded row (frame `incoming`: indicator_id, as_of, source_row), the stored row in
-- force for the same indicator and date, to tell new, updated and unchanged rows apart.
select i.source_row, s.annual_target, s.actual, s.planned
from incoming i
join snapshots s on s.indicator_id = i.indicator_id and s.as_of = i.as_of
where s.valid_to > s.as_of
