-- Investment planned by a date counts from the bureau's first month (TRACKER_YEAR_START_MONTH,
-- `start_month`; see tracker/plan/years.py): the monthly plan (1月…12月, by calendar month) over
-- the year's months before the date's month, plus the date's month by its days elapsed; else
-- the annual plan times the share of the year elapsed by month. With start_month 1 this is the
-- macro of 007.
create or replace macro project_planned_to_date(monthly_plan, annual_plan, d, start_month) as
    coalesce(
        coalesce(
            list_sum(list_slice(
                -- the plan in the year's own order: [4月, …, 12月, 1月, 2月, 3月] from April
                list_concat(
                    list_slice(monthly_plan, start_month, 12),
                    list_slice(monthly_plan, 1, start_month - 1)
                ),
                1,
                (month(d) - start_month + 12) % 12
            )),
            0
        ) + monthly_plan[month(d)] * day(d) / day(last_day(d)),
        annual_plan * ((month(d) - start_month + 12) % 12 + day(d) / day(last_day(d))) / 12
    );
