"""Names from uploads and accounts shown as text wherever Streamlit would read Markdown."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be escaped in Markdown; Streamlit adds its own
# directives (:material/…:, :red[…], $…$), which the same escapes switch off.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:$~=\"'&^%@,;/?])")


def escape_markdown(text: object) -> str:
    """Text from an upload, safe to put into Markdown (a label, caption, help, option of a radio,
    st.markdown): shown exactly as typed, never as markup, a link or an image.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
