"""Presentation mode as slides: one slim row of controls on top, then the finding and the charts.

The row holds the sessieplan's Vorige / "2 / 5" / Volgende, region and period, one
"Instellingen" popover with everything else a page can change (map kind, colours, indicator,
the link to this view), the demo label and "Normaal". Below it only the step's title and talking
point, if any. Its parts are reserved before the page runs (the page puts its settings in the
popover) and filled after it, like the normal frame (see app.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.model.params import ViewParams
from ui.frame import DEMO_BANNER, period_select, region_select, share_url
from ui.presenter import mount_presenter
from ui.sessie import render_plan_nav
from ui.state import pop_notices, set_view
from ui.text import md

_SETTINGS = "_slide_settings"


@dataclass
class SlideTop:
    """The reserved parts of the top row, filled after the page has run."""

    nav: Any
    controls: Any
    settings: Any
    end: Any
    below: Any


def reserve_slide_top(where: Any) -> SlideTop:
    """Reserve the top row's parts inside ``where``; pages reach the popover via :func:`settings`."""
    with where:
        row = st.container(horizontal=True, vertical_alignment="center", gap="small", key="slide_top")
        part = {"horizontal": True, "vertical_alignment": "center", "gap": "small", "width": "content"}
        top = SlideTop(
            nav=row.container(**part),
            controls=row.container(**part),
            settings=row.popover("Instellingen", icon=":material/tune:"),
            end=row.container(**part),
            below=st.container(),
        )
    st.session_state[_SETTINGS] = top.settings
    return top


def settings(view: ViewParams) -> Any:
    """Where a page puts its secondary controls: the slide's popover, or in place normally."""
    slot = st.session_state.get(_SETTINGS) if view.presenting else None
    return slot if slot is not None else st.container()


def render_slide_top(top: SlideTop, view: ViewParams, snapshot: Snapshot, page: str) -> None:
    """Fill the reserved row: plan steps, region, period, settings, demo label, Normaal."""
    with top.nav:
        render_plan_nav(view, snapshot, top.below)
    with top.controls:
        region_select(view, st, collapsed=True)
        period_select(view, snapshot, st, collapsed=True)
    with top.settings:
        st.caption("De link naar precies deze weergave:")
        st.code(share_url(view), language=None, wrap_lines=True)
    with top.end:
        if snapshot.is_demo:
            # Short on the slide; every chart's footer says DEMODATA too.
            st.badge("Demodata", icon=":material/warning:", color="orange", help=DEMO_BANNER)
        st.button(
            "Normaal",
            key="w_normaal",
            icon=":material/close_fullscreen:",
            help="Terug naar de normale weergave (Esc)",
            on_click=lambda: set_view(modus="normaal"),
        )
        mount_presenter(page, view.stap)
    with top.below:
        if snapshot.notice:
            st.error(md(snapshot.notice), icon=":material/restore:")
        for notice in pop_notices():
            st.info(md(notice), icon=":material/link:")
    st.session_state.pop(_SETTINGS, None)
