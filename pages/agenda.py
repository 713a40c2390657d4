"""Agenda: draft an attractive regional agenda in five guided steps, saved on every change."""

import streamlit as st

from ui.agenda import header, keystrokes, navigation, picker, readout, state, status, toets, versions
from ui.data import get_snapshot
from ui.state import get_view

snapshot = get_snapshot()
view = get_view(snapshot)
store = state.get_store()
agenda = state.open_from_view(store, view)

if agenda is None:
    st.title("Een aantrekkelijke agenda", anchor=False)
    st.markdown(
        "Stel met de partners in de regio in vijf stappen een agenda op waar iedereen voor wil "
        "gaan: van de opgave en de cijfers, via het netwerk en elkaars perspectief, naar een "
        "gedeelde ambitie, eerste stappen en afspraken over borgen. Alles wordt meteen bewaard."
    )
    picker.render_agenda_list(store)
    picker.render_create_form(view)
else:
    status_slot = header.render_header(agenda, compact=navigation.current_step() == navigation.VOORLEZEN)
    checklist = toets.checklist_for(agenda, snapshot)
    step = navigation.render_step_selector(agenda, checklist)
    navigation.render_step(step, snapshot, view, checklist)
    navigation.render_step_buttons(step)
    st.divider()
    header.render_details(state.current())
    readout.render_export(state.current(), checklist)
    versions.render_versions(store)
    status.render_status(status_slot, store)
    keystrokes.render_guard()
