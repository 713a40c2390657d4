"""The ranking: horizontal bars for all regions, most favourable at the top."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.colors import (
    HALO,
    HIGHLIGHT_COLOR,
    NL_COLOR,
    OTHER_COLOR,
    TEXT_COLOR,
    WORLD_COLORS,
    text_color_on,
)
from regiondata.charts.labels import (
    PROVISIONAL_NOTE,
    axis_title,
    format_with_unit,
    indicator_notes,
    period_label,
    value_header,
)
from regiondata.charts.style import (
    PRESENTATION_WIDE_PX,
    WIDE_CHART_PX,
    Chart,
    ChartStyle,
    chart_style,
    finish,
)
from regiondata.charts.tables import require_columns, rounded, table_column
from regiondata.charts.text import dedupe, escape_text, format_number, region_hover
from regiondata.indicators import Indicator


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
        provisional_years: Years whose figures are provisional (``*`` in the title and header).
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    require_columns(values, ["region_code", "region_name", "value"], "de rangorde")
    style = chart_style(presentation)
    data = _ranked(values, indicator)
    period = period_label(indicator, year, provisional_years)
    marked = set(highlight)
    colors = [
        HIGHLIGHT_COLOR if c == selected else (WORLD_COLORS[indicator.world] if c in marked else OTHER_COLOR)
        for c in data["region_code"]
    ]
    shown_values = [None if pd.isna(v) else float(v) for v in data["shown"]]
    ends = [v if v is not None else 0 for v in shown_values]
    value_texts = [
        format_number(v, indicator.decimals) if v is not None else "geen gegevens" for v in shown_values
    ]
    nl_shown = None if nl_value is None else round(float(nl_value), indicator.decimals)
    x_range = _x_range(shown_values, nl_shown, style)
    left_px = int(max(len(str(n)) for n in data["region_name"]) * style.tick * 0.6) + 24
    inside = _inside(shown_values, value_texts, nl_shown, x_range, left_px, style)
    traces: list[Any] = [_bars(data, ends, colors, indicator)]
    if nl_shown is not None:
        traces.append(_nl_line(nl_shown, len(data), style))
    traces.append(_value_texts(data, ends, value_texts, colors, inside, style))
    fig = go.Figure(traces)
    fig.update_layout(
        annotations=[_nl_label(nl_shown, indicator.decimals, style)] if nl_shown is not None else [],
        showlegend=False,
        bargap=0.25,
        **_axes(data, marked | {selected}, x_range, indicator, style),
    )
    title = title or f"{indicator.title}{f', {period}' if period else ''}: alle arbeidsmarktregio's"
    notes = _notes(indicator, period)
    bar_px = 27 if presentation else 21
    height = height or (len(data) * bar_px + (230 if presentation else 170))
    margins = {"left": left_px, "right": 30, "top_extra": style.small + 8 if nl_value is not None else 0}
    finish(fig, title, source, notes, style, height=height, wide=True, **margins)
    return Chart(fig, _ranking_table(data, indicator, period), title, notes)


def _ranked(values: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The regions with their value as shown, best first, numbered by ``rank``; missing values last."""
    data = values.copy()
    data["shown"] = [rounded(v, indicator.decimals) for v in data["value"]]
    # Best first: a rank "1" should mean the most favourable value.
    descending = indicator.higher_is_better is not False
    data = data.sort_values(
        ["shown", "region_name"], ascending=[not descending, True], na_position="last"
    ).reset_index(drop=True)
    data["rank"] = range(1, len(data) + 1)
    return data


def _x_range(shown_values: Sequence[float | None], nl_shown: float | None, style: ChartStyle) -> list[float]:
    """From 0 (or the lowest negative value) to the highest value, with room for the value texts."""
    known = [v for v in shown_values if v is not None]
    if nl_shown is not None:
        known.append(nl_shown)
    lo, hi = (min([*known, 0.0]), max([*known, 0.0])) if known else (0.0, 1.0)
    span = hi - lo or 1.0
    label_room = span * (0.16 if style.presentation else 0.12)
    return [lo - (label_room if lo < 0 else 0), hi + label_room]


def _inside(
    shown_values: Sequence[float | None],
    value_texts: Sequence[str],
    nl_shown: float | None,
    x_range: Sequence[float],
    left_px: int,
    style: ChartStyle,
) -> list[bool]:
    """Per bar whether its value goes inside the bar's end rather than after it.

    A value whose text would straddle the national line goes inside its bar's end instead: the
    dashes would run through it. Text widths are estimated for the narrowest plot (1280 px).
    """
    ends = [v if v is not None else 0 for v in shown_values]
    inside = [False] * len(ends)
    if nl_shown is None:
        return inside
    plot_px = (PRESENTATION_WIDE_PX if style.presentation else WIDE_CHART_PX) - left_px - 30
    x_per_px = (x_range[1] - x_range[0]) / max(plot_px, 100)
    for i, (end, text) in enumerate(zip(ends, value_texts, strict=True)):
        width = (len(text) * style.label * 0.55 + 8) * x_per_px
        straddles = end < nl_shown < end + width if end >= 0 else end - width < nl_shown < end
        inside[i] = shown_values[i] is not None and straddles and abs(end) > width * 1.3
    return inside


def _bars(data: pd.DataFrame, ends: list[float], colors: list[str], indicator: Indicator) -> go.Bar:
    """One bar per region, its rank as the y value (axis reversed, rank 1 on top)."""
    total = len(data)
    hover = [
        region_hover(c, n, [format_with_unit(indicator, v), f"Plaats {r} van {total}"])
        for c, n, v, r in zip(
            data["region_code"], data["region_name"], data["shown"], data["rank"], strict=True
        )
    ]
    return go.Bar(
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


def _nl_line(nl_shown: float, total: int, style: ChartStyle) -> go.Scatter:
    """Nederland as a dashed line from top to bottom.

    A trace, over the bars but under their values: a shape would be drawn over every trace, so the
    dashes would cross the values next to the national one.
    """
    return go.Scatter(
        x=[nl_shown, nl_shown],
        y=[total + 0.6, 0.4],
        mode="lines",
        line={"color": NL_COLOR, "width": style.thin_line, "dash": "dash"},
        hoverinfo="skip",
        showlegend=False,
        name="Nederland",
    )


def _value_texts(
    data: pd.DataFrame,
    ends: list[float],
    texts: list[str],
    colors: list[str],
    inside: list[bool],
    style: ChartStyle,
) -> go.Scatter:
    """The values at the bar ends: after the bar, or inside its end in black or white.

    A text trace rather than bar text: Plotly measures each "outside" bar text in the page, which
    made this the slowest chart to draw.
    """
    positions = [
        ("middle right" if end < 0 else "middle left")
        if into
        else ("middle left" if end < 0 else "middle right")
        for end, into in zip(ends, inside, strict=True)
    ]
    text_colors = [
        text_color_on(color) if into else TEXT_COLOR for color, into in zip(colors, inside, strict=True)
    ]
    return go.Scatter(
        y=list(data["rank"]),
        x=ends,
        mode="text",
        text=texts,
        textposition=positions,
        textfont={"size": style.label, "color": text_colors, "shadow": HALO},
        selected={"textfont": {"color": TEXT_COLOR}},
        unselected={"textfont": {"color": TEXT_COLOR}},
        cliponaxis=False,
        hoverinfo="skip",
        showlegend=False,
        name="waarden",
    )


def _nl_label(nl_shown: float, decimals: int, style: ChartStyle) -> dict[str, Any]:
    """``Nederland: …`` above the dashed line."""
    return {
        "x": nl_shown,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "text": f"Nederland: {format_number(nl_shown, decimals)}",
        "showarrow": False,
        "font": {"size": style.small, "color": NL_COLOR},
        "name": "Nederland label",
    }


def _axes(
    data: pd.DataFrame,
    bold: set[str | None],
    x_range: Sequence[float],
    indicator: Indicator,
    style: ChartStyle,
) -> dict[str, dict[str, Any]]:
    """The value axis, and the rank axis labelled with the region names (``bold`` ones in bold)."""
    names = [
        f"<b>{escape_text(n)}</b>" if c in bold else escape_text(n)
        for c, n in zip(data["region_code"], data["region_name"], strict=True)
    ]
    return {
        "xaxis": {
            "title": {"text": escape_text(axis_title(indicator))},
            "range": x_range,
            "tickfont": {"size": style.tick},
            "automargin": False,
            "side": "bottom",
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(data["rank"]),
            "ticktext": names,
            "autorange": False,
            "range": [len(data) + 0.6, 0.4],
            "tickfont": {"size": style.tick},
            "showgrid": False,
            "ticks": "",
        },
    }


def _notes(indicator: Indicator, period: str | None) -> list[str]:
    """Which end is on top, the indicator's own notes and the provisional mark."""
    direction = {
        True: "Bovenaan: hoogste waarde (hoger is gunstiger)",
        False: "Bovenaan: laagste waarde (lager is gunstiger)",
    }.get(indicator.higher_is_better, "")
    return dedupe(
        [direction, *indicator_notes(indicator), PROVISIONAL_NOTE if period and period.endswith("*") else ""]
    )


def _ranking_table(data: pd.DataFrame, indicator: Indicator, period: str | None) -> pd.DataFrame:
    """The table alternative: rank, code, region and the value as shown."""
    return pd.DataFrame(
        {
            "Plaats": data["rank"].astype(int),
            "Code": data["region_code"].astype(str),
            "Arbeidsmarktregio": data["region_name"].astype(str),
            value_header(indicator, period): table_column(data["shown"], indicator.decimals),
        }
    )
