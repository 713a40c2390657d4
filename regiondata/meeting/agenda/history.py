"""The rules of an agenda's version history, without SQL: collapsing, pruning, what changed.

Every field saves on change, so a meeting of an hour would leave hundreds of versions that all
look alike. Three rules keep the history useful (the store applies them when it writes):

* **Collapse**: a save by the same browser session within :data:`COLLAPSE_WINDOW` of that
  session's previous save *replaces* that version instead of adding one (the version number
  still goes up, so the compare-and-swap works as before). A version with a label (created,
  restored, copied) is never replaced.
* **Prune**: every version of the last :data:`KEEP_ALL_FOR` is kept; of older versions only the
  last one of each calendar day (UTC), plus the first version and every labelled one.
* **Changed parts**: each version records which parts it changed compared with the version
  before it (the five steps and "gegevens": name, region, participants), so the list can say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from regiondata.meeting.agenda.model import STEP_KEYS

COLLAPSE_WINDOW = timedelta(minutes=5)
"""Saves of one session closer together than this become one version."""
KEEP_ALL_FOR = timedelta(days=1)
"""Every version younger than this is kept; older ones thin out to one per day."""

DETAILS = "gegevens"
"""The changed-part key for the agenda's name, region and participants."""
PART_KEYS: tuple[str, ...] = (DETAILS, *STEP_KEYS)
"""Every part a version can change, in form order."""
_DETAIL_FIELDS = ("name", "amr_code", "participants")


def changed_parts(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> tuple[str, ...]:
    """The parts (:data:`PART_KEYS`) that differ between two ``Agenda.to_dict()`` dicts."""
    if before is None:
        return ()
    parts = []
    if any(before.get(name) != after.get(name) for name in _DETAIL_FIELDS):
        parts.append(DETAILS)
    parts += [key for key in STEP_KEYS if before.get(key) != after.get(key)]
    return tuple(parts)


def join_parts(*groups: Iterable[str]) -> tuple[str, ...]:
    """The union of several changed-part lists, in form order."""
    seen = {part for group in groups for part in group}
    return tuple(part for part in PART_KEYS if part in seen)


def encode_parts(parts: Sequence[str]) -> str:
    """Changed parts as stored in the version row (comma separated)."""
    return ",".join(parts)


def decode_parts(text: str | None) -> tuple[str, ...]:
    """The stored changed parts back as a tuple (unknown keys are dropped)."""
    return tuple(part for part in (text or "").split(",") if part in PART_KEYS)


@dataclass(frozen=True)
class StoredVersion:
    """What the rules need to know of a stored version."""

    version: int
    saved_at: datetime
    session: str | None
    label: str | None


def replaces(previous: StoredVersion, session: str | None, label: str | None, now: datetime) -> bool:
    """Whether a save by ``session`` at ``now`` replaces ``previous`` instead of adding a version."""
    return (
        session is not None
        and previous.session == session
        and previous.label is None
        and label is None
        and previous.version > 1
        and now - previous.saved_at < COLLAPSE_WINDOW
    )


def versions_to_prune(versions: Iterable[StoredVersion], now: datetime) -> list[int]:
    """The version numbers the history no longer needs (see the module docstring)."""
    old = sorted((v for v in versions if now - v.saved_at >= KEEP_ALL_FOR), key=lambda v: v.version)
    last_of_day: dict[object, int] = {}
    for v in old:
        last_of_day[v.saved_at.date()] = v.version
    keep = set(last_of_day.values())
    return [v.version for v in old if v.version not in keep and v.version != 1 and v.label is None]
