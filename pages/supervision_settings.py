"""督办设置: the light rule and its numbers, the 黑榜 size, tier names, the rectification
deadline and the key projects' light numbers. Each change is kept and audited; the points rule takes its numbers from the status bands.
"""

import streamlit as st

from tracker.presentation.formatting import format_number
from tracker.supervision import rules
from ui import auth, data
from ui.context import store
from ui.i18n import lang, t

FLASH = "supervision_settings_flash"

the_store = store()
user = auth.guard("admin")
thresholds = data.thresholds()
current = rules.current(the_store)
code = lang()  # fixed now: a widget's format_func may be called outside this run

st.title(t("督办设置", "Supervision settings"))
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")
st.caption(t("现行亮灯规则：", "Light rule in force: ") + current.describe_rule(thresholds, code))

with st.form("supervision_settings"):
    rule = st.radio(
        t("亮灯规则", "Light rule"),
        list(rules.LIGHT_RULES),
        index=list(rules.LIGHT_RULES).index(current.light_rule),
        format_func=lambda r: rules.light_rule_name(r, code),
        key="settings.rule",
    )
    st.caption(
        t(
            f"按百分点亮灯与各页面的状态一致：黄灯上限即“滞后”阈值 "
            f"{format_number(thresholds.behind_points)} 个百分点，由部署设置 "
            "TRACKER_STATUS_BEHIND 决定。",
            "The points rule uses the status bands (TRACKER_STATUS_BEHIND).",
        )
    )
    left, right = st.columns(2)
    ratio_green = left.number_input(
        t("比值规则：绿灯不低于", "Ratio: green from"),
        value=current.ratio_green,
        step=0.05,
        key="settings.ratio_green",
    )
    ratio_yellow = right.number_input(
        t("比值规则：黄灯不低于", "Ratio: yellow from"),
        value=current.ratio_yellow,
        step=0.05,
        key="settings.ratio_yellow",
    )
    overdue_months = left.number_input(
        t("节点规则：逾期几个月为红灯", "Milestone: months overdue for red"),
        value=current.overdue_months,
        step=1,
        key="settings.overdue_months",
    )
    black_list_size = right.number_input(
        t("黑榜名额（0 表示黑榜不触发督办）", "Black list places"),
        value=current.black_list_size,
        step=1,
        key="settings.black_list_size",
    )
    tier_names = left.text_input(
        t("督办层级（依次，用“、”分隔）", "Tier names, in order"),
        value="、".join(current.tier_names),
        key="settings.tier_names",
    )
    rectify_days = right.number_input(
        t("整改期限（天）", "Days to rectify"),
        value=current.rectify_days,
        step=1,
        key="settings.rectify_days",
    )
    st.caption(t("重点项目亮灯：", "Key project lights: ") + current.describe_project_rule())
    project_green = left.number_input(
        t("项目：投资完成与序时之比，绿灯不低于", "Projects: green from investment ratio"),
        value=current.project_ratio_green,
        step=0.05,
        key="settings.project_ratio_green",
    )
    project_yellow = right.number_input(
        t("项目：黄灯不低于", "Projects: yellow from"),
        value=current.project_ratio_yellow,
        step=0.05,
        key="settings.project_ratio_yellow",
    )
    project_months = left.number_input(
        t("项目：开工或竣工逾期几个月为红灯", "Projects: months overdue for red"),
        value=current.project_overdue_months,
        step=1,
        key="settings.project_overdue_months",
    )
    if st.form_submit_button(t("保存", "Save"), type="primary"):
        try:
            chosen = rules.SupervisionSettings(
                light_rule=rule,
                ratio_green=float(ratio_green),
                ratio_yellow=float(ratio_yellow),
                overdue_months=int(overdue_months),
                black_list_size=int(black_list_size),
                tier_names=tuple(n.strip() for n in tier_names.replace(",", "、").split("、")),
                rectify_days=int(rectify_days),
                project_ratio_green=float(project_green),
                project_ratio_yellow=float(project_yellow),
                project_overdue_months=int(project_months),
            )
        except rules.SettingsError as exc:
            st.error(str(exc))  # our own wording and numbers, no uploaded text
        else:
            rules.save(the_store, chosen, user.username)
            st.session_state[FLASH] = t("督办设置已保存", "Saved")
            st.rerun()
