-- Every snapshot of one indicator, newest first, with the batch it came in, whether a later batch
-- for the same date superseded it, and whether its batch was undone.
select
    s.as_of,
    s.year,
    s.annual_target,
    s.actual,
    s.planned,
    s.actual / s.annual_target as completion_rate,
    s.lead_unit,
    s.leader,
    s.progress_note,
    s.problems,
    s.next_steps,
    b.batch_id,
    b.file_name,
    b.uploaded_by,
    b.uploaded_at,
    b.state = 'undone' as undone,
    b.state = 'stored' and s.valid_to = s.as_of as superseded
from snapshots s
join batches b using (batch_id)
where s.indicator_id = $indicator_id
order by s.as_of desc, s.batch_id desc
