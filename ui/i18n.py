"""Chinese by default, English on request; the choice lives in the session and the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

LANGUAGES = {"zh": "中文", "en": "English"}


def lang() -> str:
    chosen = st.session_state.get("lang") or st.query_params.get("lang", "zh")
    return chosen if chosen in LANGUAGES else "zh"


def t(zh: str, en: str) -> str:
    """The text in the session's language; both are written side by side where they are used."""
    return en if lang() == "en" else zh


def language_switch() -> None:
    current = lang()
    choice = st.sidebar.segmented_control(
        "语言 / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=current,
        key="lang_choice",
    )
    if choice and choice != current:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()
    st.session_state["lang"] = current


# The data and account tables (tracker.intake.uploads) are written in Chinese, as the bureau's
# records and downloads are; an English session reads their headers and fixed values here.
# Text that users typed (names, file names, audit details, problems) stays as it was written.
TABLE_WORDS = {
    "批次": "Batch",
    "上传时间": "Uploaded at",
    "上传人": "Uploaded by",
    "文件名": "File",
    "行数": "Rows",
    "状态": "Status",
    "撤销时间": "Undone at",
    "撤销人": "Undone by",
    "已入库": "Stored",
    "已撤销": "Undone",
    "示例数据": "Demo data",
    "用户名": "Username",
    "显示名": "Display name",
    "角色": "Role",
    "牵头单位": "Lead units",
    "最近登录": "Last sign-in",
    "创建时间": "Created",
    "领导（只读）": "Leader (view only)",
    "填报人员": "Staff",
    "管理员": "Administrator",
    "启用": "Active",
    "已停用": "Disabled",
    "时间": "Time",
    "操作人": "By",
    "操作": "Action",
    "详情": "Details",
    "登录": "Sign-in",
    "登录失败": "Failed sign-in",
    "退出登录": "Sign-out",
    "新增账户": "Account added",
    "停用账户": "Account disabled",
    "启用账户": "Account enabled",
    "重置密码": "Password reset",
    "变更角色": "Role changed",
    "上传": "Upload",
    "上传被拒": "Upload refused",
    "撤销上传": "Upload undone",
    "保存任务清单": "Task list saved",
    "任务清单被拒": "Task list refused",
    "调整报送日历": "Calendar changed",
    "表头": "Header",
    "英文表头": "English header",
    "必填": "Required",
    "是": "yes",
    "也可写作": "Also accepted",
    "说明": "Notes",
    "行": "Row",
    "列": "Column",
    "问题及修改方法": "Problem and how to fix it",
    "变化": "Change",
    "新指标": "New indicator",
    "新增": "New",
    "更新": "Updated",
    "不变": "Unchanged",
}
LOCKED_UNTIL = "锁定至 "


def _english_value(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value.startswith(LOCKED_UNTIL):
        return "Locked until " + value.removeprefix(LOCKED_UNTIL)
    return TABLE_WORDS.get(value, value)


# Fixed words inside a line such as "批次 9 · 文件.csv · 2022-09-30 10:00 · 示例数据（已撤销）".
PHRASE_WORDS = {"批次 ": "Batch ", "（已撤销）": " (undone)", "示例数据": "Demo data"}


def phrase(text: str) -> str:
    """A line the data and account pages build in Chinese, in the session's language."""
    if lang() != "en":
        return text
    text = TABLE_WORDS.get(text, text)
    for chinese, english in PHRASE_WORDS.items():
        text = text.replace(chinese, english)
    return text


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """A data or account table in the session's language: headers and fixed values."""
    if lang() != "en":
        return frame
    english = frame.rename(columns=lambda name: TABLE_WORDS.get(name, name))
    for column in english.columns:
        if english[column].dtype == object or pd.api.types.is_string_dtype(english[column]):
            english[column] = english[column].map(_english_value)
    return english


def chinese_uploader(max_upload_mb: int) -> None:
    """Streamlit writes its file uploader's button and limit in English ("Upload", "20MB per
    file") and each chosen file's size in bytes; in a Chinese session they are hidden and
    Chinese words are drawn in their place."""
    if lang() != "zh":
        return
    st.html(
        f"""<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {{
  visibility: hidden; font-size: 0;
}}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {{
  content: "选择文件"; visibility: visible; font-size: 14px;
}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "或把文件拖到这里；每个文件不超过 {int(max_upload_mb)} MB";
  visibility: visible; font-size: 14px;
}}
[data-testid="stFileChipName"] + div {{ display: none; }}
</style>"""
    )
