"""督办台账: lights of a month under the rule in force, and the notice ledger. Leaders read it
(open entries first, overdue marked); staff answer their units' entries; admins evaluate a
month, close entries and download a 督办函.
"""

import streamlit as st

from tracker.plan import years as plan_years
from tracker.supervision import bulletin, ledger, rules
from ui import auth, data, widgets
from ui.context import settings as settings_in_force
from ui.context import store
from ui.i18n import lang, t

FLASH = "ledger_flash"

the_store = store()
user = auth.guard("view")
thresholds = data.thresholds()
settings = rules.current(the_store)
code = lang()

st.title(t("督办台账", "Notice ledger"))
st.caption(t("亮灯规则：", "Light rule: ") + settings.describe_rule(thresholds, code))
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


ledger_tab, lights_tab = st.tabs([t("督办台账", "Ledger"), t("亮灯", "Lights")])

with lights_tab:
    months = bulletin.months_with_data(the_store)
    if not months:
        st.info(t("库中还没有数据。", "No data yet."))
    else:
        month = st.selectbox(
            t("月份", "Month"),
            months,
            format_func=lambda d: ledger.month_label(d, code),
            key="ledger.lights_month",
        )
        lit = rules.lights(the_store, month, thresholds, settings)
        counts = lit["light"].value_counts()
        st.caption(
            t("，", ", ").join(
                f"{rules.light_label(light, code)} {int(counts.get(light, 0))}" + t(" 项", "")
                for light in rules.LIGHTS
            )
        )
        st.dataframe(
            rules.lights_table(lit, code).style.apply(
                lambda column: [
                    f"background-color: {rules.LIGHT_COLORS[light]}" for light in lit["light"]
                ],
                subset=[rules.LIGHT_COLUMN[code]],
            ),
            hide_index=True,
            width="stretch",
            key="ledger.lights",
        )

with ledger_tab:
    if user is not None and user.can_admin():
        candidates = ledger.months_to_evaluate(the_store)
        with st.expander(t("生成本月督办台账", "Evaluate a month"), icon=":material/playlist_add:"):
            st.caption(
                t(
                    "请在该月报送截止日之后生成：迟报、未报按当时的报送情况判定。",
                    "Evaluate after the month's reporting deadline.",
                )
            )
            if not candidates:
                st.caption(t("没有可生成的月份。", "No month to evaluate."))
            else:
                period = st.selectbox(
                    t("月份（须按顺序生成）", "Month (in order)"),
                    candidates,
                    format_func=lambda d: f"{d.year}年{d.month}月",
                    key="ledger.evaluate_month",
                )
                if st.button(t("生成督办台账", "Evaluate"), key="ledger.evaluate", type="primary"):
                    try:
                        result = ledger.evaluate(
                            the_store,
                            period,
                            user.username,
                            thresholds,
                            reporting_rules=settings_in_force().reporting_rules(),
                        )
                    except ledger.LedgerError as exc:
                        st.error(widgets.escape_markdown(exc))
                    else:
                        done(result.message)

    found = ledger.entries(the_store)
    if found.empty:
        st.info(t("督办台账中还没有事项。", "The ledger is empty."))
        st.stop()
    open_entries = found[found["state"] != "closed"]
    overdue = int(found["overdue"].sum())
    st.caption(
        t(
            f"共 {len(found)} 项，未销号 {len(open_entries)} 项，其中逾期未整改 {overdue} 项。"
            "未销号的在前，逾期的最先。",
            f"{len(found)} entries, {len(open_entries)} not closed, {overdue} of them overdue. "
            "Entries not closed come first, overdue ones first of all.",
        )
    )
    st.dataframe(
        ledger.ledger_table(found, code), hide_index=True, width="stretch", key="ledger.table"
    )

    st.subheader(t("各单位本年督办次数", "Notices per unit this year"))
    year = plan_years.year_of(found["period"].max())
    units = found[found["period"].map(plan_years.year_of) == year][["region", "lead_unit"]]
    for region, unit in units.drop_duplicates().itertuples(index=False):
        st.text(
            f"{region} {unit}{t('：', ': ')}{ledger.tally(the_store, unit, year, region, code)}"
        )

    by_id = {int(e["entry_id"]): e for _, e in found.iterrows()}
    answerable = [i for i, e in by_id.items() if e["state"] != "closed"]
    if user is not None:
        answerable = [i for i in answerable if user.may_upload_for(by_id[i]["lead_unit"])]
    else:
        answerable = []
    if answerable:
        st.subheader(t("填报整改情况", "Rectification"))
        with st.form("ledger.rectify_form"):
            entry_id = st.selectbox(
                t("督办事项", "Entry"),
                answerable,
                format_func=lambda i: ledger.entry_label(by_id[i], code),
                key="ledger.rectify_entry",
            )
            text = st.text_area(
                t("整改情况", "Rectification"),
                max_chars=ledger.MAX_TEXT_CHARS,
                key="ledger.rectify_text",
            )
            if st.form_submit_button(t("提交整改情况", "Submit"), type="primary"):
                try:
                    ledger.rectify(the_store, entry_id, text, user)
                except ledger.LedgerError as exc:
                    st.error(widgets.escape_markdown(exc))
                else:
                    done(
                        t(
                            f"已提交事项 {entry_id} 的整改情况",
                            f"Rectification of entry {entry_id} submitted",
                        )
                    )

    if user is not None and user.can_admin():
        st.subheader(t("销号与督办函", "Close-out and notice letters"))
        rectified = [i for i, e in by_id.items() if e["state"] == "rectified"]
        if rectified:
            with st.form("ledger.close_form"):
                entry_id = st.selectbox(
                    t("已整改待销号的事项", "Rectified entries"),
                    rectified,
                    format_func=lambda i: ledger.entry_label(by_id[i], code),
                    key="ledger.close_entry",
                )
                st.text(by_id[entry_id]["rectification"])
                note = st.text_input(t("销号意见", "Note"), key="ledger.close_note", max_chars=200)
                if st.form_submit_button(t("销号", "Close"), type="primary"):
                    try:
                        ledger.close(the_store, entry_id, note, user)
                    except ledger.LedgerError as exc:
                        st.error(widgets.escape_markdown(exc))
                    else:
                        done(t(f"事项 {entry_id} 已销号", f"Entry {entry_id} closed"))
        else:
            st.caption(t("没有已整改待销号的事项。", "No rectified entry awaits close-out."))
        open_ids = [i for i, e in by_id.items() if e["state"] != "closed"]
        if open_ids:
            letter_id = st.selectbox(
                t("督办函", "Notice letter"),
                open_ids,
                format_func=lambda i: ledger.entry_label(by_id[i], code),
                key="ledger.letter_entry",
            )
            entry = by_id[letter_id]
            st.download_button(
                t("下载督办函（Word）", "Download the notice letter (Word)"),
                data=auth.download(
                    lambda _user: bulletin.notice_letter(the_store, letter_id), "admin"
                ),
                file_name=f"督办函_{entry['lead_unit']}_{entry['period']:%Y-%m}.docx",
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                on_click="rerun",
                icon=":material/download:",
                key="ledger.letter",
            )
