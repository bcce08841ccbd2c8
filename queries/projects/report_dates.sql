-- The dates of $year that some stored ledger reports on, latest first.
select distinct r.as_of
from project_reports r
join project_batches b using (batch_id)
where b.state = 'stored' and r.year = $year
order by r.as_of desc
