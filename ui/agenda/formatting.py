"""Dutch times, numbers and targets for the agenda page, and reading table cells: no widgets."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from regiondata.meeting.agenda import format_date_nl
from regiondata.meeting.agenda.model import format_number_nl


def _zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no tz database: show UTC, labelled so
        return None


def local_time(moment: datetime) -> datetime:
    """``moment`` in Dutch local time (Europe/Amsterdam), or UTC when no tz database exists."""
    zone = _zone()
    return moment.astimezone(zone) if zone else moment.astimezone(UTC)


def clock(moment: datetime) -> str:
    """``HH:MM`` in Dutch local time."""
    return f"{local_time(moment):%H:%M}" + ("" if _zone() else " (UTC)")


def when_nl(moment: datetime, now: datetime | None = None) -> str:
    """A Dutch "last edited" moment: ``vandaag om 14:32``, ``gisteren om 9:05``, ``3 maart 2026 om 14:32``."""
    local = local_time(moment)
    today = local_time(now or datetime.now(UTC)).date()
    if local.date() == today:
        day = "vandaag"
    elif (today - local.date()).days == 1:
        day = "gisteren"
    else:
        day = format_date_nl(local.date())
    return f"{day} om {clock(moment)}"


def parse_target(text: Any) -> float | str | None:
    """A target from a table cell: a Dutch number (``25``, ``25,5``, ``1.250``) becomes a number;
    anything else ("onder het landelijk gemiddelde") stays text."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).strip()
    if not cleaned:
        return None
    if _DUTCH_NUMBER_RE.fullmatch(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL_RE.fullmatch(cleaned):  # "30.5": a decimal point, as typed on many keyboards
        return float(cleaned)
    return cleaned


_DUTCH_NUMBER_RE = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_DOT_DECIMAL_RE = re.compile(r"-?\d+\.(\d{1,2}|\d{4,})")


def target_text(value: float | str | None) -> str:
    """A target for a table cell: numbers the Dutch way."""
    if value is None:
        return ""
    return format_number_nl(value) if isinstance(value, float) else value


def value_with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """``34,1 per 1.000 inwoners (15+)``, ``4,7%``; ``–`` when missing."""
    if value is None:
        return "–"
    separator = "" if unit.startswith("%") else " "
    return f"{format_number_nl(value, decimals)}{separator}{unit}"


def cell_text(value: Any) -> str:
    """A table cell as text; empty for a missing value (``None``, ``NaN``, ``pd.NA``)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def cell_date(value: Any) -> date | None:
    """A table cell as a date (from a date, a timestamp or ISO text); ``None`` when it is none."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_label(user_agent: str | None) -> str:
    """Which browser saved, until there is a login: "Chrome op Windows", or "Onbekende browser"."""
    agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in agent), "")
    if browser and system:
        return f"{browser} op {system}"
    return browser or system or "Onbekende browser"
