"""Frames in, tables out: column checks, values rounded as shown, the table alternative."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from regiondata.charts.labels import value_header
from regiondata.charts.text import dedupe
from regiondata.errors import BadInputError
from regiondata.indicators import Indicator


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise a Dutch :class:`BadInputError` naming the columns ``frame`` misses for ``what``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BadInputError(f"De gegevens voor {what} missen de kolom(men): {', '.join(missing)}.")


def rounded(value: Any, decimals: int) -> float | None:
    """A value rounded as a chart shows it; ``None`` when missing."""
    if value is None or pd.isna(value):
        return None
    return round(float(value), decimals)


def table_column(values: Iterable[Any], decimals: int) -> pd.Series:
    """Rounded values as shown: whole numbers as nullable integers, so the CSV has no ``.0``."""
    series = pd.Series([rounded(v, decimals) for v in values], dtype="Float64")
    return series.round().astype("Int64") if decimals == 0 else series.round(decimals)


def year_status(year: int, provisional_years: Iterable[int]) -> str:
    """``voorlopig`` or ``definitief``, for a table's status column."""
    return "voorlopig" if year in set(provisional_years) else "definitief"


def extreme_codes(frame: pd.DataFrame, column: str) -> list[str]:
    """The codes of the regions with the highest and the lowest ``column`` (labelled on a projector)."""
    valid = frame[frame[column].notna()]
    if valid.empty:
        return []
    return dedupe(
        [
            str(valid.loc[valid[column].idxmax(), "region_code"]),
            str(valid.loc[valid[column].idxmin(), "region_code"]),
        ]
    )


def value_table(frame: pd.DataFrame, indicator: Indicator, period: str | None) -> pd.DataFrame:
    """The table alternative of a map: code, region and the value as shown."""
    return pd.DataFrame(
        {
            "Code": frame["region_code"].astype(str),
            "Arbeidsmarktregio": frame["region_name"].astype(str),
            value_header(indicator, period): table_column(frame["shown"], indicator.decimals),
        }
    )
