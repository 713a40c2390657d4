"""Growth against bijstand: one classification against the national lines, with a band of "about equal".

Pure functions on ``snapshot.derived.regions``: for every arbeidsmarktregio the growth over a
period (jobs, establishments or GDP volume, ``GROWTH_CHOICES``) against the change in the number
of people on bijstand, compared with the national change on each axis (``compare_with_national``,
band ``EQUAL_BAND_POINTS``). The result is one 3×3 class per region (``quadrant_data``): the
quadrant chart, the bivariate maps, the headlines and the sentences all show that same class.
Every text a user reads is Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.periods import check_period, is_missing, national_change, period_change, require_period
from regiondata.model.wording import dutch_list, dutch_number

# --- about equal to national: the band ---------------------------------------------------------

#: Why 1 percentage point: the regional figures are sums of gemeente figures that CBS rounds on
#: their own (bijstand to tens of persons, jobs to hundreds), are partly provisional and are
#: revised by a few tenths of a point, and gemeenten move between regions. For the smaller
#: regions (a few thousand people on bijstand) rounding and revisions alone move a change over a
#: period by several tenths of a point, so a difference of less than one point with the national
#: change is no finding a council memo should rest on. One point is also a difference a reader
#: can check by eye on every chart and table, where changes are shown with one decimal. The same
#: band applies to a value compared with the national value in the unit shown (bijstand per
#: 1.000 inwoners). Changes the value of this constant only; every view follows.
EQUAL_BAND_POINTS = 1.0
#: The band in words, for notes, legends and method texts.
EQUAL_BAND_TEXT = (
    f"Een verschil van {dutch_number(EQUAL_BAND_POINTS)} procentpunt of minder met het landelijke "
    "cijfer telt als ongeveer gelijk aan landelijk."
)


def compare_with_national(value: float, national: float) -> int | None:
    """Whether a regional value is lower (−1), about equal (0) or higher (+1) than the national one.

    Both are first rounded to one decimal, as every view shows them; a difference of at most
    ``EQUAL_BAND_POINTS`` counts as about equal (the band's edge is inside). So the words always
    agree with the numbers on screen.

    Returns:
        ``-1``, ``0`` or ``1``; ``None`` when either value is missing.
    """
    if is_missing(value) or is_missing(national):
        return None
    difference = round(round(float(value), 1) - round(float(national), 1), 1)
    if abs(difference) <= EQUAL_BAND_POINTS:
        return 0
    return 1 if difference > 0 else -1


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


#: The class code (``"growth-bijstand"``) of each quadrant: both values outside the band.
QUADRANT_CLASS: dict[str, str] = {
    "groei_mee": "2-0",
    "groei_achter": "2-2",
    "minder_groei_mee": "0-0",
    "minder_groei_achter": "0-2",
}

#: Dutch name of each of the nine classes. Growth class 0/1/2: less than, about equal to, more
#: than national growth; bijstand class 0/1/2: more favourable than, about equal to, less
#: favourable than the national change. The four corners are the quadrants' own names.
CLASS_NAMES: dict[str, str] = {
    **{code: QUADRANTS_BY_KEY[key].label for key, code in QUADRANT_CLASS.items()},
    "2-1": "Meer groei, de bijstand ongeveer als landelijk",
    "1-0": "Groei ongeveer als landelijk, de bijstand gaat mee",
    "1-1": "Groei en bijstand ongeveer als landelijk",
    "1-2": "Groei ongeveer als landelijk, de bijstand blijft achter",
    "0-1": "Minder groei, de bijstand ongeveer als landelijk",
}


def class_of(
    growth_pct: float, bijstand_change_pct: float, nl_growth_pct: float, nl_bijstand_change_pct: float
) -> tuple[int, int] | None:
    """The class of one region: (growth class, bijstand class), each 0, 1 or 2.

    Growth class 0/1/2 is less than, about equal to (``compare_with_national``), or more than
    national growth. Bijstand class 0 is a change below the national one (fell more or rose less:
    favourable), 1 about equal, 2 above it (less favourable).

    Returns:
        The pair; ``None`` when a value is missing.
    """
    g = compare_with_national(growth_pct, nl_growth_pct)
    c = compare_with_national(bijstand_change_pct, nl_bijstand_change_pct)
    if g is None or c is None:
        return None
    return g + 1, c + 1


def quadrant_of(
    growth_pct: float, bijstand_change_pct: float, nl_growth_pct: float, nl_bijstand_change_pct: float
) -> str | None:
    """The quadrant key of one region, or ``None`` when it is inside the band on either axis.

    A region whose growth or bijstand change is about equal to the national one
    (``EQUAL_BAND_POINTS``) belongs to no quadrant: we claim no more than the numbers show.

    Returns:
        A key of ``QUADRANTS_BY_KEY``; ``None`` when a value is missing or inside the band.
    """
    pair = class_of(growth_pct, bijstand_change_pct, nl_growth_pct, nl_bijstand_change_pct)
    code = None if pair is None else f"{pair[0]}-{pair[1]}"
    return next((key for key, c in QUADRANT_CLASS.items() if c == code), None)


@dataclass(frozen=True)
class QuadrantData:
    """What the quadrant chart and bivariate map show.

    Attributes:
        frame: ``region_code``, ``region_name``, ``growth_pct``, ``bijstand_change_pct``,
            ``bijstand_count`` (at the end year), ``growth_class`` and ``bijstand_class``
            (``class_of``), ``class_code``, ``quadrant`` (key of ``QUADRANTS_BY_KEY``; missing
            inside the band) and ``quadrant_label`` (``CLASS_NAMES``); one row per
            arbeidsmarktregio, sorted by code.
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
    pairs = [
        class_of(g, c, nl_growth, nl_bijstand)
        for g, c in zip(frame["growth_pct"], frame["bijstand_change_pct"], strict=True)
    ]
    frame["growth_class"] = pd.array([p[0] if p else pd.NA for p in pairs], dtype="Int64")
    frame["bijstand_class"] = pd.array([p[1] if p else pd.NA for p in pairs], dtype="Int64")
    frame["class_code"] = [f"{p[0]}-{p[1]}" if p else None for p in pairs]
    frame["quadrant"] = [
        quadrant_of(g, c, nl_growth, nl_bijstand)
        for g, c in zip(frame["growth_pct"], frame["bijstand_change_pct"], strict=True)
    ]
    # Every region with both values gets its class in words, inside the band too.
    frame["quadrant_label"] = frame["class_code"].map(CLASS_NAMES)
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
    growth_axis="Economische groei, vergeleken met landelijk",
    bijstand_axis="Verandering van de bijstand, vergeleken met landelijk",
    growth_classes=("minder groei dan landelijk", "groei ongeveer als landelijk", "meer groei dan landelijk"),
    # "gunstiger": fell more or rose less than nationally; holds for any direction of the change.
    bijstand_classes=(
        "bijstand gunstiger dan landelijk",
        "bijstand ongeveer als landelijk",
        "bijstand ongunstiger dan landelijk",
    ),
    note=(
        "De kleuren zijn dezelfde indeling als het kwadrantendiagram: elke regio vergeleken met "
        f"Nederland. {EQUAL_BAND_TEXT}"
    ),
)


def bivariate_classes(qd: QuadrantData) -> pd.DataFrame:
    """The 3×3 classes of the bivariate maps: the same classes as the quadrant chart.

    Growth class 0/1/2: less than, about equal to, more than national growth; bijstand class 0/1/2:
    a change more favourable than, about equal to, less favourable than the national change
    (``class_of``, band ``EQUAL_BAND_POINTS``).

    Returns:
        ``region_code``, ``growth_class`` and ``bijstand_class`` (0..2, nullable integers) and
        ``class_code`` (``"growth-bijstand"``, e.g. ``"2-0"``; missing when either is missing).
    """
    frame = qd.frame
    return pd.DataFrame(
        {
            "region_code": frame["region_code"].to_numpy(),
            "growth_class": frame["growth_class"].reset_index(drop=True),
            "bijstand_class": frame["bijstand_class"].reset_index(drop=True),
            "class_code": frame["class_code"].to_numpy(),
        }
    )


def bivariate_label(class_code: str) -> str:
    """Dutch name of a class code, e.g. ``"2-2"`` → ``"Meer groei, maar de bijstand blijft achter"``."""
    try:
        return CLASS_NAMES[str(class_code)]
    except KeyError:
        raise BadInputError(f"Onbekende klasse '{str(class_code)[:10]}'.") from None


def class_summary(qd: QuadrantData) -> str:
    """One Dutch sentence on how the regions fall into the classes (the charts' description).

    E.g. ``"Van de 35 regio's hebben er 6 meer groei dan landelijk terwijl de bijstand
    achterblijft; 14 liggen op ten minste één as binnen de band van ongeveer gelijk aan landelijk."``
    """
    codes = qd.frame["class_code"].dropna()
    standout = int((codes == QUADRANT_CLASS["groei_achter"]).sum())
    in_band = int(codes.str.contains("1").sum())
    a, b = qd.years
    return (
        f"Van de {len(codes)} regio's hebben er {standout} tussen {a} en {b} meer groei dan landelijk "
        f"terwijl de bijstand achterblijft; {in_band} liggen op ten minste één as binnen de band van "
        "ongeveer gelijk aan landelijk."
    )
