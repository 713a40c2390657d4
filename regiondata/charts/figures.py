"""Plotly figure builders: every chart of the dashboard in one visual language.

Two colour families run through all pages: purple for the bijstand world and teal-green for the
economy world (see ``BIJSTAND_COLOR`` and ``ECONOMY_COLOR``). An indicator with a direction is
coloured on a blue (gunstig) to orange (ongunstig) diverging scale, so "good" is always blue.

Every builder returns a :class:`Chart`: the figure, the table of exactly what is plotted (Dutch
headers, rounded as shown; the accessible alternative and the CSV download), the title and Dutch
notes. The title and the source line are drawn inside the figure, so the PNG from Plotly's mode bar
stands on its own. ``presentation=True`` gives projector sizes (text ≥ 18 px, lines ≥ 4 px).

Tile maps live in :mod:`regiondata.charts.tilemap`; they share the colouring defined here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from plotly.utils import PlotlyJSONEncoder

from regiondata.dutch import MONTHS_NL
from regiondata.errors import BadInputError
from regiondata.indicators import Indicator

# --- palette -----------------------------------------------------------------------------------
# Chosen with a CVD simulation (Machado et al. 2009, full protan/deutan/tritan) and CIEDE2000:
# purple and teal-green stay ≥ 29 ΔE apart under every deficiency because they differ in
# lightness as well as hue (a purple/teal pair of equal lightness collapses to ΔE ≈ 3 for
# deuteranopes). Both keep ≥ 4.5:1 contrast on white, so labels in the world colour are legible.
BIJSTAND_COLOR = "#7B3294"
ECONOMY_COLOR = "#007F5F"
CONTEXT_COLOR = "#8C8C8C"
NL_COLOR = "#1A1A1A"
#: The selected region everywhere: orange is outside both families and the blue side of the
#: diverging scale; on maps it is drawn as a ring with a white inner line, so it shows on any fill.
HIGHLIGHT_COLOR = "#E66100"
MISSING_COLOR = "#BDBDBD"
OTHER_COLOR = "#C8C8C8"
TEXT_COLOR = "#1A1A1A"
MUTED_TEXT_COLOR = "#4D4D4D"
GRID_COLOR = "#E3E3E3"
_HALO = "1px 1px 2px #FFFFFF, -1px -1px 2px #FFFFFF, 1px -1px 2px #FFFFFF, -1px 1px 2px #FFFFFF"

ColorScale = tuple[tuple[float, str], ...]


def _even(colors: Sequence[str]) -> ColorScale:
    step = 1 / (len(colors) - 1)
    return tuple((round(i * step, 4), c) for i, c in enumerate(colors))


# Single-hue ramps with even CIELAB lightness steps (~13 L* per stop): readable for every CVD type
# because they order by lightness alone. The light end stays visible on white.
BIJSTAND_SCALE: ColorScale = _even(["#EDDDF0", "#D3B3DB", "#B685C4", "#965AAA", "#7B3294", "#54146E"])
ECONOMY_SCALE: ColorScale = _even(["#DCEFE8", "#ADDCCB", "#75C2A9", "#3FA587", "#007F5F", "#00513D"])
CONTEXT_SCALE: ColorScale = _even(["#EBEBEB", "#C6C6C6", "#9E9E9E", "#767676", "#4F4F4F", "#2B2B2B"])
#: From unfavourable (orange-brown) through a light neutral to favourable (blue). Blue-orange is the
#: contrast that protan, deutan and tritan vision all keep; both arms have the same lightness steps.
DIVERGING_SCALE: ColorScale = _even(
    ["#7F3300", "#B85A0D", "#E68A3E", "#F6C592", "#EFEDEA", "#AECFE7", "#5E9DCB", "#2A6CAB", "#0B3D7A"]
)

WORLD_COLORS: dict[str, str] = {
    "bijstand": BIJSTAND_COLOR,
    "economie": ECONOMY_COLOR,
    "context": CONTEXT_COLOR,
}
WORLD_SCALES: dict[str, ColorScale] = {
    "bijstand": BIJSTAND_SCALE,
    "economie": ECONOMY_SCALE,
    "context": CONTEXT_SCALE,
}
# Several lines of one world: shades of the family, told apart by lightness and marker symbol.
_WORLD_SHADES: dict[str, tuple[str, ...]] = {
    "bijstand": (BIJSTAND_COLOR, "#B46BC6", "#4A0F63"),
    "economie": (ECONOMY_COLOR, "#00513D", "#3FA587"),
    "context": (CONTEXT_COLOR, "#5E5E5E", "#B0B0B0"),
}
_SYMBOLS = ("circle", "square", "diamond", "triangle-up")

#: Bivariate palette, ``BIVARIATE_COLORS[bijstand_class][growth_class]``: growth runs from grey to
#: teal-green (economy), "bijstand falls least" from grey to purple (bijstand); the two mix
#: multiplicatively; the eight others come from a search that maximised the smallest CIEDE2000
#: distance under simulated protan, deutan and tritan vision (every pair ≥ 9 apart). "High growth ×
#: bijstand not falling" ([2][2]) is then set to a near-black indigo: lightness survives every
#: colour-vision deficiency, so it stays ≥ 23 ΔE from all other cells for everyone.
BIVARIATE_COLORS: tuple[tuple[str, str, str], ...] = (
    ("#DEDEDE", "#8CC2B4", "#0E9873"),
    ("#C6AFD4", "#7D99AC", "#0C786D"),
    ("#A56FC5", "#6861A0", "#22194D"),
)
#: Default Dutch names of the classes: (growth classes, bijstand classes), class 0 first.
BIVARIATE_CLASS_LABELS: tuple[tuple[str, str, str], tuple[str, str, str]] = (
    ("lage groei", "middelmatige groei", "hoge groei"),
    ("bijstand daalt sterk", "bijstand daalt licht", "bijstand daalt niet"),
)

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


# --- the result type and sizes -----------------------------------------------------------------


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
#: (ui/presentation.py stacks them below that), where each gets at least ~540 px; a full-width chart
#: gets ~1,000 px on a 1280 px beamer.
PRESENTATION_NARROW_PX = 540
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


# --- text --------------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Escape text for Plotly, which renders a subset of HTML (``<b>``, ``<br>``, entities).

    User text such as a partner name ``<script>`` must be shown literally, not interpreted.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_text(text: str, width: int, *, break_words: bool = True, hyphens: bool = False) -> str:
    """Escape and wrap plain text onto ``<br>``-separated lines of at most ``width`` characters.

    Args:
        text: Plain text (never HTML); newlines start a new line.
        width: Maximum characters per line.
        break_words: Split words longer than ``width``.
        hyphens: Also break after a hyphen (``Zuid-|Kennemerland``).
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        wrapped = textwrap.wrap(
            paragraph, width=max(width, 8), break_on_hyphens=hyphens, break_long_words=break_words
        )
        lines.extend(wrapped or [""])
    return "<br>".join(escape_text(line) for line in lines)


def wrap_balanced(text: str, width: int) -> str:
    """Like :func:`wrap_text`, but with lines of similar length (no lone last word in a title)."""
    lines = textwrap.wrap(str(text), width=max(width, 8), break_on_hyphens=False)
    if len(lines) > 1:
        even = math.ceil(len(str(text)) / len(lines)) + 3
        balanced = textwrap.wrap(str(text), width=even, break_on_hyphens=False)
        if len(balanced) == len(lines):
            lines = balanced
    return "<br>".join(escape_text(line) for line in lines) if lines else ""


def _chars(px: float, font: float, factor: float = 0.52) -> int:
    """How many characters of a font fit in ``px`` (average glyph width ≈ half the size)."""
    return max(int(px / (font * factor)), 10)


def format_number(value: Any, decimals: int = 0, *, signed: bool = False) -> str:
    """Format a number the Dutch way (``1.234,5``, minus sign ``−``); ``–`` when missing."""
    if value is None or pd.isna(value):
        return "–"
    number = float(value)
    text = f"{abs(number):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    shown_zero = round(abs(number), decimals) == 0
    if number < 0 and not shown_zero:
        return "−" + text
    if signed and number > 0 and not shown_zero:
        return "+" + text
    return text


def format_with_unit(indicator: Indicator, value: Any, *, signed: bool = False) -> str:
    """Format a value with the indicator's decimals and unit (``45,2 per 1.000 …``, ``1,2%``)."""
    number = format_number(value, indicator.decimals, signed=signed)
    if number == "–":
        return "geen gegevens"
    if indicator.unit.startswith("%"):
        return number + indicator.unit
    return f"{number} {indicator.unit}"


def value_header(indicator: Indicator, period: str | None = None) -> str:
    """A Dutch table header with unit and period, e.g. ``Werkloosheid (% van de …), 2025``."""
    unit_words = indicator.unit.split(" (")[0].lower()
    header = (
        indicator.title if unit_words in indicator.title.lower() else f"{indicator.title} ({indicator.unit})"
    )
    return f"{header}, {period}" if period else header


def axis_title(indicator: Indicator) -> str:
    """An axis title with unit: ``Werkloosheid (% van de …)``, ``Bijstand per 1.000 inwoners (15+)``."""
    short, unit = indicator.short, indicator.unit
    if unit.startswith("per ") and " per " in f" {short}":
        return short[: short.index("per ")] + unit  # "Bijstand per 1.000" + unit spells it out
    if not unit or unit.split(" (")[0].lower() in short.lower():
        return short
    return f"{short} ({unit})"


def period_label(indicator: Indicator, year: int | None, provisional_years: Iterable[int] = ()) -> str | None:
    """The period a value refers to: ``2025``, or ``2024–2025`` for a change; ``*`` if provisional."""
    if year is None:
        return None
    text = f"{year - 1}–{year}" if indicator.aggregation == "growth" else str(year)
    return text + ("*" if year in set(provisional_years) else "")


def indicator_notes(indicator: Indicator) -> list[str]:
    """Standard notes for an indicator: aggregated from gemeenten, or approximated from COROP."""
    notes: list[str] = []
    if indicator.approximation:
        notes.append("Benadering op basis van COROP-gebieden")
    elif indicator.published_level == "gemeente" and indicator.aggregation != "published":
        notes.append("Geaggregeerd uit gemeenten")
    return notes


PROVISIONAL_NOTE = "* voorlopige cijfers"


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


# --- colour arithmetic -------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def _luminance(color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``.

    Pure black, not the near-black of body text: with ``#1A1A1A`` mid-tone fills (relative
    luminance 0.18–0.22) reach 4.5:1 with neither; with black every fill reaches at least 4.58:1.
    """
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#FFFFFF") else "#FFFFFF"


def readable_on_white(color: str, minimum: float = 4.5) -> str:
    """Darken a colour until text in it reaches ``minimum`` contrast on white."""
    rgb = list(_rgb(color))
    current = color
    while contrast_ratio(current, "#FFFFFF") < minimum:
        rgb = [c * 0.9 for c in rgb]
        current = _hex(rgb)
    return current


def _rgba(color: str, alpha: float) -> str:
    r, g, b = _rgb(color)
    return f"rgba({r},{g},{b},{alpha})"


def sample_scale(scale: ColorScale, t: float) -> str:
    """The colour at ``t`` (0–1) on a scale, interpolated in sRGB as Plotly's colour bars are."""
    t = min(max(t, 0.0), 1.0)
    for (p0, c0), (p1, c1) in itertools.pairwise(scale):
        if t <= p1:
            f = 0.0 if p1 == p0 else (t - p0) / (p1 - p0)
            return _hex([a + (b - a) * f for a, b in zip(_rgb(c0), _rgb(c1), strict=True)])
    return scale[-1][1]


@dataclass(frozen=True)
class ColorSpec:
    """How values of one indicator map to colours on a map.

    Attributes:
        scale: The colour scale from ``cmin`` to ``cmax``.
        cmin: Value at the low end.
        cmax: Value at the high end.
        diverging: Whether the scale diverges around ``midpoint``.
        midpoint: The neutral value of a diverging scale.
        midpoint_label: What the midpoint is, in Dutch (``Nederland``, ``nul``).
        favourable_high: Whether high values are the favourable (blue) end; ``None`` if neutral.
    """

    scale: ColorScale
    cmin: float
    cmax: float
    diverging: bool
    midpoint: float | None
    midpoint_label: str
    favourable_high: bool | None

    def color(self, value: Any) -> str:
        """The fill for a value; ``MISSING_COLOR`` when missing."""
        if value is None or pd.isna(value):
            return MISSING_COLOR
        span = self.cmax - self.cmin
        return sample_scale(self.scale, 0.5 if span == 0 else (float(value) - self.cmin) / span)

    def plotly_scale(self) -> list[list[Any]]:
        """The scale in Plotly's ``colorscale`` form."""
        return [[p, c] for p, c in self.scale]

    def legend_note(self) -> str | None:
        """A Dutch sentence on reading the diverging colours, ``None`` for a sequential scale."""
        if not self.diverging:
            return None
        if self.midpoint_label == "nul":
            return "Blauw: gunstige verandering, oranje: ongunstige verandering"
        return f"Blauw is gunstiger, oranje ongunstiger dan {self.midpoint_label}"


def indicator_colors(
    indicator: Indicator,
    values: Iterable[Any],
    *,
    nl_value: float | None = None,
    scale: Literal["auto", "sequential"] = "auto",
) -> ColorSpec:
    """Choose the colouring of an indicator on a map.

    Counts and neutral indicators get the sequential scale of their world. An indicator with a
    direction (``higher_is_better``) gets the diverging scale around the national value (or 0 for
    a growth rate, or the median), turned so that the favourable side is always blue.

    Args:
        indicator: The indicator shown.
        values: The values on the map (missing values are ignored).
        nl_value: The national value, used as the neutral midpoint.
        scale: ``"sequential"`` forces the world scale.
    """
    finite = [float(v) for v in values if v is not None and not pd.isna(v)]
    direction = indicator.higher_is_better
    if scale == "auto" and direction is not None and indicator.aggregation != "sum" and finite:
        if nl_value is not None and not pd.isna(nl_value):
            mid, label = float(nl_value), "Nederland"
        elif indicator.aggregation in ("growth", "corop_weighted"):
            mid, label = 0.0, "nul"
        else:
            mid, label = float(pd.Series(finite).median()), "de middelste regio"
        half = max(abs(v - mid) for v in finite) or 1.0
        colors = DIVERGING_SCALE if direction else tuple((1 - p, c) for p, c in reversed(DIVERGING_SCALE))
        return ColorSpec(tuple(colors), mid - half, mid + half, True, mid, label, direction)
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    return ColorSpec(WORLD_SCALES[indicator.world], low, high, False, None, "", direction)


# --- shared layout -----------------------------------------------------------------------------


def _axis_space(style: ChartStyle, *, ticks: bool = True, title: bool = True) -> int:
    """Pixels under the plot area for x tick labels and the x-axis title."""
    space = 10
    if ticks:
        space += int(style.tick * 1.3) + 8
    if title:
        space += int(style.font * 1.3) + 6
    return space


def _frame_texts(
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
    axis = _axis_space(style) if bottom_axis is None else bottom_axis
    bottom = axis + int(footer_lines * style.small * 1.35) + 10
    return title_html, footer_html, top, bottom


def _finish(
    fig: go.Figure,
    *,
    title: str,
    source: str,
    notes: Sequence[str],
    style: ChartStyle,
    height: int,
    left: int = 16,
    right: int = 24,
    top_extra: int = 0,
    bottom_axis: int | None = None,
    wide: bool = False,
) -> None:
    """Apply the shared look: lean template, Dutch separators, title, source footer, margins."""
    title_html, footer_html, top, bottom = _frame_texts(
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


def _hover(lines: Sequence[str]) -> str:
    return "<br>".join(lines)


def _region_hover(code: str, name: str, rows: Sequence[str]) -> str:
    return _hover([f"<b>{escape_text(name)}</b> ({code})", *rows])


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BadInputError(f"De gegevens voor {what} missen de kolom(men): {', '.join(missing)}.")


def _rounded(value: Any, decimals: int) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), decimals)


def _table_column(values: Iterable[Any], decimals: int) -> pd.Series:
    """Rounded values as shown: whole numbers as nullable integers, so the CSV has no ``.0``."""
    series = pd.Series([_rounded(v, decimals) for v in values], dtype="Float64")
    return series.round().astype("Int64") if decimals == 0 else series.round(decimals)


def _status(year: int, provisional_years: Iterable[int]) -> str:
    return "voorlopig" if year in set(provisional_years) else "definitief"


# --- choropleths ------------------------------------------------------------------------------


def _subset_geojson(geojson: Mapping[str, Any], codes: set[str], featureidkey: str) -> dict[str, Any]:
    """Only the features of ``codes``, so an extra trace does not carry the whole geometry again."""
    path = featureidkey.split(".")

    def key_of(feature: Mapping[str, Any]) -> Any:
        node: Any = feature
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if key_of(f) in codes]}


def _feature_centers(geojson: Mapping[str, Any], featureidkey: str) -> dict[str, tuple[float, float]]:
    """Area-weighted centre (lon, lat) of the largest ring of each feature, for labels."""
    path = featureidkey.split(".")
    centers: dict[str, tuple[float, float]] = {}
    for feature in geojson.get("features", []):
        node: Any = feature
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        best: tuple[float, float, float] | None = None
        for polygon in polygons:
            ring = polygon[0] if polygon else []
            area = cx = cy = 0.0
            for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if area and (best is None or abs(area) > best[0]):
                best = (abs(area), cx / (3 * area), cy / (3 * area))
        if best is not None and node is not None:
            centers[str(node)] = (round(best[1], 4), round(best[2], 4))
    return centers


def rewind_for_plotly(geojson: Mapping[str, Any], digits: int = 5) -> dict[str, Any]:
    """A copy of a FeatureCollection that Plotly draws correctly, coordinates rounded.

    GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo, which Plotly uses, reads such
    a ring as "the whole globe minus this polygon" and draws nothing useful. Outer rings become
    clockwise and holes counter-clockwise. Rounding to 5 decimals (about 1 m) keeps the JSON small.
    """

    def ring_area(ring: Sequence[Sequence[float]]) -> float:
        return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring)) / 2

    def orient(ring: Sequence[Sequence[float]], clockwise: bool) -> list[list[float]]:
        points = [[round(float(c), digits) for c in point[:2]] for point in ring]
        return points[::-1] if (ring_area(points) < 0) != clockwise else points

    def polygon(rings: Sequence[Any]) -> list[list[list[float]]]:
        return [orient(ring, clockwise=i == 0) for i, ring in enumerate(rings)]

    features = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if kind == "Polygon":
            geometry = {"type": kind, "coordinates": polygon(geometry["coordinates"])}
        elif kind == "MultiPolygon":
            geometry = {"type": kind, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
        features.append(
            {"type": "Feature", "properties": feature.get("properties", {}), "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def _geo_anchor(geojson: Mapping[str, Any], featureidkey: str) -> go.Scattergeo:
    """An invisible lon/lat point that must be the figure's first trace.

    Plotly.js decides whether to download its world map (cdn.plot.ly/un/world_110m.json) by
    looking at the first trace of a geo subplot only: a choropleth always has a ``locationmode``
    and triggers the download, which fails offline and then blocks the whole map. A plain lon/lat
    trace first keeps the map fully offline.
    """
    centers = _feature_centers(geojson, featureidkey)
    lon, lat = next(iter(centers.values()), (5.3, 52.2))
    return go.Scattergeo(
        lon=[lon],
        lat=[lat],
        mode="markers",
        marker={"size": 1, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
        name="anker",
    )


def _geo_layout() -> dict[str, Any]:
    return {
        "visible": False,
        "fitbounds": "locations",
        "projection": {"type": "mercator"},
        "bgcolor": "rgba(0,0,0,0)",
        "domain": {"x": [0, 0.86], "y": [0, 1]},
    }


def _extreme_codes(frame: pd.DataFrame, column: str) -> list[str]:
    valid = frame[frame[column].notna()]
    if valid.empty:
        return []
    return _dedupe(
        [
            str(valid.loc[valid[column].idxmax(), "region_code"]),
            str(valid.loc[valid[column].idxmin(), "region_code"]),
        ]
    )


def choropleth(
    values: pd.DataFrame,
    indicator: Indicator,
    geojson: Mapping[str, Any],
    source: str,
    *,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    featureidkey: str = "properties.statcode",
    year: int | None = None,
    provisional_years: Iterable[int] = (),
    nl_value: float | None = None,
    scale: Literal["auto", "sequential"] = "auto",
    height: int | None = None,
) -> Chart:
    """A geographic map of one indicator per region, coloured like the tile map.

    Works offline: the boundaries come in as GeoJSON and no base map is drawn.

    Args:
        values: Columns ``region_code``, ``region_name``, ``value``.
        indicator: The indicator shown (colour family, unit, decimals, direction).
        geojson: A FeatureCollection whose ``featureidkey`` holds the region code.
        source: The credit line, e.g. ``"Bron: CBS, tabel 80794ned, opgehaald …"``.
        selected: Region code to outline in ``HIGHLIGHT_COLOR``.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        featureidkey: Where the code sits in each feature.
        year: The data year (for the title, header and provisional mark).
        provisional_years: Years whose figures are provisional.
        nl_value: National value: the neutral midpoint of a diverging scale.
        scale: ``"sequential"`` forces the world scale.
        height: Figure height in px.
    """
    _require(values, ["region_code", "region_name", "value"], "de kaart")
    style = chart_style(presentation)
    frame = values.sort_values("region_code").reset_index(drop=True)
    frame["shown"] = [_rounded(v, indicator.decimals) for v in frame["value"]]
    spec = indicator_colors(indicator, frame["shown"], nl_value=nl_value, scale=scale)
    period = period_label(indicator, year, provisional_years)
    title = title or f"{indicator.title}{f', {period}' if period else ''}, per arbeidsmarktregio"
    has = frame[frame["shown"].notna()]
    missing = frame[frame["shown"].isna()]
    geojson = rewind_for_plotly(geojson)

    fig = go.Figure(_geo_anchor(geojson, featureidkey))
    hover = [
        _region_hover(c, n, [format_with_unit(indicator, v)])
        for c, n, v in zip(has["region_code"], has["region_name"], has["shown"], strict=True)
    ]
    colorbar_title = wrap_text(indicator.unit, 14)
    if spec.diverging and nl_value is not None:
        colorbar_title += f"<br>NL: {format_number(nl_value, indicator.decimals)}"
    fig.add_trace(
        go.Choropleth(
            geojson=geojson,
            featureidkey=featureidkey,
            locations=list(has["region_code"]),
            z=list(has["shown"]),
            zmin=spec.cmin,
            zmax=spec.cmax,
            colorscale=spec.plotly_scale(),
            marker={"line": {"color": "#FFFFFF", "width": 1.0 if not presentation else 1.5}},
            customdata=[
                [c, n, v]
                for c, n, v in zip(has["region_code"], has["region_name"], has["shown"], strict=True)
            ],
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorbar={
                "title": {"text": colorbar_title, "font": {"size": style.small}},
                "tickfont": {"size": style.tick},
                "thickness": 18 if presentation else 14,
                "len": 0.7,
                "x": 0.88,
                "xanchor": "left",
                "outlinewidth": 0,
                "separatethousands": True,
            },
            name=indicator.short,
        )
    )
    if not missing.empty:
        fig.add_trace(
            go.Choropleth(
                geojson=_subset_geojson(geojson, set(missing["region_code"]), featureidkey),
                featureidkey=featureidkey,
                locations=list(missing["region_code"]),
                z=[0] * len(missing),
                colorscale=[[0, MISSING_COLOR], [1, MISSING_COLOR]],
                showscale=False,
                marker={"line": {"color": "#FFFFFF", "width": 1.0}},
                customdata=[
                    [c, n, None] for c, n in zip(missing["region_code"], missing["region_name"], strict=True)
                ],
                hovertext=[
                    _region_hover(c, n, ["geen gegevens"])
                    for c, n in zip(missing["region_code"], missing["region_name"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                name="geen gegevens",
            )
        )
    _add_geo_selection(
        fig,
        frame,
        geojson,
        featureidkey,
        selected,
        style,
        label_value=lambda r: format_number(r["shown"], indicator.decimals),
        extremes=_extreme_codes(frame, "shown") if presentation else [],
    )
    notes = _dedupe(
        [
            *indicator_notes(indicator),
            spec.legend_note() or "",
            "Grijs: geen gegevens" if not missing.empty else "",
            PROVISIONAL_NOTE if period and period.endswith("*") else "",
        ]
    )
    fig.update_layout(geo=_geo_layout(), showlegend=False)
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=height or (820 if presentation else 620),
        bottom_axis=8,
    )
    return Chart(fig, value_table(frame, indicator, period), title, notes)


def value_table(frame: pd.DataFrame, indicator: Indicator, period: str | None) -> pd.DataFrame:
    """The table alternative of a map: code, region and the value as shown."""
    return pd.DataFrame(
        {
            "Code": frame["region_code"].astype(str),
            "Arbeidsmarktregio": frame["region_name"].astype(str),
            value_header(indicator, period): _table_column(frame["shown"], indicator.decimals),
        }
    )


def _add_geo_selection(
    fig: go.Figure,
    frame: pd.DataFrame,
    geojson: Mapping[str, Any],
    featureidkey: str,
    selected: str | None,
    style: ChartStyle,
    *,
    label_value: Any,
    extremes: Sequence[str],
) -> None:
    """Outline the selected region and write labels for it (and extremes) on a choropleth."""
    codes = set(frame["region_code"])
    if selected in codes:
        fig.add_trace(
            go.Choropleth(
                geojson=_subset_geojson(geojson, {selected}, featureidkey),
                featureidkey=featureidkey,
                locations=[selected],
                z=[0],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": HIGHLIGHT_COLOR, "width": style.ring}},
                hoverinfo="skip",
                name="geselecteerd",
            )
        )
    label_codes = _dedupe([*([selected] if selected in codes else []), *extremes])
    if not label_codes:
        return
    centers = _feature_centers(_subset_geojson(geojson, set(label_codes), featureidkey), featureidkey)
    rows = frame.set_index("region_code")
    shown = [c for c in label_codes if c in centers]
    fig.add_trace(
        go.Scattergeo(
            lon=[centers[c][0] for c in shown],
            lat=[centers[c][1] for c in shown],
            mode="text",
            text=[
                "<br>".join(
                    t
                    for t in (f"<b>{escape_text(rows.loc[c, 'region_name'])}</b>", label_value(rows.loc[c]))
                    if t
                )
                for c in shown
            ],
            textfont={"size": style.label, "color": TEXT_COLOR, "shadow": _HALO},
            hoverinfo="skip",
            customdata=[[c] for c in shown],
            name="labels",
        )
    )


def bivariate_class_frame(classes: pd.DataFrame) -> pd.DataFrame:
    """Validate a bivariate class table and add its colour (shared by tile map and choropleth)."""
    _require(
        classes,
        ["region_code", "region_name", "growth_class", "bijstand_class", "growth_pct", "bijstand_change_pct"],
        "de tweedimensionale kaart",
    )
    frame = classes.sort_values("region_code").reset_index(drop=True)

    def color(g: Any, b: Any) -> str:
        if pd.isna(g) or pd.isna(b):
            return MISSING_COLOR
        gi, bi = int(g), int(b)
        if not (0 <= gi <= 2 and 0 <= bi <= 2):
            raise BadInputError("Klassen van de tweedimensionale kaart moeten 0, 1 of 2 zijn.")
        return BIVARIATE_COLORS[bi][gi]

    frame["color"] = [
        color(g, b) for g, b in zip(frame["growth_class"], frame["bijstand_class"], strict=True)
    ]
    frame["standout"] = [
        not (pd.isna(g) or pd.isna(b)) and int(g) == 2 and int(b) == 2
        for g, b in zip(frame["growth_class"], frame["bijstand_class"], strict=True)
    ]
    return frame


def bivariate_hover(
    row: Mapping[str, Any],
    legend_labels: tuple[str, str],
    class_labels: tuple[Sequence[str], Sequence[str]],
) -> str:
    """Hover text for one region of a bivariate map: both values and the class meaning."""
    lines = [
        f"{escape_text(legend_labels[0])}: {format_number(row['growth_pct'], 1, signed=True)}%",
        f"{escape_text(legend_labels[1])}: {format_number(row['bijstand_change_pct'], 1, signed=True)}%",
    ]
    if not (pd.isna(row["growth_class"]) or pd.isna(row["bijstand_class"])):
        meaning = (
            f"{class_labels[0][int(row['growth_class'])]}, {class_labels[1][int(row['bijstand_class'])]}"
        )
        lines.append(f"<i>{escape_text(meaning)}</i>")
    else:
        lines.append("geen gegevens")
    return _region_hover(str(row["region_code"]), str(row["region_name"]), lines)


def bivariate_table(
    frame: pd.DataFrame, legend_labels: tuple[str, str], class_labels: tuple[Sequence[str], Sequence[str]]
) -> pd.DataFrame:
    """The table alternative of a bivariate map."""

    def name(labels: Sequence[str], value: Any) -> str:
        return "geen gegevens" if pd.isna(value) else labels[int(value)]

    return pd.DataFrame(
        {
            "Code": frame["region_code"].astype(str),
            "Arbeidsmarktregio": frame["region_name"].astype(str),
            f"{legend_labels[0]} (%)": _table_column(frame["growth_pct"], 1),
            f"{legend_labels[1]} (%)": _table_column(frame["bijstand_change_pct"], 1),
            "Klasse groei": [name(class_labels[0], v) for v in frame["growth_class"]],
            "Klasse bijstand": [name(class_labels[1], v) for v in frame["bijstand_class"]],
        }
    )


def bivariate_notes(class_labels: tuple[Sequence[str], Sequence[str]], missing: bool) -> list[str]:
    """Notes of a bivariate map: what the darkest colour means."""
    return _dedupe(
        [
            f"Donkerste kleur: {class_labels[0][2]}, maar {class_labels[1][2]}",
            "Grijs: geen gegevens" if missing else "",
        ]
    )


def bivariate_legend_items(
    x0: float,
    y0: float,
    cell: float,
    legend_labels: tuple[str, str],
    style: ChartStyle,
    *,
    xref: str = "x",
    yref: str = "y",
    xscale: float = 1.0,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shapes and annotations of the 3×3 legend; ``(x0, y0)`` is its lower-left corner.

    Growth runs to the right, bijstand class upward; the standout cell gets a dark outline.
    """
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    w = cell * xscale
    for b in range(3):
        for g in range(3):
            standout = g == 2 and b == 2
            shapes.append(
                {
                    "type": "rect",
                    "xref": xref,
                    "yref": yref,
                    "x0": x0 + g * w,
                    "x1": x0 + (g + 1) * w,
                    "y0": y0 + b * cell,
                    "y1": y0 + (b + 1) * cell,
                    "fillcolor": BIVARIATE_COLORS[b][g],
                    "line": {"color": TEXT_COLOR if standout else "#FFFFFF", "width": 2.5 if standout else 1},
                    "layer": "above",
                    "name": f"legenda {b}{g}",
                }
            )
    annotations.append(
        {
            "xref": xref,
            "yref": yref,
            "x": x0,
            "y": y0,
            "xanchor": "left",
            "yanchor": "top",
            "text": f"{escape_text(legend_labels[0])} →",
            "showarrow": False,
            "font": {"size": style.small + (0 if style.presentation else 1), "color": ECONOMY_COLOR},
            "name": "legenda x",
        }
    )
    annotations.append(
        {
            "xref": xref,
            "yref": yref,
            "x": x0,
            "y": y0 + 3 * cell,
            "xanchor": "left",
            "yanchor": "bottom",
            "text": f"↑ {escape_text(legend_labels[1])}",
            "showarrow": False,
            "font": {"size": style.small + (0 if style.presentation else 1), "color": BIJSTAND_COLOR},
            "name": "legenda y",
        }
    )
    return shapes, annotations


def bivariate_choropleth(
    classes: pd.DataFrame,
    geojson: Mapping[str, Any],
    source: str,
    *,
    legend_labels: tuple[str, str] = ("Groei", "Bijstand daalt minder"),
    class_labels: tuple[Sequence[str], Sequence[str]] = BIVARIATE_CLASS_LABELS,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    featureidkey: str = "properties.statcode",
    height: int | None = None,
) -> Chart:
    """A geographic bivariate map: growth class × bijstand class in 3×3 colours.

    Args:
        classes: Columns ``region_code``, ``region_name``, ``growth_class`` and ``bijstand_class``
            (0–2; bijstand class 2 = falls least or rises), ``growth_pct``, ``bijstand_change_pct``.
        geojson: A FeatureCollection whose ``featureidkey`` holds the region code.
        source: The credit line.
        legend_labels: ``(x_label, y_label)`` for the legend's growth and bijstand axes.
        class_labels: Dutch class names (growth, bijstand), class 0 first, for hover and table.
        selected: Region code to outline.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        featureidkey: Where the code sits in each feature.
        height: Figure height in px.
    """
    style = chart_style(presentation)
    frame = bivariate_class_frame(classes)
    geojson = rewind_for_plotly(geojson)
    title = title or "Groei en bijstand samen: waar daalt de bijstand niet mee?"
    palette = [*_dedupe(BIVARIATE_COLORS[b][g] for b in range(3) for g in range(3)), MISSING_COLOR]
    index = {c: i for i, c in enumerate(palette)}
    steps = len(palette)
    colorscale: list[list[Any]] = []
    for i, c in enumerate(palette):
        colorscale += [[i / steps, c], [(i + 1) / steps, c]]
    fig = go.Figure(_geo_anchor(geojson, featureidkey))
    fig.add_trace(
        go.Choropleth(
            geojson=geojson,
            featureidkey=featureidkey,
            locations=list(frame["region_code"]),
            z=[index[c] for c in frame["color"]],
            zmin=-0.5,
            zmax=steps - 0.5,
            colorscale=colorscale,
            showscale=False,
            marker={"line": {"color": "#FFFFFF", "width": 1.0}},
            customdata=[[c, n] for c, n in zip(frame["region_code"], frame["region_name"], strict=True)],
            hovertext=[bivariate_hover(r, legend_labels, class_labels) for _, r in frame.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
            name="klassen",
        )
    )
    standout = frame[frame["standout"]]
    if not standout.empty:
        # Outline too, so the combination does not rely on colour alone.
        fig.add_trace(
            go.Choropleth(
                geojson=_subset_geojson(geojson, set(standout["region_code"]), featureidkey),
                featureidkey=featureidkey,
                locations=list(standout["region_code"]),
                z=[0] * len(standout),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"color": TEXT_COLOR, "width": 2}},
                hoverinfo="skip",
                name="valt op",
            )
        )
    _add_geo_selection(
        fig, frame, geojson, featureidkey, selected, style, label_value=lambda r: "", extremes=[]
    )
    cell = 0.05 if presentation else 0.045
    shapes, annotations = bivariate_legend_items(
        0.0, 0.66, cell, legend_labels, style, xref="paper", yref="paper", xscale=0.75
    )
    fig.update_layout(
        geo=_geo_layout() | {"domain": {"x": [0.05, 1], "y": [0, 1]}},
        showlegend=False,
        shapes=shapes,
        annotations=annotations,
    )
    notes = bivariate_notes(class_labels, bool((frame["color"] == MISSING_COLOR).any()))
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=height or (820 if presentation else 620),
        bottom_axis=8,
    )
    return Chart(fig, bivariate_table(frame, legend_labels, class_labels), title, notes)


# --- quadrant chart ----------------------------------------------------------------------------


def _label_annotation(
    x: float,
    y: float,
    text: str,
    style: ChartStyle,
    *,
    ax: int,
    ay: int,
    color: str = TEXT_COLOR,
    bold: bool = False,
) -> dict[str, Any]:
    return {
        "x": x,
        "y": y,
        "text": f"<b>{text}</b>" if bold else text,
        "showarrow": True,
        "arrowhead": 0,
        "arrowwidth": 1.5 if not style.presentation else 2.5,
        "arrowcolor": color,
        "ax": ax,
        "ay": ay,
        "font": {"size": style.label, "color": color},
        "bgcolor": "rgba(255,255,255,0.85)",
        "borderpad": 2,
        "name": "label",
    }


def _place_labels(
    rows: pd.DataFrame,
    codes: Sequence[str],
    selected: str | None,
    style: ChartStyle,
    *,
    x_range: Sequence[float],
    y_range: Sequence[float],
    plot_px: tuple[int, int],
    obstacles: Sequence[tuple[float, float, float, float]] = (),
    radius: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Arrow labels for chosen points, each put where it overlaps no earlier label or text.

    Positions are estimated in pixels from the axis ranges and the expected plot size; good enough
    for a handful of labels, and far better than Plotly's fixed text positions.
    """
    width_px, height_px = max(plot_px[0], 200), max(plot_px[1], 150)

    def to_px(x: float, y: float) -> tuple[float, float]:
        fx = (x - x_range[0]) / (x_range[1] - x_range[0])
        fy = (y - y_range[0]) / (y_range[1] - y_range[0])
        return fx * width_px, (1 - fy) * height_px

    placed: list[tuple[float, float, float, float]] = list(obstacles)
    points = [to_px(float(rows.loc[c, "x"]), float(rows.loc[c, "y"])) for c in codes]
    # Keep each label off the other labelled points too (its own point is where its arrow goes).
    dots = {c: (px - 8, py - 8, px + 8, py + 8) for c, (px, py) in zip(codes, points, strict=True)}
    annotations = []
    for code, (px, py) in zip(codes, points, strict=True):
        r = rows.loc[code]
        bubble = (radius or {}).get(code, 0.0)
        base = (40 if style.presentation else 30) + bubble
        candidates = [
            (dx * d, dy * d)
            for d in (base, base * 1.7)
            for dx, dy in ((1, -1), (-1, -1), (1, 1), (-1, 1), (1.6, 0), (-1.6, 0), (0, -1.4), (0, 1.4))
        ]
        text = escape_text(r["region_name"])
        w = len(str(r["region_name"])) * style.label * 0.58 + 8
        h = style.label * 1.4
        best = None
        for ax, ay in candidates:
            cx, cy = px + ax, py + ay  # the label's centre
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            others = placed + [b for c, b in dots.items() if c != code]
            clash = any(
                not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]) for b in others
            )
            if inside and not clash:
                best = (ax, ay, box)
                break
        if best is None:
            ax, ay = candidates[0]
            best = (ax, ay, (px + ax - w / 2, py + ay - h / 2, px + ax + w / 2, py + ay + h / 2))
        placed.append(best[2])
        annotation = _label_annotation(
            float(r["x"]),
            float(r["y"]),
            text,
            style,
            ax=int(best[0]),
            ay=int(best[1]),
            color=readable_on_white(HIGHLIGHT_COLOR) if code == selected else TEXT_COLOR,
            bold=code == selected,
        )
        annotation["standoff"] = round(bubble, 1)  # the leader line starts at the bubble's edge
        annotations.append(annotation)
    return annotations


def _text_boxes(
    annotations: Sequence[Mapping[str, Any]],
    x_range: Sequence[float],
    y_range: Sequence[float],
    plot_px: tuple[int, int],
    style: ChartStyle,
) -> list[tuple[float, float, float, float]]:
    """Estimated pixel boxes of paper- and axis-anchored annotations (corner names, NL labels)."""
    width_px, height_px = max(plot_px[0], 200), max(plot_px[1], 150)
    boxes = []
    for a in annotations:
        lines = str(a["text"]).split("<br>")
        size = a.get("font", {}).get("size", style.small)
        w = max(len(re.sub("<[^>]+>", "", line)) for line in lines) * size * 0.58 + 8
        h = len(lines) * size * 1.3 + 4
        if a.get("xref") == "paper":
            x = float(a["x"]) * width_px
        else:
            x = (float(a["x"]) - x_range[0]) / (x_range[1] - x_range[0]) * width_px
        if a.get("yref") == "paper":
            y = (1 - float(a["y"])) * height_px
        else:
            y = (1 - (float(a["y"]) - y_range[0]) / (y_range[1] - y_range[0])) * height_px
        y -= float(a.get("yshift", 0))
        x0 = {"left": x, "right": x - w}.get(a.get("xanchor", "center"), x - w / 2)
        y0 = {"top": y, "bottom": y - h}.get(a.get("yanchor", "middle"), y - h / 2)
        boxes.append((x0, y0, x0 + w, y0 + h))
    return boxes


def _corner_of(frame: pd.DataFrame, key: str, nl_x: float, nl_y: float) -> tuple[bool, bool] | None:
    """(right, top) of a quadrant key, read from where its regions lie; ``None`` if it has none."""
    members = frame[frame["quadrant"] == key]
    if members.empty:
        return None
    return bool(members["growth_pct"].median() >= nl_x), bool(members["bijstand_change_pct"].median() >= nl_y)


def quadrant_chart(
    frame: pd.DataFrame,
    nl_growth: float,
    nl_bijstand_change: float,
    x_label: str,
    source: str,
    quadrant_names: Mapping[str, str],
    *,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    approximation: bool = False,
    year: int | None = None,
    provisional_years: Iterable[int] = (),
    height: int | None = None,
) -> Chart:
    """Growth (x) against change in bijstand (y) per region, bubbles sized by bijstand count.

    Dashed lines mark Nederland; the quadrant names sit in the corners. The corner where growth is
    above and the bijstand change is above the national line ("groei, maar de bijstand blijft
    staan") is shaded, since that is the story the dashboard exists for.

    Args:
        frame: Columns ``region_code``, ``region_name``, ``growth_pct``, ``bijstand_change_pct``,
            ``bijstand_count``, ``quadrant`` (a key of ``quadrant_names``).
        nl_growth: National growth (%), the vertical reference line.
        nl_bijstand_change: National change in bijstand (%), the horizontal reference line.
        x_label: Dutch name of the growth indicator, e.g. ``"Banengroei"``.
        source: The credit line.
        quadrant_names: Quadrant key → Dutch name; the corner of each key follows from where its
            regions lie relative to the national lines.
        selected: Region code to highlight and label.
        presentation: Projector sizes; also labels the extreme regions.
        title: A title stating the finding; default a descriptive one.
        approximation: The growth figures are a COROP approximation (adds a note).
        year: The data year, for the provisional mark.
        provisional_years: Years whose figures are provisional.
        height: Figure height in px.
    """
    _require(
        frame,
        ["region_code", "region_name", "growth_pct", "bijstand_change_pct", "bijstand_count", "quadrant"],
        "het kwadrantendiagram",
    )
    style = chart_style(presentation)
    data = frame.sort_values("region_code").reset_index(drop=True)
    data["x"] = [_rounded(v, 1) for v in data["growth_pct"]]
    data["y"] = [_rounded(v, 1) for v in data["bijstand_change_pct"]]
    data["n"] = [_rounded(v, 0) for v in data["bijstand_count"]]
    plotted = data[data["x"].notna() & data["y"].notna()].reset_index(drop=True)
    nl_x, nl_y = round(float(nl_growth), 1), round(float(nl_bijstand_change), 1)
    title = title or f"{x_label} en verandering van de bijstand per arbeidsmarktregio"

    max_count = max([v for v in plotted["n"] if v is not None] or [1])
    max_px = 60 if presentation else 42
    sizes = [v if v is not None else 0 for v in plotted["n"]]
    is_sel = [c == selected for c in plotted["region_code"]]
    hover = [
        _region_hover(
            r.region_code,
            r.region_name,
            [
                f"{escape_text(x_label)}: {format_number(r.x, 1, signed=True)}%",
                f"Verandering bijstand: {format_number(r.y, 1, signed=True)}%",
                f"Personen met bijstand: {format_number(r.n, 0)}",
            ],
        )
        for r in plotted.itertuples()
    ]
    fig = go.Figure()
    # Shade the "growth, but bijstand does not fall" corner before anything else is drawn.
    xs = [*plotted["x"], nl_x]
    ys = [*plotted["y"], nl_y]
    xpad = max((max(xs) - min(xs)) * 0.12, 0.5)
    # Extra room above and below: the quadrant names sit in the corners, two lines high.
    ypad = max((max(ys) - min(ys)) * 0.2, 0.6)
    x_range = [min(xs) - xpad, max(xs) + xpad]
    y_range = [min(ys) - ypad, max(ys) + ypad]
    shapes: list[dict[str, Any]] = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": nl_x,
            "x1": x_range[1],
            "y0": nl_y,
            "y1": y_range[1],
            "fillcolor": _rgba(BIVARIATE_COLORS[2][2], 0.08),
            "line": {"width": 0},
            "layer": "below",
            "name": "aandacht",
        },
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": nl_x,
            "x1": nl_x,
            "y0": 0,
            "y1": 1,
            "line": {"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
            "name": "Nederland groei",
        },
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": nl_y,
            "y1": nl_y,
            "line": {"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
            "name": "Nederland bijstand",
        },
    ]
    fig.add_trace(
        go.Scatter(
            x=list(plotted["x"]),
            y=list(plotted["y"]),
            mode="markers",
            marker={
                "size": sizes,
                "sizemode": "area",
                "sizeref": 2 * max_count / max_px**2,
                "sizemin": 5 if not presentation else 8,
                "color": [HIGHLIGHT_COLOR if s else "#5B6B7A" for s in is_sel],
                "opacity": [1.0 if s else 0.6 for s in is_sel],
                "line": {
                    "color": [TEXT_COLOR if s else "#FFFFFF" for s in is_sel],
                    "width": [3 if s else 1 for s in is_sel]
                    if presentation
                    else [2 if s else 0.8 for s in is_sel],
                },
            },
            customdata=[[r.region_code, r.region_name] for r in plotted.itertuples()],
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            unselected={"marker": {"opacity": 0.3}},
            name="Arbeidsmarktregio's",
        )
    )
    annotations: list[dict[str, Any]] = [
        {
            "x": nl_x,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "text": f"Nederland {format_number(nl_x, 1, signed=True)}%",
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "xshift": 4,
            "font": {"size": style.small, "color": NL_COLOR},
            "bgcolor": "rgba(255,255,255,0.8)",
            "name": "Nederland x",
        },
        {
            "x": 1,
            "y": nl_y,
            "xref": "paper",
            "yref": "y",
            "text": f"Nederland {format_number(nl_y, 1, signed=True)}%",
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "bottom",
            "font": {"size": style.small, "color": NL_COLOR},
            "bgcolor": "rgba(255,255,255,0.8)",
            "name": "Nederland y",
        },
    ]
    annotations += _quadrant_corner_annotations(plotted, quadrant_names, nl_x, nl_y, style)

    # Labels: always the selected region; on the projector also the extremes, since nobody hovers.
    label_codes = [selected] if selected in set(plotted["region_code"]) else []
    if presentation:
        label_codes += _extreme_codes(plotted, "x") + _extreme_codes(plotted, "y")
    fig_height = height or (780 if presentation else 560)
    plot_px = (style.wrap_px - 110, fig_height - 230)
    annotations += _place_labels(
        plotted.set_index("region_code"),
        _dedupe(label_codes),
        selected,
        style,
        x_range=x_range,
        y_range=y_range,
        plot_px=plot_px,
        obstacles=_text_boxes(annotations, x_range, y_range, plot_px, style),
        radius={
            c: math.sqrt((n or 0) / max_count) * max_px / 2
            for c, n in zip(plotted["region_code"], plotted["n"], strict=True)
        },
    )
    x_title = f"{escape_text(x_label)} (%)"
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        hovermode="closest",
        xaxis={
            "title": {"text": x_title, "font": {"color": readable_on_white(ECONOMY_COLOR)}},
            "range": x_range,
            "ticksuffix": "%",
            "tickfont": {"size": style.tick},
            "automargin": False,
            "zeroline": True,
        },
        yaxis={
            "title": {"text": "Verandering bijstand (%)", "font": {"color": BIJSTAND_COLOR}},
            "range": y_range,
            "ticksuffix": "%",
            "tickfont": {"size": style.tick},
            "zeroline": True,
        },
    )
    provisional = year is not None and year in set(provisional_years)
    notes = _dedupe(
        [
            "Oppervlak van de bel: aantal personen met bijstand",
            "Stippellijnen: Nederland",
            "Benadering op basis van COROP-gebieden" if approximation else "",
            PROVISIONAL_NOTE if provisional else "",
        ]
    )
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=fig_height,
        left=90 if presentation else 70,
    )
    table = pd.DataFrame(
        {
            "Code": data["region_code"].astype(str),
            "Arbeidsmarktregio": data["region_name"].astype(str),
            f"{x_label} (%)": _table_column(data["x"], 1),
            "Verandering bijstand (%)": _table_column(data["y"], 1),
            "Personen met bijstand": _table_column(data["n"], 0),
            "Kwadrant": [quadrant_names.get(q, str(q)) if not pd.isna(q) else "" for q in data["quadrant"]],
        }
    )
    return Chart(fig, table, title, notes)


def _quadrant_corner_annotations(
    frame: pd.DataFrame, quadrant_names: Mapping[str, str], nl_x: float, nl_y: float, style: ChartStyle
) -> list[dict[str, Any]]:
    corners: dict[tuple[bool, bool], str] = {}
    unplaced: list[str] = []
    for key in quadrant_names:
        corner = _corner_of(frame, key, nl_x, nl_y)
        if corner is None or corner in corners:
            unplaced.append(key)
        else:
            corners[corner] = key
    free = [c for c in ((True, True), (True, False), (False, True), (False, False)) if c not in corners]
    for key, corner in zip(unplaced, free, strict=False):
        corners[corner] = key
    annotations = []
    for (right, top), key in corners.items():
        standout = right and top
        color = readable_on_white(BIVARIATE_COLORS[2][2]) if standout else MUTED_TEXT_COLOR
        text = wrap_text(quadrant_names[key], 24)
        annotations.append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0.995 if right else 0.005,
                "y": 0.985 if top else 0.015,
                "xanchor": "right" if right else "left",
                "yanchor": "top" if top else "bottom",
                "yshift": -(style.small * 1.6) if top and right else 0,
                "text": f"<b>{text}</b>" if standout else text,
                "showarrow": False,
                "align": "right" if right else "left",
                "font": {"size": style.small + (0 if style.presentation else 1), "color": color},
                "bgcolor": "rgba(255,255,255,0.75)",
                "name": f"kwadrant {key}",
            }
        )
    return annotations


# --- lines over time ---------------------------------------------------------------------------


@dataclass
class _Line:
    key: str
    label: str
    years: list[int]
    values: list[float | None]
    color: str
    width: float
    dash: str = "solid"
    symbol: str = "circle"
    customdata: list[list[Any]] | None = None


def _spread(targets: Sequence[float], heights: Sequence[float], lo: float, hi: float) -> list[float]:
    """Move label centres apart so labels of ``heights`` (data units) do not overlap."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    pos = [targets[i] for i in order]
    hs = [heights[i] for i in order]
    for k in range(1, len(pos)):
        pos[k] = max(pos[k], pos[k - 1] + (hs[k] + hs[k - 1]) / 2)
    if pos and pos[-1] > hi:
        pos[-1] = hi
        for k in range(len(pos) - 2, -1, -1):
            pos[k] = min(pos[k], pos[k + 1] - (hs[k] + hs[k + 1]) / 2)
    if pos and pos[0] < lo:
        pos[0] = lo
        for k in range(1, len(pos)):
            pos[k] = max(pos[k], pos[k - 1] + (hs[k] + hs[k - 1]) / 2)
    result = [0.0] * len(targets)
    for k, i in enumerate(order):
        result[i] = pos[k]
    return result


def _year_ticks(
    years: Sequence[int], provisional_years: Iterable[int], max_ticks: int
) -> tuple[list[int], list[str]]:
    """Year ticks with ``*`` on provisional years, thinned to at most ``max_ticks``."""
    ordered = sorted(set(years))
    if len(ordered) <= max_ticks:
        shown = ordered
    else:
        # A regular step (1, 2, 5, 10 years) counted back from the newest, often provisional, year.
        span = ordered[-1] - ordered[0]
        step = next((s for s in (1, 2, 5, 10, 20) if span // s + 1 <= max_ticks), 25)
        shown = [y for y in range(ordered[-1], ordered[0] - 1, -step)][::-1]
    marks = set(provisional_years)
    return shown, [f"{y}*" if y in marks else str(y) for y in shown]


def _line_chart(
    lines: Sequence[_Line],
    *,
    title: str,
    source: str,
    notes: list[str],
    style: ChartStyle,
    y_title: str,
    decimals: int,
    provisional_years: Iterable[int],
    reference: float | None,
    height: int | None,
) -> go.Figure:
    """Lines over years with direct end labels, a provisional band and optional reference line."""
    marks = set(provisional_years)
    fig = go.Figure()
    all_years = sorted({y for line in lines for y in line.years})
    values = [v for line in lines for v in line.values if v is not None]
    if reference is not None:
        values.append(reference)
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((hi - lo) * 0.08, 0.5 if decimals else 1.0)
    y_range = [lo - pad, hi + pad]
    fig_height = height or (720 if style.presentation else 480)
    for line in lines:
        points = [(y, v) for y, v in zip(line.years, line.values, strict=True) if v is not None]
        if not points:
            continue
        years, vals = zip(*points, strict=True)
        hover = f"{escape_text(line.label)}: %{{y:,.{decimals}f}}<extra></extra>"
        symbols = [line.symbol + ("-open" if y in marks else "") for y in years]
        marker = {
            "size": style.marker,
            "symbol": symbols,
            "color": line.color,
            "line": {"width": 2 if style.presentation else 1.5, "color": line.color},
        }
        customdata = [line.customdata[line.years.index(y)] for y in years] if line.customdata else None
        last_definitive = max((i for i, y in enumerate(years) if y not in marks), default=-1)
        if last_definitive == len(years) - 1:
            fig.add_trace(
                go.Scatter(
                    x=list(years),
                    y=list(vals),
                    mode="lines+markers",
                    line={"color": line.color, "width": line.width, "dash": line.dash},
                    marker=marker,
                    name=line.label,
                    customdata=customdata,
                    hovertemplate=hover,
                )
            )
            continue
        # Provisional tail: one hoverable marker trace plus a solid and a dotted line piece, so
        # no point is listed twice in the hover box.
        pieces = (
            (list(range(last_definitive + 1)), line.dash),
            (list(range(max(last_definitive, 0), len(years))), "dot"),
        )
        for idx, dash in pieces:
            if len(idx) > 1:
                fig.add_trace(
                    go.Scatter(
                        x=[years[i] for i in idx],
                        y=[vals[i] for i in idx],
                        mode="lines",
                        line={"color": line.color, "width": line.width, "dash": dash},
                        hoverinfo="skip",
                        name=line.label,
                    )
                )
        fig.add_trace(
            go.Scatter(
                x=list(years),
                y=list(vals),
                mode="markers",
                marker=marker,
                name=line.label,
                customdata=customdata,
                hovertemplate=hover,
            )
        )
    # Direct labels at the line ends, pushed apart where they would overlap.
    # The plot's height as _finish will leave it: the figure less title, footer and axis.
    will_mark = bool(marks & set(all_years))
    _, _, top, bottom = _frame_texts(
        title,
        source,
        [*notes, PROVISIONAL_NOTE] if will_mark else notes,
        style,
        top_extra=style.small + 6 if will_mark else 0,
    )
    plot_px = fig_height - top - bottom
    label_lines: list[tuple[_Line, float, str]] = []
    for line in lines:
        last = [(y, v) for y, v in zip(line.years, line.values, strict=True) if v is not None]
        if last:
            # Short lines: the labels' room comes off the plot, which is narrow beside another
            # chart at 1280 px.
            text = wrap_text(line.label, 13)
            text += f": <b>{format_number(last[-1][1], decimals)}</b>"
            if last[-1][0] != all_years[-1]:
                text += f" ({last[-1][0]})"  # the label sits at the last year; this line ends earlier
            label_lines.append((line, last[-1][1], text))
    unit_per_px = (y_range[1] - y_range[0]) / max(plot_px, 100)
    heights = [(t.count("<br>") + 1) * style.label * 1.3 * unit_per_px for _, _, t in label_lines]
    ys = _spread([v for _, v, _ in label_lines], heights, y_range[0], y_range[1])
    annotations: list[dict[str, Any]] = []
    longest = 0
    for (line, _, text), y in zip(label_lines, ys, strict=True):
        longest = max(longest, *(len(re.sub("<[^>]+>", "", part)) for part in text.split("<br>")))
        annotations.append(
            {
                "x": all_years[-1],
                "y": y,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "xshift": 12,
                "align": "left",
                "font": {"size": style.label, "color": readable_on_white(line.color)},
                "name": f"eindlabel {line.key}",
            }
        )
    shapes: list[dict[str, Any]] = []
    provisional_shown = sorted(marks & set(all_years))
    if provisional_shown:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": provisional_shown[0] - 0.5,
                "x1": all_years[-1] + 0.25,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#F2F2F2",
                "line": {"width": 0},
                "layer": "below",
                "name": "voorlopig",
            }
        )
        annotations.append(
            {
                # Right-aligned at the last year: the end labels start just right of it, and a
                # narrow band's label would otherwise run into (or read on with) the top one.
                "x": all_years[-1],
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
                "text": "voorlopig*",
                "showarrow": False,
                "font": {"size": style.small, "color": MUTED_TEXT_COLOR},
                "name": "voorlopig label",
            }
        )
    if reference is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": reference,
                "y1": reference,
                "line": {"color": "#767676", "width": style.thin_line},
                "layer": "below",
                "name": "referentie",
            }
        )
    # At most 6 year ticks in the browser: a chart beside another at 1280 px has room for no more.
    tickvals, ticktext = _year_ticks(all_years, marks, 6 if not style.presentation else 8)
    right = min(int(longest * style.label * 0.56) + 30, 420)
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        hovermode="x unified",
        xaxis={
            "tickvals": tickvals,
            "ticktext": ticktext,
            "range": [all_years[0] - 0.3, all_years[-1] + 0.3] if all_years else None,
            "tickfont": {"size": style.tick},
            "showgrid": False,
            "automargin": False,
            "title": {"text": "Jaar"},
        },
        yaxis={"title": {"text": escape_text(y_title)}, "range": y_range, "tickfont": {"size": style.tick}},
    )
    if provisional_shown:
        notes.append(PROVISIONAL_NOTE)
    _finish(
        fig,
        title=title,
        source=source,
        notes=_dedupe(notes),
        style=style,
        height=fig_height,
        right=right,
        left=80 if style.presentation else 64,
        top_extra=style.small + 6 if provisional_shown else 0,
    )
    return fig


def index_lines(
    series: pd.DataFrame,
    labels: Mapping[str, str],
    worlds: Mapping[str, str],
    source: str,
    start_year: int,
    *,
    provisional_years: Iterable[int] = (),
    presentation: bool = False,
    title: str | None = None,
    notes: Sequence[str] = (),
    region_code: str | None = None,
    height: int | None = None,
) -> Chart:
    """Indexed lines (start year = 100) for one region, coloured by world, labelled at the end.

    Args:
        series: Columns ``year``, ``series_key``, ``index_value``.
        labels: Series key → Dutch label.
        worlds: Series key → ``"bijstand"``, ``"economie"`` or ``"context"`` (colour family).
        source: The credit line.
        start_year: The year that is 100.
        provisional_years: Years whose figures are provisional (dotted segment, ``*`` on ticks).
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        notes: Extra notes from the caller (e.g. ``"Benadering op basis van COROP-gebieden"``).
        region_code: The region shown; put first in each point's ``customdata``.
        height: Figure height in px.
    """
    _require(series, ["year", "series_key", "index_value"], "de indexlijnen")
    style = chart_style(presentation)
    keys = [k for k in labels if k in set(series["series_key"])]
    used: dict[str, int] = {}
    lines: list[_Line] = []
    for key in keys:
        world = worlds.get(key, "context")
        if world not in _WORLD_SHADES:
            raise BadInputError(f"Onbekende wereld '{world}' voor reeks '{key}'.")
        n = used.get(world, 0)
        used[world] = n + 1
        part = series[series["series_key"] == key].sort_values("year")
        years = [int(y) for y in part["year"]]
        lines.append(
            _Line(
                key=key,
                label=labels[key],
                years=years,
                values=[_rounded(v, 1) for v in part["index_value"]],
                color=_WORLD_SHADES[world][n % 3],
                width=style.line,
                symbol=_SYMBOLS[n % len(_SYMBOLS)],
                customdata=[[region_code or "", key, y] for y in years],
            )
        )
    title = title or f"Ontwikkeling sinds {start_year} (index, {start_year} = 100)"
    chart_notes = [*notes, f"Index: {start_year} = 100"]
    fig = _line_chart(
        lines,
        title=title,
        source=source,
        notes=chart_notes,
        style=style,
        y_title=f"Index ({start_year} = 100)",
        decimals=1,
        provisional_years=provisional_years,
        reference=100.0,
        height=height,
    )
    years = sorted({y for line in lines for y in line.years})
    table = pd.DataFrame({"Jaar": years})
    for line in lines:
        by_year = dict(zip(line.years, line.values, strict=True))
        table[line.label] = _table_column([by_year.get(y) for y in years], 1)
    table["Status"] = [_status(y, provisional_years) for y in years]
    return Chart(
        fig,
        table,
        title,
        _dedupe([*chart_notes, PROVISIONAL_NOTE if set(provisional_years) & set(years) else ""]),
    )


def region_vs_nl(
    frame: pd.DataFrame,
    indicator: Indicator,
    region_name: str,
    source: str,
    *,
    region_code: str | None = None,
    provisional_years: Iterable[int] = (),
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """One indicator over time for a region against Nederland.

    Args:
        frame: Columns ``year``, ``region``, ``nl``.
        indicator: The indicator shown (world colour, unit, decimals).
        region_name: Dutch name of the region, for labels and headers.
        source: The credit line.
        region_code: The region's code; first in each point's ``customdata``.
        provisional_years: Years whose figures are provisional.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    _require(frame, ["year", "region", "nl"], "de tijdreeks")
    style = chart_style(presentation)
    data = frame.sort_values("year")
    years = [int(y) for y in data["year"]]
    region_values = [_rounded(v, indicator.decimals) for v in data["region"]]
    nl_values = [_rounded(v, indicator.decimals) for v in data["nl"]]
    lines = [
        _Line(
            "nl", "Nederland", years, nl_values, NL_COLOR, style.thin_line + 0.5, dash="dash", symbol="circle"
        ),
        _Line(
            "region",
            region_name,
            years,
            region_values,
            WORLD_COLORS[indicator.world],
            style.line,
            customdata=[[region_code or "", y] for y in years],
        ),
    ]
    title = title or f"{indicator.title}: {region_name} en Nederland"
    fig = _line_chart(
        lines,
        title=title,
        source=source,
        notes=indicator_notes(indicator),
        style=style,
        y_title=axis_title(indicator),
        decimals=indicator.decimals,
        provisional_years=provisional_years,
        reference=None,
        height=height,
    )
    table = pd.DataFrame(
        {
            "Jaar": years,
            f"{region_name}": _table_column(region_values, indicator.decimals),
            "Nederland": _table_column(nl_values, indicator.decimals),
            "Status": [_status(y, provisional_years) for y in years],
        }
    )
    table.attrs["eenheid"] = indicator.unit
    notes = _dedupe(
        [*indicator_notes(indicator), PROVISIONAL_NOTE if set(provisional_years) & set(years) else ""]
    )
    return Chart(fig, table, title, notes)


def small_multiples(
    frame: pd.DataFrame,
    indicator: Indicator,
    source: str,
    *,
    selected: str | None = None,
    nl: pd.DataFrame | None = None,
    provisional_years: Iterable[int] = (),
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """One small panel per region (2–6), shared y axis, Nederland dashed in each panel.

    Args:
        frame: Columns ``region_code``, ``region_name``, ``year``, ``value``.
        indicator: The indicator shown.
        source: The credit line.
        selected: Region code drawn in ``HIGHLIGHT_COLOR``.
        nl: Optional national series, columns ``year`` and ``value``.
        provisional_years: Years whose figures are provisional.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    _require(frame, ["region_code", "region_name", "year", "value"], "de kleine grafieken")
    style = chart_style(presentation)
    regions = frame[["region_code", "region_name"]].drop_duplicates("region_code")
    order = list(regions["region_code"])
    if not 1 <= len(order) <= 6:
        raise BadInputError("Kies 2 tot 6 regio's om te vergelijken.")
    names = dict(zip(regions["region_code"], regions["region_name"], strict=True))
    cols = min(3, len(order))
    nrows = math.ceil(len(order) / cols)
    marks = set(provisional_years)
    titles = [f"<b>{escape_text(names[c])}</b>" if c == selected else escape_text(names[c]) for c in order]
    fig = make_subplots(
        rows=nrows,
        cols=cols,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=titles,
        horizontal_spacing=0.05,
        vertical_spacing=0.16 if nrows > 1 else 0.1,
    )
    nl_years: list[int] = []
    nl_values: list[float | None] = []
    if nl is not None:
        _require(nl, ["year", "value"], "de landelijke reeks")
        nl_sorted = nl.sort_values("year")
        nl_years = [int(y) for y in nl_sorted["year"]]
        nl_values = [_rounded(v, indicator.decimals) for v in nl_sorted["value"]]
    world_color = WORLD_COLORS[indicator.world]
    all_values: list[float] = [v for v in nl_values if v is not None]
    table_parts = []
    for i, code in enumerate(order):
        row, col = i // cols + 1, i % cols + 1
        part = frame[frame["region_code"] == code].sort_values("year")
        years = [int(y) for y in part["year"]]
        vals = [_rounded(v, indicator.decimals) for v in part["value"]]
        all_values += [v for v in vals if v is not None]
        if nl_years:
            fig.add_trace(
                go.Scatter(
                    x=nl_years,
                    y=nl_values,
                    mode="lines",
                    line={"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
                    name="Nederland",
                    showlegend=False,
                    hovertemplate=f"Nederland: %{{y:,.{indicator.decimals}f}}<extra></extra>",
                ),
                row=row,
                col=col,
            )
        color = HIGHLIGHT_COLOR if code == selected else world_color
        fig.add_trace(
            go.Scatter(
                x=years,
                y=vals,
                mode="lines+markers",
                line={"color": color, "width": style.line + (1 if code == selected else 0)},
                marker={
                    "size": style.marker,
                    "color": color,
                    "symbol": ["circle-open" if y in marks else "circle" for y in years],
                    "line": {"width": 2, "color": color},
                },
                name=names[code],
                showlegend=False,
                customdata=[[code, names[code], y] for y in years],
                hovertemplate=(
                    f"<b>{escape_text(names[code])}</b> ({code})<br>%{{x}}: "
                    f"%{{y:,.{indicator.decimals}f}}<extra></extra>"
                ),
            ),
            row=row,
            col=col,
        )
        last = [(y, v) for y, v in zip(years, vals, strict=True) if v is not None]
        if last:
            fig.add_annotation(
                x=last[-1][0],
                y=last[-1][1],
                text=f"<b>{format_number(last[-1][1], indicator.decimals)}</b>",
                showarrow=False,
                xanchor="right",
                yanchor="bottom",
                yshift=6,
                font={"size": style.label, "color": readable_on_white(color)},
                bgcolor="rgba(255,255,255,0.8)",
                row=row,
                col=col,
                name=f"eindwaarde {code}",
            )
        if i == 0 and nl_years and nl_values[0] is not None:
            fig.add_annotation(
                x=nl_years[0],
                y=nl_values[0],
                text="Nederland",
                showarrow=False,
                xanchor="left",
                yanchor="top",
                yshift=-4,
                font={"size": style.small, "color": NL_COLOR, "shadow": _HALO},
                row=row,
                col=col,
                name="Nederland label",
            )
        nl_by_year = dict(zip(nl_years, nl_values, strict=True))
        table_parts.append(
            pd.DataFrame(
                {
                    "Code": code,
                    "Arbeidsmarktregio": names[code],
                    "Jaar": years,
                    value_header(indicator): _table_column(vals, indicator.decimals),
                    **(
                        {"Nederland": _table_column([nl_by_year.get(y) for y in years], indicator.decimals)}
                        if nl_years
                        else {}
                    ),
                    "Status": [_status(y, marks) for y in years],
                }
            )
        )
    all_years = sorted(set(frame["year"].astype(int)) | set(nl_years))
    lo, hi = (min(all_values), max(all_values)) if all_values else (0.0, 1.0)
    pad = max((hi - lo) * 0.1, 0.5)
    tickvals, ticktext = _year_ticks(all_years, marks, 3 if cols == 3 else 4)
    fig.update_xaxes(
        tickvals=tickvals,
        ticktext=ticktext,
        tickfont={"size": style.tick},
        range=[all_years[0] - 0.4, all_years[-1] + 0.4] if all_years else None,
        showgrid=False,
        automargin=False,
    )
    fig.update_yaxes(range=[lo - pad, hi + pad], tickfont={"size": style.tick})
    fig.update_yaxes(title={"text": wrap_text(axis_title(indicator), 26)}, col=1)
    for annotation in fig.layout.annotations:
        if annotation.name is None:  # the subplot titles
            annotation.font = {"size": style.label + (2 if style.presentation else 1), "color": TEXT_COLOR}
    title = title or f"{indicator.title}: de gekozen regio's door de tijd"
    notes = _dedupe(
        [
            *indicator_notes(indicator),
            "Stippellijn: Nederland" if nl_years else "",
            PROVISIONAL_NOTE if marks & set(all_years) else "",
        ]
    )
    fig.update_layout(showlegend=False, hovermode="closest")
    panel = 300 if presentation else 220
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=height or (nrows * panel + (260 if presentation else 190)),
        left=100 if presentation else 76,
        top_extra=style.label + 8,
        bottom_axis=_axis_space(style, title=False),
        wide=True,
    )
    return Chart(fig, pd.concat(table_parts, ignore_index=True), title, notes)


# --- ranking -----------------------------------------------------------------------------------


def ranking(
    values: pd.DataFrame,
    indicator: Indicator,
    source: str,
    highlight: Sequence[str] = (),
    *,
    selected: str | None = None,
    nl_value: float | None = None,
    year: int | None = None,
    provisional_years: Iterable[int] = (),
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """Horizontal bars for all regions, most favourable at the top.

    Highlighted regions are drawn in the indicator's world colour, the selected one in
    ``HIGHLIGHT_COLOR``, the others grey; Nederland is a dashed vertical line.

    Args:
        values: Columns ``region_code``, ``region_name``, ``value``.
        indicator: The indicator ranked (direction decides the order).
        source: The credit line.
        highlight: Region codes to draw in colour (e.g. the compared regions).
        selected: Region code drawn in ``HIGHLIGHT_COLOR``.
        nl_value: The national value.
        year: The data year (title, header, provisional mark).
        provisional_years: Years whose figures are provisional.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    _require(values, ["region_code", "region_name", "value"], "de rangorde")
    style = chart_style(presentation)
    data = values.copy()
    data["shown"] = [_rounded(v, indicator.decimals) for v in data["value"]]
    # Best first: a rank "1" should mean the most favourable value.
    descending = indicator.higher_is_better is not False
    data = data.sort_values(
        ["shown", "region_name"], ascending=[not descending, True], na_position="last"
    ).reset_index(drop=True)
    data["rank"] = range(1, len(data) + 1)
    marked = set(highlight)
    colors = [
        HIGHLIGHT_COLOR if c == selected else (WORLD_COLORS[indicator.world] if c in marked else OTHER_COLOR)
        for c in data["region_code"]
    ]
    period = period_label(indicator, year, provisional_years)
    names = [
        f"<b>{escape_text(n)}</b>" if c in marked or c == selected else escape_text(n)
        for c, n in zip(data["region_code"], data["region_name"], strict=True)
    ]
    total = len(data)
    hover = [
        _region_hover(c, n, [format_with_unit(indicator, v), f"Plaats {r} van {total}"])
        for c, n, v, r in zip(
            data["region_code"], data["region_name"], data["shown"], data["rank"], strict=True
        )
    ]
    shown_values = [None if pd.isna(v) else float(v) for v in data["shown"]]
    ends = [v if v is not None else 0 for v in shown_values]
    value_texts = [
        format_number(v, indicator.decimals) if v is not None else "geen gegevens" for v in shown_values
    ]
    known = [v for v in shown_values if v is not None]
    nl_shown = None if nl_value is None else round(float(nl_value), indicator.decimals)
    if nl_shown is not None:
        known.append(nl_shown)
    lo, hi = (min([*known, 0.0]), max([*known, 0.0])) if known else (0.0, 1.0)
    span = hi - lo or 1.0
    label_room = span * (0.16 if presentation else 0.12)
    x_range = [lo - (label_room if lo < 0 else 0), hi + label_room]
    left_px = int(max(len(str(n)) for n in data["region_name"]) * style.tick * 0.6) + 24
    # A value whose text would straddle the national line goes inside its bar's end instead: the
    # dashes would run through it. Text widths are estimated for the narrowest plot (1280 px).
    plot_px = (PRESENTATION_WIDE_PX if presentation else WIDE_CHART_PX) - left_px - 30
    x_per_px = (x_range[1] - x_range[0]) / max(plot_px, 100)
    inside = [False] * len(ends)
    if nl_shown is not None:
        for i, (end, text) in enumerate(zip(ends, value_texts, strict=True)):
            width = (len(text) * style.label * 0.55 + 8) * x_per_px
            straddles = end < nl_shown < end + width if end >= 0 else end - width < nl_shown < end
            inside[i] = shown_values[i] is not None and straddles and abs(end) > width * 1.3
    text_positions = [
        ("middle right" if end < 0 else "middle left")
        if into
        else ("middle left" if end < 0 else "middle right")
        for end, into in zip(ends, inside, strict=True)
    ]
    text_colors = [
        text_color_on(color) if into else TEXT_COLOR for color, into in zip(colors, inside, strict=True)
    ]
    traces: list[Any] = [
        go.Bar(
            # The rank is the y value (axis reversed, rank 1 on top); names are the tick labels.
            y=list(data["rank"]),
            x=ends,
            orientation="h",
            marker={"color": colors, "line": {"width": 0}},
            customdata=[[c, n] for c, n in zip(data["region_code"], data["region_name"], strict=True)],
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            name=indicator.short,
        )
    ]
    if nl_shown is not None:
        # Over the bars but under their values (a shape would be drawn over every trace, so the
        # dashes would cross the values next to the national one).
        traces.append(
            go.Scatter(
                x=[nl_shown, nl_shown],
                y=[total + 0.6, 0.4],
                mode="lines",
                line={"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
                hoverinfo="skip",
                showlegend=False,
                name="Nederland",
            )
        )
    traces.append(
        # The values as a text trace at the bar ends rather than as bar text: Plotly measures
        # each "outside" bar text in the page, which made this the slowest chart to draw.
        go.Scatter(
            y=list(data["rank"]),
            x=ends,
            mode="text",
            text=value_texts,
            textposition=text_positions,
            textfont={"size": style.label, "color": text_colors, "shadow": _HALO},
            selected={"textfont": {"color": TEXT_COLOR}},
            unselected={"textfont": {"color": TEXT_COLOR}},
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
            name="waarden",
        )
    )
    fig = go.Figure(traces)
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if nl_shown is not None:
        annotations.append(
            {
                "x": nl_shown,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"Nederland: {format_number(nl_shown, indicator.decimals)}",
                "showarrow": False,
                "font": {"size": style.small, "color": NL_COLOR},
                "name": "Nederland label",
            }
        )
    bar_px = 27 if presentation else 21
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        bargap=0.25,
        xaxis={
            "title": {"text": escape_text(axis_title(indicator))},
            "range": x_range,
            "tickfont": {"size": style.tick},
            "automargin": False,
            "side": "bottom",
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(data["rank"]),
            "ticktext": names,
            "autorange": False,
            "range": [total + 0.6, 0.4],
            "tickfont": {"size": style.tick},
            "showgrid": False,
            "ticks": "",
        },
    )
    default = f"{indicator.title}{f', {period}' if period else ''}: alle arbeidsmarktregio's"
    title = title or default
    direction = {
        True: "Bovenaan: hoogste waarde (hoger is gunstiger)",
        False: "Bovenaan: laagste waarde (lager is gunstiger)",
    }.get(indicator.higher_is_better, "")
    notes = _dedupe(
        [direction, *indicator_notes(indicator), PROVISIONAL_NOTE if period and period.endswith("*") else ""]
    )
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=height or (total * bar_px + (230 if presentation else 170)),
        top_extra=style.small + 8 if nl_value is not None else 0,
        right=30,
        left=left_px,
        wide=True,
    )
    table = pd.DataFrame(
        {
            "Plaats": data["rank"].astype(int),
            "Code": data["region_code"].astype(str),
            "Arbeidsmarktregio": data["region_name"].astype(str),
            value_header(indicator, period): _table_column(data["shown"], indicator.decimals),
        }
    )
    return Chart(fig, table, title, notes)


# --- partner network ---------------------------------------------------------------------------

_WORLD_NAMES = {"sociaal": "Sociale wereld", "economisch": "Economische wereld"}


def _bezier(
    p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float], n: int = 12
) -> list[tuple[float, float]]:
    return [
        (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t**2 * p1[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t**2 * p1[1],
        )
        for t in (i / n for i in range(n + 1))
    ]


def network_graph(
    partners: Sequence[Mapping[str, Any]],
    links: Sequence[tuple[str, str]],
    *,
    source: str = "Bron: eigen invoer in de agenda",
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """A simple picture of a partner network: social world left, economic world right.

    Links between the worlds (the bridges) are drawn thick in ``HIGHLIGHT_COLOR``; links within a
    world are thin grey arcs. Partners marked ``is_bridge`` get a diamond. Names are user text and
    are escaped, so ``<b>`` or ``<script>`` in a name shows literally.

    Args:
        partners: Dicts with ``name``, ``world`` (``"sociaal"`` or ``"economisch"``), ``is_bridge``.
        links: Pairs of partner names; pairs naming an unknown partner are left out.
        source: The credit line.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    style = chart_style(presentation)
    columns: dict[str, list[Mapping[str, Any]]] = {"sociaal": [], "economisch": []}
    seen: set[str] = set()
    for partner in partners:
        name = str(partner.get("name", "")).strip()
        world = partner.get("world")
        if not name or name in seen:
            continue
        if world not in columns:
            raise BadInputError(
                f"Partner '{name[:40]}' hoort bij een onbekende wereld; kies sociaal of economisch."
            )
        seen.add(name)
        columns[str(world)].append(
            {"name": name, "world": world, "is_bridge": bool(partner.get("is_bridge"))}
        )
    rows = max(len(columns["sociaal"]), len(columns["economisch"]), 1)
    pos: dict[str, tuple[float, float]] = {}
    for x, world in ((0.0, "sociaal"), (1.0, "economisch")):
        items = columns[world]
        for i, item in enumerate(items):
            # Centre a shorter column against the longer one.
            pos[item["name"]] = (x, -(i + (rows - len(items)) / 2))
    world_of = {p["name"]: p["world"] for col in columns.values() for p in col}
    valid = [
        (a, b)
        for a, b in dict.fromkeys((str(a), str(b)) for a, b in links)
        if a in pos and b in pos and a != b
    ]
    bridges = [(a, b) for a, b in valid if world_of[a] != world_of[b]]
    inner = [(a, b) for a, b in valid if world_of[a] == world_of[b]]

    fig = go.Figure()
    if inner:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in inner:
            (x0, y0), (_, y1) = pos[a], pos[b]
            bulge = 0.3 if x0 == 0 else -0.3  # inward: the names sit on the outer side
            for px, py in _bezier(
                (x0, y0), (x0 + bulge * min(1, abs(y1 - y0) / 2 + 0.3), (y0 + y1) / 2), (x0, y1)
            ):
                xs.append(round(px, 3))
                ys.append(round(py, 3))
            xs.append(None)
            ys.append(None)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#9E9E9E", "width": style.thin_line},
                hoverinfo="skip",
                name="binnen een wereld",
            )
        )
    if bridges:
        xs, ys = [], []
        for a, b in bridges:
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": HIGHLIGHT_COLOR, "width": style.line + 1},
                hoverinfo="skip",
                name="brug tussen de werelden",
            )
        )
    degree = {n: 0 for n in pos}
    for a, b in valid:
        degree[a] += 1
        degree[b] += 1
    for world, color, textpos in (
        ("sociaal", BIJSTAND_COLOR, "middle left"),
        ("economisch", ECONOMY_COLOR, "middle right"),
    ):
        items = columns[world]
        if not items:
            continue
        fig.add_trace(
            go.Scatter(
                x=[pos[p["name"]][0] for p in items],
                y=[pos[p["name"]][1] for p in items],
                mode="markers+text",
                text=[wrap_text(p["name"], 24, break_words=False) for p in items],
                textposition=textpos,
                textfont={"size": style.label, "color": TEXT_COLOR},
                marker={
                    "size": [style.marker * (2.4 if p["is_bridge"] else 1.8) for p in items],
                    "symbol": ["diamond" if p["is_bridge"] else "circle" for p in items],
                    "color": color,
                    "opacity": 1,  # an array of sizes makes Plotly default to 0.7 ("bubbles")
                    "line": {
                        "color": [HIGHLIGHT_COLOR if p["is_bridge"] else "#FFFFFF" for p in items],
                        "width": 3 if presentation else 2,
                    },
                },
                customdata=[[p["name"], world] for p in items],
                hovertext=[
                    _hover(
                        [
                            f"<b>{escape_text(p['name'])}</b>",
                            _WORLD_NAMES[world],
                            "Brugpartner" if p["is_bridge"] else "",
                            f"Verbindingen: {degree[p['name']]}",
                        ]
                    )
                    for p in items
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                name=_WORLD_NAMES[world],
            )
        )
    annotations: list[dict[str, Any]] = [
        {
            "x": x,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": f"<b>{_WORLD_NAMES[world]}</b>",
            "showarrow": False,
            "font": {"size": style.label + 2, "color": color},
            "name": f"kop {world}",
        }
        for x, world, color in ((0.0, "sociaal", BIJSTAND_COLOR), (1.0, "economisch", ECONOMY_COLOR))
    ]
    if not pos:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": "Nog geen partners ingevuld",
                "showarrow": False,
                "font": {"size": style.label, "color": MUTED_TEXT_COLOR},
            }
        )
    longest = max((min(len(n), 24) for n in pos), default=10)
    # Room for the names beside the columns, in x units (the plot is ~wrap_px wide).
    side = max(0.45, longest * style.label * 0.55 / (style.wrap_px * 0.5))
    fig.update_layout(
        annotations=annotations,
        showlegend=False,
        hovermode="closest",
        xaxis={"visible": False, "range": [-side, 1 + side], "fixedrange": True},
        yaxis={"visible": False, "range": [-(rows - 1) - 0.6, 0.6], "fixedrange": True},
    )
    plural = "en" if len(bridges) != 1 else ""
    title = title or f"{len(bridges)} verbinding{plural} tussen de sociale en de economische wereld"
    notes = _dedupe(
        [
            "Oranje lijn: verbinding tussen de werelden",
            "Ruit: brugpartner" if any(p["is_bridge"] for col in columns.values() for p in col) else "",
        ]
    )
    row_px = 56 if presentation else 40
    _finish(
        fig,
        title=title,
        source=source,
        notes=notes,
        style=style,
        height=height or max(rows * row_px + 220, 380),
        top_extra=style.label + 10,
        bottom_axis=10,
    )
    table = pd.DataFrame(
        [
            {
                "Partner": p["name"],
                "Wereld": p["world"],
                "Brugpartner": "ja" if p["is_bridge"] else "nee",
                "Verbonden met": ", ".join(
                    sorted({b if a == p["name"] else a for a, b in valid if p["name"] in (a, b)})
                ),
            }
            for col in columns.values()
            for p in col
        ],
        columns=["Partner", "Wereld", "Brugpartner", "Verbonden met"],
    )
    return Chart(fig, table, title, notes)
