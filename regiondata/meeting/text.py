"""Cleaning text people type into the agenda and the sessieplan (shared by both)."""

from __future__ import annotations

import re

# C0 controls except tab (\x09) and newline (\x0a), DEL and C1 controls, and lone surrogates:
# none of them can be typed on purpose, XML (docx) rejects most, and surrogates break UTF-8.
_UNSAFE_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return ``text`` with unsafe characters removed and line endings unified.

    Removes NUL and every control character except newline and tab, and lone surrogates;
    turns ``\\r\\n`` and ``\\r`` into ``\\n``. Everything else (emoji, accents, HTML, markdown)
    is kept exactly as typed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_CHARS_RE.sub("", text)
