"""The local snapshot: a folder of Parquet files plus a manifest, swapped in atomically (reading).

Layout under ``$REGIONDATA_HOME/snapshots``::

    CURRENT                      name of the snapshot in use (replaced atomically)
    20261127T090000Z-cbs/        one complete snapshot
        manifest.json            written last; lists every file with its SHA-256
        tables/<source>.parquet  cleaned CBS tables (codes stripped, our units)
        derived/<name>.parquet   dashboard tables (see transform.Derived)
    .incoming-*/                 a snapshot being written; never read
    .writers.lock                held (shared) by every writer while it writes

A refresh writes a new folder beside the old ones and only then moves ``CURRENT``: a failed
refresh (a full disk included) leaves everything that was there byte for byte and raises a Dutch
:class:`~regiondata.errors.SnapshotWriteError`. Loading verifies the manifest and the checksums;
a damaged snapshot, an unreadable ``CURRENT`` or a manifest of a newer, incompatible format is
skipped in favour of the newest good snapshot, with a Dutch notice. When only demo data is left
while real CBS snapshots exist, the notice says so. A write removes what killed writers left
behind and prunes old snapshots, but never the current one, the newest good CBS one, or damaged
CBS data that may be the only copy of the newest real figures.

This module defines the layout and reads; ``snapshot_write`` writes, swaps and prunes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from contextlib import suppress
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from regiondata.derive.transform import Derived
from regiondata.errors import SnapshotError

MANIFEST = "manifest.json"
POINTER = "CURRENT"
#: The manifest format this version writes and reads. Raised only for changes that an older
#: reader cannot ignore; new keys alone (in the manifest or a table record) keep the number,
#: because readers ignore keys they do not know.
FORMAT = 1
INCOMING = ".incoming-"
WRITERS_LOCK = ".writers.lock"
#: ``<UTC timestamp>-<source>``, e.g. ``20261127T090000123456Z-cbs``. Anything else in the folder
#: is not a snapshot: never loaded, never pruned, and never a valid ``CURRENT``.
SNAPSHOT_NAME = re.compile(r"\d{8}T\d{6,12}Z-[a-z]+")
REFRESH_HINT = "python -m regiondata refresh"
DERIVED_FILES = ("regions", "membership", "coverage", "reconciliation", "unmapped", "provisional")
#: Derived files that snapshots of older versions do not have: read when the manifest lists them.
OPTIONAL_DERIVED_FILES = ("cbs_check", "flows", "sectors")


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

    @property
    def source_key(self) -> str:
        """The source this table belongs to: ``gebieden`` for ``gebieden_2016``, else ``source``."""
        head, _, tail = self.source.rpartition("_")
        return head if head and tail.isdigit() and len(tail) == 4 else self.source

    @classmethod
    def from_manifest(cls, entry: object) -> TableRecord:
        """Read one ``tables`` entry of a manifest, ignoring keys this version does not know.

        A newer version may record more provenance per table; after a rollback this version must
        still read its snapshots, so unknown keys are dropped rather than refused.

        Raises:
            ValueError: When the entry is not an object or lacks a field this version needs.
        """
        if not isinstance(entry, dict):
            raise ValueError("een tabelregel is geen object")
        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in entry]
        if missing:
            raise ValueError(f"een tabelregel mist {', '.join(missing)}")
        return cls(**{n: entry[n] for n in names})


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
        from regiondata.derive.boundaries import BOUNDARIES_FILE, load_boundaries

        rel = f"derived/{BOUNDARIES_FILE}"
        if rel not in self.manifest.get("files", {}):
            return None
        if "_boundaries" not in self.__dict__:
            self.__dict__["_boundaries"] = load_boundaries(self.path / rel)
        return self.__dict__["_boundaries"]

    def table(self, source: str) -> TableRecord | None:
        """The provenance record of a source (the newest table for per-year sources)."""
        matches = [t for t in self.tables if t.source_key == source]
        return matches[-1] if matches else None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:  # in blocks: a CBS table can be large
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_cbs(path: Path) -> bool:
    """Whether a snapshot folder holds real CBS data (judged by its name: works when damaged)."""
    return path.name.endswith("-cbs")


# --- what writers leave behind ------------------------------------------------------------


def leftovers(snapshots_dir: Path) -> list[Path]:
    """``.incoming-*`` folders and ``CURRENT`` temp files (in use or left by a killed writer)."""
    if not snapshots_dir.is_dir():
        return []
    return sorted(p for p in snapshots_dir.iterdir() if p.name.startswith((INCOMING, f".{POINTER}.")))


def writers_busy(snapshots_dir: Path) -> bool:
    """Whether some process is writing a snapshot right now (holds the writers' lock)."""
    try:
        fd = os.open(snapshots_dir / WRITERS_LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


# --- reading ----------------------------------------------------------------------------------


def _damaged(path: Path, why: str) -> SnapshotError:
    return SnapshotError(f"Snapshot {path.name} is beschadigd: {why}.")


def _check_manifest(path: Path, manifest: object) -> dict[str, Any]:
    """The manifest if this version can use it; else a Dutch ``SnapshotError`` saying why."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise SnapshotError(
            f"Snapshot {path.name} is onvolledig: de inhoudsopgave ontbreekt of is beschadigd."
        )
    fmt = manifest.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise _damaged(path, "de inhoudsopgave heeft geen geldig formaatnummer")
    if fmt > FORMAT:
        raise SnapshotError(
            f"Snapshot {path.name} is gemaakt door een nieuwere versie van het dashboard (formaat {fmt}; "
            f"deze versie leest formaat {FORMAT}) en wordt overgeslagen. Werk de code bij, of haal de "
            f"gegevens opnieuw op met '{REFRESH_HINT}'."
        )
    if not isinstance(manifest.get("source"), str):
        raise _damaged(path, "de bron ontbreekt in de inhoudsopgave")
    try:
        datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError):
        raise _damaged(path, "de aanmaakdatum ontbreekt of is ongeldig") from None
    records = manifest.get("tables", [])
    notes = manifest.get("notes", [])
    if not isinstance(records, list) or not isinstance(notes, list):
        raise _damaged(path, "de tabellen of opmerkingen in de inhoudsopgave zijn ongeldig")
    try:
        for entry in records:
            TableRecord.from_manifest(entry)
    except ValueError as err:
        raise _damaged(path, str(err)) from None
    for rel, digest in manifest["files"].items():
        parts = Path(rel).parts
        if not isinstance(digest, str) or Path(rel).is_absolute() or ".." in parts or not parts:
            raise _damaged(path, f"de inhoudsopgave noemt een ongeldig bestand ({rel[:60]!r})")
    return manifest


def verify(path: Path) -> dict[str, Any]:
    """Check a snapshot folder and return its manifest.

    Keys this version does not know are ignored (a newer version may add them); a higher
    ``format`` number is refused.

    Raises:
        SnapshotError: When the folder or manifest is missing or unreadable, the manifest is of a
            newer incompatible format, or a file is missing or does not match its checksum (a
            half-written or damaged snapshot). The message is Dutch and names the snapshot.
    """
    if not path.is_dir():
        raise SnapshotError(f"Snapshot {path.name} ontbreekt.")
    try:
        manifest = json.loads((path / MANIFEST).read_bytes().decode("utf-8"))
    except (OSError, ValueError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise SnapshotError(
            f"Snapshot {path.name} is onvolledig: de inhoudsopgave ontbreekt of is beschadigd."
        ) from err
    manifest = _check_manifest(path, manifest)
    for rel, digest in manifest["files"].items():
        file = path / rel
        try:
            ok = file.is_file() and _sha256(file) == digest
        except OSError:
            ok = False
        if not ok:
            raise SnapshotError(
                f"Snapshot {path.name} is beschadigd: bestand {rel} ontbreekt of is gewijzigd."
            )
    return manifest


def list_snapshots(snapshots_dir: Path) -> list[Path]:
    """All snapshot folders, newest first (in-progress folders and other files excluded)."""
    if not snapshots_dir.is_dir():
        return []
    dirs = [p for p in snapshots_dir.iterdir() if SNAPSHOT_NAME.fullmatch(p.name) and p.is_dir()]
    return sorted(dirs, key=lambda p: p.name, reverse=True)


def read_pointer(snapshots_dir: Path) -> tuple[str | None, str | None]:
    """Read ``CURRENT`` without ever raising.

    Returns:
        ``(name, problem)``: the snapshot name it points at (``None`` when missing or unusable)
        and, when ``CURRENT`` exists but is unusable, a Dutch sentence saying why.
    """
    pointer = snapshots_dir / POINTER
    what = f"Het bestand {POINTER} (dat aanwijst welke snapshot in gebruik is)"
    try:
        with open(pointer, "rb") as fh:
            raw = fh.read(256)  # a name is short; a huge garbage file is not read whole
    except FileNotFoundError:
        return None, None
    except OSError as err:
        return None, f"{what} is onleesbaar ({err.strerror or err})."
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None, f"{what} is beschadigd: het bevat geen tekst."
    if not name:
        return None, f"{what} is leeg."
    if not SNAPSHOT_NAME.fullmatch(name):
        # Not echoed: it may be anything, and the notice is shown on every page.
        return None, f"{what} is beschadigd: het bevat geen geldige snapshotnaam."
    return name, None


def current_name(snapshots_dir: Path) -> str | None:
    """The snapshot name ``CURRENT`` points at, if any (``None`` when missing or damaged)."""
    return read_pointer(snapshots_dir)[0]


def _read(path: Path, manifest: dict[str, Any]) -> Snapshot:
    frames = {}
    for name in DERIVED_FILES:
        try:
            frames[name] = pd.read_parquet(path / "derived" / f"{name}.parquet")
        except Exception as err:  # pyarrow raises several types for damaged files
            raise SnapshotError(f"Snapshot {path.name} is beschadigd: {name} is onleesbaar.") from err
    for name in OPTIONAL_DERIVED_FILES:
        if f"derived/{name}.parquet" not in manifest.get("files", {}):
            continue
        try:
            frames[name] = pd.read_parquet(path / "derived" / f"{name}.parquet")
        except Exception as err:  # pyarrow raises several types for damaged files
            raise SnapshotError(f"Snapshot {path.name} is beschadigd: {name} is onleesbaar.") from err
    tables = [TableRecord.from_manifest(t) for t in manifest.get("tables", [])]
    notes = [str(n) for n in manifest.get("notes", [])]
    return Snapshot(path, manifest, Derived(**frames, notes=notes), tables=tables)


def _load_one(path: Path) -> Snapshot:
    """Verify and read one snapshot; whatever goes wrong becomes a Dutch ``SnapshotError``."""
    try:
        return _read(path, verify(path))
    except SnapshotError:
        raise
    except Exception as err:  # a damaged store must never take the app down: skip, with a reason
        raise SnapshotError(f"Snapshot {path.name} is onleesbaar ({type(err).__name__}).") from err


def load_snapshot(snapshots_dir: Path) -> Snapshot:
    """Load the current snapshot, or the newest good one when the current one is unusable.

    Unusable: ``CURRENT`` unreadable or garbage, the snapshot it names missing or damaged, or
    its manifest of a newer, incompatible format. The fallback prefers real CBS data.

    Returns:
        The snapshot. ``notice`` explains in Dutch when a fallback is in use, and when only
        demo data is shown because every real CBS snapshot is damaged.

    Raises:
        SnapshotError: When no usable snapshot exists (the message lists what is wrong).
    """
    name, pointer_problem = read_pointer(snapshots_dir)
    problems = [pointer_problem] if pointer_problem else []
    checked: dict[str, str | None] = {}  # snapshot name -> its problem, None when good
    snap: Snapshot | None = None
    if name:
        try:
            snap = _load_one(snapshots_dir / name)
        except SnapshotError as err:
            problems.append(str(err))
            checked[name] = str(err)
    if snap is None:
        try:
            found = list_snapshots(snapshots_dir)
        except OSError as err:
            raise SnapshotError(
                f"De snapshotmap {snapshots_dir} is onleesbaar ({err.strerror or err}). {' '.join(problems)}"
            ) from err
        candidates = [p for p in found if p.name != name]
        # Prefer real CBS data over demo data when falling back.
        candidates.sort(key=lambda p: (is_cbs(p), p.name), reverse=True)
        for path in candidates:
            try:
                snap = _load_one(path)
            except SnapshotError as err:
                problems.append(str(err))
                checked[path.name] = str(err)
                continue
            break
        if snap is None:
            raise SnapshotError(
                " ".join(problems)
                or "Er zijn nog geen gegevens. Voer 'python -m regiondata demo' of 'refresh' uit."
            )
        if problems:
            which = "vorige" if name else "nieuwste"
            snap.notice = f"{problems[0]} De {which} goede gegevens ({snap.path.name}) worden gebruikt."
    if snap.is_demo:
        lost = None
        with suppress(OSError):  # the notice is extra: a folder that cannot be listed has none
            lost = _lost_cbs_notice(snapshots_dir, checked)
        if lost:
            snap.notice = f"{snap.notice} {lost}" if snap.notice else lost
    return snap


def _lost_cbs_notice(snapshots_dir: Path, checked: dict[str, str | None]) -> str | None:
    """When real CBS snapshots exist but none is usable: the loud Dutch notice saying so."""
    reasons = []
    for path in list_snapshots(snapshots_dir):
        if not is_cbs(path):
            continue
        if path.name not in checked:
            try:
                _load_one(path)
                checked[path.name] = None
            except SnapshotError as err:
                checked[path.name] = str(err)
        if checked[path.name] is None:
            return None  # real data is available: the demo is in use by choice
        reasons.append(str(checked[path.name]))
    if not reasons:
        return None
    return (
        "De echte CBS-gegevens konden niet worden gelezen — alleen demodata (verzonnen cijfers) wordt "
        f"getoond. {' '.join(reasons)} Haal de echte cijfers opnieuw op met '{REFRESH_HINT}' (of de knop "
        f"op Over de data); de beschadigde mappen blijven bewaard in {snapshots_dir}."
    )


def store_problems(snapshots_dir: Path) -> list[str]:
    """Everything wrong in the snapshot folder, one Dutch sentence each (for status and check).

    Never raises: a problem reading the folder itself is reported as one more sentence.
    """
    try:
        problems = []
        name, pointer_problem = read_pointer(snapshots_dir)
        snaps = list_snapshots(snapshots_dir)
        if pointer_problem:
            problems.append(pointer_problem)
        elif name is None and snaps:
            problems.append(
                f"Het bestand {POINTER} ontbreekt; zonder dat bestand valt de keuze op de nieuwste "
                "goede snapshot."
            )
        elif name and name not in {p.name for p in snaps}:
            problems.append(f"{POINTER} wijst naar snapshot {name}, maar die map bestaat niet.")
        for path in snaps:
            try:
                _load_one(path)
            except SnapshotError as err:
                problems.append(str(err))
        if not writers_busy(snapshots_dir):
            problems += [
                f"Onvoltooide schrijfpoging {p.name} (een afgebroken refresh of demo); de volgende "
                "refresh of demo ruimt die op."
                for p in leftovers(snapshots_dir)
                if p.name.startswith(INCOMING)
            ]
        return problems
    except Exception as err:  # status and check report, they never crash
        return [f"De snapshotmap {snapshots_dir} kon niet worden doorzocht ({type(err).__name__}: {err})."]
