"""Dutch numbers and dates for the agenda: formatting them, and finding a date in free text."""

from __future__ import annotations

import re
from datetime import date

from regiondata.dutch import MONTHS_NL


def format_int_nl(value: int) -> str:
    """Format an integer the Dutch way: ``6200`` -> ``"6.200"``."""
    return f"{value:,}".replace(",", ".")


def format_number_nl(value: float, decimals: int | None = None) -> str:
    """Format a number the Dutch way: ``1234.5`` -> ``"1.234,5"``, ``25.0`` -> ``"25"``.

    Without ``decimals`` at most three decimals are shown and trailing zeros dropped.
    """
    text = f"{value:,.3f}".rstrip("0").rstrip(".") if decimals is None else f"{value:,.{decimals}f}"
    # Swap the separators through a placeholder: "1,234.5" -> "1.234,5".
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_MONTH_ALIASES = {name: i + 1 for i, name in enumerate(MONTHS_NL)} | {
    name[:3]: i + 1 for i, name in enumerate(MONTHS_NL)
}
_MONTH_ALIASES |= {"mrt": 3, "sept": 9}
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_WORD_DATE_RE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})\b")


def parse_date_nl(text: str) -> date | None:
    """Find a calendar date in free Dutch text, or return ``None``.

    Understands ``2026-12-01``, ``1-12-2026``, ``1/12/2026``, ``1.12.2026``, ``1 december 2026``
    and ``1 dec 2026``, also inside a sentence ("uiterlijk 15 januari 2027"). Vague moments
    ("na de zomer", "Q1") give ``None`` on purpose: the checklist must not guess.
    """
    lowered = text.lower()
    candidates: list[tuple[int, int, int]] = []
    if m := _ISO_DATE_RE.search(lowered):
        candidates.append((int(m[1]), int(m[2]), int(m[3])))
    if m := _NUMERIC_DATE_RE.search(lowered):
        candidates.append((int(m[3]), int(m[2]), int(m[1])))
    for m in _WORD_DATE_RE.finditer(lowered):
        month = _MONTH_ALIASES.get(m[2])
        if month:
            candidates.append((int(m[3]), month, int(m[1])))
            break
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:  # "31-02-2027" looks like a date but is not one
            continue
    return None


def format_date_nl(value: date) -> str:
    """Format a date in Dutch: ``date(2026, 12, 1)`` -> ``"1 december 2026"``."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"
