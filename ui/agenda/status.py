"""The save status under the agenda's title, and what happens when someone else saved meanwhile.

Every edit saves at once (``ui.agenda.state.commit``). The status slot says when it was saved,
shows a refused save's Dutch message, offers the newest version when another browser saved
since, and, when a save ran into another person's save, shows both texts side by side: keep
mine, take theirs, or choose per part. Only the parts both sides changed are shown: the rest is
merged already (``regiondata.meeting.agenda.merge``), and no choice is made for the user.
"""

from __future__ import annotations

import streamlit as st

from regiondata.meeting.agenda import AgendaConflict, AgendaNotFound, AgendaStore, AgendaStoreUnavailable
from regiondata.meeting.agenda.values import utc_now
from regiondata.regions import amr_label
from ui.agenda.formatting import clock, when_nl
from ui.agenda.state import (
    BASE,
    BASE_AGENDA,
    CONFLICT,
    ERROR,
    NOTICE,
    RECOVERED,
    RECOVERED_SHOWN_FOR,
    UNSAVED,
    close_agenda,
    commit,
    current,
    get_store,
    replace_work,
    retry,
)
from ui.text import md, md_inline

CHOOSE_FIRST = "agenda_conflict_choose_first"  # "save per part" was pressed with a part unchosen


def _load_latest() -> None:
    try:
        replace_work(get_store().get(current().id))
    except AgendaStoreUnavailable as err:
        st.session_state[ERROR] = err.message
    except AgendaNotFound as err:
        st.session_state[NOTICE] = err.message
        close_agenda()


def render_status(slot: st.delta_generator.DeltaGenerator, store: AgendaStore) -> None:
    """Fill the status slot: saved time, a refused save, a conflict, or a newer stored version."""
    agenda = current()
    with slot:
        if conflict := st.session_state.get(CONFLICT):
            render_conflict(conflict)
            return
        labels, when = st.session_state.get(RECOVERED, ([], None))
        if when is not None and utc_now() - when < RECOVERED_SHOWN_FOR:
            fields = ", ".join(f"'{md_inline(label)}'" for label in dict.fromkeys(labels))
            st.success(
                f"Verbinding met de server hersteld. Uw tekst bij {fields} stond alleen nog in uw "
                f"browser en is nu opgeslagen om {clock(agenda.updated_at)}.",
                icon=":material/cloud_done:",
            )
        if error := st.session_state.get(ERROR):
            render_unsaved(error)
            return
        try:
            stored_version = store.get(agenda.id).version
        except (AgendaNotFound, AgendaStoreUnavailable) as err:
            st.error(md(err.message), icon=":material/search_off:")
            return
        st.caption(
            f"{amr_label(agenda.amr_code)} · :material/cloud_done: Opgeslagen om {clock(agenda.updated_at)} "
            f"· versie {agenda.version} · elke wijziging wordt meteen bewaard"
        )
        if stored_version != st.session_state[BASE]:
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


def render_unsaved(error: str) -> None:
    """A refused save: what happened and what to do; a database failure gets a retry button."""
    if error.startswith("Niet opgeslagen"):
        st.error(md(error), icon=":material/cloud_off:")
    else:
        st.error(f"**Niet opgeslagen.** {md(error)}", icon=":material/error:")
    if st.session_state.get(UNSAVED):
        st.button("Opnieuw proberen", key="agenda_retry", icon=":material/refresh:", on_click=retry)


def _resolve(choice: str) -> None:
    """Resolve the pending conflict: ``mine`` or ``theirs`` for every conflicting part, or
    ``per_field`` (the radios). Parts only one side changed are merged already and stay as they are."""
    conflict: AgendaConflict = st.session_state[CONFLICT]
    paths = conflict.merge.conflicts
    if choice == "per_field":
        picks = {path: st.session_state.get(_conflict_key(conflict, path)) for path in paths}
        if None in picks.values():
            st.session_state[CHOOSE_FIRST] = True
            return
    else:
        picks = dict.fromkeys(paths, choice)
    st.session_state[BASE] = conflict.stored.version
    st.session_state[BASE_AGENDA] = conflict.stored.copy()
    if commit(conflict.resolve(picks)):
        replace_work(current())


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
                index=None,  # nothing preselected: the user chooses
                format_func=lambda c: "Mijn tekst" if c == "mine" else "Tekst van de ander",
                horizontal=True,
                key=_conflict_key(conflict, diff.path),
            )
        if st.session_state.pop(CHOOSE_FIRST, False):
            st.warning("Kies eerst bij elk onderdeel hierboven welke tekst u houdt.", icon=":material/rule:")
        with st.container(horizontal=True):
            for label, widget_key, icon, choice in (
                ("Mijn tekst bewaren", "agenda_conflict_mine", ":material/save:", "mine"),
                ("Tekst van de ander overnemen", "agenda_conflict_theirs", ":material/download:", "theirs"),
                ("Keuze per onderdeel opslaan", "agenda_conflict_merge", ":material/merge:", "per_field"),
            ):
                st.button(
                    label,
                    key=widget_key,
                    type="primary" if choice == "mine" else "secondary",
                    icon=icon,
                    on_click=_resolve,
                    args=(choice,),
                )
