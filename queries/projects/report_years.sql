-- The years some stored ledger reports on, latest first.
select distinct r.year
from project_reports r
join project_batches b using (batch_id)
where b.state = 'stored'
order by r.year desc
