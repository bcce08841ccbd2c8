"""任务清单: the year's plan in force, its versions and target adjustments; administrators upload
or edit it, and save it as a correction or as a dated target adjustment (调整目标)."""

from datetime import date

import streamlit as st

from tracker.intake import uploads
from tracker.plan import plans, tables, years
from ui import auth, i18n
from ui.context import store
from ui.i18n import lang, t
from ui.widgets import escape_markdown, table

the_store = store()
user = auth.guard("view")
is_admin = user is not None and user.can_admin()
FLASH = "plan.flash"
code = lang()

st.title(t("年度任务清单", "The year's plan"))
st.caption(
    t(
        "年初确定的重点任务清单：每个指标的类型、年度目标、牵头单位、责任领导、报送频次和倒排工期计划。"
        "各单位报送的进度按清单对应到指标，未报送的指标显示为“未报送”。",
        "The key tasks fixed at the start of the year: each indicator's kind, annual target, lead "
        "unit, responsible leader, reporting frequency and milestone plan. Reports are matched to "
        "the plan's indicators; an indicator not reported shows as Not reported.",
    )
)
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

with st.container(horizontal=True, gap="small"):
    st.download_button(
        t("下载任务清单模板（Excel）", "Plan template (Excel, Chinese headers)"),
        data=plans.template_xlsx,
        file_name=f"{plans.TEMPLATE_NAME}.xlsx",
        mime=uploads.XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="plan.template_xlsx",
    )
    st.download_button(
        t("下载任务清单模板（CSV）", "Plan template (CSV, Chinese headers)"),
        data=plans.template_csv,
        file_name=f"{plans.TEMPLATE_NAME}.csv",
        mime=uploads.CSV_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="plan.template_csv",
    )

planned_years = plans.years(the_store)
this_year = years.year_of(date.today())
choices = sorted(
    set(planned_years) | ({this_year, this_year + 1} if is_admin else set()), reverse=True
)
if not choices:
    st.info(
        t(
            "还没有年度任务清单，请管理员上传。",
            "No plan yet; an administrator uploads it here.",
        ),
        icon=":material/info:",
    )
    st.stop()
year = st.selectbox(
    t("年度", "Year"), choices, format_func=lambda y: years.year_name(y, code), key="plan.year"
)
year_name = years.year_name(year, code)
items = plans.items(the_store, year)


def save_options(key: str) -> tuple[date | None, str] | None:
    """How a checked plan is saved: a correction of the whole year, or an adjustment from a date."""
    correction = t("更正：替换全年清单", "Correction: replaces the whole year's plan")
    how = st.radio(
        t("保存方式", "Save as"),
        [correction, t("年中调整目标：自某日起生效", "Target adjustment: in force from a date")],
        key=f"{key}.how",
        horizontal=True,
        help=t(
            "年中调整目标时，调整日期之前的进度仍按原目标计算，之后按新目标计算",
            "With a target adjustment, progress before its date is measured against the old "
            "target and after it against the new one",
        ),
    )
    if how == correction:
        return None, ""
    first, last = years.first_day(year), years.last_day(year)
    effective = st.date_input(
        t("调整生效日期", "In force from"),
        value=min(max(date.today(), first), last),
        min_value=first,
        max_value=last,
        key=f"{key}.from",
        format="YYYY-MM-DD",
    )
    reason = st.text_input(
        t("调整原因（必填）", "Reason (required)"),
        key=f"{key}.reason",
        placeholder=t("如：局党组会议纪要〔2022〕15号", "e.g. the minutes that decided it"),
    )
    return effective, reason


def save(checked: plans.CheckedPlan, key: str) -> None:
    if not checked.accepted:
        st.error(
            t(
                f"任务清单有 {len(checked.problems)} 处问题，未保存。请修改后重试：",
                f"The plan has {len(checked.problems)} problem(s) and was not saved. "
                "Fix them and try again:",
            ),
            icon=":material/error:",
        )
        st.dataframe(
            i18n.table(uploads.problems_table(checked.problems)), hide_index=True, width="stretch"
        )
        plans.refuse(the_store, checked, user.username)
        return
    effective, reason = options[key]
    try:
        version = plans.save(
            the_store, checked, user.username, effective_from=effective, reason=reason
        )
    except ValueError as exc:
        st.error(escape_markdown(exc), icon=":material/error:")
        return
    st.session_state[FLASH] = t(
        f"已保存 {checked.year} 年任务清单第 {version} 版，共 {len(checked.items)} 个指标",
        f"Saved version {version} of the {checked.year} plan: {len(checked.items)} indicators",
    )
    st.rerun()


options: dict[str, tuple[date | None, str]] = {}

if items.empty:
    st.info(
        t(f"{year} 年还没有任务清单。", f"No plan for {year_name} yet."), icon=":material/info:"
    )
else:
    in_force = items.iloc[0]
    reason = escape_markdown(in_force["reason"]) if in_force["reason"] else ""
    st.markdown(
        t(
            f"**{year} 年任务清单**：{len(items)} 个指标，{items['task'].nunique()} 项任务；"
            f"现行版本自 {in_force['effective_from']:%Y年%m月%d日} 起生效"
            + (f"（{reason}）" if reason else ""),
            f"**Plan for {year_name}**: {len(items)} indicators, "
            f"{items['task'].nunique()} tasks; the version in force since "
            f"{in_force['effective_from']:%Y-%m-%d}" + (f" ({reason})" if reason else ""),
        )
    )
    table(
        tables.plan_table(items, code),
        t(f"任务清单_{year_name}", f"plan_{year_name}"),
        "plan.items",
    )
    changes = plans.target_changes(the_store, year)
    if not changes.empty:
        st.subheader(t("目标调整", "Target adjustments"))
        st.caption(
            t(
                "调整日期之前的进度按原目标计算，之后按调整后目标计算。",
                "Progress before an adjustment's date is measured against the target before it, "
                "after it against the adjusted target.",
            )
        )
        table(
            tables.changes_table(changes, code),
            t(f"目标调整_{year_name}", f"target_adjustments_{year_name}"),
            "plan.changes",
        )
    with st.expander(t("清单版本记录", "Versions of the plan")):
        st.dataframe(tables.versions_table(plans.versions(the_store, year), code), hide_index=True)

if is_admin:
    st.divider()
    st.subheader(t("上传任务清单", "Upload the plan"))
    uploaded = st.file_uploader(
        t(f"选择 {year} 年任务清单（CSV 或 XLSX）", f"The plan for {year_name} (CSV or XLSX)"),
        key="plan.file",
        help=t(
            "按任务清单模板填写；一行有错则整份清单不保存。一个指标有多个节点时，每个节点一行。",
            "Filled in as the template; one bad row and nothing of the plan is saved. An "
            "indicator with several milestones has one row per milestone.",
        ),
    )
    if uploaded is not None:
        checked = plans.check_file(uploaded.getvalue(), uploaded.name, year)
        if checked.accepted:
            st.success(
                t(
                    f"检查通过：{len(checked.items)} 个指标，{len(checked.milestones)} 个节点",
                    f"The plan passed the checks: {len(checked.items)} indicators, "
                    f"{len(checked.milestones)} milestones",
                )
            )
            st.dataframe(tables.plan_table(checked.items, code), hide_index=True, width="stretch")
        options["file"] = save_options("plan.file_save")
        if st.button(t("保存任务清单", "Save the plan"), key="plan.save_file", type="primary"):
            save(checked, "file")

    st.subheader(t("在线编辑", "Edit here"))
    st.caption(
        t(
            "直接修改下表（可增删行），点“校验并保存”后按与上传相同的规则检查。",
            "Change the table below (rows may be added or deleted; headers as in the template); "
            "“Check and save” checks it by the same rules as an upload.",
        )
    )
    sheet = (
        plans.as_sheet(items, plans.milestones(the_store, year))
        if not items.empty
        else plans.template_frame().iloc[0:0]
    )
    edited = st.data_editor(
        sheet.astype(str), num_rows="dynamic", hide_index=True, key=f"plan.editor.{year}"
    )
    options["table"] = save_options("plan.table_save")
    if st.button(t("校验并保存", "Check and save"), key="plan.save_table", type="primary"):
        save(plans.check_table(edited, year), "table")
