-- For each uploaded row (frame `incoming`: indicator_id, as_of, source_row), the stored row in
-- force for the same indicator and date, with every field a revision may change, to tell new,
-- updated and unchanged rows apart.
select
    i.source_row, s.annual_target, s.actual, s.planned,
    s.task_code as task_id, s.leader, s.category, s.area,
    s.progress_note, s.problems, s.next_steps
from incoming i
join snapshots s on s.indicator_id = i.indicator_id and s.as_of = i.as_of
where s.valid_to > s.as_of
