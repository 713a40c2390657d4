"""Small multiples: one panel per region (2–6) over time, Nederland dashed in each panel."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from regiondata.charts.colors import (
    HALO,
    HIGHLIGHT_COLOR,
    NL_COLOR,
    TEXT_COLOR,
    WORLD_COLORS,
    readable_on_white,
)
from regiondata.charts.labels import PROVISIONAL_NOTE, axis_title, indicator_notes, value_header
from regiondata.charts.style import Chart, ChartStyle, axis_space, chart_style, finish
from regiondata.charts.tables import require_columns, rounded, table_column, year_status
from regiondata.charts.text import dedupe, escape_text, format_number, wrap_text
from regiondata.charts.trends import year_ticks
from regiondata.errors import BadInputError
from regiondata.indicators import Indicator


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

    The selected region is drawn in ``HIGHLIGHT_COLOR``, the others in the indicator's world
    colour; each panel's last value is written at its end, and provisional years get open markers.

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
    require_columns(frame, ["region_code", "region_name", "year", "value"], "de kleine grafieken")
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
    fig = _subplots(titles, nrows, cols)
    national = _national(nl, indicator.decimals)
    series = [_region_series(frame, code, names[code], indicator.decimals) for code in order]
    for i, region in enumerate(series):
        cell = {"row": i // cols + 1, "col": i % cols + 1}
        color = HIGHLIGHT_COLOR if region.code == selected else WORLD_COLORS[indicator.world]
        if national.years:
            fig.add_trace(_nl_trace(national, indicator.decimals, style), **cell)
        fig.add_trace(
            _region_trace(region, color, region.code == selected, indicator.decimals, marks, style), **cell
        )
        for label in _panel_labels(region, national if i == 0 else None, color, indicator.decimals, style):
            fig.add_annotation(label, **cell)
    all_years = sorted(set(frame["year"].astype(int)) | set(national.years))
    _shared_axes(fig, all_years, [national, *series], marks, cols, indicator, style)
    title = title or f"{indicator.title}: de gekozen regio's door de tijd"
    notes = dedupe(
        [
            *indicator_notes(indicator),
            "Stippellijn: Nederland" if national.years else "",
            PROVISIONAL_NOTE if marks & set(all_years) else "",
        ]
    )
    fig.update_layout(showlegend=False, hovermode="closest")
    panel = 300 if presentation else 220
    height = height or (nrows * panel + (260 if presentation else 190))
    margins = {
        "left": 100 if presentation else 76,
        "top_extra": style.label + 8,
        "bottom_axis": axis_space(style, title=False),
    }
    finish(fig, title, source, notes, style, height=height, wide=True, **margins)
    table = pd.concat([_panel_table(s, national, indicator, marks) for s in series], ignore_index=True)
    return Chart(fig, table, title, notes)


def _subplots(titles: Sequence[str], nrows: int, cols: int) -> go.Figure:
    """Panels in rows of at most three, sharing their axes, each titled with its region."""
    return make_subplots(
        rows=nrows,
        cols=cols,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=titles,
        horizontal_spacing=0.05,
        vertical_spacing=0.16 if nrows > 1 else 0.1,
    )


@dataclass(frozen=True)
class _Series:
    """One line of a panel, a region's or Nederland's: years and values as shown."""

    code: str
    name: str
    years: list[int]
    values: list[float | None]


def _national(nl: pd.DataFrame | None, decimals: int) -> _Series:
    """The national series (no years when there is none)."""
    if nl is None:
        return _Series("NL", "Nederland", [], [])
    require_columns(nl, ["year", "value"], "de landelijke reeks")
    nl_sorted = nl.sort_values("year")
    years = [int(y) for y in nl_sorted["year"]]
    return _Series("NL", "Nederland", years, [rounded(v, decimals) for v in nl_sorted["value"]])


def _region_series(frame: pd.DataFrame, code: str, name: str, decimals: int) -> _Series:
    """One region's series from the long frame, in year order."""
    part = frame[frame["region_code"] == code].sort_values("year")
    values = [rounded(v, decimals) for v in part["value"]]
    return _Series(code, name, [int(y) for y in part["year"]], values)


def _nl_trace(national: _Series, decimals: int, style: ChartStyle) -> go.Scatter:
    """Nederland, dashed, behind a panel's region."""
    return go.Scatter(
        x=national.years,
        y=national.values,
        mode="lines",
        line={"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
        name="Nederland",
        showlegend=False,
        hovertemplate=f"Nederland: %{{y:,.{decimals}f}}<extra></extra>",
    )


def _region_trace(
    region: _Series, color: str, selected: bool, decimals: int, marks: set[int], style: ChartStyle
) -> go.Scatter:
    """A panel's region: a line with markers, open on provisional years, thicker when selected."""
    return go.Scatter(
        x=region.years,
        y=region.values,
        mode="lines+markers",
        line={"color": color, "width": style.line + (1 if selected else 0)},
        marker={
            "size": style.marker,
            "color": color,
            "symbol": ["circle-open" if y in marks else "circle" for y in region.years],
            "line": {"width": 2, "color": color},
        },
        name=region.name,
        showlegend=False,
        customdata=[[region.code, region.name, y] for y in region.years],
        hovertemplate=(
            f"<b>{escape_text(region.name)}</b> ({region.code})<br>%{{x}}: "
            f"%{{y:,.{decimals}f}}<extra></extra>"
        ),
    )


def _panel_labels(
    region: _Series, national: _Series | None, color: str, decimals: int, style: ChartStyle
) -> list[dict[str, Any]]:
    """The region's last value above its end, and (in the first panel only) the name Nederland."""
    labels: list[dict[str, Any]] = []
    last = [(y, v) for y, v in zip(region.years, region.values, strict=True) if v is not None]
    if last:
        labels.append(
            {
                "x": last[-1][0],
                "y": last[-1][1],
                "text": f"<b>{format_number(last[-1][1], decimals)}</b>",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
                "yshift": 6,
                "font": {"size": style.label, "color": readable_on_white(color)},
                "bgcolor": "rgba(255,255,255,0.8)",
                "name": f"eindwaarde {region.code}",
            }
        )
    if national is not None and national.years and national.values[0] is not None:
        labels.append(
            {
                "x": national.years[0],
                "y": national.values[0],
                "text": "Nederland",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -4,
                "font": {"size": style.small, "color": NL_COLOR, "shadow": HALO},
                "name": "Nederland label",
            }
        )
    return labels


def _shared_axes(
    fig: go.Figure,
    all_years: Sequence[int],
    series: Sequence[_Series],
    marks: set[int],
    cols: int,
    indicator: Indicator,
    style: ChartStyle,
) -> None:
    """One year axis and one value range for all panels; the y title on the left; panel titles."""
    values = [v for s in series for v in s.values if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    pad = max((hi - lo) * 0.1, 0.5)
    tickvals, ticktext = year_ticks(all_years, marks, 3 if cols == 3 else 4)
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


def _panel_table(region: _Series, national: _Series, indicator: Indicator, marks: set[int]) -> pd.DataFrame:
    """The table rows of one panel: the region's values (and Nederland's) per year, with status."""
    nl_by_year = dict(zip(national.years, national.values, strict=True))
    return pd.DataFrame(
        {
            "Code": region.code,
            "Arbeidsmarktregio": region.name,
            "Jaar": region.years,
            value_header(indicator): table_column(region.values, indicator.decimals),
            **(
                {"Nederland": table_column([nl_by_year.get(y) for y in region.years], indicator.decimals)}
                if national.years
                else {}
            ),
            "Status": [year_status(y, marks) for y in region.years],
        }
    )
