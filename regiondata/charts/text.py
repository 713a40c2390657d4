"""Text as the charts show it: escaped, wrapped, Dutch numbers, hover text, notes without repeats.

How an indicator is worded (units, headers, axis titles, periods) is in :mod:`regiondata.charts.labels`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd


def escape_text(text: str) -> str:
    """Escape text for Plotly, which renders a subset of HTML (``<b>``, ``<br>``, entities).

    User text such as a partner name ``<script>`` must be shown literally, not interpreted.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_text(text: str, width: int, *, break_words: bool = True, hyphens: bool = False) -> str:
    """Escape and wrap plain text onto ``<br>``-separated lines of at most ``width`` characters.

    Args:
        text: Plain text (never HTML); newlines start a new line.
        width: Maximum characters per line.
        break_words: Split words longer than ``width``.
        hyphens: Also break after a hyphen (``Zuid-|Kennemerland``).
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        wrapped = textwrap.wrap(
            paragraph, width=max(width, 8), break_on_hyphens=hyphens, break_long_words=break_words
        )
        lines.extend(wrapped or [""])
    return "<br>".join(escape_text(line) for line in lines)


def wrap_balanced(text: str, width: int) -> str:
    """Like :func:`wrap_text`, but with lines of similar length (no lone last word in a title)."""
    lines = textwrap.wrap(str(text), width=max(width, 8), break_on_hyphens=False)
    if len(lines) > 1:
        even = math.ceil(len(str(text)) / len(lines)) + 3
        balanced = textwrap.wrap(str(text), width=even, break_on_hyphens=False)
        if len(balanced) == len(lines):
            lines = balanced
    return "<br>".join(escape_text(line) for line in lines) if lines else ""


def format_number(value: Any, decimals: int = 0, *, signed: bool = False) -> str:
    """Format a number the Dutch way (``1.234,5``, minus sign ``−``); ``–`` when missing."""
    if value is None or pd.isna(value):
        return "–"
    number = float(value)
    text = f"{abs(number):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    shown_zero = round(abs(number), decimals) == 0
    if number < 0 and not shown_zero:
        return "−" + text
    if signed and number > 0 and not shown_zero:
        return "+" + text
    return text


def dedupe(items: Iterable[str]) -> list[str]:
    """The non-empty items in their first order, each once (a note that does not apply is ``""``)."""
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


def hover_html(lines: Sequence[str]) -> str:
    """Hover lines as Plotly's HTML (the lines are escaped by the caller)."""
    return "<br>".join(lines)


def region_hover(code: str, name: str, rows: Sequence[str]) -> str:
    """Hover text of one region: its name in bold and code, then ``rows``."""
    return hover_html([f"<b>{escape_text(name)}</b> ({code})", *rows])
