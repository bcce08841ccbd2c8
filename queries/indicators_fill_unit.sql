-- Stored indicators without a unit take the first one an upload gives them (frame `changed`):
-- a blank unit cell is no unit, so it never fixes an indicator's unit.
update indicators as i
set unit = c.unit
from (
    select distinct indicator_id, unit
    from changed
    where indicator_id is not null and unit <> ''
) c
where i.indicator_id = c.indicator_id and i.unit = ''
