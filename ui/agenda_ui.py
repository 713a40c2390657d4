"""Streamlit helpers for the agenda page: working copy and autosave, the five steps, toets, read-out.

State model: the database is the only durable copy. ``st.session_state`` caches the agenda the
user works on (the *working copy*) and the stored version it is based on. Every field saves on
change through :func:`commit`, a compare-and-swap on that version; when someone else saved in
between, the :class:`AgendaConflict` is kept in the session and shown with both texts side by
side until the user chooses. Widget keys carry the agenda id and a *generation* that is bumped
whenever the working copy is replaced from the database, so widgets never show stale state after
switching agendas, taking the other person's text or restoring a version.

User text is never rendered as HTML: Markdown gets :func:`md` (every markup character escaped);
the network picture comes from ``regiondata.charts.figures.network_graph``, which escapes names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from regiondata.charts.network import network_graph
from regiondata.config import load_settings
from regiondata.derive.snapshot import Snapshot
from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.meeting.agenda import (
    FIELD_PLACEHOLDERS,
    NAME_MAX_CHARS,
    PERSPECTIVE_INFO,
    PERSPECTIVES,
    SHORT_TEXT_MAX_CHARS,
    STEPS,
    TEXT_FIELDS,
    WORLD_INFO,
    WORLDS,
    Agenda,
    AgendaConflict,
    AgendaNotFound,
    AgendaStore,
    AgendaValidationError,
    Checklist,
    FirstStep,
    Partner,
    PartnerPerspective,
    evaluate_agenda,
    export_filename,
    format_date_nl,
    perspective_info,
    store_from_env,
    to_docx,
    to_markdown,
    world_info,
)
from regiondata.meeting.agenda.facts import (
    MONITORING_KEYS,
    DataFact,
    baseline,
    national_baseline,
    place_names,
    region_facts,
)
from regiondata.meeting.agenda.model import format_number_nl
from regiondata.model.params import ViewParams
from regiondata.model.provenance import comment_block
from regiondata.regions import AMR_CODES, AMR_NAMES, amr_label
from ui.charts import render_chart
from ui.frame import period_of
from ui.state import set_view
from ui.text import md, md_inline

# --- session keys -----------------------------------------------------------------------------
_WORK = "agenda_work"  # Agenda: the working copy (may hold an edit the database refused)
_BASE = "agenda_base"  # int: stored version the working copy is based on
_GEN = "agenda_gen"  # int: widget generation, bumped when the working copy comes from the DB
_CONFLICT = "agenda_conflict"  # AgendaConflict waiting for the user's choice
_ERROR = "agenda_error"  # Dutch validation message of the last refused save
_EDITOR_BASES = "agenda_editor_bases"  # data editor key -> the table it was mounted with
_DELETE = "agenda_delete"  # id of the agenda whose deletion waits for confirmation
_NOTICE = "agenda_notice"  # one-off message for the agenda list
_NEW = "agenda_new"  # prefix of the create form's widgets

SHORT_TITLES: dict[str, str] = {
    "vraagstuk": "Vraagstuk",
    "netwerk": "Netwerk",
    "perspectief": "Perspectief",
    "gedeeld_denken": "Gedeeld denken",
    "borgen": "Borgen",
}
"""Step titles short enough for the seven options of the step selector to fit on one line."""

READOUT_KEY = "agenda_voorlezen"
FACT_KEY = "agenda_fact"

PAGE_CSS = f"""
<style>
/* Facts from the data look alike everywhere and differ from the group's own text. */
[class*="st-key-{FACT_KEY}_"] {{ background: #EFF6FF; border-left: 6px solid #1D4ED8 !important; }}
</style>
"""
TOETS, VOORLEZEN = "toets", "voorlezen"
VIEWS: tuple[str, ...] = (*(s.key for s in STEPS), TOETS, VOORLEZEN)
"""The options of the step selector: the five steps, the toets and the read-out."""

CONNECT_PROMPTS: dict[str, str] = {
    "rechtmatig": "Lever een zorgvuldig onderbouwd voorstel dat past in de besluitvorming: wie "
    "besluit wanneer, op basis van welke stukken, en hoe leggen we verantwoording af?",
    "presterend": "Maak zichtbaar wat het oplevert: welk resultaat, wanneer, en welk cijfer "
    "laat zien dat het werkt? Spreek af wie daarop aanspreekbaar is.",
    "netwerkend": "Geef ruimte om samen te zoeken: wie moet er nog bij, welk gezamenlijk belang "
    "verbindt ons, en waar kunnen we elkaar vaker treffen?",
    "participerend": "Begin bij wat inwoners, werkgevers en initiatieven al doen: waar kunnen we "
    "bij aansluiten in plaats van iets nieuws te bedenken?",
}
"""Per steering perspective: what a partner with that perspective needs to say yes."""


# --- formatting -------------------------------------------------------------------------------
def _zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no tz database: show UTC, labelled so
        return None


def local_time(moment: datetime) -> datetime:
    """``moment`` in Dutch local time (Europe/Amsterdam), or UTC when no tz database exists."""
    zone = _zone()
    return moment.astimezone(zone) if zone else moment.astimezone(UTC)


def clock(moment: datetime) -> str:
    """``HH:MM`` in Dutch local time."""
    return f"{local_time(moment):%H:%M}" + ("" if _zone() else " (UTC)")


def when_nl(moment: datetime, now: datetime | None = None) -> str:
    """A Dutch "last edited" moment: ``vandaag om 14:32``, ``gisteren om 9:05``, ``3 maart 2026 om 14:32``."""
    local = local_time(moment)
    today = local_time(now or datetime.now(UTC)).date()
    if local.date() == today:
        day = "vandaag"
    elif (today - local.date()).days == 1:
        day = "gisteren"
    else:
        day = format_date_nl(local.date())
    return f"{day} om {clock(moment)}"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# --- store and working copy -------------------------------------------------------------------
@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def _store(home: str) -> AgendaStore:
    from pathlib import Path

    return store_from_env(Path(home))


def get_store() -> AgendaStore:
    """The one agenda store of this process (per data home)."""
    return _store(str(load_settings().home))


def current() -> Agenda:
    """The working copy of the open agenda."""
    return st.session_state[_WORK]


def key(name: str) -> str:
    """A widget key unique to the open agenda and the current widget generation."""
    return f"ag_{current().id}_{st.session_state.get(_GEN, 0)}_{name}"


def _replace_work(agenda: Agenda) -> None:
    """Make ``agenda`` (as stored) the working copy; widgets are re-created with its values."""
    st.session_state[_WORK] = agenda
    st.session_state[_BASE] = agenda.version
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1
    for name in (_CONFLICT, _ERROR):
        st.session_state.pop(name, None)
    st.session_state[_EDITOR_BASES] = {}


def open_from_view(store: AgendaStore, view: ViewParams) -> Agenda | None:
    """The agenda in the URL (``?agenda=<id>``), loaded once per session; ``None`` for the list.

    An unknown id shows a short Dutch notice and falls back to the list.
    """
    if not view.agenda:
        st.session_state.pop(_WORK, None)
        return None
    work: Agenda | None = st.session_state.get(_WORK)
    if work is not None and work.id == view.agenda:
        return work
    try:
        _replace_work(store.get(view.agenda))
    except AgendaNotFound as err:
        st.warning(err.message, icon=":material/search_off:")
        st.session_state.pop(_WORK, None)
        set_view(agenda=None)
        return None
    if view.regio != current().amr_code:  # a shared link: let the sidebar show the agenda's region
        set_view(regio=current().amr_code)
        st.rerun()
    return current()


def commit(agenda: Agenda) -> bool:
    """Save ``agenda`` on top of the version the working copy is based on.

    Returns:
        Whether it was stored. On a conflict the conflict is kept for the user to resolve; on
        a broken limit the Dutch message is kept; either way the working copy holds the edit.
    """
    st.session_state[_WORK] = agenda
    try:
        saved = get_store().save(agenda, base_version=st.session_state[_BASE])
    except AgendaConflict as conflict:
        st.session_state[_CONFLICT] = conflict
        st.session_state.pop(_ERROR, None)
        return False
    except (AgendaValidationError, AgendaNotFound) as err:
        st.session_state[_ERROR] = err.message
        return False
    st.session_state[_WORK] = saved
    st.session_state[_BASE] = saved.version
    st.session_state.pop(_ERROR, None)
    st.session_state.pop(_CONFLICT, None)
    return True


def _edit(change: Callable[[Agenda], None]) -> None:
    agenda = current().copy()
    change(agenda)
    commit(agenda)


def _edit_and_rerun(change: Callable[[Agenda], None]) -> None:
    """Save a change found while drawing (a table edit), then redraw so progress and status agree."""
    _edit(change)
    st.rerun()


def _get_path(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _set_path(obj: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


# --- pure helpers -----------------------------------------------------------------------------
def steps_done(agenda: Agenda) -> dict[str, bool]:
    """Per step whether its core is filled in (for the progress indicator, not a judgement)."""
    v, n, p, g, b = (
        agenda.vraagstuk,
        agenda.netwerk,
        agenda.perspectief,
        agenda.gedeeld_denken,
        agenda.borgen,
    )
    return {
        "vraagstuk": bool(v.opgave.strip() and v.doelgroep.strip()),
        "netwerk": bool(n.partners_in("sociaal") and n.partners_in("economisch")),
        "perspectief": bool(any(e.perspective for e in p.partners) and p.aansluiten.strip()),
        "gedeeld_denken": bool(g.ambitie.strip() and g.eerste_stappen),
        "borgen": bool(b.structuur.strip() and b.monitoring),
    }


STEP_DONE_RULE = (
    "Een stap telt als ingevuld als de kern er staat: 1 opgave en doelgroep; 2 partners in beide "
    "werelden; 3 een perspectief en hoe jullie aansluiten; 4 ambitie en een eerste stap; "
    "5 structuur en een indicator."
)


def parse_target(text: Any) -> float | str | None:
    """A target from a table cell: a Dutch number (``25``, ``25,5``, ``1.250``) becomes a number;
    anything else ("onder het landelijk gemiddelde") stays text."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).strip()
    if not cleaned:
        return None
    if _DUTCH_NUMBER_RE.fullmatch(cleaned):
        return float(cleaned.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL_RE.fullmatch(cleaned):  # "30.5": a decimal point, as typed on many keyboards
        return float(cleaned)
    return cleaned


_DUTCH_NUMBER_RE = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_DOT_DECIMAL_RE = re.compile(r"-?\d+\.(\d{1,2}|\d{4,})")


def target_text(value: float | str | None) -> str:
    """A target for a table cell: numbers the Dutch way."""
    if value is None:
        return ""
    return format_number_nl(value) if isinstance(value, float) else value


def value_with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """``34,1 per 1.000 inwoners (15+)``, ``4,7%``; ``–`` when missing."""
    if value is None:
        return "–"
    separator = "" if unit.startswith("%") else " "
    return f"{format_number_nl(value, decimals)}{separator}{unit}"


def _cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def _cell_date(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --- cached data look-ups ---------------------------------------------------------------------
@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def _facts(snapshot_path: str, amr_code: str, from_year: int, to_year: int, _snapshot: Snapshot):
    try:
        return region_facts(_snapshot, amr_code, from_year, to_year), ""
    except BadInputError as err:
        return [], str(err)


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def _places(snapshot_path: str, amr_code: str, _snapshot: Snapshot) -> tuple[str, ...]:
    return place_names(_snapshot, amr_code)


def checklist_for(agenda: Agenda, snapshot: Snapshot) -> Checklist:
    """The aantrekkelijkheidstoets, with the region's name and gemeenten as places."""
    return evaluate_agenda(agenda, place_names=_places(str(snapshot.path), agenda.amr_code, snapshot))


# --- the agenda list --------------------------------------------------------------------------
def _open(agenda_id: str, amr_code: str) -> None:
    st.session_state.pop(_WORK, None)
    # The sidebar follows the agenda's region, so facts, sidebar and agenda agree.
    set_view(agenda=agenda_id, regio=amr_code)


def _close() -> None:
    st.session_state.pop(_WORK, None)
    set_view(agenda=None)


def _duplicate(agenda_id: str, name: str) -> None:
    new_name = f"Kopie van {name}"[:NAME_MAX_CHARS]
    try:
        copy = get_store().duplicate(agenda_id, new_name)
    except (AgendaNotFound, AgendaValidationError) as err:
        st.session_state[_NOTICE] = err.message
        return
    st.session_state[_NOTICE] = f"Kopie gemaakt: '{copy.name}'."


def _ask_delete(agenda_id: str | None) -> None:
    st.session_state[_DELETE] = agenda_id


def _delete(agenda_id: str, name: str) -> None:
    st.session_state[_DELETE] = None
    try:
        get_store().delete(agenda_id)
    except AgendaNotFound as err:
        st.session_state[_NOTICE] = err.message
        return
    st.session_state[_NOTICE] = f"Agenda '{name}' is verwijderd."


def render_agenda_list(store: AgendaStore) -> None:
    """Every agenda with its region and last edit; open, duplicate, delete (with confirmation)."""
    st.subheader("Agenda's")
    if notice := st.session_state.pop(_NOTICE, None):
        st.info(md(notice), icon=":material/info:")
    summaries = store.list()
    if not summaries:
        st.info("Er zijn nog geen agenda's. Maak hieronder de eerste aan.", icon=":material/edit_note:")
        return
    for s in summaries:
        with st.container(border=True, key=f"agenda_row_{s.id}"):
            left, right = st.columns([4, 5], vertical_alignment="center")
            left.markdown(f"**{md_inline(s.name)}**")
            left.caption(
                f"{amr_label(s.amr_code)} · laatst bewerkt {when_nl(s.updated_at)} · versie {s.version}"
            )
            with right, st.container(horizontal=True, horizontal_alignment="right"):
                st.button(
                    "Openen",
                    key=f"agenda_open_{s.id}",
                    type="primary",
                    icon=":material/edit:",
                    on_click=_open,
                    args=(s.id, s.amr_code),
                )
                st.button(
                    "Dupliceren",
                    key=f"agenda_dup_{s.id}",
                    icon=":material/content_copy:",
                    on_click=_duplicate,
                    args=(s.id, s.name),
                )
                st.button(
                    "Verwijderen",
                    key=f"agenda_del_{s.id}",
                    icon=":material/delete:",
                    on_click=_ask_delete,
                    args=(s.id,),
                )
            if st.session_state.get(_DELETE) == s.id:
                st.warning(
                    f"Weet u zeker dat u '{md_inline(s.name)}' met alle {s.version} versies wilt "
                    "verwijderen? Dit kan niet ongedaan worden gemaakt.",
                    icon=":material/warning:",
                )
                with st.container(horizontal=True):
                    st.button(
                        "Ja, definitief verwijderen",
                        key=f"agenda_del_yes_{s.id}",
                        type="primary",
                        on_click=_delete,
                        args=(s.id, s.name),
                    )
                    st.button("Annuleren", key=f"agenda_del_no_{s.id}", on_click=_ask_delete, args=(None,))


def _create() -> None:
    state = st.session_state
    try:
        agenda = get_store().create(
            state[f"{_NEW}_name"].strip(), state[f"{_NEW}_regio"], state[f"{_NEW}_participants"]
        )
    except AgendaValidationError as err:
        state[_NOTICE] = err.message
        return
    state[f"{_NEW}_name"] = ""
    state[f"{_NEW}_participants"] = ""
    _open(agenda.id, agenda.amr_code)


def render_create_form(view: ViewParams) -> None:
    """A form to start a new agenda for a region (default: the region chosen in the sidebar)."""
    st.subheader("Nieuwe agenda")
    with st.form("agenda_new_form", border=True):
        st.text_input(
            "Naam",
            max_chars=NAME_MAX_CHARS,
            key=f"{_NEW}_name",
            placeholder="Bijvoorbeeld: Zorg en techniek aan het werk",
        )
        st.selectbox(
            "Arbeidsmarktregio",
            AMR_CODES,
            index=AMR_CODES.index(view.regio) if view.regio in AMR_CODES else 0,
            format_func=amr_label,
            key=f"{_NEW}_regio",
        )
        st.text_area(
            "Deelnemers (niet verplicht)",
            max_chars=TEXT_FIELDS["participants"][1],
            key=f"{_NEW}_participants",
            placeholder="Wie zitten er aan tafel? Bijvoorbeeld: gemeente, UWV, economic board, ROC",
            height=90,
        )
        st.form_submit_button(
            "Agenda aanmaken", key=f"{_NEW}_submit", type="primary", icon=":material/add:", on_click=_create
        )


# --- header, status, conflicts ----------------------------------------------------------------
def _on_text(path: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    _edit(lambda a: _set_path(a, path, value))


def text_field(path: str, *, area: bool = True, height: int | None = None, label: str | None = None) -> None:
    """A text field of the agenda that saves itself on change, with the model's length limit."""
    field_label, limit = TEXT_FIELDS[path]
    widget_key = key(path)
    common: dict[str, Any] = {
        "value": _get_path(current(), path),
        "max_chars": limit,
        "key": widget_key,
        "placeholder": FIELD_PLACEHOLDERS.get(path),
        "on_change": _on_text,
        "args": (path, widget_key),
    }
    if area:
        st.text_area(label or field_label, height=height or 120, **common)
    else:
        st.text_input(label or field_label, **common)


def _on_region(widget_key: str) -> None:
    code = st.session_state[widget_key]
    _edit(lambda a: setattr(a, "amr_code", code))
    set_view(regio=code)


def render_header(agenda: Agenda, *, compact: bool = False) -> st.delta_generator.DeltaGenerator:
    """The way back to the list, the title (not above the read-out, which has its own) and a slot
    for the save status, filled last by :func:`render_status`."""
    st.html(PAGE_CSS)
    st.button(
        "Alle agenda's", key="agenda_back", icon=":material/arrow_back:", on_click=_close, type="tertiary"
    )
    if not compact:
        st.title(md_inline(agenda.name), anchor=False)
    return st.container()


def render_details(agenda: Agenda) -> None:
    """Name, region and participants of the agenda, each saved on change."""
    with st.expander("Naam, regio en deelnemers", icon=":material/badge:"):
        text_field("name", area=False)
        region_key = key("amr_code")
        st.selectbox(
            "Arbeidsmarktregio",
            AMR_CODES,
            index=AMR_CODES.index(agenda.amr_code) if agenda.amr_code in AMR_CODES else 0,
            format_func=amr_label,
            key=region_key,
            on_change=_on_region,
            args=(region_key,),
        )
        text_field("participants", height=90)
        st.caption(f"Aangemaakt {when_nl(agenda.created_at)}.")


def _load_latest() -> None:
    try:
        _replace_work(get_store().get(current().id))
    except AgendaNotFound as err:
        st.session_state[_NOTICE] = err.message
        _close()


def render_status(slot: st.delta_generator.DeltaGenerator, store: AgendaStore) -> None:
    """Fill the status slot: saved time, a refused save, a conflict, or a newer stored version."""
    agenda = current()
    with slot:
        if conflict := st.session_state.get(_CONFLICT):
            render_conflict(conflict)
            return
        if error := st.session_state.get(_ERROR):
            st.error(f"**Niet opgeslagen.** {md(error)}", icon=":material/error:")
            return
        try:
            stored_version = store.get(agenda.id).version
        except AgendaNotFound as err:
            st.error(md(err.message), icon=":material/search_off:")
            return
        st.caption(
            f"{amr_label(agenda.amr_code)} · :material/cloud_done: Opgeslagen om {clock(agenda.updated_at)} "
            f"· versie {agenda.version} · elke wijziging wordt meteen bewaard"
        )
        if stored_version != st.session_state[_BASE]:
            st.info(
                f"Iemand anders heeft deze agenda intussen opgeslagen (nu versie {stored_version}). "
                "Laad de nieuwste versie voordat u verder schrijft.",
                icon=":material/sync:",
            )
            st.button(
                "Nieuwste versie laden",
                key="agenda_load_latest",
                icon=":material/sync:",
                on_click=_load_latest,
            )


def _resolve(choice: str) -> None:
    """Resolve the pending conflict: ``mine``, ``theirs`` or ``per_field`` (the radios)."""
    conflict: AgendaConflict = st.session_state[_CONFLICT]
    stored = conflict.stored
    if choice == "theirs":
        _replace_work(stored)
        return
    merged = conflict.attempted.copy()
    if choice == "per_field":
        theirs = stored.copy()
        for diff in conflict.differences():
            if st.session_state.get(_conflict_key(conflict, diff.path)) == "theirs":
                _set_path(merged, diff.path, _get_path(theirs, diff.path))
    st.session_state[_BASE] = stored.version
    if commit(merged):
        _replace_work(current())


def _conflict_key(conflict: AgendaConflict, path: str) -> str:
    return f"agenda_conflict_{conflict.stored.id}_{conflict.stored.version}_{path}"


def render_conflict(conflict: AgendaConflict) -> None:
    """Both texts side by side per differing part; keep mine, take theirs, or choose per part."""
    st.error(md(conflict.message), icon=":material/sync_problem:")
    stored = conflict.stored
    who = f"Opgeslagen door iemand anders (versie {stored.version}, {when_nl(stored.updated_at)})"
    with st.container(border=True, key="agenda_conflict"):
        for diff in conflict.differences():
            st.markdown(f"**{md_inline(diff.label)}**")
            theirs, mine = st.columns(2)
            with theirs, st.container(border=True):
                st.caption(who)
                st.markdown(md(diff.stored) if diff.stored.strip() else "_(leeg)_")
            with mine, st.container(border=True):
                st.caption("Uw tekst (nog niet opgeslagen)")
                st.markdown(md(diff.attempted) if diff.attempted.strip() else "_(leeg)_")
            st.radio(
                f"Welke tekst houden voor '{md_inline(diff.label)}'?",
                ["mine", "theirs"],
                format_func=lambda c: "Mijn tekst" if c == "mine" else "Tekst van de ander",
                horizontal=True,
                key=_conflict_key(conflict, diff.path),
            )
        with st.container(horizontal=True):
            st.button(
                "Mijn tekst bewaren",
                key="agenda_conflict_mine",
                type="primary",
                icon=":material/save:",
                on_click=_resolve,
                args=("mine",),
            )
            st.button(
                "Tekst van de ander overnemen",
                key="agenda_conflict_theirs",
                icon=":material/download:",
                on_click=_resolve,
                args=("theirs",),
            )
            st.button(
                "Keuze per onderdeel opslaan",
                key="agenda_conflict_merge",
                icon=":material/merge:",
                on_click=_resolve,
                args=("per_field",),
            )


# --- the step selector ------------------------------------------------------------------------
def _step_key() -> str:
    return f"agenda_step_{current().id}"


def current_step() -> str:
    """The view chosen in the step selector (read before the selector is drawn)."""
    step = st.session_state.get(_step_key())
    return step if step in VIEWS else VIEWS[0]


def _go(step: str) -> None:
    st.session_state[_step_key()] = step


def render_step_selector(agenda: Agenda, checklist: Checklist) -> str:
    """The five steps plus toets and read-out, with completion marks and a count in the label."""
    done = steps_done(agenda)
    labels = {
        s.key: f"{s.number} {SHORT_TITLES[s.key]}" + (" :material/check_circle:" if done[s.key] else "")
        for s in STEPS
    }
    labels[TOETS] = f"Toets {checklist.met_count}/{checklist.total}"
    labels[VOORLEZEN] = "Voorlezen"
    count = sum(done.values())
    step_key = _step_key()
    if st.session_state.get(step_key) not in VIEWS:
        st.session_state[step_key] = VIEWS[0]
    choice = st.segmented_control(
        f"Stappen: {count} van de {len(STEPS)} ingevuld",
        VIEWS,
        format_func=lambda v: labels[v],
        key=step_key,
        required=True,
        help=STEP_DONE_RULE,
        width="stretch",
    )
    return choice or VIEWS[0]


def render_step_buttons(step: str) -> None:
    """The "Vorige" and "Volgende" buttons under a step, for walking through the flow."""
    index = VIEWS.index(step)
    with st.container(horizontal=True, horizontal_alignment="distribute", key="agenda_step_buttons"):
        if index > 0:
            st.button(
                "Vorige stap",
                key="agenda_prev",
                icon=":material/arrow_back:",
                on_click=_go,
                args=(VIEWS[index - 1],),
            )
        else:
            st.empty()
        if index < len(VIEWS) - 1:
            st.button(
                "Volgende stap",
                key="agenda_next",
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                on_click=_go,
                args=(VIEWS[index + 1],),
            )


def render_guidance(step_key: str) -> None:
    """Explanation, guiding questions and the common pitfall of a step."""
    guide = next(s for s in STEPS if s.key == step_key)
    st.header(f"Stap {guide.number}: {guide.title}", anchor=False)
    st.markdown(guide.explanation)
    questions, pitfall = st.columns([3, 2])
    with questions, st.container(border=True):
        st.markdown("**Vragen om samen te beantwoorden**")
        st.markdown("\n".join(f"- {q}" for q in guide.questions))
    with pitfall:
        st.warning(f"**Valkuil.** {guide.pitfall}", icon=":material/report:")


# --- step 1: het vraagstuk --------------------------------------------------------------------
def _insert_fact(fact: DataFact) -> None:
    _edit(lambda a: a.vraagstuk.facts.append(fact.to_block()))


def _remove_fact(index: int) -> None:
    def change(a: Agenda) -> None:
        if 0 <= index < len(a.vraagstuk.facts):
            del a.vraagstuk.facts[index]

    _edit(change)


def render_fact_block(
    text: str, source: str, *, block_key: str, remove_key: str | None = None, index: int = 0
) -> None:
    """A cited fact, visibly apart from opinions: tinted, bordered, labelled "Feit uit de data"."""
    with st.container(border=True, key=f"{FACT_KEY}_{block_key}"):
        st.markdown(":material/database: **Feit uit de data**")
        st.markdown(md(text))
        if source.strip():
            st.caption(md(source))
        if remove_key:
            st.button(
                "Verwijderen",
                key=remove_key,
                icon=":material/close:",
                type="tertiary",
                on_click=_remove_fact,
                args=(index,),
            )


def render_vraagstuk(snapshot: Snapshot, view: ViewParams) -> None:
    """Step 1: facts about the region from the data, then opgave, doelgroep and DNA."""
    agenda = current()
    render_guidance("vraagstuk")
    from_year, to_year = period_of(view, snapshot)
    region = AMR_NAMES.get(agenda.amr_code, agenda.amr_code)
    st.subheader(f"Wat de cijfers zeggen over {region}", anchor=False)
    st.caption(
        f"Periode {from_year}–{to_year}; kies een andere periode in de zijbalk. Voeg een feit met "
        "'Invoegen' toe aan de agenda: het komt er met bron in, apart van jullie eigen tekst."
    )
    facts, problem = _facts(str(snapshot.path), agenda.amr_code, from_year, to_year, snapshot)
    if problem:
        st.info(problem, icon=":material/info:")
    present = {b.text for b in agenda.vraagstuk.facts}
    cards = [f for f in facts if not f.is_note]
    columns = st.columns(2)
    for i, fact in enumerate(cards):
        with columns[i % 2], st.container(border=True, key=f"{FACT_KEY}_data_{i}"):
            st.markdown(fact.text)
            st.caption(fact.source)
            inserted = fact.text in present
            st.button(
                "Ingevoegd" if inserted else "Invoegen",
                key=key(f"fact_add_{_hash(fact.text)}"),
                icon=":material/check:" if inserted else ":material/add:",
                disabled=inserted,
                on_click=_insert_fact,
                args=(fact,),
            )
    for note in (f for f in facts if f.is_note):
        st.caption(note.text)

    st.subheader("De opgave in jullie eigen woorden", anchor=False)
    fields, inserted_column = st.columns([3, 2], gap="large")
    with fields:
        text_field("vraagstuk.opgave")
        text_field("vraagstuk.doelgroep")
        text_field("vraagstuk.regio_dna")
    with inserted_column:
        st.markdown("**Feiten in de agenda**")
        if not agenda.vraagstuk.facts:
            st.caption("Nog geen feiten ingevoegd. Kies hierboven een feit uit de data met 'Invoegen'.")
        for i, block in enumerate(agenda.vraagstuk.facts):
            render_fact_block(
                block.text,
                block.source,
                block_key=f"in_{i}",
                remove_key=key(f"fact_rm_{i}_{_hash(block.text)}"),
                index=i,
            )


# --- data editors -----------------------------------------------------------------------------
def _editor(name: str, frame: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """A data editor mounted on a fixed table; returns that table with the user's edits.

    Streamlit keeps the edits as a delta on the table the editor was mounted with, so that
    table must not change while the editor lives: it is kept per key and rebuilt (from the
    working copy) only when the editor is mounted afresh.
    """
    widget_key = key(name)
    bases: dict[str, pd.DataFrame] = st.session_state.setdefault(_EDITOR_BASES, {})
    if widget_key not in st.session_state or widget_key not in bases:
        bases[widget_key] = frame
    return st.data_editor(
        bases[widget_key], key=widget_key, hide_index=True, width="stretch", placeholder="", **kwargs
    )


def _text_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    # Object columns, also when empty: an empty frame would otherwise get float columns.
    return pd.DataFrame(rows, columns=list(columns)).astype(object)


# --- step 2: het netwerk ----------------------------------------------------------------------
_PARTNER_COLUMNS = ("Naam", "Rol", "Brug naar")


def _partners_from(frame: pd.DataFrame, world: str, before: list[Partner]) -> list[Partner]:
    """Partners from a world's table; a partner is a bridge when "Brug naar" names someone.

    A partner stored as a bridge without a name for the other side (possible in the model)
    stays a bridge until its row's "Brug naar" is filled in, so viewing a table never changes it.
    """
    kept = {p.name: p.is_bridge for p in before if p.is_bridge and not p.bridges_to.strip()}
    partners = []
    for row in frame.to_dict("records"):
        name = _cell_text(row.get("Naam")).strip()
        role = _cell_text(row.get("Rol")).strip()
        bridges_to = _cell_text(row.get("Brug naar")).strip()
        if name or role or bridges_to:
            is_bridge = bool(bridges_to) or kept.get(name, False)
            partners.append(Partner(name, world, role, is_bridge, bridges_to))
    return partners


def _partner_editor(world: str, presenting: bool) -> None:
    agenda = current()
    before = agenda.netwerk.partners_in(world)
    rows = [{"Naam": p.name, "Rol": p.role, "Brug naar": p.bridges_to} for p in before]
    # Column widths in px; presentation mode's larger type needs wider ones ("Brug na…" at 1280 px).
    widths = (125, 115, 150) if presenting else (130, 110, 100)
    edited = _editor(
        f"partners_{world}",
        _text_frame(rows, _PARTNER_COLUMNS),
        num_rows="dynamic",
        column_config={
            "Naam": st.column_config.TextColumn("Naam", max_chars=SHORT_TEXT_MAX_CHARS, width=widths[0]),
            "Rol": st.column_config.TextColumn("Rol", max_chars=SHORT_TEXT_MAX_CHARS, width=widths[1]),
            "Brug naar": st.column_config.TextColumn(
                "Brug naar",
                max_chars=SHORT_TEXT_MAX_CHARS,
                width=widths[2],
                help="Met welke partner in de andere wereld werkt deze partner al samen?",
            ),
        },
    )
    new = _partners_from(edited, world, before)
    if [p.to_dict() for p in new] != [p.to_dict() for p in before]:

        def change(a: Agenda) -> None:
            others = [p for p in a.netwerk.partners if p.world != world]
            a.netwerk.partners = (new + others) if world == "sociaal" else (others + new)

        _edit_and_rerun(change)


def bridges(partners: list[Partner]) -> list[tuple[Partner, Partner | None]]:
    """Each bridge partner with the partner in the other world it names (``None`` if unnamed)."""
    result: list[tuple[Partner, Partner | None]] = []
    for p in partners:
        if not p.is_bridge:
            continue
        target = p.bridges_to.strip().lower()
        others = [o for o in partners if o.world and o.world != p.world and o.name.strip()]
        match = next((o for o in others if target and o.name.strip().lower() in target), None)
        if match is None and target:
            match = next((o for o in others if target in o.name.strip().lower()), None)
        result.append((p, match))
    return result


def render_netwerk(view: ViewParams) -> None:
    """Step 2: partners per world in editable tables, the bridges, and a picture of the network."""
    render_guidance("netwerk")
    columns = st.columns(2, gap="large")
    for column, info in zip(columns, WORLD_INFO, strict=True):
        with column:
            st.subheader(info.label, anchor=False)
            st.caption(info.explanation)
            _partner_editor(info.key, view.presenting)
    st.caption(
        "Typ in de lege regel onderaan een tabel om een partner toe te voegen. Werkt een partner al "
        "samen met iemand uit de andere wereld? Zet die naam bij 'Brug naar': dan is het een brug."
    )
    agenda = current()
    st.markdown("**Bruggen tussen de werelden**")
    found = bridges(agenda.netwerk.partners)
    if found:
        st.markdown(
            "\n".join(
                f"- {md_inline(p.name or '(naamloos)')} → "
                + (md_inline(t.name) if t else md_inline(p.bridges_to) or "_(nog niet gezegd met wie)_")
                for p, t in found
            )
        )
    else:
        st.caption("Nog geen bruggen aangevinkt.")
    text_field("netwerk.bruggen")
    placed = [p for p in agenda.netwerk.partners if p.name.strip() and p.world in WORLDS]
    if placed:
        st.markdown("**Het netwerk in beeld**")
        chart = network_graph(
            [{"name": p.name, "world": p.world, "is_bridge": p.is_bridge} for p in placed],
            [(p.name, t.name) for p, t in found if t is not None],
            presentation=view.presenting,
        )
        render_chart(
            chart,
            key=key("network_chart"),
            filename=f"netwerk-{agenda.amr_code.lower()}",
            # The partners are the user's own input: no CBS tables, so no CBS provenance to claim.
            csv_header=comment_block([chart.title, "Bron: eigen invoer in de agenda, geen CBS-cijfers."]),
        )


# --- step 3: het perspectief ------------------------------------------------------------------
def _on_perspective(name: str, widget_key: str, field_name: str) -> None:
    value = st.session_state[widget_key]

    def change(a: Agenda) -> None:
        entry = next((e for e in a.perspectief.partners if e.partner == name), None)
        if entry is None:
            entry = PartnerPerspective(partner=name)
            a.perspectief.partners.append(entry)
        setattr(entry, field_name, value or "")
        if not entry.perspective and not entry.notes.strip():
            a.perspectief.partners.remove(entry)

    _edit(change)


def render_perspectief() -> None:
    """Step 3: the four perspectives explained, a perspective per partner, how to connect."""
    render_guidance("perspectief")
    cards = st.columns(len(PERSPECTIVE_INFO))
    for column, info in zip(cards, PERSPECTIVE_INFO, strict=True):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"**{info.label}**")
            st.caption(info.explanation)
    agenda = current()
    names = [p.name for p in agenda.netwerk.partners if p.name.strip()]
    names += [e.partner for e in agenda.perspectief.partners if e.partner not in names and e.partner.strip()]
    st.subheader("Perspectief per partner", anchor=False)
    if not names:
        st.info("Zet eerst partners in stap 2 (Het netwerk); dan kiest u hier per partner het perspectief.")
    entries = {e.partner: e for e in agenda.perspectief.partners}
    worlds = {p.name: p.world for p in agenda.netwerk.partners}
    if names:
        heads = st.columns([2, 2, 3])
        for column, head in zip(
            heads, ("Partner", "Perspectief", "Wat betekent dat voor de samenwerking?"), strict=True
        ):
            column.markdown(f"**{head}**")
    for name in dict.fromkeys(names):
        entry = entries.get(name, PartnerPerspective(partner=name))
        choice_key = key(f"persp_{_hash(name)}")
        notes_key = key(f"persp_notes_{_hash(name)}")
        who, choice, notes = st.columns([2, 2, 3], vertical_alignment="center")
        world = worlds.get(name, "")
        who.markdown(md_inline(name) + (f"  \n:gray[{world_info(world).label}]" if world in WORLDS else ""))
        options = ["", *PERSPECTIVES]
        choice.selectbox(
            f"Perspectief van {md_inline(name)}",
            options,
            index=options.index(entry.perspective) if entry.perspective in options else 0,
            format_func=lambda k: perspective_info(k).label if k else "— nog niet gekozen —",
            key=choice_key,
            on_change=_on_perspective,
            args=(name, choice_key, "perspective"),
            label_visibility="collapsed",
        )
        notes.text_input(
            f"Wat betekent dat voor {md_inline(name)}?",
            value=entry.notes,
            max_chars=TEXT_FIELDS["perspectief.partners[].notes"][1],
            key=notes_key,
            on_change=_on_perspective,
            args=(name, notes_key, "notes"),
            label_visibility="collapsed",
            placeholder="Bijvoorbeeld: wil een besluit van de raad",
        )
    chosen: dict[str, list[str]] = {}
    for e in current().perspectief.partners:
        if e.perspective:
            chosen.setdefault(e.perspective, []).append(e.partner)
    if chosen:
        st.markdown("**Zo sluiten jullie aan op elkaars perspectief**")
        for perspective, partners in chosen.items():
            st.markdown(
                f"- **{perspective_info(perspective).label}** ({md_inline(', '.join(partners))}): "
                f"{CONNECT_PROMPTS[perspective]}"
            )
    text_field("perspectief.aansluiten")


# --- step 4: gedeeld denken -------------------------------------------------------------------
_STEP_COLUMNS = ("Wat", "Wie", "Wanneer")


def render_gedeeld_denken() -> None:
    """Step 4: a positive ambition, the weefsel, and first steps (wat, wie, wanneer)."""
    render_guidance("gedeeld_denken")
    text_field("gedeeld_denken.ambitie")
    text_field("gedeeld_denken.weefsel")
    st.markdown("**Eerste stappen**")
    agenda = current()
    rows = [{"Wat": s.wat, "Wie": s.wie, "Wanneer": s.wanneer} for s in agenda.gedeeld_denken.eerste_stappen]
    edited = _editor(
        "first_steps",
        _text_frame(rows, _STEP_COLUMNS),
        num_rows="dynamic",
        column_config={
            "Wat": st.column_config.TextColumn("Wat", max_chars=SHORT_TEXT_MAX_CHARS, width="large"),
            "Wie": st.column_config.TextColumn(
                "Wie", max_chars=SHORT_TEXT_MAX_CHARS, help="Een naam of organisatie"
            ),
            "Wanneer": st.column_config.TextColumn(
                "Wanneer", max_chars=SHORT_TEXT_MAX_CHARS, help="Een datum, bijvoorbeeld 15 maart 2027"
            ),
        },
    )
    steps = []
    for row in edited.to_dict("records"):
        step = FirstStep(
            wat=_cell_text(row.get("Wat")).strip(),
            wie=_cell_text(row.get("Wie")).strip(),
            wanneer=_cell_text(row.get("Wanneer")).strip(),
        )
        if step.wat or step.wie or step.wanneer:
            steps.append(step)
    old = [(s.wat, s.wie, s.wanneer) for s in agenda.gedeeld_denken.eerste_stappen]
    if [(s.wat, s.wie, s.wanneer) for s in steps] != old:
        _edit_and_rerun(lambda a: setattr(a.gedeeld_denken, "eerste_stappen", steps))
    st.caption(
        "Schrijf bij 'Wanneer' een datum (15 maart 2027 of 15-3-2027): alleen een stap met een "
        "datum telt mee in de toets. Typ in de lege regel onderaan voor een nieuwe stap."
    )
    dated = [
        f"{md_inline(s.wat or '(zonder omschrijving)')}: {format_date_nl(s.due_date)}"
        for s in current().gedeeld_denken.eerste_stappen
        if s.due_date
    ]
    if dated:
        st.caption("Herkende datums: " + "; ".join(dated))


# --- step 5: borgen en verbinden --------------------------------------------------------------
def _on_indicators(widget_key: str, snapshot: Snapshot) -> None:
    keys: list[str] = st.session_state[widget_key]

    def change(a: Agenda) -> None:
        existing = {m.indicator_key: m for m in a.borgen.monitoring}
        rows = [existing.get(k) or baseline(snapshot, a.amr_code, k) for k in keys]
        # Rows that are not registry indicators (typed elsewhere) are kept as they are.
        rows += [m for m in a.borgen.monitoring if m.indicator_key not in INDICATORS_BY_KEY]
        a.borgen.monitoring = rows

    _edit(change)


_MONITORING_COLUMNS = ("Indicator", "Nulmeting", "Jaar", "Doel")


def render_borgen(snapshot: Snapshot) -> None:
    """Step 5: structure, links to existing agendas, monitoring with baselines from the data."""
    render_guidance("borgen")
    text_field("borgen.structuur")
    text_field("borgen.verbindingen")
    st.markdown("**Monitoring**")
    agenda = current()
    chosen = [m.indicator_key for m in agenda.borgen.monitoring if m.indicator_key in INDICATORS_BY_KEY]
    select_key = key("monitoring_keys")
    st.multiselect(
        "Welke cijfers volgen jullie?",
        MONITORING_KEYS,
        default=chosen,
        format_func=lambda k: INDICATORS_BY_KEY[k].title,
        key=select_key,
        on_change=_on_indicators,
        args=(select_key, snapshot),
        placeholder="Kies een of meer indicatoren",
    )
    rows = agenda.borgen.monitoring
    if not rows:
        st.caption("De nulmeting komt uit de data van de regio; doel en streefdatum bepalen jullie zelf.")
        return
    frame = _text_frame(
        [
            {
                "Indicator": m.indicator_title or m.indicator_key,
                "Nulmeting": value_with_unit(m.baseline_value, m.unit),
                "Jaar": m.baseline_year,
                "Doel": target_text(m.target),
            }
            for m in rows
        ],
        _MONITORING_COLUMNS,
    )
    frame["Streefdatum"] = pd.Series([m.target_date for m in rows], dtype=object)
    edited = _editor(
        f"monitoring_{_hash(','.join(m.indicator_key for m in rows))}",
        frame,
        num_rows="fixed",
        disabled=["Indicator", "Nulmeting", "Jaar"],
        column_config={
            "Indicator": st.column_config.TextColumn("Indicator", width=250),
            "Nulmeting": st.column_config.TextColumn("Nulmeting (uit de data)", width=190),
            "Jaar": st.column_config.TextColumn("Jaar", width=60),
            "Doel": st.column_config.TextColumn(
                "Doel",
                max_chars=SHORT_TEXT_MAX_CHARS,
                width=110,
                help="Een getal (bijvoorbeeld 30 of 30,5) of een omschrijving",
            ),
            "Streefdatum": st.column_config.DateColumn("Streefdatum", format="D-M-YYYY", width=110),
        },
    )
    records = edited.to_dict("records")
    if len(records) == len(rows):
        updated = [(parse_target(r.get("Doel")), _cell_date(r.get("Streefdatum"))) for r in records]
        if updated != [(m.target, m.target_date) for m in rows]:

            def change(a: Agenda) -> None:
                for m, (target, due) in zip(a.borgen.monitoring, updated, strict=False):
                    m.target, m.target_date = target, due

            _edit_and_rerun(change)
    for m in current().borgen.monitoring:
        nl = national_baseline(snapshot, m.indicator_key, m.baseline_year)
        decimals = (
            INDICATORS_BY_KEY[m.indicator_key].decimals if m.indicator_key in INDICATORS_BY_KEY else None
        )
        national = (
            f" Landelijk: {md_inline(value_with_unit(nl, m.unit, decimals))}." if nl is not None else ""
        )
        baseline = md_inline(value_with_unit(m.baseline_value, m.unit))
        st.caption(
            f"{md_inline(m.indicator_title)}: nulmeting {baseline} "
            f"({md_inline(m.baseline_year) or 'jaar onbekend'}).{national} {md_inline(m.baseline_source)}"
        )


# --- toets --------------------------------------------------------------------------------------
def render_toets(checklist: Checklist) -> None:
    """The aantrekkelijkheidstoets as a transparent checklist: met or not, why, a suggestion."""
    st.header("Aantrekkelijkheidstoets", anchor=False)
    st.markdown(
        f"**{checklist.met_count} van {checklist.total} gehaald.** Er is geen score: per criterium "
        "staat wat we controleren, of het gehaald is, waarom, en wat u kunt doen."
    )
    for result in checklist:
        with st.container(border=True, key=f"agenda_toets_{result.key}"):
            mark = ":material/check_circle: Gehaald" if result.met else ":material/cancel: Nog niet gehaald"
            colour = "green" if result.met else "red"
            st.markdown(f"**{result.title}** · :{colour}[{mark}]")
            st.markdown(md(result.why))
            if result.suggestion:
                st.markdown(f"**Suggestie:** {md(result.suggestion)}")
            st.caption(f"Zo toetsen we: {result.rule}")


# --- read-out -----------------------------------------------------------------------------------
def readout_css(scale: float) -> str:
    """Large type for the read-out; ``scale`` 1 gives 25.6 px body text at the normal root size.

    Presentation mode already enlarges the root font (172%), so it passes a smaller scale to
    keep about the same size on screen.
    """
    k = f"st-key-{READOUT_KEY}"
    return f"""
<style>
.{k} p, .{k} li {{ font-size: {1.6 * scale:.2f}rem; line-height: 1.45; }}
.{k} h1 {{ font-size: {3 * scale:.2f}rem !important; }}
.{k} h2 {{ font-size: {2.3 * scale:.2f}rem; margin-top: 1.2rem; }}
.{k} h3 {{ font-size: {1.8 * scale:.2f}rem; }}
.{k} [data-testid="stCaptionContainer"] p {{ font-size: {1.15 * scale:.2f}rem; }}
</style>
"""


def _readout_text(label: str, text: str) -> None:
    st.subheader(label, anchor=False)
    st.markdown(md(text) if text.strip() else "_(nog niet ingevuld)_")


def render_readout(agenda: Agenda, checklist: Checklist, *, presenting: bool = False) -> None:
    """The whole agenda on one page in large type, for a projector at the end of a meeting."""
    st.html(readout_css(0.65 if presenting else 1.0))
    with st.container(key=READOUT_KEY):
        st.title(md_inline(agenda.name), anchor=False)
        st.markdown(
            f"**{amr_label(agenda.amr_code)}** · {format_date_nl(local_time(datetime.now(UTC)).date())}"
        )
        if agenda.participants.strip():
            st.markdown(f"**Deelnemers:** {md_inline(agenda.participants)}")
        v, n, p, g, b = (
            agenda.vraagstuk,
            agenda.netwerk,
            agenda.perspectief,
            agenda.gedeeld_denken,
            agenda.borgen,
        )

        st.header("1. Het vraagstuk", anchor=False)
        _readout_text("Opgave", v.opgave)
        _readout_text("Doelgroep", v.doelgroep)
        _readout_text("DNA van de regio", v.regio_dna)
        for i, block in enumerate(v.facts):
            render_fact_block(block.text, block.source, block_key=f"readout_{i}")

        st.header("2. Het netwerk", anchor=False)
        social, economic = st.columns(2)
        for column, info in zip((social, economic), WORLD_INFO, strict=True):
            members = n.partners_in(info.key)
            column.subheader(info.label, anchor=False)
            column.markdown(
                "\n".join(
                    f"- **{md_inline(m.name or '(naamloos)')}**"
                    + (f": {md_inline(m.role)}" if m.role else "")
                    for m in members
                )
                or "_(nog niemand)_"
            )
        found = bridges(n.partners)
        if found:
            st.subheader("Bruggen", anchor=False)
            st.markdown(
                "\n".join(
                    f"- {md_inline(m.name)} → {md_inline(t.name) if t else md_inline(m.bridges_to) or '…'}"
                    for m, t in found
                )
            )
        if n.bruggen.strip():
            _readout_text("Bestaande bruggen", n.bruggen)

        st.header("3. Het perspectief", anchor=False)
        chosen = [e for e in p.partners if e.perspective]
        if chosen:
            st.markdown(
                "\n".join(
                    f"- **{md_inline(e.partner)}**: {perspective_info(e.perspective).label.lower()}"
                    + (f" — {md_inline(e.notes)}" if e.notes.strip() else "")
                    for e in chosen
                )
            )
        _readout_text("Aansluiten op elkaars perspectief", p.aansluiten)

        st.header("4. Gedeeld denken", anchor=False)
        _readout_text("Gedeelde ambitie", g.ambitie)
        _readout_text("Weefsel", g.weefsel)
        st.subheader("Eerste stappen", anchor=False)
        st.markdown(
            "\n".join(
                f"- **{md_inline(s.wat or '(zonder omschrijving)')}** — {md_inline(s.wie) or 'wie?'} — "
                f"{md_inline(s.when_label()) or 'wanneer?'}"
                for s in g.eerste_stappen
            )
            or "_(nog geen eerste stappen)_"
        )

        st.header("5. Borgen en verbinden", anchor=False)
        _readout_text("Structuur", b.structuur)
        _readout_text("Verbindingen", b.verbindingen)
        st.subheader("Monitoring", anchor=False)
        st.markdown(
            "\n".join(
                f"- **{md_inline(m.indicator_title or m.indicator_key)}**: nu "
                f"{value_with_unit(m.baseline_value, m.unit)} ({md_inline(m.baseline_year) or '?'})"
                + (f", doel {md_inline(target_text(m.target))}" if m.has_target else "")
                + (f" op {format_date_nl(m.target_date)}" if m.target_date else "")
                for m in b.monitoring
            )
            or "_(nog geen indicatoren)_"
        )
        sources = list(dict.fromkeys(m.baseline_source for m in b.monitoring if m.baseline_source))
        for source in sources:
            st.caption(md(source))

        st.header("Aantrekkelijkheidstoets", anchor=False)
        st.markdown(f"**{checklist.met_count} van {checklist.total} gehaald**")
        st.markdown(  # the icon is the item's marker: one line each, no bullet as well
            "  \n".join(
                f":material/check_circle: {r.title} — gehaald"
                if r.met
                else f":material/radio_button_unchecked: {r.title} — nog niet"
                for r in checklist
            )
        )


# --- export and versions ------------------------------------------------------------------------
def render_export(agenda: Agenda, checklist: Checklist) -> None:
    """Download buttons for Markdown and Word (built only when clicked)."""
    region = AMR_NAMES.get(agenda.amr_code, agenda.amr_code)
    with st.container(horizontal=True, key="agenda_export"):
        st.download_button(
            "Word (.docx)",
            data=lambda: to_docx(agenda, region, checklist),
            file_name=export_filename(agenda, "docx"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="agenda_download_docx",
            icon=":material/description:",
            on_click="ignore",
        )
        st.download_button(
            "Markdown (.md)",
            data=lambda: to_markdown(agenda, region, checklist),
            file_name=export_filename(agenda, "md"),
            mime="text/markdown",
            key="agenda_download_md",
            icon=":material/download:",
            on_click="ignore",
        )


def _restore(version: int) -> None:
    agenda = current()
    try:
        restored = get_store().restore(agenda.id, version, base_version=st.session_state[_BASE])
    except AgendaConflict as conflict:
        st.session_state[_CONFLICT] = conflict
        return
    except (AgendaNotFound, AgendaValidationError) as err:
        st.session_state[_ERROR] = err.message
        return
    _replace_work(restored)


def render_versions(store: AgendaStore) -> None:
    """Earlier versions of the open agenda, each one restorable (as a new version)."""
    agenda = current()
    with st.expander("Eerdere versies", icon=":material/history:"):
        st.caption("Terugzetten maakt een nieuwe versie met de oude inhoud; er gaat niets verloren.")
        try:
            versions = store.versions(agenda.id)
        except AgendaNotFound as err:
            st.info(err.message)
            return
        for info in versions[:50]:
            line, action = st.columns([4, 1], vertical_alignment="center")
            label = f" · {md_inline(info.label)}" if info.label else ""
            author = f" · {md_inline(info.author)}" if info.author else ""
            current_mark = " (huidige versie)" if info.version == agenda.version else ""
            line.markdown(
                f"**Versie {info.version}**{current_mark} · {when_nl(info.saved_at)}{label}{author}"
            )
            if info.version != agenda.version:
                action.button(
                    "Terugzetten",
                    key=key(f"restore_{info.version}"),
                    icon=":material/restore:",
                    on_click=_restore,
                    args=(info.version,),
                )
        if len(versions) > 50:
            st.caption(f"De oudste {len(versions) - 50} versies staan niet in deze lijst.")


def render_step(step: str, snapshot: Snapshot, view: ViewParams, checklist: Checklist) -> None:
    """Render the chosen step, the toets or the read-out."""
    if step == "vraagstuk":
        render_vraagstuk(snapshot, view)
    elif step == "netwerk":
        render_netwerk(view)
    elif step == "perspectief":
        render_perspectief()
    elif step == "gedeeld_denken":
        render_gedeeld_denken()
    elif step == "borgen":
        render_borgen(snapshot)
    elif step == TOETS:
        render_toets(checklist)
    else:
        render_readout(current(), checklist, presenting=view.presenting)
