"""The agenda list and the create form: choose, duplicate, delete (with confirmation) or start one."""

from __future__ import annotations

import streamlit as st

from regiondata.meeting.agenda import (
    NAME_MAX_CHARS,
    TEXT_FIELDS,
    AgendaError,
    AgendaStore,
    AgendaStoreUnavailable,
)
from regiondata.model.params import ViewParams
from regiondata.regions import AMR_CODES, amr_label
from ui.agenda.formatting import when_nl
from ui.agenda.state import DELETE, NEW, NOTICE, get_store, open_agenda
from ui.frame import PLACEHOLDER
from ui.text import md, md_inline


def _duplicate(agenda_id: str, name: str) -> None:
    new_name = f"Kopie van {name}"[:NAME_MAX_CHARS]
    try:
        copy = get_store().duplicate(agenda_id, new_name)
    except AgendaError as err:  # gone, invalid name, or the database is unavailable
        st.session_state[NOTICE] = err.message
        return
    st.session_state[NOTICE] = f"Kopie gemaakt: '{copy.name}'."


def _ask_delete(agenda_id: str | None) -> None:
    st.session_state[DELETE] = agenda_id


def _delete(agenda_id: str, name: str) -> None:
    st.session_state[DELETE] = None
    try:
        get_store().delete(agenda_id)
    except AgendaError as err:
        st.session_state[NOTICE] = err.message
        return
    st.session_state[NOTICE] = f"Agenda '{name}' is verwijderd."


def render_agenda_list(store: AgendaStore) -> None:
    """Every agenda with its region and last edit; open, duplicate, delete (with confirmation)."""
    st.subheader("Agenda's", anchor=False)
    if notice := st.session_state.pop(NOTICE, None):
        st.info(md(notice), icon=":material/info:")
    try:
        summaries = store.list()
    except AgendaStoreUnavailable as err:
        st.error(md(err.message), icon=":material/cloud_off:")
        return
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
                actions = (  # label, key prefix, icon, callback and its arguments; the first is the main one
                    ("Openen", "agenda_open", ":material/edit:", open_agenda, (s.id, s.amr_code)),
                    ("Dupliceren", "agenda_dup", ":material/content_copy:", _duplicate, (s.id, s.name)),
                    ("Verwijderen", "agenda_del", ":material/delete:", _ask_delete, (s.id,)),
                )
                for i, (label, prefix, icon, callback, args) in enumerate(actions):
                    st.button(
                        label,
                        key=f"{prefix}_{s.id}",
                        type="primary" if i == 0 else "secondary",
                        icon=icon,
                        on_click=callback,
                        args=args,
                    )
            if st.session_state.get(DELETE) == s.id:
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
            state[f"{NEW}_name"].strip(), state[f"{NEW}_regio"], state[f"{NEW}_participants"]
        )
    except AgendaError as err:
        state[NOTICE] = err.message
        return
    state[f"{NEW}_name"] = ""
    state[f"{NEW}_participants"] = ""
    open_agenda(agenda.id, agenda.amr_code)


def render_create_form(view: ViewParams) -> None:
    """A form to start a new agenda for a region (default: the region chosen in the sidebar)."""
    st.subheader("Nieuwe agenda", anchor=False)
    with st.form("agenda_new_form", border=True):
        st.text_input(
            "Naam",
            max_chars=NAME_MAX_CHARS,
            key=f"{NEW}_name",
            placeholder="Bijvoorbeeld: Zorg en techniek aan het werk",
        )
        st.selectbox(
            "Arbeidsmarktregio",
            AMR_CODES,
            index=AMR_CODES.index(view.regio) if view.regio in AMR_CODES else 0,
            format_func=amr_label,
            key=f"{NEW}_regio",
            placeholder=PLACEHOLDER,
        )
        st.text_area(
            "Deelnemers (niet verplicht)",
            max_chars=TEXT_FIELDS["participants"][1],
            key=f"{NEW}_participants",
            placeholder="Wie zitten er aan tafel? Bijvoorbeeld: gemeente, UWV, economic board, ROC",
            height=90,
        )
        st.form_submit_button(
            "Agenda aanmaken", key=f"{NEW}_submit", type="primary", icon=":material/add:", on_click=_create
        )
