-- A unit's remembered mapping for a kind of upload is replaced as a whole by the one used for
-- its latest upload of that kind.
delete from column_mappings
where contract = $contract
  and unit = $unit
