"""The sessieplan itself: pages a step can show, query checks, limits, errors, steps and plans.

See the package docstring for the rules; the JSON file and the store build on this module.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from regiondata.config import FIRST_YEAR
from regiondata.errors import BadInputError, RegionDataError
from regiondata.meeting.text import clean_text
from regiondata.model.params import COLOR_MODES, GROWTH_KEYS, MAP_KINDS, MAX_COMPARE, ViewParams, parse_params

# --- pages and parameters -----------------------------------------------------------------------
PAGES: tuple[str, ...] = ("overzicht", "regio", "vergelijken", "agenda", "data")
"""The pages a step can show, in navigation order."""
PAGE_PATHS: dict[str, str] = {page: "/" if page == "overzicht" else f"/{page}" for page in PAGES}
"""URL path of every page (the ``url_path`` of its ``st.Page``)."""
PAGE_LABELS: dict[str, str] = {
    "overzicht": "Overzicht",
    "regio": "Regioprofiel",
    "vergelijken": "Vergelijken",
    "agenda": "Agenda",
    "data": "Over de data",
}
"""Dutch page titles, as in the navigation."""

STEP_QUERY_KEYS: tuple[str, ...] = (
    "regio",
    "van",
    "tot",
    "indicator",
    "groei",
    "kaart",
    "kleur",
    "vergelijk",
    "vergelijkbaar",
    "agenda",
)
"""URL parameters a step may hold, in the order they appear in a step's URL."""
MANAGED_QUERY_KEYS: tuple[str, ...] = ("modus", "plan", "stap")
"""URL parameters set by :func:`step_url`, never stored in a step."""

PLAN_YEARS: tuple[int, int] = (FIRST_YEAR, 2099)
"""Years a step may name. Deliberately wide: a plan is prepared before the data of the meeting
is known; the page clamps the period to the snapshot's years when it shows the step."""

# --- limits --------------------------------------------------------------------------------------
NAME_MAX_CHARS = 120
"""Plan name: fits a list row and a file name."""
TITLE_MAX_CHARS = 120
"""Step title: one line above the view on a projector."""
TALKING_POINT_MAX_CHARS = 1000
"""Talking point: a few sentences for the moderator."""
MAX_STEPS = 30
"""Steps per plan: more than a meeting can go through."""

_SHOWN_CHARS = 30  # how much of a bad value an error message repeats

_VALUE_HINTS: dict[str, str] = {
    "regio": "verwacht een regiocode van AM01 tot en met AM38, bijvoorbeeld AM18",
    "indicator": "verwacht een indicatorsleutel zoals 'bijstand_per_1000'",
    "groei": "verwacht " + " of ".join(GROWTH_KEYS),
    "kaart": "verwacht " + " of ".join(MAP_KINDS),
    "kleur": "verwacht " + " of ".join(COLOR_MODES),
    "vergelijk": f"verwacht hoogstens {MAX_COMPARE} regiocodes, gescheiden door komma's",
    "vergelijkbaar": "verwacht ja of nee",
    "agenda": "verwacht een agendacode (letters, cijfers, - en _)",
}
_YES_NO = {"ja": True, "1": True, "true": True, "nee": False, "0": False, "false": False}


# --- errors -------------------------------------------------------------------------------------
class SessionPlanError(RegionDataError):
    """Base of every sessieplan error; ``message`` is Dutch and meant for the user."""


class SessionPlanInvalid(SessionPlanError, BadInputError):
    """A plan, a step or an imported file breaks a rule; nothing was written.

    Attributes:
        step: The 1-based number of the offending step, or ``None`` for the plan or file.
    """

    def __init__(self, problem: str, *, step: int | None = None) -> None:
        message = f"Stap {step}: {problem}" if step is not None else problem[:1].upper() + problem[1:]
        super().__init__(message)
        self.problem = problem
        self.step = step


class SessionPlanNotFound(SessionPlanError, BadInputError):
    """No sessieplan exists under the requested id (ids come from URLs, hence bad input)."""

    def __init__(self, plan_id: str) -> None:
        super().__init__(
            f"Er is geen sessieplan met code {shown_value(plan_id)}. Misschien is het verwijderd; "
            "kies een plan uit de lijst of maak een nieuw."
        )
        self.plan_id = plan_id


class SessionPlanConflict(SessionPlanError):
    """A save was based on an outdated version; nothing was written.

    Attributes:
        stored: The plan as it is stored now (saved by someone else).
        attempted: The plan the caller tried to save, unchanged.
        base_version: The version the caller's edit started from.

    To keep the caller's plan, save ``attempted`` again with
    ``base_version=conflict.stored.version``; to keep the other one, reload ``stored``.
    """

    def __init__(self, stored: SessionPlan, attempted: SessionPlan, base_version: int) -> None:
        super().__init__(
            f"Dit sessieplan is intussen door iemand anders opgeslagen (nu versie {stored.version}; "
            f"uw wijzigingen gingen uit van versie {base_version}). Er is niets overschreven. "
            "Laad het plan opnieuw, of sla uw versie nogmaals op om de andere te vervangen."
        )
        self.stored = stored
        self.attempted = attempted
        self.base_version = base_version


# --- small helpers ------------------------------------------------------------------------------
def shown_value(value: object) -> str:
    """A bad value as an error message may repeat it: cleaned, cut, in quotes."""
    text = clean_text(str(value)).replace("\n", " ").replace("\t", " ")
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return f"'{text}'"


def utc_now() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def new_plan_id() -> str:
    """Return a fresh short, URL-safe plan id (11 characters, valid as ``?plan=<id>``)."""
    return secrets.token_urlsafe(8)


def _length_problem(what: str, text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"{what} is te lang: {len(text)} tekens, hoogstens {limit}."
    return None


def check_query(query: Mapping[str, Any], years: tuple[int, int] = PLAN_YEARS) -> list[str]:
    """Return every problem of a step's query parameters (empty when all are valid).

    Each parameter is checked on its own through :func:`regiondata.model.params.parse_params`: any
    notice it gives is a problem here, where the URL would quietly fall back to a default.

    Args:
        query: Parameter name to value (values must be strings).
        years: First and last year a ``van``/``tot`` may name.

    Returns:
        Dutch problem descriptions (lower-case, without the step number).
    """
    problems: list[str] = []
    valid: dict[str, str] = {}
    for key, value in query.items():
        if key in MANAGED_QUERY_KEYS:
            problems.append(f"parameter '{key}' hoort niet in een stap; het dashboard zet die zelf.")
        elif key not in STEP_QUERY_KEYS:
            problems.append(f"onbekende parameter {shown_value(key)}.")
        elif not isinstance(value, str):
            problems.append(f"de waarde van '{key}' moet tekst zijn.")
        elif parse_params({key: value}, years).notices or (
            key == "vergelijkbaar" and value.strip().lower() not in _YES_NO
        ):
            hint = _VALUE_HINTS.get(key) or f"verwacht een jaartal van {years[0]} tot en met {years[1]}"
            problems.append(f"ongeldige waarde {shown_value(value)} voor '{key}'; {hint}.")
        else:
            valid[key] = value
    if "van" in valid and "tot" in valid and parse_params(valid, years).notices:
        problems.append("het beginjaar (van) moet vóór het eindjaar (tot) liggen.")
    return problems


def normalize_query(query: Mapping[str, Any], years: tuple[int, int] = PLAN_YEARS) -> dict[str, str]:
    """Return the valid parameters of ``query`` in canonical form; invalid ones are dropped.

    The result is what :meth:`ViewParams.to_query` writes for the same view (defaults left
    out, ``regio`` always present), restricted to :data:`STEP_QUERY_KEYS`.
    """
    valid: dict[str, str] = {}
    for key, value in query.items():
        if key in STEP_QUERY_KEYS and isinstance(value, str) and not check_query({key: value}, years):
            valid[key] = value
    if check_query(valid, years):  # only van >= tot can remain: drop the period
        valid.pop("van", None)
        valid.pop("tot", None)
    canonical = parse_params(valid, years).to_query()
    return {key: canonical[key] for key in STEP_QUERY_KEYS if key in canonical}


# --- model --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanStep:
    """One prepared view: a page, its URL query, a title and a talking point.

    Construction cleans the text (control characters out), keeps only the valid query
    parameters in canonical form and raises :class:`SessionPlanInvalid` for an unknown page or
    a text over its limit, so every ``PlanStep`` is valid. Change a step with
    ``dataclasses.replace``.
    """

    page: str
    query: dict[str, str] = field(default_factory=dict)
    title: str = ""
    talking_point: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.page, str) or self.page not in PAGES:
            raise SessionPlanInvalid(
                f"onbekende pagina {shown_value(self.page)}; kies uit {', '.join(PAGES)}."
            )
        object.__setattr__(self, "query", normalize_query(self.query))
        object.__setattr__(self, "title", clean_text(self.title))
        object.__setattr__(self, "talking_point", clean_text(self.talking_point))
        for what, text, limit in (
            ("de titel", self.title, TITLE_MAX_CHARS),
            ("het gesprekspunt", self.talking_point, TALKING_POINT_MAX_CHARS),
        ):
            if problem := _length_problem(what, text, limit):
                raise SessionPlanInvalid(problem)

    @classmethod
    def from_view(cls, page: str, view: ViewParams, title: str = "", talking_point: str = "") -> PlanStep:
        """Make a step of the view a page shows now (e.g. the moderator's "Voeg toe aan plan").

        ``modus``, ``plan`` and ``stap`` of the view are left out: :func:`step_url` adds them.
        """
        return cls(page, view.to_query(), title, talking_point)

    @property
    def label(self) -> str:
        """The title, or the page's Dutch name when the title is empty."""
        return self.title.strip() or PAGE_LABELS[self.page]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "page": self.page,
            "query": dict(self.query),
            "title": self.title,
            "talking_point": self.talking_point,
        }


@dataclass
class SessionPlan:
    """A named, ordered list of steps; ``version`` counts saves (0 = not stored yet)."""

    id: str
    name: str
    steps: list[PlanStep] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 0

    @classmethod
    def new(cls, name: str, steps: Iterable[PlanStep] = ()) -> SessionPlan:
        """Return a new, unsaved plan with a fresh id."""
        return cls(id=new_plan_id(), name=name, steps=list(steps))

    def validate(self) -> None:
        """Check the name and the number of steps (each step checked itself when made).

        Raises:
            SessionPlanInvalid: With a Dutch message naming the problem.
        """
        if not isinstance(self.name, str) or not self.name.strip():
            raise SessionPlanInvalid("geef het sessieplan een naam.")
        if problem := _length_problem("de naam", self.name, NAME_MAX_CHARS):
            raise SessionPlanInvalid(problem)
        if len(self.steps) > MAX_STEPS:
            raise SessionPlanInvalid(
                f"het sessieplan heeft {len(self.steps)} stappen; hoogstens {MAX_STEPS}."
            )
        for number, step in enumerate(self.steps, start=1):
            if not isinstance(step, PlanStep):
                raise SessionPlanInvalid("dit is geen stap van een sessieplan.", step=number)

    def cleaned(self) -> SessionPlan:
        """Return the plan with control characters removed from the name (steps are clean)."""
        if isinstance(self.name, str):  # anything else is reported by validate()
            self.name = clean_text(self.name)
        return self

    def content(self) -> dict[str, Any]:
        """Name and steps: what a save compares to decide whether anything changed."""
        return {"name": self.name, "steps": [s.to_dict() for s in self.steps]}


def step_url(
    step: PlanStep,
    base: str = "",
    *,
    plan_id: str | None = None,
    step_number: int | None = None,
) -> str:
    """Return the URL of a step in presentation mode.

    Args:
        step: The step.
        base: Scheme and host to put in front, e.g. ``"http://localhost:8501"``; empty for a
            path-only URL.
        plan_id: Add ``plan=<id>`` so the page shows the plan controls.
        step_number: The 1-based step number for ``stap=`` (with ``plan_id``).

    Returns:
        E.g. ``"/regio?regio=AM05&indicator=jobs_count&modus=presentatie"``.
    """
    query = {**step.query, "modus": "presentatie"}
    if plan_id:
        query["plan"] = plan_id
        query["stap"] = str(step_number or 1)
    return f"{base.rstrip('/')}{PAGE_PATHS[step.page]}?{urlencode(query, safe=',')}"


def step_view(
    step: PlanStep,
    years: tuple[int, int],
    *,
    plan_id: str | None = None,
    step_number: int | None = None,
) -> ViewParams:
    """Return the complete view of a step in presentation mode, for the UI to switch to.

    Use it to *replace* the current view when jumping to a step: parameters a step leaves
    out mean "the default", not "keep what the previous step showed".

    Args:
        step: The step.
        years: First and last year of the snapshot; a period outside it is clamped, with a
            notice in ``notices``.
        plan_id: The plan, to keep ``plan``/``stap`` in the URL.
        step_number: The 1-based step number.
    """
    query: dict[str, str] = {**step.query, "modus": "presentatie"}
    if plan_id:
        query["plan"] = plan_id
        query["stap"] = str(step_number or 1)
    return parse_params(query, years)


def position_label(step_number: int, total: int) -> str:
    """Return the position shown in presentation mode, e.g. ``"3 / 8"``."""
    return f"{step_number} / {total}"
