"""Sessieplannen: an ordered list of prepared views a moderator steps through in a meeting.

A :class:`SessionPlan` has a name and up to :data:`MAX_STEPS` :class:`PlanStep` s; a step is a
page, the URL query of the view on that page, a short title and a talking point. Plans are
stored in the agenda database (table ``session_plans``) and travel between computers as a JSON
file (:func:`to_json` / :func:`from_json`).

Typical use from a page::

    from regiondata.meeting.sessionplan import PlanStep, import_plan, step_url, store_from_env

    store = store_from_env(home)                      # one per process
    plan = store.create("Denktank 12 maart")
    plan.steps.append(PlanStep.from_view("regio", view, "Bijstand in de regio", "Wat valt op?"))
    plan = store.save(plan, base_version=plan.version)    # keep the returned version
    url = step_url(plan.steps[0], plan_id=plan.id, step_number=1)  # "/regio?regio=AM18&modus=…"

    plan = import_plan(store, uploaded_bytes)         # raises SessionPlanInvalid, stores nothing

Rules:

* **Queries** hold only URL parameters of a view (:data:`STEP_QUERY_KEYS`), in the canonical
  form :meth:`ViewParams.to_query` writes; ``modus``, ``plan`` and ``stap`` are added by
  :func:`step_url`. A step built in code keeps only the valid parameters (invalid ones are
  dropped, see :func:`normalize_query`); an import rejects the whole file instead
  (:func:`check_query`).
* **Text** (name, titles, talking points) is kept exactly as typed — emoji, accents, ``<script>``
  and markdown characters included — except control characters other than newline and tab
  (see :func:`regiondata.meeting.text.clean_text`). Nothing here escapes or interprets HTML: a
  UI must render the text as text.
* **Limits** are module constants so a UI can use the same numbers for ``max_chars``.
* **Import** is validate-then-store: :func:`from_json` never touches a database, so a file that
  fails validation changes nothing. :func:`import_plan` does both steps in one call.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from regiondata.config import FIRST_YEAR
from regiondata.errors import BadInputError, RegionDataError

# The plan store shares the agenda store's database and its connection rules (naive-UTC times,
# WAL and busy timeout for SQLite, regiondata.meeting.sqlstore), so both behave the same on one file.
from regiondata.meeting.sqlstore import (
    SqlStore,
    UTCDateTime,
    database_url_from_env,
    default_database_url,
)
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
MAX_IMPORT_BYTES = 200 * 1024
"""Largest JSON file :func:`from_json` reads (a full plan is about 40 KB)."""

FORMAT_MARKER = "regiondata-sessieplan"
"""Value of ``"format"`` in every exported file."""
FORMAT_VERSION = 1
"""Value of ``"version"`` in every exported file (the layout, not the plan's save version)."""

_MAX_ID_LENGTH = 64  # ids come from URLs (``?plan=<id>``): anything longer cannot be ours
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

_STEP_FIELDS = ("page", "query", "title", "talking_point")
_PLAN_FIELDS = ("format", "version", "name", "steps", "exported_at")


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
            f"Er is geen sessieplan met code {_shown(plan_id)}. Misschien is het verwijderd; "
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
def _shown(value: object) -> str:
    """A bad value as an error message may repeat it: cleaned, cut, in quotes."""
    text = clean_text(str(value)).replace("\n", " ").replace("\t", " ")
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return f"'{text}'"


def _utc_now() -> datetime:
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
            problems.append(f"onbekende parameter {_shown(key)}.")
        elif not isinstance(value, str):
            problems.append(f"de waarde van '{key}' moet tekst zijn.")
        elif parse_params({key: value}, years).notices or (
            key == "vergelijkbaar" and value.strip().lower() not in _YES_NO
        ):
            hint = _VALUE_HINTS.get(key) or f"verwacht een jaartal van {years[0]} tot en met {years[1]}"
            problems.append(f"ongeldige waarde {_shown(value)} voor '{key}'; {hint}.")
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
            raise SessionPlanInvalid(f"onbekende pagina {_shown(self.page)}; kies uit {', '.join(PAGES)}.")
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
    created_at: datetime = field(default_factory=_utc_now)
    updated_at: datetime = field(default_factory=_utc_now)
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


# --- JSON ---------------------------------------------------------------------------------------
def to_json(plan: SessionPlan) -> str:
    """Return the plan as a pretty-printed JSON document (UTF-8 text, not ASCII-escaped).

    The file has ``"format": "regiondata-sessieplan"`` and ``"version": 1``; it holds no id: an
    import always makes a new plan.
    """
    document = {
        "format": FORMAT_MARKER,
        "version": FORMAT_VERSION,
        "name": plan.name,
        "exported_at": _utc_now().isoformat(timespec="seconds"),
        "steps": [s.to_dict() for s in plan.steps],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_filename(plan: SessionPlan) -> str:
    """Return a safe download file name, e.g. ``"sessieplan-denktank-12-maart.json"``."""
    slug = "".join(c if c.isalnum() else "-" for c in plan.name.lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60] or "plan"
    return f"sessieplan-{slug}.json"


def _decode(text: str | bytes) -> str:
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise SessionPlanInvalid("het bestand bevat tekens die geen geldige tekst zijn.") from err
    elif isinstance(text, bytes | bytearray):
        data = bytes(text)
    else:
        raise SessionPlanInvalid("het bestand is leeg of onleesbaar.")
    if len(data) > MAX_IMPORT_BYTES:
        raise SessionPlanInvalid(
            f"het bestand is te groot ({-(-len(data) // 1024)} KB); een sessieplan is hoogstens "
            f"{MAX_IMPORT_BYTES // 1024} KB."
        )
    if not data.strip():
        raise SessionPlanInvalid("het bestand is leeg.")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark from Windows editors is harmless
    except UnicodeDecodeError as err:
        raise SessionPlanInvalid(
            f"het bestand is geen geldige UTF-8-tekst (fout bij byte {err.start + 1}). "
            "Sla het op als UTF-8 en probeer het opnieuw."
        ) from err


def _parse_document(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError as err:
        raise SessionPlanInvalid("het bestand is te diep genest; dit is geen sessieplan.") from err
    except json.JSONDecodeError as err:
        raise SessionPlanInvalid(
            f"het bestand is geen geldige JSON (fout op regel {err.lineno}, kolom {err.colno}). "
            "Is het bestand onvolledig of geen sessieplan?"
        ) from err
    except ValueError as err:  # e.g. an integer with thousands of digits
        raise SessionPlanInvalid("het bestand bevat een ongeldig getal; dit is geen sessieplan.") from err


def _check_text(value: Any, what: str, *, step: int | None = None) -> str:
    if not isinstance(value, str):
        raise SessionPlanInvalid(f"{what} moet tekst zijn.", step=step)
    return value


def _step_from_data(data: Any, number: int, years: tuple[int, int]) -> PlanStep:
    if not isinstance(data, dict):
        raise SessionPlanInvalid(
            "een stap moet een object zijn met page, query, title en talking_point.", step=number
        )
    unknown = [key for key in data if key not in _STEP_FIELDS]
    if unknown:
        raise SessionPlanInvalid(f"onbekend veld {_shown(unknown[0])}.", step=number)
    if "page" not in data:
        raise SessionPlanInvalid("de pagina (page) ontbreekt.", step=number)
    page = _check_text(data["page"], "de pagina (page)", step=number)
    if page not in PAGES:
        raise SessionPlanInvalid(
            f"onbekende pagina {_shown(page)}; kies uit {', '.join(PAGES)}.", step=number
        )
    query = data.get("query", {})
    if not isinstance(query, dict):
        raise SessionPlanInvalid("de parameters (query) moeten een object zijn.", step=number)
    if problems := check_query(query, years):
        raise SessionPlanInvalid(problems[0], step=number)
    title = _check_text(data.get("title", ""), "de titel (title)", step=number)
    talking_point = _check_text(
        data.get("talking_point", ""), "het gesprekspunt (talking_point)", step=number
    )
    try:
        return PlanStep(page, query, title, talking_point)
    except SessionPlanInvalid as err:
        raise SessionPlanInvalid(err.problem, step=number) from err


def from_json(text: str | bytes, *, years: tuple[int, int] = PLAN_YEARS) -> SessionPlan:
    """Read a sessieplan file, strictly; return a new, unsaved plan (fresh id, version 0).

    This function only validates: it never touches a database. Store the result only after it
    returned (or use :func:`import_plan`), so a bad file changes nothing.

    Args:
        text: The file content, as uploaded (bytes) or as text.
        years: First and last year a step's ``van``/``tot`` may name.

    Raises:
        SessionPlanInvalid: At the first problem, with a Dutch message saying what is wrong and
            where, e.g. "Stap 3: onbekende pagina 'admin'; kies uit …". Checked: size
            (:data:`MAX_IMPORT_BYTES`), UTF-8, JSON, a top-level object, the format marker and
            version, the type of every field, page names, query parameters (any notice of
            ``parse_params`` is an error), and every limit.
    """
    document = _parse_document(_decode(text))
    if not isinstance(document, dict):
        raise SessionPlanInvalid(
            "het bestand is geen sessieplan: verwacht een JSON-object met format en steps."
        )
    if document.get("format") != FORMAT_MARKER:
        raise SessionPlanInvalid(
            f"het bestand is geen sessieplan van dit dashboard (format moet '{FORMAT_MARKER}' zijn)."
        )
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # bool is an int: exclude True
        raise SessionPlanInvalid(
            f"onbekende versie {_shown(version)} van het sessieplanformaat; dit dashboard leest versie "
            f"{FORMAT_VERSION}."
        )
    unknown = [key for key in document if key not in _PLAN_FIELDS]
    if unknown:
        raise SessionPlanInvalid(f"onbekend veld {_shown(unknown[0])} in het sessieplan.")
    if "name" not in document:
        raise SessionPlanInvalid("de naam (name) van het sessieplan ontbreekt.")
    name = clean_text(_check_text(document["name"], "de naam (name)"))
    if "exported_at" in document:
        _check_text(document["exported_at"], "het exportmoment (exported_at)")
    steps_data = document.get("steps")
    if not isinstance(steps_data, list):
        raise SessionPlanInvalid("de stappen (steps) ontbreken of zijn geen lijst.")
    if len(steps_data) > MAX_STEPS:
        raise SessionPlanInvalid(f"het sessieplan heeft {len(steps_data)} stappen; hoogstens {MAX_STEPS}.")
    steps = [_step_from_data(data, number, years) for number, data in enumerate(steps_data, start=1)]
    plan = SessionPlan.new(name, steps)
    plan.validate()
    return plan


def import_plan(store: SessionPlanStore, text: str | bytes) -> SessionPlan:
    """Validate a sessieplan file and store it as a new plan, in that order.

    Raises:
        SessionPlanInvalid: The file is bad; nothing was stored.
    """
    plan = from_json(text)
    return store.create(plan.name, plan.steps)


# --- storage ------------------------------------------------------------------------------------
_metadata = MetaData()

session_plans_table = Table(
    "session_plans",
    _metadata,
    Column("id", String(_MAX_ID_LENGTH), primary_key=True),
    Column("name", String(NAME_MAX_CHARS), nullable=False),
    Column("step_count", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),  # the steps as JSON text (portable, no JSON type)
)


@dataclass(frozen=True)
class SessionPlanSummary:
    """One row of the plan list."""

    id: str
    name: str
    step_count: int
    updated_at: datetime
    version: int


def _dump_steps(steps: Sequence[PlanStep]) -> str:
    return json.dumps([s.to_dict() for s in steps], ensure_ascii=False)


def _load_steps(data: str) -> list[PlanStep]:
    # Our own rows: build leniently (PlanStep drops a parameter a later version no longer knows).
    return [
        PlanStep(d["page"], d.get("query", {}), d.get("title", ""), d.get("talking_point", ""))
        for d in json.loads(data)
    ]


class SessionPlanStore(SqlStore):
    """Sessieplan storage in the agenda database (table ``session_plans``).

    Example:
        >>> store = SessionPlanStore("sqlite:///" + str(tmp_path / "agenda.sqlite3"))
        >>> plan = store.create("Denktank 12 maart")
        >>> plan.steps.append(PlanStep("regio", {"regio": "AM05"}, "Haaglanden"))
        >>> plan = store.save(plan, base_version=plan.version)  # version 2
        >>> store.close()

    Saving is optimistic like the agenda store: a compare-and-swap on ``version``; a lost race
    raises :class:`SessionPlanConflict` and writes nothing. Thread-safe; share one instance
    per process. Every method opens and closes its own transaction.
    """

    metadata = _metadata

    # -- writing -----------------------------------------------------------------------------
    def create(self, name: str, steps: Iterable[PlanStep] = ()) -> SessionPlan:
        """Create and store a new plan as version 1.

        Raises:
            SessionPlanInvalid: The name is empty or too long, or there are too many steps.
        """
        plan = SessionPlan.new(name, steps).cleaned()
        plan.validate()
        now = _utc_now()
        plan.created_at = plan.updated_at = now
        plan.version = 1
        with self.engine.begin() as conn:
            conn.execute(
                insert(session_plans_table).values(
                    id=plan.id,
                    name=plan.name,
                    step_count=len(plan.steps),
                    created_at=now,
                    updated_at=now,
                    version=1,
                    data=_dump_steps(plan.steps),
                )
            )
        return plan

    def save(self, plan: SessionPlan, base_version: int) -> SessionPlan:
        """Store ``plan`` as the next version, if nobody saved since ``base_version``.

        A save that changes nothing returns the stored plan without a new version, so a UI
        may call ``save`` on every rerun.

        Args:
            plan: The edited plan; its ``id`` selects the stored plan.
            base_version: The version the edit started from (``plan.version`` as last read).

        Returns:
            The plan as stored, with its new ``version`` and ``updated_at``.

        Raises:
            SessionPlanInvalid: A limit is broken; nothing was written.
            SessionPlanConflict: The stored version is no longer ``base_version``.
            SessionPlanNotFound: The plan was deleted.
        """
        plan = plan.cleaned()
        plan.validate()
        current = self.get(plan.id)
        if current.version == base_version and current.content() == plan.content():
            return current
        now = _utc_now()
        c = session_plans_table.c
        with self.engine.begin() as conn:
            # The compare-and-swap, first in the transaction so SQLite takes the write lock at
            # once (waiting up to the busy timeout) instead of failing on a lock upgrade.
            result = conn.execute(
                update(session_plans_table)
                .where((c.id == plan.id) & (c.version == base_version))
                .values(
                    name=plan.name,
                    step_count=len(plan.steps),
                    updated_at=now,
                    version=base_version + 1,
                    data=_dump_steps(plan.steps),
                )
            )
            if result.rowcount == 1:
                plan.version = base_version + 1
                plan.updated_at = now
                plan.created_at = current.created_at
                return plan
        stored = self.get(plan.id)  # raises SessionPlanNotFound when it was deleted meanwhile
        if stored.content() == plan.content():  # both wanted the same plan: no conflict
            return stored
        raise SessionPlanConflict(stored=stored, attempted=plan, base_version=base_version)

    def duplicate(self, plan_id: str, new_name: str) -> SessionPlan:
        """Copy a plan's steps into a new plan with its own id (version 1).

        Raises:
            SessionPlanNotFound: No such plan.
            SessionPlanInvalid: ``new_name`` is empty or too long.
        """
        return self.create(new_name, self.get(plan_id).steps)

    def delete(self, plan_id: str) -> None:
        """Delete a plan. This cannot be undone.

        Raises:
            SessionPlanNotFound: No such plan.
        """
        with self.engine.begin() as conn:
            result = conn.execute(delete(session_plans_table).where(session_plans_table.c.id == plan_id))
            if result.rowcount != 1:
                raise SessionPlanNotFound(plan_id)

    # -- reading -----------------------------------------------------------------------------
    def get(self, plan_id: str) -> SessionPlan:
        """Return a stored plan.

        Raises:
            SessionPlanNotFound: No such plan.
        """
        if not plan_id or len(plan_id) > _MAX_ID_LENGTH:
            raise SessionPlanNotFound(plan_id)
        c = session_plans_table.c
        query = select(c.id, c.name, c.created_at, c.updated_at, c.version, c.data).where(c.id == plan_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise SessionPlanNotFound(plan_id)
        return SessionPlan(
            row.id, row.name, _load_steps(row.data), row.created_at, row.updated_at, row.version
        )

    def list(self) -> list[SessionPlanSummary]:
        """Return every plan, most recently edited first."""
        c = session_plans_table.c
        query = select(c.id, c.name, c.step_count, c.updated_at, c.version).order_by(
            c.updated_at.desc(), c.id
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [SessionPlanSummary(r.id, r.name, r.step_count, r.updated_at, r.version) for r in rows]

    def count(self) -> int:
        """Return how many plans are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(session_plans_table)).scalar_one())


def store_from_env(home: Path) -> SessionPlanStore:
    """Open the plan store on the agenda database configured by the environment.

    ``DATABASE_URL`` when set, else the SQLite file ``agenda.sqlite3`` in ``home`` (created
    when missing), exactly like :func:`regiondata.meeting.agenda.store.store_from_env`.

    Args:
        home: The data directory (normally ``REGIONDATA_HOME``).
    """
    url = database_url_from_env(home)
    if url == default_database_url(home):
        Path(home).mkdir(parents=True, exist_ok=True)
    return SessionPlanStore(url)
