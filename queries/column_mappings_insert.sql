-- One remembered header of a unit's own spreadsheet; field '' means "not imported".
insert into column_mappings (unit, header, field, updated_at)
values ($unit, $header, $field, $now)
