-- Evaluated periods, newest first, with the light rule each was evaluated under.
select period, run_at, run_by, light_rule
from ledger_periods
order by period desc
