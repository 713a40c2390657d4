"""Presentation mode: large type, high contrast, no sidebar or Streamlit chrome, for a projector."""

from __future__ import annotations

import streamlit as st

# Static CSS only: no user text or data value ever reaches this string.
PRESENTATION_CSS = """
<style>
html { font-size: 172%; }          /* Streamlit sizes text in rem (0.875 rem): body text 24 px */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbarActions"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 4.2rem; max-width: 100%; }
[data-testid="stCaptionContainer"], [data-testid="stMetricLabel"] {
  color: #1a1a1a !important; opacity: 1 !important;
}
[data-testid="stMarkdownContainer"] p, li { line-height: 1.4; }
/* Labels wrap instead of being cut off with an ellipsis at 1280 px. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
h1 { font-size: 2.2rem !important; }
/* Below 1600 px (a 1280 px beamer) two charts side by side would each be too narrow for text at
   beamer size: they go under each other. The charts wrap their texts for >= 540 px (charts/style.py). */
@media (max-width: 1599px) {
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) { flex-direction: column; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important;
  }
}
</style>
"""


def apply_presentation_style() -> None:
    """Inject the presentation stylesheet (static, no user content)."""
    st.html(PRESENTATION_CSS)
