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

from regiondata.charts import bivariate
from regiondata.charts.colors import (
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
    indicator_colors,
    text_color_on,
)
from regiondata.charts.labels import PROVISIONAL_NOTE, format_with_unit, indicator_notes, period_label
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish
from regiondata.charts.tables import require_columns, rounded, value_table
from regiondata.charts.text import dedupe, escape_text, format_number, region_hover, wrap_text
from regiondata.charts.tilelegend import ramp_legend
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


def _xy(code: str) -> tuple[int, int]:
    col, row = TILE_GRID[code]
    return col, -row  # y grows upward in Plotly; rows count southward


def _square(code: str, grow: float = 0.0, **props: Any) -> dict[str, Any]:
    """A rectangle on a tile, ``grow`` larger on every side (smaller when negative)."""
    x, y = _xy(code)
    return {
        "type": "rect",
        "xref": "x",
        "yref": "y",
        "x0": x - _HALF - grow,
        "x1": x + _HALF + grow,
        "y0": y - _HALF - grow,
        "y1": y + _HALF + grow,
        **props,
    }


def _tile_shape(
    code: str, fill: str, *, line_color: str | None = None, line_width: float = 0
) -> dict[str, Any]:
    line = {"color": line_color or fill, "width": line_width}
    return _square(code, fillcolor=fill, line=line, layer="below", name=code)


def _selection_shapes(code: str, style: ChartStyle) -> list[dict[str, Any]]:
    """A ring in ``HIGHLIGHT_COLOR`` between a dark outer and a white inner line.

    The orange alone disappears on the orange (unfavourable) end of the diverging scale; framed in
    dark and white it shows on every fill.
    """
    rings = (
        (0.035, TEXT_COLOR, 2, "geselecteerd buiten"),
        (0.0, HIGHLIGHT_COLOR, style.ring, "geselecteerd"),
        (-0.07, "#FFFFFF", 2, "geselecteerd binnen"),
    )
    return [
        _square(code, grow, line={"color": color, "width": width}, layer="above", name=f"{name} {code}")
        for grow, color, width, name in rings
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


def _selection(
    selected: str | None, names: Mapping[str, Any], value_text: str, style: ChartStyle
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ring round the selected tile and its name card; nothing when no tile is selected."""
    if selected not in names:
        return [], []
    return _selection_shapes(selected, style), [_selected_card(str(names[selected]), value_text, style)]


def _value_label(code: str, value: float | None, decimals: int, *, bold: bool) -> str:
    """A tile's label: the short name over the value (the selected tile's value in bold)."""
    value_text = format_number(value, decimals)
    return f"<b>{escape_text(TILE_LABELS[code])}</b><br>{f'<b>{value_text}</b>' if bold else value_text}"


def _value_hover(
    codes: Sequence[str],
    names: Mapping[str, Any],
    shown: Mapping[str, float | None],
    indicator: Indicator,
    nl_value: float | None,
) -> list[str]:
    """Hover text per tile: the region and its value, and the national value when there is one."""
    nl_line = f"Nederland: {format_with_unit(indicator, nl_value)}" if nl_value is not None else None
    return [
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


def _tile_figure(
    codes: Sequence[str],
    fills: Mapping[str, str],
    labels: Mapping[str, str],
    customdata: list[list[Any]],
    hover: list[str],
    decorations: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    style: ChartStyle,
) -> go.Figure:
    """The figure of a tile map: hover markers, labels, and the shapes and annotations given.

    Args:
        codes: The regions, in the order of ``customdata`` and ``hover``.
        fills: Region code → tile colour (for the label colour).
        labels: Region code → label text.
        customdata: Per region what a click selection hands the page (region code first).
        hover: Per region the hover text.
        decorations: ``(shapes, annotations)``: tiles, selection ring, legend, name card.
        style: The sizes.
    """
    fig = go.Figure(
        [_hover_trace(codes, customdata, hover, style), *_label_traces(codes, labels, fills, style)]
    )
    shapes, annotations = decorations
    fig.update_layout(shapes=shapes, annotations=annotations)
    _layout(fig, style)
    return fig


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

    The arguments are those of :func:`regiondata.charts.maps.choropleth` without the boundaries
    (``geojson``, ``featureidkey``): regions left out of ``values`` are grey, ``selected`` is
    ringed and named in the corner, and ``nl_value`` is in every hover text as well.
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

    labels = {c: _value_label(c, shown[c], indicator.decimals, bold=c == selected) for c in codes}
    ring, card = _selection(selected, names, format_number(shown.get(selected), indicator.decimals), style)
    missing = any(pd.isna(v) for v in shown.values())
    legend_shapes, legend_annotations = ramp_legend(spec, indicator, style, missing=missing)
    fig = _tile_figure(
        codes,
        fills,
        labels,
        [[c, names[c], shown[c]] for c in codes],
        _value_hover(codes, names, shown, indicator, nl_value),
        ([*(_tile_shape(c, fills[c]) for c in codes), *ring, *legend_shapes], [*card, *legend_annotations]),
        style,
    )
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
    legend_labels: tuple[str, str] = bivariate.LEGEND_LABELS,
    class_labels: tuple[Sequence[str], Sequence[str]] = bivariate.CLASS_LABELS,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
    band: float = 0.0,
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
        band: The "about equal to national" band in percentage points (named in the notes).
    """
    style = chart_style(presentation)
    bivariate.class_frame(classes)  # validates columns and classes before regions are added
    completed, off_map = _complete(classes)
    frame = bivariate.class_frame(completed)
    codes = list(frame["region_code"])
    names = dict(zip(frame["region_code"], frame["region_name"], strict=True))
    fills = dict(zip(codes, frame["color"], strict=True))
    standout = dict(zip(codes, frame["standout"], strict=True))
    tiles = [
        _tile_shape(
            c, fills[c], line_color=TEXT_COLOR if standout[c] else None, line_width=2.5 if standout[c] else 0
        )
        for c in codes
    ]
    ring, card = _selection(selected, names, "", style)
    # Lower-left corner and cell size chosen to fill the empty cells south-west of Brabant; the
    # upright column words hang into the bottom margin (``bottom_axis``).
    legend_shapes, legend_annotations = bivariate.legend_items(-0.3, -7.22, 0.45, legend_labels, style)
    fig = _tile_figure(
        codes,
        fills,
        {c: f"<b>{escape_text(TILE_LABELS[c])}</b>" for c in codes},
        [[c, names[c]] for c in codes],
        [bivariate.hover(r, legend_labels, class_labels) for _, r in frame.iterrows()],
        ([*tiles, *ring, *legend_shapes], [*card, *legend_annotations]),
        style,
    )
    title = title or bivariate.TITLE
    notes = bivariate.notes(class_labels, bool((frame["color"] == MISSING_COLOR).any()), band)
    if off_map:
        notes.append(f"Niet op de kaart: {', '.join(off_map)}")
    bottom = 48 if presentation else 40
    finish(
        fig, title, source, notes, style, height=height or (800 if presentation else 620), bottom_axis=bottom
    )
    return Chart(fig, bivariate.table(frame, legend_labels, class_labels), title, notes)
