"""Loading the snapshot once per change, with a memory cache in front of the on-disk snapshot."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from regiondata.config import load_settings
from regiondata.errors import SnapshotError
from regiondata.pipeline import build_demo_snapshot
from regiondata.snapshot import Snapshot, current_name, load_snapshot


@st.cache_resource(ttl=timedelta(minutes=30), show_spinner=False, max_entries=2)
def _load(snapshots_dir: str, pointer: str | None) -> Snapshot:
    # The pointer is part of the cache key: after a refresh the new snapshot is loaded at once.
    from pathlib import Path

    return load_snapshot(Path(snapshots_dir))


def get_snapshot() -> Snapshot:
    """The snapshot in use; writes the demo snapshot first when there is no usable data at all."""
    settings = load_settings()
    pointer = current_name(settings.snapshots_dir)
    try:
        return _load(str(settings.snapshots_dir), pointer)
    except SnapshotError:
        build_demo_snapshot(settings)
        return _load(str(settings.snapshots_dir), current_name(settings.snapshots_dir))
