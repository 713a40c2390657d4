"""Regio-DNA aggregation on hand-made gemeente flows: every number here is worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from regiondata.cbs.flows import TOTAL_CODE
from regiondata.derive.dna import aggregate_flows, aggregate_sectors, flow_indicators

T = TOTAL_CODE

# Two regions. AM01 = GM0001 + GM0002; AM02 = GM0003. GM0002 moves to AM02 in 2021.
MEMBERSHIP = pd.DataFrame(
    [
        {"year": 2020, "gemeente_code": "GM0001", "amr_code": "AM01"},
        {"year": 2020, "gemeente_code": "GM0002", "amr_code": "AM01"},
        {"year": 2020, "gemeente_code": "GM0003", "amr_code": "AM02"},
        {"year": 2021, "gemeente_code": "GM0001", "amr_code": "AM01"},
        {"year": 2021, "gemeente_code": "GM0002", "amr_code": "AM02"},
        {"year": 2021, "gemeente_code": "GM0003", "amr_code": "AM02"},
    ]
)


def flows(year: int, pairs: dict[tuple[str, str], tuple[float, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"year": year, "woon_code": w, "werk_code": j, "jobs_count": jobs, "distance_km": km}
            for (w, j), (jobs, km) in pairs.items()
        ]
    )


# Gemeente flows (jobs, km), the same in both years; the totals add 10 jobs of residents from
# abroad working in GM0001 (in the total only) and 5 jobs of GM0003's residents abroad.
PAIRS = {
    ("GM0001", "GM0001"): (100.0, 2.0),
    ("GM0002", "GM0001"): (50.0, 10.0),
    ("GM0002", "GM0002"): (30.0, 3.0),
    ("GM0003", "GM0001"): (20.0, 40.0),
    ("GM0001", "GM0003"): (40.0, 30.0),
    ("GM0003", "GM0003"): (60.0, 5.0),
    (T, "GM0001"): (180.0, 8.0),
    (T, "GM0002"): (30.0, 3.0),
    (T, "GM0003"): (100.0, 15.0),
    ("GM0001", T): (140.0, 10.0),
    ("GM0002", T): (80.0, 7.0),
    ("GM0003", T): (85.0, 14.0),
}


@pytest.fixture
def amr_flows():
    gm = pd.concat([flows(2020, PAIRS), flows(2021, PAIRS)], ignore_index=True)
    out, notes = aggregate_flows(gm, MEMBERSHIP)
    assert notes == []
    return out.set_index(["year", "woon_amr", "werk_amr"])


def test_jobs_inside_a_region_are_the_sum_of_its_gemeente_pairs(amr_flows):
    # 2020: AM01 → AM01 = 100 + 50 + 30 (GM0001 and GM0002 both in AM01).
    assert amr_flows.loc[(2020, "AM01", "AM01"), "jobs_count"] == 180.0


def test_cross_region_flows_are_summed_per_pair_of_regions(amr_flows):
    assert amr_flows.loc[(2020, "AM02", "AM01"), "jobs_count"] == 20.0
    assert amr_flows.loc[(2020, "AM01", "AM02"), "jobs_count"] == 40.0


def test_a_gemeente_that_moved_counts_in_its_region_of_that_year(amr_flows):
    # 2021: GM0002 is in AM02, so 50 jobs GM0002 → GM0001 are now AM02 → AM01, and its own 30
    # jobs are inside AM02.
    assert amr_flows.loc[(2021, "AM01", "AM01"), "jobs_count"] == 100.0
    assert amr_flows.loc[(2021, "AM02", "AM01"), "jobs_count"] == 20.0 + 50.0
    assert amr_flows.loc[(2021, "AM02", "AM02"), "jobs_count"] == 60.0 + 30.0
    assert amr_flows.loc[(2021, T, "AM02"), "jobs_count"] == 130.0
    assert amr_flows.loc[(2020, T, "AM02"), "jobs_count"] == 100.0


def test_distance_is_weighted_by_jobs_never_a_plain_mean(amr_flows):
    # AM01 → AM01 in 2020: (100·2 + 50·10 + 30·3) / 180 = 790 / 180; a plain mean would be 5.
    assert amr_flows.loc[(2020, "AM01", "AM01"), "distance_km"] == pytest.approx(790 / 180)
    # Jobs in AM01: (180·8 + 30·3) / 210.
    assert amr_flows.loc[(2020, T, "AM01"), "distance_km"] == pytest.approx((1440 + 90) / 210)


def test_flow_indicators_by_hand(amr_flows):
    ind = flow_indicators(amr_flows.reset_index()).set_index(["level", "region_code", "year"])
    row = ind.loc[("amr", "AM01", 2020)]
    assert row["resident_job_share_pct"] == pytest.approx(180 / 210 * 100)
    assert row["work_inside_share_pct"] == pytest.approx(180 / 220 * 100)
    nl = ind.loc[("nl", "NL01", 2020)]
    assert nl["resident_job_share_pct"] == pytest.approx((180 + 60) / 310 * 100)
    assert nl["work_inside_share_pct"] == pytest.approx((180 + 60) / 305 * 100)


def test_a_missing_total_of_a_member_makes_the_region_total_missing():
    pairs = dict(PAIRS)
    pairs[(T, "GM0002")] = (None, None)
    out, _ = aggregate_flows(flows(2020, pairs), MEMBERSHIP)
    total = out[(out["woon_amr"] == T) & (out["werk_amr"] == "AM01")]["jobs_count"].iloc[0]
    assert math.isnan(total)


def test_unmapped_gemeenten_are_reported_not_lost_silently():
    pairs = dict(PAIRS)
    pairs[("GM0999", "GM0001")] = (7.0, 12.0)  # a gemeente no membership table knows
    pairs[("GM0000", "GM0001")] = (3.0, 12.0)  # CBS's "niet in te delen": expected, no note
    out, notes = aggregate_flows(flows(2020, pairs), MEMBERSHIP)
    assert len(notes) == 1 and "GM0999" in notes[0] and "7 banen" in notes[0]
    assert out[(out["woon_amr"] == "AM01") & (out["werk_amr"] == "AM01")]["jobs_count"].iloc[0] == 180.0


def test_sectors_sum_gemeenten_with_the_membership_of_the_year():
    cleaned = pd.DataFrame(
        [
            {"region_code": "GM0001", "year": 2021, "jobs_g_i_count": 10.0, "jobs_f_count": 1.0},
            {"region_code": "GM0002", "year": 2021, "jobs_g_i_count": 20.0, "jobs_f_count": 2.0},
            {"region_code": "GM0003", "year": 2021, "jobs_g_i_count": 30.0, "jobs_f_count": 3.0},
            {"region_code": "NL01", "year": 2021, "jobs_g_i_count": 60.0, "jobs_f_count": 6.0},
        ]
    )
    out = aggregate_sectors(cleaned, MEMBERSHIP).set_index(["level", "region_code", "sector_code"])
    assert out.loc[("amr", "AM02", "G-I"), "jobs_count"] == 50.0
    assert out.loc[("amr", "AM01", "F"), "jobs_count"] == 1.0
    assert out.loc[("nl", "NL01", "G-I"), "sector_name"] == "Handel, vervoer en horeca"


def test_export_includes_the_dna_indicators(demo_snapshot):
    from regiondata.model.export import build_export_frame

    frame = build_export_frame(demo_snapshot)
    rows = frame[(frame["code"] == "AM18") & (frame["indicator"] == "resident_job_share_pct")]
    assert set(rows["year"]) == set(range(2015, 2025))
    assert rows["unit"].iloc[0] == "% van de banen in de regio"
    row = rows[rows["year"] == 2024].iloc[0]
    assert "85481NED" in row["source_tables"] and "Gebieden" not in row["source_tables"]
    assert {"work_inside_share_pct", "commute_distance_km"} <= set(frame["indicator"])
    nl = frame[(frame["level"] == "nl") & (frame["indicator"] == "commute_distance_km")]
    assert len(nl) == 10 and nl["value"].between(1, 100).all()
