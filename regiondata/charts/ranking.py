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
from regiondata.charts.style import PRESENTATION_WIDE_PX, WIDE_CHART_PX, Chart, chart_style, finish
from regiondata.charts.tables import require_columns, rounded, table_column
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
    value_header,
)
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
        provisional_years: Years whose figures are provisional.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    require_columns(values, ["region_code", "region_name", "value"], "de rangorde")
    style = chart_style(presentation)
    data = values.copy()
    data["shown"] = [rounded(v, indicator.decimals) for v in data["value"]]
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
        region_hover(c, n, [format_with_unit(indicator, v), f"Plaats {r} van {total}"])
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
            textfont={"size": style.label, "color": text_colors, "shadow": HALO},
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
    notes = dedupe(
        [direction, *indicator_notes(indicator), PROVISIONAL_NOTE if period and period.endswith("*") else ""]
    )
    finish(
        fig,
        title,
        source,
        notes,
        style,
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
            value_header(indicator, period): table_column(data["shown"], indicator.decimals),
        }
    )
    return Chart(fig, table, title, notes)
