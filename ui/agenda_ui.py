"""Streamlit helpers for the agenda page: the agenda list, the five steps, toets, read-out.

The session state, the working copy and the one save path live in :mod:`ui.agenda.state`.

User text is never rendered as HTML: Markdown gets :func:`md` (every markup character escaped);
the network picture comes from ``regiondata.charts.figures.network_graph``, which escapes names.
"""

from __future__ import annotations

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.meeting.agenda import (
    STEPS,
    Agenda,
    Checklist,
)
from regiondata.model.params import ViewParams
from regiondata.regions import AMR_CODES, amr_label
from ui.agenda.fields import text_field
from ui.agenda.formatting import (
    when_nl,
)
from ui.agenda.readout import render_readout
from ui.agenda.state import (
    close_agenda,
    current,
    edit,
    key,
)
from ui.agenda.steps import (
    PAGE_CSS,
    render_borgen,
    render_gedeeld_denken,
    render_netwerk,
    render_perspectief,
    render_vraagstuk,
)
from ui.agenda.toets import render_toets
from ui.state import set_view
from ui.text import md_inline

SHORT_TITLES: dict[str, str] = {
    "vraagstuk": "Vraagstuk",
    "netwerk": "Netwerk",
    "perspectief": "Perspectief",
    "gedeeld_denken": "Gedeeld denken",
    "borgen": "Borgen",
}
"""Step titles short enough for the seven options of the step selector to fit on one line."""


TOETS, VOORLEZEN = "toets", "voorlezen"
VIEWS: tuple[str, ...] = (*(s.key for s in STEPS), TOETS, VOORLEZEN)
"""The options of the step selector: the five steps, the toets and the read-out."""


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


# --- header and details ---------------------------------------------------------------------
def _on_region(widget_key: str) -> None:
    code = st.session_state[widget_key]
    edit(lambda a: setattr(a, "amr_code", code))
    set_view(regio=code)


def render_header(agenda: Agenda, *, compact: bool = False) -> st.delta_generator.DeltaGenerator:
    """The way back to the list, the title (not above the read-out, which has its own) and a slot
    for the save status, filled last by :func:`render_status`."""
    st.html(PAGE_CSS)
    st.button(
        "Alle agenda's",
        key="agenda_back",
        icon=":material/arrow_back:",
        on_click=close_agenda,
        type="tertiary",
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
