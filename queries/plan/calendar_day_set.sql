-- Make $day a working day or a day off for this bureau (replacing an earlier entry for it).
insert or replace into calendar_days (day, is_workday, note, added_by, added_at)
values ($day, $is_workday, $note, $added_by, $added_at)
