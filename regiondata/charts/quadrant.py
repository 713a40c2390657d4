"""The quadrant chart: growth against the change in bijstand per region, bubbles sized by count."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.colors import (
    BIJSTAND_COLOR,
    BIVARIATE_COLORS,
    ECONOMY_COLOR,
    HIGHLIGHT_COLOR,
    MUTED_TEXT_COLOR,
    NL_COLOR,
    TEXT_COLOR,
    readable_on_white,
    rgba,
)
from regiondata.charts.labels import PROVISIONAL_NOTE
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish
from regiondata.charts.tables import extreme_codes, require_columns, rounded, table_column
from regiondata.charts.text import dedupe, escape_text, format_number, region_hover, wrap_text


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
    band: float = 0.0,
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
        band: Half-width (percentage points) of the grey "about equal to national" strip around
            each national line. The table shows the frame's ``quadrant_label`` if it has one.
    """
    require_columns(
        frame,
        ["region_code", "region_name", "growth_pct", "bijstand_change_pct", "bijstand_count", "quadrant"],
        "het kwadrantendiagram",
    )
    style = chart_style(presentation)
    data = _as_shown(frame)
    plotted = data[data["x"].notna() & data["y"].notna()].reset_index(drop=True)
    nl_x, nl_y = round(float(nl_growth), 1), round(float(nl_bijstand_change), 1)
    title = title or f"{x_label} en verandering van de bijstand per arbeidsmarktregio"
    x_range, y_range = _ranges(plotted, nl_x, nl_y)
    sizeref, radius = _bubble_sizes(plotted, style)
    fig_height = height or (780 if presentation else 560)
    plot_px = (style.wrap_px - 110, fig_height - 230)

    fig = go.Figure()
    fig.add_trace(_bubbles(plotted, selected, x_label, style, sizeref=sizeref))
    if selected in set(plotted["region_code"]):
        # Drawn once more, last: the selected bubble is never hidden under larger neighbours.
        on_top = _bubbles(
            plotted[plotted["region_code"] == selected], selected, x_label, style, sizeref=sizeref
        )
        on_top.name = "geselecteerd"
        fig.add_trace(on_top)
    annotations = _nl_labels(nl_x, nl_y, style)
    annotations += _quadrant_corner_annotations(plotted, quadrant_names, nl_x, nl_y, style)
    annotations += _region_labels(plotted, selected, style, x_range, y_range, plot_px, annotations, radius)
    fig.update_layout(
        shapes=_reference_shapes(nl_x, nl_y, x_range, y_range, style, band),
        annotations=annotations,
        showlegend=False,
        hovermode="closest",
        **_axes(x_label, x_range, y_range, style),
    )
    provisional = year is not None and year in set(provisional_years)
    notes = _notes(band, approximation, provisional)
    finish(fig, title, source, notes, style, height=fig_height, left=90 if presentation else 70)
    return Chart(fig, _quadrant_table(data, x_label, quadrant_names), title, notes)


def _as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The regions in code order with ``x`` (growth), ``y`` (bijstand change) and ``n`` (count) as shown."""
    data = frame.sort_values("region_code").reset_index(drop=True)
    data["x"] = [rounded(v, 1) for v in data["growth_pct"]]
    data["y"] = [rounded(v, 1) for v in data["bijstand_change_pct"]]
    data["n"] = [rounded(v, 0) for v in data["bijstand_count"]]
    return data


def _bubble_sizes(plotted: pd.DataFrame, style: ChartStyle) -> tuple[float, dict[str, float]]:
    """Plotly's ``sizeref`` for bubble areas by count, and each bubble's radius in px (for labels).

    The largest count gets a bubble 42 px across, 60 px on a projector.
    """
    max_count = max([v for v in plotted["n"] if v is not None] or [1])
    max_px = 60 if style.presentation else 42
    radius = {
        c: math.sqrt((n or 0) / max_count) * max_px / 2
        for c, n in zip(plotted["region_code"], plotted["n"], strict=True)
    }
    return 2 * max_count / max_px**2, radius


def _region_labels(
    plotted: pd.DataFrame,
    selected: str | None,
    style: ChartStyle,
    x_range: Sequence[float],
    y_range: Sequence[float],
    plot_px: tuple[int, int],
    texts: Sequence[Mapping[str, Any]],
    radius: Mapping[str, float],
) -> list[dict[str, Any]]:
    """Arrow labels clear of ``texts`` and of the bubbles (``radius`` in px per region).

    Always the selected region; on the projector also the extremes, since nobody hovers there.
    """
    label_codes = [selected] if selected in set(plotted["region_code"]) else []
    if style.presentation:
        label_codes += extreme_codes(plotted, "x") + extreme_codes(plotted, "y")
    return _place_labels(
        plotted.set_index("region_code"),
        dedupe(label_codes),
        selected,
        style,
        x_range=x_range,
        y_range=y_range,
        plot_px=plot_px,
        obstacles=_text_boxes(texts, x_range, y_range, plot_px, style),
        radius=radius,
    )


def _ranges(plotted: pd.DataFrame, nl_x: float, nl_y: float) -> tuple[list[float], list[float]]:
    """The x and y ranges: every region and the national lines, with room around them."""
    xs = [*plotted["x"], nl_x]
    ys = [*plotted["y"], nl_y]
    xpad = max((max(xs) - min(xs)) * 0.12, 0.5)
    # Extra room above and below: the quadrant names sit in the corners, two lines high.
    ypad = max((max(ys) - min(ys)) * 0.2, 0.6)
    return [min(xs) - xpad, max(xs) + xpad], [min(ys) - ypad, max(ys) + ypad]


def _reference_shapes(
    nl_x: float,
    nl_y: float,
    x_range: Sequence[float],
    y_range: Sequence[float],
    style: ChartStyle,
    band: float = 0.0,
) -> list[dict[str, Any]]:
    """The shaded "growth, but bijstand does not fall" corner, the bands of "about equal" (both
    under everything) and the NL lines."""
    dashed = {"color": NL_COLOR, "width": style.thin_line, "dash": "dash"}
    strip = {"type": "rect", "fillcolor": "rgba(91,107,122,0.13)", "line": {"width": 0}, "layer": "below"}
    bands = (
        [
            strip
            | {"xref": "x", "yref": "paper", "x0": nl_x - band, "x1": nl_x + band, "y0": 0, "y1": 1}
            | {"name": "band groei"},
            strip
            | {"xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": nl_y - band, "y1": nl_y + band}
            | {"name": "band bijstand"},
        ]
        if band > 0
        else []
    )
    return [
        *bands,
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": nl_x + band,
            "x1": x_range[1],
            "y0": nl_y + band,
            "y1": y_range[1],
            "fillcolor": rgba(BIVARIATE_COLORS[2][2], 0.08),
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
            "line": dashed,
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
            "line": dashed,
            "name": "Nederland bijstand",
        },
    ]


def _selected_on_top(
    plotted: pd.DataFrame, selected: str, x_label: str, style: ChartStyle, sizeref: float
) -> go.Scatter:
    """The selected bubble once more, as the last trace: never hidden under larger neighbours."""
    trace = _bubbles(plotted[plotted["region_code"] == selected], selected, x_label, style, sizeref=sizeref)
    trace.name = "geselecteerd"
    return trace


def _bubbles(
    plotted: pd.DataFrame, selected: str | None, x_label: str, style: ChartStyle, *, sizeref: float
) -> go.Scatter:
    """One bubble per region, its area the bijstand count; the selected one orange and outlined."""
    is_sel = [c == selected for c in plotted["region_code"]]
    hover = [
        region_hover(
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
    return go.Scatter(
        x=list(plotted["x"]),
        y=list(plotted["y"]),
        mode="markers",
        marker={
            # A region without a bijstand count (withheld: too many gemeenten missing) gets the
            # smallest bubble; NaN would make Plotly refuse the whole figure.
            "size": [v if pd.notna(v) else 0 for v in plotted["n"]],
            "sizemode": "area",
            "sizeref": sizeref,
            "sizemin": 5 if not style.presentation else 8,
            "color": [HIGHLIGHT_COLOR if s else "#5B6B7A" for s in is_sel],
            "opacity": [1.0 if s else 0.6 for s in is_sel],
            "line": {
                "color": [TEXT_COLOR if s else "#FFFFFF" for s in is_sel],
                "width": [3 if s else 1 for s in is_sel]
                if style.presentation
                else [2 if s else 0.8 for s in is_sel],
            },
        },
        customdata=[[r.region_code, r.region_name] for r in plotted.itertuples()],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        unselected={"marker": {"opacity": 0.3}},
        name="Arbeidsmarktregio's",
    )


def _nl_labels(nl_x: float, nl_y: float, style: ChartStyle) -> list[dict[str, Any]]:
    """The national values at the ends of the dashed lines."""
    font = {"size": style.small, "color": NL_COLOR}
    return [
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
            "font": font,
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
            "font": font,
            "bgcolor": "rgba(255,255,255,0.8)",
            "name": "Nederland y",
        },
    ]


def _axes(
    x_label: str, x_range: Sequence[float], y_range: Sequence[float], style: ChartStyle
) -> dict[str, dict[str, Any]]:
    """Both axes in percent, titled in the colour of their world."""
    x_title = f"{escape_text(x_label)} (%)"
    return {
        "xaxis": {
            "title": {"text": x_title, "font": {"color": readable_on_white(ECONOMY_COLOR)}},
            "range": x_range,
            "ticksuffix": "%",
            "tickfont": {"size": style.tick},
            "automargin": False,
            "zeroline": True,
        },
        "yaxis": {
            "title": {"text": "Verandering bijstand (%)", "font": {"color": BIJSTAND_COLOR}},
            "range": y_range,
            "ticksuffix": "%",
            "tickfont": {"size": style.tick},
            "zeroline": True,
        },
    }


def _quadrant_table(data: pd.DataFrame, x_label: str, quadrant_names: Mapping[str, str]) -> pd.DataFrame:
    """The table alternative: every region (also those not plotted), values as shown, its quadrant."""
    return pd.DataFrame(
        {
            "Code": data["region_code"].astype(str),
            "Arbeidsmarktregio": data["region_name"].astype(str),
            f"{x_label} (%)": table_column(data["x"], 1),
            "Verandering bijstand (%)": table_column(data["y"], 1),
            "Personen met bijstand": table_column(data["n"], 0),
            "Indeling": list(data["quadrant_label"].fillna("").astype(str))
            if "quadrant_label" in data
            else [quadrant_names.get(q, str(q)) if not pd.isna(q) else "" for q in data["quadrant"]],
        }
    )


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


def _notes(band: float, approximation: bool, provisional: bool) -> list[str]:
    """The notes under the quadrant chart: what bubbles, lines and bands mean."""
    return dedupe(
        [
            "Oppervlak van de bel: aantal personen met bijstand",
            "Stippellijnen: Nederland",
            f"Grijze banden: ongeveer gelijk aan landelijk (verschil hoogstens {format_number(band, 1)} "
            "procentpunt)"
            if band > 0
            else "",
            "Benadering op basis van COROP-gebieden" if approximation else "",
            PROVISIONAL_NOTE if provisional else "",
        ]
    )
