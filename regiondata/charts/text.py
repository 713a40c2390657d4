"""Text as the charts show it: escaped, wrapped, Dutch numbers, headers, periods and notes."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from regiondata.indicators import Indicator


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


def format_with_unit(indicator: Indicator, value: Any, *, signed: bool = False) -> str:
    """Format a value with the indicator's decimals and unit (``45,2 per 1.000 …``, ``1,2%``)."""
    number = format_number(value, indicator.decimals, signed=signed)
    if number == "–":
        return "geen gegevens"
    if indicator.unit.startswith("%"):
        return number + indicator.unit
    return f"{number} {indicator.unit}"


def value_header(indicator: Indicator, period: str | None = None) -> str:
    """A Dutch table header with unit and period, e.g. ``Werkloosheid (% van de …), 2025``."""
    unit_words = indicator.unit.split(" (")[0].lower()
    header = (
        indicator.title if unit_words in indicator.title.lower() else f"{indicator.title} ({indicator.unit})"
    )
    return f"{header}, {period}" if period else header


def axis_title(indicator: Indicator) -> str:
    """An axis title with unit: ``Werkloosheid (% van de …)``, ``Bijstand per 1.000 inwoners (15+)``."""
    short, unit = indicator.short, indicator.unit
    if unit.startswith("per ") and " per " in f" {short}":
        return short[: short.index("per ")] + unit  # "Bijstand per 1.000" + unit spells it out
    if not unit or unit.split(" (")[0].lower() in short.lower():
        return short
    return f"{short} ({unit})"


def period_label(indicator: Indicator, year: int | None, provisional_years: Iterable[int] = ()) -> str | None:
    """The period a value refers to: ``2025``, or ``2024–2025`` for a change; ``*`` if provisional."""
    if year is None:
        return None
    text = f"{year - 1}–{year}" if indicator.aggregation == "growth" else str(year)
    return text + ("*" if year in set(provisional_years) else "")


def indicator_notes(indicator: Indicator) -> list[str]:
    """Standard notes for an indicator: aggregated from gemeenten, or approximated from COROP."""
    notes: list[str] = []
    if indicator.approximation:
        notes.append("Benadering op basis van COROP-gebieden")
    elif indicator.published_level == "gemeente" and indicator.aggregation != "published":
        notes.append("Geaggregeerd uit gemeenten")
    return notes


PROVISIONAL_NOTE = "* voorlopige cijfers"


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
