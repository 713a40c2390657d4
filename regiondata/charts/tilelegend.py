"""The tile map's colour legend: a colour bar drawn as shapes in the map's empty cells.

Shapes in data coordinates, like the tiles, so the legend scales with the map at any width: the
unit, the colour bar, its end values (and the national midpoint of a diverging scale), which end is
favourable, and a key for "geen gegevens". The bivariate tile map uses the 3×3 legend of
:mod:`regiondata.charts.bivariate` in the same cells.
"""

from __future__ import annotations

from typing import Any

from regiondata.charts.colors import MISSING_COLOR, MUTED_TEXT_COLOR, TEXT_COLOR, ColorSpec
from regiondata.charts.labels import axis_title
from regiondata.charts.style import ChartStyle
from regiondata.charts.text import format_number, wrap_text
from regiondata.indicators import Indicator

# The empty cells south-west of Brabant (columns 0–2 of the tile grid, rows 6–7) hold the legend.
_LEGEND_X = (-0.45, 2.4)
_RAMP_TOP, _RAMP_BOTTOM = -6.47, -6.67  # below the two-line unit label, even in a narrow column
_RAMP_STEPS = 24


def _legend_text(
    x: float, y: float, text: str, font: dict[str, Any], name: str, **place: Any
) -> dict[str, Any]:
    """An annotation of the legend in the map's data coordinates; ``place`` adds anchors or alignment."""
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        **place,
        "text": text,
        "showarrow": False,
        "font": font,
        "name": name,
    }


def _ramp_steps(spec: ColorSpec) -> list[dict[str, Any]]:
    """The colour bar as small rectangles in data coordinates, so it scales with the tiles."""
    x0, x1 = _LEGEND_X
    width = (x1 - x0) / _RAMP_STEPS
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": round(x0 + i * width, 4),
            "x1": round(x0 + (i + 1) * width + 0.004, 4),  # overlap a hair: no hairline gaps
            "y0": _RAMP_BOTTOM,
            "y1": _RAMP_TOP,
            "fillcolor": spec.color(spec.cmin + (spec.cmax - spec.cmin) * (i + 0.5) / _RAMP_STEPS),
            "line": {"width": 0},
            "layer": "below",
            "name": "kleurenschaal",
        }
        for i in range(_RAMP_STEPS)
    ]


def _ramp_midline() -> dict[str, Any]:
    """The tick through the middle of a diverging colour bar."""
    mid_x = (_LEGEND_X[0] + _LEGEND_X[1]) / 2
    return {
        "type": "line",
        "xref": "x",
        "yref": "y",
        "x0": mid_x,
        "x1": mid_x,
        "y0": _RAMP_BOTTOM - 0.06,
        "y1": _RAMP_TOP + 0.06,
        "line": {"color": TEXT_COLOR, "width": 2},
        "name": "legenda midden",
    }


def _ramp_values(spec: ColorSpec, decimals: int, font: dict[str, Any]) -> list[dict[str, Any]]:
    """The end values under the colour bar, and the midpoint of a diverging one (``NL …``)."""
    x0, x1 = _LEGEND_X
    ticks = [(spec.cmin, "left", x0), (spec.cmax, "right", x1)]
    if spec.diverging and spec.midpoint is not None:
        ticks.append((spec.midpoint, "center", (x0 + x1) / 2))
    annotations = []
    for value, anchor, x in ticks:
        text = format_number(value, decimals)
        if anchor == "center" and spec.midpoint_label == "Nederland":
            text = f"NL {text}"
        annotations.append(
            _legend_text(x, _RAMP_BOTTOM - 0.04, text, font, "legenda waarde", xanchor=anchor, yanchor="top")
        )
    return annotations


def _ramp_directions(spec: ColorSpec, style: ChartStyle) -> list[dict[str, Any]]:
    """``gunstiger`` and ``ongunstiger`` under the ends of a diverging colour bar."""
    x0, x1 = _LEGEND_X
    font = {"size": style.small, "color": MUTED_TEXT_COLOR}
    good_right = bool(spec.favourable_high)
    return [
        _legend_text(
            x1 if right else x0,
            _RAMP_BOTTOM - 0.38,
            f"<i>{word}</i>",
            font,
            "legenda richting",
            xanchor="right" if right else "left",
            yanchor="top",
        )
        for word, right in (("gunstiger", good_right), ("ongunstiger", not good_right))
    ]


def _missing_key(font: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A grey square and ``geen gegevens``, under the colour bar."""
    x0 = _LEGEND_X[0]
    square = {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": x0,
        "x1": x0 + 0.26,
        "y0": -7.5,
        "y1": -7.24,
        "fillcolor": MISSING_COLOR,
        "line": {"width": 0},
        "name": "legenda geen gegevens",
    }
    return square, _legend_text(
        x0 + 0.34, -7.37, "geen gegevens", font, "legenda geen gegevens", xanchor="left"
    )


def ramp_legend(
    spec: ColorSpec, indicator: Indicator, style: ChartStyle, *, missing: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A colour bar drawn in the empty south-west cells: unit, ramp, end values, direction."""
    font = {"size": style.small + (0 if style.presentation else 1), "color": TEXT_COLOR}
    unit = wrap_text(axis_title(indicator), 20)
    shapes = _ramp_steps(spec)
    annotations = [
        _legend_text(
            _LEGEND_X[0], -5.6, unit, font, "legenda eenheid", xanchor="left", yanchor="top", align="left"
        )
    ]
    if spec.diverging and spec.midpoint is not None:
        shapes.append(_ramp_midline())
    annotations += _ramp_values(spec, indicator.decimals, font)
    if spec.diverging:
        annotations += _ramp_directions(spec, style)
    if missing:
        square, label = _missing_key(font)
        shapes.append(square)
        annotations.append(label)
    return shapes, annotations
