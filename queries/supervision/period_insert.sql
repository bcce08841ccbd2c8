insert into ledger_periods (period, run_at, run_by, light_rule)
values ($period, $run_at, $run_by, $light_rule)
