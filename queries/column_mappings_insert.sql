-- One remembered header of a unit's own spreadsheet for a kind of upload; field '' means "not
-- imported".
insert into column_mappings (contract, unit, header, field, updated_at)
values ($contract, $unit, $header, $field, $now)
