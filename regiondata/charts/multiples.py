"""Small multiples: one panel per region (2–6) over time, Nederland dashed in each panel."""

from __future__ import annotations

import math
from collections.abc import Iterable

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
from regiondata.charts.style import Chart, axis_space, chart_style, finish
from regiondata.charts.tables import require_columns, rounded, table_column, year_status
from regiondata.charts.text import (
    PROVISIONAL_NOTE,
    axis_title,
    dedupe,
    escape_text,
    format_number,
    indicator_notes,
    value_header,
    wrap_text,
)
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
        require_columns(nl, ["year", "value"], "de landelijke reeks")
        nl_sorted = nl.sort_values("year")
        nl_years = [int(y) for y in nl_sorted["year"]]
        nl_values = [rounded(v, indicator.decimals) for v in nl_sorted["value"]]
    world_color = WORLD_COLORS[indicator.world]
    all_values: list[float] = [v for v in nl_values if v is not None]
    table_parts = []
    for i, code in enumerate(order):
        row, col = i // cols + 1, i % cols + 1
        part = frame[frame["region_code"] == code].sort_values("year")
        years = [int(y) for y in part["year"]]
        vals = [rounded(v, indicator.decimals) for v in part["value"]]
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
                font={"size": style.small, "color": NL_COLOR, "shadow": HALO},
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
                    value_header(indicator): table_column(vals, indicator.decimals),
                    **(
                        {"Nederland": table_column([nl_by_year.get(y) for y in years], indicator.decimals)}
                        if nl_years
                        else {}
                    ),
                    "Status": [year_status(y, marks) for y in years],
                }
            )
        )
    all_years = sorted(set(frame["year"].astype(int)) | set(nl_years))
    lo, hi = (min(all_values), max(all_values)) if all_values else (0.0, 1.0)
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
    title = title or f"{indicator.title}: de gekozen regio's door de tijd"
    notes = dedupe(
        [
            *indicator_notes(indicator),
            "Stippellijn: Nederland" if nl_years else "",
            PROVISIONAL_NOTE if marks & set(all_years) else "",
        ]
    )
    fig.update_layout(showlegend=False, hovermode="closest")
    panel = 300 if presentation else 220
    finish(
        fig,
        title,
        source,
        notes,
        style,
        height=height or (nrows * panel + (260 if presentation else 190)),
        left=100 if presentation else 76,
        top_extra=style.label + 8,
        bottom_axis=axis_space(style, title=False),
        wide=True,
    )
    return Chart(fig, pd.concat(table_parts, ignore_index=True), title, notes)
