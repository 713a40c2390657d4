"""Plain-Dutch sentences about a region: facts over a period against NL, and chart headlines.

Sentences describe, they do not explain: an interpretation is hedged with "lijkt". They compare
rounded values with the band of ``EQUAL_BAND_POINTS`` (``compare_with_national``), so a tiny
difference is "ongeveer gelijk aan landelijk", never a finding, and the class named in a sentence
is the class on the charts. One sign convention: in a sentence the verb carries the direction and
every number is a size without sign ("daalde met 6,5%, minder sterk dan landelijk (9,0%)");
charts and tables show signed numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.periods import change_rule, check_period, is_missing, national_change, period_change
from regiondata.model.quadrants import QuadrantData, class_of, compare_with_national
from regiondata.model.wording import dutch_list, dutch_number, dutch_percent
from regiondata.regions import NL_CODE, parse_amr_code

# --- facts about a region ----------------------------------------------------------------------


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

    Compares the rounded values with the band of "about equal" (``compare_with_national``); the
    numbers are sizes without sign, the verbs say the direction.
    """
    r = round(value, 1)
    when = f"{hedge} tussen {a} en {b}".strip()
    if r > 0:
        sentence = f"{subject} {verbs.up} {when} met {dutch_percent(r)}"
    elif r < 0:
        sentence = f"{subject} {verbs.down} {when} met {dutch_percent(-r)}"
    else:
        sentence = f"{subject} bleef {when} gelijk"
    if is_missing(nl):
        return sentence
    n = round(nl, 1)
    side = compare_with_national(r, n)
    if r == n:
        return f"{sentence}, {'net als' if r == 0 else 'evenveel als'} landelijk"
    same_direction = (r > 0 and n > 0) or (r < 0 and n < 0)
    if same_direction and side == 0:
        return f"{sentence}, ongeveer evenveel als landelijk ({dutch_percent(abs(n))})"
    if r > 0 and n > 0:
        return f"{sentence}, {'meer' if r > n else 'minder'} dan landelijk ({dutch_percent(n)})"
    if r < 0 and n < 0:
        return f"{sentence}, {'sterker' if r < n else 'minder sterk'} dan landelijk ({dutch_percent(-n)})"
    nl_verb = (
        f"{verbs.up} met {dutch_percent(n)}"
        if n > 0
        else f"{verbs.down} met {dutch_percent(-n)}"
        if n < 0
        else "gelijk bleef"
    )
    if side == 0:
        return f"{sentence}, ongeveer gelijk aan landelijk (waar {verbs.pronoun} {nl_verb})"
    return f"{sentence}, terwijl {verbs.pronoun} landelijk {nl_verb}"


def _values(regions: pd.DataFrame, key: str, a: int, b: int, code: str) -> tuple[pd.Series | None, float]:
    """The region's ``period_change`` row (``None`` if missing) and the national change."""
    subset = regions[regions["region_code"].isin([code, NL_CODE])]
    change = period_change(subset, key, a, b).set_index("region_code")
    column = "change_points" if change_rule(key) == "points" else "change_pct"
    row = change.loc[code] if code in change.index else None
    if row is not None and is_missing(row[column]):
        row = None
    return row, national_change(subset, key, a, b)


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
    a, b = check_period(from_year, to_year)
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
    """How the region's job growth and bijstand change compare with national: its class in words.

    The direction is known here, so the sentence says it ("daalde sterker"), rather than a generic
    "(sterker gedaald of minder gestegen)". Only the class "more growth, bijstand lags behind" gets
    the hedged interpretation "lijkt … minder te bereiken"; inside the band the sentence says
    "ongeveer gelijk aan landelijk" and draws no conclusion.
    """
    pair = class_of(jobs, bijstand, nl_jobs, nl_bijstand)
    if pair is None:
        return None
    g, c = pair
    growth = (
        "minder banengroei dan landelijk",
        "ongeveer evenveel banengroei als landelijk",
        "meer banengroei dan landelijk",
    )[g]
    start = f"{name} had tussen {a} en {b} {growth}"
    bij = _bijstand_relative(round(bijstand, 1), round(nl_bijstand, 1), c)
    if g == 2 and c == 2:
        return f"{start}, maar {bij}: de groei lijkt de mensen in de bijstand hier minder te bereiken."
    if g == 2 and c == 0:
        return f"{start}, en {bij}: groei en bijstand lijken hier samen op te lopen."
    link = "maar" if (g == 0 and c == 0) else "en"
    return f"{start}, {link} {bij}."


def _bijstand_relative(r: float, n: float, c: int) -> str:
    """``het aantal mensen in de bijstand daalde sterker dan landelijk``: the direction as it was."""
    subject = "het aantal mensen in de bijstand"
    if c == 1:
        return f"{subject} ontwikkelde zich ongeveer als landelijk"
    if r < 0 and n < 0:
        return f"{subject} daalde {'sterker' if c == 0 else 'minder sterk'} dan landelijk"
    if r > 0 and n > 0:
        return f"{subject} steeg {'minder' if c == 0 else 'sterker'} dan landelijk"
    own = "steeg" if r > 0 else "daalde" if r < 0 else "bleef gelijk"
    national = "steeg" if n > 0 else "daalde" if n < 0 else "gelijk bleef"
    return f"{subject} {own}, terwijl het landelijk {national}"


def _value_at(regions: pd.DataFrame, level: str, code: str, key: str, year: int) -> float:
    rows = regions.loc[
        (regions["level"] == level) & (regions["region_code"] == code) & (regions["year"] == year), key
    ]
    return float(rows.iloc[0]) if len(rows) else math.nan


def _density_fact(regions: pd.DataFrame, name: str, code: str, a: int, b: int) -> Fact | None:
    key = "bijstand_per_1000"
    now = _value_at(regions, "amr", code, key, b)
    if is_missing(now):
        return None
    text = (
        f"In {b} waren er in {name} {dutch_number(now)} mensen in de bijstand (tot de AOW-leeftijd) "
        "per 1.000 inwoners van 15 jaar en ouder"
    )
    nl = _value_at(regions, "nl", NL_CODE, key, b)
    if not is_missing(nl):
        r, n = round(now, 1), round(nl, 1)
        side = compare_with_national(r, n)
        compare = (
            "evenveel als"
            if r == n
            else "ongeveer evenveel als"
            if side == 0
            else "meer dan"
            if r > n
            else "minder dan"
        )
        text += f", {compare} landelijk ({dutch_number(nl)})"
    before = _value_at(regions, "amr", code, key, a)
    years = (b, b)
    if not is_missing(before):
        text += f"; in {a} waren dat er {dutch_number(before)}"
        years = (a, b)
    return Fact(text + ".", (key,), years, "bijstand_density")


def _unemployment_fact(regions: pd.DataFrame, name: str, a: int, b: int, row: pd.Series) -> Fact:
    start, end = row["value_from"], row["value_to"]
    diff = round(end, 1) - round(start, 1)
    verb = "daalde" if diff < 0 else "steeg" if diff > 0 else "bleef"
    if verb == "bleef":
        text = (
            f"De werkloosheid in {name} bleef tussen {a} en {b} {dutch_percent(end)} van de beroepsbevolking"
        )
    else:
        text = (
            f"De werkloosheid in {name} {verb} tussen {a} en {b} van {dutch_percent(start)} naar "
            f"{dutch_percent(end)} van de beroepsbevolking"
        )
    nl_a = _value_at(regions, "nl", NL_CODE, "unemployment_pct", a)
    nl_b = _value_at(regions, "nl", NL_CODE, "unemployment_pct", b)
    if not (is_missing(nl_a) or is_missing(nl_b)):
        text += f" (landelijk van {dutch_percent(nl_a)} naar {dutch_percent(nl_b)})"
    return Fact(text + ".", ("unemployment_pct",), (a, b), "unemployment")


def _missing_fact(regions: pd.DataFrame, name: str, code: str, a: int, b: int, keys: list[str]) -> Fact:
    nouns = dutch_list([_MISSING_NOUNS[k] for k in keys])
    text = f"Over {nouns} zijn er voor {name} geen cijfers voor de hele periode {a}–{b}"
    region = regions[(regions["level"] == "amr") & (regions["region_code"] == code)]
    latest = {int(region.loc[region[k].notna(), "year"].max()) for k in keys if region[k].notna().any()}
    if len(latest) == 1 and (y := latest.pop()) < b:
        text += f"; de nieuwste cijfers zijn van {y}, kies dat jaar of eerder als eindjaar om ze te zien"
    return Fact(text + ".", tuple(keys), (a, b), "missing")


# --- chart headlines ---------------------------------------------------------------------------


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
    """``banen groeiden sneller dan landelijk``, ``de bijstand daalde minder`` and the like.

    Inside the band of "about equal" (``compare_with_national``) it says so, whatever the tiny
    difference.
    """
    r, n = round(value, 1), round(nl, 1)
    suffix = " dan landelijk" if dan_landelijk else ""
    if r == n == 0:
        return f"{s.noun} {s.flat}, net als landelijk"
    how = "even snel" if r > 0 and s.faster == "sneller" else "even sterk"
    if r == n:
        return f"{s.noun} {s.up if r > 0 else s.down} {how} als landelijk"
    if compare_with_national(r, n) == 0:
        if (r > 0 and n > 0) or (r < 0 and n < 0):
            return f"{s.noun} {s.up if r > 0 else s.down} ongeveer {how} als landelijk"
        verb = "ontwikkelden" if s.pronoun == "ze" else "ontwikkelde"
        return f"{s.noun} {verb} zich ongeveer als landelijk"
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
    if is_missing(row["growth_pct"]) or is_missing(row["bijstand_change_pct"]):
        return f"{row['region_name']}: geen volledige cijfers voor {a}–{b}"
    growth = _relative(_HEADLINE_SUBJECTS[qd.growth_key], row["growth_pct"], qd.nl_growth_pct, True)
    if qd.approximation:
        growth += " (benadering)"
    bijstand = _relative(_BIJSTAND_SUBJECT, row["bijstand_change_pct"], qd.nl_bijstand_change_pct, False)
    # A clause with "terwijl" has its own comma; a semicolon then keeps the two apart.
    separator = "; " if "terwijl" in growth or "terwijl" in bijstand else ", "
    return f"{row['region_name']}: {growth}{separator}{bijstand}"
