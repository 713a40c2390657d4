"""The sessieplan file: export to JSON, and a strict import that never touches a database."""

from __future__ import annotations

import json
from typing import Any

from regiondata.meeting.sessionplan.model import (
    MAX_STEPS,
    NAME_MAX_CHARS,
    PAGES,
    PLAN_YEARS,
    PlanStep,
    SessionPlan,
    SessionPlanInvalid,
    check_query,
    shown_value,
    utc_now,
)
from regiondata.meeting.sessionplan.store import SessionPlanStore
from regiondata.meeting.text import clean_text

MAX_IMPORT_BYTES = 200 * 1024
"""Largest JSON file :func:`from_json` reads (a full plan is about 40 KB)."""

FORMAT_MARKER = "regiondata-sessieplan"
"""Value of ``"format"`` in every exported file."""
FORMAT_VERSION = 1
"""Value of ``"version"`` in every exported file (the layout, not the plan's save version)."""

_STEP_FIELDS = ("page", "query", "title", "talking_point")
_PLAN_FIELDS = ("format", "version", "name", "steps", "exported_at")


def to_json(plan: SessionPlan) -> str:
    """Return the plan as a pretty-printed JSON document (UTF-8 text, not ASCII-escaped).

    The file has ``"format": "regiondata-sessieplan"`` and ``"version": 1``; it holds no id: an
    import always makes a new plan.
    """
    document = {
        "format": FORMAT_MARKER,
        "version": FORMAT_VERSION,
        "name": plan.name,
        "exported_at": utc_now().isoformat(timespec="seconds"),
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
        raise SessionPlanInvalid(f"onbekend veld {shown_value(unknown[0])}.", step=number)
    if "page" not in data:
        raise SessionPlanInvalid("de pagina (page) ontbreekt.", step=number)
    page = _check_text(data["page"], "de pagina (page)", step=number)
    if page not in PAGES:
        raise SessionPlanInvalid(
            f"onbekende pagina {shown_value(page)}; kies uit {', '.join(PAGES)}.", step=number
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
            f"onbekende versie {shown_value(version)} van het sessieplanformaat; dit dashboard leest versie "
            f"{FORMAT_VERSION}."
        )
    unknown = [key for key in document if key not in _PLAN_FIELDS]
    if unknown:
        raise SessionPlanInvalid(f"onbekend veld {shown_value(unknown[0])} in het sessieplan.")
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

    A plan whose name is taken is stored as a named copy ("Naam (kopie)", "Naam (kopie 2)", …),
    so two plans never look alike in the list.

    Raises:
        SessionPlanInvalid: The file is bad; nothing was stored.
    """
    plan = from_json(text)
    return store.create(copy_name(plan.name, {p.name for p in store.list()}), plan.steps)


def copy_name(name: str, taken: set[str]) -> str:
    """``name``, or the first free "name (kopie)", "name (kopie 2)", … when it is taken."""
    if name not in taken:
        return name
    number = 1
    while True:
        suffix = " (kopie)" if number == 1 else f" (kopie {number})"
        candidate = name[: NAME_MAX_CHARS - len(suffix)] + suffix  # the copy fits the name limit
        if candidate not in taken:
            return candidate
        number += 1
