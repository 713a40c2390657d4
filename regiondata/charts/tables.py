"""Frames in, tables out: column checks, values rounded as shown, the table alternative."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from regiondata.charts.labels import value_header
from regiondata.charts.text import dedupe, format_number
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


def describe_table(table: pd.DataFrame) -> str:
    """One Dutch sentence on what a chart shows, from exactly what it plots (its table).

    A table with a year column reads as a series ("van 2015 tot 2024 … van 30,1 naar 34,1"); a
    table of regions names the highest and lowest region of its first number column. Used as the
    accessible description of the chart (``alt`` of ``st.plotly_chart``).
    """
    if table.empty:
        return "De grafiek heeft geen gegevens."
    numbers = {c: pd.to_numeric(table[c], errors="coerce") for c in table.columns}
    numeric = [c for c, v in numbers.items() if v.notna().any() and c not in ("Jaar", "Code")]
    if "Jaar" in table.columns and numeric:
        years = pd.to_numeric(table["Jaar"].astype(str).str[:4], errors="coerce")
        parts = []
        for column in numeric[:3]:
            known = numbers[column][numbers[column].notna()]
            first, last = known.index[0], known.index[-1]
            parts.append(
                f"{column} van {format_number(known[first], _shown_decimals(known))} in {int(years[first])} "
                f"naar {format_number(known[last], _shown_decimals(known))} in {int(years[last])}"
            )
        return "; ".join(parts) + "."
    names = next((c for c in ("Arbeidsmarktregio", "Regio", "Gemeente") if c in table.columns), None)
    if names and numeric:
        column = numeric[0]
        values = numbers[column]
        if values.notna().any():
            hi, lo = values.idxmax(), values.idxmin()
            d = _shown_decimals(values.dropna())
            high = f"{table.loc[hi, names]} ({format_number(values[hi], d)})"
            low = f"{table.loc[lo, names]} ({format_number(values[lo], d)})"
            return f"{column} voor {values.notna().sum()} regio's: hoogste {high}, laagste {low}."
    return f"Tabel met {len(table)} rijen: {', '.join(map(str, table.columns))}."


def _shown_decimals(values: pd.Series) -> int:
    known = values.dropna().astype(float)
    return next((d for d in range(3) if (known.round(d) == known).all()), 2)
