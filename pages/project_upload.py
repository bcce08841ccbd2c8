"""项目台账上传: staff drop the project ledger, map their columns where the headers differ from
the template, see every problem or a preview of what is stored and changed, then confirm;
administrators may undo a ledger batch."""

import streamlit as st

from tracker.intake import uploads
from tracker.presentation import export
from tracker.projects import ledger, views
from ui import auth, i18n, projects, widgets
from ui import mapping as column_mapping
from ui.context import settings, store
from ui.i18n import lang, t
from ui.text import escape_markdown

CHECKED = "project_upload.checked"
CHOSEN_MAPPING = "project_upload.mapping"
NONCE = "project_upload.nonce"
FLASH = "project_upload.flash"
CONTRACT = ledger.CONTRACT

the_store = store()
user = auth.guard("upload")
config = settings()
# read once a run: the caption and the check name the same stages
in_force = projects.rules()

st.title(t("项目台账上传", "Project ledger upload"))
units = uploads.allowed_units(user)
# a staff member's mapping is remembered for their units (uploads.mapping_units)
mapping_units = uploads.mapping_units(user)
st.caption(
    t("管理员可上传任何责任单位的项目。", "Administrators may upload projects of any unit.")
    if units is None
    else t(
        f"您可以上传以下责任单位的项目：{escape_markdown('、'.join(sorted(units)))}。"
        "其他单位的行会被拒收。",
        f"You may upload projects of: {escape_markdown(', '.join(sorted(units)))}. "
        "Rows of other units are refused.",
    )
)
st.caption(
    t(
        "每行是一个项目截至某日的情况：必填 项目编号、项目名称、总投资、年度计划投资、"
        "本年累计完成投资、责任单位，以及截至日期或报告期；金额默认万元，表头或单元格可写元、亿元。"
        "可加 1月计划投资 … 12月计划投资 共 12 列（倒排到月），填写后按月度计划计算序时。"
        f"项目阶段填 {'、'.join(in_force.stages)} 之一。"
        "表头与模板不同时，上传后可把您的列对应到字段。",
        "One row is one project as of a date: 项目编号, 项目名称, 总投资, 年度计划投资, "
        "本年累计完成投资, 责任单位 and 截至日期 or 报告期 are required; amounts in 万元 unless a "
        "header or cell says 元 or 亿元. Twelve columns 1月计划投资 … 12月计划投资 may give the "
        f"monthly plan. 项目阶段 is one of {', '.join(in_force.stages)}. If your headers "
        "differ from the template, map your columns after uploading.",
    )
)
template = ledger.template_frame()
st.download_button(
    t("下载项目台账模板（Excel）", "Ledger template (Excel)"),
    data=lambda: export.to_xlsx_bytes(template, sheet_name="项目台账"),
    file_name="重点项目台账模板.xlsx",
    mime=uploads.XLSX_MIME,
    on_click="ignore",
    icon=":material/download:",
    key="project_upload.template",
)

flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(escape_markdown(flash), icon=":material/check_circle:")


def forget_file() -> None:
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(CHOSEN_MAPPING, None)


uploaded = st.file_uploader(
    t("选择项目台账文件（CSV 或 XLSX）", "Project ledger (CSV or XLSX)"),
    max_upload_size=config.max_upload_mb,
    help=t(
        f"把文件拖到下面的框里，或点击“选择文件”。单个文件不超过 {config.max_upload_mb} MB。",
        f"Drop the file below or click “Upload”. At most {config.max_upload_mb} MB.",
    ),
    key=f"project_upload.file_{st.session_state.get(NONCE, 0)}",
)
upload = None
if uploaded is None:
    forget_file()
else:
    data = uploaded.getvalue()
    sha = uploads.fingerprint(data)
    chosen = st.session_state.get(CHOSEN_MAPPING)
    if chosen and chosen["sha"] == sha:
        mapping, mapping_source = chosen["mapping"], "chosen"
    else:
        mapping = uploads.remembered_mapping(the_store, mapping_units, CONTRACT)
        mapping_source = "remembered"
    key = (sha, uploaded.name, tuple(sorted(mapping.items(), key=str)), user.username, user.units)
    checked = st.session_state.get(CHECKED)
    if not checked or checked["key"] != key:
        too_large = uploads.size_problem(len(data), config.max_upload_mb)
        upload = ledger.prepare(
            the_store,
            b"" if too_large else data,
            uploaded.name,
            rules=in_force,
            allowed_units=units,
            column_mapping=mapping,
        )
        if too_large:
            upload.problems = ledger.refusal(too_large)
        if not upload.accepted:
            ledger.refuse(the_store, upload, user.username)
        needs = mapping or uploads.needs_mapping(upload)
        headers = uploads.file_headers(data, uploaded.name, mapping, CONTRACT) if needs else []
        checked = {"key": key, "upload": upload, "headers": headers}
        st.session_state[CHECKED] = checked
    upload, headers = checked["upload"], checked["headers"]

    applied = escape_markdown(uploads.mapping_text(mapping, headers, CONTRACT))
    if applied and mapping_source == "remembered":
        st.info(
            t(
                f"已自动套用本单位上次的列对应：{applied}",
                f"Applied your unit's last column mapping: {applied}",
            )
        )
    elif applied:
        st.info(
            t(f"按您选择的列对应检查：{applied}", f"Checked with your column mapping: {applied}")
        )

    def mapping_form() -> None:
        """One choice per header of the file; checked again with the choice when complete."""
        chosen = column_mapping.form(
            headers,
            mapping,
            sha,
            form_key="project_upload.mapping_form",
            prefix="project_mapping",
            contract=CONTRACT,
        )
        if chosen is not None:
            st.session_state[CHOSEN_MAPPING] = {"sha": sha, "mapping": chosen}
            st.rerun()

    if not upload.accepted:
        if uploads.needs_mapping(upload) and headers:
            st.warning(
                t(
                    "文件的表头与模板不一致。请在下面把文件中的每一列对应到字段，然后重新检查；"
                    "不需要的列选“（不导入）”。",
                    "The headers do not match the template. Map each column of your file to a "
                    "field below and check again.",
                ),
                icon=":material/table_view:",
            )
            st.caption(escape_markdown("；".join(upload.problems["message"].astype(str))))
            mapping_form()
        else:
            st.error(
                t(
                    f"文件未入库：共 {len(upload.problems)} 处问题，请按下表修改后重新上传"
                    "（整个文件都未存入）。",
                    f"The file was refused with {len(upload.problems)} problem(s); nothing was "
                    "stored. Fix them and upload again.",
                ),
                icon=":material/error:",
            )
            widgets.table(
                i18n.table(uploads.problems_table(upload.problems)),
                "项目台账问题",
                key="project_upload.problems",
            )
            if mapping:
                with st.expander(t("调整列对应", "Change the column mapping")):
                    mapping_form()
    else:
        if not upload.warnings.empty:
            st.warning(
                t("以下情况请确认（不影响入库）：", "Please check (the upload is not stopped):"),
                icon=":material/warning:",
            )
            st.dataframe(
                i18n.table(uploads.problems_table(upload.warnings)),
                hide_index=True,
                width="stretch",
            )
        summary = upload.summary()
        dates = ", ".join(sorted({d.date().isoformat() for d in upload.rows["as_of"]}))
        st.info(
            t(
                f"检查通过：{summary['rows']} 行，截至日期 {dates}。确认无误后请点“确认入库”。",
                f"The file passed the checks: {summary['rows']} rows, as of {dates}. "
                "Review and confirm.",
            ),
            icon=":material/fact_check:",
        )
        if upload.already_stored:
            st.info(
                t(
                    f"同一文件已作为项目批次 {upload.already_stored['batch_id']} 入库，"
                    "再次确认不会重复入库。",
                    f"This file was already stored as batch {upload.already_stored['batch_id']}.",
                )
            )
        with st.container(horizontal=True, gap="small", key="project_upload.summary"):
            for change, en in (
                ("new_project", "New projects"),
                ("new", "New dates"),
                ("updated", "Updated"),
                ("unchanged", "Unchanged"),
            ):
                st.metric(
                    t(ledger.CHANGE_LABELS[change], en),
                    summary[change],
                    border=True,
                    width="content",
                )
        st.subheader(t("将要入库的数据", "What will be stored"))
        st.dataframe(
            views.preview_table(upload.rows, lang()),
            hide_index=True,
            width="stretch",
            key="project_upload.preview",
        )
        if mapping:
            with st.expander(t("调整列对应", "Change the column mapping")):
                mapping_form()
        if st.button(t("确认入库", "Store"), type="primary", key="project_upload.confirm"):
            stored = ledger.commit(
                the_store,
                upload,
                user.username,
                column_mapping=mapping,
                mapping_units=mapping_units,
            )
            forget_file()
            st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
            st.session_state[FLASH] = stored.message
            st.rerun()

if user.can_admin():
    st.subheader(t("项目台账批次", "Ledger batches"))
    batches = ledger.batches(the_store)
    if batches.empty:
        st.caption(t("还没有上传过项目台账。", "No ledger uploaded yet."))
    else:
        st.dataframe(
            i18n.table(
                batches.rename(
                    columns={
                        "batch_id": "批次",
                        "uploaded_at": "上传时间",
                        "uploaded_by": "上传人",
                        "file_name": "文件名",
                        "row_count": "行数",
                        "state": "状态",
                        "undone_at": "撤销时间",
                        "undone_by": "撤销人",
                    }
                ).assign(状态=lambda f: f["状态"].map(uploads.STATE_LABELS))
            ),
            hide_index=True,
            width="stretch",
            key="project_upload.batches",
        )
        stored_ids = batches.loc[batches["state"] == "stored", "batch_id"].tolist()
        if stored_ids:
            with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
                chosen = st.selectbox(
                    t("撤销批次", "Batch to undo"), stored_ids, key="project_upload.undo_choice"
                )
                if st.button(t("撤销", "Undo"), key="project_upload.undo"):
                    ledger.undo(the_store, int(chosen), user.username)
                    st.session_state[FLASH] = t(
                        f"已撤销项目批次 {chosen}：该批数据不再计入，此前的数据恢复有效",
                        f"Batch {chosen} undone: its rows no longer count, earlier ones do again",
                    )
                    st.rerun()
