"""The one-file export of every figure, and the provenance block every CSV starts with."""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from regiondata.cbs.sources import CHECKS
from regiondata.derive.snapshot import Snapshot, load_snapshot
from regiondata.derive.snapshot_write import write_snapshot
from regiondata.indicators import INDICATORS, INDICATORS_BY_KEY
from regiondata.model.export import EXPORT_COLUMNS, build_export_frame, export_csv, run_export
from regiondata.model.provenance import comment_block, provenance_header, source_keys
from regiondata.model.views import provisional_years
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def _frame_and_csv(_demo_snapshot_dir):
    snapshot = load_snapshot(_demo_snapshot_dir)
    return build_export_frame(snapshot), export_csv(snapshot)


@pytest.fixture
def frame(_frame_and_csv) -> pd.DataFrame:
    return _frame_and_csv[0]


@pytest.fixture
def csv_bytes(_frame_and_csv) -> bytes:
    return _frame_and_csv[1]


def header_lines(data: bytes) -> list[str]:
    lines = data.decode("utf-8").splitlines()
    return [line for line in lines if line.startswith("#")]


def read_export(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), comment="#", keep_default_na=False)


def figure(frame: pd.DataFrame, level: str, code: str, year: int, key: str) -> pd.Series:
    rows = frame[
        (frame["level"] == level)
        & (frame["code"] == code)
        & (frame["year"] == year)
        & (frame["indicator"] == key)
    ]
    assert len(rows) == 1, (level, code, year, key)
    return rows.iloc[0]


def cbs_copy(demo: Snapshot, home) -> Snapshot:
    """The demo's figures written as if they came from CBS (source ``cbs``)."""
    snapshots = home / "snapshots"
    write_snapshot(snapshots, "cbs", {}, demo.derived, demo.tables)
    return load_snapshot(snapshots)


# --- columns ------------------------------------------------------------------------------------


def test_columns_are_exactly_the_documented_ones_in_order(frame, csv_bytes):
    assert tuple(frame.columns) == EXPORT_COLUMNS
    assert tuple(read_export(csv_bytes).columns) == EXPORT_COLUMNS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for column in EXPORT_COLUMNS:
        assert f"| `{column}` |" in readme, column


def test_one_row_per_figure_with_a_value(frame, demo_snapshot):
    assert not frame.duplicated(["level", "code", "year", "indicator"]).any()
    assert frame["value"].notna().all()
    regions = demo_snapshot.derived.regions
    assert len(frame) == int(regions[[i.key for i in INDICATORS]].notna().sum().sum())
    assert set(frame["level"]) == {"amr", "gemeente", "nl"}


def test_rows_are_sorted_by_level_code_year_and_registry_order(frame, demo_snapshot):
    order = {i.key: n for n, i in enumerate(INDICATORS)}
    keys = list(zip(frame["level"], frame["code"], frame["year"], frame["indicator"].map(order), strict=True))
    assert keys == sorted(keys)
    assert export_csv(demo_snapshot) == export_csv(demo_snapshot)  # deterministic, byte for byte


def test_level_code_name_year_match_the_derived_table(frame, demo_snapshot):
    regions = demo_snapshot.derived.regions
    newest = int(regions.loc[(regions["level"] == "amr") & regions["bijstand_count"].notna(), "year"].max())
    am18 = figure(frame, "amr", "AM18", newest, "bijstand_count")
    expected = regions.query("level == 'amr' and region_code == 'AM18' and year == @newest").iloc[0]
    assert am18["name"] == "Groot Amsterdam"
    assert am18["value"] == expected["bijstand_count"]
    nl = figure(frame, "nl", "NL01", newest, "bijstand_count")
    assert nl["name"] == "Nederland"
    assert nl["value"] == regions.query("level == 'nl' and year == @newest").iloc[0]["bijstand_count"]
    amsterdam = figure(frame, "gemeente", "GM0363", newest, "population_count")
    assert amsterdam["name"] == "Amsterdam"


def test_values_are_full_precision_with_a_dot_and_no_thousands_separators(frame, csv_bytes, demo_snapshot):
    text = csv_bytes.decode("utf-8")
    assert "\r" not in text and not text.startswith("\ufeff")
    raw = pd.read_csv(io.BytesIO(csv_bytes), comment="#", dtype=str)
    assert raw["value"].str.fullmatch(r"-?\d+(\.\d+)?").all(), "plain decimals: no exponent, no 1.234,5"
    back = read_export(csv_bytes)
    # Every value reads back as exactly the float in the derived table.
    assert (back["value"].to_numpy() == frame["value"].to_numpy()).all()
    rate = figure(back, "amr", "AM18", 2024, "bijstand_per_1000")["value"]
    regions = demo_snapshot.derived.regions
    assert (
        rate
        == regions.query("level == 'amr' and region_code == 'AM18' and year == 2024").iloc[0][
            "bijstand_per_1000"
        ]
    )
    assert round(rate, 1) != rate, "not rounded to the shown decimals"


def test_indicator_and_unit_come_from_the_registry(frame):
    assert set(frame["indicator"]) <= set(INDICATORS_BY_KEY)
    units = frame.groupby("indicator")["unit"].unique()
    for key, found in units.items():
        assert list(found) == [INDICATORS_BY_KEY[key].unit], key
    assert figure(frame, "amr", "AM18", 2024, "bijstand_per_1000")["unit"] == "per 1.000 inwoners (15+)"


def test_corop_weighted_region_figures_are_marked_approximation(frame, csv_bytes):
    gdp = frame[frame["indicator"] == "gdp_volume_growth_pct"]
    assert gdp.loc[gdp["level"] == "amr", "approximation"].all()
    # CBS publishes the national growth itself: that figure is no approximation.
    assert not gdp.loc[gdp["level"] == "nl", "approximation"].any()
    assert not frame.loc[frame["indicator"] != "gdp_volume_growth_pct", "approximation"].any()
    assert set(pd.read_csv(io.BytesIO(csv_bytes), comment="#", dtype=str)["approximation"]) == {
        "true",
        "false",
    }


def test_provisional_years_are_flagged_per_indicator(frame, demo_snapshot):
    years = provisional_years(demo_snapshot, ["bijstand_count"])
    assert years, "the demo marks its newest bijstand year provisional"
    newest = max(years)
    assert figure(frame, "amr", "AM18", newest, "bijstand_count")["provisional"]
    assert not figure(frame, "amr", "AM18", newest - 1, "bijstand_count")["provisional"]
    # bbp is provisional for its two newest years; each row follows its own indicator's sources.
    gdp_years = provisional_years(demo_snapshot, ["gdp_volume_growth_pct"])
    gdp = frame[frame["indicator"] == "gdp_volume_growth_pct"]
    assert (gdp["provisional"] == gdp["year"].isin(gdp_years)).all()
    flagged = frame.groupby("indicator").apply(
        lambda g: set(g.loc[g["provisional"], "year"]), include_groups=False
    )
    for key, found in flagged.items():
        assert found <= provisional_years(demo_snapshot, [key]), key


def test_source_tables_name_the_cbs_tables_of_each_figure(frame, demo_snapshot):
    bijstand = demo_snapshot.table("bijstand").table_id
    bevolking = demo_snapshot.table("bevolking").table_id
    membership = {t.source: t.table_id for t in demo_snapshot.tables if t.source.startswith("gebieden_")}
    rate = figure(frame, "amr", "AM18", 2024, "bijstand_per_1000")["source_tables"].split(";")
    assert rate == [bijstand, bevolking, membership["gebieden_2024"]]
    # Gemeente and national figures are CBS's own: no membership table.
    gm = figure(frame, "gemeente", "GM0363", 2024, "bijstand_per_1000")["source_tables"]
    assert gm == f"{bijstand};{bevolking}"
    assert figure(frame, "nl", "NL01", 2024, "bijstand_count")["source_tables"] == bijstand
    # A growth rate sums two years, each with its own membership.
    growth = figure(frame, "amr", "AM18", 2024, "bijstand_change_pct")["source_tables"].split(";")
    assert growth == [bijstand, membership["gebieden_2023"], membership["gebieden_2024"]]
    # Published per region by CBS: only the data table.
    unemployment = figure(frame, "amr", "AM18", 2024, "unemployment_pct")["source_tables"]
    assert unemployment == demo_snapshot.table("arbeidsdeelname").table_id
    known = {t.table_id for t in demo_snapshot.tables}
    assert {i for s in frame["source_tables"].unique() for i in s.split(";")} <= known


# --- the provenance block -----------------------------------------------------------------------


def test_header_names_source_licence_tables_retrieval_and_snapshot(csv_bytes, demo_snapshot):
    head = header_lines(csv_bytes)
    text = "\n".join(head)
    assert all(line.startswith("# ") for line in head)
    assert csv_bytes.decode("utf-8").startswith("# "), "the block comes before the column header"
    assert "Bron: CBS StatLine, open data" in text
    assert "CC BY 4.0" in text
    checks = {spec.key for spec in CHECKS}  # only compared against, no figure in the export
    for record in demo_snapshot.tables:
        if record.source_key in checks:
            continue
        assert record.table_id in text
        assert f"opgehaald op {record.retrieved_at[:10]}" in text
    assert demo_snapshot.path.name in text
    assert any("DEMODATA" in line and "verzonnen" in line for line in head)


def test_header_of_cbs_data_has_no_demodata_line(demo_snapshot, data_home):
    real = cbs_copy(demo_snapshot, data_home)
    assert not real.is_demo
    data = export_csv(real)
    text = "\n".join(header_lines(data))
    assert "DEMODATA" not in data.decode("utf-8")
    assert "CC BY 4.0" in text and real.path.name in text
    assert read_export(data).equals(read_export(export_csv(demo_snapshot)))


def test_provenance_header_for_indicator_and_source_keys(demo_snapshot):
    header = provenance_header(demo_snapshot, ["bijstand_per_1000"])
    assert "80794ned" in header and "03759ned" in header and "83582NED" not in header
    assert "Gebieden in Nederland 2015–2026" in header  # region sums use the membership per year
    assert "DEMODATA" in header.splitlines()[0]
    # CBS publishes unemployment per region: no membership tables.
    assert "Gebieden" not in provenance_header(demo_snapshot, ["unemployment_pct"])
    assert source_keys(["jobs_count", "banen", "bevolking"]) == ["banen", "bevolking", "gebieden"]
    # No semicolons: the block heads semicolon-separated CSVs for Dutch spreadsheets too.
    assert ";" not in provenance_header(demo_snapshot, [i.key for i in INDICATORS])
    with pytest.raises(KeyError):
        source_keys(["no_such_key"])


def test_comment_block_prefixes_every_line():
    assert comment_block(["a", "b\nc", ""]) == "# a\n# b\n# c\n# \n"


# --- the command --------------------------------------------------------------------------------


def run_cli(home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REGIONDATA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "regiondata", "export", *args],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_cli_writes_the_export_to_a_file(demo_snapshot, tmp_path):
    out = tmp_path / "f.csv"
    home = demo_snapshot.path.parent.parent
    done = run_cli(home, "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert "demodata" in done.stderr.decode().lower()
    rows = len(build_export_frame(demo_snapshot))
    assert f"{rows:,}".replace(",", ".") + " rijen, " in done.stdout.decode()
    assert out.read_bytes() == export_csv(demo_snapshot)
    back = pd.read_csv(out, comment="#")
    assert tuple(back.columns) == EXPORT_COLUMNS
    assert len(back) == len(build_export_frame(demo_snapshot))
    am18 = figure(back, "amr", "AM18", 2024, "bijstand_count")
    assert (
        am18["value"]
        == figure(build_export_frame(demo_snapshot), "amr", "AM18", 2024, "bijstand_count")["value"]
    )
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"], "no temporary file left behind"


def test_cli_without_out_writes_to_stdout(demo_snapshot):
    done = run_cli(demo_snapshot.path.parent.parent)
    assert done.returncode == 0
    assert done.stdout == export_csv(demo_snapshot)


def test_cli_without_snapshot_exits_2_with_a_dutch_message(tmp_path):
    done = run_cli(tmp_path / "empty-home")
    assert done.returncode == 2
    assert done.stdout == b""
    assert "Exporteren mislukt: geen bruikbare gegevens" in done.stderr.decode()


def test_unwritable_file_exits_2_and_leaves_the_old_file(demo_snapshot, tmp_path, capsys, monkeypatch):
    snapshots = demo_snapshot.path.parent
    assert run_export(snapshots, str(tmp_path / "no-such-folder" / "f.csv")) == 2
    assert "de map bestaat niet" in capsys.readouterr().err
    assert run_export(snapshots, str(tmp_path)) == 2  # a folder, not a file
    assert re.search(r"kan .* niet schrijven \(dat is een map\)", capsys.readouterr().err)
    # A write that fails halfway (a full disk) leaves an existing file as it was, and no temp file.
    target = tmp_path / "old.csv"
    target.write_text("old", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("regiondata.model.export.os.fsync", full_disk)
    assert run_export(snapshots, str(target)) == 2
    assert "de schijf is vol" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]
