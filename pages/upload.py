"""数据上传: staff drop a CSV or XLSX, see every problem or a preview of what changes, then confirm."""

import logging

import streamlit as st

from tracker.intake import uploads
from tracker.plan import reporting, tables
from ui import auth, data
from ui import mapping as column_mapping
from ui.context import settings, store
from ui.i18n import lang, t
from ui.text import escape_markdown

log = logging.getLogger(__name__)

the_store = store()
user = auth.guard("upload")
config = settings()

CHECKED = "upload_checked"  # the checked file: computed once per file and mapping
CHOSEN_MAPPING = "upload_mapping"  # a mapping the user chose for the current file
NONCE = "upload_nonce"  # part of the uploader's key: a new key clears the uploader
FLASH = "upload_flash"


def _forget_file() -> None:
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(CHOSEN_MAPPING, None)


def _clear_uploader(message: tuple[str, str]) -> None:
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    st.session_state[FLASH] = message
    _forget_file()
    st.rerun()


st.title(t("数据上传", "Upload"))
if user.role == "admin":
    st.caption(
        t("管理员可上传任何牵头单位的数据。", "Administrators may upload rows for any lead unit.")
    )
else:
    st.caption(
        t(
            f"您可以新建、修改以下牵头单位的指标：{escape_markdown('、'.join(user.units))}。"
            "其他单位的行会被拒收"
            + ("；牵头单位不填时视为本单位。" if len(user.units) == 1 else "。"),
            f"You may create and change indicators of: {escape_markdown(', '.join(user.units))}. "
            "Rows of other units are refused.",
        )
    )

# --- What this unit owes now (from the year's plan) ----------------------------------------------
if user.role == "staff":
    owed = reporting.due_for_units(the_store, user.units, rules=config.reporting_rules())
    if not owed.empty:
        missing = int((owed["state"] == "missing").sum())
        st.warning(
            t(
                f"本期待报送 {len(owed)} 项"
                + (f"，其中 {missing} 项已超过报送时限" if missing else ""),
                f"{len(owed)} item(s) due this round"
                + (f", {missing} of them past the deadline" if missing else ""),
            ),
            icon=":material/pending_actions:",
        )
        with st.expander(t("查看待报送事项", "What is due")):
            st.dataframe(tables.items_table(owed, lang()), hide_index=True, width="stretch")

flash = st.session_state.pop(FLASH, None)
if flash:
    kind, text = flash
    text = escape_markdown(text)
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
        st.page_link(
            "pages/overview.py",
            label=t("查看总览", "Open the overview"),
            icon=":material/dashboard:",
        )
    else:
        st.info(text, icon=":material/info:")

# --- Template --------------------------------------------------------------------------------
own_unit = user.units[0] if user.units else None
buttons = st.container(horizontal=True, gap="small")
buttons.download_button(
    t("下载模板（Excel）", "Template (Excel)"),
    data=auth.download(lambda _user: uploads.template_xlsx(own_unit), "upload"),
    file_name=f"{uploads.TEMPLATE_NAME}.xlsx",
    mime=uploads.XLSX_MIME,
    on_click="rerun",
    icon=":material/download:",
    key="template_xlsx",
)
buttons.download_button(
    t("下载模板（CSV）", "Template (CSV)"),
    data=auth.download(lambda _user: uploads.template_csv(own_unit), "upload"),
    file_name=f"{uploads.TEMPLATE_NAME}.csv",
    mime=uploads.CSV_MIME,
    on_click="rerun",
    icon=":material/download:",
    key="template_csv",
)
with st.expander(t("填报说明：表头与填写要求", "How to fill the sheet")):
    st.markdown(
        t(
            "每行是一个指标截至某日的**年初至今累计**完成情况。表头可用中文或英文，"
            "上方可以有标题行；表头与模板不同时，上传后可把您的列对应到字段，系统会记住。"
            "模板中任务名称以“示例”开头的行只是示例，上传前请删除或改成您的数据。"
            "一行有错则整个文件不入库，请按问题清单修改后重新上传。",
            "One row is one indicator's year-to-date cumulative progress as of a date. Headers may be "
            "Chinese or English, with title lines above; if they differ from the template you can map "
            "your columns after uploading. One bad row refuses the whole file.",
        )
    )
    st.dataframe(uploads.contract_table(), hide_index=True, width="stretch")

# --- The file --------------------------------------------------------------------------------
chosen_unit = None
if user.role == "admin":
    known_units = data.lead_units(the_store, data.data_version(the_store))
    chosen_unit = st.selectbox(
        t(
            "本次上传所属牵头单位（用于记住列对应，可不选）",
            "Lead unit of this file (to remember a column mapping; optional)",
        ),
        options=[None, *known_units],
        format_func=lambda u: t("（不指定）", "(none)") if u is None else u,
        key="upload_admin_unit",
    )
units_for_mapping = uploads.mapping_units(user, chosen_unit)

uploaded = st.file_uploader(
    t("选择进度表文件（CSV 或 XLSX）", "Progress sheet (CSV or XLSX)"),
    # Any file is let through, so that a wrong one (.xls, .pdf, WPS .et) is refused by the
    # check below in Chinese, saying what to save it as; Streamlit's own refusal is in English.
    max_upload_size=config.max_upload_mb,
    help=t(
        f"点击下面框中的“选择文件”，或把文件拖到框里。支持 Excel/WPS 保存的 .xlsx 和 .csv"
        f"（含 GBK 编码），单个文件不超过 {config.max_upload_mb} MB。旧版 .xls 请先另存为 .xlsx。",
        f"Drop the file below or click “Upload”. .xlsx or .csv, at most {config.max_upload_mb} MB.",
    ),
    key=f"upload_file_{st.session_state.get(NONCE, 0)}",
)
if uploaded is None:
    _forget_file()
    st.stop()

data = uploaded.getvalue()
sha = uploads.fingerprint(data)
chosen = st.session_state.get(CHOSEN_MAPPING)
if chosen and chosen["sha"] == sha:
    mapping, mapping_source = chosen["mapping"], "chosen"
else:
    mapping, mapping_source = uploads.remembered_mapping(the_store, units_for_mapping), "remembered"
key = (
    sha,
    uploaded.name,
    tuple(sorted(mapping.items(), key=str)),
    user.username,
    user.role,
    user.units,
)

checked = st.session_state.get(CHECKED)
if not checked or checked["key"] != key:
    with st.spinner(t("正在检查文件……", "Checking the file…")):
        upload = uploads.check(
            the_store,
            user,
            data,
            uploaded.name,
            max_upload_mb=config.max_upload_mb,
            column_mapping=mapping,
        )
        headers = (
            uploads.file_headers(data, uploaded.name, mapping)
            if (mapping or uploads.needs_mapping(upload))
            else []
        )
    if not upload.accepted:
        uploads.record_refusal(the_store, user, upload)
    checked = {"key": key, "upload": upload, "mapping": mapping, "headers": headers}
    st.session_state[CHECKED] = checked
upload = checked["upload"]
headers = checked["headers"]

applied = escape_markdown(uploads.mapping_text(mapping, headers))
if applied:
    if mapping_source == "remembered":
        st.info(
            t(
                f"已自动套用本单位上次的列对应：{applied}",
                f"Applied your unit's last column mapping: {applied}",
            )
        )
    else:
        st.info(
            t(f"按您选择的列对应检查：{applied}", f"Checked with your column mapping: {applied}")
        )


def mapping_form() -> None:
    """One choice per header of the file; checking again with the choice when it is complete."""
    if not headers:
        return
    chosen = column_mapping.form(headers, mapping, sha, form_key="column_mapping", prefix="mapping")
    if user.role == "admin" and not units_for_mapping:
        st.caption(
            t(
                "提示：在上方选择牵头单位后，系统会为该单位记住此对应。",
                "Choose a lead unit above to remember this mapping.",
            )
        )
    else:
        st.caption(
            t(
                "入库后，系统会记住此对应，下次上传自动套用。",
                "After storing, this mapping is remembered for the next upload.",
            )
        )
    if chosen is not None:
        st.session_state[CHOSEN_MAPPING] = {"sha": sha, "mapping": chosen}
        st.rerun()


def problem_list(problems, key: str) -> None:
    """Problems or warnings with the row and column of the user's sheet."""
    st.dataframe(
        uploads.problems_table(problems),
        hide_index=True,
        width="stretch",
        placeholder="",  # a problem of the whole file has no row
        key=key,
    )


if not upload.accepted:
    count = len(upload.problems)
    if uploads.needs_mapping(upload):
        st.warning(
            t(
                "文件的表头与模板不一致。请在下面把文件中的每一列对应到字段，然后重新检查；不需要的列选“（不导入）”。",
                "The headers do not match the template. Map each column of your file to a field below and check again.",
            ),
            icon=":material/table_view:",
        )
        st.caption(escape_markdown("；".join(upload.problems["message"].astype(str))))
        mapping_form()
        st.stop()
    st.error(
        t(
            f"文件未通过检查，共 {count} 处问题，未存入任何数据。请按下表修改后重新上传。",
            f"The file was refused with {count} problem(s); nothing was stored. Fix them and upload again.",
        ),
        icon=":material/error:",
    )
    problem_list(upload.problems, key="problems")
    st.download_button(
        t("下载问题清单（CSV）", "Download the problems (CSV)"),
        data=auth.download(lambda _user: uploads.problems_csv(upload.problems), "upload"),
        file_name=f"问题清单-{uploaded.name.rsplit('.', 1)[0]}.csv",
        mime=uploads.CSV_MIME,
        on_click="rerun",
        icon=":material/download:",
        key="problems_download",
    )
    if mapping and not uploads.needs_mapping(upload):
        with st.expander(t("调整列对应", "Change the column mapping")):
            mapping_form()
    st.stop()

# --- Accepted: preview, then confirm ---------------------------------------------------------
summary = upload.summary()
st.success(
    t(
        f"检查通过：{uploads.summary_text(upload)}。确认无误后请点“确认入库”。",
        "The file passed the checks. Review and confirm.",
    ),
    icon=":material/task_alt:",
)
metrics = st.columns(4)
metrics[0].metric(t("新指标", "New indicators"), summary["new_indicators"])
metrics[1].metric(t("新增记录", "New rows"), summary["new"])
metrics[2].metric(t("更新数值", "Updated rows"), summary["updated"])
metrics[3].metric(t("不变", "Unchanged"), summary["unchanged"])

if upload.already_stored:
    stored_before = upload.already_stored
    st.info(
        t(
            f"同一文件已于 {stored_before['uploaded_at']:%Y-%m-%d %H:%M} "
            f"由 {escape_markdown(stored_before['uploaded_by'])} 上传"
            f"（批次 {stored_before['batch_id']}），再次确认不会重复入库。",
            f"This file was already stored as batch {stored_before['batch_id']}.",
        )
    )
if not upload.warnings.empty:
    st.warning(
        t(
            f"{len(upload.warnings)} 条提醒（不影响入库，请确认数据无误）：",
            f"{len(upload.warnings)} warning(s) (they do not stop the upload):",
        ),
        icon=":material/warning:",
    )
    problem_list(upload.warnings, key="warnings")

st.subheader(t("将要入库的数据", "What will be stored"))
st.dataframe(
    uploads.preview_table(upload),
    hide_index=True,
    width="stretch",
    placeholder="",  # 此前累计 of a new row
    key="preview",
    column_config={"截至日期": st.column_config.DateColumn(format="YYYY-MM-DD")},
)

if mapping and applied:
    with st.expander(t("调整列对应", "Change the column mapping")):
        mapping_form()

actions = st.container(horizontal=True, gap="small")
confirmed = actions.button(
    t("确认入库", "Store"), type="primary", key="upload_commit", icon=":material/save:"
)
if actions.button(t("取消", "Cancel"), key="upload_cancel"):
    _clear_uploader(("info", t("已取消，未存入任何数据。", "Cancelled; nothing was stored.")))
if confirmed:
    try:
        with st.spinner(t("正在入库……", "Storing…")):
            stored = uploads.store_upload(
                the_store, user, upload, column_mapping=mapping, mapping_units=units_for_mapping
            )
    except Exception:
        log.exception("storing %s failed", uploaded.name)
        st.error(
            t(
                "入库时出错，本文件未存入任何数据。请稍后重试；如仍出错，请联系管理员。",
                "Storing failed and nothing of this file was stored. Try again later.",
            )
        )
        st.stop()
    if stored.batch_id is not None:
        _clear_uploader(
            (
                "success",
                t(
                    f"{stored.message}。总览等页面已按新数据显示。",
                    f"Stored: batch {stored.batch_id}, {stored.rows_stored} rows.",
                ),
            )
        )
    if stored.message == uploads.RETRY_MESSAGE:
        st.warning(escape_markdown(stored.message))
    elif stored.failed:  # a full disk, a locked or unwritable store: the file stays to retry
        st.error(escape_markdown(stored.message), icon=":material/error:")
    else:
        _clear_uploader(("info", stored.message))
