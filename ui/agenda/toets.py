"""The aantrekkelijkheidstoets: evaluated with the region's places, shown as a transparent checklist."""

from __future__ import annotations

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.meeting.agenda import Agenda, Checklist, evaluate_agenda
from regiondata.meeting.agenda.facts import place_names
from ui.text import md


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def _places(snapshot_path: str, amr_code: str, _snapshot: Snapshot) -> tuple[str, ...]:
    return place_names(_snapshot, amr_code)


def checklist_for(agenda: Agenda, snapshot: Snapshot) -> Checklist:
    """The aantrekkelijkheidstoets, with the region's name and gemeenten as places."""
    return evaluate_agenda(agenda, place_names=_places(str(snapshot.path), agenda.amr_code, snapshot))


def render_toets(checklist: Checklist) -> None:
    """The aantrekkelijkheidstoets as a transparent checklist: met or not, why, a suggestion."""
    st.header("Aantrekkelijkheidstoets", anchor=False)
    st.markdown(
        f"**{checklist.met_count} van {checklist.total} gehaald.** Er is geen score: per criterium "
        "staat wat we controleren, of het gehaald is, waarom, en wat jullie kunnen doen."
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
