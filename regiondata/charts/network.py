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
from regiondata.charts.style import Chart, chart_style, finish
from regiondata.charts.text import dedupe, escape_text, hover_html, wrap_text
from regiondata.errors import BadInputError

_WORLD_NAMES = {"sociaal": "Sociale wereld", "economisch": "Economische wereld"}


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
    columns: dict[str, list[Mapping[str, Any]]] = {"sociaal": [], "economisch": []}
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
    rows = max(len(columns["sociaal"]), len(columns["economisch"]), 1)
    pos: dict[str, tuple[float, float]] = {}
    for x, world in ((0.0, "sociaal"), (1.0, "economisch")):
        items = columns[world]
        for i, item in enumerate(items):
            # Centre a shorter column against the longer one.
            pos[item["name"]] = (x, -(i + (rows - len(items)) / 2))
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
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#9E9E9E", "width": style.thin_line},
                hoverinfo="skip",
                name="binnen een wereld",
            )
        )
    if bridges:
        xs, ys = [], []
        for a, b in bridges:
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": HIGHLIGHT_COLOR, "width": style.line + 1},
                hoverinfo="skip",
                name="brug tussen de werelden",
            )
        )
    degree = {n: 0 for n in pos}
    for a, b in valid:
        degree[a] += 1
        degree[b] += 1
    for world, color, textpos in (
        ("sociaal", BIJSTAND_COLOR, "middle left"),
        ("economisch", ECONOMY_COLOR, "middle right"),
    ):
        items = columns[world]
        if not items:
            continue
        fig.add_trace(
            go.Scatter(
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
                        "width": 3 if presentation else 2,
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
        )
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
        for x, world, color in ((0.0, "sociaal", BIJSTAND_COLOR), (1.0, "economisch", ECONOMY_COLOR))
    ]
    if not pos:
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
    longest = max((min(len(n), 24) for n in pos), default=10)
    # Room for the names beside the columns, in x units (the plot is ~wrap_px wide).
    side = max(0.45, longest * style.label * 0.55 / (style.wrap_px * 0.5))
    fig.update_layout(
        annotations=annotations,
        showlegend=False,
        hovermode="closest",
        xaxis={"visible": False, "range": [-side, 1 + side], "fixedrange": True},
        yaxis={"visible": False, "range": [-(rows - 1) - 0.6, 0.6], "fixedrange": True},
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
    finish(
        fig,
        title,
        source,
        notes,
        style,
        height=height or max(rows * row_px + 220, 380),
        top_extra=style.label + 10,
        bottom_axis=10,
    )
    table = pd.DataFrame(
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
    return Chart(fig, table, title, notes)
