insert into ledger_entries (period, region, lead_unit, tier, tier_name, opened_at, deadline)
values ($period, $region, $lead_unit, $tier, $tier_name, $opened_at, $deadline)
returning entry_id
