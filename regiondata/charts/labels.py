"""How an indicator is worded on a chart: values with unit, table headers, axis titles, periods, notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from regiondata.charts.text import format_number
from regiondata.indicators import Indicator


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
