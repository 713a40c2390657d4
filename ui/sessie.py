"""Sessieplan in the UI: the store, and Vorige / Volgende in presentation mode."""

from __future__ import annotations

from typing import Any

import streamlit as st

from regiondata.config import load_settings
from regiondata.derive.snapshot import Snapshot
from regiondata.errors import RegionDataError
from regiondata.meeting.sessionplan import (
    SessionPlan,
    SessionPlanStore,
    position_label,
    step_view,
    store_from_env,
)
from regiondata.model.params import ViewParams
from regiondata.model.views import data_years
from ui.text import md, md_inline, safe_markdown


@st.cache_resource(show_spinner=False)
def plan_store(home: str) -> SessionPlanStore:
    """One plan store per process (thread-safe; same database as the agendas)."""
    from pathlib import Path

    return store_from_env(Path(home))


def get_plan_store() -> SessionPlanStore:
    """The plan store for the configured data home."""
    return plan_store(str(load_settings().home))


def go_to_step(plan: SessionPlan, number: int, snapshot: Snapshot) -> None:
    """Switch to step ``number`` (1-based) of a plan, in presentation mode."""
    step = plan.steps[number - 1]
    view = step_view(step, data_years(snapshot), plan_id=plan.id, step_number=number)
    st.session_state["_view"] = view
    st.switch_page(f"pages/{step.page}.py", query_params=view.to_query())


def render_plan_nav(view: ViewParams, snapshot: Snapshot, below: Any) -> None:
    """Vorige, the position ("3 / 8") and Volgende; the step's title and talking point in ``below``.

    The links are real links (keyboard, browser history, offline); the presenter keys do the same
    on the server (``ui/presenter.py``).
    """
    if not view.plan:
        return
    try:
        plan = get_plan_store().get(view.plan)
    except RegionDataError as err:
        below.info(md(f"Sessieplan niet gevonden: {err}"), icon=":material/info:")
        return
    if not plan.steps:
        below.info("Dit sessieplan heeft nog geen stappen.", icon=":material/info:")
        return
    number = min(max(view.stap or 1, 1), len(plan.steps))
    step = plan.steps[number - 1]
    years = data_years(snapshot)

    def link(target: int, label: str, icon: str) -> None:
        ok = 1 <= target <= len(plan.steps)
        step_at = plan.steps[min(max(target, 1), len(plan.steps)) - 1]
        query = step_view(step_at, years, plan_id=plan.id, step_number=target).to_query() if ok else {}
        st.page_link(f"pages/{step_at.page}.py", label=label, icon=icon, disabled=not ok, query_params=query)

    link(number - 1, "Vorige", ":material/arrow_back:")
    st.markdown(f"**{position_label(number, len(plan.steps))}**")
    link(number + 1, "Volgende", ":material/arrow_forward:")
    # The moderator's own text: Markdown without HTML, links or images (``safe_markdown``).
    text = f"**{md_inline(step.label)}**"
    if step.talking_point:
        text += " — " + safe_markdown(step.talking_point)
    below.markdown(text)
