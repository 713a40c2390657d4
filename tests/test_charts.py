"""Chart builders: what a reader sees (titles, values, labels, colours) and what the page needs."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest

import regiondata.charts
from regiondata.charts import tilemap
from regiondata.charts.colors import (
    BIJSTAND_COLOR,
    BIJSTAND_SCALE,
    BIVARIATE_COLORS,
    CONTEXT_SCALE,
    DIVERGING_SCALE,
    ECONOMY_COLOR,
    ECONOMY_SCALE,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    NL_COLOR,
    OTHER_COLOR,
    TEXT_COLOR,
    _luminance,
    _rgb,
    contrast_ratio,
    text_color_on,
)
from regiondata.charts.labels import PROVISIONAL_NOTE, format_with_unit
from regiondata.charts.maps import bivariate_choropleth, choropleth
from regiondata.charts.multiples import small_multiples
from regiondata.charts.network import network_graph
from regiondata.charts.quadrant import quadrant_chart
from regiondata.charts.ranking import ranking
from regiondata.charts.style import (
    FONT_FAMILY,
    PRESENTATION_NARROW_PX,
    WIDE_CHART_PX,
    Chart,
    chart_style,
    figure_json_size,
    frame_texts,
    plotly_config,
)
from regiondata.charts.text import format_number
from regiondata.charts.tilemap import TILE_GRID, TILE_LABELS
from regiondata.charts.trends import index_lines, region_vs_nl
from regiondata.errors import BadInputError
from regiondata.indicators import get_indicator
from regiondata.regions import AMR_NAMES

SOURCE = "Bron: CBS, tabel 80794ned, opgehaald 27 november 2026. CC BY 4.0"
PER_1000 = get_indicator("bijstand_per_1000")
COUNT = get_indicator("bijstand_count")
JOBS_GROWTH = get_indicator("jobs_growth_pct")
GDP_GROWTH = get_indicator("gdp_volume_growth_pct")


# --- fixtures built in code ----------------------------------------------------------------------


def all_regions(value=lambda i: 20 + i * 1.2345) -> pd.DataFrame:
    """All 35 regions with distinct values (``value(i)`` for the i-th code)."""
    codes = list(AMR_NAMES)
    return pd.DataFrame(
        {
            "region_code": codes,
            "region_name": [AMR_NAMES[c] for c in codes],
            "value": [value(i) for i in range(len(codes))],
        }
    )


def three_regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["AM18", "AM22", "AM30"],
            "region_name": ["Groot Amsterdam", "Rijnmond", "Zuid-Limburg"],
            "value": [71.26, 56.04, 43.75],
        }
    )


def quadrant_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["AM18", "AM22", "AM30", "AM24"],
            "region_name": ["Groot Amsterdam", "Rijnmond", "Zuid-Limburg", "Zeeland"],
            "growth_pct": [3.04, 2.51, 0.44, 0.12],
            "bijstand_change_pct": [0.81, -3.27, -2.5, 1.1],
            "bijstand_count": [48000, 52000, 25000, 9000],
            "quadrant": ["groei_blijft", "groei_daalt", "krimp_daalt", "krimp_blijft"],
        }
    )


QUADRANT_NAMES = {
    "groei_daalt": "Groei, en de bijstand daalt mee",
    "groei_blijft": "Groei, maar de bijstand blijft staan",
    "krimp_daalt": "Weinig groei, bijstand daalt toch",
    "krimp_blijft": "Weinig groei, bijstand blijft staan",
}


def index_series(years=range(2015, 2026)) -> pd.DataFrame:
    rows = []
    for key, step in (("bijstand_count", -1.0), ("jobs_count", 2.0), ("gdp", 2.5), ("population_count", 0.5)):
        rows += [{"year": y, "series_key": key, "index_value": 100 + step * (y - 2015)} for y in years]
    return pd.DataFrame(rows)


INDEX_LABELS = {
    "bijstand_count": "Personen met bijstand",
    "jobs_count": "Banen van werknemers",
    "gdp": "Bbp (volume)",
    "population_count": "Inwoners",
}
INDEX_WORLDS = {
    "bijstand_count": "bijstand",
    "jobs_count": "economie",
    "gdp": "economie",
    "population_count": "context",
}


def bivariate_frame() -> pd.DataFrame:
    codes = list(AMR_NAMES)
    return pd.DataFrame(
        {
            "region_code": codes,
            "region_name": [AMR_NAMES[c] for c in codes],
            "growth_class": [i % 3 for i in range(len(codes))],
            "bijstand_class": [(i // 3) % 3 for i in range(len(codes))],
            "growth_pct": [0.1 * i for i in range(len(codes))],
            "bijstand_change_pct": [-3 + 0.2 * i for i in range(len(codes))],
        }
    )


def two_squares(ccw: bool = True) -> dict[str, Any]:
    """Two square regions, rings counter-clockwise as RFC 7946 prescribes (or clockwise)."""

    def square(x: float, y: float) -> list[list[float]]:
        ring = [[x, y], [x + 0.5, y], [x + 0.5, y + 0.3], [x, y + 0.3], [x, y]]
        return ring if ccw else ring[::-1]

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"statcode": "AM01"},
                "geometry": {"type": "Polygon", "coordinates": [square(6.5, 53.1)]},
            },
            {
                "type": "Feature",
                "properties": {"statcode": "AM02"},
                "geometry": {"type": "Polygon", "coordinates": [square(5.6, 53.0)]},
            },
        ],
    }


def font_sizes(node: Any, key: str = "") -> list[float]:
    """Every font size set anywhere in a figure dict (fonts, tick fonts, text fonts, hover)."""
    sizes: list[float] = []
    if isinstance(node, dict):
        if key.endswith("font") and "size" in node:
            value = node["size"]
            sizes += [float(v) for v in value] if isinstance(value, list) else [float(value)]
        for k, v in node.items():
            if k != "template":  # the template holds defaults, not sizes
                sizes += font_sizes(v, k)
    elif isinstance(node, list):
        for item in node:
            sizes += font_sizes(item, key)
    return sizes


def annotation(fig: go.Figure, name: str) -> go.layout.Annotation:
    return next(a for a in fig.layout.annotations if a.name == name)


def tile_label(fig: go.Figure, code: str) -> tuple[str, str]:
    """The text and text colour of a tile's label (labels are text traces, one per colour)."""
    for trace in fig.data:
        if trace.name == "tegellabels" and code in trace.customdata:
            i = list(trace.customdata).index(code)
            return trace.text[i], trace.textfont.color
    raise AssertionError(f"no label for {code}")


def shape(fig: go.Figure, name: str) -> go.layout.Shape:
    return next(s for s in fig.layout.shapes if s.name == name)


def every_chart(presentation: bool) -> dict[str, Chart]:
    nl = pd.DataFrame({"year": range(2015, 2026), "value": [45 - 0.5 * i for i in range(11)]})
    small = pd.concat(
        [
            three_regions().assign(year=y, value=lambda f, y=y: f["value"] - (y - 2015))
            for y in range(2015, 2026)
        ]
    )
    partners = [
        {"name": "UWV", "world": "sociaal", "is_bridge": True},
        {"name": "Economic Board", "world": "economisch", "is_bridge": False},
    ]
    return {
        "tile_map": tilemap.tile_map(
            all_regions(),
            PER_1000,
            SOURCE,
            selected="AM18",
            presentation=presentation,
            year=2025,
            provisional_years={2025},
            nl_value=45.2,
        ),
        "bivariate_tile_map": tilemap.bivariate_tile_map(
            bivariate_frame(), SOURCE, selected="AM18", presentation=presentation
        ),
        "choropleth": choropleth(
            three_regions()
            .iloc[:0]
            .pipe(
                lambda f: pd.concat(
                    [
                        f,
                        pd.DataFrame(
                            {
                                "region_code": ["AM01", "AM02"],
                                "region_name": ["Groningen", "Friesland"],
                                "value": [40.0, 50.0],
                            }
                        ),
                    ]
                )
            ),
            PER_1000,
            two_squares(),
            SOURCE,
            selected="AM01",
            presentation=presentation,
        ),
        "bivariate_choropleth": bivariate_choropleth(
            bivariate_frame().iloc[:2], two_squares(), SOURCE, selected="AM02", presentation=presentation
        ),
        "quadrant_chart": quadrant_chart(
            quadrant_frame(),
            1.4,
            -1.9,
            "Banengroei",
            SOURCE,
            QUADRANT_NAMES,
            selected="AM18",
            presentation=presentation,
        ),
        "index_lines": index_lines(
            index_series(),
            INDEX_LABELS,
            INDEX_WORLDS,
            SOURCE,
            2015,
            provisional_years={2025},
            presentation=presentation,
        ),
        "region_vs_nl": region_vs_nl(
            pd.DataFrame(
                {"year": [2022, 2023, 2024], "region": [60.0, 58.0, 57.0], "nl": [45.0, 44.0, 43.5]}
            ),
            PER_1000,
            "Groot Amsterdam",
            SOURCE,
            presentation=presentation,
        ),
        "small_multiples": small_multiples(
            small, PER_1000, SOURCE, selected="AM22", nl=nl, presentation=presentation
        ),
        "ranking": ranking(
            all_regions(),
            PER_1000,
            SOURCE,
            highlight=["AM22"],
            selected="AM18",
            nl_value=45.2,
            presentation=presentation,
        ),
        "network_graph": network_graph(partners, [("UWV", "Economic Board")], presentation=presentation),
    }


# --- the tile grid ---------------------------------------------------------------------------------


def test_tile_grid_covers_exactly_the_35_regions_on_unique_cells():
    assert set(TILE_GRID) == set(AMR_NAMES)
    assert len(set(TILE_GRID.values())) == 35
    assert set(TILE_LABELS) == set(AMR_NAMES)
    assert len(set(TILE_LABELS.values())) == 35, "two tiles would read the same"
    assert all(2 <= len(label) <= 5 for label in TILE_LABELS.values())


def test_tile_grid_follows_dutch_geography():
    col = {code: c for code, (c, _) in TILE_GRID.items()}
    row = {code: r for code, (_, r) in TILE_GRID.items()}
    assert row["AM01"] < row["AM30"]  # Groningen north of Zuid-Limburg
    assert col["AM24"] < col["AM28"]  # Zeeland west of Zuidoost-Brabant
    assert row["AM02"] < row["AM36"] < row["AM05"]  # Friesland, Zwolle, Twente going south
    assert col["AM21"] < col["AM13"] < col["AM05"]  # Haaglanden, Utrecht, Twente going east
    assert row["AM18"] < row["AM22"]  # Amsterdam north of Rotterdam
    assert col["AM24"] == 0 and row["AM24"] >= 5  # Zeeland bottom-left
    assert row["AM30"] == max(row.values())  # Zuid-Limburg the southernmost
    assert row["AM29"] < row["AM33"] < row["AM30"]  # Limburg north to south
    assert max(row[c] for c in ("AM01", "AM02", "AM03")) <= 1  # the north on top
    assert row["AM15"] == 0 and col["AM15"] < col["AM02"]  # Noord-Holland Noord upper-left


# --- tile map -------------------------------------------------------------------------------------


def test_tile_map_table_and_tiles_show_the_same_rounded_values():
    chart = tilemap.tile_map(three_regions(), PER_1000, SOURCE, year=2025)
    header = "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder, 2025"
    assert list(chart.table.columns) == ["Code", "Arbeidsmarktregio", header]
    assert len(chart.table) == 35, "regions without data still get a (grey) tile and a row"
    shown = chart.table.set_index("Code")[header]
    assert shown["AM18"] == pytest.approx(71.3)
    assert pd.isna(shown["AM01"])
    assert tile_label(chart.figure, "AM18")[0] == "<b>A'DAM</b><br>71,3"
    assert tile_label(chart.figure, "AM01")[0] == "<b>GRO</b><br>–"
    hover = chart.figure.data[0]
    assert [row[0] for row in hover.customdata] == sorted(AMR_NAMES), "region code first, for click selection"
    plotted = {row[0]: row[2] for row in hover.customdata}
    assert plotted["AM22"] == shown["AM22"] == pytest.approx(56.0)
    assert chart.title == "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder, 2025"
    assert chart.figure.layout.title.text.replace("<br>", " ") == chart.title  # wrapped to fit


def test_tile_map_colours_missing_regions_grey_and_says_so():
    chart = tilemap.tile_map(three_regions(), PER_1000, SOURCE)
    assert shape(chart.figure, "AM01").fillcolor == MISSING_COLOR
    assert shape(chart.figure, "AM18").fillcolor != MISSING_COLOR
    assert annotation(chart.figure, "legenda geen gegevens").text == "geen gegevens"
    hover = dict(
        zip([r[0] for r in chart.figure.data[0].customdata], chart.figure.data[0].hovertext, strict=True)
    )
    assert "geen gegevens" in hover["AM01"]


def test_tile_map_diverging_scale_puts_favourable_on_the_blue_side():
    # Lower bijstand is better: the lowest value gets the blue end, the highest the orange end.
    chart = tilemap.tile_map(three_regions(), PER_1000, SOURCE, nl_value=50.0)
    low, high = shape(chart.figure, "AM30").fillcolor, shape(chart.figure, "AM18").fillcolor
    assert _rgb(low)[2] > _rgb(low)[0], "low bijstand should be blue"
    assert _rgb(high)[0] > _rgb(high)[2], "high bijstand should be orange"
    assert any("gunstiger dan Nederland" in n for n in chart.notes)
    assert annotation(chart.figure, "legenda richting").text in ("<i>gunstiger</i>", "<i>ongunstiger</i>")
    # Growth: higher is better, so the highest growth is blue.
    growth = tilemap.tile_map(three_regions().assign(value=[3.0, -1.0, 0.5]), JOBS_GROWTH, SOURCE)
    assert _rgb(shape(growth.figure, "AM18").fillcolor)[2] > _rgb(shape(growth.figure, "AM18").fillcolor)[0]


def test_tile_map_counts_use_the_bijstand_family():
    chart = tilemap.tile_map(three_regions().assign(value=[48000, 52000, 25000]), COUNT, SOURCE)
    darkest = shape(chart.figure, "AM22").fillcolor
    assert darkest == BIJSTAND_SCALE[-1][1]
    assert tile_label(chart.figure, "AM22")[0].endswith("52.000")
    assert chart.table.iloc[:, 2].dtype == "Int64", "whole numbers, no .0 in the CSV"


def test_tile_text_is_legible_on_every_fill():
    for values in (all_regions(), all_regions(lambda i: 1000 * i)):
        chart = tilemap.tile_map(values, PER_1000 if values["value"].max() < 100 else COUNT, SOURCE)
        for code in AMR_NAMES:
            fill = shape(chart.figure, code).fillcolor
            text = tile_label(chart.figure, code)[1]
            assert contrast_ratio(fill, text) >= 4.5, (code, fill, text)


def test_tile_map_highlights_the_selected_region():
    chart = tilemap.tile_map(all_regions(), PER_1000, SOURCE, selected="AM18")
    ring = shape(chart.figure, "geselecteerd AM18")
    assert ring.line.color == HIGHLIGHT_COLOR
    assert ring.line.width >= 4
    card = annotation(chart.figure, "geselecteerde regio")
    assert "Groot" in card.text and "Amsterdam" in card.text
    unselected = tilemap.tile_map(all_regions(), PER_1000, SOURCE)
    assert not [s for s in unselected.figure.layout.shapes if (s.name or "").startswith("geselecteerd")]


def test_tile_map_figure_is_small():
    chart = tilemap.tile_map(all_regions(), PER_1000, SOURCE, selected="AM18", year=2025, nl_value=45.2)
    size = figure_json_size(chart.figure)
    assert size < 60_000, size
    assert "histogram2dcontour" not in chart.figure.to_json(), "Plotly's default template crept in"


# --- bivariate ---------------------------------------------------------------------------------


def test_bivariate_palette_is_3_by_3_distinct_with_a_dark_standout():
    flat = [c for row in BIVARIATE_COLORS for c in row]
    assert len(BIVARIATE_COLORS) == 3 and all(len(row) == 3 for row in BIVARIATE_COLORS)
    assert len(set(flat)) == 9
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in flat)
    luminance = {c: _luminance(c) for c in flat}
    standout = BIVARIATE_COLORS[2][2]
    assert luminance[standout] == min(luminance.values())
    # Lightness survives every colour-vision deficiency: the standout is far darker than the rest.
    assert min(v for c, v in luminance.items() if c != standout) > 4 * luminance[standout]


def test_bivariate_tile_map_marks_growth_without_falling_bijstand():
    chart = tilemap.bivariate_tile_map(
        bivariate_frame(), SOURCE, legend_labels=("Banengroei", "Bijstand daalt minder")
    )
    frame = bivariate_frame().set_index("region_code")
    standout = [
        c for c in frame.index if frame.loc[c, "growth_class"] == 2 and frame.loc[c, "bijstand_class"] == 2
    ]
    assert standout
    for code in standout:
        tile = shape(chart.figure, code)
        assert tile.fillcolor == BIVARIATE_COLORS[2][2]
        assert tile.line.width > 0, "outlined too, not by colour alone"
    other = next(c for c in frame.index if c not in standout)
    assert (
        shape(chart.figure, other).fillcolor
        == BIVARIATE_COLORS[frame.loc[other, "bijstand_class"]][frame.loc[other, "growth_class"]]
    )
    legend = [s for s in chart.figure.layout.shapes if (s.name or "").startswith("legenda")]
    assert len(legend) == 9
    assert annotation(chart.figure, "legenda x").text == "Banengroei →"
    hover = chart.figure.data[0].hovertext[list(frame.index).index(standout[0])]
    assert "meer groei dan landelijk, bijstand ongunstiger dan landelijk" in hover
    assert list(chart.table.columns) == [
        "Code",
        "Arbeidsmarktregio",
        "Banengroei (%)",
        "Bijstand daalt minder (%)",
        "Klasse groei",
        "Klasse bijstand",
    ]
    assert any("meer groei dan landelijk, maar bijstand ongunstiger dan landelijk" in n for n in chart.notes)


def test_bivariate_rejects_classes_outside_0_to_2():
    with pytest.raises(BadInputError, match="0, 1 of 2"):
        tilemap.bivariate_tile_map(bivariate_frame().assign(growth_class=3), SOURCE)


# --- choropleth ----------------------------------------------------------------------------------


def test_choropleth_draws_the_fixture_offline_with_plotly_winding():
    values = pd.DataFrame(
        {"region_code": ["AM01", "AM02"], "region_name": ["Groningen", "Friesland"], "value": [40.04, 50.0]}
    )
    chart = choropleth(values, PER_1000, two_squares(ccw=True), SOURCE, selected="AM02", year=2025)
    fig = chart.figure
    # First trace: a lon/lat point. Plotly.js checks only the first trace to decide whether to
    # download its world map from cdn.plot.ly; a choropleth first would break the map offline.
    first = fig.data[0]
    assert isinstance(first, go.Scattergeo) and first.locations is None and len(first.lon) == 1
    main = next(t for t in fig.data if isinstance(t, go.Choropleth) and t.name == PER_1000.short)
    assert list(main.locations) == ["AM01", "AM02"]
    assert list(main.z) == [40.0, 50.0]
    assert [row[0] for row in main.customdata] == ["AM01", "AM02"]
    ring = main.geojson["features"][0]["geometry"]["coordinates"][0]
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert area < 0, "outer rings must run clockwise for d3-geo"
    assert fig.layout.geo.visible is False
    # The frame takes the boundaries' shape (lon 5,6–7,0 here), so the map fills the column's width.
    assert fig.layout.geo.fitbounds is False and fig.layout.geo.domain.x == (0, 1)
    assert fig.layout.geo.lonaxis.range[0] < 5.6 < 7.0 < fig.layout.geo.lonaxis.range[1]
    outline = next(t for t in fig.data if t.name == "geselecteerd")
    assert fig.data.index(outline) > fig.data.index(main), "the selected region is outlined on top"
    assert list(outline.locations) == ["AM02"] and outline.marker.line.color == HIGHLIGHT_COLOR
    assert len(outline.geojson["features"]) == 1, "the outline trace carries only its own shape"
    assert list(chart.table["Code"]) == ["AM01", "AM02"]
    assert "mapbox" not in fig.to_json() and "maplibre" not in fig.to_json()


def test_choropleth_keeps_clockwise_input_and_greys_missing_regions():
    values = pd.DataFrame(
        {"region_code": ["AM01", "AM02"], "region_name": ["Groningen", "Friesland"], "value": [40.0, None]}
    )
    chart = choropleth(values, PER_1000, two_squares(ccw=False), SOURCE)
    missing = next(t for t in chart.figure.data if t.name == "geen gegevens")
    assert list(missing.locations) == ["AM02"]
    assert missing.colorscale[0][1] == MISSING_COLOR
    assert "Grijs: geen gegevens" in chart.notes
    main = next(t for t in chart.figure.data if isinstance(t, go.Choropleth) and t.name == PER_1000.short)
    ring = main.geojson["features"][0]["geometry"]["coordinates"][0]
    assert sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) < 0


def test_bivariate_choropleth_colours_by_class():
    frame = bivariate_frame().iloc[:2].assign(growth_class=[2, 0], bijstand_class=[2, 1])
    chart = bivariate_choropleth(frame, two_squares(), SOURCE, selected="AM01")
    assert isinstance(chart.figure.data[0], go.Scattergeo)
    main = next(t for t in chart.figure.data if t.name == "klassen")
    scale = {round(stop, 6): color for stop, color in main.colorscale}
    steps = len(main.colorscale) // 2
    colours = [scale[round(z / steps, 6)] for z in main.z]
    assert colours == [BIVARIATE_COLORS[2][2], BIVARIATE_COLORS[1][0]]
    standout = next(t for t in chart.figure.data if t.name == "valt op")
    assert list(standout.locations) == ["AM01"]


# --- quadrant chart --------------------------------------------------------------------------------


def test_quadrant_chart_reference_lines_corners_and_selection():
    chart = quadrant_chart(
        quadrant_frame(),
        1.44,
        -1.93,
        "Banengroei",
        SOURCE,
        QUADRANT_NAMES,
        selected="AM18",
        title="In 1 regio groeit de economie, maar de bijstand niet mee",
    )
    fig = chart.figure
    vertical, horizontal = shape(fig, "Nederland groei"), shape(fig, "Nederland bijstand")
    assert vertical.x0 == vertical.x1 == pytest.approx(1.4)
    assert horizontal.y0 == horizontal.y1 == pytest.approx(-1.9)
    assert vertical.line.dash == horizontal.line.dash == "dash"
    assert "Nederland" in annotation(fig, "Nederland x").text
    corners = {
        a.name.removeprefix("kwadrant "): a
        for a in fig.layout.annotations
        if (a.name or "").startswith("kwadrant")
    }
    assert set(corners) == set(QUADRANT_NAMES)
    # Each name sits in the corner where its regions are.
    assert (corners["groei_blijft"].x, corners["groei_blijft"].y) == (0.995, 0.985)
    assert (corners["krimp_daalt"].x, corners["krimp_daalt"].y) == (0.005, 0.015)
    bubbles = fig.data[0]
    codes = [row[0] for row in bubbles.customdata]
    assert codes == ["AM18", "AM22", "AM24", "AM30"]
    assert bubbles.marker.color[codes.index("AM18")] == HIGHLIGHT_COLOR
    assert bubbles.marker.color[codes.index("AM22")] != HIGHLIGHT_COLOR
    assert list(bubbles.x) == [3.0, 2.5, 0.1, 0.4] and list(bubbles.y) == [0.8, -3.3, 1.1, -2.5]
    assert bubbles.marker.sizemode == "area"
    assert list(bubbles.marker.size) == [48000, 52000, 9000, 25000]
    labels = [a.text for a in fig.layout.annotations if a.name == "label"]
    assert labels == ["<b>Groot Amsterdam</b>"]
    hover = bubbles.hovertext[0]
    assert "Banengroei: +3,0%" in hover and "Verandering bijstand: +0,8%" in hover and "48.000" in hover
    table = chart.table.set_index("Code")
    assert list(chart.table.columns) == [
        "Code",
        "Arbeidsmarktregio",
        "Banengroei (%)",
        "Verandering bijstand (%)",
        "Personen met bijstand",
        "Indeling",
    ]
    assert table.loc["AM22", "Banengroei (%)"] == pytest.approx(2.5)
    assert table.loc["AM18", "Indeling"] == "Groei, maar de bijstand blijft staan"
    assert fig.layout.title.text.startswith("In 1 regio groeit de economie")
    assert fig.layout.xaxis.title.text == "Banengroei (%)"


def test_quadrant_chart_labels_extremes_on_the_projector_and_notes_the_approximation():
    chart = quadrant_chart(
        quadrant_frame(),
        1.4,
        -1.9,
        "Bbp-groei",
        SOURCE,
        QUADRANT_NAMES,
        presentation=True,
        approximation=True,
        year=2025,
        provisional_years={2025},
    )
    labels = {a.text for a in chart.figure.layout.annotations if a.name == "label"}
    assert {"Groot Amsterdam", "Zeeland", "Rijnmond"} <= labels
    assert "Benadering op basis van COROP-gebieden" in chart.notes
    assert PROVISIONAL_NOTE in chart.notes
    assert "COROP" in annotation(chart.figure, "bron").text


# --- lines over time ------------------------------------------------------------------------------


def test_index_lines_colour_by_world_label_ends_and_mark_provisional_years():
    chart = index_lines(
        index_series(),
        INDEX_LABELS,
        INDEX_WORLDS,
        SOURCE,
        2015,
        provisional_years={2024, 2025},
        region_code="AM18",
    )
    fig = chart.figure
    colours = {t.name: t.line.color for t in fig.data if t.line.color}
    assert colours["Personen met bijstand"] == BIJSTAND_COLOR
    assert colours["Banen van werknemers"] == ECONOMY_COLOR
    assert colours["Bbp (volume)"] != ECONOMY_COLOR, "a second economy line gets another shade"
    assert shape(fig, "referentie").y0 == 100
    assert "2025*" in fig.layout.xaxis.ticktext and "2015" in fig.layout.xaxis.ticktext
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert dotted and all(min(t.x) == 2023 for t in dotted), (
        "the dotted piece starts at the last definitive year"
    )
    end = annotation(fig, "eindlabel jobs_count")
    assert end.text.replace("<br>", " ") == "Banen van werknemers: <b>120,0</b>" and end.x == 2025
    # The band's label ends at the last year, clear of the end labels that start right of it.
    band, label = shape(fig, "voorlopig"), annotation(fig, "voorlopig label")
    assert (label.x, label.xanchor) == (end.x, "right") and band.x1 > label.x
    ends = sorted(a.y for a in fig.layout.annotations if (a.name or "").startswith("eindlabel"))
    assert all(b > a for a, b in itertools.pairwise(ends)), "end labels must not sit on top of each other"
    hover_points = [t for t in fig.data if t.hovertemplate and t.name == "Banen van werknemers"]
    assert len(hover_points) == 1 and hover_points[0].customdata[0][0] == "AM18"
    assert list(chart.table.columns) == ["Jaar", *INDEX_LABELS.values(), "Status"]
    assert chart.table.set_index("Jaar").loc[2025, "Status"] == "voorlopig"
    assert chart.table.set_index("Jaar").loc[2020, "Banen van werknemers"] == pytest.approx(110.0)
    assert PROVISIONAL_NOTE in chart.notes
    assert "voorlopige cijfers" in annotation(fig, "bron").text


def test_an_index_line_that_ends_early_says_which_year_its_label_is():
    series = index_series()
    series = series[~((series["series_key"] == "gdp") & (series["year"] > 2023))]
    fig = index_lines(series, INDEX_LABELS, INDEX_WORLDS, SOURCE, 2015).figure
    assert annotation(fig, "eindlabel gdp").text.endswith("</b> (2023)")
    assert annotation(fig, "eindlabel jobs_count").text.endswith("</b>")  # runs to the last year


def test_index_lines_rejects_an_unknown_world():
    with pytest.raises(BadInputError, match="Onbekende wereld"):
        index_lines(index_series(), INDEX_LABELS, {**INDEX_WORLDS, "gdp": "cultuur"}, SOURCE, 2015)


def test_region_vs_nl_draws_the_region_in_its_world_colour_and_nl_dashed():
    frame = pd.DataFrame(
        {"year": [2022, 2023, 2024], "region": [60.04, 58.0, 57.0], "nl": [45.0, 44.0, 43.46]}
    )
    chart = region_vs_nl(frame, PER_1000, "Groot Amsterdam", SOURCE, region_code="AM18")
    lines = {t.name: t for t in chart.figure.data}
    assert lines["Groot Amsterdam"].line.color == BIJSTAND_COLOR
    assert lines["Nederland"].line.color == NL_COLOR and lines["Nederland"].line.dash == "dash"
    assert list(lines["Groot Amsterdam"].y) == [60.0, 58.0, 57.0]
    assert lines["Groot Amsterdam"].customdata[0][0] == "AM18"
    assert list(chart.table.columns) == ["Jaar", "Groot Amsterdam", "Nederland", "Status"]
    assert list(chart.table["Nederland"]) == [45.0, 44.0, 43.5]
    assert chart.figure.layout.yaxis.title.text == "Bijstand per 1.000 inwoners (15+)"
    assert "Geaggregeerd uit gemeenten" in chart.notes


def test_small_multiples_one_panel_per_region_shared_axis_and_nl():
    frame = pd.concat([three_regions().assign(year=y) for y in (2023, 2024, 2025)])
    nl = pd.DataFrame({"year": [2023, 2024, 2025], "value": [45.0, 44.0, 43.0]})
    chart = small_multiples(frame, PER_1000, SOURCE, selected="AM22", nl=nl, provisional_years={2025})
    fig = chart.figure
    regions = [t for t in fig.data if t.name != "Nederland"]
    assert [t.name for t in regions] == ["Groot Amsterdam", "Rijnmond", "Zuid-Limburg"]
    assert {t.customdata[0][0] for t in regions} == {"AM18", "AM22", "AM30"}
    colours = {t.name: t.line.color for t in regions}
    assert colours == {
        "Groot Amsterdam": BIJSTAND_COLOR,
        "Rijnmond": HIGHLIGHT_COLOR,
        "Zuid-Limburg": BIJSTAND_COLOR,
    }
    assert len([t for t in fig.data if t.name == "Nederland" and t.line.dash == "dash"]) == 3
    assert fig.layout.yaxis.range == fig.layout.yaxis2.range, "a shared y axis"
    assert "2025*" in fig.layout.xaxis.ticktext
    assert list(chart.table.columns) == [
        "Code",
        "Arbeidsmarktregio",
        "Jaar",
        "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder",
        "Nederland",
        "Status",
    ]
    assert len(chart.table) == 9


def test_small_multiples_refuses_more_than_six_regions():
    seven = all_regions().iloc[:7].assign(year=2025)
    with pytest.raises(BadInputError, match="2 tot 6"):
        small_multiples(seven, PER_1000, SOURCE)


# --- ranking ---------------------------------------------------------------------------------------


def test_ranking_sorts_best_first_and_colours_selection_highlight_and_rest():
    chart = ranking(
        all_regions(),
        PER_1000,
        SOURCE,
        highlight=["AM22", "AM18"],
        selected="AM18",
        nl_value=45.24,
        year=2025,
    )
    fig = chart.figure
    bars = fig.data[0]
    codes = [row[0] for row in bars.customdata]
    assert len(codes) == 35
    values = list(bars.x)
    assert values == sorted(values), "lower is better: the lowest value is rank 1"
    assert codes[0] == "AM01"
    assert list(bars.y) == list(range(1, 36)) and fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]
    colours = dict(zip(codes, bars.marker.color, strict=True))
    assert colours["AM18"] == HIGHLIGHT_COLOR
    assert colours["AM22"] == BIJSTAND_COLOR
    assert colours["AM05"] == OTHER_COLOR
    # The national line lies over the bars but under their values, so it never crosses a value.
    assert [t.name for t in fig.data[1:]] == ["Nederland", "waarden"]
    assert list(fig.data[1].x) == [pytest.approx(45.2)] * 2 and fig.data[1].line.dash == "dash"
    assert "<b>Groot Amsterdam</b>" in fig.layout.yaxis.ticktext
    values_text = fig.data[2]
    assert values_text.mode == "text" and list(values_text.y) == list(bars.y)
    assert values_text.text[0] == "20,0"
    assert list(chart.table.columns) == [
        "Plaats",
        "Code",
        "Arbeidsmarktregio",
        "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder, 2025",
    ]
    assert list(chart.table["Plaats"]) == list(range(1, 36))
    assert list(chart.table["Code"]) == codes
    assert "Bovenaan: laagste waarde (lager is gunstiger)" in chart.notes


def test_ranking_values_next_to_the_national_line_move_inside_their_bar():
    """A value whose text would straddle the dashed national line is drawn inside its bar's end."""
    fig = ranking(all_regions(), PER_1000, SOURCE, selected="AM18", nl_value=45.24, year=2025).figure
    bars, texts = fig.data[0], fig.data[2]
    rows = zip(bars.x, texts.textposition, texts.textfont.color, bars.marker.color, strict=True)
    for end, position, colour, bar in rows:
        if 45.24 - 1 < end < 45.24:  # its text, right of the bar end, would run over the line
            assert position == "middle left" and colour == text_color_on(bar)
        elif end > 45.24 or end < 45.24 - 8:  # clear of the line
            assert position == "middle right" and colour == TEXT_COLOR
    assert "middle left" in texts.textposition


def test_ranking_of_growth_puts_the_highest_on_top():
    chart = ranking(three_regions().assign(value=[1.0, 3.0, -0.5]), JOBS_GROWTH, SOURCE)
    assert [row[0] for row in chart.figure.data[0].customdata] == ["AM22", "AM18", "AM30"]


# --- network --------------------------------------------------------------------------------------


def test_network_graph_shows_user_text_literally_and_emphasises_bridges():
    partners = [
        {"name": "Werkbedrijf <script>alert(1)</script>", "world": "sociaal", "is_bridge": False},
        {"name": "UWV", "world": "sociaal", "is_bridge": True},
        {"name": "<b>Board</b> & co", "world": "economisch", "is_bridge": False},
    ]
    links = [
        ("UWV", "<b>Board</b> & co"),
        ("UWV", "Werkbedrijf <script>alert(1)</script>"),
        ("UWV", "Onbekend"),
    ]
    chart = network_graph(partners, links)
    fig = chart.figure
    payload = fig.to_json()
    assert "<script>" not in payload and "<b>Board" not in payload
    social = next(t for t in fig.data if t.name == "Sociale wereld")
    assert social.text[0].replace("<br>", " ") == "Werkbedrijf &lt;script&gt;alert(1)&lt;/script&gt;"
    economic = next(t for t in fig.data if t.name == "Economische wereld")
    assert economic.text[0] == "&lt;b&gt;Board&lt;/b&gt; &amp; co"
    assert all(x == 0 for x in social.x) and all(x == 1 for x in economic.x)
    bridge = next(t for t in fig.data if t.name == "brug tussen de werelden")
    inner = next(t for t in fig.data if t.name == "binnen een wereld")
    assert bridge.line.color == HIGHLIGHT_COLOR and bridge.line.width > inner.line.width
    assert social.marker.symbol[1] == "diamond"
    assert chart.title == "1 verbinding tussen de sociale en de economische wereld"
    table = chart.table.set_index("Partner")
    assert table.loc["UWV", "Brugpartner"] == "ja"
    assert table.loc["UWV", "Verbonden met"] == "<b>Board</b> & co, Werkbedrijf <script>alert(1)</script>"


def test_network_graph_with_no_partners_says_so():
    chart = network_graph([], [])
    assert any(a.text == "Nog geen partners ingevuld" for a in chart.figure.layout.annotations)
    assert chart.table.empty


# --- shared rules ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def normal_charts() -> dict[str, Chart]:
    return every_chart(presentation=False)


@pytest.fixture(scope="module")
def projector_charts() -> dict[str, Chart]:
    return every_chart(presentation=True)


def test_every_chart_has_title_source_dutch_separators_and_no_template(normal_charts):
    for name, chart in normal_charts.items():
        fig = chart.figure
        assert fig.layout.title.text, name
        assert fig.layout.title.x == 0 and fig.layout.title.xanchor == "left", name
        footer = annotation(fig, "bron").text
        assert footer.startswith("Bron:"), name
        assert fig.layout.separators == ",.", name
        assert fig.layout.font.family == FONT_FAMILY, name
        assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == "#FFFFFF", name
        # No template, not even after Streamlit's own validation of the figure: Plotly.react
        # compares a template by identity, so any template makes every redraw a full one.
        assert "template" not in fig.to_plotly_json()["layout"], name
        validated = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
        assert "template" not in validated["layout"], name
        assert fig.layout.datarevision, name
        assert figure_json_size(fig) < 60_000, name
        assert not chart.table.empty or name == "network_graph", name


def test_datarevision_follows_the_data_only():
    def build(values):
        return tilemap.tile_map(three_regions().assign(value=values), PER_1000, SOURCE).figure

    same = build([71.3, None, 40.0]), build([71.3, None, 40.0])
    assert same[0].layout.datarevision == same[1].layout.datarevision
    assert build([71.3, None, 41.0]).layout.datarevision != same[0].layout.datarevision


def test_tile_labels_keep_their_colour_when_a_click_selects_a_region():
    chart = tilemap.tile_map(all_regions(), PER_1000, SOURCE, selected="AM18")
    labels = [t for t in chart.figure.data if t.name == "tegellabels"]
    assert sum(len(t.customdata) for t in labels) == 35
    for trace in labels:
        assert trace.hoverinfo == "skip"
        assert trace.selected.textfont.color == trace.unselected.textfont.color == trace.textfont.color


def test_normal_mode_uses_a_14_to_15_px_base_font(normal_charts):
    for name, chart in normal_charts.items():
        assert 14 <= chart.figure.layout.font.size <= 15, name


def test_presentation_mode_text_is_at_least_18_px_and_lines_thicker(normal_charts, projector_charts):
    for name, chart in projector_charts.items():
        fig = chart.figure
        sizes = font_sizes(fig.to_dict()["layout"]) + font_sizes(fig.to_dict()["data"])
        assert sizes and min(sizes) >= 18, (name, min(sizes))
        assert fig.layout.title.font.size > fig.layout.font.size >= 18, name
    for name in ("index_lines", "region_vs_nl", "small_multiples"):
        normal = max(t.line.width or 0 for t in normal_charts[name].figure.data)
        big = max(t.line.width or 0 for t in projector_charts[name].figure.data)
        assert big >= 4 and big > normal, name

    def marker_size(chart: Chart) -> float:
        return max(t.marker.size for t in chart.figure.data if t.marker.size)

    assert marker_size(projector_charts["index_lines"]) > marker_size(normal_charts["index_lines"])
    # Bubble sizes are counts; a smaller sizeref draws them larger.
    bubbles = [c["quadrant_chart"].figure.data[0].marker for c in (normal_charts, projector_charts)]
    assert bubbles[1].sizeref < bubbles[0].sizeref


def test_long_titles_wrap_and_stay_inside_the_figure():
    title = (
        "In negen arbeidsmarktregio's groeit het aantal banen sneller dan landelijk, "
        "maar daalt de bijstand minder"
    )
    chart = quadrant_chart(quadrant_frame(), 1.4, -1.9, "Banengroei", SOURCE, QUADRANT_NAMES, title=title)
    lines = chart.figure.layout.title.text.split("<br>")
    assert len(lines) >= 2 and " ".join(lines) == title
    assert chart.figure.layout.margin.t > len(lines) * chart.figure.layout.title.font.size
    assert chart.title == title


def test_full_width_charts_wrap_their_title_and_footer_to_the_whole_column():
    """Half-width charts wrap to ~390 px; the ranking and small multiples span the page."""
    title = "Alle 35 regio's: bijstand per 1.000 inwoners van 15 jaar en ouder (2025)"
    wide = ranking(all_regions(), PER_1000, SOURCE, title=title).figure
    style = chart_style(False)
    half_title, half_footer, _, _ = frame_texts(title, SOURCE, [], style)
    assert wide.layout.title.text.count("<br>") < half_title.count("<br>")
    footer = next(a.text for a in wide.layout.annotations if a.name == "bron")
    assert footer.split("<br>")[0] == SOURCE and half_footer.split("<br>")[0] != SOURCE
    longest = max(len(line) for line in footer.split("<br>"))
    assert longest * style.small * 0.58 <= WIDE_CHART_PX  # still inside at 1280 px


def test_presentation_text_fits_a_half_width_chart():
    """In presentation mode (no sidebar) a half-width chart is at least ~540 px wide."""
    style = chart_style(True)
    long_source = SOURCE + "; 83582NED (Banen van werknemers in december, opgehaald 27 november 2026)"
    title, footer, _, _ = frame_texts(
        "Zuid-Limburg: bijstand, banen, bbp en inwoners", long_source, [], style
    )
    assert max(len(line) for line in footer.split("<br>")) * style.small * 0.58 <= PRESENTATION_NARROW_PX
    assert max(len(line) for line in title.split("<br>")) * style.title * 0.6 <= PRESENTATION_NARROW_PX
    _, wide_footer, _, _ = frame_texts("t", long_source, [], style, wide=True)
    assert wide_footer.count("<br>") < footer.count("<br>")


def test_plotly_config_downloads_a_named_png_without_links_out():
    config = plotly_config("Bijstand per 1.000, Zuid-Limburg (2025)")
    assert config["displaylogo"] is False
    assert config["displayModeBar"] == "hover"  # never over a wrapped title, no clutter on a beamer
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "bijstand-per-1-000-zuid-limburg-2025",
        "scale": 2,
    }
    assert config["locale"] == "nl"
    assert config["locales"]["nl"]["dictionary"]["Download plot as a PNG"] == "Download als PNG-afbeelding"
    assert "http" not in json.dumps(config)


def test_dutch_number_formatting():
    assert format_number(1234567.891, 1) == "1.234.567,9"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(-2.5, 1) == "−2,5"
    assert format_number(2.5, 1, signed=True) == "+2,5"
    assert format_number(float("nan")) == "–"
    assert format_with_unit(JOBS_GROWTH, 1.26) == "1,3%"
    assert format_with_unit(COUNT, 48000) == "48.000 personen"
    assert format_with_unit(GDP_GROWTH, None) == "geen gegevens"


def test_world_colours_read_on_white_and_scales_darken_steadily():
    for colour in (BIJSTAND_COLOR, ECONOMY_COLOR, NL_COLOR):
        assert contrast_ratio(colour, "#FFFFFF") >= 4.5
    assert contrast_ratio(HIGHLIGHT_COLOR, "#FFFFFF") >= 3, "a mark, not text: WCAG 1.4.11 asks 3:1"
    # The two worlds differ in lightness too, so they stay apart for colour-blind readers.
    assert abs(_luminance(BIJSTAND_COLOR) - _luminance(ECONOMY_COLOR)) > 0.05
    for scale in (BIJSTAND_SCALE, ECONOMY_SCALE, CONTEXT_SCALE):
        lum = [_luminance(c) for _, c in scale]
        assert lum == sorted(lum, reverse=True)
    diverging = [_luminance(c) for _, c in DIVERGING_SCALE]
    middle = len(diverging) // 2
    assert diverging[middle] == max(diverging), "light in the middle, dark at both ends"


def test_regiondata_chart_modules_never_import_streamlit():
    modules = sorted(Path(regiondata.charts.__file__).parent.glob("*.py"))
    assert len(modules) > 2
    for path in modules:
        source = path.read_text("utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE), path.name


def test_quadrant_chart_draws_a_region_without_a_bijstand_count():
    frame = quadrant_frame()
    frame.loc[frame.region_code == "AM24", "bijstand_count"] = None  # withheld: members missing
    chart = quadrant_chart(frame, 1.44, -1.93, "Banengroei", SOURCE, QUADRANT_NAMES)
    sizes = [s for t in chart.figure.data if t.marker and t.marker.size is not None for s in t.marker.size]
    assert 0 in sizes and all(not math.isnan(s) for s in sizes)


def test_quadrant_chart_draws_the_band_of_about_equal():
    chart = quadrant_chart(quadrant_frame(), 1.44, -1.93, "Banengroei", SOURCE, QUADRANT_NAMES, band=1.0)
    fig = chart.figure
    growth, bijstand = shape(fig, "band groei"), shape(fig, "band bijstand")
    assert (growth.x0, growth.x1) == pytest.approx((0.4, 2.4))  # NL 1,4 ± 1,0 as shown
    assert (bijstand.y0, bijstand.y1) == pytest.approx((-2.9, -0.9))
    assert growth.layer == bijstand.layer == "below"
    # The shaded problem corner starts outside the band.
    corner = shape(fig, "aandacht")
    assert (corner.x0, corner.y0) == pytest.approx((2.4, -0.9))
    assert any("ongeveer gelijk aan landelijk (verschil hoogstens 1,0 procentpunt)" in n for n in chart.notes)
    # Without a band nothing is drawn and nothing is said.
    plain = quadrant_chart(quadrant_frame(), 1.44, -1.93, "Banengroei", SOURCE, QUADRANT_NAMES)
    assert not [s for s in plain.figure.layout.shapes if (s.name or "").startswith("band")]
    assert not any("ongeveer gelijk" in n for n in plain.notes)


def test_bivariate_legend_names_its_classes_in_words():
    chart = tilemap.bivariate_tile_map(bivariate_frame(), SOURCE, band=1.0)
    words = {a.name: a.text for a in chart.figure.layout.annotations if (a.name or "").startswith("legenda ")}
    assert [words[f"legenda groei {i}"] for i in range(3)] == ["minder", "gelijk", "meer"]
    assert [words[f"legenda bijstand {i}"] for i in range(3)] == ["gaat mee", "gelijk", "achter"]
    assert any(
        "dezelfde indeling als het kwadrantendiagram" in n and "1,0 procentpunt" in n for n in chart.notes
    )


def test_geographic_map_legends_wrap_whole_words_and_the_selected_bubble_is_on_top():
    unemployment = get_indicator("unemployment_pct")
    values = pd.DataFrame(
        {"region_code": ["AM01", "AM02"], "region_name": ["Groningen", "Friesland"], "value": [4.0, 5.0]}
    )
    for presentation in (False, True):
        chart = choropleth(values, unemployment, two_squares(), SOURCE, presentation=presentation)
        title = next(t for t in chart.figure.data if isinstance(t, go.Choropleth)).colorbar.title.text
        assert "beroepsbevolking" in title.replace("<br>", " ").split(), title
    # Presentation mode keeps the square frame and the colour bar beside the map.
    assert chart.figure.layout.geo.fitbounds == "locations"
    quad = quadrant_chart(
        quadrant_frame(), 1.44, -1.93, "Banengroei", SOURCE, QUADRANT_NAMES, selected="AM22"
    )
    top = quad.figure.data[-1]
    assert top.name == "geselecteerd" and [row[0] for row in top.customdata] == ["AM22"]
    assert top.marker.color[0] == HIGHLIGHT_COLOR and top.marker.line.width[0] > 1


def test_describe_table_says_in_one_sentence_what_a_chart_shows():
    from regiondata.charts.tables import describe_table

    regions = pd.DataFrame(
        {
            "Code": ["AM01", "AM02"],
            "Arbeidsmarktregio": ["Groningen", "Friesland"],
            "Banengroei (%)": [3.5, -1.25],
        }
    )
    assert describe_table(regions) == (
        "Banengroei (%) voor 2 regio's: hoogste Groningen (3,50), laagste Friesland (−1,25)."
    )
    years = pd.DataFrame({"Jaar": ["2015", "2024*"], "Groningen": [30.1, 34.1]})
    assert describe_table(years) == "Groningen van 30,1 in 2015 naar 34,1 in 2024."
    assert describe_table(pd.DataFrame()) == "De grafiek heeft geen gegevens."
