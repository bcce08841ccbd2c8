-- The column mappings remembered for the given lead units (folded names) and kind of upload
-- ($contract), newest first, so a header remembered for two of a staff member's units takes the
-- latest choice.
select unit, header, field, updated_at
from column_mappings
where contract = $contract
  and list_contains($units, unit)
order by updated_at desc, unit, header
