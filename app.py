"""The frame: page config, the data snapshot, URL view state, banners, sidebar and navigation."""

import streamlit as st

from ui.data import get_snapshot
from ui.frame import render_banners, render_controls, run_page
from ui.presentation import apply_presentation_style
from ui.presenter import handle_presenter_key
from ui.slide import render_slide_top, reserve_slide_top
from ui.state import get_view

st.set_page_config(
    page_title="Twee werelden — arbeidsmarktregio's",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)

snapshot = get_snapshot()
view = get_view(snapshot)

pages = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/map:", default=True),
    st.Page("pages/regio.py", title="Regioprofiel", icon=":material/query_stats:", url_path="regio"),
    st.Page("pages/dna.py", title="Regio-DNA", icon=":material/commute:", url_path="dna"),
    st.Page(
        "pages/vergelijken.py", title="Vergelijken", icon=":material/compare_arrows:", url_path="vergelijken"
    ),
    st.Page("pages/agenda.py", title="Agenda", icon=":material/edit_note:", url_path="agenda"),
    st.Page("pages/sessie.py", title="Sessieplan", icon=":material/slideshow:", url_path="sessie"),
    st.Page("pages/data.py", title="Over de data", icon=":material/menu_book:", url_path="data"),
]
page = st.navigation(pages, position="top" if view.presenting else "sidebar")
if view.presenting:
    apply_presentation_style()
    handle_presenter_key(view, snapshot)  # a clicker key pressed on the previous slide
# The frame's own elements (controls, plan bar, banners) are filled in after the page, into a
# container at the top: the page's charts reach the browser first, so it starts drawing them
# sooner. ``finally``: a page that stops early still gets its frame, the demo banner included.
# In presentation mode the top is one slim row whose "Instellingen" popover the page fills.
top = st.container()
slide = reserve_slide_top(top) if view.presenting else None
try:
    run_page(page)
finally:
    view = get_view(snapshot)  # as the page left it: a page may correct the view (set_view)
    if slide is not None:
        render_slide_top(slide, view, snapshot, page.url_path or "overzicht")
    else:
        with top:
            render_controls(view, snapshot)
            render_banners(snapshot)
