"""JSON-safe values of the agenda: reading them back leniently, writing dates and times as ISO text.

``from_dict()`` reads what ``to_dict()`` wrote, but also what a table widget hands over: NaN for
an empty cell, pandas Timestamps for dates. Naive times can only come from our own UTC storage.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any


def utc_now() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def parse_datetime(value: Any) -> datetime:
    """A stored time as an aware UTC datetime; now when it is missing."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str) and value:
        result = datetime.fromisoformat(value)
    else:
        return utc_now()
    # Naive values can only come from our own UTC storage: label them rather than shift them.
    return result.replace(tzinfo=UTC) if result.tzinfo is None else result.astimezone(UTC)


def parse_date(value: Any) -> date | None:
    """A stored or entered date (ISO text, date, datetime, pandas Timestamp), or ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp from a data editor
        return value.to_pydatetime().date()
    return date.fromisoformat(str(value)[:10])


def as_text(value: Any) -> str:
    """A text field: ``None`` and NaN (an empty table cell) become ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def as_float(value: Any) -> float | None:
    """A number field: empty, NaN and booleans become ``None``."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def as_target(value: Any) -> float | str | None:
    """A target is a number (``25``) or a phrase (``"onder het landelijk gemiddelde"``)."""
    if value is None or isinstance(value, str):
        return value
    return as_float(value)


def iso(value: date | datetime | None) -> str | None:
    """A date or time as ISO text for ``to_dict()``; ``None`` stays ``None``."""
    return None if value is None else value.isoformat()


DATE_YEARS_BACK = 1
"""A date typed in the agenda may lie at most this many calendar years before this year..."""
DATE_YEARS_AHEAD = 15
"""...and at most this many after it: a streefdatum in year 8 or 2999 is a typing error."""


def date_range(today: date | None = None) -> tuple[date, date]:
    """The first and last date a user may enter (this year − 1 to this year + 15)."""
    year = (today or date.today()).year
    return date(year - DATE_YEARS_BACK, 1, 1), date(year + DATE_YEARS_AHEAD, 12, 31)


def date_is_sane(value: date, today: date | None = None) -> bool:
    """Whether ``value`` lies in :func:`date_range`."""
    first, last = date_range(today)
    return first <= value <= last
