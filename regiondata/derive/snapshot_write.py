"""Writing snapshots: a complete folder beside the old ones, then the ``CURRENT`` swap; pruning.

See ``snapshot`` for the layout. A write holds the writers' lock, removes what killed writers left
behind, writes into ``.incoming-*``, fsyncs, renames the folder, moves ``CURRENT`` and prunes.
Every file-system failure becomes a Dutch :class:`~regiondata.errors.SnapshotWriteError`.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from regiondata import __version__
from regiondata.derive.snapshot import (
    FORMAT,
    INCOMING,
    MANIFEST,
    POINTER,
    WRITERS_LOCK,
    TableRecord,
    _fsync_dir,
    _sha256,
    current_name,
    is_cbs,
    leftovers,
    list_snapshots,
    verify,
)
from regiondata.derive.transform import Derived
from regiondata.errors import SnapshotError, SnapshotWriteError

# --- writing ----------------------------------------------------------------------------------

_WRITE_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("de schijf is vol", "Maak ruimte vrij op de schijf en probeer het opnieuw."),
    errno.EDQUOT: (
        "de schijfruimte (quotum) is op",
        "Maak ruimte vrij of vraag om meer schijfruimte en probeer het opnieuw.",
    ),
    errno.EFBIG: (
        "een bestand wordt groter dan dit systeem toestaat (bestandslimiet)",
        "Laat de limiet ophogen of kies met REGIONDATA_HOME een andere map.",
    ),
    errno.EROFS: (
        "de schijf is alleen-lezen",
        "Kies met REGIONDATA_HOME een map waarin geschreven kan worden.",
    ),
    errno.EACCES: (
        "er zijn geen schrijfrechten",
        "Pas de rechten van de map aan of kies met REGIONDATA_HOME een andere map.",
    ),
    errno.EPERM: (
        "er zijn geen schrijfrechten",
        "Pas de rechten van de map aan of kies met REGIONDATA_HOME een andere map.",
    ),
}


def write_error(err: OSError, folder: Path) -> SnapshotWriteError:
    """The Dutch domain error for a file-system error while saving data in ``folder``.

    Args:
        err: What the file system said (``errno`` decides the wording).
        folder: Where we tried to write.

    Returns:
        The error to raise; its message says what happened and what to do.
    """
    reason, advice = _WRITE_REASONS.get(
        err.errno or 0,
        (f"schrijffout ({err.strerror or err})", "Controleer de schijf en probeer het opnieuw."),
    )
    return SnapshotWriteError(f"De gegevens konden niet worden opgeslagen in {folder}: {reason}. {advice}")


@contextmanager
def _writer_lock(snapshots_dir: Path) -> Iterator[None]:
    """Hold the writers' lock (shared) while writing; clean up after dead writers first.

    Every writer holds ``.writers.lock`` shared for as long as its ``.incoming-*`` folder exists.
    A writer that gets the lock exclusively knows no other writer is alive — the kernel drops the
    locks of a killed process — so every ``.incoming-*`` folder and pointer temp file is a
    leftover and can go. No age guess: a slow writer's folder is never taken from under it. When
    another writer is busy we skip the clean-up; a later write does it.
    """
    fd = os.open(snapshots_dir / WRITERS_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            remove_leftovers(snapshots_dir)
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


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

    Leftovers of killed writers are removed first; old snapshots are pruned after (see
    :func:`prune`).

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

    Raises:
        SnapshotWriteError: When the file system refuses (disk full, quota, read-only, no
            permission). The previous snapshot and ``CURRENT`` are then untouched and the
            half-written folder is gone.
    """
    now = now or datetime.now(UTC)
    name = f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{source}"
    tmp = snapshots_dir / f"{INCOMING}{name}"
    final = snapshots_dir / name
    try:
        snapshots_dir.mkdir(parents=True, exist_ok=True)
        with _writer_lock(snapshots_dir):
            try:
                _write_folder(tmp, name, source, cleaned, derived, tables, notes, now, extra_files)
                os.replace(tmp, final)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            try:
                set_current(snapshots_dir, name)
            except BaseException as err:
                moved = current_name(snapshots_dir) == name
                if not moved:
                    # The new folder is not in use: remove it, so a failed write leaves the store
                    # as it was (and gives back the space).
                    shutil.rmtree(final, ignore_errors=True)
                if not moved or not isinstance(err, OSError):
                    raise
                # The pointer moved and only syncing the folder failed: the snapshot is in use.
            with suppress(OSError):  # housekeeping only: the new snapshot is in place and current
                prune(snapshots_dir)
    except OSError as err:
        raise write_error(err, snapshots_dir) from err
    return final


def _write_folder(
    tmp: Path,
    name: str,
    source: str,
    cleaned: dict[str, pd.DataFrame],
    derived: Derived,
    tables: list[TableRecord],
    notes: list[str] | None,
    now: datetime,
    extra_files: dict[str, bytes] | None,
) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
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
        "format": FORMAT,
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


def set_current(snapshots_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at a snapshot, atomically (write a temp file, then rename)."""
    # A temp name per writer and snapshot: two writers never write the same temp file.
    tmp = snapshots_dir / f".{POINTER}.{os.getpid()}.{name}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name + "\n")
            fh.flush()
            os.fsync(fh.fileno())  # a crash must not leave an empty CURRENT behind the rename
        os.replace(tmp, snapshots_dir / POINTER)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(snapshots_dir)


def remove_leftovers(snapshots_dir: Path) -> None:
    """Remove what killed writers left behind. Only call while holding the lock exclusively."""
    for path in leftovers(snapshots_dir):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def prune(snapshots_dir: Path, keep: int | None = None) -> list[Path]:
    """Remove old snapshots.

    Kept: the ``keep`` newest good snapshots, and on top of those the current one (even when
    damaged) and the newest good CBS one. A damaged CBS snapshot newer than the newest good CBS
    one is kept too: it may be all that is left of the latest real figures, and someone may want
    to recover it; it goes once a newer good CBS snapshot exists. Damaged demo snapshots go
    (the demo is rebuilt at will), as do damaged CBS ones older than a good CBS snapshot.

    Args:
        snapshots_dir: ``$REGIONDATA_HOME/snapshots``.
        keep: How many good snapshots to keep; default ``REGIONDATA_KEEP_SNAPSHOTS`` (3).

    Returns:
        The folders removed.
    """
    if keep is None:
        from regiondata.config import load_settings

        keep = load_settings().keep_snapshots
    snaps = list_snapshots(snapshots_dir)
    good, damaged = [], []
    for path in snaps:
        try:
            verify(path)
            good.append(path)
        except SnapshotError:
            damaged.append(path)
    kept = {current_name(snapshots_dir)} | {p.name for p in good[: max(keep, 1)]}
    newest_good_cbs = next((p.name for p in good if is_cbs(p)), "")
    kept.add(newest_good_cbs)
    kept |= {p.name for p in damaged if is_cbs(p) and p.name > newest_good_cbs}
    removed = [p for p in snaps if p.name not in kept]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
