"""The palette and colour arithmetic shared by every chart.

Two colour families run through all pages: purple for the bijstand world and teal-green for the
economy world (see ``BIJSTAND_COLOR`` and ``ECONOMY_COLOR``). An indicator with a direction is
coloured on a blue (gunstig) to orange (ongunstig) diverging scale, so "good" is always blue
(:func:`indicator_colors`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from regiondata.indicators import Indicator

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
HALO = "1px 1px 2px #FFFFFF, -1px -1px 2px #FFFFFF, 1px -1px 2px #FFFFFF, -1px 1px 2px #FFFFFF"

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
WORLD_SHADES: dict[str, tuple[str, ...]] = {
    "bijstand": (BIJSTAND_COLOR, "#B46BC6", "#4A0F63"),
    "economie": (ECONOMY_COLOR, "#00513D", "#3FA587"),
    "context": (CONTEXT_COLOR, "#5E5E5E", "#B0B0B0"),
}


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


# --- colour arithmetic -----------------------------------------------------------------------------


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


def rgba(color: str, alpha: float) -> str:
    """A ``#RRGGBB`` colour as CSS ``rgba()`` with opacity ``alpha``."""
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
