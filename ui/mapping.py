"""The column mapping form of the upload pages: one choice of field per header of the file."""

from __future__ import annotations

import streamlit as st

from tracker.intake import uploads
from tracker.intake.fields import SNAPSHOT, Contract
from ui.i18n import t
from ui.text import escape_markdown


def form(
    headers: list[str],
    mapping: dict[str, str | None],
    sha: str,
    *,
    form_key: str,
    prefix: str,
    contract: Contract = SNAPSHOT,
) -> dict[str, str | None] | None:
    """Draw the form; when it is submitted with a complete choice, the mapping to check the file
    with again (only the headers read otherwise than they name themselves), else None, with what
    is wrong shown. Its widgets are keyed `{prefix}_{sha[:12]}_{i}`, its button `{prefix}_submit`.
    """
    options = uploads.field_choices(contract)
    keys = []
    with st.form(form_key):
        columns = st.columns(3)
        for index, header in enumerate(headers):
            widget_key = f"{prefix}_{sha[:12]}_{index}"
            keys.append(widget_key)
            columns[index % 3].selectbox(
                escape_markdown(header.strip()),
                options=options,
                index=options.index(uploads.suggested_field(header, mapping, contract)),
                format_func=lambda name: uploads.field_label(name, contract),
                key=widget_key,
            )
        submitted = st.form_submit_button(
            t("按此对应重新检查", "Check again with this mapping"),
            type="primary",
            key=f"{prefix}_submit",
        )
    if not submitted:
        return None
    choices = {header: st.session_state[k] for header, k in zip(headers, keys, strict=True)}
    problems = uploads.mapping_problems(choices, contract)
    for problem in problems:
        st.error(escape_markdown(problem))
    return None if problems else uploads.mapping_overrides(choices, contract)
