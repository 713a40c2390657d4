"""Geographic maps from region boundaries: one indicator (choropleth) or growth × bijstand.

Both work offline: the boundaries come in as GeoJSON and no base map is drawn. The tile maps, which
need no boundaries, are in :mod:`regiondata.charts.tilemap`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from regiondata.charts import bivariate
from regiondata.charts.colors import (
    BIVARIATE_COLORS,
    HALO,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
    ColorSpec,
    indicator_colors,
)
from regiondata.charts.geo import feature_centers, geojson_bounds, rewind_for_plotly, subset_geojson
from regiondata.charts.labels import PROVISIONAL_NOTE, format_with_unit, indicator_notes, period_label
from regiondata.charts.style import Chart, ChartStyle, chart_style, finish
from regiondata.charts.tables import extreme_codes, require_columns, rounded, value_table
from regiondata.charts.text import dedupe, escape_text, format_number, region_hover, wrap_text
from regiondata.indicators import Indicator

#: Height of a geographic map in normal mode. The Netherlands is taller than wide (about 1,2 : 1),
#: so in a half-page column the map is limited by height: at 620 px it used half the column's
#: width at 1280 and 1920 px (measured: 163 and 298 px of 341 and 632). At 800 the map fills the
#: column at 1280 and most of it at 1920 (numbers in the README).
GEO_HEIGHT = 800


def _finish_map(
    fig: go.Figure, title: str, source: str, notes: list[str], style: ChartStyle, height: int | None
) -> None:
    """``finish`` with the geographic map's height: its own in each mode unless one is given."""
    default = 820 if style.presentation else GEO_HEIGHT
    finish(fig, title, source, notes, style, height=height or default, bottom_axis=8)


def _geo_anchor(geojson: Mapping[str, Any], featureidkey: str) -> go.Scattergeo:
    """An invisible lon/lat point that must be the figure's first trace.

    Plotly.js decides whether to download its world map (cdn.plot.ly/un/world_110m.json) by
    looking at the first trace of a geo subplot only: a choropleth always has a ``locationmode``
    and triggers the download, which fails offline and then blocks the whole map. A plain lon/lat
    trace first keeps the map fully offline.
    """
    centers = feature_centers(geojson, featureidkey)
    lon, lat = next(iter(centers.values()), (5.3, 52.2))
    return go.Scattergeo(
        lon=[lon],
        lat=[lat],
        mode="markers",
        marker={"size": 1, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
        name="anker",
    )


def _geo_layout(geojson: Mapping[str, Any] | None = None, presentation: bool = True) -> dict[str, Any]:
    """The map's frame. In normal mode it takes the boundaries' own shape (their lon/lat range),
    so the map fills the column's width; ``fitbounds`` keeps a square frame, in which the
    Netherlands used half the width (measured: 163 of 341 px at 1280)."""
    layout = {
        "visible": False,
        "fitbounds": "locations",
        "projection": {"type": "mercator"},
        "bgcolor": "rgba(0,0,0,0)",
        "domain": {"x": [0, 0.86], "y": [0, 1]},
    }
    bounds = geojson_bounds(geojson) if geojson is not None and not presentation else None
    if bounds is not None:
        lon0, lat0, lon1, lat1 = bounds
        pad = 0.02 * max(lon1 - lon0, lat1 - lat0)
        layout |= {
            "fitbounds": False,
            "lonaxis": {"range": [lon0 - pad, lon1 + pad]},
            "lataxis": {"range": [lat0 - pad, lat1 + pad]},
            # The colour bar lies under the map (see _colorbar), so the map has the full width.
            "domain": {"x": [0, 1], "y": [0.13, 1]},
        }
    return layout


_TRANSPARENT = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]


def _outline(
    geojson: Mapping[str, Any], codes: Sequence[str], featureidkey: str, color: str, width: float, name: str
) -> go.Choropleth:
    """Only the borders of some regions, drawn over the map: no fill, no hover."""
    return go.Choropleth(
        geojson=subset_geojson(geojson, set(codes), featureidkey),
        featureidkey=featureidkey,
        locations=list(codes),
        z=[0] * len(codes),
        colorscale=_TRANSPARENT,
        showscale=False,
        marker={"line": {"color": color, "width": width}},
        hoverinfo="skip",
        name=name,
    )


def _colorbar(
    indicator: Indicator, spec: ColorSpec, nl_value: float | None, style: ChartStyle
) -> dict[str, Any]:
    """The colour bar beside the map: the unit, and the national value a diverging scale centres on."""
    # Whole words only: "beroepsbevolking" must not break into "beroe / psbevolking".
    if not style.presentation:
        # Under the map, across its width: the map keeps the whole column (see _geo_layout).
        title = escape_text(indicator.unit)
        if spec.diverging and nl_value is not None:
            title += f" · NL: {format_number(nl_value, indicator.decimals)}"
        return {
            "title": {"text": title, "font": {"size": style.small}, "side": "top"},
            "tickfont": {"size": style.tick},
            "orientation": "h",
            "thickness": 12,
            "len": 0.9,
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "bottom",
            "outlinewidth": 0,
            "separatethousands": True,
        }
    title = wrap_text(indicator.unit, 14, break_words=False)
    if spec.diverging and nl_value is not None:
        title += f"<br>NL: {format_number(nl_value, indicator.decimals)}"
    return {
        "title": {"text": title, "font": {"size": style.small}},
        "tickfont": {"size": style.tick},
        "thickness": 18 if style.presentation else 14,
        "len": 0.7,
        "x": 0.88,
        "xanchor": "left",
        "outlinewidth": 0,
        "separatethousands": True,
    }


def _value_trace(
    has: pd.DataFrame,
    indicator: Indicator,
    spec: ColorSpec,
    geojson: Mapping[str, Any],
    featureidkey: str,
    colorbar: dict[str, Any],
    style: ChartStyle,
) -> go.Choropleth:
    """The regions with a value, coloured by ``spec``; hover and customdata carry the value shown."""
    rows = list(zip(has["region_code"], has["region_name"], has["shown"], strict=True))
    return go.Choropleth(
        geojson=geojson,
        featureidkey=featureidkey,
        locations=list(has["region_code"]),
        z=list(has["shown"]),
        zmin=spec.cmin,
        zmax=spec.cmax,
        colorscale=spec.plotly_scale(),
        marker={"line": {"color": "#FFFFFF", "width": 1.0 if not style.presentation else 1.5}},
        customdata=[[c, n, v] for c, n, v in rows],
        hovertext=[region_hover(c, n, [format_with_unit(indicator, v)]) for c, n, v in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        colorbar=colorbar,
        name=indicator.short,
    )


def _missing_trace(missing: pd.DataFrame, geojson: Mapping[str, Any], featureidkey: str) -> go.Choropleth:
    """The regions without a value, in grey, hovering "geen gegevens"."""
    rows = list(zip(missing["region_code"], missing["region_name"], strict=True))
    return go.Choropleth(
        geojson=subset_geojson(geojson, set(missing["region_code"]), featureidkey),
        featureidkey=featureidkey,
        locations=list(missing["region_code"]),
        z=[0] * len(missing),
        colorscale=[[0, MISSING_COLOR], [1, MISSING_COLOR]],
        showscale=False,
        marker={"line": {"color": "#FFFFFF", "width": 1.0}},
        customdata=[[c, n, None] for c, n in rows],
        hovertext=[region_hover(c, n, ["geen gegevens"]) for c, n in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        name="geen gegevens",
    )


def choropleth(
    values: pd.DataFrame,
    indicator: Indicator,
    geojson: Mapping[str, Any],
    source: str,
    *,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    featureidkey: str = "properties.statcode",
    year: int | None = None,
    provisional_years: Iterable[int] = (),
    nl_value: float | None = None,
    scale: Literal["auto", "sequential"] = "auto",
    height: int | None = None,
) -> Chart:
    """A geographic map of one indicator per region, coloured like the tile map.

    Works offline: the boundaries come in as GeoJSON and no base map is drawn.

    Args:
        values: Columns ``region_code``, ``region_name``, ``value``.
        indicator: The indicator shown (colour family, unit, decimals, direction).
        geojson: A FeatureCollection whose ``featureidkey`` holds the region code.
        source: The credit line, e.g. ``"Bron: CBS, tabel 80794ned, opgehaald …"``.
        selected: Region code to outline in ``HIGHLIGHT_COLOR``.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        featureidkey: Where the code sits in each feature.
        year: The data year (for the title, header and provisional mark).
        provisional_years: Years whose figures are provisional.
        nl_value: National value: the neutral midpoint of a diverging scale, named on the colour bar.
        scale: ``"sequential"`` forces the world scale.
        height: Figure height in px.
    """
    require_columns(values, ["region_code", "region_name", "value"], "de kaart")
    style = chart_style(presentation)
    frame = values.sort_values("region_code").reset_index(drop=True)
    frame["shown"] = [rounded(v, indicator.decimals) for v in frame["value"]]
    spec = indicator_colors(indicator, frame["shown"], nl_value=nl_value, scale=scale)
    period = period_label(indicator, year, provisional_years)
    title = title or f"{indicator.title}{f', {period}' if period else ''}, per arbeidsmarktregio"
    has = frame[frame["shown"].notna()]
    missing = frame[frame["shown"].isna()]
    geojson = rewind_for_plotly(geojson)

    fig = go.Figure(_geo_anchor(geojson, featureidkey))
    colorbar = _colorbar(indicator, spec, nl_value, style)
    fig.add_trace(_value_trace(has, indicator, spec, geojson, featureidkey, colorbar, style))
    if not missing.empty:
        fig.add_trace(_missing_trace(missing, geojson, featureidkey))
    _add_geo_selection(
        fig,
        frame,
        geojson,
        featureidkey,
        selected,
        style,
        label_value=lambda r: format_number(r["shown"], indicator.decimals),
        extremes=extreme_codes(frame, "shown") if presentation else [],
    )
    notes = dedupe(
        [
            *indicator_notes(indicator),
            spec.legend_note() or "",
            "Grijs: geen gegevens" if not missing.empty else "",
            PROVISIONAL_NOTE if period and period.endswith("*") else "",
        ]
    )
    fig.update_layout(geo=_geo_layout(geojson, presentation), showlegend=False)
    _finish_map(fig, title, source, notes, style, height)
    return Chart(fig, value_table(frame, indicator, period), title, notes)


def _add_geo_selection(
    fig: go.Figure,
    frame: pd.DataFrame,
    geojson: Mapping[str, Any],
    featureidkey: str,
    selected: str | None,
    style: ChartStyle,
    *,
    label_value: Any,
    extremes: Sequence[str],
) -> None:
    """Outline the selected region and write labels for it (and extremes) on a choropleth."""
    codes = set(frame["region_code"])
    if selected in codes:
        fig.add_trace(
            _outline(geojson, [selected], featureidkey, HIGHLIGHT_COLOR, style.ring, "geselecteerd")
        )
    label_codes = dedupe([*([selected] if selected in codes else []), *extremes])
    if not label_codes:
        return
    centers = feature_centers(subset_geojson(geojson, set(label_codes), featureidkey), featureidkey)
    rows = frame.set_index("region_code")
    shown = [c for c in label_codes if c in centers]
    fig.add_trace(
        go.Scattergeo(
            lon=[centers[c][0] for c in shown],
            lat=[centers[c][1] for c in shown],
            mode="text",
            text=[
                "<br>".join(
                    t
                    for t in (f"<b>{escape_text(rows.loc[c, 'region_name'])}</b>", label_value(rows.loc[c]))
                    if t
                )
                for c in shown
            ],
            textfont={"size": style.label, "color": TEXT_COLOR, "shadow": HALO},
            hoverinfo="skip",
            customdata=[[c] for c in shown],
            name="labels",
        )
    )


def _class_trace(
    frame: pd.DataFrame, geojson: Mapping[str, Any], featureidkey: str, hover: list[str]
) -> go.Choropleth:
    """Every region in the colour of its class: a stepped colour scale with one step per colour."""
    palette = [*dedupe(BIVARIATE_COLORS[b][g] for b in range(3) for g in range(3)), MISSING_COLOR]
    index = {c: i for i, c in enumerate(palette)}
    steps = len(palette)
    colorscale: list[list[Any]] = []
    for i, c in enumerate(palette):
        colorscale += [[i / steps, c], [(i + 1) / steps, c]]
    return go.Choropleth(
        geojson=geojson,
        featureidkey=featureidkey,
        locations=list(frame["region_code"]),
        z=[index[c] for c in frame["color"]],
        zmin=-0.5,
        zmax=steps - 0.5,
        colorscale=colorscale,
        showscale=False,
        marker={"line": {"color": "#FFFFFF", "width": 1.0}},
        customdata=[[c, n] for c, n in zip(frame["region_code"], frame["region_name"], strict=True)],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        name="klassen",
    )


def bivariate_choropleth(
    classes: pd.DataFrame,
    geojson: Mapping[str, Any],
    source: str,
    *,
    legend_labels: tuple[str, str] = bivariate.LEGEND_LABELS,
    class_labels: tuple[Sequence[str], Sequence[str]] = bivariate.CLASS_LABELS,
    selected: str | None = None,
    presentation: bool = False,
    title: str | None = None,
    featureidkey: str = "properties.statcode",
    height: int | None = None,
    band: float = 0.0,
) -> Chart:
    """A geographic bivariate map: growth class × bijstand class in 3×3 colours.

    Args:
        classes: Columns ``region_code``, ``region_name``, ``growth_class`` and ``bijstand_class``
            (0–2; bijstand class 2 = falls least or rises), ``growth_pct``, ``bijstand_change_pct``.
        geojson: A FeatureCollection whose ``featureidkey`` holds the region code.
        source: The credit line.
        legend_labels: ``(x_label, y_label)`` for the legend's growth and bijstand axes.
        class_labels: Dutch class names (growth, bijstand), class 0 first, for hover and table.
        selected: Region code to outline.
        presentation: Projector sizes.
        title: A title stating the finding; default a descriptive one.
        featureidkey: Where the code sits in each feature.
        height: Figure height in px.
        band: The "about equal to national" band in percentage points (named in the notes).
    """
    style = chart_style(presentation)
    frame = bivariate.class_frame(classes)
    geojson = rewind_for_plotly(geojson)
    title = title or bivariate.TITLE
    hover = [bivariate.hover(r, legend_labels, class_labels) for _, r in frame.iterrows()]
    fig = go.Figure(_geo_anchor(geojson, featureidkey))
    fig.add_trace(_class_trace(frame, geojson, featureidkey, hover))
    standout = list(frame.loc[frame["standout"], "region_code"])
    if standout:
        # Outline too, so the combination does not rely on colour alone.
        fig.add_trace(_outline(geojson, standout, featureidkey, TEXT_COLOR, 2, "valt op"))
    _add_geo_selection(
        fig, frame, geojson, featureidkey, selected, style, label_value=lambda r: "", extremes=[]
    )
    if presentation:
        legend_at, cell, xscale, domain = (0.0, 0.66), 0.05, 0.75, {"x": [0.05, 1], "y": [0, 1]}
    else:
        # Under the map, like the colour bar of the one-indicator map: the map keeps the width.
        legend_at, cell, xscale, domain = (0.0, 0.085), 0.026, 1.4, {"x": [0, 1], "y": [0.22, 1]}
    shapes, annotations = bivariate.legend_items(
        *legend_at, cell, legend_labels, style, xref="paper", yref="paper", xscale=xscale
    )
    fig.update_layout(
        geo=_geo_layout(geojson, presentation) | {"domain": domain},
        showlegend=False,
        shapes=shapes,
        annotations=annotations,
    )
    notes = bivariate.notes(class_labels, bool((frame["color"] == MISSING_COLOR).any()), band)
    _finish_map(fig, title, source, notes, style, height)
    return Chart(fig, bivariate.table(frame, legend_labels, class_labels), title, notes)
