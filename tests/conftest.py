"""Shared fixtures: an isolated data home per test, caches cleared, the demo snapshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.derive.snapshot import Snapshot, load_snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own REGIONDATA_HOME; nothing touches the user's data."""
    home = tmp_path / "home"
    monkeypatch.setenv("REGIONDATA_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REGIONDATA_CBS_URL", "http://127.0.0.1:9")  # nothing listens: never the internet
    monkeypatch.setenv("REGIONDATA_PDOK_URL", "http://127.0.0.1:9")
    return home


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def _demo_snapshot_dir(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo-home")
    settings = load_settings({"REGIONDATA_HOME": str(home)})
    build_demo_snapshot(settings)
    return settings.snapshots_dir


@pytest.fixture
def demo_snapshot(_demo_snapshot_dir) -> Snapshot:
    """The demo snapshot (built once per session, read-only)."""
    return load_snapshot(_demo_snapshot_dir)


# --- the CBS emulator ------------------------------------------------------------------------


def emulated(raw):
    """A demo RawTable as an emulator table (the same CBS shapes)."""
    from tests.cbs_emulator import EmulatedTable

    return EmulatedTable(raw.table_id, raw.info, raw.properties, raw.dimensions, raw.rows)


@pytest.fixture(scope="session")
def demo_raw_tables():
    """The demo tables in CBS's raw shapes (compact: what the dashboard downloads, plus editions)."""
    from regiondata.derive.demo import build_raw_tables

    return build_raw_tables(compact=True)


@pytest.fixture
def cbs_emulator(demo_raw_tables):
    """A local HTTP emulator of CBS's OData v3 feed serving the demo tables."""
    from tests.cbs_emulator import CBSEmulator

    with CBSEmulator([emulated(t) for t in demo_raw_tables], page_size=2000) as emu:
        yield emu


@pytest.fixture
def cbs_settings(cbs_emulator, monkeypatch):
    """Settings pointing at the emulator, with a short read timeout for stall tests."""
    monkeypatch.setenv("REGIONDATA_CBS_URL", cbs_emulator.base_url)
    monkeypatch.setenv("REGIONDATA_READ_TIMEOUT", "2")
    return load_settings()


# --- real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, or $CHROMIUM_PATH, or Playwright's own)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_home(tmp_path_factory) -> Path:
    """A data home with the demo snapshot, shared by the browser tests' server."""
    home = tmp_path_factory.mktemp("browser-home")
    build_demo_snapshot(load_settings({"REGIONDATA_HOME": str(home)}))
    return home


@pytest.fixture(scope="session")
def app_url(app_home):
    """A `streamlit run app.py` server for the whole session; yields its base URL."""
    from tests.browser_support import streamlit_server

    with streamlit_server(app_home) as url:
        yield url


@pytest.fixture
def page(browser, app_url):
    """A fresh browser context and page; records every request that is not to the app server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    pg = context.new_page()
    pg.outside_requests = []
    # blob: URLs of the app itself hold the presenter component's inline script (ui/presenter.py).
    local = (app_url, f"blob:{app_url}")
    pg.on("request", lambda r: pg.outside_requests.append(r.url) if not r.url.startswith(local) else None)
    yield pg
    context.close()


# --- databases ---------------------------------------------------------------------------------


@pytest.fixture
def fresh_db_url(tmp_path):
    """A fresh, empty database URL: SQLite in tmp_path, or a new PostgreSQL database.

    Set REGIONDATA_TEST_POSTGRES (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``)
    to run the store tests against PostgreSQL: each test gets its own database, dropped after.
    """
    import uuid

    from regiondata.meeting.sqlstore import default_database_url

    server = os.environ.get("REGIONDATA_TEST_POSTGRES")
    if not server:
        yield default_database_url(tmp_path)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- download buttons in AppTest ---------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """The bytes behind a download button in an AppTest run: ``downloads(button) -> bytes``.

    AppTest keeps no media files after a run, and a deferred download (``data=`` a callable) only
    runs when clicked in a browser. This records what the buttons hand to Streamlit's media file
    manager, so a test can read exactly the file a user would get.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    deferred: dict[str, object] = {}
    eager: dict[str, object] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record_add(self, path_or_data, *args, **kwargs):
        url = add(self, path_or_data, *args, **kwargs)
        eager[url] = path_or_data
        return url

    def record_deferred(self, data_callable, *args, **kwargs):
        file_id = add_deferred(self, data_callable, *args, **kwargs)
        deferred[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", record_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)

    def data_of(button) -> bytes:
        file_id = button.proto.deferred_file_id
        data = deferred[file_id]() if file_id else eager[button.proto.url]
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)

    return data_of
