"""Regio-DNA charts: the woon-werk Sankey of one region, and jobs growth per sector.

The Sankey reads left to right: where people live → where they work. The region itself stands on
both sides: its residents who work in it are the thick band in the middle, people from other
regions flow in above and below it, and its residents who work elsewhere flow out. A room sees at a
glance how much of the region's work stays in the region. Builders take the Dutch-headed tables of
``regiondata.model.dna`` (charts depend only on the foundation).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts.colors import CONTEXT_COLOR, ECONOMY_COLOR, HIGHLIGHT_COLOR, OTHER_COLOR, TEXT_COLOR
from regiondata.charts.style import Chart, chart_style, finish
from regiondata.charts.text import format_number

_IN_LINK = "rgba(0,127,95,0.35)"  # ECONOMY_COLOR, translucent: people who come to work here
_OUT_LINK = "rgba(230,97,0,0.35)"  # HIGHLIGHT_COLOR, translucent: residents who work elsewhere
_OWN_LINK = "rgba(26,26,26,0.25)"


def _fmt(n: float) -> str:
    return format_number(n, 0)


def _links(
    origins: pd.DataFrame, destinations: pd.DataFrame, region_name: str
) -> list[tuple[str, str, float, str]]:
    """The bands: every origin into the region's jobs, the residents out to other work regions."""
    own_left, own_right = f"Woont in {region_name}", f"Werkt in {region_name}"
    links = []
    for _, r in origins.iterrows():
        color = _OWN_LINK if r["Regio"] == region_name else _IN_LINK
        links.append((f"Woont in {r['Regio']}", own_right, float(r["Banen"]), color))
    for _, r in destinations.iterrows():
        if r["Regio"] != region_name:  # the band inside the region is already drawn from the other side
            links.append((own_left, f"Werkt in {r['Regio']}", float(r["Banen"]), _OUT_LINK))
    return links


def commuting_sankey(
    origins: pd.DataFrame,
    destinations: pd.DataFrame,
    region_name: str,
    year: int,
    *,
    source: str,
    presentation: bool = False,
    height: int | None = None,
) -> Chart:
    """Sankey of a region's commuting: origins of its jobs and destinations of its residents.

    Args:
        origins: ``model.dna.jobs_by_origin(...).table`` (Regio, Code, Banen, Aandeel (%), Afstand).
        destinations: ``model.dna.jobs_by_destination(...).table``.
        region_name: The region's name (its own row is the one with its name).
        year: The commuting year.
        source: The credit line.
        presentation: Projector sizes.
        height: The height in px (a slide's measured space), else the default for the mode.

    Returns:
        The chart; its table lists every band (woonregio, werkregio, banen).
    """
    style = chart_style(presentation)
    left = [f"Woont in {r}" for r in origins["Regio"]]
    right = [f"Werkt in {r}" for r in destinations["Regio"]]
    own_left = f"Woont in {region_name}"
    own_right = f"Werkt in {region_name}"
    if own_left not in left:
        left.insert(0, own_left)
    if own_right not in right:
        right.insert(0, own_right)
    labels = left + right
    links = _links(origins, destinations, region_name)
    index = {label: i for i, label in enumerate(labels)}
    node_colors = [
        HIGHLIGHT_COLOR
        if label in (own_left, own_right)
        else (OTHER_COLOR if "Buitenland" in label else CONTEXT_COLOR)
        for label in labels
    ]
    total_in = float(origins["Banen"].sum())
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": labels,
                "color": node_colors,
                "pad": 14 if not presentation else 18,
                "thickness": 18 if not presentation else 24,
                "line": {"width": 0},
                "hovertemplate": "%{label}: %{value:,.0f} banen<extra></extra>",
            },
            link={
                "source": [index[s] for s, _, _, _ in links],
                "target": [index[t] for _, t, _, _ in links],
                "value": [v for _, _, v, _ in links],
                "color": [c for _, _, _, c in links],
                "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f} banen<extra></extra>",
            },
            textfont={"size": style.label, "color": TEXT_COLOR, "family": None},
        )
    )
    title = f"{region_name}: waar werkenden wonen en waar inwoners werken ({year})"
    notes = [
        f"Links: woonregio; rechts: werkregio. Banen van werknemers in december {year}, "
        "afgerond op honderdtallen.",
        f"Grijs: wonen en werken in de regio; groen: werkenden van buiten de regio; oranje: inwoners "
        f"die buiten de regio werken. Banen in de regio: {_fmt(total_in)}.",
    ]
    height = height or (620 if presentation else 520)
    finish(fig, title, source, notes, style, height=height, wide=True, left=16, right=16)
    table = pd.DataFrame(
        [(s.removeprefix("Woont in "), t.removeprefix("Werkt in "), int(v)) for s, t, v, _ in links],
        columns=["Woonregio", "Werkregio", "Banen"],
    )
    return Chart(fig, table, title, notes)


def sector_growth_bars(
    sectors: pd.DataFrame,
    region_name: str,
    van: int,
    tot: int,
    *,
    source: str,
    presentation: bool = False,
    height: int | None = None,
) -> Chart:
    """Horizontal bars: absolute job growth per sector over the period, largest on top.

    Args:
        sectors: ``model.dna.sector_view`` (Sector, …, ``Groei van–tot (banen)``, Locatiequotiënt).
        region_name: The region's name.
        van: First year; tot: last year.
        source: The credit line.
        presentation: Projector sizes.
        height: The height in px (a slide's measured space), else the default for the mode.
    """
    style = chart_style(presentation)
    growth_col = f"Groei {van}–{tot} (banen)"
    pct_col = f"Groei {van}–{tot} (%)"
    data = sectors.dropna(subset=[growth_col]).sort_values(growth_col)
    values = data[growth_col].astype(float)
    colors = [ECONOMY_COLOR if v >= 0 else HIGHLIGHT_COLOR for v in values]
    texts = [
        f"{format_number(v, 0, signed=True)} ({format_number(p, 1, signed=True)}%)"
        if pd.notna(p)
        else format_number(v, 0, signed=True)
        for v, p in zip(values, data[pct_col], strict=True)
    ]
    # A growing sector's label sits right of its bar; a shrinking one's right of the zero line, so
    # it never runs into the sector names on the left.
    fig = go.Figure(
        [
            go.Bar(
                x=values,
                y=data["Sector"],
                orientation="h",
                marker={"color": colors},
                text=[t if v >= 0 else "" for t, v in zip(texts, values, strict=True)],
                textposition="outside",
                cliponaxis=False,
                textfont={"size": style.label},
                hovertemplate="%{y}: %{x:,.0f} banen<extra></extra>",
            ),
            go.Scatter(
                x=[0.0 for v in values if v < 0],
                y=[n for n, v in zip(data["Sector"], values, strict=True) if v < 0],
                text=[t for t, v in zip(texts, values, strict=True) if v < 0],
                mode="text",
                textposition="middle right",
                textfont={"size": style.label, "color": TEXT_COLOR},
                hoverinfo="skip",
                showlegend=False,
            ),
        ]
    )
    fig.update_layout(showlegend=False)
    span = max(float(values.abs().max()) if len(values) else 1.0, 1.0)
    lo = min(float(values.min()) if len(values) else 0.0, 0.0)
    fig.update_xaxes(
        title_text=f"Groei banen {van}–{tot}",
        range=[lo - 0.08 * span if lo < 0 else 0, float(values.max()) + 0.55 * span if len(values) else 1],
        tickfont={"size": style.tick},
        tickformat=",.0f",  # 5.000, not Plotly's "5k" (separators are Dutch, see style.finish)
    )
    # The sector names get a fixed margin (as in ranking), so the footer starts at the left edge.
    left_px = int(max((len(str(n)) for n in data["Sector"]), default=10) * style.tick * 0.6) + 24
    fig.update_yaxes(tickfont={"size": style.tick}, automargin=False, ticksuffix="  ")
    title = f"{region_name}: groei van de banen per sector, {van}–{tot}"
    notes = [
        "Banen van werknemers in december, per sector (SBI 2008 in tien groepen), som van de gemeenten "
        "met de regio-indeling van elk jaar; afgerond op honderdtallen.",
    ]
    height = height or (560 if presentation else 440)
    finish(fig, title, source, notes, style, height=height, wide=True, left=left_px, right=30)
    table = data.iloc[::-1][["Sector", growth_col, pct_col, "Locatiequotiënt"]].reset_index(drop=True)
    return Chart(fig, table, title, notes)
