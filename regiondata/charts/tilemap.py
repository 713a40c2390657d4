"""Tile maps (tegelkaarten): one equal square per arbeidsmarktregio on a rough map of the country.

A tile map needs no boundaries and no network, gives small urban regions (Haaglanden, Groot
Amsterdam) the same weight as large rural ones, and leaves room for a printed value on every tile.
Tiles are layout shapes in data coordinates, so they keep filling their cells at any width;
labels are text traces in one colour per trace (so a click selection does not dim them) and one transparent
marker per tile carries hover text and the region code for click selection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.bivariate import (
    BIVARIATE_CLASS_LABELS,
    bivariate_class_frame,
    bivariate_hover,
    bivariate_legend_items,
    bivariate_notes,
    bivariate_table,
)
from regiondata.charts.colors import (
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    MUTED_TEXT_COLOR,
    TEXT_COLOR,
    ColorSpec,
    indicator_colors,
    text_color_on,
)
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish
from regiondata.charts.tables import require_columns, rounded, value_table
from regiondata.charts.text import (
    PROVISIONAL_NOTE,
    axis_title,
    dedupe,
    escape_text,
    format_number,
    format_with_unit,
    indicator_notes,
    period_label,
    region_hover,
    wrap_text,
)
from regiondata.indicators import Indicator
from regiondata.regions import AMR_NAMES

__all__ = [
    "TILE_GRID",
    "TILE_LABELS",
    "bivariate_tile_map",
    "tile_map",
]

#: Region code → (column, row); column 0 is the west, row 0 the north. Built from the regions'
#: approximate centres, with the dense Randstad spread out a little so every region has a cell.
TILE_GRID: dict[str, tuple[int, int]] = {
    # north
    "AM15": (2, 0),  # Noord-Holland Noord
    "AM02": (4, 0),  # Friesland
    "AM01": (5, 0),  # Groningen
    "AM37": (1, 1),  # Zuid-Kennemerland en IJmond
    "AM17": (2, 1),  # Zaanstreek/Waterland
    "AM11": (3, 1),  # Flevoland
    "AM36": (4, 1),  # Regio Zwolle
    "AM03": (5, 1),  # Drenthe
    # middle
    "AM19": (1, 2),  # Holland Rijnland
    "AM18": (2, 2),  # Groot Amsterdam
    "AM12": (3, 2),  # Gooi en Vechtstreek
    "AM14": (4, 2),  # Amersfoort
    "AM06": (5, 2),  # Veluwe Stedendriehoek
    "AM05": (6, 2),  # Twente
    "AM21": (0, 3),  # Haaglanden
    "AM34": (1, 3),  # Zuid-Holland Centraal
    "AM20": (2, 3),  # Midden-Holland
    "AM13": (3, 3),  # Midden-Utrecht
    "AM38": (4, 3),  # FoodValley
    "AM07": (5, 3),  # Midden-Gelderland
    "AM09": (6, 3),  # Achterhoek
    "AM22": (1, 4),  # Rijnmond
    "AM23": (2, 4),  # Drechtsteden
    "AM35": (3, 4),  # Gorinchem
    "AM10": (4, 4),  # Rivierenland
    "AM08": (5, 4),  # Rijk van Nijmegen
    # south
    "AM24": (0, 5),  # Zeeland
    "AM25": (1, 5),  # West-Brabant
    "AM26": (2, 5),  # Midden-Brabant
    "AM27": (3, 5),  # Noordoost-Brabant
    "AM29": (5, 5),  # Noord-Limburg
    "AM28": (3, 6),  # Zuidoost-Brabant
    "AM32": (4, 6),  # Helmond-De Peel
    "AM33": (5, 6),  # Midden-Limburg
    "AM30": (5, 7),  # Zuid-Limburg
}

#: Short tile labels (3–5 characters); the full name is in the hover and the table.
TILE_LABELS: dict[str, str] = {
    "AM01": "GRO",
    "AM02": "FRL",
    "AM03": "DRE",
    "AM05": "TWE",
    "AM06": "STED",
    "AM07": "MGL",
    "AM08": "NIJM",
    "AM09": "ACH",
    "AM10": "RIV",
    "AM11": "FLE",
    "AM12": "GOOI",
    "AM13": "UTR",
    "AM14": "AMF",
    "AM15": "NHN",
    "AM17": "ZAW",
    "AM18": "A'DAM",
    "AM19": "HRL",
    "AM20": "MHL",
    "AM21": "HGL",
    "AM22": "RIJN",
    "AM23": "DRS",
    "AM24": "ZEE",
    "AM25": "WBR",
    "AM26": "MBR",
    "AM27": "NOB",
    "AM28": "ZOB",
    "AM29": "NLI",
    "AM30": "ZLI",
    "AM32": "HDP",
    "AM33": "MLI",
    "AM34": "ZHC",
    "AM35": "GOR",
    "AM36": "ZWO",
    "AM37": "ZKI",
    "AM38": "FVA",
}

_HALF = 0.46  # half a tile: 0.08 of each cell stays white between tiles
_COLS = max(c for c, _ in TILE_GRID.values()) + 1
_ROWS = max(r for _, r in TILE_GRID.values()) + 1
# The empty cells south-west of Brabant (columns 0–2, rows 6–7) hold the legend, and the empty
# North Sea cells top-left hold the name of the selected region.
_LEGEND_X = (-0.45, 2.4)


def _xy(code: str) -> tuple[int, int]:
    col, row = TILE_GRID[code]
    return col, -row  # y grows upward in Plotly; rows count southward


def _tile_shape(
    code: str, fill: str, *, line_color: str | None = None, line_width: float = 0
) -> dict[str, Any]:
    x, y = _xy(code)
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": x - _HALF,
        "x1": x + _HALF,
        "y0": y - _HALF,
        "y1": y + _HALF,
        "fillcolor": fill,
        "line": {"color": line_color or fill, "width": line_width},
        "layer": "below",
        "name": code,
    }


def _selection_shapes(code: str, style: ChartStyle) -> list[dict[str, Any]]:
    """A ring in ``HIGHLIGHT_COLOR`` between a dark outer and a white inner line.

    The orange alone disappears on the orange (unfavourable) end of the diverging scale; framed in
    dark and white it shows on every fill.
    """
    x, y = _xy(code)
    inset = 0.07
    out = 0.035
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": x - _HALF - out,
            "x1": x + _HALF + out,
            "y0": y - _HALF - out,
            "y1": y + _HALF + out,
            "line": {"color": TEXT_COLOR, "width": 2},
            "layer": "above",
            "name": f"geselecteerd buiten {code}",
        },
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": x - _HALF,
            "x1": x + _HALF,
            "y0": y - _HALF,
            "y1": y + _HALF,
            "line": {"color": HIGHLIGHT_COLOR, "width": style.ring},
            "layer": "above",
            "name": f"geselecteerd {code}",
        },
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": x - _HALF + inset,
            "x1": x + _HALF - inset,
            "y0": y - _HALF + inset,
            "y1": y + _HALF - inset,
            "line": {"color": "#FFFFFF", "width": 2},
            "layer": "above",
            "name": f"geselecteerd binnen {code}",
        },
    ]


def _tile_font(style: ChartStyle) -> int:
    # A 5-letter bold label has to fit in one tile: ~40 px in a 1280 px browser window with the
    # sidebar open, ~57 px at 1920 px, ~75 px projected.
    return 18 if style.presentation else 12


def _label_traces(
    codes: Sequence[str], labels: Mapping[str, str], fills: Mapping[str, str], style: ChartStyle
) -> list[go.Scatter]:
    """The tile labels as text traces, one per text colour (dark on light fills, white on dark).

    Text traces, not annotations: Plotly measures every annotation in the page's layout, and 35
    of them cost about 35 ms of the first draw. The selected and unselected text colours equal the
    normal one, so a click selection does not dim the labels.
    """
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(text_color_on(fills[code]), []).append(code)
    traces = []
    for color, group in groups.items():
        xs, ys = zip(*(_xy(c) for c in group), strict=True)
        traces.append(
            go.Scatter(
                x=list(xs),
                y=list(ys),
                text=[labels[c] for c in group],
                customdata=list(group),
                mode="text",
                textposition="middle center",
                textfont={"size": _tile_font(style), "color": color},
                selected={"textfont": {"color": color}},
                unselected={"textfont": {"color": color}},
                hoverinfo="skip",
                cliponaxis=False,
                showlegend=False,
                name="tegellabels",
            )
        )
    return traces


def _hover_trace(
    codes: Sequence[str],
    customdata: list[list[Any]],
    hover: list[str],
    style: ChartStyle,
) -> go.Scatter:
    """Invisible markers on the tile centres: hover text, click selection and customdata."""
    xs, ys = zip(*(_xy(c) for c in codes), strict=True)
    return go.Scatter(
        x=list(xs),
        y=list(ys),
        mode="markers",
        marker={"size": 64 if style.presentation else 46, "color": "rgba(0,0,0,0)", "symbol": "square"},
        customdata=customdata,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        # Keep the markers invisible after a click selection (Plotly otherwise restyles them).
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        name="arbeidsmarktregio's",
        showlegend=False,
    )


def _selected_card(name: str, value_text: str, style: ChartStyle) -> dict[str, Any]:
    """The full name of the selected region in the empty top-left cells (tile labels are short)."""
    # Two empty cells hold ~12 characters of the small font at either size; longer names wrap
    # after a hyphen or a space and the value line then falls in the empty cell below.
    lines = [f'<span style="color:{HIGHLIGHT_COLOR}">■</span> <b>{wrap_text(name, 12, hyphens=True)}</b>']
    if value_text:
        lines.append(value_text)
    return {
        "x": -0.45,
        "y": 0.45,
        "xref": "x",
        "yref": "y",
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "text": "<br>".join(lines),
        "showarrow": False,
        "font": {"size": style.small + (0 if style.presentation else 1), "color": TEXT_COLOR},
        "name": "geselecteerde regio",
    }


def _layout(fig: go.Figure, style: ChartStyle) -> None:
    fig.update_layout(
        showlegend=False,
        hovermode="closest",
        # A larger hover distance lets the pointer anywhere on a tile find its centre marker.
        hoverdistance=60 if style.presentation else 40,
        xaxis={"visible": False, "range": [-0.55, _COLS - 0.45], "fixedrange": True, "constrain": "domain"},
        yaxis={
            "visible": False,
            "range": [-(_ROWS - 1) - 0.6, 0.55],
            "fixedrange": True,
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
    )


def _ramp_legend(
    spec: ColorSpec, indicator: Indicator, style: ChartStyle, *, missing: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A colour bar drawn in the empty south-west cells: unit, ramp, end values, direction."""
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    x0, x1 = _LEGEND_X
    y_top, y_bottom = -6.47, -6.67  # below the two-line unit label, even in a narrow column
    steps = 24
    width = (x1 - x0) / steps
    for i in range(steps):
        value = spec.cmin + (spec.cmax - spec.cmin) * (i + 0.5) / steps
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": round(x0 + i * width, 4),
                "x1": round(x0 + (i + 1) * width + 0.004, 4),  # overlap a hair: no hairline gaps
                "y0": y_bottom,
                "y1": y_top,
                "fillcolor": spec.color(value),
                "line": {"width": 0},
                "layer": "below",
                "name": "kleurenschaal",
            }
        )
    font = {"size": style.small + (0 if style.presentation else 1), "color": TEXT_COLOR}
    annotations.append(
        {
            "x": x0,
            "y": -5.6,
            "xref": "x",
            "yref": "y",
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "text": wrap_text(axis_title(indicator), 20),
            "showarrow": False,
            "font": font,
            "name": "legenda eenheid",
        }
    )
    ticks = [(spec.cmin, "left", x0), (spec.cmax, "right", x1)]
    if spec.diverging and spec.midpoint is not None:
        mid_x = (x0 + x1) / 2
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "y",
                "x0": mid_x,
                "x1": mid_x,
                "y0": y_bottom - 0.06,
                "y1": y_top + 0.06,
                "line": {"color": TEXT_COLOR, "width": 2},
                "name": "legenda midden",
            }
        )
        mid_text = format_number(spec.midpoint, indicator.decimals)
        if spec.midpoint_label == "Nederland":
            mid_text = f"NL {mid_text}"
        ticks.append((spec.midpoint, "center", mid_x))
    for value, anchor, x in ticks:
        text = format_number(value, indicator.decimals)
        if anchor == "center" and spec.midpoint_label == "Nederland":
            text = f"NL {text}"
        annotations.append(
            {
                "x": x,
                "y": y_bottom - 0.04,
                "xref": "x",
                "yref": "y",
                "xanchor": anchor,
                "yanchor": "top",
                "text": text,
                "showarrow": False,
                "font": font,
                "name": "legenda waarde",
            }
        )
    if spec.diverging:
        good_right = bool(spec.favourable_high)
        for word, right in (("gunstiger", good_right), ("ongunstiger", not good_right)):
            annotations.append(
                {
                    "x": x1 if right else x0,
                    "y": y_bottom - 0.38,
                    "xref": "x",
                    "yref": "y",
                    "xanchor": "right" if right else "left",
                    "yanchor": "top",
                    "text": f"<i>{word}</i>",
                    "showarrow": False,
                    "font": {"size": style.small, "color": MUTED_TEXT_COLOR},
                    "name": "legenda richting",
                }
            )
    if missing:
        shapes.append(
            {
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
        )
        annotations.append(
            {
                "x": x0 + 0.34,
                "y": -7.37,
                "xref": "x",
                "yref": "y",
                "xanchor": "left",
                "text": "geen gegevens",
                "showarrow": False,
                "font": font,
                "name": "legenda geen gegevens",
            }
        )
    return shapes, annotations


def _complete(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """All 35 regions in code order (missing ones added); codes that have no tile are reported."""
    known = frame[frame["region_code"].isin(TILE_GRID)]
    off_map = sorted(set(frame["region_code"]) - set(TILE_GRID))
    absent = [c for c in TILE_GRID if c not in set(known["region_code"])]
    if absent:
        extra = pd.DataFrame({"region_code": absent, "region_name": [AMR_NAMES.get(c, c) for c in absent]})
        known = pd.concat([known, extra], ignore_index=True)
    return known.sort_values("region_code").reset_index(drop=True), off_map


def tile_map(
    values: pd.DataFrame,
    indicator: Indicator,
    source: str,
    *,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    year: int | None = None,
    provisional_years: Iterable[int] = (),
    nl_value: float | None = None,
    scale: Literal["auto", "sequential"] = "auto",
    height: int | None = None,
) -> Chart:
    """A tile map of one indicator: coloured tiles with the value printed on each.

    Args:
        values: Columns ``region_code``, ``region_name``, ``value``; regions left out are grey.
        indicator: The indicator shown (colour family, unit, decimals, direction).
        source: The credit line, e.g. ``"Bron: CBS, tabel 80794ned, opgehaald …"``.
        selected: Region code to ring in ``HIGHLIGHT_COLOR`` and name in the corner.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        year: The data year (title, header, provisional mark).
        provisional_years: Years whose figures are provisional.
        nl_value: National value: the neutral midpoint of a diverging scale.
        scale: ``"sequential"`` forces the world scale.
        height: Figure height in px.
    """
    require_columns(values, ["region_code", "region_name", "value"], "de tegelkaart")
    style = chart_style(presentation)
    frame, off_map = _complete(values[["region_code", "region_name", "value"]])
    frame["shown"] = [rounded(v, indicator.decimals) for v in frame["value"]]
    spec = indicator_colors(indicator, frame["shown"], nl_value=nl_value, scale=scale)
    period = period_label(indicator, year, provisional_years)
    codes = list(frame["region_code"])
    names = dict(zip(frame["region_code"], frame["region_name"], strict=True))
    fills = {c: spec.color(v) for c, v in zip(codes, frame["shown"], strict=True)}
    shown = {c: None if pd.isna(v) else float(v) for c, v in zip(codes, frame["shown"], strict=True)}

    shapes = [_tile_shape(c, fills[c]) for c in codes]
    annotations = []
    labels = {}
    for code in codes:
        value_text = format_number(shown[code], indicator.decimals)
        bold = code == selected
        labels[code] = (
            f"<b>{escape_text(TILE_LABELS[code])}</b><br>{f'<b>{value_text}</b>' if bold else value_text}"
        )
    if selected in names:
        shapes += _selection_shapes(selected, style)
        annotations.append(
            _selected_card(str(names[selected]), format_number(shown[selected], indicator.decimals), style)
        )
    missing = any(pd.isna(v) for v in shown.values())
    legend_shapes, legend_annotations = _ramp_legend(spec, indicator, style, missing=missing)
    nl_line = f"Nederland: {format_with_unit(indicator, nl_value)}" if nl_value is not None else None
    hover = [
        region_hover(
            c,
            str(names[c]),
            [
                f"{escape_text(indicator.short)}: {format_with_unit(indicator, shown[c])}",
                *([nl_line] if nl_line else []),
            ],
        )
        for c in codes
    ]
    fig = go.Figure(
        [
            _hover_trace(codes, [[c, names[c], shown[c]] for c in codes], hover, style),
            *_label_traces(codes, labels, fills, style),
        ]
    )
    fig.update_layout(shapes=shapes + legend_shapes, annotations=annotations + legend_annotations)
    _layout(fig, style)
    title = title or f"{indicator.title}{f', {period}' if period else ''}"
    notes = dedupe(
        [
            *indicator_notes(indicator),
            spec.legend_note() or "",
            PROVISIONAL_NOTE if period and period.endswith("*") else "",
            f"Niet op de kaart: {', '.join(off_map)}" if off_map else "",
        ]
    )
    finish(fig, title, source, notes, style, height=height or (800 if presentation else 620), bottom_axis=4)
    return Chart(fig, value_table(frame, indicator, period), title, notes)


def bivariate_tile_map(
    classes: pd.DataFrame,
    source: str,
    *,
    legend_labels: tuple[str, str] = ("Groei", "Bijstand daalt minder"),
    class_labels: tuple[Sequence[str], Sequence[str]] = BIVARIATE_CLASS_LABELS,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """A tile map of growth class × bijstand class in 3×3 colours, legend inset.

    Tiles of "high growth × bijstand not falling" get the darkest colour and a dark outline, so
    they stand out without relying on colour alone.

    Args:
        classes: Columns ``region_code``, ``region_name``, ``growth_class`` and ``bijstand_class``
            (0–2; bijstand class 2 = falls least or rises), ``growth_pct``, ``bijstand_change_pct``.
        source: The credit line.
        legend_labels: ``(x_label, y_label)`` for the legend's growth and bijstand axes.
        class_labels: Dutch class names (growth, bijstand), class 0 first, for hover and table.
        selected: Region code to ring in ``HIGHLIGHT_COLOR``.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    style = chart_style(presentation)
    bivariate_class_frame(classes)  # validates columns and classes before regions are added
    completed, off_map = _complete(classes)
    frame = bivariate_class_frame(completed)
    codes = list(frame["region_code"])
    names = dict(zip(frame["region_code"], frame["region_name"], strict=True))
    fills = dict(zip(codes, frame["color"], strict=True))
    standout = dict(zip(codes, frame["standout"], strict=True))
    shapes = [
        _tile_shape(
            c, fills[c], line_color=TEXT_COLOR if standout[c] else None, line_width=2.5 if standout[c] else 0
        )
        for c in codes
    ]
    labels = {c: f"<b>{escape_text(TILE_LABELS[c])}</b>" for c in codes}
    annotations = []
    if selected in names:
        shapes += _selection_shapes(selected, style)
        annotations.append(_selected_card(str(names[selected]), "", style))
    # Lower-left corner and cell size chosen to fill the empty cells south-west of Brabant.
    legend_shapes, legend_annotations = bivariate_legend_items(-0.3, -7.22, 0.45, legend_labels, style)
    hover = [bivariate_hover(r, legend_labels, class_labels) for _, r in frame.iterrows()]
    fig = go.Figure(
        [
            _hover_trace(codes, [[c, names[c]] for c in codes], hover, style),
            *_label_traces(codes, labels, fills, style),
        ]
    )
    fig.update_layout(shapes=shapes + legend_shapes, annotations=annotations + legend_annotations)
    _layout(fig, style)
    title = title or "Groei en bijstand samen: waar daalt de bijstand niet mee?"
    notes = bivariate_notes(class_labels, bool((frame["color"] == MISSING_COLOR).any()))
    if off_map:
        notes.append(f"Niet op de kaart: {', '.join(off_map)}")
    finish(fig, title, source, notes, style, height=height or (800 if presentation else 620), bottom_axis=4)
    return Chart(fig, bivariate_table(frame, legend_labels, class_labels), title, notes)
