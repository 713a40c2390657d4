"""Earlier versions of the open agenda; restoring one saves its content as a new version."""

from __future__ import annotations

import streamlit as st

from regiondata.meeting.agenda import STEP_KEYS, AgendaConflict, AgendaError, AgendaStore, step_guidance
from regiondata.meeting.agenda.history import DETAILS
from ui.agenda.formatting import when_nl
from ui.agenda.state import BASE, CONFLICT, ERROR, current, get_store, key, replace_work
from ui.text import md_inline

_PART_LABELS = {DETAILS: "naam, regio en deelnemers"} | {key: step_guidance(key).title for key in STEP_KEYS}


def _restore(version: int) -> None:
    agenda = current()
    try:
        restored = get_store().restore(agenda.id, version, base_version=st.session_state[BASE])
    except AgendaConflict as conflict:
        st.session_state[CONFLICT] = conflict
        return
    except AgendaError as err:  # gone, invalid, or the database is unavailable
        st.session_state[ERROR] = err.message
        return
    replace_work(restored)


def render_versions(store: AgendaStore) -> None:
    """Earlier versions of the open agenda, each one restorable (as a new version)."""
    agenda = current()
    with st.expander("Eerdere versies", icon=":material/history:"):
        st.caption(
            "Terugzetten maakt een nieuwe versie met de oude inhoud; er gaat niets verloren. Wat één "
            "browser binnen vijf minuten achter elkaar bewaart, is één versie; van wat ouder is dan "
            "een dag blijft de laatste versie van elke dag bewaard."
        )
        try:
            versions = store.versions(agenda.id)
        except AgendaError as err:
            st.info(err.message)
            return
        for info in versions[:50]:
            line, action = st.columns([4, 1], vertical_alignment="center")
            label = f" · {md_inline(info.label)}" if info.label else ""
            session = f" (sessie {md_inline(info.session[:4])})" if info.session else ""
            author = f" · {md_inline(info.author)}{session}" if info.author else ""
            if info.changed:
                author += " · gewijzigd: " + ", ".join(_PART_LABELS[part] for part in info.changed)
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
