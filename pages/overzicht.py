"""Overzicht — "Twee werelden": does growth reach the people on bijstand, region by region?"""

import streamlit as st

from regiondata.charts.maps import bivariate_choropleth, choropleth
from regiondata.charts.quadrant import quadrant_chart
from regiondata.charts.tilemap import bivariate_tile_map, tile_map
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.provenance import provenance_header
from regiondata.model.quadrants import (
    BIVARIATE_LEGEND,
    EQUAL_BAND_POINTS,
    GROWTH_CHOICES,
    QUADRANTS_BY_KEY,
    bivariate_classes,
    class_summary,
    quadrant_data,
)
from regiondata.model.sentences import headline
from regiondata.model.views import indicator_values, key_figures, source_line
from regiondata.regions import AMR_NAMES
from ui.charts import render_chart
from ui.data import get_snapshot
from ui.frame import PLACEHOLDER, indicator_select, page_period
from ui.presenter import side_by_side, slide_chart_height
from ui.slide import settings
from ui.state import bind, get_view, set_view, settings_key


# cache_resource, not cache_data: every session gets the same figures rather than an unpickled
# copy (plotly.py re-validates every property on unpickling: ~20 ms per rerun). Nothing mutates
# them; render_chart only sets the same display modes on every call.
@st.cache_resource(max_entries=256, show_spinner=False)
def overview(
    snapshot_name: str,
    regio: str,
    van: int,
    tot: int,
    groei: str,
    indicator: str,
    kleur: str,
    kaart: str,
    presentation: bool,
    height: int | None = None,
) -> dict:
    """Everything the page shows for one view; cached, because charts take tens of ms to build."""
    snapshot = get_snapshot()
    choice = GROWTH_CHOICES[groei]
    qd = quadrant_data(snapshot.derived.regions, groei, van, tot)
    if kleur == "indicator":
        ind = INDICATORS_BY_KEY[indicator]
        values, used = indicator_values(snapshot, ind.key, tot)
        map_keys = [ind.key]
        source = source_line(snapshot, map_keys, short=presentation)
        title = f"{ind.title} ({used})" if used else ind.title
        common = {"selected": regio, "presentation": presentation, "title": title, "height": height}
        if kaart == "geo":
            map_chart = choropleth(values, ind, snapshot.boundaries, source, **common)
        else:
            map_chart = tile_map(values, ind, source, **common)
    else:
        classes = bivariate_classes(qd).merge(
            qd.frame[["region_code", "region_name", "growth_pct", "bijstand_change_pct"]], on="region_code"
        )
        map_keys = ["bijstand_count", choice.indicator_key]
        source = source_line(snapshot, map_keys, short=presentation)
        labels = ("Economische groei", "Verandering bijstand")
        class_labels = (BIVARIATE_LEGEND.growth_classes, BIVARIATE_LEGEND.bijstand_classes)
        title = f"{choice.label} × verandering bijstand, {van}–{tot}"
        build = bivariate_choropleth if kaart == "geo" else bivariate_tile_map
        extra = {"geojson": snapshot.boundaries} if kaart == "geo" else {}
        map_chart = build(
            classes,
            source=source,
            selected=regio,
            presentation=presentation,
            title=title,
            legend_labels=labels,
            class_labels=class_labels,
            height=height,
            band=EQUAL_BAND_POINTS,
            **extra,
        )
    quad_chart = quadrant_chart(
        qd.frame,
        qd.nl_growth_pct,
        qd.nl_bijstand_change_pct,
        x_label=choice.axis_label.removesuffix(" (%)"),
        source=source_line(snapshot, ["bijstand_count", choice.indicator_key], short=presentation),
        quadrant_names={k: q.label for k, q in QUADRANTS_BY_KEY.items()},
        selected=regio,
        presentation=presentation,
        title=f"Groei en bijstand per regio, {van}–{tot}",
        approximation=qd.approximation,
        height=height,
        band=EQUAL_BAND_POINTS,
    )
    return {
        "summary": f"{headline(qd, regio)}. {class_summary(qd)}",  # the charts' accessible description
        "headline": headline(qd, regio),
        "figures": key_figures(snapshot, regio, van, tot, groei),
        "map": map_chart,
        "map_csv_header": provenance_header(snapshot, map_keys, title=map_chart.title),
        "quadrant": quad_chart,
        "quadrant_csv_header": provenance_header(
            snapshot, ["bijstand_count", choice.indicator_key], title=quad_chart.title
        ),
    }


def select_region(code: str) -> None:
    if code in AMR_NAMES:
        set_view(regio=code)


snapshot = get_snapshot()
view = get_view(snapshot)
choice = GROWTH_CHOICES[view.groei]
van, tot, period_note = page_period(view, snapshot, ["bijstand_count", choice.indicator_key])
has_geo = snapshot.boundaries is not None
kaart = view.kaart if has_geo else "tegel"
model = overview(
    snapshot.path.name,
    view.regio,
    van,
    tot,
    view.groei,
    view.indicator,
    view.kleur,
    kaart,
    view.presenting,
    slide_chart_height("overzicht", 800) if view.presenting else None,
)

# The page is laid out top to bottom, but filled charts first: the charts are the slowest part
# for the browser to draw, so they go out first and the text and controls fill in around them.
head = st.container()
figures_row = st.container()
if view.presenting and not side_by_side():
    # A narrow beamer: one chart per screen, the quadrant first (a tile map needs more height
    # than a 1280×800 slide has left under the headline; it follows below).
    quad_col, map_col = st.container(), st.container()
else:
    map_col, quad_col = st.columns([5, 6], gap="large")
# Normally above each chart; on a slide in the top row's "Instellingen" popover.
map_controls = settings(view) if view.presenting else map_col.container()
quad_controls = settings(view) if view.presenting else quad_col.container()
with map_col:
    render_chart(
        model["map"],
        "kaart",
        f"kaart-{view.regio}",
        on_select=select_region,
        csv_header=model["map_csv_header"],
        description=model["summary"] if view.kleur != "indicator" else None,
    )
with quad_col:
    render_chart(
        model["quadrant"],
        "kwadrant",
        f"groei-en-bijstand-{van}-{tot}",
        on_select=select_region,
        csv_header=model["quadrant_csv_header"],
        description=model["summary"],
    )

with head:
    if view.presenting:
        st.header(model["headline"], anchor=False)  # in front of a room the finding is the title
    else:
        # anchor=False: Streamlit's heading link has an English label ("Link to heading").
        st.title("Twee werelden", anchor=False)
        st.subheader(model["headline"], anchor=False)
    if period_note:
        st.caption(period_note)

if view.presenting:
    # On a slide the key figures are one line of text, not four tall cards.
    figures_row.container(key="slide_figures").markdown(
        # No-break spaces keep each figure whole when the line wraps (no "%)" alone on a line).
        " · ".join(
            f"{fig.label}: **{fig.value}** (NL {fig.nl})".replace(" ", "\u00a0") for fig in model["figures"]
        )
    )
cols = [] if view.presenting else figures_row.columns(4)
for col, fig in zip(cols, model["figures"], strict=False):
    # The national figure as the metric's grey, arrowless delta: one element per figure, not two.
    col.metric(
        fig.label,
        fig.value,
        delta=f"Nederland: {fig.nl}",
        delta_color="off",
        delta_arrow="off",
        help=fig.help,
    )

with map_controls:
    c1, c2 = st.columns(2)
    c1.radio(
        "Kaart",
        ["tegel", "geo"],
        format_func={"tegel": "Tegelkaart", "geo": "Geografisch"}.get,
        key=bind(kaart_key := settings_key("w_kaart", kaart), kaart),
        horizontal=True,
        disabled=not has_geo,
        help=None
        if has_geo
        else "Er zijn (nog) geen regiogrenzen; die komen mee met het vernieuwen bij CBS.",
        on_change=lambda: set_view(kaart=st.session_state[kaart_key]),
    )
    c2.radio(
        "Kleur",
        ["indicator", "bivariaat"],
        format_func={"indicator": "Eén indicator", "bivariaat": "Groei × bijstand"}.get,
        key=bind(kleur_key := settings_key("w_kleur", view.kleur), view.kleur),
        horizontal=True,
        on_change=lambda: set_view(kleur=st.session_state[kleur_key]),
    )
    if view.kleur == "indicator":
        indicator_select(st, "Indicator op de kaart", settings_key("w_indicator", view.indicator), view)

with quad_controls:
    st.selectbox(
        "Economische groei gemeten als",
        list(GROWTH_CHOICES),
        format_func=lambda k: GROWTH_CHOICES[k].label,
        key=bind(groei_key := settings_key("w_groei", view.groei), view.groei),
        placeholder=PLACEHOLDER,
        on_change=lambda: set_view(groei=st.session_state[groei_key]),
    )
