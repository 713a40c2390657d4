"""The agenda's network picture: partners of the social and the economic world and their links."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.colors import (
    BIJSTAND_COLOR,
    ECONOMY_COLOR,
    HIGHLIGHT_COLOR,
    MUTED_TEXT_COLOR,
    TEXT_COLOR,
)
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish
from regiondata.charts.text import dedupe, escape_text, hover_html, wrap_text
from regiondata.errors import BadInputError

_WORLD_NAMES = {"sociaal": "Sociale wereld", "economisch": "Economische wereld"}
#: A line's points: x and y lists, ``None`` between lines.
_Path = tuple[list[float | None], list[float | None]]
#: The two columns: world, x position, colour, and on which side of the marker the names go.
_WORLDS = (
    ("sociaal", 0.0, BIJSTAND_COLOR, "middle left"),
    ("economisch", 1.0, ECONOMY_COLOR, "middle right"),
)


def _bezier(
    p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float], n: int = 12
) -> list[tuple[float, float]]:
    return [
        (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t**2 * p1[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t**2 * p1[1],
        )
        for t in (i / n for i in range(n + 1))
    ]


def network_graph(
    partners: Sequence[Mapping[str, Any]],
    links: Sequence[tuple[str, str]],
    *,
    source: str = "Bron: eigen invoer in de agenda",
    presentation: bool = False,
    title: str | None = None,
    height: int | None = None,
) -> Chart:
    """A simple picture of a partner network: social world left, economic world right.

    Links between the worlds (the bridges) are drawn thick in ``HIGHLIGHT_COLOR``; links within a
    world are thin grey arcs. Partners marked ``is_bridge`` get a diamond. Names are user text and
    are escaped, so ``<b>`` or ``<script>`` in a name shows literally.

    Args:
        partners: Dicts with ``name``, ``world`` (``"sociaal"`` or ``"economisch"``), ``is_bridge``.
        links: Pairs of partner names; pairs naming an unknown partner are left out.
        source: The credit line.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        height: Figure height in px.
    """
    style = chart_style(presentation)
    columns = _columns(partners)
    rows = max(len(columns["sociaal"]), len(columns["economisch"]), 1)
    pos = _positions(columns, rows)
    world_of = {p["name"]: p["world"] for col in columns.values() for p in col}
    valid = [
        (a, b)
        for a, b in dict.fromkeys((str(a), str(b)) for a, b in links)
        if a in pos and b in pos and a != b
    ]
    bridges = [(a, b) for a, b in valid if world_of[a] != world_of[b]]
    inner = [(a, b) for a, b in valid if world_of[a] == world_of[b]]

    fig = go.Figure()
    if inner:
        fig.add_trace(_link_trace(_arcs(inner, pos), "#9E9E9E", style.thin_line, "binnen een wereld"))
    if bridges:
        bridge = _straight(bridges, pos)
        fig.add_trace(_link_trace(bridge, HIGHLIGHT_COLOR, style.line + 1, "brug tussen de werelden"))
    degree = {n: 0 for n in pos}
    for a, b in valid:
        degree[a] += 1
        degree[b] += 1
    for world, _, color, textpos in _WORLDS:
        if columns[world]:
            fig.add_trace(_partner_trace(world, columns[world], pos, degree, color, textpos, style))
    fig.update_layout(
        annotations=_headings(style, empty=not pos),
        showlegend=False,
        hovermode="closest",
        **_axes(pos, rows, style),
    )
    plural = "en" if len(bridges) != 1 else ""
    title = title or f"{len(bridges)} verbinding{plural} tussen de sociale en de economische wereld"
    notes = dedupe(
        [
            "Oranje lijn: verbinding tussen de werelden",
            "Ruit: brugpartner" if any(p["is_bridge"] for col in columns.values() for p in col) else "",
        ]
    )
    row_px = 56 if presentation else 40
    height = height or max(rows * row_px + 220, 380)
    finish(fig, title, source, notes, style, height=height, top_extra=style.label + 10, bottom_axis=10)
    return Chart(fig, _network_table(columns, valid), title, notes)


def _columns(partners: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The partners per world, each name once (the first wins), names without spaces around them."""
    columns: dict[str, list[dict[str, Any]]] = {"sociaal": [], "economisch": []}
    seen: set[str] = set()
    for partner in partners:
        name = str(partner.get("name", "")).strip()
        world = partner.get("world")
        if not name or name in seen:
            continue
        if world not in columns:
            raise BadInputError(
                f"Partner '{name[:40]}' hoort bij een onbekende wereld; kies sociaal of economisch."
            )
        seen.add(name)
        columns[str(world)].append(
            {"name": name, "world": world, "is_bridge": bool(partner.get("is_bridge"))}
        )
    return columns


def _positions(
    columns: Mapping[str, Sequence[Mapping[str, Any]]], rows: int
) -> dict[str, tuple[float, float]]:
    """Each partner's place: its world's column, one row each from the top."""
    pos: dict[str, tuple[float, float]] = {}
    for world, x, _, _ in _WORLDS:
        items = columns[world]
        for i, item in enumerate(items):
            # Centre a shorter column against the longer one.
            pos[item["name"]] = (x, -(i + (rows - len(items)) / 2))
    return pos


def _arcs(inner: Sequence[tuple[str, str]], pos: Mapping[str, tuple[float, float]]) -> _Path:
    """Links within a world as arcs bulging into the middle (the names sit outside)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in inner:
        (x0, y0), (_, y1) = pos[a], pos[b]
        bulge = 0.3 if x0 == 0 else -0.3  # inward: the names sit on the outer side
        for px, py in _bezier(
            (x0, y0), (x0 + bulge * min(1, abs(y1 - y0) / 2 + 0.3), (y0 + y1) / 2), (x0, y1)
        ):
            xs.append(round(px, 3))
            ys.append(round(py, 3))
        xs.append(None)
        ys.append(None)
    return xs, ys


def _straight(bridges: Sequence[tuple[str, str]], pos: Mapping[str, tuple[float, float]]) -> _Path:
    """Links between the worlds as straight lines."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in bridges:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    return xs, ys


def _link_trace(path: _Path, color: str, width: float, name: str) -> go.Scatter:
    """Links as one line trace (``None`` between links), not hoverable."""
    xs, ys = path
    return go.Scatter(
        x=xs, y=ys, mode="lines", line={"color": color, "width": width}, hoverinfo="skip", name=name
    )


def _partner_trace(
    world: str,
    items: Sequence[Mapping[str, Any]],
    pos: Mapping[str, tuple[float, float]],
    degree: Mapping[str, int],
    color: str,
    textpos: str,
    style: ChartStyle,
) -> go.Scatter:
    """One world's partners: markers in the world's colour (bridge partners a diamond), names beside."""
    return go.Scatter(
        x=[pos[p["name"]][0] for p in items],
        y=[pos[p["name"]][1] for p in items],
        mode="markers+text",
        text=[wrap_text(p["name"], 24, break_words=False) for p in items],
        textposition=textpos,
        textfont={"size": style.label, "color": TEXT_COLOR},
        marker={
            "size": [style.marker * (2.4 if p["is_bridge"] else 1.8) for p in items],
            "symbol": ["diamond" if p["is_bridge"] else "circle" for p in items],
            "color": color,
            "opacity": 1,  # an array of sizes makes Plotly default to 0.7 ("bubbles")
            "line": {
                "color": [HIGHLIGHT_COLOR if p["is_bridge"] else "#FFFFFF" for p in items],
                "width": 3 if style.presentation else 2,
            },
        },
        customdata=[[p["name"], world] for p in items],
        hovertext=[
            hover_html(
                [
                    f"<b>{escape_text(p['name'])}</b>",
                    _WORLD_NAMES[world],
                    "Brugpartner" if p["is_bridge"] else "",
                    f"Verbindingen: {degree[p['name']]}",
                ]
            )
            for p in items
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        name=_WORLD_NAMES[world],
    )


def _headings(style: ChartStyle, *, empty: bool) -> list[dict[str, Any]]:
    """The worlds' names over their columns, and a line in the middle while there are no partners."""
    annotations: list[dict[str, Any]] = [
        {
            "x": x,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "text": f"<b>{_WORLD_NAMES[world]}</b>",
            "showarrow": False,
            "font": {"size": style.label + 2, "color": color},
            "name": f"kop {world}",
        }
        for world, x, color, _ in _WORLDS
    ]
    if empty:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": "Nog geen partners ingevuld",
                "showarrow": False,
                "font": {"size": style.label, "color": MUTED_TEXT_COLOR},
            }
        )
    return annotations


def _axes(pos: Mapping[str, tuple[float, float]], rows: int, style: ChartStyle) -> dict[str, dict[str, Any]]:
    """Hidden axes, wide enough for the names beside the columns and tall enough for every row."""
    longest = max((min(len(n), 24) for n in pos), default=10)
    # Room for the names beside the columns, in x units (the plot is ~wrap_px wide).
    side = max(0.45, longest * style.label * 0.55 / (style.wrap_px * 0.5))
    return {
        "xaxis": {"visible": False, "range": [-side, 1 + side], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-(rows - 1) - 0.6, 0.6], "fixedrange": True},
    }


def _network_table(
    columns: Mapping[str, Sequence[Mapping[str, Any]]], valid: Sequence[tuple[str, str]]
) -> pd.DataFrame:
    """The table alternative: each partner, its world, whether it is a bridge, whom it links to."""
    return pd.DataFrame(
        [
            {
                "Partner": p["name"],
                "Wereld": p["world"],
                "Brugpartner": "ja" if p["is_bridge"] else "nee",
                "Verbonden met": ", ".join(
                    sorted({b if a == p["name"] else a for a, b in valid if p["name"] in (a, b)})
                ),
            }
            for col in columns.values()
            for p in col
        ],
        columns=["Partner", "Wereld", "Brugpartner", "Verbonden met"],
    )
