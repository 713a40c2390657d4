"""Growth against bijstand: the four quadrants around the national lines and the 3×3 classes.

Pure functions on ``snapshot.derived.regions``: for every arbeidsmarktregio the growth over a
period (jobs, establishments or GDP volume, ``GROWTH_CHOICES``) against the change in the number
of people on bijstand, placed against the national reference lines (``quadrant_data``) or ranked
into terciles for the bivariate map (``bivariate_classes``). Every text a user reads is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.periods import check_period, is_missing, national_change, period_change, require_period
from regiondata.model.wording import dutch_list

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
    if any(is_missing(v) for v in (growth_pct, bijstand_change_pct, nl_growth_pct, nl_bijstand_change_pct)):
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
        options = dutch_list([f"'{k}'" for k in GROWTH_CHOICES])
        raise BadInputError(f"Onbekende groei-indicator '{str(growth_key)[:30]}'; kies {options}.") from None


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
    a, b = check_period(from_year, to_year)
    require_period(regions, [choice.indicator_key, "bijstand_count"], a, b)
    growth = period_change(regions, choice.indicator_key, a, b)
    bijstand = period_change(regions, "bijstand_count", a, b)
    nl_growth = national_change(regions, choice.indicator_key, a, b)
    nl_bijstand = national_change(regions, "bijstand_count", a, b)
    if is_missing(nl_growth) or is_missing(nl_bijstand):
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
