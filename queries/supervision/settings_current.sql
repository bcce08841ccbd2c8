-- The supervision settings in force: the newest saved row (none means the defaults).
select light_rule, ratio_green, ratio_yellow, overdue_months, black_list_size, tier_names,
    rectify_days, project_ratio_green, project_ratio_yellow, project_overdue_months,
    changed_at, changed_by
from supervision_settings
order by id desc
limit 1
