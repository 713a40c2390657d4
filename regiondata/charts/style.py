"""What every chart shares: the result type, sizes, the plain look, the frame and Plotly's config.

Every builder returns a :class:`Chart`: the figure, the table of exactly what is plotted (Dutch
headers, rounded as shown; the accessible alternative and the CSV download), the title and Dutch
notes. The title and the source line are drawn inside the figure (:func:`finish`), so the PNG from
Plotly's mode bar stands on its own. ``presentation=True`` gives projector sizes (text ≥ 18 px,
lines ≥ 4 px; :func:`chart_style`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from regiondata.charts.colors import (
    BIJSTAND_COLOR,
    CONTEXT_COLOR,
    ECONOMY_COLOR,
    GRID_COLOR,
    MUTED_TEXT_COLOR,
    NL_COLOR,
    TEXT_COLOR,
)
from regiondata.charts.text import wrap_balanced, wrap_text
from regiondata.dutch import MONTHS_NL

# No web fonts: Streamlit's own Source Sans when the chart sits in the app, else a system font.
FONT_FAMILY = (
    '"Source Sans 3", "Source Sans Pro", "Source Sans", system-ui, -apple-system, "Segoe UI", '
    "Roboto, Arial, sans-serif"
)

# No layout template at all. Plotly embeds its default template (~6 KB) in every figure's JSON,
# and any template, however small, makes every Plotly.react of an equal copy of the figure
# (which Streamlit's frontend does right after the first draw) a full redraw: plotly.js compares
# a template by identity. The plain-white look is set on the layout itself (``_apply_look``), and
# the default template that plotly.py adds to every new figure is removed again when the
# ``Chart`` is made. (Unpickling adds it back: the pages cache their charts with
# ``st.cache_resource``, which shares them instead of unpickling a copy.)

#: What ``plotly_white`` would give, set only where a builder left a property unset.
LAYOUT_LOOK: dict[str, Any] = {
    "paper_bgcolor": "#FFFFFF",
    "plot_bgcolor": "#FFFFFF",
    "colorway": [BIJSTAND_COLOR, ECONOMY_COLOR, CONTEXT_COLOR, NL_COLOR],
    "legend.bgcolor": "rgba(255,255,255,0.85)",
    "hoverlabel.bgcolor": "#FFFFFF",
    "hoverlabel.bordercolor": "#595959",
    "hoverlabel.font.color": TEXT_COLOR,
}
XAXIS_LOOK: dict[str, Any] = {
    "gridcolor": GRID_COLOR,
    "linecolor": "#767676",
    "showline": True,
    "ticks": "outside",
    "tickcolor": "#767676",
    "zerolinecolor": "#BDBDBD",
    "title.standoff": 6,
}
YAXIS_LOOK: dict[str, Any] = {
    "gridcolor": GRID_COLOR,
    "zerolinecolor": "#BDBDBD",
    "automargin": True,
    "title.standoff": 8,
}


def _set_unset(obj: Any, look: Mapping[str, Any]) -> None:
    """Set each dotted property of ``look`` on a Plotly object where it is still unset."""
    for path, value in look.items():
        *parents, leaf = path.split(".")
        target = obj
        for part in parents:
            target = target[part]
        if target[leaf] is None:
            target[leaf] = value


def without_template(fig: go.Figure) -> go.Figure:
    """Drop the template plotly.py adds to every figure it creates or unpickles; return ``fig``."""
    fig.layout.template = None
    return fig


def _apply_look(fig: go.Figure) -> None:
    """The shared plain-white look, as defaults: what a builder set explicitly stays."""
    _set_unset(fig.layout, LAYOUT_LOOK)
    if any(hasattr(trace, "xaxis") for trace in fig.data):  # cartesian; a map gets no axes
        fig.for_each_xaxis(lambda axis: _set_unset(axis, XAXIS_LOOK))
        fig.for_each_yaxis(lambda axis: _set_unset(axis, YAXIS_LOOK))


# --- the result type and sizes ---------------------------------------------------------------------


@dataclass
class Chart:
    """A figure with everything a page shows next to it.

    Attributes:
        figure: The Plotly figure.
        table: Exactly what is plotted, Dutch headers, rounded as shown (table view and CSV).
        title: The title (also drawn in the figure).
        notes: Dutch notes for under the chart (also drawn in the figure's footer).
    """

    figure: go.Figure
    table: pd.DataFrame
    title: str
    notes: list[str]

    def __post_init__(self) -> None:
        # Stamp the figure with a digest of its traces. Without ``datarevision`` Plotly.react
        # treats every data array with a new identity as new data, and Streamlit's frontend hands
        # Plotly a fresh copy of the figure right after the first draw, so each chart was drawn
        # twice on every page load (measured: ~80 ms per page). With the stamp, an unchanged
        # figure is recognised as unchanged, and a changed one still redraws.
        without_template(self.figure)
        traces = json.dumps([t.to_plotly_json() for t in self.figure.data], cls=PlotlyJSONEncoder)
        self.figure.layout.datarevision = hashlib.blake2b(traces.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class ChartStyle:
    """Sizes for normal (browser) and presentation (projector) mode, in CSS px."""

    presentation: bool
    font: int
    title: int
    tick: int
    small: int
    label: int
    line: float
    thin_line: float
    marker: int
    ring: float
    wrap_px: int


#: The narrowest a chart gets in the normal view: one of two columns beside the open sidebar in a
#: 1280 px wide browser window.
NARROW_CHART_PX = 390
#: The narrowest a full-width chart gets in the normal view: the whole content column beside the
#: open sidebar in a 1280 px wide browser window.
WIDE_CHART_PX = 820
#: The same two widths in presentation mode (no sidebar). Two charts stay side by side from 1600 px
#: (ui/presenter.py stacks them below that), where each gets at least ~650 px; a full-width chart
#: gets ~1,000 px on a 1280 px beamer.
PRESENTATION_NARROW_PX = 640
PRESENTATION_WIDE_PX = 1000


def chart_style(presentation: bool) -> ChartStyle:
    """Return the sizes for normal or presentation mode."""
    if presentation:
        # Read at 1920×1080 from the back of a room: no chart text under 18 px, 5 px lines.
        return ChartStyle(True, 20, 28, 18, 18, 19, 5.0, 3.0, 13, 6.0, 900)
    return ChartStyle(False, 14, 19, 14, 12, 14, 2.5, 1.5, 7, 4.0, 640)


def figure_json_size(fig: go.Figure) -> int:
    """Return the size of the figure's JSON in characters (what Streamlit sends to the browser)."""
    return len(fig.to_json())


# --- the frame: title, footer, margins -------------------------------------------------------------


def _chars(px: float, font: float, factor: float = 0.52) -> int:
    """How many characters of a font fit in ``px`` (average glyph width ≈ half the size)."""
    return max(int(px / (font * factor)), 10)


def axis_space(style: ChartStyle, *, ticks: bool = True, title: bool = True) -> int:
    """Pixels under the plot area for x tick labels and the x-axis title."""
    space = 10
    if ticks:
        space += int(style.tick * 1.3) + 8
    if title:
        space += int(style.font * 1.3) + 6
    return space


def frame_texts(
    title: str,
    source: str,
    notes: Sequence[str],
    style: ChartStyle,
    top_extra: int = 0,
    bottom_axis: int | None = None,
    wide: bool = False,
) -> tuple[str, str, int, int]:
    """The wrapped title and footer, and the top and bottom margins they need (px).

    ``wide``: the chart takes the page's whole width, not one of two columns.
    """
    # In a browser a chart may sit in half of the page beside the sidebar (~390 px at 1280 px), so
    # titles and footers wrap to that width: longer lines would be cut off at the figure's edge.
    # A full-width chart wraps to the whole column instead (narrow lines there look cramped).
    if style.presentation:
        text_px = PRESENTATION_WIDE_PX if wide else PRESENTATION_NARROW_PX
    else:
        text_px = WIDE_CHART_PX if wide else NARROW_CHART_PX
    title_html = wrap_balanced(title, _chars(text_px, style.title, 0.6))
    title_lines = title_html.count("<br>") + 1
    footer_parts = [wrap_text(source, _chars(text_px, style.small, 0.58))] if source else []
    if notes:
        # A no-break space keeps "*" with "voorlopige cijfers" when the line wraps.
        joined = " · ".join(n.replace("* ", "*\u00a0") for n in notes)
        footer_parts.append(wrap_text(joined, _chars(text_px, style.small, 0.58)))
    footer_html = "<br>".join(footer_parts)
    footer_lines = footer_html.count("<br>") + 1 if footer_html else 0
    top = 12 + int(title_lines * style.title * 1.25) + 14 + top_extra
    axis = axis_space(style) if bottom_axis is None else bottom_axis
    bottom = axis + int(footer_lines * style.small * 1.35) + 10
    return title_html, footer_html, top, bottom


def finish(
    fig: go.Figure,
    title: str,
    source: str,
    notes: Sequence[str],
    style: ChartStyle,
    *,
    height: int,
    left: int = 16,
    right: int = 24,
    top_extra: int = 0,
    bottom_axis: int | None = None,
    wide: bool = False,
) -> None:
    """Apply the shared look: lean template, Dutch separators, title, source footer, margins."""
    title_html, footer_html, top, bottom = frame_texts(
        title, source, notes, style, top_extra, bottom_axis, wide=wide
    )
    pad_top = 12
    fig.update_layout(
        separators=",.",
        font={"family": FONT_FAMILY, "size": style.font, "color": TEXT_COLOR},
        title={
            "text": title_html,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            # Plotly anchors a multi-line title by its first line (yanchor "top" pushes the first
            # line out of view), so place the first line's baseline ourselves.
            "y": round(1 - (pad_top + 0.92 * style.title) / height, 4),
            "yref": "container",
            "yanchor": "bottom",
            "pad": {"l": 12},
            "font": {"size": style.title, "color": TEXT_COLOR, "weight": 600},
        },
        margin={"l": left, "r": right, "t": top, "b": bottom, "autoexpand": True},
        height=height,
        hoverlabel={"font": {"size": style.font, "family": FONT_FAMILY}},
        dragmode=False,
    )
    _apply_look(fig)
    if footer_html:
        # Pinned to the figure's bottom-left corner: y=0 is the plot's lower edge, so shift down
        # by the bottom margin (x axes keep automargin off so that margin is what we set).
        fig.add_annotation(
            name="bron",
            text=footer_html,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            xshift=-(left - 12),
            yshift=-(bottom - 8),
            showarrow=False,
            align="left",
            font={"size": style.small, "color": MUTED_TEXT_COLOR},
        )


# --- Plotly's config: Dutch mode bar, PNG download -------------------------------------------------


# Plotly.js ships no Dutch dictionary; these are the strings its mode bar and notices show.
_NL_DICTIONARY = {
    "Download plot as a PNG": "Download als PNG-afbeelding",
    "Download plot": "Download afbeelding",
    "Preparing image - this may take a few seconds": "Afbeelding maken, even geduld",
    "Image download succeeded": "Afbeelding gedownload",
    "Sorry, there was a problem downloading your image!": "Het downloaden van de afbeelding is mislukt.",
    "Zoom": "Zoomen",
    "Pan": "Verschuiven",
    "Box Select": "Selecteren met rechthoek",
    "Lasso Select": "Selecteren met lasso",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Autoscale": "Automatisch schalen",
    "Reset axes": "Assen herstellen",
    "Reset view": "Weergave herstellen",
    "Reset": "Herstellen",
    "Toggle Spike Lines": "Hulplijnen aan/uit",
    "Show closest data on hover": "Dichtstbijzijnde waarde tonen",
    "Compare data on hover": "Waarden vergelijken",
    "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
}
_NL_LOCALE = {
    "dictionary": _NL_DICTIONARY,
    "format": {
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": list(MONTHS_NL),
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%d-%m-%Y",
        "decimal": ",",
        "thousands": ".",
    },
}


def plotly_config(filename: str) -> dict[str, Any]:
    """Return the ``config`` for ``st.plotly_chart``.

    PNG download through the mode bar (scale 2, a clean file name), no Plotly logo, no links out,
    Dutch mode-bar texts (the locale is passed in, so nothing is fetched).

    Args:
        filename: Base name for the PNG, e.g. ``"bijstand-per-1000-2025"``; cleaned to ASCII.
    """
    return {
        "displaylogo": False,
        # On hover only (Plotly's default): always shown, it covers the end of a wrapped title in a
        # half-width chart, and on a beamer it is clutter.
        "displayModeBar": "hover",
        "responsive": True,
        "showSendToCloud": False,
        "scrollZoom": False,
        "locale": "nl",
        "locales": {"nl": _NL_LOCALE},
        "toImageButtonOptions": {"format": "png", "filename": safe_filename(filename), "scale": 2},
        "modeBarButtonsToRemove": [
            "select2d",
            "lasso2d",
            "autoScale2d",
            "toggleSpikelines",
            "hoverClosestCartesian",
            "hoverCompareCartesian",
            "hoverClosestGeo",
        ],
    }


def safe_filename(name: str) -> str:
    """Turn a title into a file name: ASCII, lowercase, dashes (``Zuid-Limburg 2025`` → ...)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80] or "grafiek"
