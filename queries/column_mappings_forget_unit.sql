-- A unit's remembered mapping is replaced as a whole by the one used for its latest upload.
delete from column_mappings
where unit = $unit
