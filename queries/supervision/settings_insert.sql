insert into supervision_settings (
    changed_at, changed_by, light_rule, ratio_green, ratio_yellow, overdue_months,
    black_list_size, tier_names, rectify_days
)
values (
    $changed_at, $changed_by, $light_rule, $ratio_green, $ratio_yellow, $overdue_months,
    $black_list_size, $tier_names, $rectify_days
)
