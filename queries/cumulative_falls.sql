-- Uploaded rows (frame `incoming`: key_code, indicator_id, as_of, year, actual, source_row) whose
-- cumulative actual is lower than the value before it in the same year, counting stored rows in
-- force and the other rows of the upload. key_code numbers the upload's indicators.
with stored_indicators as (
    select distinct key_code, indicator_id, year
    from incoming
    where indicator_id is not null
),

stored as (
    select k.key_code, s.as_of, s.year, s.actual, null::integer as source_row
    from snapshots s
    join stored_indicators k on k.indicator_id = s.indicator_id and k.year = s.year
    -- the upload replaces a stored row for the same indicator and date
    anti join incoming i on i.indicator_id = s.indicator_id and i.as_of = s.as_of
    where s.valid_to > s.as_of
),

combined as (
    select key_code, as_of, year, actual, source_row from stored
    union all
    select key_code, as_of, year, actual, source_row from incoming
),

ordered as (
    select *, lag(actual) over (partition by key_code, year order by as_of) as before
    from combined
)

select source_row, before, actual
from ordered
where source_row is not null and actual < before
order by source_row
