"""Hand-made gemeente figures through the derived stage: what a calculator gives.

Three gemeenten, two regions; GM0003 moves from AM02 to AM01 on 1 January 2021 (as Uitgeest
moved between regions). The density divides December's bijstand by the 15+ population at the
end of the year, i.e. on 1 January of the next year, counted in the region of the year itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

from regiondata.derive.transform import build_derived

# gemeente: {year: (inhabitants on 1 January, of whom 0-14)}
POPULATION = {
    "GM0001": {2020: (1000, 150), 2021: (1010, 150), 2022: (1020, 160)},
    "GM0002": {2020: (500, 100), 2021: (505, 100), 2022: (510, 100)},
    "GM0003": {2020: (300, 50), 2021: (310, 50), 2022: (320, 60)},
}
BIJSTAND = {"GM0001": {2020: 100, 2021: 110}, "GM0002": {2020: 50, 2021: 60}, "GM0003": {2020: 30, 2021: 20}}
NL_BIJSTAND = {2020: 190, 2021: 200}  # 10 more than the gemeenten: people without a known gemeente
REGION = {2020: {"GM0001": "AM01", "GM0002": "AM01", "GM0003": "AM02"},
          2021: {"GM0001": "AM01", "GM0002": "AM01", "GM0003": "AM01"},
          2022: {"GM0001": "AM01", "GM0002": "AM01", "GM0003": "AM01"}}  # fmt: skip


def _cleaned(population_years=(2020, 2021, 2022)) -> dict[str, pd.DataFrame]:
    membership = pd.DataFrame(
        [
            {"year": y, "gemeente_code": g, "gemeente_naam": g, "amr_code": a, "amr_code_cbs": a,
             "corop_code": "CR01", "provincie_code": "PV20", "population_count": float(POPULATION[g][y][0])}
            for y, regions in REGION.items()
            for g, a in regions.items()
        ]
    )  # fmt: skip
    bijstand = [
        {
            "region_code": g,
            "year": y,
            "period_code": f"{y}MM12",
            "provisional": False,
            "bijstand_count": float(v),
        }
        for g, years in BIJSTAND.items()
        for y, v in years.items()
    ] + [
        {
            "region_code": "NL01",
            "year": y,
            "period_code": f"{y}MM12",
            "provisional": False,
            "bijstand_count": float(v),
        }
        for y, v in NL_BIJSTAND.items()
    ]
    population = []
    for y in population_years:
        for g, years in POPULATION.items():
            total, young = years[y]
            population.append(
                {"region_code": g, "year": y, "period_code": f"{y}JJ00", "provisional": False,
                 "population_count": float(total), "population_0_14_count": float(young)}
            )  # fmt: skip
        population.append(
            {"region_code": "NL01", "year": y, "period_code": f"{y}JJ00", "provisional": False,
             "population_count": float(sum(p[y][0] for p in POPULATION.values())),
             "population_0_14_count": float(sum(p[y][1] for p in POPULATION.values()))}
        )  # fmt: skip
    return {"gebieden": membership, "bijstand": pd.DataFrame(bijstand), "bevolking": pd.DataFrame(population)}


def _row(derived, level, code, year):
    r = derived.regions
    return r[(r.level == level) & (r.region_code == code) & (r.year == year)].iloc[0]


def test_region_sums_follow_the_membership_of_each_year():
    derived = build_derived(_cleaned())
    assert _row(derived, "amr", "AM01", 2020)["bijstand_count"] == 150
    assert _row(derived, "amr", "AM02", 2020)["bijstand_count"] == 30
    assert _row(derived, "amr", "AM01", 2021)["bijstand_count"] == 190  # GM0003 moved in


def test_density_divides_by_the_15plus_population_at_the_end_of_the_year():
    derived = build_derived(_cleaned())
    am01 = _row(derived, "amr", "AM01", 2020)
    # End of 2020 = 1 January 2021, counted in the 2020 region: (1010-150) + (505-100) = 1265.
    assert am01["population_15plus_end_count"] == 1265
    assert am01["density_denominator_year"] == 2021
    assert am01["bijstand_per_1000"] == pytest.approx(150 / 1265 * 1000)
    # GM0003 left AM02 on 1 January 2021, but its December 2020 bijstand is in AM02: so is its
    # population at the end of 2020.
    am02 = _row(derived, "amr", "AM02", 2020)
    assert am02["bijstand_per_1000"] == pytest.approx(30 / (310 - 50) * 1000)
    am01_2021 = _row(derived, "amr", "AM01", 2021)
    assert am01_2021["bijstand_per_1000"] == pytest.approx(
        190 / ((1020 - 160) + (510 - 100) + (320 - 60)) * 1000
    )
    nl = _row(derived, "nl", "NL01", 2020)
    assert nl["bijstand_per_1000"] == pytest.approx(190 / (1825 - 300) * 1000)
    gm = _row(derived, "gemeente", "GM0001", 2020)
    assert gm["bijstand_per_1000"] == pytest.approx(100 / (1010 - 150) * 1000)


def test_newest_year_falls_back_to_1_january_of_the_same_year_and_says_so():
    derived = build_derived(_cleaned(population_years=(2020, 2021)))
    am01 = _row(derived, "amr", "AM01", 2021)
    assert am01["density_denominator_year"] == 2021  # 1 January 2022 not published
    assert am01["bijstand_per_1000"] == pytest.approx(190 / ((1010 - 150) + (505 - 100) + (310 - 50)) * 1000)
    assert _row(derived, "amr", "AM01", 2020)["density_denominator_year"] == 2021


def test_fallback_years_are_named_under_the_chart(demo_snapshot):
    from regiondata.model.views import density_fallback_years, source_line

    years = density_fallback_years(demo_snapshot)
    regions = demo_snapshot.derived.regions
    newest = int(regions.loc[(regions.level == "amr") & regions.bijstand_count.notna(), "year"].max())
    # The demo's population runs to 1 January 2026 and bijstand to 2025: no fallback needed.
    assert newest == 2025 and years == []
    line = source_line(demo_snapshot, ["bijstand_per_1000"])
    assert "gedeeld door de inwoners op 1 januari" not in line
    demo_snapshot.__dict__["_density_fallback"] = [2025]
    line = source_line(demo_snapshot, ["bijstand_per_1000"])
    assert "Bijstand per 1.000 in 2025: gedeeld door de inwoners op 1 januari van dat jaar" in line
    del demo_snapshot.__dict__["_density_fallback"]


def test_reconciliation_reports_the_remainder_with_the_rounding_margin():
    derived = build_derived(_cleaned())
    rec = derived.reconciliation
    row = rec[(rec.column == "bijstand_count") & (rec.year == 2020)].iloc[0]
    assert (row["national"], row["regions_sum"], row["remainder"]) == (190, 180, 10)
    assert row["remainder_pct"] == pytest.approx(10 / 190 * 100)
    # CBS rounds each gemeente to tens: three gemeenten can add up to 3 × 5 = 15 off.
    assert row["gemeenten"] == 3 and row["rounding_bound"] == 15
    assert row["regions_missing"] == 0
