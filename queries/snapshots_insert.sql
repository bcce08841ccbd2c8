-- The new and updated rows of batch $batch_id (frame `changed`), not in force (and not a first
-- report) until refresh_validity runs.
insert into snapshots
select
    $batch_id, i.indicator_id, c.as_of::date, c.year, c.annual_target, c.actual, c.planned,
    c.task_id, c.lead_unit, c.leader, c.category, c.area,
    c.progress_note, c.problems, c.next_steps, c.source_row, c.as_of::date, false
from changed c
join indicators i using (match_key)
