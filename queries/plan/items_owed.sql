-- What the lead units in $units owe on $today (本期待报送): the report items (`items`, see
-- plan/report_items) of periods that have ended and whose report has not landed, whether or
-- not the deadline has passed. Filtered here, so that a unit's handful of rows, not the
-- year's million, reach the upload page.
select *
from items
where period_end < $today::date
  and state in ('missing', 'pending')
  and list_contains($units::varchar[], lead_unit)
