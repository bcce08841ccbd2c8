-- How often a unit was named in the ledger in a year, per tier: "本年被通报 N 次, 约谈 M 次".
-- The year is the bureau's, from $year_from to $year_to (tracker/plan/years.py); $region null
-- counts the unit in every region.
select tier, any_value(tier_name) as tier_name, count(*) as entries
from ledger_entries
where ($region::varchar is null or region = $region)
  and lead_unit = $lead_unit
  and period between $year_from and $year_to
group by tier
order by tier
