"""Above and below an open agenda's steps: the way back, the title, the status slot, the details."""

from __future__ import annotations

import streamlit as st

from regiondata.meeting.agenda import Agenda
from regiondata.regions import AMR_CODES, amr_label
from ui.agenda.fields import text_field
from ui.agenda.formatting import when_nl
from ui.agenda.state import close_agenda, edit, key
from ui.agenda.steps import PAGE_CSS
from ui.frame import PLACEHOLDER
from ui.state import set_view
from ui.text import md_inline


def _on_region(widget_key: str) -> None:
    code = st.session_state[widget_key]
    edit(lambda a: setattr(a, "amr_code", code))
    set_view(regio=code)


def render_header(agenda: Agenda, *, compact: bool = False) -> st.delta_generator.DeltaGenerator:
    """The way back to the list, the title (not above the read-out, which has its own) and a slot
    for the save status, filled last by :func:`ui.agenda.status.render_status`."""
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
            placeholder=PLACEHOLDER,
        )
        text_field("participants", height=90)
        st.caption(f"Aangemaakt {when_nl(agenda.created_at)}.")
