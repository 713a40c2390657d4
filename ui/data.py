"""Loading the snapshot once per change, with a memory cache in front of the on-disk snapshot."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.derive.snapshot import Snapshot, current_name, load_snapshot
from regiondata.errors import RegionDataError, SnapshotError
from ui.text import md


@st.cache_resource(ttl=timedelta(minutes=30), show_spinner=False, max_entries=2)
def _load(snapshots_dir: str, pointer: str | None) -> Snapshot:
    # The pointer is part of the cache key: after a refresh the new snapshot is loaded at once.
    from pathlib import Path

    return load_snapshot(Path(snapshots_dir))


def ensure_frame() -> None:
    """Make sure ``app.py`` (page config, banners, navigation) runs around every page.

    Streamlit's first script run in a fresh server process treats a ``pages/`` folder as an
    old-style multipage app: a link straight to ``/regio`` then runs that file without
    ``app.py`` — no demo banner, no sidebar. Switching that mode off and rerunning makes
    ``app.py`` run and route back to the same page by its URL path. Every page calls this
    through ``get_snapshot``.
    """
    try:  # Streamlit internals: if they move, pages still work, only without the frame
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return
    # A session in which app.py already ran holds the view; only a fresh session can be hit.
    if getattr(PagesManager, "uses_pages_directory", False) and "_view" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_snapshot() -> Snapshot:
    """The snapshot in use; writes the demo snapshot first when there is no usable data at all.

    A damaged store never takes a page down: ``load_snapshot`` falls back to the newest good
    snapshot with a notice (the frame shows it). When nothing is usable the demo is written; if
    real CBS snapshots were there, the demo's notice says the real data could not be read (the
    damaged folders are kept, see ``snapshot_write.prune``). When even the demo cannot be written (a
    full disk), the page stops with the Dutch reason instead of Streamlit's English error.
    """
    ensure_frame()
    settings = load_settings()
    pointer = current_name(settings.snapshots_dir)
    try:
        return _load(str(settings.snapshots_dir), pointer)
    except SnapshotError:
        pass
    try:
        build_demo_snapshot(settings)
        return _load(str(settings.snapshots_dir), current_name(settings.snapshots_dir))
    except RegionDataError as err:
        headline = "**Er zijn geen bruikbare gegevens en er konden geen demodata worden geschreven.**"
        st.error(f"{headline} {md(str(err))}", icon=":material/error:")
        st.stop()
