"""The agenda model: a five-step "aantrekkelijke agenda", its limits, cleaning and validation.

An :class:`Agenda` holds the five steps of the handreiking (vraagstuk, netwerk, perspectief,
gedeeld denken, borgen), defined with the rows they hold in
:mod:`~regiondata.meeting.agenda.steps`. Every class converts to and from a JSON-safe ``dict``
with ``to_dict()`` / ``from_dict()``; dates are ISO strings, datetimes ISO strings in UTC
(:mod:`~regiondata.meeting.agenda.values`).

Text policy: text is kept exactly as typed — emoji, accents, ``<script>`` and markdown characters
included. Storage never escapes or strips it; escaping happens at render time (see ``export``).
The only change :meth:`Agenda.cleaned` makes is removing characters that cannot be stored or
exported safely: NUL and other control characters except newline and tab (``\\r\\n`` and ``\\r``
become ``\\n``) and lone surrogates. Empty numbers from a table widget (NaN) become ``None``.

Limits are module constants (see :data:`TEXT_FIELDS` and :data:`LIST_LIMITS`), so a UI can use
the same numbers for ``max_chars``; :meth:`Agenda.validate` raises
:class:`~regiondata.meeting.agenda.errors.AgendaValidationError` with one Dutch line per broken rule.

The Dutch number and date helpers live in :mod:`~regiondata.meeting.agenda.formatting`; this
module re-exports them (and ``clean_text``, ``utc_now``) for the code that imports them from here.
Comparing two versions lives in :mod:`~regiondata.meeting.agenda.differences`.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from regiondata.meeting.agenda.errors import AgendaValidationError, ValidationProblem
from regiondata.meeting.agenda.formatting import (
    format_date_nl,
    format_int_nl,
    format_number_nl,
    parse_date_nl,
)
from regiondata.meeting.agenda.steps import Borgen, GedeeldDenken, Netwerk, Perspectief, Vraagstuk
from regiondata.meeting.agenda.values import as_text, date_is_sane, date_range, iso, parse_datetime, utc_now
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


# --- the agenda -------------------------------------------------------------------------------
def new_agenda_id() -> str:
    """Return a fresh short, URL-safe agenda id (11 characters)."""
    return secrets.token_urlsafe(8)


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
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "version": self.version,
            **{key: getattr(self, key).to_dict() for key in STEP_KEYS},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agenda:
        """Build from :meth:`to_dict` output; missing keys get defaults, unknown keys are ignored."""
        return cls(
            id=as_text(data.get("id")),
            name=as_text(data.get("name")),
            amr_code=as_text(data.get("amr_code")),
            participants=as_text(data.get("participants")),
            created_at=parse_datetime(data.get("created_at")),
            updated_at=parse_datetime(data.get("updated_at")),
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

    def validate(self, previous: Agenda | None = None) -> None:
        """Check every documented limit.

        Args:
            previous: The stored version this edit replaces. A date that is already stored there
                is not checked against the date range again, so an agenda whose dates have aged
                out of the range can still be saved.

        Raises:
            AgendaValidationError: One Dutch message per problem, e.g.
                "Het veld 'Opgave' is te lang: 6.200 tekens, maximaal 5.000."
        """
        problems = list(_find_problems(self))
        problems += _date_problems(self, previous)
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


def value_at(agenda: Agenda, path: str) -> Any:
    """Return the value at a dotted path of :data:`TEXT_FIELDS` or :data:`LIST_LIMITS`.

    E.g. ``"vraagstuk.opgave"`` gives the opgave text, ``"netwerk.partners"`` the partner list.
    """
    obj: Any = agenda
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


# --- validation -------------------------------------------------------------------------------
def _too_long(label: str, length: int, limit: int, where: str = "") -> str:
    return (
        f"Het veld '{label}'{where} is te lang: {format_int_nl(length)} tekens, "
        f"maximaal {format_int_nl(limit)}."
    )


def _dates(agenda: Agenda) -> Iterable[tuple[str, str, date]]:
    for number, step in enumerate(agenda.gedeeld_denken.eerste_stappen, start=1):
        if step.datum is not None:
            yield f"gedeeld_denken.eerste_stappen[{number - 1}].wanneer", f"eerste stap {number}", step.datum
    for number, row in enumerate(agenda.borgen.monitoring, start=1):
        if row.target_date is not None:
            where = f"de streefdatum van '{row.indicator_title or row.indicator_key}'"
            yield f"borgen.monitoring[{number - 1}].target_date", where, row.target_date


def _date_problems(agenda: Agenda, previous: Agenda | None) -> list[ValidationProblem]:
    known = {when for _, _, when in _dates(previous)} if previous is not None else set()
    first, last = date_range()
    return [
        ValidationProblem(
            path,
            f"De datum {when.day}-{when.month}-{when.year:04d} bij {where} ligt niet tussen {first.year} en "
            f"{last.year}. Controleer het jaar; er is niets opgeslagen.",
        )
        for path, where, when in _dates(agenda)
        if when not in known and not date_is_sane(when)
    ]


def _find_problems(agenda: Agenda) -> Iterable[ValidationProblem]:
    if not agenda.name.strip():
        yield ValidationProblem("name", "Geef de agenda een naam.")
    if not AMR_CODE_RE.match(agenda.amr_code):
        yield ValidationProblem(
            "amr_code",
            f"'{agenda.amr_code}' is geen code van een arbeidsmarktregio; gebruik een code als AM18.",
        )
    for list_path, (plural, _noun, limit) in LIST_LIMITS.items():
        count = len(value_at(agenda, list_path))
        if count > limit:
            yield ValidationProblem(
                list_path,
                f"Er zijn te veel {plural}: {format_int_nl(count)}, maximaal {limit}. "
                "Voeg samen wat bij elkaar hoort of haal er een paar weg.",
            )
    for path, (label, limit) in TEXT_FIELDS.items():
        if "[]." not in path:
            text = value_at(agenda, path)
            if len(text) > limit:
                yield ValidationProblem(path, _too_long(label, len(text), limit))
            continue
        list_path, attr = path.split("[].")
        noun = LIST_LIMITS[list_path][1]
        for number, item in enumerate(value_at(agenda, list_path), start=1):
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
    "GedeeldDenken",
    "Netwerk",
    "Perspectief",
    "Vraagstuk",
    "clean_text",
    "format_date_nl",
    "format_int_nl",
    "format_number_nl",
    "new_agenda_id",
    "parse_date_nl",
    "utc_now",
    "value_at",
]
