-- An indicator passes to another lead unit with its whole history; its identity follows the owner.
update indicators
set lead_unit = $lead_unit, match_key = $match_key
where indicator_id = $indicator_id
