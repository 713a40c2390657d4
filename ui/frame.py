"""The frame every page shares: demo banner, data notices, source captions."""

from __future__ import annotations

import streamlit as st

from regiondata.snapshot import Snapshot

DEMO_BANNER = (
    "**Demodata — geen echte CBS-cijfers.** Alle cijfers op deze pagina zijn verzonnen om het "
    "dashboard te laten zien. Echte cijfers ophalen: `python -m regiondata refresh` "
    "(of de knop op de pagina *Over de data*)."
)


def render_banners(snapshot: Snapshot) -> None:
    """Show the demo banner and any notice about the data in use."""
    if snapshot.is_demo:
        st.warning(DEMO_BANNER, icon="⚠️")
    if snapshot.notice:
        st.error(snapshot.notice, icon="🛟")


def source_caption(text: str) -> None:
    """A source line under a chart or table (plain text, never HTML)."""
    st.caption(text)
