"""Regio-DNA over the real CBS path: cbsodata against the emulator, filters, faults, demo parity."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from regiondata.cbs.client import cbs_client, fetch_table
from regiondata.cbs.flows import build_flow_query, flow_periods
from regiondata.cbs.sources import COMMUTING, COMMUTING_OLD, SECTORS
from regiondata.derive.demo import build_raw_tables
from regiondata.derive.pipeline import build_demo_snapshot, refresh_from_cbs
from regiondata.derive.snapshot import load_snapshot
from regiondata.errors import SchemaChangedError


def test_refresh_downloads_only_gemeente_pairs_and_totals(cbs_settings, cbs_emulator):
    with cbs_client(cbs_settings):
        raw = fetch_table(COMMUTING, "85481NED", cbs_settings)
    woon = {r["WoonregioS"].strip() for r in raw.rows}
    werk = {r["WerkregioS"].strip() for r in raw.rows}
    # The provincie rows the table also has are never downloaded; the total is NL00.
    assert not any(c.startswith("PV") for c in woon | werk)
    assert "NL00" in woon and "NL00" in werk and "NL01" not in woon
    assert {r["Perioden"].strip() for r in raw.rows} == {f"{y}MM12" for y in range(2021, 2025)}
    assert set(raw.rows[0]) >= {"WoonregioS", "WerkregioS", "Perioden", "BanenVanWerknemers_1"}
    full_rows, _ = cbs_emulator.full_size("85481NED")
    assert len(raw.rows) < full_rows


def test_the_dna_refresh_gives_the_same_figures_as_the_demo(cbs_settings, cbs_emulator):
    seen = []
    refresh_from_cbs(cbs_settings, progress=seen.append)
    assert {"83628NED", "85481NED"} <= {p.table_id for p in seen}
    assert "banen_sector" in {p.source for p in seen}
    snap = load_snapshot(cbs_settings.snapshots_dir)
    demo = load_snapshot(build_demo_snapshot(cbs_settings).parent)
    assert not snap.derived.flows.empty and not snap.derived.sectors.empty
    pd.testing.assert_frame_equal(snap.derived.flows, demo.derived.flows)
    pd.testing.assert_frame_equal(snap.derived.sectors, demo.derived.sectors)
    amr = snap.derived.regions[snap.derived.regions["level"] == "amr"]
    share = amr.set_index(["region_code", "year"])["resident_job_share_pct"]
    assert 40 < share[("AM18", 2024)] < 100
    assert snap.table("pendel").table_id == "85481NED" and snap.table("pendel_oud").table_id == "83628NED"


def test_a_failing_commuting_table_leaves_the_rest_of_the_refresh_intact(cbs_settings, cbs_emulator):
    cbs_emulator.set_fault("85481NED", "http500", entity="TypedDataSet")
    refresh_from_cbs(cbs_settings)
    snap = load_snapshot(cbs_settings.snapshots_dir)
    assert snap.source == "cbs"
    regions = snap.derived.regions
    assert regions["bijstand_count"].notna().any() and regions["jobs_count"].notna().any()
    assert any("Regio-DNA" in n and "85481NED" in n for n in snap.manifest["notes"])
    assert set(snap.derived.flows["year"]) == set(range(2015, 2021))  # the old edition only


def test_sectors_that_changed_shape_are_a_note_not_a_failed_refresh(cbs_settings, cbs_emulator, monkeypatch):
    import regiondata.derive.pipeline as pipeline
    from regiondata.cbs.sources import CategoryPick

    changed = dataclasses.replace(
        SECTORS,
        categories=(CategoryPick("BedrijfstakkenBranchesSBI2008", {"_x": (("999999",), ("^X-Y ",))}),),
    )
    monkeypatch.setattr(pipeline, "DNA_SOURCES", (COMMUTING_OLD, COMMUTING, changed))
    refresh_from_cbs(cbs_settings)
    snap = load_snapshot(cbs_settings.snapshots_dir)
    assert snap.derived.sectors.empty and not snap.derived.flows.empty
    assert any("Regio-DNA" in n and "83582NED" in n for n in snap.manifest["notes"])


def test_old_commuting_periods_may_be_yearly_but_nothing_else():
    raw = next(t for t in build_raw_tables() if t.table_id == "83628NED")
    yearly = dataclasses.replace(
        raw,
        dimensions={
            **raw.dimensions,
            "Perioden": [{**p, "Key": p["Key"].replace("MM12", "JJ00")} for p in raw.dimensions["Perioden"]],
        },
    )
    assert flow_periods(yearly, COMMUTING_OLD)[0] == "2015JJ00"
    quarters = dataclasses.replace(
        raw,
        dimensions={
            **raw.dimensions,
            "Perioden": [{**p, "Key": p["Key"].replace("MM12", "KW04")} for p in raw.dimensions["Perioden"]],
        },
    )
    with pytest.raises(SchemaChangedError, match="83628NED"):
        flow_periods(quarters, COMMUTING_OLD)


def test_the_query_asks_for_three_blocks_and_december_only():
    raw = next(t for t in build_raw_tables() if t.table_id == "85481NED")
    filters, select = build_flow_query(raw, COMMUTING)
    assert "substringof('GM',WoonregioS) and substringof('GM',WerkregioS)" in filters
    assert "WoonregioS eq 'NL00  '" in filters and "WerkregioS eq 'NL00  '" in filters
    assert "MM12" in filters and "PV" not in filters
    assert select == ["WoonregioS", "WerkregioS", "Perioden", "BanenVanWerknemers_1", "WoonWerkafstand_2"]


def test_a_missing_total_names_the_table():
    raw = next(t for t in build_raw_tables() if t.table_id == "83628NED")
    no_total = dataclasses.replace(
        raw,
        dimensions={
            **raw.dimensions,
            "WoonregioS": [r for r in raw.dimensions["WoonregioS"] if r["Key"].strip() != "NL01"],
        },
    )
    with pytest.raises(SchemaChangedError, match=r"83628NED.*totaal"):
        build_flow_query(no_total, COMMUTING_OLD)


def test_sector_spec_picks_the_ten_a10_groups():
    pick = SECTORS.categories[0]
    assert len(pick.picks) == 10


def test_zero_pairs_are_left_out_server_side(cbs_settings, cbs_emulator):
    raw = next(t for t in build_raw_tables() if t.table_id == "85481NED")
    gm_pairs = [r for r in raw.rows if r["WoonregioS"].startswith("GM") and r["WerkregioS"].startswith("GM")]
    assert any(r["BanenVanWerknemers_1"] == 0 for r in gm_pairs), "pairs under 50 jobs round to 0, as at CBS"
    with cbs_client(cbs_settings):
        got = fetch_table(COMMUTING, "85481NED", cbs_settings)
    pairs = [r for r in got.rows if r["WoonregioS"].startswith("GM") and r["WerkregioS"].startswith("GM")]
    assert pairs and all(r["BanenVanWerknemers_1"] > 0 for r in pairs)


def test_when_cbs_refuses_the_jobs_filter_the_client_asks_without_it(cbs_settings, cbs_emulator, monkeypatch):
    import regiondata.cbs.client as client
    from regiondata.errors import DataUnavailableError

    real = client._download
    asked = []

    def refusing(label, settings, table_id, select, filters):
        asked.append(filters)
        if filters and " gt 0" in filters:
            raise DataUnavailableError(f"{label}: CBS gaf een foutmelding (HTTP 500).")
        return real(label, settings, table_id, select, filters)

    monkeypatch.setattr(client, "_download", refusing)
    with cbs_client(cbs_settings):
        got = fetch_table(COMMUTING, "85481NED", cbs_settings)
    assert len(asked) == 2 and " gt 0" not in asked[1]
    assert any(r["BanenVanWerknemers_1"] == 0 for r in got.rows)
    assert "weigerde" in got.extra["note"]
