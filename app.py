"""The frame: page config, the data snapshot, the demo banner and navigation."""

import streamlit as st

from ui.data import get_snapshot
from ui.frame import render_banners

st.set_page_config(
    page_title="Twee werelden — arbeidsmarktregio's",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)

snapshot = get_snapshot()
render_banners(snapshot)

pages = [
    st.Page("pages/overzicht.py", title="Overzicht", icon="🗺️", default=True),
]
st.navigation(pages).run()
