insert into supervision_settings (
    changed_at, changed_by, light_rule, ratio_green, ratio_yellow, overdue_months,
    black_list_size, tier_names, rectify_days, project_ratio_green, project_ratio_yellow,
    project_overdue_months
)
values (
    $changed_at, $changed_by, $light_rule, $ratio_green, $ratio_yellow, $overdue_months,
    $black_list_size, $tier_names, $rectify_days, $project_ratio_green, $project_ratio_yellow,
    $project_overdue_months
)
