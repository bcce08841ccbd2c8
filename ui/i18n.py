"""Chinese by default, English on request; the choice lives in the session and the URL."""

from __future__ import annotations

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
