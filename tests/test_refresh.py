"""The real CBS path: cbsodata over HTTP against the local OData v3 emulator."""

import pandas as pd
import pytest

from regiondata.__main__ import main
from regiondata.cbs.client import build_query, cbs_client, fetch_table
from regiondata.cbs.sources import BIJSTAND, JOBS
from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot, refresh_from_cbs
from regiondata.derive.snapshot import current_name, load_snapshot
from regiondata.errors import DataUnavailableError, SchemaChangedError
from tests.test_snapshot import tree_digest


def test_full_refresh_builds_a_cbs_snapshot(cbs_settings, cbs_emulator):
    seen = []
    path = refresh_from_cbs(cbs_settings, progress=seen.append)
    snap = load_snapshot(cbs_settings.snapshots_dir)
    assert snap.path == path and snap.source == "cbs" and not snap.is_demo
    assert {p.table_id for p in seen} >= {
        "80794ned",
        "03759ned",
        "83582NED",
        "81575NED",
        "85924NED",
        "86088NED",
    }
    # Catalog look-ups chose the current editions, not the discontinued ones.
    assert "84432NED" not in {p.table_id for p in seen} and "85494NED" not in {p.table_id for p in seen}
    # One Gebieden table per year.
    assert sum(p.source.startswith("gebieden_") for p in seen) == 12
    # The CBS path gives exactly the same figures as the demo path (same shapes, same code).
    demo = load_snapshot(build_demo_snapshot(cbs_settings).parent)
    cols = [
        "region_code",
        "year",
        "bijstand_count",
        "jobs_count",
        "gdp_volume_growth_pct",
        "unemployment_pct",
    ]
    ours = snap.derived.regions[snap.derived.regions.level == "amr"][cols].reset_index(drop=True)
    theirs = demo.derived.regions[demo.derived.regions.level == "amr"][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, theirs)


def test_codes_are_kept_and_stripped(cbs_settings):
    with cbs_client(cbs_settings):
        raw = fetch_table(BIJSTAND, "80794ned", cbs_settings)
    regions = {r["RegioS"] for r in raw.rows}
    assert "GM0363" in regions and "NL01  " in regions  # codes, not "Amsterdam"; padding as CBS sends it
    snap_path = refresh_from_cbs(cbs_settings)
    regions = load_snapshot(snap_path.parent).derived.regions
    assert "NL01" in set(regions["region_code"]) and "GM0363" in set(regions["region_code"])


def test_filters_and_select_cut_what_is_downloaded(cbs_settings, cbs_emulator):
    with cbs_client(cbs_settings):
        raw = fetch_table(JOBS, "83582NED", cbs_settings)
        filters, select = build_query(raw, JOBS)
    assert "substringof('GM',RegioS)" in filters and "T001081" in filters
    assert select == ["RegioS", "Perioden", "BedrijfstakkenBranchesSBI2008", "BanenVanWerknemersInDecember_1"]
    assert {r["BedrijfstakkenBranchesSBI2008"].strip() for r in raw.rows} == {"T001081"}
    assert all(r["RegioS"].startswith("GM") or r["RegioS"].strip() == "NL01" for r in raw.rows)
    assert set(raw.rows[0]) == set(select)
    full_rows, _ = cbs_emulator.full_size("83582NED")
    assert len(raw.rows) < full_rows


def test_paging_follows_next_links(cbs_settings, cbs_emulator):
    cbs_emulator.page_size = 500
    with cbs_client(cbs_settings):
        raw = fetch_table(BIJSTAND, "80794ned", cbs_settings)
    pages = [r for r in cbs_emulator.requests if "80794ned/TypedDataSet" in r]
    assert len(pages) >= 7 and any("skip=" in r for r in pages)
    keys = [(r["RegioS"], r["Perioden"]) for r in raw.rows]
    assert len(keys) == len(set(keys))  # every row exactly once
    # 11 Decembers x (342 gemeenten + NL + Weesp): CBS keeps a dissolved gemeente in the table
    # with empty cells (Weesp joined Amsterdam in 2022).
    assert len(raw.rows) == 11 * 344


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("http500", "foutmelding (HTTP 500)"),
        ("stall", "niet binnen 2 seconden"),
        ("malformed_json", "onleesbaar"),
        ("truncated_json", "onleesbaar"),
        ("empty", "is leeg"),
    ],
)
def test_faults_give_a_clear_error_and_leave_previous_snapshot_intact(
    cbs_settings, cbs_emulator, kind, message
):
    build_demo_snapshot(cbs_settings)
    before = tree_digest(cbs_settings.snapshots_dir)
    cbs_emulator.set_fault("83582NED", kind, entity="TypedDataSet", seconds=4)
    with pytest.raises(DataUnavailableError) as err:
        refresh_from_cbs(cbs_settings)
    assert "83582NED" in str(err.value) and message in str(err.value)
    assert tree_digest(cbs_settings.snapshots_dir) == before


def test_failure_on_a_later_page_leaves_nothing_behind(cbs_settings, cbs_emulator):
    build_demo_snapshot(cbs_settings)
    before = tree_digest(cbs_settings.snapshots_dir)
    cbs_emulator.page_size = 500
    cbs_emulator.set_fault("80794ned", "http500", entity="TypedDataSet", after=2)
    with pytest.raises(DataUnavailableError, match="80794ned"):
        refresh_from_cbs(cbs_settings)
    assert tree_digest(cbs_settings.snapshots_dir) == before


def test_renumbered_measure_still_works(cbs_settings, cbs_emulator):
    cbs_emulator.set_fault(
        "80794ned", "rename_measure", renames={"BijstandTotDeAOWLeeftijd_7": "BijstandTotDeAOWLeeftijd_9"}
    )
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    am18 = snap.derived.regions.query("level == 'amr' and region_code == 'AM18' and year == 2024")
    assert am18["bijstand_count"].iloc[0] > 0


def test_schema_change_names_table_and_missing_topic(cbs_settings, cbs_emulator, demo_raw_tables):
    from tests.conftest import emulated

    raw = next(t for t in demo_raw_tables if t.table_id == "83582NED")
    changed = emulated(raw)
    changed.properties = [dict(p) for p in raw.properties]
    for p in changed.properties:
        if p["Key"] == "BanenVanWerknemersInDecember_1":
            p["Key"], p["Title"] = "Werkzamepersonen_1", "Werkzame personen"
    changed.rows = [
        {("Werkzamepersonen_1" if k == "BanenVanWerknemersInDecember_1" else k): v for k, v in r.items()}
        for r in raw.rows
    ]
    cbs_emulator.add_table(changed)
    build_demo_snapshot(cbs_settings)
    before = tree_digest(cbs_settings.snapshots_dir)
    with pytest.raises(SchemaChangedError) as err:
        refresh_from_cbs(cbs_settings)
    msg = str(err.value)
    assert "83582NED" in msg and "Banen van werknemers in december" in msg and "Werkzame personen" in msg
    assert tree_digest(cbs_settings.snapshots_dir) == before


def test_cli_refresh_status_and_failure(cbs_settings, cbs_emulator, capsys):
    assert main(["refresh"]) == 0
    out = capsys.readouterr().out
    assert "80794ned" in out and "rijen" in out and "Klaar:" in out
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "CBS (echte cijfers)" in out and "2015MM12 – 2025MM12" in out and "voorlopig: 2025MM12" in out
    assert "binnen de afronding): 2015 35/35, 2016 35/35, 2017 35/35" in out
    name = current_name(cbs_settings.snapshots_dir)
    cbs_emulator.set_fault(None, "http500")
    assert main(["refresh"]) == 2
    err = capsys.readouterr().err
    assert "Vernieuwen mislukt" in err and "ongewijzigd" in err
    assert current_name(cbs_settings.snapshots_dir) == name


def test_ensure_never_hangs_and_falls_back_to_demo(monkeypatch, capsys):
    monkeypatch.setenv("REGIONDATA_CBS_URL", "http://127.0.0.1:9")
    assert main(["ensure"]) == 0
    snap = load_snapshot(load_settings().snapshots_dir)
    assert snap.is_demo
    assert "Demodata geschreven" in capsys.readouterr().out


def test_refresh_stores_boundaries_when_pdok_answers(cbs_settings, monkeypatch):
    import copy
    import json

    from tests.test_boundaries import FIXTURE, PdokStub

    features = json.loads(FIXTURE.read_text(encoding="utf-8"))["features"]
    with PdokStub(copy.deepcopy(features)) as stub:
        monkeypatch.setenv("REGIONDATA_PDOK_URL", stub.base_url)
        snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    geo = snap.boundaries
    assert geo is not None and {f["id"] for f in geo["features"]} >= {"AM02", "AM14", "AM18"}
    assert "derived/boundaries.geojson" in snap.manifest["files"]
    # Only five regions in the fixture: the refresh succeeds and says what is missing.
    assert any("PDOK" in n or "ontbre" in n for n in snap.derived.notes), snap.derived.notes


def test_refresh_without_pdok_still_succeeds_with_a_note(cbs_settings):
    snap = load_snapshot(refresh_from_cbs(cbs_settings).parent)
    assert snap.boundaries is None and snap.source == "cbs"
    assert any("tegelkaart" in n for n in snap.derived.notes)
