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
/* A slide: the finding in one or two lines, then the charts (ui/slide.py, ui/presenter.py). */
[data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; padding-bottom: 2rem; }
h2 { font-size: 1.3rem !important; padding: 0.1rem 0 0.2rem !important; }
/* A narrow beamer (1280 px): the row stays one line (the popover and Normaal keep their names for
   screen readers, shown only as icons), and the key figures give their room to the chart. */
@media (max-width: 1599px) {
  .st-key-slide_top [data-testid="stPopoverButton"] [data-testid="stMarkdownContainer"],
  .st-key-w_normaal [data-testid="stMarkdownContainer"],
  .st-key-slide_top [data-testid="stPageLink"] [data-testid="stMarkdownContainer"] {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  }
  .st-key-slide_figures { display: none !important; }
}
/* The controls are for the moderator, not the room: one slim row at 20 px. */
header[data-testid="stHeader"] { height: 2.4rem; min-height: 2.4rem; }
header[data-testid="stHeader"] a, header[data-testid="stHeader"] span { font-size: 0.72rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2.7rem; }
.st-key-slide_top, .st-key-slide_top * { gap: 0.25rem 0.4rem !important; }
.st-key-slide_top { align-items: center; }
.st-key-slide_top p, .st-key-slide_top span, .st-key-slide_top input { font-size: 0.72rem !important; }
.st-key-slide_top [data-testid="stSelectbox"] input {
  height: auto !important; padding-top: 0.3rem; padding-bottom: 0.3rem;
}
.st-key-slide_top [data-testid="stSelectbox"] [role="group"] {
  min-height: 0 !important; height: auto !important;
}
.st-key-slide_top button { min-height: 0; padding: 0.15rem 0.5rem; }
.st-key-slide_top [data-testid="stPageLink"] a { padding: 0 0.25rem; }
.st-key-slide_top [data-testid="stMarkdownContainer"] p { margin: 0; }
.st-key-w_regio { width: 250px !important; }
/* Tables at body size: plain tables by font, data grids (a canvas) by zooming the whole grid. */
[data-testid="stTable"] table, [data-testid="stTable"] th, [data-testid="stTable"] td {
  font-size: 1rem !important;
}
/* The grid sizes its canvas to its container: shrink the container, then zoom it back to full
   width, so text and cells grow 1.75 times (14 px → 24.5 px) and nothing runs off the page. */
[data-testid="stElementContainer"]:has(> [data-testid="stDataFrame"]),
[data-testid="stElementContainer"]:has(> div > [data-testid="stDataFrame"]) {
  zoom: 1.75; width: calc(100% / 1.75) !important; max-width: calc(100% / 1.75) !important;
}
</style>
"""


def apply_presentation_style() -> None:
    """Inject the presentation stylesheet (static, no user content)."""
    st.html(PRESENTATION_CSS)
