"""上传记录: who uploaded what and when; the original file again; an admin undoes a batch."""

import functools

import streamlit as st

from tracker.intake import uploads
from ui import auth, i18n
from ui.context import store
from ui.i18n import t
from ui.text import escape_markdown

FLASH = "history_flash"

the_store = store()
user = auth.guard("upload")

st.title(t("上传记录", "Upload history"))
st.caption(
    t(
        "每次入库为一个批次。撤销批次后，该批数据不再计入，被它覆盖的此前数据恢复有效；原始文件始终保留。",
        "Each stored file is a batch. Undoing a batch withdraws its rows and restores what it superseded.",
    )
)

if not user.can_admin():
    units = escape_markdown("、".join(user.units))
    st.caption(
        t(
            f"这里列出您本人上传的批次，以及含本单位（{units}）数据的批次。",
            f"Listed: batches you uploaded and batches with rows for your units ({units}).",
        )
    )

flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/undo:")

batches = uploads.history(the_store, user)
if batches.empty:
    st.info(t("还没有上传记录。", "Nothing has been uploaded yet."))
    st.stop()

st.dataframe(
    i18n.table(uploads.history_table(batches)),
    hide_index=True,
    width="stretch",
    key="history_table",
)

st.subheader(t("批次详情", "Batch"))
by_id = {int(b["batch_id"]): b for b in batches.to_dict("records")}
batch_id = st.selectbox(
    t("选择批次", "Batch"),
    options=list(by_id),
    format_func=lambda b: i18n.phrase(uploads.batch_label(by_id[b])),
    key="history_batch",
)
batch = by_id[batch_id]


def original_bytes(chosen: int, clicked_by) -> bytes:
    """Read only when the button is clicked, for the user as they are then."""
    found = uploads.original_file(the_store, clicked_by, chosen)
    if found is None:
        raise PermissionError("无权下载该批次的原始文件")
    return found[1]


st.download_button(
    t("下载原始文件", "Download the original file"),
    data=auth.download(functools.partial(original_bytes, batch_id), "upload"),
    file_name=batch["file_name"],
    mime=uploads.mime_for(batch["file_name"]),
    on_click="rerun",
    icon=":material/download:",
    key="history_original",
)

if user.can_admin():
    if batch["state"] == "stored":
        confirmed = st.checkbox(
            t(
                f"我确认撤销批次 {batch_id}（{escape_markdown(batch['file_name'])}，"
                f"{batch['row_count']} 行）",
                f"I confirm undoing batch {batch_id}",
            ),
            key=f"undo_confirm_{batch_id}",
        )
        if st.button(
            t("撤销此批次", "Undo this batch"),
            type="primary",
            disabled=not confirmed,
            icon=":material/undo:",
            key="undo_batch",
        ):
            try:
                st.session_state[FLASH] = uploads.undo_batch(the_store, user, batch_id)
            except ValueError as exc:
                st.error(str(exc))
            else:
                st.rerun()
    else:
        undone_by = escape_markdown(batch["undone_by"])
        st.caption(
            t(
                f"该批次已于 {batch['undone_at']:%Y-%m-%d %H:%M} 由 {undone_by} 撤销。",
                f"Undone by {undone_by} at {batch['undone_at']:%Y-%m-%d %H:%M}.",
            )
        )
