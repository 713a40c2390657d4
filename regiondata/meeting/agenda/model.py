"""The agenda model: plain dataclasses for a five-step "aantrekkelijke agenda".

An :class:`Agenda` holds the five steps of the handreiking (vraagstuk, netwerk, perspectief,
gedeeld denken, borgen). Every class converts to and from a JSON-safe ``dict`` with
``to_dict()`` / ``from_dict()``; dates are ISO strings, datetimes ISO strings in UTC.

Text policy: text is kept exactly as typed — emoji, accents, ``<script>`` and markdown characters
included. Storage never escapes or strips it; escaping happens at render time (see ``export``).
The only change :meth:`Agenda.cleaned` makes is removing characters that cannot be stored or
exported safely: NUL and other control characters except newline and tab (``\\r\\n`` and ``\\r``
become ``\\n``) and lone surrogates. Empty numbers from a table widget (NaN) become ``None``.

Limits are module constants (see :data:`TEXT_FIELDS` and :data:`LIST_LIMITS`), so a UI can use
the same numbers for ``max_chars``; :meth:`Agenda.validate` raises
:class:`~regiondata.meeting.agenda.errors.AgendaValidationError` with one Dutch line per broken rule.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from regiondata.dutch import MONTHS_NL
from regiondata.meeting.agenda.errors import AgendaValidationError, ValidationProblem
from regiondata.meeting.text import clean_text

SCHEMA_VERSION = 1
"""Version of the ``to_dict()`` layout, stored with every version row for later migrations."""

# --- limits ---------------------------------------------------------------------------------
NAME_MAX_CHARS = 120
"""Agenda name: fits a list row and a document title."""
SHORT_TEXT_MAX_CHARS = 500
"""One-line fields: partner name and role, a step's wat/wie/wanneer, a source, an indicator."""
LONG_TEXT_MAX_CHARS = 5000
"""Free-text fields (opgave, ambitie, weefsel, …): about two pages, plenty for one meeting."""
MAX_PARTNERS = 30
MAX_PERSPECTIVES = MAX_PARTNERS
MAX_FACTS = 20
MAX_FIRST_STEPS = 20
MAX_MONITORING_ROWS = 20

WORLDS: tuple[str, ...] = ("sociaal", "economisch")
"""The two worlds of the brief. An empty string means "not chosen yet"."""
PERSPECTIVES: tuple[str, ...] = ("rechtmatig", "presterend", "netwerkend", "participerend")
"""NSOB's four steering perspectives. An empty string means "not chosen yet"."""

AMR_CODE_RE = re.compile(r"^AM\d{2}$")

# Path -> (Dutch label, max chars). ``[]`` marks a field of every item in a list.
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("Naam", NAME_MAX_CHARS),
    "participants": ("Deelnemers", LONG_TEXT_MAX_CHARS),
    "vraagstuk.opgave": ("Opgave", LONG_TEXT_MAX_CHARS),
    "vraagstuk.doelgroep": ("Doelgroep", LONG_TEXT_MAX_CHARS),
    "vraagstuk.regio_dna": ("DNA van de regio", LONG_TEXT_MAX_CHARS),
    "vraagstuk.facts[].text": ("Feit", LONG_TEXT_MAX_CHARS),
    "vraagstuk.facts[].source": ("Bron", SHORT_TEXT_MAX_CHARS),
    "vraagstuk.facts[].indicator_key": ("Indicator", SHORT_TEXT_MAX_CHARS),
    "netwerk.partners[].name": ("Partner", SHORT_TEXT_MAX_CHARS),
    "netwerk.partners[].role": ("Rol", SHORT_TEXT_MAX_CHARS),
    "netwerk.partners[].bridges_to": ("Brug naar", SHORT_TEXT_MAX_CHARS),
    "netwerk.bruggen": ("Bestaande bruggen", LONG_TEXT_MAX_CHARS),
    "perspectief.partners[].partner": ("Partner", SHORT_TEXT_MAX_CHARS),
    "perspectief.partners[].notes": ("Toelichting", SHORT_TEXT_MAX_CHARS),
    "perspectief.aansluiten": ("Aansluiten op elkaars perspectief", LONG_TEXT_MAX_CHARS),
    "gedeeld_denken.ambitie": ("Gedeelde ambitie", LONG_TEXT_MAX_CHARS),
    "gedeeld_denken.weefsel": ("Weefsel", LONG_TEXT_MAX_CHARS),
    "gedeeld_denken.eerste_stappen[].wat": ("Wat", SHORT_TEXT_MAX_CHARS),
    "gedeeld_denken.eerste_stappen[].wie": ("Wie", SHORT_TEXT_MAX_CHARS),
    "gedeeld_denken.eerste_stappen[].wanneer": ("Wanneer", SHORT_TEXT_MAX_CHARS),
    "borgen.structuur": ("Structuur", LONG_TEXT_MAX_CHARS),
    "borgen.verbindingen": ("Verbindingen", LONG_TEXT_MAX_CHARS),
    "borgen.monitoring[].indicator_key": ("Indicator", SHORT_TEXT_MAX_CHARS),
    "borgen.monitoring[].indicator_title": ("Indicator", SHORT_TEXT_MAX_CHARS),
    "borgen.monitoring[].unit": ("Eenheid", SHORT_TEXT_MAX_CHARS),
    "borgen.monitoring[].baseline_year": ("Jaar nulmeting", SHORT_TEXT_MAX_CHARS),
    "borgen.monitoring[].baseline_source": ("Bron nulmeting", SHORT_TEXT_MAX_CHARS),
    "borgen.monitoring[].target": ("Doel", SHORT_TEXT_MAX_CHARS),
}
"""Every text field with its Dutch label and maximum length in characters (code points)."""

# List path -> (Dutch plural, Dutch item noun, max items).
LIST_LIMITS: dict[str, tuple[str, str, int]] = {
    "vraagstuk.facts": ("feiten", "feit", MAX_FACTS),
    "netwerk.partners": ("partners", "partner", MAX_PARTNERS),
    "perspectief.partners": ("perspectieven", "perspectief", MAX_PERSPECTIVES),
    "gedeeld_denken.eerste_stappen": ("eerste stappen", "eerste stap", MAX_FIRST_STEPS),
    "borgen.monitoring": ("monitoringsregels", "monitoringsregel", MAX_MONITORING_ROWS),
}
"""Every list with its Dutch plural, item noun and maximum number of items."""


# --- small helpers ----------------------------------------------------------------------------
def utc_now() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def new_agenda_id() -> str:
    """Return a fresh short, URL-safe agenda id (11 characters)."""
    return secrets.token_urlsafe(8)


def format_int_nl(value: int) -> str:
    """Format an integer the Dutch way: ``6200`` -> ``"6.200"``."""
    return f"{value:,}".replace(",", ".")


def format_number_nl(value: float, decimals: int | None = None) -> str:
    """Format a number the Dutch way: ``1234.5`` -> ``"1.234,5"``, ``25.0`` -> ``"25"``.

    Without ``decimals`` at most three decimals are shown and trailing zeros dropped.
    """
    text = f"{value:,.3f}".rstrip("0").rstrip(".") if decimals is None else f"{value:,.{decimals}f}"
    # Swap the separators through a placeholder: "1,234.5" -> "1.234,5".
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_MONTH_ALIASES = {name: i + 1 for i, name in enumerate(MONTHS_NL)} | {
    name[:3]: i + 1 for i, name in enumerate(MONTHS_NL)
}
_MONTH_ALIASES |= {"mrt": 3, "sept": 9}
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_WORD_DATE_RE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})\b")


def parse_date_nl(text: str) -> date | None:
    """Find a calendar date in free Dutch text, or return ``None``.

    Understands ``2026-12-01``, ``1-12-2026``, ``1/12/2026``, ``1.12.2026``, ``1 december 2026``
    and ``1 dec 2026``, also inside a sentence ("uiterlijk 15 januari 2027"). Vague moments
    ("na de zomer", "Q1") give ``None`` on purpose: the checklist must not guess.
    """
    lowered = text.lower()
    candidates: list[tuple[int, int, int]] = []
    if m := _ISO_DATE_RE.search(lowered):
        candidates.append((int(m[1]), int(m[2]), int(m[3])))
    if m := _NUMERIC_DATE_RE.search(lowered):
        candidates.append((int(m[3]), int(m[2]), int(m[1])))
    for m in _WORD_DATE_RE.finditer(lowered):
        month = _MONTH_ALIASES.get(m[2])
        if month:
            candidates.append((int(m[3]), month, int(m[1])))
            break
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:  # "31-02-2027" looks like a date but is not one
            continue
    return None


def format_date_nl(value: date) -> str:
    """Format a date in Dutch: ``date(2026, 12, 1)`` -> ``"1 december 2026"``."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str) and value:
        result = datetime.fromisoformat(value)
    else:
        return utc_now()
    # Naive values can only come from our own UTC storage: label them rather than shift them.
    return result.replace(tzinfo=UTC) if result.tzinfo is None else result.astimezone(UTC)


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp from a data editor
        return value.to_pydatetime().date()
    return date.fromisoformat(str(value)[:10])


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _as_float(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _as_target(value: Any) -> float | str | None:
    """A target is a number (``25``) or a phrase (``"onder het landelijk gemiddelde"``)."""
    if value is None or isinstance(value, str):
        return value
    return _as_float(value)


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


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
            "inserted_at": _iso(self.inserted_at),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactBlock:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            text=_as_text(data.get("text")),
            source=_as_text(data.get("source")),
            indicator_key=_as_text(data.get("indicator_key")),
            inserted_at=_parse_datetime(data.get("inserted_at")),
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
            name=_as_text(data.get("name")),
            world=_as_text(data.get("world")),
            role=_as_text(data.get("role")),
            is_bridge=bool(data.get("is_bridge") or False),
            bridges_to=_as_text(data.get("bridges_to")),
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
            partner=_as_text(data.get("partner")),
            perspective=_as_text(data.get("perspective")),
            notes=_as_text(data.get("notes")),
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
        return {"wat": self.wat, "wie": self.wie, "wanneer": self.wanneer, "datum": _iso(self.datum)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FirstStep:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            wat=_as_text(data.get("wat")),
            wie=_as_text(data.get("wie")),
            wanneer=_as_text(data.get("wanneer")),
            datum=_parse_date(data.get("datum")),
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
            "target_date": _iso(self.target_date),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MonitoringRow:
        """Build from :meth:`to_dict` output; missing keys get defaults."""
        return cls(
            indicator_key=_as_text(data.get("indicator_key")),
            indicator_title=_as_text(data.get("indicator_title")),
            unit=_as_text(data.get("unit")),
            baseline_value=_as_float(data.get("baseline_value")),
            baseline_year=_as_text(data.get("baseline_year")),
            baseline_source=_as_text(data.get("baseline_source")),
            target=_as_target(data.get("target")),
            target_date=_parse_date(data.get("target_date")),
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
            opgave=_as_text(data.get("opgave")),
            doelgroep=_as_text(data.get("doelgroep")),
            regio_dna=_as_text(data.get("regio_dna")),
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
            bruggen=_as_text(data.get("bruggen")),
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
            aansluiten=_as_text(data.get("aansluiten")),
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
            ambitie=_as_text(data.get("ambitie")),
            weefsel=_as_text(data.get("weefsel")),
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
            structuur=_as_text(data.get("structuur")),
            verbindingen=_as_text(data.get("verbindingen")),
            monitoring=[MonitoringRow.from_dict(m) for m in data.get("monitoring") or []],
        )


STEP_KEYS: tuple[str, ...] = ("vraagstuk", "netwerk", "perspectief", "gedeeld_denken", "borgen")
"""Attribute names of the five steps on :class:`Agenda`, in order."""


@dataclass
class Agenda:
    """A draft agenda for one arbeidsmarktregio.

    Attributes:
        id: Short URL-safe id (see :func:`new_agenda_id`), used in ``?agenda=<id>``.
        name: Name of the agenda (at most :data:`NAME_MAX_CHARS`).
        amr_code: Arbeidsmarktregio code, e.g. "AM18".
        participants: Who took part, free text.
        created_at: Creation time, UTC.
        updated_at: Time of the last saved version, UTC.
        version: Stored version this object was read as (0 before the first save). Pass it as
            ``base_version`` when saving.
        vraagstuk, netwerk, perspectief, gedeeld_denken, borgen: The five steps.
    """

    id: str
    name: str
    amr_code: str
    participants: str = ""
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 0
    vraagstuk: Vraagstuk = field(default_factory=Vraagstuk)
    netwerk: Netwerk = field(default_factory=Netwerk)
    perspectief: Perspectief = field(default_factory=Perspectief)
    gedeeld_denken: GedeeldDenken = field(default_factory=GedeeldDenken)
    borgen: Borgen = field(default_factory=Borgen)

    @classmethod
    def new(cls, name: str, amr_code: str, participants: str = "") -> Agenda:
        """Return a new, empty, unsaved agenda with a fresh id."""
        return cls(id=new_agenda_id(), name=name, amr_code=amr_code, participants=participants)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict (``json.dumps`` works on it as is)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "name": self.name,
            "amr_code": self.amr_code,
            "participants": self.participants,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "version": self.version,
            **{key: getattr(self, key).to_dict() for key in STEP_KEYS},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agenda:
        """Build from :meth:`to_dict` output; missing keys get defaults, unknown keys are ignored."""
        return cls(
            id=_as_text(data.get("id")),
            name=_as_text(data.get("name")),
            amr_code=_as_text(data.get("amr_code")),
            participants=_as_text(data.get("participants")),
            created_at=_parse_datetime(data.get("created_at")),
            updated_at=_parse_datetime(data.get("updated_at")),
            version=int(data.get("version") or 0),
            vraagstuk=Vraagstuk.from_dict(data.get("vraagstuk") or {}),
            netwerk=Netwerk.from_dict(data.get("netwerk") or {}),
            perspectief=Perspectief.from_dict(data.get("perspectief") or {}),
            gedeeld_denken=GedeeldDenken.from_dict(data.get("gedeeld_denken") or {}),
            borgen=Borgen.from_dict(data.get("borgen") or {}),
        )

    def copy(self) -> Agenda:
        """Return a deep copy."""
        return Agenda.from_dict(self.to_dict())

    def content_dict(self) -> dict[str, Any]:
        """Return :meth:`to_dict` without bookkeeping (id, times, version): the user's content."""
        data = self.to_dict()
        for key in ("schema_version", "id", "created_at", "updated_at", "version"):
            data.pop(key)
        return data

    def cleaned(self) -> Agenda:
        """Return a copy that is safe to store and export (see the module docstring).

        Removes control characters (except newline and tab) and lone surrogates from every
        text, turns NaN numbers into ``None``, and derives each first step's ``datum`` from
        its ``wanneer`` text. Visible text is otherwise kept exactly as typed.
        """
        result = Agenda.from_dict(_clean_value(self.to_dict()))
        for step in result.gedeeld_denken.eerste_stappen:
            if step.wanneer.strip():
                step.datum = parse_date_nl(step.wanneer)
        return result

    def validate(self) -> None:
        """Check every documented limit.

        Raises:
            AgendaValidationError: One Dutch message per problem, e.g.
                "Het veld 'Opgave' is te lang: 6.200 tekens, maximaal 5.000."
        """
        problems = list(_find_problems(self))
        if problems:
            raise AgendaValidationError(problems)


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value


# --- validation -------------------------------------------------------------------------------
def _too_long(label: str, length: int, limit: int, where: str = "") -> str:
    return (
        f"Het veld '{label}'{where} is te lang: {format_int_nl(length)} tekens, "
        f"maximaal {format_int_nl(limit)}."
    )


def _get_path(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _find_problems(agenda: Agenda) -> Iterable[ValidationProblem]:
    if not agenda.name.strip():
        yield ValidationProblem("name", "Geef de agenda een naam.")
    if not AMR_CODE_RE.match(agenda.amr_code):
        yield ValidationProblem(
            "amr_code",
            f"'{agenda.amr_code}' is geen code van een arbeidsmarktregio; gebruik een code als AM18.",
        )
    for list_path, (plural, _noun, limit) in LIST_LIMITS.items():
        count = len(_get_path(agenda, list_path))
        if count > limit:
            yield ValidationProblem(
                list_path,
                f"Er zijn te veel {plural}: {format_int_nl(count)}, maximaal {limit}. "
                "Voeg samen wat bij elkaar hoort of haal er een paar weg.",
            )
    for path, (label, limit) in TEXT_FIELDS.items():
        if "[]." not in path:
            text = _get_path(agenda, path)
            if len(text) > limit:
                yield ValidationProblem(path, _too_long(label, len(text), limit))
            continue
        list_path, attr = path.split("[].")
        noun = LIST_LIMITS[list_path][1]
        for number, item in enumerate(_get_path(agenda, list_path), start=1):
            text = getattr(item, attr)
            if isinstance(text, str) and len(text) > limit:
                where = f" van {noun} {number}"
                yield ValidationProblem(
                    f"{list_path}[{number - 1}].{attr}", _too_long(label, len(text), limit, where)
                )
    for number, partner in enumerate(agenda.netwerk.partners, start=1):
        if partner.world not in (*WORLDS, ""):
            yield ValidationProblem(
                f"netwerk.partners[{number - 1}].world",
                f"Partner {number} staat in een onbekende wereld '{partner.world}'; "
                "kies 'sociaal' of 'economisch'.",
            )
    for number, entry in enumerate(agenda.perspectief.partners, start=1):
        if entry.perspective not in (*PERSPECTIVES, ""):
            yield ValidationProblem(
                f"perspectief.partners[{number - 1}].perspective",
                f"Perspectief {number} is onbekend: '{entry.perspective}'; kies uit "
                + ", ".join(PERSPECTIVES)
                + ".",
            )
    for number, row in enumerate(agenda.borgen.monitoring, start=1):
        for attr, label in (("baseline_value", "Nulmeting"), ("target", "Doel")):
            value = getattr(row, attr)
            if isinstance(value, float) and math.isinf(value):
                yield ValidationProblem(
                    f"borgen.monitoring[{number - 1}].{attr}",
                    f"Het veld '{label}' van monitoringsregel {number} is geen geldig getal.",
                )


# --- comparing two versions (for the conflict dialog) -----------------------------------------
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
            result[path] = (label, _get_path(agenda, path))
    for path, label in _LIST_LABELS.items():
        result[path] = (label, _render_list(_get_path(agenda, path)))
    return result


def differences(stored: Agenda, attempted: Agenda) -> list[FieldDifference]:
    """List the parts whose text differs between ``stored`` and ``attempted``, in form order."""
    left, right = comparable_texts(stored), comparable_texts(attempted)
    return [
        FieldDifference(path, label, text, right[path][1])
        for path, (label, text) in left.items()
        if text != right[path][1]
    ]


__all__ = [
    "AMR_CODE_RE",
    "LIST_LIMITS",
    "LONG_TEXT_MAX_CHARS",
    "MAX_FACTS",
    "MAX_FIRST_STEPS",
    "MAX_MONITORING_ROWS",
    "MAX_PARTNERS",
    "MAX_PERSPECTIVES",
    "NAME_MAX_CHARS",
    "PERSPECTIVES",
    "SCHEMA_VERSION",
    "SHORT_TEXT_MAX_CHARS",
    "STEP_KEYS",
    "TEXT_FIELDS",
    "WORLDS",
    "Agenda",
    "Borgen",
    "FactBlock",
    "FieldDifference",
    "FirstStep",
    "GedeeldDenken",
    "MonitoringRow",
    "Netwerk",
    "Partner",
    "PartnerPerspective",
    "Perspectief",
    "Vraagstuk",
    "clean_text",
    "comparable_texts",
    "differences",
    "format_date_nl",
    "format_int_nl",
    "format_number_nl",
    "new_agenda_id",
    "parse_date_nl",
    "utc_now",
]
