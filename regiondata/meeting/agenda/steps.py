"""The five steps of an agenda and the rows they hold: plain dataclasses with a JSON round trip.

Every class converts to and from a JSON-safe ``dict`` with ``to_dict()`` / ``from_dict()``;
dates are ISO strings, datetimes ISO strings in UTC. :class:`~regiondata.meeting.agenda.model.Agenda`
holds one of each step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from regiondata.meeting.agenda.formatting import format_date_nl, parse_date_nl
from regiondata.meeting.agenda.values import (
    as_float,
    as_target,
    as_text,
    iso,
    parse_date,
    parse_datetime,
    utc_now,
)


# --- step parts -------------------------------------------------------------------------------
@dataclass
class FactBlock:
    """A fact taken from the data, with its source; kept apart from opinions.

    Attributes:
        text: The fact as a sentence, e.g. "In AM18 ontvingen 3,1% van de inwoners bijstand."
        source: Citation, e.g. "Bron: CBS, tabel 80794ned, opgehaald 2026-11-27".
        indicator_key: Registry key of the indicator the fact is about ("" if none).
        inserted_at: When the fact was put into the agenda (UTC).
    """

    text: str
    source: str
    indicator_key: str = ""
    inserted_at: datetime = field(default_factory=utc_now)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "text": self.text,
            "source": self.source,
            "indicator_key": self.indicator_key,
            "inserted_at": iso(self.inserted_at),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactBlock:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            text=as_text(data.get("text")),
            source=as_text(data.get("source")),
            indicator_key=as_text(data.get("indicator_key")),
            inserted_at=parse_datetime(data.get("inserted_at")),
        )


@dataclass
class Partner:
    """A partner in the network, placed in one of the two worlds.

    Attributes:
        name: Organisation or person, e.g. "UWV" or "Economic Board".
        world: ``"sociaal"``, ``"economisch"`` or ``""`` (not chosen yet).
        role: What the partner brings or does for this opgave.
        is_bridge: Whether this partner already links the two worlds.
        bridges_to: With whom or how it bridges, e.g. "werkgeversservicepunt ↔ board".
    """

    name: str = ""
    world: str = ""
    role: str = ""
    is_bridge: bool = False
    bridges_to: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "name": self.name,
            "world": self.world,
            "role": self.role,
            "is_bridge": self.is_bridge,
            "bridges_to": self.bridges_to,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Partner:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            name=as_text(data.get("name")),
            world=as_text(data.get("world")),
            role=as_text(data.get("role")),
            is_bridge=bool(data.get("is_bridge") or False),
            bridges_to=as_text(data.get("bridges_to")),
        )


@dataclass
class PartnerPerspective:
    """The dominant steering perspective of one key partner.

    Attributes:
        partner: Partner name, normally one of ``agenda.netwerk.partners`` (not enforced: a
            partner may be renamed or removed later, the text stays).
        perspective: One of :data:`PERSPECTIVES`, or ``""`` when not chosen yet.
        notes: What this means for working with the partner.
    """

    partner: str = ""
    perspective: str = ""
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {"partner": self.partner, "perspective": self.perspective, "notes": self.notes}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PartnerPerspective:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            partner=as_text(data.get("partner")),
            perspective=as_text(data.get("perspective")),
            notes=as_text(data.get("notes")),
        )


@dataclass
class FirstStep:
    """A first concrete step: what, who, when.

    ``wanneer`` is the moment as typed ("vóór 1 maart 2027", "na de zomer"). ``datum`` is the
    calendar date: :meth:`Agenda.cleaned` (run by the store on every save) derives it from
    ``wanneer`` whenever that text contains a date, and keeps a ``datum`` set directly (by a
    date picker) when ``wanneer`` is empty.
    """

    wat: str = ""
    wie: str = ""
    wanneer: str = ""
    datum: date | None = None

    @property
    def due_date(self) -> date | None:
        """The step's date: ``datum``, or else a date found in ``wanneer``."""
        return self.datum or parse_date_nl(self.wanneer)

    def when_label(self) -> str:
        """The moment as the user wrote it, or the date in Dutch when only a date is set."""
        if self.wanneer.strip():
            return self.wanneer
        return format_date_nl(self.datum) if self.datum else ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {"wat": self.wat, "wie": self.wie, "wanneer": self.wanneer, "datum": iso(self.datum)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FirstStep:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            wat=as_text(data.get("wat")),
            wie=as_text(data.get("wie")),
            wanneer=as_text(data.get("wanneer")),
            datum=parse_date(data.get("datum")),
        )


@dataclass
class MonitoringRow:
    """One indicator to follow, with its baseline from the data and a target set by the user.

    Attributes:
        indicator_key: Key in the indicator registry.
        indicator_title: Dutch title at the time of choosing (kept so exports stay readable).
        unit: Unit label, e.g. "per 1.000 inwoners".
        baseline_value: Baseline (nulmeting) from the data, ``None`` if unknown.
        baseline_year: Period of the baseline as CBS names it, e.g. "2024" or "2025 juni".
        baseline_source: Citation of the baseline, e.g. "Bron: CBS, tabel 80794ned, …".
        target: A number (``25.0``) or a phrase ("onder landelijk gemiddelde"); ``None`` if unset.
        target_date: When the target should be reached.
    """

    indicator_key: str = ""
    indicator_title: str = ""
    unit: str = ""
    baseline_value: float | None = None
    baseline_year: str = ""
    baseline_source: str = ""
    target: float | str | None = None
    target_date: date | None = None

    @property
    def has_target(self) -> bool:
        """Whether a target is set (a number, or a non-blank phrase)."""
        if isinstance(self.target, str):
            return bool(self.target.strip())
        return self.target is not None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "indicator_key": self.indicator_key,
            "indicator_title": self.indicator_title,
            "unit": self.unit,
            "baseline_value": self.baseline_value,
            "baseline_year": self.baseline_year,
            "baseline_source": self.baseline_source,
            "target": self.target,
            "target_date": iso(self.target_date),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MonitoringRow:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            indicator_key=as_text(data.get("indicator_key")),
            indicator_title=as_text(data.get("indicator_title")),
            unit=as_text(data.get("unit")),
            baseline_value=as_float(data.get("baseline_value")),
            baseline_year=as_text(data.get("baseline_year")),
            baseline_source=as_text(data.get("baseline_source")),
            target=as_target(data.get("target")),
            target_date=parse_date(data.get("target_date")),
        )


# --- the five steps ---------------------------------------------------------------------------
@dataclass
class Vraagstuk:
    """Step 1: the concrete task, whom it concerns, the region's DNA, and cited facts."""

    opgave: str = ""
    doelgroep: str = ""
    regio_dna: str = ""
    facts: list[FactBlock] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "opgave": self.opgave,
            "doelgroep": self.doelgroep,
            "regio_dna": self.regio_dna,
            "facts": [f.to_dict() for f in self.facts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vraagstuk:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            opgave=as_text(data.get("opgave")),
            doelgroep=as_text(data.get("doelgroep")),
            regio_dna=as_text(data.get("regio_dna")),
            facts=[FactBlock.from_dict(f) for f in data.get("facts") or []],
        )


@dataclass
class Netwerk:
    """Step 2: partners in both worlds and notes on links that already bridge them."""

    partners: list[Partner] = field(default_factory=list)
    bruggen: str = ""

    def partners_in(self, world: str) -> list[Partner]:
        """Return the partners placed in ``world`` (``"sociaal"`` or ``"economisch"``)."""
        return [p for p in self.partners if p.world == world]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {"partners": [p.to_dict() for p in self.partners], "bruggen": self.bruggen}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Netwerk:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            partners=[Partner.from_dict(p) for p in data.get("partners") or []],
            bruggen=as_text(data.get("bruggen")),
        )


@dataclass
class Perspectief:
    """Step 3: the dominant perspective per key partner and how to connect to each other's."""

    partners: list[PartnerPerspective] = field(default_factory=list)
    aansluiten: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {"partners": [p.to_dict() for p in self.partners], "aansluiten": self.aansluiten}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Perspectief:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            partners=[PartnerPerspective.from_dict(p) for p in data.get("partners") or []],
            aansluiten=as_text(data.get("aansluiten")),
        )


@dataclass
class GedeeldDenken:
    """Step 4: a positive shared ambition, the weefsel, and the first steps."""

    ambitie: str = ""
    weefsel: str = ""
    eerste_stappen: list[FirstStep] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "ambitie": self.ambitie,
            "weefsel": self.weefsel,
            "eerste_stappen": [s.to_dict() for s in self.eerste_stappen],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GedeeldDenken:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            ambitie=as_text(data.get("ambitie")),
            weefsel=as_text(data.get("weefsel")),
            eerste_stappen=[FirstStep.from_dict(s) for s in data.get("eerste_stappen") or []],
        )


@dataclass
class Borgen:
    """Step 5: structure, links to existing agendas, and monitoring."""

    structuur: str = ""
    verbindingen: str = ""
    monitoring: list[MonitoringRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "structuur": self.structuur,
            "verbindingen": self.verbindingen,
            "monitoring": [m.to_dict() for m in self.monitoring],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Borgen:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            structuur=as_text(data.get("structuur")),
            verbindingen=as_text(data.get("verbindingen")),
            monitoring=[MonitoringRow.from_dict(m) for m in data.get("monitoring") or []],
        )
