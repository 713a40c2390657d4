"""Aggregation and membership rules on small hand-made frames."""

import math

import pandas as pd
import pytest

from regiondata.derive.aggregate import (
    aggregate_to_amr,
    membership_years,
    ratio,
    reconcile,
    weight_corop_to_amr,
)
from regiondata.derive.transform import add_rates


def _membership(rows):
    return pd.DataFrame(rows, columns=["year", "gemeente_code", "amr_code", "corop_code", "population_count"])


MEM = _membership(
    [
        (2020, "GM0001", "AM01", "CR01", 1000),
        (2020, "GM0002", "AM01", "CR02", 3000),
        (2020, "GM0003", "AM02", "CR02", 2000),
        # 2021: GM0002 moves from AM01 to AM02
        (2021, "GM0001", "AM01", "CR01", 1000),
        (2021, "GM0002", "AM02", "CR02", 3000),
        (2021, "GM0003", "AM02", "CR02", 2000),
    ]
)


def test_counts_are_summed_with_the_membership_of_their_own_year():
    values = pd.DataFrame(
        {
            "region_code": ["GM0001", "GM0002", "GM0003"] * 2,
            "year": [2020] * 3 + [2021] * 3,
            "bijstand_count": [10.0, 30.0, 20.0, 11.0, 31.0, 21.0],
        }
    )
    out = aggregate_to_amr(values, MEM, ["bijstand_count"]).values.set_index(["amr_code", "year"])
    assert out.loc[("AM01", 2020), "bijstand_count"] == 40
    assert out.loc[("AM02", 2020), "bijstand_count"] == 20
    # Today's membership for 2020 would have given AM02 = 50: the move is respected.
    assert out.loc[("AM01", 2021), "bijstand_count"] == 11
    assert out.loc[("AM02", 2021), "bijstand_count"] == 52


def test_missing_member_beyond_tolerance_makes_region_missing_not_an_undercount():
    values = pd.DataFrame(
        {"region_code": ["GM0001", "GM0003"], "year": [2020, 2020], "jobs_count": [5.0, 7.0]}
    )  # GM0002 (75% of AM01's population) is missing
    agg = aggregate_to_amr(values, MEM, ["jobs_count"])
    out = agg.values.set_index("amr_code")
    assert math.isnan(out.loc["AM01", "jobs_count"])
    assert out.loc["AM02", "jobs_count"] == 7
    cov = agg.coverage.set_index("amr_code")
    assert cov.loc["AM01", "missing_members"] == 1
    assert cov.loc["AM01", "missing_share"] == pytest.approx(0.75)


def test_small_missing_member_is_tolerated_and_reported():
    mem = _membership([(2020, "GM0001", "AM01", "CR01", 99_000), (2020, "GM0002", "AM01", "CR01", 1_000)])
    values = pd.DataFrame(
        {"region_code": ["GM0001", "GM0002"], "year": [2020, 2020], "jobs_count": [50.0, None]}
    )
    agg = aggregate_to_amr(values, mem, ["jobs_count"], max_missing_share=0.02)
    assert agg.values.loc[0, "jobs_count"] == 50
    assert agg.coverage.loc[0, "missing_share"] == pytest.approx(0.01)


def test_unmapped_gemeenten_are_reported():
    values = pd.DataFrame(
        {"region_code": ["GM0001", "GM9999"], "year": [2021, 2021], "bijstand_count": [1.0, 5.0]}
    )
    agg = aggregate_to_amr(values, MEM, ["bijstand_count"])
    assert agg.unmapped.to_dict("records") == [
        {"year": 2021, "gemeente_code": "GM9999", "column": "bijstand_count"}
    ]


def test_rates_are_recomputed_from_sums_never_averaged():
    # Two gemeenten: 10/100 and 90/900 per 1000 → region 100/1000 = 100, mean of rates would be 100 too;
    # make them differ: 10/100 (100‰) and 10/900 (11.1‰) → region 20/1000 = 20‰, not the 55.6‰ mean.
    frame = pd.DataFrame(
        {
            "region_code": ["AM01"],
            "year": [2020],
            "bijstand_count": [20.0],
            "population_15plus_end_count": [1000.0],
        }
    )
    out = add_rates(frame)
    assert out.loc[0, "bijstand_per_1000"] == pytest.approx(20.0)
    assert math.isnan(ratio(pd.Series([1.0]), pd.Series([0.0]))[0])


def test_growth_needs_the_exact_previous_year():
    frame = pd.DataFrame(
        {"region_code": ["AM01"] * 3, "year": [2018, 2019, 2021], "jobs_count": [100.0, 110.0, 121.0]}
    )
    out = add_rates(frame).set_index("year")
    assert out.loc[2019, "jobs_growth_pct"] == pytest.approx(10.0)
    assert math.isnan(out.loc[2021, "jobs_growth_pct"])  # 2020 missing: no growth over two years


def test_corop_growth_is_weighted_by_population_of_each_part():
    population = pd.DataFrame(
        {
            "gemeente_code": ["GM0001", "GM0002", "GM0003"],
            "year": [2020] * 3,
            "population_count": [1000, 3000, 2000],
        }
    )
    corop = pd.DataFrame({"region_code": ["CR01", "CR02"], "year": [2020, 2020], "gdp": [2.0, 4.0]})
    out = weight_corop_to_amr(corop, "gdp", MEM, population).set_index("amr_code")
    # AM01 = 1000 people in CR01 (2%) + 3000 in CR02 (4%) → 3.5%
    assert out.loc["AM01", "gdp"] == pytest.approx(3.5)
    assert out.loc["AM02", "gdp"] == pytest.approx(4.0)


def test_reconciliation_reports_remainder_without_failing():
    regional = pd.DataFrame(
        {"region_code": ["AM01", "AM02"], "year": [2020, 2020], "bijstand_count": [400.0, 580.0]}
    )
    national = pd.DataFrame({"year": [2020], "bijstand_count": [1000.0]})
    rec = reconcile(regional, national, ["bijstand_count"], tolerance_pct=1.0).iloc[0]
    assert rec["remainder"] == 20
    assert rec["remainder_pct"] == pytest.approx(2.0)
    assert not rec["within_tolerance"]


def test_membership_year_falls_back_to_nearest_table():
    assert membership_years(MEM, [2019, 2020, 2023]) == {2019: 2020, 2020: 2020, 2023: 2021}


def test_demo_parts_add_up_to_the_published_total(demo_snapshot):
    """Sum over the 35 regions reconciles with NL within 1% (CBS's NL total includes ~400 unknowns)."""
    rec = demo_snapshot.derived.reconciliation
    bij = rec[rec["column"] == "bijstand_count"]
    assert len(bij) >= 10
    assert bij["within_tolerance"].all()
    assert (bij["remainder"] > 0).all()  # the people whose gemeente is unknown
