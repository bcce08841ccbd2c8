"""项目台账上传: staff drop the project ledger, see every problem or what is stored, then confirm;
administrators may undo a ledger batch."""

import streamlit as st

from tracker.intake import uploads
from tracker.presentation import export
from tracker.projects import ledger
from ui import auth, projects, widgets
from ui.context import settings, store

CHECKED = "project_upload.checked"
NONCE = "project_upload.nonce"
FLASH = "project_upload.flash"

the_store = store()
user = auth.guard("upload")
config = settings()

st.title("项目台账上传")
units = uploads.allowed_units(user)
st.caption(
    "管理员可上传任何责任单位的项目。"
    if units is None
    else f"您可以上传以下责任单位的项目：{widgets.escape_markdown('、'.join(sorted(units)))}。"
    "其他单位的行会被拒收。"
)
st.caption(
    "每行是一个项目截至某日的情况：必填 项目编号、项目名称、总投资、年度计划投资、本年累计完成投资、"
    "责任单位，以及截至日期或报告期；金额默认万元，表头或单元格可写元、亿元。"
    "可加 1月计划投资 … 12月计划投资 共 12 列（倒排到月），填写后按月度计划计算序时。"
    f"项目阶段填 {'、'.join(projects.rules().stages)} 之一。"
)
template = ledger.template_frame()
st.download_button(
    "下载项目台账模板（Excel）",
    data=lambda: export.to_xlsx_bytes(template, sheet_name="项目台账"),
    file_name="重点项目台账模板.xlsx",
    mime=uploads.XLSX_MIME,
    on_click="ignore",
    icon=":material/download:",
    key="project_upload.template",
)

flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(widgets.escape_markdown(flash), icon=":material/check_circle:")

uploaded = st.file_uploader(
    "选择项目台账文件（CSV 或 XLSX）",
    max_upload_size=config.max_upload_mb,
    help=f"把文件拖到下面的框里，或点击“Browse files”。单个文件不超过 {config.max_upload_mb} MB。",
    key=f"project_upload.file_{st.session_state.get(NONCE, 0)}",
)
if uploaded is not None:
    data = uploaded.getvalue()
    key = (uploads.fingerprint(data), uploaded.name, user.username, user.role, user.units)
    checked = st.session_state.get(CHECKED)
    if not checked or checked[0] != key:
        too_large = uploads.size_problem(len(data), config.max_upload_mb)
        upload = ledger.prepare(
            the_store,
            b"" if too_large else data,
            uploaded.name,
            rules=projects.rules(),
            allowed_units=units,
        )
        if too_large:
            upload.problems = ledger.refusal(too_large)
        if not upload.accepted:
            ledger.refuse(the_store, upload, user.username)
        checked = (key, upload)
        st.session_state[CHECKED] = checked
    upload = checked[1]
    if not upload.accepted:
        st.error(
            f"文件未入库：共 {len(upload.problems)} 处问题，请按下表修改后重新上传（整个文件都未存入）。",
            icon=":material/error:",
        )
        widgets.table(
            uploads.problems_table(upload.problems), "项目台账问题", key="project_upload.problems"
        )
    else:
        if not upload.warnings.empty:
            st.warning("以下情况请确认（不影响入库）：", icon=":material/warning:")
            st.dataframe(uploads.problems_table(upload.warnings), hide_index=True, width="stretch")
        rows = upload.rows
        st.info(
            f"检查通过：{len(rows)} 行，{rows['match_key'].nunique()} 个项目，"
            f"截至日期 {', '.join(sorted({d.date().isoformat() for d in rows['as_of']}))}。",
            icon=":material/fact_check:",
        )
        if st.button("确认入库", type="primary", key="project_upload.confirm"):
            stored = ledger.commit(the_store, upload, user.username)
            st.session_state.pop(CHECKED, None)
            st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
            st.session_state[FLASH] = stored.message
            st.rerun()

if user.can_admin():
    st.subheader("项目台账批次")
    batches = ledger.batches(the_store)
    if batches.empty:
        st.caption("还没有上传过项目台账。")
    else:
        st.dataframe(
            batches.rename(
                columns={
                    "batch_id": "项目批次",
                    "uploaded_at": "上传时间",
                    "uploaded_by": "上传人",
                    "file_name": "文件名",
                    "row_count": "行数",
                    "state": "状态",
                    "undone_at": "撤销时间",
                    "undone_by": "撤销人",
                }
            ).assign(状态=lambda f: f["状态"].map(uploads.STATE_LABELS)),
            hide_index=True,
            width="stretch",
            key="project_upload.batches",
        )
        stored_ids = batches.loc[batches["state"] == "stored", "batch_id"].tolist()
        if stored_ids:
            with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
                chosen = st.selectbox("撤销批次", stored_ids, key="project_upload.undo_choice")
                if st.button("撤销", key="project_upload.undo"):
                    ledger.undo(the_store, int(chosen), user.username)
                    st.session_state[FLASH] = (
                        f"已撤销项目批次 {chosen}：该批数据不再计入，此前的数据恢复有效"
                    )
                    st.rerun()
