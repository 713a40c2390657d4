"""Fault suite for the snapshot store: damage it on disk for real, then count what was lost.

Every test breaks the store the way it breaks in the field (garbage in ``CURRENT``, a manifest
from another version, every snapshot damaged, a full disk, a killed writer) and checks that the
good snapshots are byte for byte what they were, that the app and the CLI fall back to them, and
that ``status`` and ``check`` say in Dutch what is wrong — never a traceback.
"""

from __future__ import annotations

import errno
import inspect
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from regiondata.__main__ import main
from regiondata.config import DEFAULT_KEEP_SNAPSHOTS, load_settings
from regiondata.derive import snapshot_write as snapshot_module
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.derive.snapshot import (
    POINTER,
    current_name,
    list_snapshots,
    load_snapshot,
    store_problems,
)
from regiondata.derive.snapshot_write import prune, write_snapshot
from regiondata.errors import SnapshotError, SnapshotWriteError
from regiondata.meeting.preflight import exit_code, run_checks
from tests.conftest import ROOT
from tests.test_snapshot import tree_digest

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_parts(tmp_path_factory) -> dict:
    """What ``build_demo_snapshot`` hands to ``write_snapshot`` (built once): fast test writes."""
    import regiondata.derive.pipeline as pipeline

    seen: dict = {}

    def capture(*args, **kwargs):
        bound = inspect.signature(write_snapshot).bind(*args, **kwargs)
        seen.update(bound.arguments)
        return Path(bound.arguments["snapshots_dir"])

    home = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "write_snapshot", capture)
        pipeline.build_demo_snapshot(load_settings({"REGIONDATA_HOME": str(home)}))
    return {k: v for k, v in seen.items() if k not in {"snapshots_dir", "source", "now"}}


@pytest.fixture
def store(demo_parts, data_home):
    """Write snapshots into this test's store: ``store("cbs", hours=1)`` → its folder."""

    def write(source: str, hours: float = 0) -> Path:
        snaps = load_settings().snapshots_dir
        return write_snapshot(snaps, source, **demo_parts, now=T0 + timedelta(hours=hours))

    return write


def snapshots_dir() -> Path:
    return load_settings().snapshots_dir


def digests(folders) -> dict[str, str]:
    """A hash of every file per snapshot folder: what must survive byte for byte."""
    return {p.name: tree_digest(p) for p in folders}


def damage(path: Path) -> None:
    (path / "derived" / "regions.parquet").write_bytes(b"kapot")


def hidden_leftovers() -> list[str]:
    return sorted(p.name for p in snapshots_dir().iterdir() if p.name.startswith((".incoming-", ".CURRENT.")))


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """``python -m regiondata …`` in a child process (the test's REGIONDATA_HOME is inherited)."""
    return subprocess.run(
        [sys.executable, "-m", "regiondata", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


# --- 1. garbage in CURRENT ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage",
    [
        b"\xff\xfe\x00\x81 geen tekst",  # not UTF-8: crashed every page and `status`
        b"",  # empty
        b"../../../etc/passwd\n",  # a path, not a snapshot name
        b"20260105T090000000000Z-cbs\x00",  # a NUL byte: Path() refuses it
        b"x" * 10_000_000,  # huge: not read whole
    ],
    ids=["not-utf8", "empty", "path", "nul", "huge"],
)
def test_garbage_current_falls_back_to_newest_good_with_notice(store, garbage, capsys):
    cbs = store("cbs", hours=0)
    demo = store("demo", hours=1)
    before = digests([cbs, demo])
    (snapshots_dir() / POINTER).write_bytes(garbage)

    snap = load_snapshot(snapshots_dir())
    assert snap.path == cbs  # the newest good one, real data preferred
    assert "CURRENT" in snap.notice and cbs.name in snap.notice
    assert "\x00" not in snap.notice and "passwd" not in snap.notice  # garbage is never echoed

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Let op: Het bestand CURRENT" in out and f"Problemen in {snapshots_dir()}" in out
    results = run_checks(load_settings())
    fallback = next(r for r in results if r.key == "snapshot_fallback")
    assert fallback.failed_fatally and "CURRENT" in fallback.detail and exit_code(results) == 1
    assert digests([cbs, demo]) == before


def test_current_as_a_folder_falls_back(store):
    good = store("cbs")
    before = digests([good])
    (snapshots_dir() / POINTER).unlink()
    (snapshots_dir() / POINTER).mkdir()
    snap = load_snapshot(snapshots_dir())
    assert snap.path == good and "CURRENT" in snap.notice and "onleesbaar" in snap.notice
    assert digests([good]) == before


def test_current_naming_a_missing_snapshot_falls_back(store):
    good = store("cbs")
    (snapshots_dir() / POINTER).write_text("20990101T000000000000Z-cbs\n", encoding="utf-8")
    snap = load_snapshot(snapshots_dir())
    assert snap.path == good and "20990101T000000000000Z-cbs ontbreekt" in snap.notice
    assert any("bestaat niet" in p for p in store_problems(snapshots_dir()))


def test_status_in_a_child_process_has_no_traceback(store):
    good = store("cbs")
    (snapshots_dir() / POINTER).write_bytes(b"\xff\xfe\x00")
    done = run_cli("status")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Let op: Het bestand CURRENT" in done.stdout and good.name in done.stdout


def test_status_never_shows_a_traceback_even_on_the_unforeseen(store, monkeypatch, capsys):
    store("cbs")
    monkeypatch.setattr("regiondata.__main__.load_snapshot", lambda _: 1 / 0)
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert "De status kon niet worden bepaald (ZeroDivisionError" in err and "refresh" in err


# --- 2. a manifest from another version ---------------------------------------------------------


def edit_manifest(path: Path, change) -> None:
    file = path / "manifest.json"
    manifest = json.loads(file.read_text(encoding="utf-8"))
    change(manifest)
    file.write_text(json.dumps(manifest), encoding="utf-8")


def test_unknown_manifest_keys_are_ignored(store, capsys):
    """What this version sees after a rollback from a newer one that records more."""
    older = store("cbs", hours=0)
    newer = store("cbs", hours=1)
    before = digests([older])

    def add_keys(m):
        m["tables"][0]["licence"] = "CC BY 4.0"  # broke TableRecord(**t) with a TypeError
        m["signature"] = {"by": "toekomst"}

    edit_manifest(newer, add_keys)
    snap = load_snapshot(snapshots_dir())
    assert snap.path == newer and snap.notice is None
    assert snap.tables[0].table_id and not hasattr(snap.tables[0], "licence")
    assert main(["status"]) == 0
    assert "Problemen" not in capsys.readouterr().out
    assert digests([older]) == before


def test_newer_manifest_format_is_skipped_with_notice(store, capsys):
    older = store("cbs", hours=0)
    newer = store("cbs", hours=1)
    before = digests([older])
    edit_manifest(newer, lambda m: m.update(format=2))

    snap = load_snapshot(snapshots_dir())
    assert snap.path == older
    assert "nieuwere versie" in snap.notice and "formaat 2" in snap.notice and older.name in snap.notice
    assert main(["check"]) == 1
    assert "nieuwere versie" in capsys.readouterr().out
    assert digests([older]) == before
    assert newer.is_dir()  # skipped, not removed: loading never deletes anything


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda m: m["tables"][0].pop("rows"), "mist rows"),
        (lambda m: m.update(tables="geen lijst"), "ongeldig"),
        (lambda m: m.update(files=["derived/regions.parquet"]), "inhoudsopgave"),
        (lambda m: m["files"].update({"../../buiten.txt": "0" * 64}), "ongeldig bestand"),
        (lambda m: m.update(created_at="gisteren"), "aanmaakdatum"),
        (lambda m: m.update(format="1"), "formaatnummer"),
    ],
    ids=["missing-field", "tables-not-a-list", "files-not-a-map", "path-outside", "bad-date", "format-text"],
)
def test_unusable_manifest_is_skipped_with_reason(store, change, reason):
    older = store("cbs", hours=0)
    newer = store("cbs", hours=1)
    before = digests([older])
    edit_manifest(newer, change)
    snap = load_snapshot(snapshots_dir())
    assert snap.path == older and newer.name in snap.notice and reason in snap.notice
    assert digests([older]) == before


# --- 3. every snapshot damaged ------------------------------------------------------------------


def test_all_cbs_damaged_demo_says_real_data_is_lost_and_keeps_the_damage(store, capsys, monkeypatch):
    damaged = [store("cbs", hours=h) for h in range(3)]
    monkeypatch.setenv("REGIONDATA_KEEP_SNAPSHOTS", "1")  # from here on, pruning at its most eager
    for path in damaged[:-1]:
        damage(path)
    (damaged[-1] / "manifest.json").unlink()
    before = digests(damaged)
    with pytest.raises(SnapshotError):
        load_snapshot(snapshots_dir())

    # What the app does when nothing is usable (ui.data.get_snapshot): write the demo and load it.
    build_demo_snapshot(load_settings())
    snap = load_snapshot(snapshots_dir())
    assert snap.is_demo
    assert "De echte CBS-gegevens konden niet worden gelezen" in snap.notice
    assert "alleen demodata" in snap.notice and "python -m regiondata refresh" in snap.notice
    assert all(p.name in snap.notice for p in damaged)
    assert digests(damaged) == before  # nothing of the real data was pruned away

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "DEMO" in out and "De echte CBS-gegevens konden niet worden gelezen" in out
    results = run_checks(load_settings())
    assert exit_code(results) == 1
    assert "konden niet worden gelezen" in next(r for r in results if r.key == "snapshot_fallback").detail

    # A second demo write (people press it again) still loses nothing.
    build_demo_snapshot(load_settings())
    assert digests(damaged) == before


def test_damaged_current_cbs_falls_back_to_demo_loudly(store):
    demo = store("demo", hours=0)
    cbs = store("cbs", hours=1)
    before = digests([demo])
    damage(cbs)
    snap = load_snapshot(snapshots_dir())
    assert snap.path == demo
    assert f"Snapshot {cbs.name} is beschadigd" in snap.notice and "alleen demodata" in snap.notice
    assert digests([demo]) == before


def test_demo_chosen_on_purpose_with_good_cbs_has_no_notice(store):
    store("cbs", hours=0)
    store("demo", hours=1)
    assert load_snapshot(snapshots_dir()).notice is None


def test_older_damaged_snapshot_is_a_warning_in_check(store):
    old = store("cbs", hours=0)
    store("cbs", hours=1)
    damage(old)
    results = run_checks(load_settings())
    by_key = {r.key: r for r in results}
    assert by_key["snapshot_fallback"].ok
    warning = by_key["snapshot_store"]
    assert not warning.ok and not warning.fatal and f"Snapshot {old.name} is beschadigd" in warning.detail


# --- 4. a full disk ------------------------------------------------------------------------------


def fail_after(monkeypatch, code: int, nbytes: int = 1000) -> None:
    """Parquet writes put ``nbytes`` real bytes on disk, then fail like the file system would."""
    original = pd.DataFrame.to_parquet

    def to_parquet(self, path, *args, **kwargs):
        buffer = io.BytesIO()
        original(self, buffer, *args, **kwargs)
        Path(path).write_bytes(buffer.getvalue()[:nbytes])
        raise OSError(code, f"[errno {code}] {os.strerror(code)}")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", to_parquet)


@pytest.mark.parametrize(
    ("code", "dutch"),
    [
        (errno.ENOSPC, "de schijf is vol"),
        (errno.EDQUOT, "quotum"),
        (errno.EROFS, "alleen-lezen"),
        (errno.EACCES, "geen schrijfrechten"),
        (errno.EIO, "schrijffout"),
    ],
    ids=["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EIO"],
)
def test_write_failure_is_a_dutch_error_and_changes_nothing(store, monkeypatch, code, dutch):
    good = store("cbs")
    before = digests([good])
    fail_after(monkeypatch, code)
    with pytest.raises(SnapshotWriteError, match=dutch):
        build_demo_snapshot(load_settings())
    assert current_name(snapshots_dir()) == good.name
    assert list_snapshots(snapshots_dir()) == [good]
    assert hidden_leftovers() == []  # its own .incoming-* folder is gone
    assert digests([good]) == before


def test_failure_writing_the_manifest_or_the_pointer_changes_nothing(store, monkeypatch):
    good = store("cbs")
    before = digests([good])
    real_dump = json.dump

    def full_dump(obj, fh, **kwargs):
        real_dump(obj, fh, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as mp:
        mp.setattr(snapshot_module.json, "dump", full_dump)
        with pytest.raises(SnapshotWriteError, match="de schijf is vol"):
            build_demo_snapshot(load_settings())
    assert hidden_leftovers() == [] and list_snapshots(snapshots_dir()) == [good]

    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == POINTER:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    with monkeypatch.context() as mp:
        mp.setattr(snapshot_module.os, "replace", replace)
        with pytest.raises(SnapshotWriteError, match="de schijf is vol"):
            build_demo_snapshot(load_settings())
    # The complete new folder was never current: removed, like the pointer's temp file.
    assert hidden_leftovers() == [] and list_snapshots(snapshots_dir()) == [good]
    assert current_name(snapshots_dir()) == good.name
    assert digests([good]) == before


def test_cli_demo_on_a_full_disk_exits_2_in_dutch(store, monkeypatch, capsys):
    good = store("cbs")
    before = digests([good])
    fail_after(monkeypatch, errno.ENOSPC)
    assert main(["demo"]) == 2
    err = capsys.readouterr().err
    assert "Demodata schrijven mislukt" in err and "de schijf is vol" in err
    assert "De vorige gegevens zijn ongewijzigd gebleven." in err
    assert digests([good]) == before and current_name(snapshots_dir()) == good.name


def test_cli_refresh_on_a_read_only_home_exits_2_in_dutch(monkeypatch, capsys):
    """The refresh lock is opened before anything is written; its OSError is no traceback either."""

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("regiondata.__main__.refresh_from_cbs", refuse)
    assert main(["refresh"]) == 2
    err = capsys.readouterr().err
    assert "Vernieuwen mislukt" in err and "alleen-lezen" in err and "Traceback" not in err


def _limit_file_size(limit: int):
    def apply() -> None:  # runs in the child between fork and exec: no imports here
        # Python ignores SIGXFSZ itself; set here too, so write() fails with EFBIG, not a kill.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_cli_in_a_child_process_with_a_file_size_limit_exits_2(store):
    """A real write failure, no monkeypatch: the kernel refuses bytes past 30 kB per file."""
    good = store("cbs")
    before = digests([good])
    done = run_cli("demo", preexec_fn=_limit_file_size(30_000))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Demodata schrijven mislukt" in done.stderr and "bestandslimiet" in done.stderr
    assert digests([good]) == before and current_name(snapshots_dir()) == good.name
    assert hidden_leftovers() == [] and list_snapshots(snapshots_dir()) == [good]


@pytest.fixture
def tiny_disk(tmp_path):
    """A tmpfs with room for one demo snapshot, not two (needs root and mount rights)."""
    mountpoint = tmp_path / "klein"
    mountpoint.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", str(mountpoint)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"mount not possible here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_cli_on_a_really_full_disk_exits_2(tiny_disk, monkeypatch):
    monkeypatch.setenv("REGIONDATA_HOME", str(tiny_disk / "home"))
    first = run_cli("demo")
    assert first.returncode == 0, first.stderr
    good = list_snapshots(snapshots_dir())[0]
    before = digests([good])
    done = run_cli("demo")  # the second one does not fit
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "de schijf is vol" in done.stderr
    assert digests([good]) == before and current_name(snapshots_dir()) == good.name
    assert sorted(p.name for p in snapshots_dir().iterdir()) == sorted([".writers.lock", POINTER, good.name])


# --- 5. killed writers and pruning ---------------------------------------------------------------

SLOW_WRITER = r"""
import sys, time
from pathlib import Path
import pandas as pd
from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot

marker = Path(sys.argv[1])
original = pd.DataFrame.to_parquet

def slow(self, path, *args, **kwargs):
    original(self, path, *args, **kwargs)
    marker.write_text(str(path))  # one file is on disk: the parent may kill us now
    time.sleep(600)

pd.DataFrame.to_parquet = slow
build_demo_snapshot(load_settings())
"""


def start_slow_writer(tmp_path) -> tuple[subprocess.Popen, Path]:
    """A writer stuck halfway through a snapshot; returns it and its ``.incoming-*`` folder."""
    marker = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(marker)], cwd=ROOT)
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert child.poll() is None, "the writer died before writing"
        assert time.monotonic() < deadline, "the writer never started writing"
        time.sleep(0.05)
    incoming = next(p for p in snapshots_dir().iterdir() if p.name.startswith(".incoming-"))
    return child, incoming


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def test_killed_writer_leaves_old_data_and_next_write_cleans_up(store, tmp_path, capsys):
    good = store("cbs")
    before = digests([good])
    child, incoming = start_slow_writer(tmp_path)
    kill(child)
    assert incoming.is_dir()  # what a kill leaves behind
    assert current_name(snapshots_dir()) == good.name and digests([good]) == before
    assert load_snapshot(snapshots_dir()).path == good
    assert main(["status"]) == 0
    assert f"Onvoltooide schrijfpoging {incoming.name}" in capsys.readouterr().out

    new = build_demo_snapshot(load_settings())
    assert not incoming.exists() and hidden_leftovers() == []
    assert current_name(snapshots_dir()) == new.name and digests([good]) == before


def test_a_live_writers_folder_is_never_removed(store, tmp_path):
    store("cbs")
    child, incoming = start_slow_writer(tmp_path)
    try:
        build_demo_snapshot(load_settings())  # another writer, while the first is busy
        assert incoming.is_dir() and any(incoming.rglob("*.parquet"))
        assert not any("Onvoltooide" in p for p in store_problems(snapshots_dir()))  # busy, not broken
    finally:
        kill(child)
    build_demo_snapshot(load_settings())
    assert not incoming.exists()


def test_stale_pointer_temp_file_is_removed(store):
    store("cbs")
    stale = snapshots_dir() / ".CURRENT.12345.20260105T090000000000Z-cbs.tmp"
    stale.write_text("half", encoding="utf-8")
    store("demo", hours=1)
    assert not stale.exists()


def test_prune_keeps_n_newest_good_plus_current_and_newest_good_cbs(store, monkeypatch):
    monkeypatch.setenv("REGIONDATA_KEEP_SNAPSHOTS", "2")
    cbs = store("cbs", hours=0)
    demos = [store("demo", hours=h) for h in range(1, 6)]
    kept = list_snapshots(snapshots_dir())
    assert kept == [demos[-1], demos[-2], cbs]  # 2 newest + the newest good CBS one


def test_prune_default_keeps_three(store):
    assert DEFAULT_KEEP_SNAPSHOTS == 3
    demos = [store("demo", hours=h) for h in range(6)]
    assert list_snapshots(snapshots_dir()) == demos[:-4:-1]


def test_prune_never_deletes_the_only_good_cbs_for_a_newer_damaged_one(store, monkeypatch):
    """Before: the newest CBS folder was kept whatever its state, and the good one deleted."""
    monkeypatch.setenv("REGIONDATA_KEEP_SNAPSHOTS", "2")
    good = store("cbs", hours=0)
    broken = store("cbs", hours=1)
    damage(broken)
    before = digests([good, broken])
    for h in range(2, 7):
        store("demo", hours=h)
    assert good.is_dir() and broken.is_dir() and digests([good, broken]) == before
    # Once a newer good CBS snapshot exists, the damaged older one has nothing left to give.
    newer = store("cbs", hours=8)
    assert not broken.exists() and newer.is_dir()


def test_prune_removes_damaged_demo_and_keeps_current_and_strangers(store):
    demo = store("demo", hours=0)
    damage(demo)
    stranger = snapshots_dir() / "mijn-backup"
    stranger.mkdir()
    (stranger / "notitie.txt").write_text("niet weggooien", encoding="utf-8")
    latest = store("demo", hours=1)
    assert not demo.exists() and stranger.is_dir()
    damage(latest)
    assert prune(snapshots_dir(), keep=1) == []  # the current one stays, damaged or not


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 3), ("5", 5), (" 2 ", 2), ("0", 1), ("-4", 1), ("veel", 3), ("", 3)],
)
def test_keep_snapshots_setting(value, expected):
    env = {} if value is None else {"REGIONDATA_KEEP_SNAPSHOTS": value}
    assert load_settings(env).keep_snapshots == expected


# --- the app -----------------------------------------------------------------------------------


def open_overview():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Twee werelden"  # the Overzicht page itself rendered
    return at


def test_overview_with_garbage_current_shows_the_dutch_notice(store):
    good = store("cbs")
    before = digests([good])
    (snapshots_dir() / POINTER).write_bytes(b"\xff\xfe\x00\x81")
    at = open_overview()
    notices = [e.value for e in at.error]
    assert any("CURRENT" in n and "beschadigd" in n and "worden gebruikt" in n for n in notices), notices
    assert digests([good]) == before and list_snapshots(snapshots_dir()) == [good]


def test_overview_when_all_cbs_is_damaged_says_so_on_the_demo(store):
    broken = store("cbs")
    damage(broken)
    before = digests([broken])
    at = open_overview()
    assert any("Demodata" in w.value for w in at.warning)
    notices = [e.value for e in at.error]
    assert any("De echte CBS-gegevens konden niet worden gelezen" in n for n in notices), notices
    assert digests([broken]) == before


def test_overview_on_a_full_disk_with_nothing_usable_stops_in_dutch(monkeypatch):
    fail_after(monkeypatch, errno.ENOSPC)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("de schijf is vol" in e.value for e in at.error)
