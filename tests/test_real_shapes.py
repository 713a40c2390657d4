"""The refresh on CBS's tables in their real shapes: single years of age, region codes that change,
missing region kinds, deadlines, and the check against CBS's own regional bijstand.

Each case runs the real path (cbsodata over HTTP against the emulator) and, where it must fail,
checks the Dutch message names the table and that the previous snapshot is byte for byte intact.
"""

from __future__ import annotations

import copy
import time

import pytest

from regiondata.derive.pipeline import build_demo_snapshot, refresh_from_cbs
from regiondata.derive.snapshot import load_snapshot
from regiondata.errors import DataUnavailableError, SchemaChangedError
from tests.conftest import emulated
from tests.test_snapshot import tree_digest

FOODVALLEY_2016 = {"GM0203", "GM0228", "GM0274", "GM0279", "GM0289", "GM0339", "GM0340", "GM0345"}


def _table(raws, table_id):
    return copy.deepcopy(next(t for t in raws if t.table_id == table_id))


def _publish_am18_500_higher(cbs_emulator, demo_raw_tables):
    """CBS's own 2017 figure for Groot Amsterdam 500 above the sum of its gemeenten."""
    raw = _table(demo_raw_tables, "84066NED")
    for r in raw.rows:
        if r["Regiokenmerken"].strip() == "AM18":
            r["Bijstandsontvangers_2"] += 500
    cbs_emulator.add_table(emulated(raw))


def _refresh_fails(settings, expected_error):
    """Refresh over a demo snapshot; return the error and assert nothing on disk changed."""
    build_demo_snapshot(settings)
    before = tree_digest(settings.snapshots_dir)
    with pytest.raises(expected_error) as err:
        refresh_from_cbs(settings)
    assert tree_digest(settings.snapshots_dir) == before
    return str(err.value)


def test_population_15plus_is_total_minus_the_single_years_0_to_14(cbs_settings, demo_raw_tables):
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    raw = _table(demo_raw_tables, "03759ned")
    assert not any("tot 15" in r["Title"] for r in raw.dimensions["Leeftijd"])  # no age group at all
    young = {str(10010)} | {str(10000 + 100 * n) for n in range(1, 15)}
    rows = [r for r in raw.rows if r["RegioS"].strip() == "GM0363" and r["Perioden"] == "2021JJ00"]
    total = next(r["BevolkingOp1Januari_1"] for r in rows if r["Leeftijd"].strip() == "10000")
    under_15 = sum(r["BevolkingOp1Januari_1"] for r in rows if r["Leeftijd"].strip() in young)
    regions = snap.derived.regions
    gm = regions[(regions.level == "gemeente") & (regions.region_code == "GM0363") & (regions.year == 2021)]
    assert gm.iloc[0]["population_15plus_count"] == total - under_15


def test_a_missing_single_year_stops_the_refresh_naming_it(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "03759ned")
    raw.dimensions["Leeftijd"] = [r for r in raw.dimensions["Leeftijd"] if r["Title"] != "7 jaar"]
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, SchemaChangedError)
    assert "03759ned" in message and "'7 jaar'" in message and "Leeftijd" in message


def test_foodvalley_2016_is_counted_under_am38_and_no_region_vanishes(cbs_settings, demo_raw_tables):
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    gebieden = _table(demo_raw_tables, "83287NED")
    in_am31 = {r["RegioS"].strip() for r in gebieden.rows if r["Code_4"].strip() == "AM31"}
    assert in_am31 == FOODVALLEY_2016
    bijstand = _table(demo_raw_tables, "80794ned")
    by_hand = sum(
        r["BijstandTotDeAOWLeeftijd_7"]
        for r in bijstand.rows
        if r["Perioden"] == "2016MM12" and r["RegioS"].strip() in in_am31
    )
    regions = snap.derived.regions
    amr = regions[regions.level == "amr"]
    am38 = amr[(amr.region_code == "AM38") & (amr.year == 2016)].iloc[0]
    assert am38["bijstand_count"] == by_hand
    membership = snap.derived.membership
    fv = membership[(membership.year == 2016) & membership.gemeente_code.isin(in_am31)]
    assert set(fv["amr_code"]) == {"AM38"} and set(fv["amr_code_cbs"]) == {"AM31"}
    # Every year with bijstand has all 35 regions, and the reconciliation covers every year.
    for year in range(2015, 2026):
        assert amr[(amr.year == year)]["bijstand_count"].notna().sum() == 35, year
    rec = snap.derived.reconciliation
    assert sorted(rec[rec.column == "bijstand_count"]["year"]) == list(range(2015, 2026))


def test_an_unknown_region_code_stops_the_refresh(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "83287NED")
    row = next(r for r in raw.rows if r["RegioS"].strip() == "GM0363")
    row["Code_4"] = "AM99".ljust(10)
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, SchemaChangedError)
    assert "83287NED" in message and "AM99" in message and "2016" in message and "GM0363" in message


def test_a_missing_national_row_stops_the_refresh(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "80794ned")
    raw.rows = [r for r in raw.rows if r["RegioS"].strip() != "NL01"]
    raw.dimensions["RegioS"] = [r for r in raw.dimensions["RegioS"] if r["Key"].strip() != "NL01"]
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, SchemaChangedError)
    assert "80794ned" in message and "Nederland (NL01)" in message


def test_a_national_row_without_figures_stops_the_refresh(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "80794ned")
    for r in raw.rows:
        if r["RegioS"].strip() == "NL01":
            for key in r:
                if key not in ("RegioS", "Perioden"):
                    r[key] = None
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, SchemaChangedError)
    assert "80794ned" in message and "Nederland (NL01) in de cijfers" in message


def test_a_table_without_gemeenten_stops_the_refresh(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "81575NED")
    raw.rows = [r for r in raw.rows if not r["RegioS"].startswith("GM")]
    raw.dimensions["RegioS"] = [r for r in raw.dimensions["RegioS"] if not r["Key"].startswith("GM")]
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, SchemaChangedError)
    assert "81575NED" in message and "gemeenten" in message


def test_a_table_without_periods_says_it_is_empty(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "83582NED")
    raw.dimensions["Perioden"], raw.rows = [], []
    cbs_emulator.add_table(emulated(raw))
    message = _refresh_fails(cbs_settings, DataUnavailableError)
    assert "83582NED" in message and "is leeg" in message


def test_a_slow_cbs_stops_at_the_overall_deadline(cbs_settings, cbs_emulator, monkeypatch):
    import dataclasses

    # Every answer takes 0.3 s: well within the read timeout, but the whole refresh would take
    # far longer than the 2 s deadline.
    cbs_emulator.set_fault(None, "stall", seconds=0.3)
    settings = dataclasses.replace(cbs_settings, refresh_deadline_s=2.0, read_timeout_s=30.0)
    start = time.monotonic()
    message = _refresh_fails(settings, DataUnavailableError)
    assert time.monotonic() - start < 2.0 + 5.0  # the demo build before, then stopped on time
    assert "REGIONDATA_REFRESH_DEADLINE" in message and "2 seconden" in message


def test_the_check_against_cbs_own_regional_figures_shows_a_mismatch(
    cbs_settings, cbs_emulator, demo_raw_tables
):
    _publish_am18_500_higher(cbs_emulator, demo_raw_tables)
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    check = snap.derived.cbs_check
    assert sorted(check["year"].unique()) == [2015, 2016, 2017]
    assert len(check) == 3 * 35  # AM31 in 2015/16 compared as AM38
    assert set(check[check.year == 2016]["amr_code_cbs"]) >= {"AM31"}
    bad = check[~check["agrees"]]
    assert list(bad["amr_code"]) == ["AM18"] and list(bad["year"]) == [2017]
    row = bad.iloc[0]
    assert row["cbs"] - row["ours"] == pytest.approx(500, abs=row["tolerance"])
    assert row["age_basis"] == "15 jaar tot AOW-leeftijd"
    assert any("AM18" in n and "84066NED" in n for n in snap.derived.notes)


def test_a_changed_check_table_is_a_note_not_a_failed_refresh(cbs_settings, cbs_emulator, demo_raw_tables):
    raw = _table(demo_raw_tables, "83450NED")
    raw.properties = [p for p in raw.properties if p.get("Key") != "Bijstandsontvangers_2"]
    for r in raw.rows:
        r.pop("Bijstandsontvangers_2")
    cbs_emulator.add_table(emulated(raw))
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    assert sorted(snap.derived.cbs_check["year"].unique()) == [2016, 2017]
    assert any("83450NED" in n and "niet mogelijk" in n for n in snap.derived.notes)


def test_data_page_shows_the_check_and_every_mismatch_with_both_values(
    cbs_settings, cbs_emulator, demo_raw_tables
):
    from tests.test_pages import open_app, table_with

    _publish_am18_500_higher(cbs_emulator, demo_raw_tables)
    refresh_from_cbs(cbs_settings)
    at = open_app("pages/data.py")
    summary = table_with(at, "Binnen de afronding")
    summary = summary.set_index(summary["Jaar"].astype(int))  # a row header is text on the page
    assert summary.loc[2016, "Binnen de afronding"] == 35 and summary.loc[2016, "CBS-tabel"] == "83747NED"
    assert summary.loc[2017, "Afwijkend"] == 1
    mismatch = table_with(at, "CBS zelf")
    assert list(mismatch["Regio"]) == ["Groot Amsterdam (AM18)"]
    ours, theirs = (
        int(mismatch.iloc[0][c].replace(".", "")) for c in ("Onze som van de gemeenten", "CBS zelf")
    )
    assert theirs - ours == pytest.approx(500, abs=50)
    assert any("1 regio-jaar(en) wijken meer af" in w.value for w in at.warning)
    reconciliation = table_with(at, "Afrondingsmarge (±)")
    bijstand = reconciliation[reconciliation["Cijfer"].str.startswith("Personen met bijstand")]
    assert list(bijstand["Jaar"]) == list(range(2015, 2026))
    assert any("afrondingsmarge" in m.value for m in at.markdown)


def test_establishments_without_a_national_row_use_the_sum_of_gemeenten_and_say_so(
    cbs_settings, cbs_emulator, demo_raw_tables
):
    # Public evidence does not show whether 81575NED has an NL01 row.
    raw = _table(demo_raw_tables, "81575NED")
    raw.rows = [r for r in raw.rows if r["RegioS"].strip() != "NL01"]
    raw.dimensions["RegioS"] = [r for r in raw.dimensions["RegioS"] if r["Key"].strip() != "NL01"]
    cbs_emulator.add_table(emulated(raw))
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    regions = snap.derived.regions
    nl = regions[(regions.level == "nl") & (regions.year == 2020)].iloc[0]
    gm = regions[(regions.level == "gemeente") & (regions.year == 2020)]
    assert nl["establishments_count"] == gm["establishments_count"].sum()
    assert any("81575NED" in n and "som van de gemeenten" in n for n in snap.derived.notes)
