"""The analysis of the data (periods, quadrants, similar regions, sentences, members): exact
arithmetic on hand-made frames, sanity on the demo snapshot."""

from __future__ import annotations

import ast
import math
import re

import numpy as np
import pandas as pd
import pytest

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.members import MEMBER_COLUMNS, region_members
from regiondata.model.periods import available_years, change_rule, common_period, period_change
from regiondata.model.quadrants import (
    CLASS_NAMES,
    EQUAL_BAND_POINTS,
    QUADRANT_CLASS,
    QUADRANTS,
    QUADRANTS_BY_KEY,
    QuadrantData,
    bivariate_classes,
    bivariate_label,
    class_of,
    class_summary,
    compare_with_national,
    quadrant_data,
    quadrant_of,
)
from regiondata.model.sentences import Fact, describe_region, headline
from regiondata.model.similarity import PROFILE_FEATURES, similar_regions, structural_profile
from regiondata.regions import AMR_CODES, AMR_NAMES
from tests.conftest import ROOT

MINUS = "\u2212"


def make_regions(rows: list[dict]) -> pd.DataFrame:
    """A ``derived.regions``-shaped frame: every indicator column, NaN unless given."""
    base = {key: math.nan for key in INDICATORS_BY_KEY} | {"population_15plus_count": math.nan}
    records = []
    for row in rows:
        code = row["region_code"]
        level = row.get("level") or (
            "nl" if code == "NL01" else "gemeente" if code.startswith("GM") else "amr"
        )
        name = row.get("region_name") or AMR_NAMES.get(code, "Nederland" if level == "nl" else code)
        amr = row.get("amr_code", code if level == "amr" else None)
        records.append(base | row | {"level": level, "region_name": name, "amr_code": amr})
    frame = pd.DataFrame.from_records(records)
    frame["year"] = frame["year"].astype("int64")
    return frame


def series(code: str, key: str, values: dict[int, float], **extra) -> list[dict]:
    return [{"region_code": code, "year": y, key: v, **extra} for y, v in values.items()]


def merge_rows(*groups: list[dict]) -> pd.DataFrame:
    """Combine per-indicator rows into one row per region and year."""
    merged: dict[tuple[str, int], dict] = {}
    for group in groups:
        for row in group:
            merged.setdefault((row["region_code"], row["year"]), {}).update(row)
    return make_regions(list(merged.values()))


# --- period_change -----------------------------------------------------------------------------


def test_counts_change_in_percent_and_missing_start_gives_nan():
    regions = merge_rows(
        series("AM01", "jobs_count", {2018: 200, 2021: 230}),
        series("AM02", "jobs_count", {2018: 0, 2021: 50}),
        series("AM03", "jobs_count", {2018: 80}),
    )
    out = period_change(regions, "jobs_count", 2018, 2021).set_index("region_code")
    assert list(out.columns) == ["region_name", "value_from", "value_to", "change_pct"]
    assert out.loc["AM01", "change_pct"] == pytest.approx(15.0)
    assert out.loc["AM01", "region_name"] == "Groningen"
    assert (out.loc["AM01", "value_from"], out.loc["AM01", "value_to"]) == (200, 230)
    assert math.isnan(out.loc["AM02", "change_pct"])  # from 0: no percentage
    assert math.isnan(out.loc["AM03", "change_pct"])  # no end value


def test_yoy_growth_is_compounded_over_the_years_after_the_start():
    regions = merge_rows(
        # 2018's own growth (50%) lies before the period and must not count.
        series("AM01", "gdp_volume_growth_pct", {2018: 50.0, 2019: 10.0, 2020: -10.0, 2021: 5.0}),
        series("AM02", "gdp_volume_growth_pct", {2019: 10.0, 2021: 5.0}),  # 2020 missing
    )
    out = period_change(regions, "gdp_volume_growth_pct", 2018, 2021).set_index("region_code")
    assert out.loc["AM01", "change_pct"] == pytest.approx((1.1 * 0.9 * 1.05 - 1) * 100)  # 3,95
    assert out.loc["AM01", "value_from"] == 100
    assert out.loc["AM01", "value_to"] == pytest.approx(103.95)
    assert math.isnan(out.loc["AM02", "change_pct"])


def test_rates_change_in_points_not_percent():
    regions = merge_rows(
        series("AM01", "bijstand_per_1000", {2018: 30.0, 2021: 27.5}),
        series("AM01", "unemployment_pct", {2018: 5.0, 2021: 4.2}),
    )
    out = period_change(regions, "bijstand_per_1000", 2018, 2021)
    assert "change_pct" not in out and out["change_points"].iloc[0] == pytest.approx(-2.5)
    out = period_change(regions, "unemployment_pct", 2018, 2021)
    assert out["change_points"].iloc[0] == pytest.approx(-0.8)


@pytest.mark.parametrize(
    ("key", "rule"),
    [
        ("jobs_count", "pct"),
        ("bijstand_count", "pct"),
        ("gdp_volume_growth_pct", "compound"),
        ("jobs_growth_pct", "compound"),
        ("bijstand_change_pct", "compound"),
        ("bijstand_per_1000", "points"),
        ("unemployment_pct", "points"),
    ],
)
def test_change_rule_per_indicator(key, rule):
    assert change_rule(key) == rule


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("jobs_count", 2021, 2018), "beginjaar"),
        (("jobs_count", 2021, 2021), "beginjaar"),
        (("no_such_key", 2018, 2021), "Onbekende indicator"),
        (("jobs_count", 2018, 2021, "provincie"), "Onbekend niveau"),
    ],
)
def test_period_change_rejects_bad_input_in_dutch(args, fragment):
    regions = merge_rows(series("AM01", "jobs_count", {2018: 1, 2021: 2}))
    with pytest.raises(BadInputError, match=fragment):
        period_change(regions, *args)


def test_available_years_need_most_regions():
    codes = ["AM01", "AM02", "AM03", "AM05", "AM06"]
    rows = [series(c, "jobs_count", {2018: 1.0}) for c in codes]
    rows += [series(c, "jobs_count", {2019: 1.0}) for c in codes[:4]]  # 4 of 5: counts
    rows += [series(c, "jobs_count", {2020: 1.0}) for c in codes[:3]]  # 3 of 5: too few
    assert available_years(merge_rows(*rows), "jobs_count") == [2018, 2019]
    assert available_years(merge_rows(*rows), "bijstand_count") == []


def test_common_period_takes_the_overlap_and_lets_growth_start_a_year_early():
    regions = merge_rows(
        series("AM01", "bijstand_count", {2018: 1, 2019: 1, 2020: 1, 2021: 1}),
        series("AM01", "jobs_count", {2018: 1, 2019: 1, 2020: 1}),
        series("AM01", "gdp_volume_growth_pct", {2019: 1.0, 2020: 1.0, 2021: 1.0}),
        series("AM01", "unemployment_pct", {2023: 4.0, 2024: 4.0}),
    )
    assert common_period(regions, ["bijstand_count", "jobs_count"]) == (2018, 2020)
    assert common_period(regions, ["gdp_volume_growth_pct"]) == (2018, 2021)
    assert common_period(regions, ["bijstand_count", "gdp_volume_growth_pct"]) == (2018, 2021)
    with pytest.raises(BadInputError, match="geen periode"):
        common_period(regions, ["bijstand_count", "unemployment_pct"])


# --- quadrants ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("growth", "bijstand", "expected"),
    [
        (12.0, -12.0, "groei_mee"),
        (12.0, -8.0, "groei_achter"),
        (8.0, -12.0, "minder_groei_mee"),
        (8.0, -8.0, "minder_groei_achter"),
        # Within the band of "about equal" on either axis: no quadrant.
        (10.0, -12.0, None),
        (12.0, -10.0, None),
        (10.0, -10.0, None),
        (11.0, -12.0, None),  # at the band's edge (1,0 point): inside
        (10.96, -12.0, None),  # rounds to 11,0 as shown: inside
        (11.1, -12.0, "groei_mee"),  # just outside
        (12.0, -9.0, None),
        (12.0, -8.9, "groei_achter"),
        (8.9, -12.0, "minder_groei_mee"),
        (math.nan, -10.0, None),
    ],
)
def test_quadrant_boundaries_against_the_national_lines(growth, bijstand, expected):
    assert quadrant_of(growth, bijstand, 10.0, -10.0) == expected


def quadrant_world() -> pd.DataFrame:
    # NL: jobs +10%, bijstand −10%. Two regions in a quadrant; AM03 and AM05 sit on a line.
    jobs = {
        "NL01": (1000, 1100),
        "AM01": (100, 120),
        "AM02": (100, 120),
        "AM03": (100, 110),
        "AM05": (100, 105),
    }
    bij = {"NL01": (1000, 900), "AM01": (100, 80), "AM02": (100, 95), "AM03": (100, 80), "AM05": (50, 45)}
    gdp = {"NL01": (2.0, 3.0), "AM01": (5.0, 5.0), "AM02": (1.0, 1.0), "AM03": (1.0, 1.0), "AM05": (1.0, 1.0)}
    rows = []
    for code in jobs:
        rows.append(series(code, "jobs_count", {2018: jobs[code][0], 2020: jobs[code][1]}))
        rows.append(series(code, "bijstand_count", {2018: bij[code][0], 2020: bij[code][1]}))
        rows.append(series(code, "gdp_volume_growth_pct", {2019: gdp[code][0], 2020: gdp[code][1]}))
    return merge_rows(*rows)


def test_quadrant_data_places_regions_relative_to_nl():
    qd = quadrant_data(quadrant_world(), "banen", 2018, 2020)
    assert qd.nl_growth_pct == pytest.approx(10.0)
    assert qd.nl_bijstand_change_pct == pytest.approx(-10.0)
    assert qd.years == (2018, 2020) and qd.approximation is False and qd.growth_key == "banen"
    frame = qd.frame.set_index("region_code")
    assert list(qd.frame.columns[:5]) == [
        "region_code",
        "region_name",
        "growth_pct",
        "bijstand_change_pct",
        "bijstand_count",
    ]
    # On a national line is inside the band of "about equal": no quadrant, but a class in words.
    assert frame["quadrant"].fillna("geen").to_dict() == {
        "AM01": "groei_mee",
        "AM02": "groei_achter",
        "AM03": "geen",
        "AM05": "geen",
    }
    assert frame["class_code"].to_dict() == {"AM01": "2-0", "AM02": "2-2", "AM03": "1-0", "AM05": "0-1"}
    assert frame.loc["AM03", "quadrant_label"] == "Groei ongeveer als landelijk, de bijstand gaat mee"
    assert frame.loc["AM05", "bijstand_count"] == 45  # at the end year
    assert frame.loc["AM01", "quadrant_label"] == QUADRANTS_BY_KEY["groei_mee"].label


def test_quadrant_data_with_gdp_is_flagged_as_approximation_and_compounded():
    qd = quadrant_data(quadrant_world(), "bbp", 2018, 2020)
    assert qd.approximation is True
    assert qd.nl_growth_pct == pytest.approx((1.02 * 1.03 - 1) * 100)
    assert qd.frame.set_index("region_code").loc["AM01", "growth_pct"] == pytest.approx(10.25)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("banen", 2018, 2021), "tot en met 2020. Kies 2020 of eerder als eindjaar"),
        (("bbp", 2016, 2020), "vanaf 2018"),
        (("groei", 2018, 2020), "Onbekende groei-indicator"),
    ],
)
def test_quadrant_data_explains_unavailable_years_in_dutch(args, fragment):
    with pytest.raises(BadInputError, match=fragment):
        quadrant_data(quadrant_world(), *args)


def test_quadrants_are_four_distinct_named_corners():
    assert len({q.label for q in QUADRANTS}) == 4
    assert {(q.more_growth, q.bijstand_favourable) for q in QUADRANTS} == {
        (True, True),
        (True, False),
        (False, True),
        (False, False),
    }
    for q in QUADRANTS:
        assert q.explanation.endswith(".") and q.explanation.count(". ") == 0


# --- bivariate classes -------------------------------------------------------------------------


def hand_quadrant(growth: list[float], bijstand: list[float], codes: list[str] | None = None) -> QuadrantData:
    codes = codes or list(AMR_CODES[: len(growth)])
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": [AMR_NAMES[c] for c in codes],
            "growth_pct": growth,
            "bijstand_change_pct": bijstand,
            "bijstand_count": 1000.0,
        }
    )
    return QuadrantData(frame, 8.1, -9.2, False, (2018, 2024), "banen")


@pytest.mark.parametrize(
    ("growth", "bijstand", "expected"),
    [
        # NL: growth 8,1%, bijstand −9,2%; the band is 1,0 point either side.
        (9.1, -9.2, "1-1"),  # growth at the band's edge: about equal
        (9.2, -9.2, "2-1"),  # just outside: more growth
        (7.1, -10.2, "1-1"),  # both at the lower edges
        (7.0, -10.3, "0-0"),  # just outside both: less growth, bijstand more favourable
        (12.0, -8.1, "2-2"),  # Zuid-Limburg's story, but 1,1 point: just outside
        (12.0, -8.8, "2-1"),  # 0,4 point: about equal, not "blijft achter"
        (math.nan, -9.2, None),
    ],
)
def test_bivariate_classes_are_the_national_lines_plus_the_band(growth, bijstand, expected):
    qd = quadrant_data_of(hand_quadrant([growth], [bijstand]))
    out = bivariate_classes(qd)
    assert list(out.columns) == ["region_code", "growth_class", "bijstand_class", "class_code"]
    code = out["class_code"].iloc[0]
    assert (None if pd.isna(code) else code) == expected
    assert str(out["growth_class"].dtype) == "Int64"
    # One classification: the quadrant is the map's corner class, or none inside the band.
    quadrant = quadrant_of(growth, bijstand, 8.1, -9.2)
    assert (QUADRANT_CLASS[quadrant] if quadrant else None) == (
        expected if expected in QUADRANT_CLASS.values() else None
    )


def quadrant_data_of(qd: QuadrantData) -> QuadrantData:
    """A hand-made ``QuadrantData`` with its classes filled in as ``quadrant_data`` does."""
    frame = qd.frame.copy()
    pairs = [
        class_of(g, c, qd.nl_growth_pct, qd.nl_bijstand_change_pct)
        for g, c in zip(frame["growth_pct"], frame["bijstand_change_pct"], strict=True)
    ]
    frame["growth_class"] = pd.array([p[0] if p else pd.NA for p in pairs], dtype="Int64")
    frame["bijstand_class"] = pd.array([p[1] if p else pd.NA for p in pairs], dtype="Int64")
    frame["class_code"] = [f"{p[0]}-{p[1]}" if p else None for p in pairs]
    return QuadrantData(
        frame, qd.nl_growth_pct, qd.nl_bijstand_change_pct, qd.approximation, qd.years, qd.growth_key
    )


@pytest.mark.parametrize(
    ("value", "national", "expected"),
    [(5.0, 4.0, 0), (5.04, 4.0, 0), (5.06, 4.0, 1), (3.0, 4.0, 0), (2.9, 4.0, -1), (math.nan, 4.0, None)],
)
def test_compare_with_national_band_edges(value, national, expected):
    assert EQUAL_BAND_POINTS == 1.0
    assert compare_with_national(value, national) == expected


def test_bivariate_label_in_dutch():
    assert bivariate_label("2-2") == "Meer groei, maar de bijstand blijft achter"
    assert bivariate_label("1-1") == "Groei en bijstand ongeveer als landelijk"
    assert len(set(CLASS_NAMES.values())) == 9
    with pytest.raises(BadInputError):
        bivariate_label("3-1")


# --- headline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("growth", "bijstand", "growth_key", "expected"),
    [
        (12.3, -4.0, "banen", "Groningen: banen groeiden sneller dan landelijk, de bijstand daalde minder"),
        (5.0, -12.0, "banen", "Groningen: banen groeiden trager dan landelijk, de bijstand daalde sterker"),
        (
            -1.0,
            2.0,
            "banen",
            "Groningen: banen daalden, terwijl ze landelijk groeiden; de bijstand steeg, "
            "terwijl die landelijk daalde",
        ),
        (
            8.1,
            -9.2,
            "vestigingen",
            "Groningen: vestigingen groeiden even snel als landelijk, de bijstand "
            "daalde even sterk als landelijk",
        ),
        (
            9.2,
            -10.3,
            "bbp",
            "Groningen: de economie groeide sneller dan landelijk (benadering), de bijstand daalde sterker",
        ),
        (
            9.0,
            -9.9,
            "bbp",
            "Groningen: de economie groeide ongeveer even snel als landelijk (benadering), de bijstand "
            "daalde ongeveer even sterk als landelijk",
        ),
        (
            0.5,
            0.3,
            "banen",
            "Groningen: banen groeiden trager dan landelijk; de bijstand steeg, terwijl die landelijk daalde",
        ),
        (math.nan, -9.9, "banen", "Groningen: geen volledige cijfers voor 2018–2024"),
    ],
)
def test_headline_states_the_finding(growth, bijstand, growth_key, expected):
    qd = hand_quadrant([growth], [bijstand])
    qd = QuadrantData(qd.frame, 8.1, -9.2, growth_key == "bbp", (2018, 2024), growth_key)
    assert headline(qd, "AM01") == expected


# --- similar regions ---------------------------------------------------------------------------


def profile_world() -> pd.DataFrame:
    # population, bijstand per 1.000, jobs (2016 → 2021), unemployment; AM01 is the target.
    profile = {
        "AM01": (100_000, 20.0, (100, 110), 4.0),
        "AM02": (100_000, 22.0, (100, 110), 4.0),  # only a little more bijstand
        "AM07": (100_000, 22.0, (100, 110), 4.0),  # a twin of AM02: the code breaks the tie
        "AM06": (100_000, 22.0, None, 4.0),  # as AM02 but jobs missing: scaled up
        "AM03": (400_000, 20.0, (100, 110), 4.0),  # four times as large
        "AM05": (100_000, 30.0, (100, 100), 6.0),  # different on three features
        "AM08": (None, None, None, 5.0),  # one feature only: not comparable
    }
    rows = []
    for code, (pop, bij, jobs, unemp) in profile.items():
        rows.append(series(code, "population_count", {2021: pop or math.nan}))
        rows.append(series(code, "bijstand_per_1000", {2021: bij or math.nan}))
        rows.append(series(code, "unemployment_pct", {2021: unemp}))
        if jobs:
            rows.append(series(code, "jobs_count", {2016: jobs[0], 2021: jobs[1]}))
    return merge_rows(*rows)


def test_similar_regions_nearest_first_with_exact_distances():
    regions = profile_world()
    out = similar_regions(regions, "AM01", 2021, n=10)
    assert list(out.columns) == ["region_code", "region_name", "distance", "reason"]
    assert out["region_code"].tolist() == ["AM02", "AM07", "AM06", "AM03", "AM05"]  # no AM01, no AM08
    bij_sd = np.std([20, 22, 22, 22, 20, 30])  # AM08 has no value
    d = out.set_index("region_code")["distance"]
    assert d["AM02"] == pytest.approx(2 / bij_sd)
    assert d["AM06"] == pytest.approx(2 / bij_sd * math.sqrt(4 / 3))  # 3 of 4 features shared
    # Log size: AM03 is one region of six that differs, by log(4); its z-distance is 1/sqrt(5/36).
    assert d["AM03"] == pytest.approx(math.log(4) / np.std(np.log([1, 1, 1, 1, 4, 1])))
    assert similar_regions(regions, "AM01", 2021, n=2)["region_code"].tolist() == ["AM02", "AM07"]


def test_similar_regions_say_why_with_dutch_numbers():
    out = similar_regions(profile_world(), "AM01", 2021, n=10).set_index("region_code")["reason"]
    assert out["AM02"] == (
        "Vergelijkbare omvang (100.000 tegen 100.000 inwoners), banengroei 2016–2021 en werkloosheid; "
        "wel meer bijstand (22,0 tegen 20,0 per 1.000 in Groningen)."
    )
    assert out["AM03"] == (
        "Vergelijkbare bijstandsdichtheid (20,0 tegen 20,0 per 1.000), banengroei 2016–2021 en "
        "werkloosheid; wel groter (400.000 tegen 100.000 inwoners in Groningen)."
    )


def test_similar_regions_reject_bad_input():
    with pytest.raises(BadInputError, match="AM01 tot en met AM38"):
        similar_regions(profile_world(), "AM99", 2021)
    with pytest.raises(BadInputError, match="te weinig cijfers"):
        similar_regions(profile_world(), "AM08", 2021)
    with pytest.raises(BadInputError, match="ten minste 1"):
        similar_regions(profile_world(), "AM01", 2021, n=0)


def test_profile_features_are_documented_and_match_the_profile():
    profile = structural_profile(profile_world(), 2021)
    assert [f.key for f in PROFILE_FEATURES] == list(profile.columns[2:])
    assert profile.attrs["years"]["jobs_growth_5y_pct"] == (2016, 2021)
    for feature in PROFILE_FEATURES:
        assert feature.description.endswith(".") and feature.indicator_key in INDICATORS_BY_KEY


# --- sentences ---------------------------------------------------------------------------------


def facts_world() -> pd.DataFrame:
    return merge_rows(
        series("NL01", "jobs_count", {2018: 1000, 2021: 1100}),
        series("NL01", "bijstand_count", {2018: 1000, 2021: 900}),
        series("NL01", "bijstand_per_1000", {2018: 26.0, 2021: 25.0}),
        series("NL01", "unemployment_pct", {2018: 4.0, 2021: 3.5}),
        series("NL01", "gdp_volume_growth_pct", {2019: 2.0, 2020: -4.0, 2021: 5.0}),
        series("AM01", "jobs_count", {2018: 200, 2021: 230}),
        series("AM01", "bijstand_count", {2018: 100, 2021: 96}),
        series("AM01", "bijstand_per_1000", {2018: 33.3, 2021: 31.4}),
        series("AM01", "unemployment_pct", {2018: 5.0, 2021: 4.2}),
        series("AM02", "jobs_count", {2018: 1000, 2021: 950}),
        series("AM02", "bijstand_count", {2018: 1000, 2021: 1200}),
        series("AM02", "gdp_volume_growth_pct", {2019: 1.0, 2020: -6.0, 2021: 4.0}),
    )


def test_describe_region_states_numbers_against_nl():
    facts = describe_region(facts_world(), "AM01", 2018, 2021)
    texts = {f.kind: f.text for f in facts}
    assert [f.kind for f in facts] == [
        "jobs",
        "bijstand",
        "growth_reach",
        "bijstand_density",
        "unemployment",
        "missing",
    ]
    assert (
        texts["jobs"]
        == "Het aantal banen in Groningen groeide tussen 2018 en 2021 met 15,0%, meer dan landelijk (10,0%)."
    )
    assert texts["bijstand"] == (
        "Het aantal mensen in de bijstand in Groningen daalde tussen 2018 en 2021 met 4,0%, minder sterk "
        "dan landelijk (10,0%)."
    )
    assert texts["growth_reach"] == (
        "Groningen had tussen 2018 en 2021 meer banengroei dan landelijk, maar het aantal mensen in de "
        "bijstand daalde minder sterk dan landelijk: de groei lijkt de mensen in de bijstand hier minder "
        "te bereiken."
    )
    assert texts["bijstand_density"] == (
        "In 2021 waren er in Groningen 31,4 mensen in de bijstand (tot de AOW-leeftijd) per 1.000 inwoners "
        "van 15 jaar en ouder, "
        "meer dan landelijk (25,0); in 2018 waren dat er 33,3."
    )
    assert texts["unemployment"] == (
        "De werkloosheid in Groningen daalde tussen 2018 en 2021 van 5,0% naar 4,2% van de beroepsbevolking "
        "(landelijk van 4,0% naar 3,5%)."
    )
    # No GDP figures for AM01: no GDP sentence, only the note that says so.
    assert (
        texts["missing"]
        == "Over economische groei (bbp) zijn er voor Groningen geen cijfers voor de hele periode 2018–2021."
    )
    assert facts[0] == Fact(texts["jobs"], ("jobs_count",), (2018, 2021), "jobs")
    assert facts[0].sources == ("banen",)


def test_describe_region_opposite_directions_and_gdp_approximation():
    facts = {f.kind: f for f in describe_region(facts_world(), "AM02", 2018, 2021)}
    assert facts["jobs"].text == (
        "Het aantal banen in Friesland daalde tussen 2018 en 2021 met 5,0%, terwijl het landelijk "
        "groeide met 10,0%."
    )
    assert facts["bijstand"].text == (
        "Het aantal mensen in de bijstand in Friesland steeg tussen 2018 en 2021 met 20,0%, terwijl het "
        "landelijk daalde met 10,0%."
    )
    gdp = facts["gdp"].text
    expected = _nl((1.01 * 0.94 * 1.04 - 1) * 100)  # −1,3
    assert gdp.startswith(
        f"De economie van Friesland kromp naar schatting tussen 2018 en 2021 met {expected[1:]}%"
    )
    assert "benadering op basis van COROP-gebieden" in gdp
    assert facts["gdp"].indicator_keys == ("gdp_volume_growth_pct",)
    assert "bijstand_density" not in facts and "unemployment" not in facts  # missing: skipped


def _nl(value: float) -> str:
    return f"{value:.1f}".replace("-", MINUS).replace(".", ",")


def test_describe_region_rejects_unknown_region_and_bad_period():
    with pytest.raises(BadInputError):
        describe_region(facts_world(), "XX01", 2018, 2021)
    with pytest.raises(BadInputError, match="beginjaar"):
        describe_region(facts_world(), "AM01", 2021, 2018)


# --- members -----------------------------------------------------------------------------------


def test_region_members_follow_the_membership_of_the_year():
    regions = make_regions(
        [
            {"region_code": "GM0001", "year": 2020, "amr_code": "AM01", "population_count": 5_000.0},
            {"region_code": "GM0002", "year": 2020, "amr_code": "AM01", "population_count": 9_000.0},
            {"region_code": "GM0003", "year": 2020, "amr_code": "AM01", "population_count": math.nan},
            {"region_code": "GM0001", "year": 2021, "amr_code": "AM02", "population_count": 5_100.0},
            {"region_code": "GM0002", "year": 2021, "amr_code": "AM01", "population_count": 9_100.0},
        ]
    )
    out = region_members(regions, "AM01", 2020)
    assert list(out.columns) == MEMBER_COLUMNS
    assert out["region_code"].tolist() == ["GM0002", "GM0001", "GM0003"]  # largest first, unknown last
    assert region_members(regions, "am01", 2021)["region_code"].tolist() == ["GM0002"]
    assert region_members(regions, "AM01", 2030).empty


# --- the demo snapshot -------------------------------------------------------------------------


def _nl_rows(regions: pd.DataFrame) -> pd.DataFrame:
    return regions[regions["level"] == "nl"].set_index("year")


def test_demo_quadrant_covers_the_35_regions_and_nl_lines_match_nl_rows(demo_snapshot):
    regions = demo_snapshot.derived.regions
    qd = quadrant_data(regions, "banen", 2018, 2024)
    assert qd.frame["region_code"].tolist() == sorted(AMR_CODES)
    assert qd.frame["class_code"].notna().all()
    assert set(qd.frame["quadrant_label"]) <= set(CLASS_NAMES.values())
    nl = _nl_rows(regions)
    assert qd.nl_growth_pct == pytest.approx(
        (nl.loc[2024, "jobs_count"] / nl.loc[2018, "jobs_count"] - 1) * 100
    )
    assert qd.nl_bijstand_change_pct == pytest.approx(
        (nl.loc[2024, "bijstand_count"] / nl.loc[2018, "bijstand_count"] - 1) * 100
    )
    am18 = regions[(regions["region_code"] == "AM18") & (regions["year"] == 2024)]
    assert qd.frame.set_index("region_code").loc["AM18", "bijstand_count"] == am18["bijstand_count"].iloc[0]
    classes = bivariate_classes(qd).set_index("region_code")
    assert classes["class_code"].equals(qd.frame.set_index("region_code")["class_code"])
    assert headline(qd, "AM18").startswith("Groot Amsterdam: banen ")

    gdp = quadrant_data(regions, "bbp", 2018, 2024)
    growth = nl.loc[2019:2024, "gdp_volume_growth_pct"]
    assert gdp.approximation and gdp.nl_growth_pct == pytest.approx(((1 + growth / 100).prod() - 1) * 100)


def test_demo_period_and_missing_end_year(demo_snapshot):
    regions = demo_snapshot.derived.regions
    assert common_period(regions, ["bijstand_count", "jobs_count"]) == (2015, 2024)
    assert available_years(regions, "bijstand_count")[-1] == 2025
    with pytest.raises(BadInputError, match="tot en met 2024"):
        quadrant_data(regions, "banen", 2018, 2025)


def test_demo_no_region_is_its_own_neighbour(demo_snapshot):
    regions = demo_snapshot.derived.regions
    for code in AMR_CODES:
        out = similar_regions(regions, code, 2025)
        assert len(out) == 5 and code not in out["region_code"].tolist()
        assert out["distance"].is_monotonic_increasing
    am18 = similar_regions(regions, "AM18", 2025)
    assert all(r.endswith("in Groot Amsterdam).") or "Groot Amsterdam" in r for r in am18["reason"])
    assert am18["region_name"].tolist() == [AMR_NAMES[c] for c in am18["region_code"]]


def test_demo_sentences_name_the_region_and_format_numbers_the_dutch_way(demo_snapshot):
    regions = demo_snapshot.derived.regions
    facts = describe_region(regions, "AM18", 2018, 2024)
    kinds = [f.kind for f in facts]
    assert kinds == ["jobs", "bijstand", "growth_reach", "bijstand_density", "unemployment", "gdp"]
    for fact in facts:
        assert "Groot Amsterdam" in fact.text and fact.years == (2018, 2024)
        assert not re.search(r"\d\.\d%|\d\.\d\)|-\d", fact.text), fact.text  # no English decimals, no hyphen
    jobs = period_change(regions, "jobs_count", 2018, 2024).set_index("region_code").loc["AM18", "change_pct"]
    assert f"met {_nl(jobs)}%" in facts[0].text
    nl_bijstand = period_change(regions, "bijstand_count", 2018, 2024, level="nl")["change_pct"].iloc[0]
    # One sign convention: the verb says the direction, the numbers have no sign.
    assert f"({_nl(-nl_bijstand)}%)" in facts[1].text and MINUS not in facts[1].text
    assert "benadering op basis van COROP-gebieden" in facts[-1].text


def test_demo_no_sentence_for_indicators_without_data(demo_snapshot):
    facts = describe_region(demo_snapshot.derived.regions, "AM18", 2018, 2025)
    kinds = [f.kind for f in facts]
    assert kinds == ["bijstand", "bijstand_density", "missing"]
    assert not any("banen" in f.text for f in facts if f.kind != "missing")
    assert "de nieuwste cijfers zijn van 2024" in facts[-1].text


def test_demo_members_of_groot_amsterdam(demo_snapshot):
    regions = demo_snapshot.derived.regions
    members = region_members(regions, "AM18", 2021)
    assert members["region_name"].iloc[0] == "Amsterdam"
    assert members["population_count"].is_monotonic_decreasing
    assert "Weesp" in members["region_name"].tolist()
    assert "Weesp" not in region_members(regions, "AM18", 2022)["region_name"].tolist()  # merged in 2022


ANALYSIS_MODULES = ("wording", "periods", "quadrants", "similarity", "sentences", "members")


@pytest.mark.parametrize("module", ANALYSIS_MODULES)
def test_analysis_never_imports_streamlit(module):
    tree = ast.parse((ROOT / "regiondata" / "model" / f"{module}.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(name.split(".")[0] == "streamlit" for name in imported)


def test_class_summary_counts_the_standout_class_and_the_band():
    qd = quadrant_data_of(hand_quadrant([12.0, 12.0, 8.5, 5.0], [-5.0, -9.0, -12.0, -12.0]))
    assert class_summary(qd) == (
        "Van de 4 regio's hebben er 1 tussen 2018 en 2024 meer groei dan landelijk terwijl de bijstand "
        "achterblijft; 2 liggen op ten minste één as binnen de band van ongeveer gelijk aan landelijk."
    )
