"""Pre-flight check: demo data, age, damage, boundaries, database and data home, the URL to open."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta

import pytest

from regiondata.__main__ import main
from regiondata.config import load_settings
from regiondata.derive.pipeline import refresh_from_cbs
from regiondata.derive.snapshot_write import set_current
from regiondata.meeting.agenda import AgendaStore, default_database_url
from regiondata.meeting.preflight import CheckResult, exit_code, run_checks, summary
from regiondata.meeting.sessionplan import SessionPlanStore


def by_key(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.key: r for r in results}


@pytest.fixture
def demo_home(demo_snapshot, data_home):
    """The session's demo snapshot copied into this test's data home (current)."""
    shutil.copytree(demo_snapshot.path.parent, data_home / "snapshots")
    return data_home


def test_demo_data_is_fatal_with_advice_to_refresh(demo_home, capsys, monkeypatch):
    monkeypatch.setenv("PORT", "8642")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "✗ Gegevens" in out and "Demodata — geen echte CBS-cijfers" in out
    assert "python -m regiondata refresh" in out
    assert "http://localhost:8642" in out and "http://localhost:8642/?modus=presentatie" in out
    assert "Niet klaar voor de bijeenkomst: Gegevens." in out
    results = by_key(run_checks(load_settings()))
    assert results["snapshot"].failed_fatally
    # Everything else about the demo snapshot is fine: complete, with boundaries.
    assert results["snapshot_fallback"].ok and results["boundaries"].ok
    assert results["database"].ok and results["data_home"].ok and results["url"].ok


def test_real_cbs_snapshot_passes_and_old_data_only_warns(cbs_settings, capsys):
    refresh_from_cbs(cbs_settings)
    results = run_checks(cbs_settings, port=8501)
    checks = by_key(results)
    assert exit_code(results) == 0
    assert checks["snapshot"].ok and "Echte CBS-cijfers" in checks["snapshot"].detail
    assert checks["snapshot_age"].ok and "(vandaag)" in checks["snapshot_age"].detail
    # The test's PDOK stub is unreachable: no boundaries cached, a warning only.
    assert not checks["boundaries"].ok and not checks["boundaries"].fatal
    assert checks["boundaries"].symbol == "!" and "tegelkaart" in checks["boundaries"].detail
    assert summary(results) == "Klaar voor de bijeenkomst, met 1 waarschuwing: Regiogrenzen."

    later = run_checks(cbs_settings, now=_created_at(cbs_settings) + timedelta(days=60))
    age = by_key(later)["snapshot_age"]
    assert not age.ok and not age.fatal and exit_code(later) == 0
    assert "60 dagen oud" in age.detail
    assert f"opgehaald bij CBS op {_created_at(cbs_settings).day} " in age.detail

    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "✓ Gegevens" in out and "! Regiogrenzen" in out and "http://localhost:8501" in out


def _created_at(settings):
    from regiondata.derive.snapshot import load_snapshot

    return load_snapshot(settings.snapshots_dir).created_at


def test_damaged_current_snapshot_is_fatal(demo_home):
    snapshots = demo_home / "snapshots"
    good = next(p for p in snapshots.iterdir() if p.is_dir())
    bad = snapshots / "29990101T000000000000Z-cbs"
    shutil.copytree(good, bad)
    set_current(snapshots, bad.name)
    (bad / "derived" / "regions.parquet").write_bytes(b"kapot")
    results = run_checks(load_settings())
    fallback = by_key(results)["snapshot_fallback"]
    assert fallback.failed_fatally and fallback.symbol == "✗"
    assert "beschadigd" in fallback.detail and good.name in fallback.detail
    assert exit_code(results) == 1


def test_no_usable_snapshot_is_fatal(data_home):
    results = run_checks(load_settings())
    assert [r.key for r in results] == ["snapshot", "database", "data_home", "url"]
    assert results[0].failed_fatally and "Er zijn nog geen gegevens." in results[0].detail
    broken = data_home / "snapshots" / "20260101T000000000000Z-cbs"
    broken.mkdir(parents=True)
    results = run_checks(load_settings())
    assert "Geen enkele snapshot is bruikbaar" in results[0].detail and exit_code(results) == 1


def test_unwritable_agenda_database_is_fatal(demo_home, tmp_path, monkeypatch):
    if os.geteuid() == 0:  # root writes through chmod: use a path no one can create
        url = "sqlite:////proc/nonexistent/agenda.sqlite3"
    else:
        folder = tmp_path / "alleen-lezen"
        folder.mkdir()
        folder.chmod(0o500)
        url = f"sqlite:///{folder}/agenda.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        results = run_checks(load_settings())
    finally:
        if os.geteuid() != 0:
            (tmp_path / "alleen-lezen").chmod(0o700)
    database = by_key(results)["database"]
    assert database.failed_fatally and "Niet beschrijfbaar" in database.detail
    assert url in database.detail and "DATABASE_URL" in database.detail
    assert exit_code(results) == 1


def test_database_password_is_never_shown(demo_home, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://denktank:geheim123@127.0.0.1:9/agenda")
    database = by_key(run_checks(load_settings()))["database"]
    assert database.failed_fatally
    assert "geheim123" not in database.detail and "denktank:***@127.0.0.1:9/agenda" in database.detail


def test_database_probe_leaves_nothing_behind(demo_home):
    results = by_key(run_checks(load_settings()))
    assert results["database"].ok and "agenda.sqlite3" in results["database"].detail
    url = default_database_url(demo_home)
    with AgendaStore(url) as agendas, SessionPlanStore(url) as plans:
        assert agendas.list() == [] and plans.count() == 0


def test_unwritable_data_home_is_fatal(monkeypatch):
    monkeypatch.setenv("REGIONDATA_HOME", "/proc/nonexistent/regiondata")
    results = by_key(run_checks(load_settings()))
    assert results["data_home"].failed_fatally and "niet beschrijfbaar" in results["data_home"].detail
    assert results["database"].failed_fatally


def test_summary_lines():
    ok = CheckResult("a", "Gegevens", True, "", True)
    warning = CheckResult("b", "Ouderdom", False, "", False)
    fatal = CheckResult("c", "Database", False, "", True)
    assert summary([ok]) == "Klaar voor de bijeenkomst: alle controles in orde."
    assert summary([ok, warning, warning]) == (
        "Klaar voor de bijeenkomst, met 2 waarschuwingen: Ouderdom, Ouderdom."
    )
    assert summary([ok, warning, fatal]) == "Niet klaar voor de bijeenkomst: Database (en 1 waarschuwing)."
    assert [r.symbol for r in (ok, warning, fatal)] == ["✓", "!", "✗"]
    assert exit_code([ok, warning]) == 0 and exit_code([fatal]) == 1
