-- The bureau's own days off and make-up working days, in date order.
select day, is_workday, note, added_by, added_at
from calendar_days
order by day
