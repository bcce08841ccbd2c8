-- How often a unit was named in the ledger in a year, per tier: "本年被通报 N 次, 约谈 M 次".
-- $region null counts the unit in every region.
select tier, any_value(tier_name) as tier_name, count(*) as entries
from ledger_entries
where ($region::varchar is null or region = $region)
  and lead_unit = $lead_unit
  and year(period) = $year
group by tier
order by tier
