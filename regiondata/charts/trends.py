"""Lines over time: indexed series of one region, and one indicator for a region against Nederland.

Both are drawn by one line chart with direct end labels, a band for provisional years and an
optional reference line. Small panels per region are in :mod:`regiondata.charts.multiples`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.colors import MUTED_TEXT_COLOR, NL_COLOR, WORLD_COLORS, WORLD_SHADES, readable_on_white
from regiondata.charts.labels import PROVISIONAL_NOTE, axis_title, indicator_notes
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish, frame_texts
from regiondata.charts.tables import require_columns, rounded, table_column, year_status
from regiondata.charts.text import dedupe, escape_text, format_number, wrap_text
from regiondata.errors import BadInputError
from regiondata.indicators import Indicator

_SYMBOLS = ("circle", "square", "diamond", "triangle-up")


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


def year_ticks(
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
    """Lines over years with direct end labels, a provisional band and optional reference line.

    ``notes`` gets the provisional note when a provisional year is shown (the caller reads it).
    """
    marks = set(provisional_years)
    all_years = sorted({y for line in lines for y in line.years})
    provisional_shown = sorted(marks & set(all_years))
    y_range = _y_range(lines, reference, decimals)
    fig_height = height or (720 if style.presentation else 480)
    fig = go.Figure()
    for line in lines:
        for trace in _line_traces(line, marks, decimals, style):
            fig.add_trace(trace)
    top_extra = style.small + 6 if provisional_shown else 0
    # The plot's height as finish will leave it: the figure less title, footer and axis.
    marked_notes = [*notes, PROVISIONAL_NOTE] if provisional_shown else notes
    _, _, top, bottom = frame_texts(title, source, marked_notes, style, top_extra=top_extra)
    annotations, longest = _end_labels(lines, all_years, decimals, y_range, fig_height - top - bottom, style)
    shapes: list[dict[str, Any]] = []
    if provisional_shown:
        band, label = _provisional_band(provisional_shown[0], all_years[-1], style)
        shapes.append(band)
        annotations.append(label)
    if reference is not None:
        shapes.append(_reference_line(reference, style))
    fig.update_layout(
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        hovermode="x unified",
        xaxis=_year_axis(all_years, marks, style),
        yaxis={"title": {"text": escape_text(y_title)}, "range": y_range, "tickfont": {"size": style.tick}},
    )
    if provisional_shown:
        notes.append(PROVISIONAL_NOTE)
    margins = {
        "left": 80 if style.presentation else 64,
        "right": min(int(longest * style.label * 0.56) + 30, 420),
        "top_extra": top_extra,
    }
    finish(fig, title, source, dedupe(notes), style, height=fig_height, **margins)
    return fig


def _y_range(lines: Sequence[_Line], reference: float | None, decimals: int) -> list[float]:
    """Every value and the reference line, with a little room above and below."""
    values = [v for line in lines for v in line.values if v is not None]
    if reference is not None:
        values.append(reference)
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((hi - lo) * 0.08, 0.5 if decimals else 1.0)
    return [lo - pad, hi + pad]


def _line_traces(line: _Line, marks: set[int], decimals: int, style: ChartStyle) -> list[go.Scatter]:
    """The traces of one line: open markers on provisional years, and a dotted provisional tail.

    A line with a provisional tail is one hoverable marker trace plus a solid and a dotted line
    piece, so no point is listed twice in the hover box.
    """
    points = [(y, v) for y, v in zip(line.years, line.values, strict=True) if v is not None]
    if not points:
        return []
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
        return [
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
        ]
    pieces = (
        (list(range(last_definitive + 1)), line.dash),
        (list(range(max(last_definitive, 0), len(years))), "dot"),
    )
    traces = [
        go.Scatter(
            x=[years[i] for i in idx],
            y=[vals[i] for i in idx],
            mode="lines",
            line={"color": line.color, "width": line.width, "dash": dash},
            hoverinfo="skip",
            name=line.label,
        )
        for idx, dash in pieces
        if len(idx) > 1
    ]
    marker_trace = go.Scatter(
        x=list(years),
        y=list(vals),
        mode="markers",
        marker=marker,
        name=line.label,
        customdata=customdata,
        hovertemplate=hover,
    )
    return [*traces, marker_trace]


def _end_label_texts(lines: Sequence[_Line], last_year: int, decimals: int) -> list[tuple[_Line, float, str]]:
    """Per line with values: the line, its last value and its label text."""
    texts = []
    for line in lines:
        last = [(y, v) for y, v in zip(line.years, line.values, strict=True) if v is not None]
        if last:
            # Short lines: the labels' room comes off the plot, which is narrow beside another
            # chart at 1280 px.
            text = wrap_text(line.label, 13)
            text += f": <b>{format_number(last[-1][1], decimals)}</b>"
            if last[-1][0] != last_year:
                text += f" ({last[-1][0]})"  # the label sits at the last year; this line ends earlier
            texts.append((line, last[-1][1], text))
    return texts


def _end_labels(
    lines: Sequence[_Line],
    all_years: Sequence[int],
    decimals: int,
    y_range: Sequence[float],
    plot_px: int,
    style: ChartStyle,
) -> tuple[list[dict[str, Any]], int]:
    """Direct labels at the line ends, pushed apart where they would overlap; and the longest line.

    Args:
        lines: The lines.
        all_years: Every year shown, in order (the labels sit right of the last).
        decimals: Decimals of the values.
        y_range: The y axis range.
        plot_px: The plot's height in px, to turn label heights into y units.
        style: The sizes.
    """
    label_lines = _end_label_texts(lines, all_years[-1], decimals) if all_years else []
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
    return annotations, longest


def _provisional_band(first: int, last: int, style: ChartStyle) -> tuple[dict[str, Any], dict[str, Any]]:
    """A grey band behind the provisional years, and its label ``voorlopig*``."""
    band = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": first - 0.5,
        "x1": last + 0.25,
        "y0": 0,
        "y1": 1,
        "fillcolor": "#F2F2F2",
        "line": {"width": 0},
        "layer": "below",
        "name": "voorlopig",
    }
    label = {
        # Right-aligned at the last year: the end labels start just right of it, and a
        # narrow band's label would otherwise run into (or read on with) the top one.
        "x": last,
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
    return band, label


def _reference_line(reference: float, style: ChartStyle) -> dict[str, Any]:
    """A thin grey line across the plot at ``reference`` (100 for an index)."""
    return {
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


def _year_axis(all_years: Sequence[int], marks: set[int], style: ChartStyle) -> dict[str, Any]:
    """The x axis: a few year ticks, ``*`` on provisional years, no grid."""
    # At most 6 year ticks in the browser: a chart beside another at 1280 px has room for no more.
    tickvals, ticktext = year_ticks(all_years, marks, 6 if not style.presentation else 8)
    return {
        "tickvals": tickvals,
        "ticktext": ticktext,
        "range": [all_years[0] - 0.3, all_years[-1] + 0.3] if all_years else None,
        "tickfont": {"size": style.tick},
        "showgrid": False,
        "automargin": False,
        "title": {"text": "Jaar"},
    }


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
    require_columns(series, ["year", "series_key", "index_value"], "de indexlijnen")
    style = chart_style(presentation)
    keys = [k for k in labels if k in set(series["series_key"])]
    used: dict[str, int] = {}
    lines: list[_Line] = []
    for key in keys:
        world = worlds.get(key, "context")
        if world not in WORLD_SHADES:
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
                values=[rounded(v, 1) for v in part["index_value"]],
                color=WORLD_SHADES[world][n % 3],
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
        table[line.label] = table_column([by_year.get(y) for y in years], 1)
    table["Status"] = [year_status(y, provisional_years) for y in years]
    return Chart(
        fig,
        table,
        title,
        dedupe([*chart_notes, PROVISIONAL_NOTE if set(provisional_years) & set(years) else ""]),
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
        provisional_years: Years whose figures are provisional (dotted segment, ``*`` on ticks).
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    require_columns(frame, ["year", "region", "nl"], "de tijdreeks")
    style = chart_style(presentation)
    data = frame.sort_values("year")
    years = [int(y) for y in data["year"]]
    region_values = [rounded(v, indicator.decimals) for v in data["region"]]
    nl_values = [rounded(v, indicator.decimals) for v in data["nl"]]
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
            f"{region_name}": table_column(region_values, indicator.decimals),
            "Nederland": table_column(nl_values, indicator.decimals),
            "Status": [year_status(y, provisional_years) for y in years],
        }
    )
    table.attrs["eenheid"] = indicator.unit
    notes = dedupe(
        [*indicator_notes(indicator), PROVISIONAL_NOTE if set(provisional_years) & set(years) else ""]
    )
    return Chart(fig, table, title, notes)
