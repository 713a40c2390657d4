"""Years with data, the period indicators share, and the change of an indicator over a period.

Pure functions on ``snapshot.derived.regions`` (one row per ``level``, ``region_code`` and
``year``), the base the quadrants, similar regions and sentences build on. Code is English; every
text a user reads is Dutch.

Rules for a change over a period (``period_change``), chosen per indicator:

* counts (aggregation ``sum``): percentage change between the two years;
* year-on-year growth indicators (``YOY_GROWTH_KEYS``): growth compounded over the years
  ``from_year + 1`` … ``to_year``, i.e. ``Π(1 + g/100) − 1``, missing if any year is missing;
* everything else (rates, percentages, per 1.000): the difference in points.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY, Indicator
from regiondata.model.wording import dutch_list

Level = Literal["amr", "gemeente", "nl"]
ChangeRule = Literal["pct", "compound", "points"]

LEVELS: tuple[str, ...] = ("amr", "gemeente", "nl")

#: A year counts as available when at least this share of the best-covered year's regions has a
#: value; the same rule as ``views.latest_year``, so a half-published newest year is not offered.
MOST_REGIONS_SHARE = 0.8

#: Indicators whose yearly values are growth against the previous year. The registry has no flag
#: for this: GDP volume growth is ``corop_weighted``, the others are ``growth``.
YOY_GROWTH_KEYS: frozenset[str] = frozenset(
    {k for k, ind in INDICATORS_BY_KEY.items() if ind.aggregation == "growth"} | {"gdp_volume_growth_pct"}
)


# --- input checks ----------------------------------------------------------------------------


def is_missing(value: float | None) -> bool:
    """Whether a value is absent: ``None``, NaN or a pandas missing value."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))


def _indicator(key: str) -> Indicator:
    try:
        return INDICATORS_BY_KEY[key]
    except KeyError:
        raise BadInputError(f"Onbekende indicator '{str(key)[:40]}'.") from None


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise BadInputError(f"Onbekend niveau '{str(level)[:20]}'; kies amr, gemeente of nl.")


def check_period(from_year: int, to_year: int) -> tuple[int, int]:
    """The period as two whole years, the start before the end.

    Raises:
        BadInputError: When a year is not a number or the start is not before the end.
    """
    try:
        a, b = int(from_year), int(to_year)
    except (TypeError, ValueError):
        raise BadInputError("De periode moet uit twee jaartallen bestaan, bijvoorbeeld 2015–2024.") from None
    if a >= b:
        raise BadInputError(f"Het beginjaar ({a}) moet vóór het eindjaar ({b}) liggen.")
    return a, b


# --- periods ---------------------------------------------------------------------------------


def change_rule(key: str) -> ChangeRule:
    """How ``period_change`` measures change for an indicator.

    Returns:
        ``"pct"`` for counts, ``"compound"`` for year-on-year growth, ``"points"`` otherwise.
    """
    ind = _indicator(key)
    if key in YOY_GROWTH_KEYS:
        return "compound"
    if ind.aggregation == "sum":
        return "pct"
    return "points"


def available_years(regions: pd.DataFrame, key: str, level: str = "amr") -> list[int]:
    """The years in which most regions of a level have a value for an indicator.

    A year counts when at least 80% as many regions have a value as in the best-covered year.

    Returns:
        Sorted years; empty when the indicator has no values on this level.
    """
    _indicator(key)
    _check_level(level)
    years = regions.loc[(regions["level"] == level) & regions[key].notna(), "year"]
    if years.empty:
        return []
    counts = years.value_counts()
    return sorted(int(y) for y in counts[counts >= counts.max() * MOST_REGIONS_SHARE].index)


def _years_needed(key: str, from_year: int, to_year: int) -> list[int]:
    # Compounded growth needs every year after the start; other rules only the two end points.
    if change_rule(key) == "compound":
        return list(range(from_year + 1, to_year + 1))
    return [from_year, to_year]


def common_period(regions: pd.DataFrame, keys: list[str], level: str = "amr") -> tuple[int, int]:
    """The widest period over which every indicator can be compared for most regions.

    Counts and rates need both end years; year-on-year growth needs every year after the start
    year (so its start year may lie one year before its first published value). Among equally
    wide periods the most recent wins.

    Raises:
        BadInputError: When the indicators share no period.
    """
    if not keys:
        raise BadInputError("Kies ten minste één indicator.")
    available = {key: set(available_years(regions, key, level)) for key in keys}
    years = sorted(set().union(*available.values()))
    if years:
        years = [years[0] - 1, *years]
    best: tuple[int, int] | None = None
    for a in years:
        for b in years:
            if b <= a or (best is not None and (b - a, b) <= (best[1] - best[0], best[1])):
                continue
            if all(set(_years_needed(k, a, b)) <= available[k] for k in keys):
                best = (a, b)
    if best is None:
        titles = dutch_list([f"'{INDICATORS_BY_KEY[k].title}'" for k in keys])
        raise BadInputError(f"Er is geen periode waarin {titles} allemaal cijfers hebben.")
    return best


def latest_names(frame: pd.DataFrame) -> pd.Series:
    """Each region's name in its newest year (names change when regions are renamed)."""
    return frame.sort_values("year").groupby("region_code")["region_name"].last()


def period_change(
    regions: pd.DataFrame, key: str, from_year: int, to_year: int, level: str = "amr"
) -> pd.DataFrame:
    """Change of an indicator between two years, per region of a level.

    Rules (see ``change_rule``):

    * counts: ``change_pct = (value_to / value_from − 1) × 100``; missing when either year is
      missing or ``value_from`` is 0;
    * year-on-year growth: compounded over ``from_year + 1`` … ``to_year``; ``value_from`` is
      100 and ``value_to`` the volume index at ``to_year`` (start = 100), so both columns read
      like an index; missing when any year is missing;
    * rates and percentages: ``change_points = value_to − value_from`` (column ``change_points``
      instead of ``change_pct``).

    Args:
        regions: ``snapshot.derived.regions``.
        key: Indicator key.
        from_year: Start year.
        to_year: End year, after ``from_year``.
        level: ``"amr"``, ``"gemeente"`` or ``"nl"``.

    Returns:
        ``region_code``, ``region_name``, ``value_from``, ``value_to`` and ``change_pct`` or
        ``change_points``; one row per region with a row in either year, sorted by code.

    Raises:
        BadInputError: Unknown key or level, or a start year not before the end year.
    """
    _indicator(key)
    _check_level(level)
    a, b = check_period(from_year, to_year)
    frame = regions[regions["level"] == level]
    codes = sorted(frame.loc[frame["year"].isin([a, b]), "region_code"].unique())
    wide = frame.pivot(index="region_code", columns="year", values=key).reindex(index=codes)
    names = latest_names(frame).reindex(codes)
    out = pd.DataFrame({"region_code": codes, "region_name": names.to_numpy()})
    rule = change_rule(key)
    if rule == "compound":
        growth = wide.reindex(columns=range(a + 1, b + 1))
        factor = (1 + growth / 100).prod(axis=1, skipna=False)
        out["value_from"] = 100.0
        out["value_to"] = (100 * factor).to_numpy()
        out["change_pct"] = ((factor - 1) * 100).to_numpy()
        return out
    start = wide.reindex(columns=[a])[a].to_numpy(dtype=float)
    end = wide.reindex(columns=[b])[b].to_numpy(dtype=float)
    out["value_from"] = start
    out["value_to"] = end
    if rule == "pct":
        with np.errstate(divide="ignore", invalid="ignore"):
            out["change_pct"] = np.where(start > 0, (end / start - 1) * 100, np.nan)
    else:
        out["change_points"] = end - start
    return out


def require_period(regions: pd.DataFrame, keys: list[str], from_year: int, to_year: int) -> None:
    """Raise a Dutch error when the indicators cannot all be compared over the period.

    The message names the indicator that limits the period, so the user knows what to pick.

    Raises:
        BadInputError: When an indicator has no figures per arbeidsmarktregio, or misses a year
            the period needs.
    """
    bounds: dict[str, tuple[int, int]] = {}
    for key in keys:
        years = available_years(regions, key)
        if not years:
            title = INDICATORS_BY_KEY[key].title
            raise BadInputError(f"Voor '{title}' zijn geen cijfers per arbeidsmarktregio.")
        first = years[0] - 1 if change_rule(key) == "compound" else years[0]
        bounds[key] = (first, years[-1])
    last_key = min(keys, key=lambda k: bounds[k][1])
    first_key = max(keys, key=lambda k: bounds[k][0])
    last, first = bounds[last_key][1], bounds[first_key][0]
    if to_year > last:
        raise BadInputError(
            f"Voor '{INDICATORS_BY_KEY[last_key].title}' zijn er cijfers tot en met {last}. "
            f"Kies {last} of eerder als eindjaar."
        )
    if from_year < first:
        raise BadInputError(
            f"Voor '{INDICATORS_BY_KEY[first_key].title}' zijn er cijfers vanaf {first}. "
            f"Kies {first} of later als beginjaar."
        )
    for key in keys:
        available = set(available_years(regions, key))
        gaps = [y for y in _years_needed(key, from_year, to_year) if y not in available]
        if gaps:
            raise BadInputError(
                f"Voor '{INDICATORS_BY_KEY[key].title}' ontbreken cijfers over "
                f"{dutch_list([str(y) for y in gaps])}. Kies een andere periode."
            )


def national_change(regions: pd.DataFrame, key: str, from_year: int, to_year: int) -> float:
    """The national (NL row) change of an indicator over a period; NaN when it is missing."""
    nl = period_change(regions, key, from_year, to_year, level="nl")
    column = "change_points" if change_rule(key) == "points" else "change_pct"
    return float(nl[column].iloc[0]) if len(nl) else math.nan
