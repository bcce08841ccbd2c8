-- What status needs found by filters instead of joins and anti-joins, so that its cost stays that
-- of the indicators in force (queries/indicator_status_as_of.sql).

-- first_in_year: the row is the first effective report of its indicator in its year. Status lists
-- an indicator first reported after the date asked for from this row alone, instead of comparing
-- the rest of the year's rows with those in force. queries/refresh_validity.sql keeps it current.
alter table snapshots add column first_in_year boolean default false;

update snapshots s
set first_in_year = true
from (
    select indicator_id, year, min(as_of) as as_of
    from snapshots
    where valid_to > as_of
    group by indicator_id, year
) f
where s.indicator_id = f.indicator_id
  and s.year = f.year
  and s.as_of = f.as_of
  and s.valid_to > s.as_of;

-- When a plan item's version is in force (year, valid_from, valid_to: from valid_from until
-- valid_to, exclusive), kept on the item as valid_to is kept on snapshots, so the plan in force on
-- a date is a filter too. Written when a version is saved (queries/plan/refresh_plan_windows.sql);
-- a store upgraded from an earlier release gets them when it is next opened.
alter table plan_items add column year smallint;
alter table plan_items add column valid_from date;
alter table plan_items add column valid_to date;

-- The due dates of the item's milestones (节点), in order, beside plan_milestones, which keeps
-- their names: status counts how many were due by the report date without a join.
alter table plan_items add column milestone_dues date[];

update plan_items p
set milestone_dues = m.dues
from (
    select version_id, indicator_id, list(due order by due) as dues
    from plan_milestones
    group by version_id, indicator_id
) m
where p.version_id = m.version_id
  and p.indicator_id = m.indicator_id;

-- The plan read on date d, shared by status and the quarters of one indicator.
-- A monthly plan (倒排工期: planned cumulative values at the month ends, by calendar month) on d:
-- at a month end its value, between month ends from the month before's value to the month's by
-- days, nothing before the year's first month. Months are taken apart with extract() and
-- dayofmonth(): month() and day() cost a millisecond or more each to set up in every query.
create or replace macro month_plan_on(by_month, d, start_month) as
    case
        when by_month is null then null
        when dayofmonth(d) = dayofmonth(last_day(d)) then by_month[extract(month from d)]
        else
            coalesce(by_month[(extract(month from d) + 10) % 12 + 1]
                     * (extract(month from d) <> start_month)::integer, 0)
            + (by_month[extract(month from d)]
               - coalesce(by_month[(extract(month from d) + 10) % 12 + 1]
                          * (extract(month from d) <> start_month)::integer, 0))
            * dayofmonth(d) / dayofmonth(last_day(d))
    end;

-- How many of the milestones due on the dates `dues` (节点) were due by d.
create or replace macro milestones_due_by(dues, d) as
    len(list_filter(dues, lambda due: due <= d));

-- The first day of the bureau's year that d falls in.
create or replace macro bureau_year_start(d, start_month) as
    make_date(
        (extract(year from d) - (extract(month from d) < start_month)::integer)::integer,
        start_month,
        1
    );

-- The share of the bureau's year (from month start_month) elapsed on d under a 序时 rule
-- (TRACKER_SCHEDULE_RULE; tracker/progress/metrics.year_elapsed counts the same): 'month' by the
-- months since the year's first and the days of the current one, 'day' by days, 'jan_feb' by
-- months with January and February one period of two, its days counted across both.
create or replace macro year_elapsed(d, rule, start_month) as
    case
        when rule = 'day'
        then (date_diff('day', bureau_year_start(d, start_month), d) + 1)
            / date_diff(
                'day',
                bureau_year_start(d, start_month),
                (bureau_year_start(d, start_month) + interval 1 year)::date
            )
        when rule = 'jan_feb' and extract(month from d) <= 2
        then ((13 - start_month) % 12
              + dayofyear(d) / dayofyear(last_day(make_date(extract(year from d), 2, 1))) * 2)
             / 12
        else ((extract(month from d) - start_month + 12) % 12
              + dayofmonth(d) / dayofmonth(last_day(d))) / 12
    end;

-- Investment planned by date d, as in 011, with the annual plan spread by the 序时 rule in force
-- (`rule`, as year_elapsed) where there is no monthly plan.
create or replace macro project_planned_to_date(monthly_plan, annual_plan, d, start_month, rule) as
    coalesce(
        coalesce(
            list_sum(list_slice(
                -- the plan in the year's own order: [4月, …, 12月, 1月, 2月, 3月] from April
                list_concat(
                    list_slice(monthly_plan, start_month, 12),
                    list_slice(monthly_plan, 1, start_month - 1)
                ),
                1,
                (extract(month from d) - start_month + 12) % 12
            )),
            0
        ) + monthly_plan[extract(month from d)] * dayofmonth(d) / dayofmonth(last_day(d)),
        annual_plan * year_elapsed(d, rule, start_month)
    );
