"""Analysis for the core question: does regional economic growth reach the people on bijstand?

Pure functions on ``snapshot.derived.regions`` (one row per ``level``, ``region_code`` and
``year``): changes over a period, the quadrant and bivariate classes, similar regions, plain-Dutch
fact sentences and chart headlines. Code is English; every text a user reads is Dutch.

Rules for a change over a period (``period_change``), chosen per indicator:

* counts (aggregation ``sum``): percentage change between the two years;
* year-on-year growth indicators (``YOY_GROWTH_KEYS``): growth compounded over the years
  ``from_year + 1`` … ``to_year``, i.e. ``Π(1 + g/100) − 1``, missing if any year is missing;
* everything else (rates, percentages, per 1.000): the difference in points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY, Indicator
from regiondata.regions import NL_CODE, parse_amr_code

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

MINUS = "\u2212"  # a real minus sign: a hyphen reads as a dash on a projector


# --- formatting ------------------------------------------------------------------------------


def _num(value: float, decimals: int = 1) -> str:
    """Dutch number (``1.234,5``) with a real minus sign; ``−0,0`` becomes ``0,0``."""
    text = f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if text.startswith("-"):
        text = text[1:] if set(text[1:]) <= set("0,.") else MINUS + text[1:]
    return text


def _pct(value: float, decimals: int = 1) -> str:
    return f"{_num(value, decimals)}%"


def _join(words: list[str]) -> str:
    """Dutch enumeration: ``a``, ``a en b``, ``a, b en c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))


# --- input checks ----------------------------------------------------------------------------


def _indicator(key: str) -> Indicator:
    try:
        return INDICATORS_BY_KEY[key]
    except KeyError:
        raise BadInputError(f"Onbekende indicator '{str(key)[:40]}'.") from None


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise BadInputError(f"Onbekend niveau '{str(level)[:20]}'; kies amr, gemeente of nl.")


def _check_period(from_year: int, to_year: int) -> tuple[int, int]:
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
        titles = _join([f"'{INDICATORS_BY_KEY[k].title}'" for k in keys])
        raise BadInputError(f"Er is geen periode waarin {titles} allemaal cijfers hebben.")
    return best


def _latest_names(frame: pd.DataFrame) -> pd.Series:
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
    a, b = _check_period(from_year, to_year)
    frame = regions[regions["level"] == level]
    codes = sorted(frame.loc[frame["year"].isin([a, b]), "region_code"].unique())
    wide = frame.pivot(index="region_code", columns="year", values=key).reindex(index=codes)
    names = _latest_names(frame).reindex(codes)
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


def _require_period(regions: pd.DataFrame, keys: list[str], from_year: int, to_year: int) -> None:
    """Raise a Dutch error when the indicators cannot all be compared over the period.

    The message names the indicator that limits the period, so the user knows what to pick.
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
                f"{_join([str(y) for y in gaps])}. Kies een andere periode."
            )


# --- growth against bijstand: the quadrant ---------------------------------------------------


@dataclass(frozen=True)
class GrowthChoice:
    """An economy indicator that can be the "growth" axis.

    Attributes:
        key: Short stable key for URLs (``banen``, ``bbp``, ``vestigingen``).
        label: Dutch label for a selector.
        short: Short Dutch name for a key figure's label (narrow columns cut off longer ones).
        axis_label: Dutch axis title with unit.
        indicator_key: The registry key the growth is computed from.
        approximation: Whether the regional figures are an approximation (show a note).
        description: Dutch sentence on how the growth is measured.
    """

    key: str
    label: str
    short: str
    axis_label: str
    indicator_key: str
    approximation: bool
    description: str


GROWTH_CHOICES: dict[str, GrowthChoice] = {
    c.key: c
    for c in (
        GrowthChoice(
            key="banen",
            label="Banen van werknemers",
            short="Banen",
            axis_label="Groei aantal banen (%)",
            indicator_key="jobs_count",
            approximation=INDICATORS_BY_KEY["jobs_count"].approximation,
            description="Procentuele verandering van het aantal banen van werknemers tussen begin- "
            "en eindjaar.",
        ),
        GrowthChoice(
            key="bbp",
            label="Economische groei (bbp-volume)",
            short="Bbp-volume",
            axis_label="Bbp-volumegroei over de periode (%)",
            indicator_key="gdp_volume_growth_pct",
            approximation=INDICATORS_BY_KEY["gdp_volume_growth_pct"].approximation,
            description="De jaarlijkse volumegroei van het bbp, opgeteld over de jaren na het "
            "beginjaar (rente op rente); per regio een benadering op basis van COROP-gebieden.",
        ),
        GrowthChoice(
            key="vestigingen",
            label="Vestigingen van bedrijven",
            short="Vestigingen",
            axis_label="Groei aantal vestigingen (%)",
            indicator_key="establishments_count",
            approximation=INDICATORS_BY_KEY["establishments_count"].approximation,
            description="Procentuele verandering van het aantal vestigingen van bedrijven tussen "
            "begin- en eindjaar.",
        ),
    )
}


@dataclass(frozen=True)
class Quadrant:
    """One quadrant of the growth × bijstand chart, relative to the national reference lines.

    Attributes:
        key: Stable key (for colours and tests).
        label: Short Dutch name for the chart corner.
        explanation: One Dutch sentence saying exactly what the quadrant means.
        more_growth: Growth above the national growth.
        bijstand_favourable: Bijstand change below the national change (fell more or rose less).
    """

    key: str
    label: str
    explanation: str
    more_growth: bool
    bijstand_favourable: bool


# The names compare with the national lines ("gaat mee" / "blijft achter") rather than saying
# "daalt": over a period in which the bijstand rose nationally, a region can be in the favourable
# half while its own bijstand rose too.
QUADRANTS: tuple[Quadrant, ...] = (
    Quadrant(
        "groei_mee",
        "Meer groei, en de bijstand gaat mee",
        "De regio groeide sterker dan landelijk en het aantal mensen in de bijstand ontwikkelde "
        "zich gunstiger dan landelijk (sterker gedaald of minder gestegen).",
        True,
        True,
    ),
    Quadrant(
        "groei_achter",
        "Meer groei, maar de bijstand blijft achter",
        "De regio groeide sterker dan landelijk, maar het aantal mensen in de bijstand "
        "ontwikkelde zich niet gunstiger dan landelijk (minder gedaald of meer gestegen).",
        True,
        False,
    ),
    Quadrant(
        "minder_groei_mee",
        "Minder groei, toch gaat de bijstand mee",
        "De regio groeide niet sterker dan landelijk, toch ontwikkelde het aantal mensen in de "
        "bijstand zich gunstiger dan landelijk (sterker gedaald of minder gestegen).",
        False,
        True,
    ),
    Quadrant(
        "minder_groei_achter",
        "Minder groei, en de bijstand blijft achter",
        "De regio groeide niet sterker dan landelijk en het aantal mensen in de bijstand "
        "ontwikkelde zich niet gunstiger dan landelijk (minder gedaald of meer gestegen).",
        False,
        False,
    ),
)
QUADRANTS_BY_KEY: dict[str, Quadrant] = {q.key: q for q in QUADRANTS}


def quadrant_of(
    growth_pct: float, bijstand_change_pct: float, nl_growth_pct: float, nl_bijstand_change_pct: float
) -> str | None:
    """The quadrant key of one region.

    A value exactly on a national line counts as the less favourable side: growth equal to the
    national growth is not "meer groei", a bijstand change equal to the national change is not
    "gaat mee". We claim no more than the numbers show.

    Returns:
        A key of ``QUADRANTS_BY_KEY``; ``None`` when a value is missing.
    """
    if any(_missing(v) for v in (growth_pct, bijstand_change_pct, nl_growth_pct, nl_bijstand_change_pct)):
        return None
    more = growth_pct > nl_growth_pct
    favourable = bijstand_change_pct < nl_bijstand_change_pct
    return next(q.key for q in QUADRANTS if q.more_growth == more and q.bijstand_favourable == favourable)


@dataclass(frozen=True)
class QuadrantData:
    """What the quadrant chart and bivariate map show.

    Attributes:
        frame: ``region_code``, ``region_name``, ``growth_pct``, ``bijstand_change_pct``,
            ``bijstand_count`` (at the end year), ``quadrant`` (key of ``QUADRANTS_BY_KEY`` or
            missing) and ``quadrant_label``; one row per arbeidsmarktregio, sorted by code.
        nl_growth_pct: National growth over the period (vertical reference line).
        nl_bijstand_change_pct: National bijstand change in % (horizontal reference line).
        approximation: Whether the growth figures are an approximation (GDP from COROP).
        years: ``(from_year, to_year)``.
        growth_key: Key of ``GROWTH_CHOICES``.
    """

    frame: pd.DataFrame
    nl_growth_pct: float
    nl_bijstand_change_pct: float
    approximation: bool
    years: tuple[int, int]
    growth_key: str


def _growth_choice(growth_key: str) -> GrowthChoice:
    try:
        return GROWTH_CHOICES[growth_key]
    except KeyError:
        options = _join([f"'{k}'" for k in GROWTH_CHOICES])
        raise BadInputError(f"Onbekende groei-indicator '{str(growth_key)[:30]}'; kies {options}.") from None


def _nl_change(regions: pd.DataFrame, key: str, from_year: int, to_year: int) -> float:
    nl = period_change(regions, key, from_year, to_year, level="nl")
    column = "change_points" if change_rule(key) == "points" else "change_pct"
    return float(nl[column].iloc[0]) if len(nl) else math.nan


def quadrant_data(regions: pd.DataFrame, growth_key: str, from_year: int, to_year: int) -> QuadrantData:
    """Growth against the change in bijstand for every arbeidsmarktregio over a period.

    Growth is the % change in jobs or establishments, or the compounded GDP volume growth
    (``GROWTH_CHOICES``); the bijstand change is the % change in the number of people on
    bijstand. The national reference values are computed the same way from the NL rows.

    Raises:
        BadInputError: Unknown growth key, a bad period, or a year without data for growth or
            bijstand (the message says which years are available).
    """
    choice = _growth_choice(growth_key)
    a, b = _check_period(from_year, to_year)
    _require_period(regions, [choice.indicator_key, "bijstand_count"], a, b)
    growth = period_change(regions, choice.indicator_key, a, b)
    bijstand = period_change(regions, "bijstand_count", a, b)
    nl_growth = _nl_change(regions, choice.indicator_key, a, b)
    nl_bijstand = _nl_change(regions, "bijstand_count", a, b)
    if _missing(nl_growth) or _missing(nl_bijstand):
        raise BadInputError(
            f"Het landelijke cijfer voor {a}–{b} ontbreekt, dus er is geen vergelijking met "
            "Nederland mogelijk. Kies een andere periode."
        )
    frame = growth[["region_code", "region_name", "change_pct"]].rename(columns={"change_pct": "growth_pct"})
    frame = frame.merge(
        bijstand[["region_code", "change_pct", "value_to"]].rename(
            columns={"change_pct": "bijstand_change_pct", "value_to": "bijstand_count"}
        ),
        on="region_code",
        how="outer",
    )
    frame["quadrant"] = [
        quadrant_of(g, c, nl_growth, nl_bijstand)
        for g, c in zip(frame["growth_pct"], frame["bijstand_change_pct"], strict=True)
    ]
    frame["quadrant_label"] = frame["quadrant"].map({q.key: q.label for q in QUADRANTS})
    return QuadrantData(
        frame=frame.sort_values("region_code").reset_index(drop=True),
        nl_growth_pct=nl_growth,
        nl_bijstand_change_pct=nl_bijstand,
        approximation=choice.approximation,
        years=(a, b),
        growth_key=choice.key,
    )


# --- bivariate map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BivariateLegend:
    """Dutch texts for the 3×3 legend of the bivariate map.

    Attributes:
        growth_axis: Title of the growth axis.
        bijstand_axis: Title of the bijstand axis.
        growth_classes: Labels of growth classes 0, 1, 2.
        bijstand_classes: Labels of bijstand classes 0, 1, 2.
        note: One or two sentences on how the classes are made.
    """

    growth_axis: str
    bijstand_axis: str
    growth_classes: tuple[str, str, str]
    bijstand_classes: tuple[str, str, str]
    note: str


BIVARIATE_LEGEND = BivariateLegend(
    growth_axis="Economische groei, vergeleken met de andere regio's",
    bijstand_axis="Verandering van de bijstand, vergeleken met de andere regio's",
    growth_classes=("laagste groei", "middengroep", "hoogste groei"),
    # Worded so it holds whether the bijstand fell or rose over the chosen period.
    bijstand_classes=(
        "sterkst gedaald of minst gestegen",
        "middengroep",
        "minst gedaald of sterkst gestegen",
    ),
    note=(
        "Elke as verdeelt de regio's in drie even grote groepen (tertielen). Klasse 2-2 is de "
        "hoogste groei samen met de minst gunstige ontwikkeling van de bijstand."
    ),
)


def _terciles(values: pd.Series) -> pd.Series:
    """Classes 0..2 by rank; ties share the lower class, so equal values never split."""
    valid = values.dropna()
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    if valid.empty:
        return out
    ranks = valid.rank(method="min") - 1  # 0-based; order of rows does not matter
    out.loc[valid.index] = np.floor(3 * ranks / len(valid)).astype("int64")
    return out


def bivariate_classes(qd: QuadrantData) -> pd.DataFrame:
    """Three-by-three classes of growth and bijstand change for a bivariate map.

    Rule: per axis, the regions with a value are ranked (ties take the lowest rank) and class =
    ``floor(3 × rank / n)``; with 35 regions that gives groups of 12, 12 and 11. Growth class 0 is
    the lowest growth; bijstand class 0 the strongest fall (lowest change). The classes are
    relative to the other regions, not to the national lines.

    Returns:
        ``region_code``, ``growth_class`` and ``bijstand_class`` (0..2, nullable integers) and
        ``class_code`` (``"growth-bijstand"``, e.g. ``"2-0"``; missing when either is missing).
    """
    frame = qd.frame
    growth = _terciles(frame["growth_pct"])
    bijstand = _terciles(frame["bijstand_change_pct"])
    code = [None if pd.isna(g) or pd.isna(c) else f"{g}-{c}" for g, c in zip(growth, bijstand, strict=True)]
    return pd.DataFrame(
        {
            "region_code": frame["region_code"].to_numpy(),
            "growth_class": growth.reset_index(drop=True),
            "bijstand_class": bijstand.reset_index(drop=True),
            "class_code": code,
        }
    )


def bivariate_label(class_code: str) -> str:
    """Dutch text for a class code, e.g. ``"2-0"`` → ``"hoogste groei; bijstand sterkst gedaald…"``."""
    try:
        g, c = (int(p) for p in class_code.split("-"))
        if g < 0 or c < 0:
            raise IndexError
        growth = BIVARIATE_LEGEND.growth_classes[g]
        bijstand = BIVARIATE_LEGEND.bijstand_classes[c]
    except (ValueError, IndexError, AttributeError):
        raise BadInputError(f"Onbekende klasse '{str(class_code)[:10]}'.") from None
    return f"{growth}; bijstand: {bijstand}"


# --- similar regions -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileFeature:
    """One feature of the structural profile used to find similar regions.

    Attributes:
        key: Column in ``structural_profile``.
        label: Dutch noun for sentences ("omvang").
        title: Dutch table header.
        description: Dutch definition for the sources page.
        indicator_key: Registry key it comes from (for source lines).
    """

    key: str
    label: str
    title: str
    description: str
    indicator_key: str


#: Years of job growth in the profile.
PROFILE_JOBS_YEARS = 5
#: Half a standard deviation: closer than this, a feature is called "vergelijkbaar".
SIMILAR_Z = 0.5

PROFILE_FEATURES: tuple[ProfileFeature, ...] = (
    ProfileFeature(
        "population_count",
        "omvang",
        "Inwoners",
        "Aantal inwoners op 1 januari, op een logaritmische schaal: het verschil tussen 200.000 en "
        "400.000 inwoners weegt even zwaar als dat tussen 500.000 en 1 miljoen.",
        "population_count",
    ),
    ProfileFeature(
        "bijstand_per_1000",
        "bijstandsdichtheid",
        "Bijstand per 1.000",
        "Personen met bijstand per 1.000 inwoners van 15 jaar en ouder.",
        "bijstand_per_1000",
    ),
    ProfileFeature(
        "jobs_growth_5y_pct",
        "banengroei",
        "Banengroei (5 jaar)",
        "Procentuele groei van het aantal banen van werknemers over de laatste vijf jaar met "
        "cijfers (korter als er minder jaren zijn).",
        "jobs_count",
    ),
    ProfileFeature(
        "unemployment_pct",
        "werkloosheid",
        "Werkloosheid",
        "Werkloze beroepsbevolking als percentage van de beroepsbevolking.",
        "unemployment_pct",
    ),
)

PROFILE_METHOD = (
    "Elk kenmerk is omgezet naar een z-score over de 35 regio's (verschil met het gemiddelde, "
    "gedeeld door de standaardafwijking), zodat alle kenmerken even zwaar wegen. De afstand tussen "
    "twee regio's is de euclidische afstand tussen hun z-scores. Ontbreekt een kenmerk bij een van "
    "beide, dan telt de afstand over de overige kenmerken (naar verhouding opgeschaald); bij minder "
    "dan twee gedeelde kenmerken wordt een regio niet vergeleken. Elk kenmerk komt uit het nieuwste "
    "jaar met cijfers tot en met het gekozen jaar."
)


def _year_upto(regions: pd.DataFrame, key: str, year: int) -> int | None:
    years = [y for y in available_years(regions, key) if y <= year]
    return years[-1] if years else None


def structural_profile(regions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The profile of every arbeidsmarktregio that ``similar_regions`` compares.

    Each feature comes from its own newest available year up to ``year``; job growth runs over
    the last ``PROFILE_JOBS_YEARS`` years with data (fewer when the series is shorter).

    Returns:
        ``region_code``, ``region_name`` and one column per ``PROFILE_FEATURES`` key (raw values;
        the population is not logged here). ``attrs["years"]`` maps each feature key to the
        ``(from, to)`` years used.
    """
    amr = regions[regions["level"] == "amr"]
    names = _latest_names(amr)
    out = pd.DataFrame({"region_code": names.index.to_numpy(), "region_name": names.to_numpy()})
    years: dict[str, tuple[int, int]] = {}
    for feature in PROFILE_FEATURES:
        y = _year_upto(regions, feature.indicator_key, year)
        values = pd.Series(np.nan, index=out["region_code"])
        if y is not None and feature.key == "jobs_growth_5y_pct":
            first = available_years(regions, "jobs_count")[0]
            start = max(y - PROFILE_JOBS_YEARS, first)
            if start < y:
                change = period_change(regions, "jobs_count", start, y).set_index("region_code")
                values = change["change_pct"].reindex(out["region_code"])
                years[feature.key] = (start, y)
        elif y is not None:
            at = amr[amr["year"] == y].set_index("region_code")[feature.indicator_key]
            values = at.reindex(out["region_code"])
            years[feature.key] = (y, y)
        out[feature.key] = values.to_numpy(dtype=float)
    out.attrs["years"] = years
    return out


def _zscores(profile: pd.DataFrame) -> pd.DataFrame:
    data = profile.set_index("region_code")[[f.key for f in PROFILE_FEATURES]].astype(float)
    # Size works in ratios: a region twice as large is equally "further" at any size.
    data["population_count"] = np.log(data["population_count"].where(data["population_count"] > 0))
    std = data.std(ddof=0)
    usable = [k for k in data.columns if std[k] > 0]  # a constant or empty feature tells nothing
    return (data[usable] - data[usable].mean()) / std[usable]


def _format_pair(feature: ProfileFeature, value: float, other: float) -> str:
    if feature.key == "population_count":
        # Rounded to thousands: the exact count suggests a precision nobody needs here.
        return f"{_num(round(value, -3), 0)} tegen {_num(round(other, -3), 0)} inwoners"
    if feature.key == "bijstand_per_1000":
        return f"{_num(value)} tegen {_num(other)} per 1.000"
    return f"{_pct(value)} tegen {_pct(other)}"


_MORE_LESS = {
    "population_count": ("groter", "kleiner"),
    "bijstand_per_1000": ("meer bijstand", "minder bijstand"),
    "jobs_growth_5y_pct": ("meer banengroei", "minder banengroei"),
    "unemployment_pct": ("hogere werkloosheid", "lagere werkloosheid"),
}


def _reason(diffs: pd.Series, candidate: pd.Series, target: pd.Series, target_name: str) -> str:
    """Why a region is similar: the close features, then the largest difference with numbers."""
    by_key = {f.key: f for f in PROFILE_FEATURES}
    shared = diffs.dropna().abs().sort_values(kind="stable")
    close = [by_key[k].label for k, d in shared.items() if d <= SIMILAR_Z]
    first = f"Vergelijkbare {_join(close)}" if close else "Over alle kenmerken samen het dichtstbij"
    far_key = shared.index[-1]
    feature = by_key[far_key]
    pair = f"{_format_pair(feature, candidate[far_key], target[far_key])} in {target_name}"
    if shared.iloc[-1] > SIMILAR_Z:
        more, less = _MORE_LESS[far_key]
        word = more if candidate[far_key] > target[far_key] else less
        return f"{first}; wel {word} ({pair})."
    return f"{first}; grootste verschil in {feature.label}: {pair}."


def similar_regions(regions: pd.DataFrame, amr_code: str, year: int, n: int = 5) -> pd.DataFrame:
    """The arbeidsmarktregio's most like a region on the structural profile.

    Profile (``PROFILE_FEATURES``, method in ``PROFILE_METHOD``): log population, bijstand per
    1.000, job growth over the last five years with data and unemployment, each z-scored across
    the regions and weighted equally; the distance is Euclidean over the features both regions
    have, scaled up for missing ones (at least two shared features needed). Ties are broken by
    region code.

    Returns:
        ``region_code``, ``region_name``, ``distance`` and ``reason`` (a Dutch sentence), nearest
        first, without the region itself.

    Raises:
        BadInputError: Unknown region, ``n`` below 1, or too few data to compare the region.
    """
    code = parse_amr_code(amr_code)
    if int(n) < 1:
        raise BadInputError("Het aantal vergelijkbare regio's moet ten minste 1 zijn.")
    profile = structural_profile(regions, int(year))
    z = _zscores(profile)
    if code not in z.index or z.loc[code].notna().sum() < 2:
        raise BadInputError(
            f"Voor {code} zijn in {year} te weinig cijfers om vergelijkbare regio's te zoeken. "
            "Kies een ander jaar."
        )
    diffs = z - z.loc[code]
    shared = diffs.notna().sum(axis=1)
    distance = np.sqrt((diffs**2).sum(axis=1) * len(z.columns) / shared.where(shared >= 2))
    raw = profile.set_index("region_code")
    names = raw["region_name"]
    result = pd.DataFrame({"region_code": z.index, "distance": distance.to_numpy()})
    result = result[(result["region_code"] != code) & result["distance"].notna()]
    result = result.sort_values(["distance", "region_code"], kind="stable").head(int(n))
    result.insert(1, "region_name", names.reindex(result["region_code"]).to_numpy())
    result["reason"] = [
        _reason(diffs.loc[c], raw.loc[c], raw.loc[code], str(names[code])) for c in result["region_code"]
    ]
    return result.reset_index(drop=True)


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One self-contained plain-Dutch sentence about a region (also an agenda "fact block").

    Attributes:
        text: The sentence; names the region and the years, so it stands on its own.
        indicator_keys: Registry keys behind it (for source lines and definitions).
        years: ``(from, to)`` years it is about.
        kind: ``jobs``, ``bijstand``, ``growth_reach``, ``bijstand_density``, ``unemployment``,
            ``gdp`` or ``missing`` (a note on what could not be said).
    """

    text: str
    indicator_keys: tuple[str, ...]
    years: tuple[int, int]
    kind: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Source keys (``sources.SOURCES``) behind the indicators, in order, without repeats."""
        seen: list[str] = []
        for key in self.indicator_keys:
            seen += [s for s in INDICATORS_BY_KEY[key].sources if s not in seen]
        return tuple(seen)


@dataclass(frozen=True)
class _Verbs:
    up: str  # "groeide"
    down: str  # "daalde"
    pronoun: str = "het"  # refers back to the subject: "het aantal" → het, "de economie" → die


def _change_sentence(
    subject: str, verbs: _Verbs, a: int, b: int, value: float, nl: float, hedge: str = ""
) -> str:
    """``<subject> groeide tussen a en b met 1,2%, meer dan landelijk (0,8%)``, no full stop.

    Compares the rounded values, so the words always agree with the numbers shown.
    """
    r = round(value, 1)
    when = f"{hedge} tussen {a} en {b}".strip()
    if r > 0:
        sentence = f"{subject} {verbs.up} {when} met {_pct(r)}"
    elif r < 0:
        sentence = f"{subject} {verbs.down} {when} met {_pct(-r)}"
    else:
        sentence = f"{subject} bleef {when} gelijk"
    if _missing(nl):
        return sentence
    n = round(nl, 1)
    if r == n:
        return f"{sentence}, {'net als' if r == 0 else 'evenveel als'} landelijk"
    if r > 0 and n > 0:
        return f"{sentence}, {'meer' if r > n else 'minder'} dan landelijk ({_pct(n)})"
    if r < 0 and n < 0:
        return f"{sentence}, {'sterker' if r < n else 'minder sterk'} dan landelijk ({_pct(n)})"
    nl_verb = f"{verbs.up} ({_pct(n)})" if n > 0 else f"{verbs.down} ({_pct(n)})" if n < 0 else "gelijk bleef"
    return f"{sentence}, terwijl {verbs.pronoun} landelijk {nl_verb}"


def _values(regions: pd.DataFrame, key: str, a: int, b: int, code: str) -> tuple[pd.Series | None, float]:
    """The region's ``period_change`` row (``None`` if missing) and the national change."""
    subset = regions[regions["region_code"].isin([code, NL_CODE])]
    change = period_change(subset, key, a, b).set_index("region_code")
    column = "change_points" if change_rule(key) == "points" else "change_pct"
    row = change.loc[code] if code in change.index else None
    if row is not None and _missing(row[column]):
        row = None
    return row, _nl_change(subset, key, a, b)


_MISSING_NOUNS = {
    "jobs_count": "banen",
    "bijstand_count": "bijstand",
    "bijstand_per_1000": "bijstand per 1.000 inwoners",
    "unemployment_pct": "werkloosheid",
    "gdp_volume_growth_pct": "economische groei (bbp)",
}


def _region_name(regions: pd.DataFrame, code: str) -> str:
    names = regions.loc[(regions["level"] == "amr") & (regions["region_code"] == code), "region_name"]
    if names.empty:
        raise BadInputError(f"Voor regio {code} zijn geen cijfers in deze gegevens.")
    return str(names.iloc[-1])


def describe_region(regions: pd.DataFrame, amr_code: str, from_year: int, to_year: int) -> list[Fact]:
    """Plain-Dutch sentences on what the data shows for a region over a period, against NL.

    Each sentence stands alone (region, years and numbers in it) and is skipped when the region's
    data for it are missing over the period; a final ``missing`` fact then says what is absent.
    Sentences describe, they do not explain: an interpretation is hedged with "lijkt".

    Returns:
        Facts in reading order: jobs, bijstand, whether growth seems to reach the bijstand,
        bijstand per 1.000, unemployment, GDP (approximation), missing-data note.

    Raises:
        BadInputError: Unknown region or a bad period.
    """
    code = parse_amr_code(amr_code)
    a, b = _check_period(from_year, to_year)
    name = _region_name(regions, code)
    facts: list[Fact] = []
    missing: list[str] = []

    jobs, nl_jobs = _values(regions, "jobs_count", a, b, code)
    if jobs is None:
        missing.append("jobs_count")
    else:
        text = _change_sentence(
            f"Het aantal banen in {name}", _Verbs("groeide", "daalde"), a, b, jobs["change_pct"], nl_jobs
        )
        facts.append(Fact(text + ".", ("jobs_count",), (a, b), "jobs"))

    bij, nl_bij = _values(regions, "bijstand_count", a, b, code)
    if bij is None:
        missing.append("bijstand_count")
    else:
        subject = f"Het aantal mensen in de bijstand in {name}"
        text = _change_sentence(subject, _Verbs("steeg", "daalde"), a, b, bij["change_pct"], nl_bij)
        facts.append(Fact(text + ".", ("bijstand_count",), (a, b), "bijstand"))

    if jobs is not None and bij is not None:
        reach = _growth_reach(name, a, b, jobs["change_pct"], bij["change_pct"], nl_jobs, nl_bij)
        if reach:
            facts.append(Fact(reach, ("jobs_count", "bijstand_count"), (a, b), "growth_reach"))

    density = _density_fact(regions, name, code, a, b)
    if density is None:
        missing.append("bijstand_per_1000")
    else:
        facts.append(density)

    unemployment, _ = _values(regions, "unemployment_pct", a, b, code)
    if unemployment is None:
        missing.append("unemployment_pct")
    else:
        facts.append(_unemployment_fact(regions, name, a, b, unemployment))

    gdp, nl_gdp = _values(regions, "gdp_volume_growth_pct", a, b, code)
    if gdp is None:
        missing.append("gdp_volume_growth_pct")
    else:
        verbs = _Verbs("groeide", "kromp", "die")
        text = _change_sentence(
            f"De economie van {name}", verbs, a, b, gdp["change_pct"], nl_gdp, hedge="naar schatting"
        )
        text += (
            ". Gemeten als bbp-volume; het regionale cijfer is een benadering op basis van "
            "COROP-gebieden, omdat CBS het bbp niet per arbeidsmarktregio publiceert."
        )
        facts.append(Fact(text, ("gdp_volume_growth_pct",), (a, b), "gdp"))

    if missing:
        facts.append(_missing_fact(regions, name, code, a, b, missing))
    return facts


def _growth_reach(
    name: str, a: int, b: int, jobs: float, bijstand: float, nl_jobs: float, nl_bijstand: float
) -> str | None:
    # Rounded like the sentences above; when either equals the national figure there is no
    # direction to report.
    g, c, ng, nc = (round(v, 1) for v in (jobs, bijstand, nl_jobs, nl_bijstand))
    if _missing(nl_jobs) or _missing(nl_bijstand) or g == ng or c == nc:
        return None
    start = f"{name} had tussen {a} en {b} {'meer' if g > ng else 'minder'} banengroei dan landelijk"
    favourable = "gunstiger dan landelijk (sterker gedaald of minder gestegen)"
    unfavourable = "minder gunstig dan landelijk (minder gedaald of meer gestegen)"
    texts = {
        "groei_mee": f"{start}, en het aantal mensen in de bijstand ontwikkelde zich {favourable}: "
        "groei en bijstand lijken hier samen op te lopen.",
        "groei_achter": f"{start}, maar het aantal mensen in de bijstand ontwikkelde zich "
        f"{unfavourable}: de groei lijkt de mensen in de bijstand hier minder te bereiken.",
        "minder_groei_mee": f"{start}, maar het aantal mensen in de bijstand ontwikkelde zich toch "
        f"{favourable}.",
        "minder_groei_achter": f"{start}, en ook het aantal mensen in de bijstand ontwikkelde zich "
        f"{unfavourable}.",
    }
    return texts[quadrant_of(g, c, ng, nc) or ""]


def _value_at(regions: pd.DataFrame, level: str, code: str, key: str, year: int) -> float:
    rows = regions.loc[
        (regions["level"] == level) & (regions["region_code"] == code) & (regions["year"] == year), key
    ]
    return float(rows.iloc[0]) if len(rows) else math.nan


def _density_fact(regions: pd.DataFrame, name: str, code: str, a: int, b: int) -> Fact | None:
    key = "bijstand_per_1000"
    now = _value_at(regions, "amr", code, key, b)
    if _missing(now):
        return None
    text = (
        f"In {b} waren er in {name} {_num(now)} mensen in de bijstand per 1.000 inwoners van 15 jaar en ouder"
    )
    nl = _value_at(regions, "nl", NL_CODE, key, b)
    if not _missing(nl):
        r, n = round(now, 1), round(nl, 1)
        compare = "evenveel als" if r == n else "meer dan" if r > n else "minder dan"
        text += f", {compare} landelijk ({_num(nl)})"
    before = _value_at(regions, "amr", code, key, a)
    years = (b, b)
    if not _missing(before):
        text += f"; in {a} waren dat er {_num(before)}"
        years = (a, b)
    return Fact(text + ".", (key,), years, "bijstand_density")


def _unemployment_fact(regions: pd.DataFrame, name: str, a: int, b: int, row: pd.Series) -> Fact:
    start, end = row["value_from"], row["value_to"]
    diff = round(end, 1) - round(start, 1)
    verb = "daalde" if diff < 0 else "steeg" if diff > 0 else "bleef"
    if verb == "bleef":
        text = f"De werkloosheid in {name} bleef tussen {a} en {b} {_pct(end)} van de beroepsbevolking"
    else:
        text = (
            f"De werkloosheid in {name} {verb} tussen {a} en {b} van {_pct(start)} naar "
            f"{_pct(end)} van de beroepsbevolking"
        )
    nl_a = _value_at(regions, "nl", NL_CODE, "unemployment_pct", a)
    nl_b = _value_at(regions, "nl", NL_CODE, "unemployment_pct", b)
    if not (_missing(nl_a) or _missing(nl_b)):
        text += f" (landelijk van {_pct(nl_a)} naar {_pct(nl_b)})"
    return Fact(text + ".", ("unemployment_pct",), (a, b), "unemployment")


def _missing_fact(regions: pd.DataFrame, name: str, code: str, a: int, b: int, keys: list[str]) -> Fact:
    nouns = _join([_MISSING_NOUNS[k] for k in keys])
    text = f"Over {nouns} zijn er voor {name} geen cijfers voor de hele periode {a}–{b}"
    region = regions[(regions["level"] == "amr") & (regions["region_code"] == code)]
    latest = {int(region.loc[region[k].notna(), "year"].max()) for k in keys if region[k].notna().any()}
    if len(latest) == 1 and (y := latest.pop()) < b:
        text += f"; de nieuwste cijfers zijn van {y}, kies dat jaar of eerder als eindjaar om ze te zien"
    return Fact(text + ".", tuple(keys), (a, b), "missing")


@dataclass(frozen=True)
class _Subject:
    noun: str  # "banen"
    up: str
    down: str
    flat: str  # main clause
    flat_sub: str  # subordinate clause word order
    pronoun: str
    faster: str = "sneller"
    slower: str = "trager"


_HEADLINE_SUBJECTS = {
    "banen": _Subject("banen", "groeiden", "daalden", "bleven gelijk", "gelijk bleven", "ze"),
    "bbp": _Subject("de economie", "groeide", "kromp", "bleef gelijk", "gelijk bleef", "die"),
    "vestigingen": _Subject("vestigingen", "groeiden", "daalden", "bleven gelijk", "gelijk bleven", "ze"),
}
_BIJSTAND_SUBJECT = _Subject(
    "de bijstand", "steeg", "daalde", "bleef gelijk", "gelijk bleef", "die", faster="sterker", slower="minder"
)


def _relative(s: _Subject, value: float, nl: float, dan_landelijk: bool) -> str:
    """``banen groeiden sneller dan landelijk``, ``de bijstand daalde minder`` and the like."""
    r, n = round(value, 1), round(nl, 1)
    suffix = " dan landelijk" if dan_landelijk else ""
    if r == n == 0:
        return f"{s.noun} {s.flat}, net als landelijk"
    if r == n:
        how = "even snel" if r > 0 and s.faster == "sneller" else "even sterk"
        return f"{s.noun} {s.up if r > 0 else s.down} {how} als landelijk"
    if r > 0 and n > 0:
        return f"{s.noun} {s.up} {s.faster if r > n else s.slower}{suffix}"
    if r < 0 and n < 0:
        return f"{s.noun} {s.down} {'sterker' if r < n else 'minder'}{suffix}"
    # Opposite directions (or one flat): say both, a comparison word would mislead.
    own = s.up if r > 0 else s.down if r < 0 else s.flat
    national = s.up if n > 0 else s.down if n < 0 else s.flat_sub
    return f"{s.noun} {own}, terwijl {s.pronoun} landelijk {national}"


def headline(qd: QuadrantData, amr_code: str) -> str:
    """One short finding for a chart title.

    E.g. ``"Groot Amsterdam: banen groeiden sneller dan landelijk, de bijstand daalde minder"``.
    Compares rounded values with the national reference lines; GDP growth is marked as a
    benadering.

    Raises:
        BadInputError: Unknown region or a region not in the quadrant data.
    """
    code = parse_amr_code(amr_code)
    rows = qd.frame[qd.frame["region_code"] == code]
    if rows.empty:
        raise BadInputError(f"Regio {code} zit niet in deze gegevens.")
    row = rows.iloc[0]
    a, b = qd.years
    if _missing(row["growth_pct"]) or _missing(row["bijstand_change_pct"]):
        return f"{row['region_name']}: geen volledige cijfers voor {a}–{b}"
    growth = _relative(_HEADLINE_SUBJECTS[qd.growth_key], row["growth_pct"], qd.nl_growth_pct, True)
    if qd.approximation:
        growth += " (benadering)"
    bijstand = _relative(_BIJSTAND_SUBJECT, row["bijstand_change_pct"], qd.nl_bijstand_change_pct, False)
    # A clause with "terwijl" has its own comma; a semicolon then keeps the two apart.
    separator = "; " if "terwijl" in growth or "terwijl" in bijstand else ", "
    return f"{row['region_name']}: {growth}{separator}{bijstand}"


# --- members ---------------------------------------------------------------------------------

MEMBER_COLUMNS = [
    "region_code",
    "region_name",
    "bijstand_count",
    "bijstand_per_1000",
    "jobs_count",
    "jobs_growth_pct",
    "population_count",
]


def region_members(regions: pd.DataFrame, amr_code: str, year: int) -> pd.DataFrame:
    """The gemeenten that belonged to a region in a year, with their own figures.

    Membership is that of the year itself (gemeenten merge and move between regions).

    Returns:
        ``MEMBER_COLUMNS``, largest population first (missing last, then by code); empty when
        there are no gemeente rows for that year.

    Raises:
        BadInputError: Unknown region code.
    """
    code = parse_amr_code(amr_code)
    members = regions[
        (regions["level"] == "gemeente") & (regions["amr_code"] == code) & (regions["year"] == int(year))
    ]
    return members.sort_values(
        ["population_count", "region_code"], ascending=[False, True], na_position="last"
    )[MEMBER_COLUMNS].reset_index(drop=True)
