"""Walking through an open agenda: the step selector, "Vorige"/"Volgende", and drawing the chosen view.

The selector has seven options: the five steps, the toets and the read-out; each step is marked
when its core is filled in (:func:`steps_done`), which is progress, not a judgement.
"""

from __future__ import annotations

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.meeting.agenda import STEPS, Agenda, Checklist
from regiondata.model.params import ViewParams
from ui.agenda.readout import render_readout
from ui.agenda.state import current
from ui.agenda.steps import (
    render_borgen,
    render_gedeeld_denken,
    render_netwerk,
    render_perspectief,
    render_vraagstuk,
)
from ui.agenda.toets import render_toets

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


# --- progress -----------------------------------------------------------------------------------
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
