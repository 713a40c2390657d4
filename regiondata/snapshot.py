"""The local snapshot: a folder of Parquet files plus a manifest, swapped in atomically.

Layout under ``$REGIONDATA_HOME/snapshots``::

    CURRENT                      name of the snapshot in use (replaced atomically)
    20261127T090000Z-cbs/        one complete snapshot
        manifest.json            written last; lists every file with its SHA-256
        tables/<source>.parquet  cleaned CBS tables (codes stripped, our units)
        derived/<name>.parquet   dashboard tables (see transform.Derived)
    .incoming-*/                 a snapshot being written; never read

A refresh writes a new folder beside the old ones and only then moves ``CURRENT``: a failed
refresh leaves everything that was there byte for byte. Loading verifies the manifest and the
checksums; a damaged snapshot is skipped in favour of the newest good one, with a notice.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from regiondata import __version__
from regiondata.errors import SnapshotError
from regiondata.transform import Derived

MANIFEST = "manifest.json"
POINTER = "CURRENT"
KEEP = 3  # snapshots kept besides the current one and the newest CBS one
DERIVED_FILES = ("regions", "membership", "coverage", "reconciliation", "unmapped", "provisional")


@dataclass(frozen=True)
class TableRecord:
    """Provenance of one downloaded CBS table (one manifest entry)."""

    source: str
    table_id: str
    title: str
    modified: str
    output_status: str
    retrieved_at: str
    rows: int
    periods: list[str]
    provisional_periods: list[str]
    url: str


@dataclass
class Snapshot:
    """A loaded, verified snapshot."""

    path: Path
    manifest: dict[str, Any]
    derived: Derived
    notice: str | None = None
    tables: list[TableRecord] = field(default_factory=list)

    @property
    def source(self) -> str:
        """``cbs`` or ``demo``."""
        return str(self.manifest.get("source"))

    @property
    def is_demo(self) -> bool:
        """Whether this is synthetic demo data."""
        return self.source != "cbs"

    @property
    def created_at(self) -> datetime:
        """When the snapshot was made (UTC)."""
        return datetime.fromisoformat(self.manifest["created_at"])

    @property
    def boundaries(self) -> dict[str, Any] | None:
        """Region boundaries (GeoJSON, WGS84) when the refresh could fetch them, else ``None``."""
        from regiondata.boundaries import BOUNDARIES_FILE, load_boundaries

        rel = f"derived/{BOUNDARIES_FILE}"
        if rel not in self.manifest.get("files", {}):
            return None
        if "_boundaries" not in self.__dict__:
            self.__dict__["_boundaries"] = load_boundaries(self.path / rel)
        return self.__dict__["_boundaries"]

    def table(self, source: str) -> TableRecord | None:
        """The provenance record of a source (the newest table for per-year sources)."""
        matches = [t for t in self.tables if t.source == source or t.source.startswith(source + "_")]
        return matches[-1] if matches else None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_snapshot(
    snapshots_dir: Path,
    source: str,
    cleaned: dict[str, pd.DataFrame],
    derived: Derived,
    tables: list[TableRecord],
    notes: list[str] | None = None,
    now: datetime | None = None,
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Write a complete snapshot beside the existing ones and make it current.

    Args:
        snapshots_dir: ``$REGIONDATA_HOME/snapshots``.
        source: ``cbs`` or ``demo``.
        cleaned: Cleaned source tables by source key.
        derived: Dashboard tables.
        tables: Provenance per downloaded table.
        notes: Quality notes to keep in the manifest (unmapped gemeenten, fallbacks).
        now: Creation time (tests).
        extra_files: Other files by relative path (region boundaries), checksummed like the rest.

    Returns:
        The folder of the new snapshot.
    """
    now = now or datetime.now(UTC)
    snapshots_dir.mkdir(parents=True, exist_ok=True)
    name = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{source}"
    tmp = snapshots_dir / f".incoming-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        files: dict[str, str] = {}
        for folder, frames in (("tables", cleaned), ("derived", derived.tables())):
            (tmp / folder).mkdir(parents=True)
            for key, frame in frames.items():
                rel = f"{folder}/{key}.parquet"
                frame.to_parquet(tmp / rel, index=False)
                files[rel] = _sha256(tmp / rel)
        for rel, data in (extra_files or {}).items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(data)
            files[rel] = _sha256(tmp / rel)
        manifest = {
            "format": 1,
            "name": name,
            "source": source,
            "created_at": now.isoformat(timespec="seconds"),
            "code_version": __version__,
            "tables": [t.__dict__ for t in tables],
            "notes": notes or [],
            "files": files,
        }
        with open(tmp / MANIFEST, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(tmp)
        final = snapshots_dir / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    set_current(snapshots_dir, name)
    prune(snapshots_dir)
    return final


def set_current(snapshots_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at a snapshot, atomically (write a temp file, then rename)."""
    tmp = snapshots_dir / f".{POINTER}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, snapshots_dir / POINTER)
    _fsync_dir(snapshots_dir)


def verify(path: Path) -> dict[str, Any]:
    """Check a snapshot folder and return its manifest.

    Raises:
        SnapshotError: When the manifest is missing or unreadable, or a file is missing or does
            not match its checksum (a half-written or damaged snapshot).
    """
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SnapshotError(
            f"Snapshot {path.name} is onvolledig: de inhoudsopgave ontbreekt of is beschadigd."
        ) from err
    for rel, digest in files.items():
        file = path / rel
        if not file.is_file() or _sha256(file) != digest:
            raise SnapshotError(
                f"Snapshot {path.name} is beschadigd: bestand {rel} ontbreekt of is gewijzigd."
            )
    return manifest


def list_snapshots(snapshots_dir: Path) -> list[Path]:
    """All complete-looking snapshot folders, newest first (in-progress folders excluded)."""
    if not snapshots_dir.is_dir():
        return []
    dirs = [p for p in snapshots_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(dirs, key=lambda p: p.name, reverse=True)


def current_name(snapshots_dir: Path) -> str | None:
    """The snapshot name ``CURRENT`` points at, if any."""
    try:
        return (snapshots_dir / POINTER).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _read(path: Path, manifest: dict[str, Any]) -> Snapshot:
    frames = {}
    for name in DERIVED_FILES:
        try:
            frames[name] = pd.read_parquet(path / "derived" / f"{name}.parquet")
        except Exception as err:  # pyarrow raises several types for damaged files
            raise SnapshotError(f"Snapshot {path.name} is beschadigd: {name} is onleesbaar.") from err
    tables = [TableRecord(**t) for t in manifest.get("tables", [])]
    return Snapshot(path, manifest, Derived(**frames, notes=list(manifest.get("notes", []))), tables=tables)


def load_snapshot(snapshots_dir: Path) -> Snapshot:
    """Load the current snapshot, or the newest good one when the current one is damaged.

    Returns:
        The snapshot; ``notice`` explains in Dutch when a fallback was used.

    Raises:
        SnapshotError: When no usable snapshot exists.
    """
    name = current_name(snapshots_dir)
    problems: list[str] = []
    if name:
        try:
            return _read(snapshots_dir / name, verify(snapshots_dir / name))
        except SnapshotError as err:
            problems.append(str(err))
    candidates = [p for p in list_snapshots(snapshots_dir) if p.name != name]
    # Prefer real CBS data over demo data when falling back.
    candidates.sort(key=lambda p: (p.name.endswith("-cbs"), p.name), reverse=True)
    for path in candidates:
        try:
            snap = _read(path, verify(path))
        except SnapshotError as err:
            problems.append(str(err))
            continue
        if name:
            snap.notice = f"{problems[0]} De vorige goede gegevens ({path.name}) worden gebruikt."
        return snap
    raise SnapshotError(
        " ".join(problems) or "Er zijn nog geen gegevens. Voer 'python -m regiondata demo' of 'refresh' uit."
    )


def prune(snapshots_dir: Path) -> None:
    """Remove old snapshots, keeping the current one, the newest CBS one and a few more."""
    keep = {current_name(snapshots_dir)}
    snaps = list_snapshots(snapshots_dir)
    cbs = [p for p in snaps if p.name.endswith("-cbs")]
    if cbs:
        keep.add(cbs[0].name)
    keep.update(p.name for p in snaps[:KEEP])
    for p in snaps:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
