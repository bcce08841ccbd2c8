-- The dated milestones of $year's plan version in force on $as_of (null: the latest version).
with version_in_force as (
    select version_id
    from plan_versions
    where year = $year
    -- the latest dated version on or before $as_of, the newest of a date; before the first
    -- version's date, the first
    order by
        effective_from <= coalesce($as_of::date, date '9999-12-31') desc,
        case when effective_from <= coalesce($as_of::date, date '9999-12-31') then effective_from end desc,
        effective_from,
        version_id desc
    limit 1
)

select m.indicator_id, m.name, m.due
from plan_milestones m
join version_in_force v using (version_id)
order by m.indicator_id, m.due
