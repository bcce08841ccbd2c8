"""月度通报: drafts the monthly bulletin of a region as a Word document, previews its text and
downloads it. Every figure comes from the status query of that month and region.
"""

import streamlit as st

from tracker.supervision import bulletin, ledger, rules
from ui import auth, data, widgets
from ui.context import settings, store
from ui.i18n import lang, t

DRAFT = "bulletin_draft"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

the_store = store()
user = auth.guard("upload")
thresholds = data.thresholds()
code = lang()  # fixed now: a widget's format_func may be called outside this run

st.title(t("月度通报", "Monthly bulletin"))
st.caption(
    t("亮灯规则：", "Light rule: ") + rules.current(the_store).describe_rule(thresholds, code)
)
months = bulletin.months_with_data(the_store)
if not months:
    st.info(t("库中还没有数据。", "No data yet."))
    st.stop()

with st.container(horizontal=True):
    month = st.selectbox(
        t("月份", "Month"),
        months,
        format_func=lambda d: ledger.month_label(d, code),
        key="bulletin.month",
    )
    regions = bulletin.regions(the_store, month, thresholds)
    region = st.selectbox(t("地区", "Region"), regions, key="bulletin.region")
    number = st.text_input(
        t("文号", "Document number"),
        value=f"督办通报〔{month.year}〕{month.month}号",
        max_chars=40,
        key="bulletin.number",
    )

if st.button(t("生成通报", "Draft the bulletin"), type="primary", key="bulletin.draft"):
    try:
        drafted = bulletin.draft(
            the_store,
            month,
            region,
            thresholds,
            number,
            reporting_rules=settings().reporting_rules(),
            project_regions=settings().regions().members(region),
        )
    except bulletin.BulletinError as exc:
        st.error(widgets.escape_markdown(exc))
    else:
        bulletin.record_drafted(the_store, user.username, region, month)
        st.session_state[DRAFT] = (month, region, drafted)

draft = st.session_state.get(DRAFT)
if draft and draft[:2] == (month, region):
    _, _, drafted = draft
    st.download_button(
        t("下载通报（Word）", "Download the bulletin (Word)"),
        data=auth.download(lambda _user: drafted, "upload"),
        file_name=f"{region}重点任务推进情况通报_{month:%Y-%m}.docx",
        mime=DOCX,
        on_click="rerun",
        icon=":material/download:",
        key="bulletin.download",
    )
    st.caption(
        t("正文预览（附件见下载的文档）", "Preview of the main text (attachments in the document)")
    )
    with st.container(border=True):
        for line in bulletin.preview(drafted):
            st.text(line)
