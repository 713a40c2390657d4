"""Comparing two versions of an agenda, part by part, for the conflict dialog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regiondata.meeting.agenda.model import TEXT_FIELDS, Agenda, value_at
from regiondata.meeting.agenda.steps import FactBlock, FirstStep, MonitoringRow, Partner, PartnerPerspective


@dataclass(frozen=True)
class FieldDifference:
    """One part of the agenda whose text differs between two versions.

    Attributes:
        path: Field path, e.g. ``"vraagstuk.opgave"`` or ``"netwerk.partners"``.
        label: Dutch label, e.g. "Opgave".
        stored: The text as stored now (the other person's version).
        attempted: The text the user tried to save.
    """

    path: str
    label: str
    stored: str
    attempted: str


def _render_list(items: list[Any]) -> str:
    lines: list[str] = []
    for item in items:
        if isinstance(item, FactBlock):
            lines.append(f"{item.text} ({item.source})")
        elif isinstance(item, Partner):
            bridge = f"; brug naar {item.bridges_to}" if item.is_bridge else ""
            lines.append(f"{item.name} ({item.world or 'wereld onbekend'}): {item.role}{bridge}")
        elif isinstance(item, PartnerPerspective):
            lines.append(f"{item.partner}: {item.perspective} — {item.notes}")
        elif isinstance(item, FirstStep):
            lines.append(f"{item.wat} — {item.wie} — {item.when_label()}")
        elif isinstance(item, MonitoringRow):
            target = "" if item.target is None else str(item.target)
            due = item.target_date.isoformat() if item.target_date else ""
            lines.append(f"{item.indicator_title}: doel {target} op {due}")
    return "\n".join(lines)


_LIST_LABELS = {
    "vraagstuk.facts": "Feiten",
    "netwerk.partners": "Partners",
    "perspectief.partners": "Perspectieven",
    "gedeeld_denken.eerste_stappen": "Eerste stappen",
    "borgen.monitoring": "Monitoring",
}


def comparable_texts(agenda: Agenda) -> dict[str, tuple[str, str]]:
    """Return every part of the agenda as ``path -> (Dutch label, text)``, lists as lines."""
    result: dict[str, tuple[str, str]] = {"amr_code": ("Arbeidsmarktregio", agenda.amr_code)}
    for path, (label, _limit) in TEXT_FIELDS.items():
        if "[]." not in path:
            result[path] = (label, value_at(agenda, path))
    for path, label in _LIST_LABELS.items():
        result[path] = (label, _render_list(value_at(agenda, path)))
    return result


def differences(stored: Agenda, attempted: Agenda) -> list[FieldDifference]:
    """List the parts whose text differs between ``stored`` and ``attempted``, in form order."""
    left, right = comparable_texts(stored), comparable_texts(attempted)
    return [
        FieldDifference(path, label, text, right[path][1])
        for path, (label, text) in left.items()
        if text != right[path][1]
    ]
