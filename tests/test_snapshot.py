"""Snapshots: complete or nothing, damaged ones detected, fallback to the last good one."""

import hashlib
import subprocess
import sys

import pytest

from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.derive.snapshot import current_name, list_snapshots, load_snapshot, verify
from regiondata.errors import SnapshotError


def tree_digest(root):
    """Hash of every file (path + bytes) under root: 'byte for byte the same'."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_demo_snapshot_has_manifest_and_verifies(data_home):
    settings = load_settings()
    path = build_demo_snapshot(settings)
    manifest = verify(path)
    assert manifest["source"] == "demo"
    assert current_name(settings.snapshots_dir) == path.name
    ids = {t["table_id"] for t in manifest["tables"]}
    assert {"80794ned", "03759ned", "83582NED", "81575NED", "85924NED", "86088NED", "86247NED"} <= ids
    # The discontinued editions are not chosen from the catalog.
    assert "84432NED" not in ids and "85494NED" not in ids
    bij = next(t for t in manifest["tables"] if t["table_id"] == "80794ned")
    assert bij["periods"] == ["2015MM12", "2025MM12"]
    assert bij["provisional_periods"] == ["2025MM12"]


def test_demo_is_deterministic(data_home):
    settings = load_settings()
    a = load_snapshot(build_demo_snapshot(settings).parent).derived.regions
    b = load_snapshot(build_demo_snapshot(settings).parent).derived.regions
    assert a.equals(b)
    am18 = a[(a.level == "amr") & (a.region_code == "AM18") & (a.year == 2024)].iloc[0]
    assert 20_000 < am18["bijstand_count"] < 90_000  # plausible magnitude for Groot Amsterdam
    assert a[(a.level == "amr") & (a.year == 2024)]["region_code"].nunique() == 35


def test_corrupt_current_snapshot_falls_back_with_message(data_home):
    settings = load_settings()
    good = build_demo_snapshot(settings)
    bad = build_demo_snapshot(settings)
    assert current_name(settings.snapshots_dir) == bad.name
    (bad / "derived" / "regions.parquet").write_bytes(b"not parquet")
    snap = load_snapshot(settings.snapshots_dir)
    assert snap.path == good
    assert "beschadigd" in snap.notice and good.name in snap.notice


def test_half_written_snapshot_is_ignored(data_home):
    settings = load_settings()
    good = build_demo_snapshot(settings)
    half = settings.snapshots_dir / ".incoming-20990101T000000000000Z-cbs"
    (half / "derived").mkdir(parents=True)
    (half / "derived" / "regions.parquet").write_bytes(b"partial")
    missing_manifest = settings.snapshots_dir / "20990101T000000000000Z-cbs"
    missing_manifest.mkdir()
    assert half not in list_snapshots(settings.snapshots_dir)
    with pytest.raises(SnapshotError):
        verify(missing_manifest)
    assert load_snapshot(settings.snapshots_dir).path == good


def test_no_snapshot_gives_dutch_error(data_home):
    with pytest.raises(SnapshotError, match="Er zijn nog geen gegevens"):
        load_snapshot(data_home / "snapshots")


def test_load_is_fast_enough_for_the_app(demo_snapshot):
    # Not a timing assertion (see scripts/bench.py); just that the app loads derived tables only.
    assert set(demo_snapshot.derived.tables()) == {
        "regions", "membership", "coverage", "reconciliation", "unmapped", "provisional", "cbs_check",
        "flows", "sectors",
    }  # fmt: skip


def test_regiondata_never_imports_streamlit():
    code = (
        "import sys, pkgutil, importlib, regiondata\n"
        "for m in pkgutil.walk_packages(regiondata.__path__, 'regiondata.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_only_one_module_imports_cbsodata():
    from pathlib import Path

    import regiondata

    root = Path(regiondata.__file__).parent
    users = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import cbsodata" in p.read_text(encoding="utf-8")
    )
    assert users == ["cbs/client.py"]
