-- A new version of $year's plan, in force from $effective_from.
insert into plan_versions (year, effective_from, reason, saved_at, saved_by, file_name, original)
values ($year, $effective_from, $reason, $saved_at, $saved_by, $file_name, $original)
returning version_id
