"""任务清单: the year's plan in force, its versions and target adjustments; administrators upload
or edit it, and save it as a correction or as a dated target adjustment (调整目标)."""

from datetime import date

import streamlit as st

from tracker.intake import uploads
from tracker.plan import plans, tables, years
from ui import auth
from ui.context import store
from ui.widgets import escape_markdown, table

the_store = store()
user = auth.guard("view")
is_admin = user is not None and user.can_admin()
FLASH = "plan.flash"

st.title("年度任务清单")
st.caption(
    "年初确定的重点任务清单：每个指标的类型、年度目标、牵头单位、责任领导、报送频次和倒排工期计划。"
    "各单位报送的进度按清单对应到指标，未报送的指标显示为“未报送”。"
)
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

with st.container(horizontal=True, gap="small"):
    st.download_button(
        "下载任务清单模板（Excel）",
        data=plans.template_xlsx,
        file_name=f"{plans.TEMPLATE_NAME}.xlsx",
        mime=uploads.XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key="plan.template_xlsx",
    )
    st.download_button(
        "下载任务清单模板（CSV）",
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
    st.info("还没有年度任务清单，请管理员上传。", icon=":material/info:")
    st.stop()
year = st.selectbox("年度", choices, key="plan.year")
items = plans.items(the_store, year)


def save_options(key: str) -> tuple[date | None, str] | None:
    """How a checked plan is saved: a correction of the whole year, or an adjustment from a date."""
    how = st.radio(
        "保存方式",
        ["更正：替换全年清单", "年中调整目标：自某日起生效"],
        key=f"{key}.how",
        horizontal=True,
        help="年中调整目标时，调整日期之前的进度仍按原目标计算，之后按新目标计算",
    )
    if how.startswith("更正"):
        return None, ""
    first, last = years.first_day(year), years.last_day(year)
    effective = st.date_input(
        "调整生效日期",
        value=min(max(date.today(), first), last),
        min_value=first,
        max_value=last,
        key=f"{key}.from",
        format="YYYY-MM-DD",
    )
    reason = st.text_input(
        "调整原因（必填）", key=f"{key}.reason", placeholder="如：局党组会议纪要〔2022〕15号"
    )
    return effective, reason


def save(checked: plans.CheckedPlan, key: str) -> None:
    if not checked.accepted:
        st.error(
            f"任务清单有 {len(checked.problems)} 处问题，未保存。请修改后重试：",
            icon=":material/error:",
        )
        st.dataframe(uploads.problems_table(checked.problems), hide_index=True, width="stretch")
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
    st.session_state[FLASH] = (
        f"已保存 {checked.year} 年任务清单第 {version} 版，共 {len(checked.items)} 个指标"
    )
    st.rerun()


options: dict[str, tuple[date | None, str]] = {}

if items.empty:
    st.info(f"{year} 年还没有任务清单。", icon=":material/info:")
else:
    in_force = items.iloc[0]
    st.markdown(
        f"**{year} 年任务清单**：{len(items)} 个指标，{items['task'].nunique()} 项任务；"
        f"现行版本自 {in_force['effective_from']:%Y年%m月%d日} 起生效"
        + (f"（{escape_markdown(in_force['reason'])}）" if in_force["reason"] else "")
    )
    table(tables.plan_table(items), f"任务清单_{year}年", "plan.items")
    changes = plans.target_changes(the_store, year)
    if not changes.empty:
        st.subheader("目标调整")
        st.caption("调整日期之前的进度按原目标计算，之后按调整后目标计算。")
        table(tables.changes_table(changes), f"目标调整_{year}年", "plan.changes")
    with st.expander("清单版本记录"):
        st.dataframe(tables.versions_table(plans.versions(the_store, year)), hide_index=True)

if is_admin:
    st.divider()
    st.subheader("上传任务清单")
    uploaded = st.file_uploader(
        f"选择 {year} 年任务清单（CSV 或 XLSX）",
        key="plan.file",
        help="按任务清单模板填写；一行有错则整份清单不保存。一个指标有多个节点时，每个节点一行。",
    )
    if uploaded is not None:
        checked = plans.check_file(uploaded.getvalue(), uploaded.name, year)
        if checked.accepted:
            st.success(f"检查通过：{len(checked.items)} 个指标，{len(checked.milestones)} 个节点")
            st.dataframe(tables.plan_table(checked.items), hide_index=True, width="stretch")
        options["file"] = save_options("plan.file_save")
        if st.button("保存任务清单", key="plan.save_file", type="primary"):
            save(checked, "file")

    st.subheader("在线编辑")
    st.caption("直接修改下表（可增删行），点“校验并保存”后按与上传相同的规则检查。")
    sheet = (
        plans.as_sheet(items, plans.milestones(the_store, year))
        if not items.empty
        else plans.template_frame().iloc[0:0]
    )
    edited = st.data_editor(
        sheet.astype(str), num_rows="dynamic", hide_index=True, key=f"plan.editor.{year}"
    )
    options["table"] = save_options("plan.table_save")
    if st.button("校验并保存", key="plan.save_table", type="primary"):
        save(plans.check_table(edited, year), "table")
