-- Every indicator belongs to one lead unit (its owner), and the owner is part of its identity:
-- the same region, task and indicator names under two lead units are two indicators.
-- name_key: the folded names; match_key: name_key and the folded owner (tracker/intake/identity.py
-- computes both; the store recomputes them on open when the folding changes).
alter table indicators add column lead_unit varchar not null default '';
alter table indicators add column name_key varchar not null default '';

-- Before this version a row with the same names but another lead unit changed the indicator it
-- named. Undo that mix-up: an indicator whose snapshots name several lead units becomes one
-- indicator per unit. The unit of its first batch keeps the id; rows without a lead unit stay
-- with it. Keys here are provisional and unique; the store recomputes them right after.
create temporary table units_of_indicator as
select
    indicator_id,
    trim(lead_unit) as unit,
    min(batch_id) as first_batch,
    row_number() over (partition by indicator_id order by min(batch_id), trim(lead_unit)) as n
from snapshots
where trim(coalesce(lead_unit, '')) <> ''
group by indicator_id, trim(lead_unit);

update indicators as i
set lead_unit = u.unit
from units_of_indicator u
where u.indicator_id = i.indicator_id and u.n = 1;

create temporary table split_off as
select indicator_id as old_id, unit, first_batch, nextval('indicator_id_seq') as new_id
from units_of_indicator
where n > 1;

insert into indicators
    (indicator_id, match_key, region, task, indicator, unit, direction, created_batch, lead_unit)
select
    s.new_id, i.match_key || chr(31) || s.unit, i.region, i.task, i.indicator, i.unit,
    i.direction, s.first_batch, s.unit
from split_off s
join indicators i on i.indicator_id = s.old_id;

update snapshots as sn
set indicator_id = s.new_id
from split_off s
where sn.indicator_id = s.old_id and trim(sn.lead_unit) = s.unit;

-- When each row of the indicators split above is in force (as queries/refresh_validity.sql).
update snapshots as s
set valid_to = v.valid_to
from (
    with affected as (
        select distinct sn.indicator_id, sn.year
        from snapshots sn
        where sn.indicator_id in (select old_id from split_off union select new_id from split_off)
    ),

    ranked as (
        select
            s.indicator_id, s.year, s.as_of, s.batch_id,
            b.state = 'stored'
            and row_number() over (
                partition by s.indicator_id, s.as_of, b.state = 'stored' order by s.batch_id desc
            ) = 1 as effective
        from snapshots s
        join affected a on a.indicator_id = s.indicator_id and a.year = s.year
        join batches b on b.batch_id = s.batch_id
    )

    select
        indicator_id, as_of, batch_id,
        case
            when effective then coalesce(
                lead(as_of) over (partition by indicator_id, year, effective order by as_of),
                make_date(year + 1, 1, 1)
            )
            else as_of
        end as valid_to
    from ranked
) v
where s.indicator_id = v.indicator_id
  and s.as_of = v.as_of
  and s.batch_id = v.batch_id
  and s.valid_to is distinct from v.valid_to;

drop table split_off;
drop table units_of_indicator;
