-- One row per plan indicator and reporting period of plan/report_states (`states`), with who
-- uploaded the batch that brought the report. An upload by anyone but staff of the lead unit
-- (an administrator, the command line) counts for the unit and is marked on_behalf.
select
    s.* exclude (landed_batch, state, late_days),
    b.uploaded_by as landed_by,
    s.landed_at is not null
    and not coalesce(u.role = 'staff' and list_contains(u.units, s.lead_unit), false)
        as on_behalf,
    s.state,
    s.late_days
from states s
left join batches b on b.batch_id = s.landed_batch
left join users u on u.username = b.uploaded_by
