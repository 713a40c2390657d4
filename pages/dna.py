"""Regio-DNA: who fills a region's jobs, where its residents work, and which sectors carry growth."""

import streamlit as st

from regiondata.charts.commuting import commuting_sankey, sector_growth_bars
from regiondata.model.dna import (
    commuting_year,
    dna_paragraph,
    jobs_by_destination,
    jobs_by_origin,
    sector_view,
)
from regiondata.model.provenance import provenance_header
from regiondata.model.views import source_line
from regiondata.regions import AMR_NAMES
from ui.charts import render_chart, show_table, table_csv
from ui.data import get_snapshot
from ui.frame import period_of
from ui.presenter import side_by_side, slide_chart_height
from ui.state import get_view

FLOW_KEYS = ["resident_job_share_pct"]
SECTOR_SOURCES = ["banen_sector", "gebieden"]


# Shared, not copied, per session (see pages/regio.py): nothing mutates the figures.
@st.cache_resource(max_entries=256, show_spinner=False)
def dna_model(
    snapshot_name: str, regio: str, van: int, tot: int, presentation: bool, height: int | None = None
) -> dict:
    """Tables, charts and sentences of one region and period (cached per snapshot)."""
    snapshot = get_snapshot()
    derived = snapshot.derived
    name = AMR_NAMES[regio]
    flows, sectors = derived.flows, derived.sectors
    year = commuting_year(flows, tot)
    origin = jobs_by_origin(flows, regio, year) if year else None
    destination = jobs_by_destination(flows, regio, year) if year else None
    sector = sector_view(sectors, regio, van, tot)
    regions = derived.regions
    nl = regions[(regions["level"] == "nl") & (regions["year"] == year)]["resident_job_share_pct"]
    flow_source = source_line(snapshot, FLOW_KEYS)
    sector_source = source_line(snapshot, ["jobs_count"])  # the same table, 83582NED, per sector
    # On a slide the charts' footers are short (table ids, one date); the captions keep the titles.
    flow_chart_source = source_line(snapshot, FLOW_KEYS, short=presentation)
    sector_chart_source = source_line(snapshot, ["jobs_count"], short=presentation)
    model: dict = {
        "name": name,
        "year": year,
        "origin": origin,
        "destination": destination,
        "sectors": sector,
        "text": dna_paragraph(name, sector, origin, destination, nl.iloc[0] if len(nl) else None, van, tot),
        "flow_source": flow_source,
        "sector_source": sector_source,
        "flow_header": provenance_header(snapshot, FLOW_KEYS, title=f"Woon-werk {name} ({year})"),
        "sector_header": provenance_header(
            snapshot, SECTOR_SOURCES, title=f"Banen per sector {name} {van}–{tot}"
        ),
    }
    if origin is not None and destination is not None:
        model["sankey"] = commuting_sankey(
            origin.table,
            destination.table,
            name,
            origin.year,
            source=flow_chart_source,
            presentation=presentation,
            height=height,
        )
    if not sector.empty:
        model["growth"] = sector_growth_bars(
            sector, name, van, tot, source=sector_chart_source, presentation=presentation, height=height
        )
    return model


snapshot = get_snapshot()
view = get_view(snapshot)
presentation = view.modus == "presentatie"
van, tot = period_of(view, snapshot)
height = slide_chart_height("dna", 620) if presentation else None
model = dna_model(snapshot.path.name, view.regio, van, tot, presentation, height)
name = model["name"]


def draw_sankey() -> None:
    """The woon-werk picture with its table toggle and CSV."""
    render_chart(
        model["sankey"],
        "dna_sankey",
        f"woon-werk-{view.regio}-{model['year']}",
        csv_header=model["flow_header"],
    )


def draw_growth() -> None:
    """Job growth per sector with its table toggle and CSV."""
    render_chart(
        model["growth"],
        "dna_growth",
        f"sectorgroei-{view.regio}-{van}-{tot}",
        csv_header=model["sector_header"],
    )


if presentation:
    # A slide: one line of title, the two pictures first (side by side on a wide beamer), then
    # what the figures say and the tables for whoever scrolls.
    st.header(f"Regio-DNA {name} · {van}–{tot}")
    drawers = [d for d, part in ((draw_sankey, "sankey"), (draw_growth, "growth")) if part in model]
    boxes = (
        st.columns(len(drawers), gap="large")
        if drawers and side_by_side()
        else [st.container() for _ in drawers]
    )
    for box, draw in zip(boxes, drawers, strict=True):
        with box:
            draw()
else:
    st.title(f"Regio-DNA {name}")
    st.caption(f"Arbeidsmarktregio {view.regio} · {van}–{tot} · woon-werkverkeer en sectoren")

if model["text"]:
    with st.container(border=True):
        st.markdown("\n".join(f"- {t}" for t in model["text"]))
        st.caption(model["flow_source"])

st.header("Wie vult de banen, waar werken de inwoners")
origin, destination = model["origin"], model["destination"]
if origin is None or destination is None:
    st.info(
        "De woon-werkcijfers (CBS-tabellen 83628NED en 85481NED) ontbreken in deze gegevens: ze konden "
        "bij het laatste vernieuwen niet worden opgehaald, of er zijn geen cijfers voor deze regio. "
        "Op *Over de data* staat wat er misging; de andere pagina's werken gewoon.",
        icon=":material/info:",
    )
else:
    if model["year"] != tot:
        st.caption(f"Woon-werkcijfers over {model['year']}: het nieuwste jaar tot en met {tot} met cijfers.")
    a, b = st.columns(2)
    a.metric(
        "Banen in de regio vervuld door inwoners",
        f"{origin.own_share_pct:.0f}%".replace(".", ","),
        help="Banen van werknemers in december in de regio die inwoners van de regio zelf vervullen.",
    )
    b.metric(
        "Inwoners die in de eigen regio werken",
        f"{destination.own_share_pct:.0f}%".replace(".", ","),
        help="Banen van inwoners van de regio die in de regio zelf liggen.",
    )
    if not presentation:
        draw_sankey()
    sides = (
        ("Waar de werkenden wonen", origin, "herkomst", "dna_origin_csv"),
        ("Waar de inwoners werken", destination, "bestemming", "dna_destination_csv"),
    )
    for column, (heading, side, word, csv_key) in zip(st.columns(2, gap="large"), sides, strict=True):
        with column:
            st.subheader(heading)
            show_table(side.table.drop(columns=["Code"]), {"Banen": "{:,.0f}", "Aandeel (%)": "{:.1f}"})
            st.download_button(
                f"Download {word} als CSV",
                lambda side=side: table_csv(side.table, model["flow_header"]),
                f"{word}-{view.regio}-{model['year']}.csv",
                "text/csv",
                key=csv_key,
                on_click="ignore",
            )
    st.caption(
        "Afstand: gemiddelde afstand over de weg tussen woon- en werkgemeente, gewogen naar het aantal "
        "banen. " + model["flow_source"]
    )

st.header("Welke sectoren dragen de groei")
sectors = model["sectors"]
if sectors.empty:
    st.info(
        "De banen per sector (CBS-tabel 83582NED, tien sectorgroepen) ontbreken in deze gegevens of "
        f"hebben geen cijfers voor {name} in {van} en {tot}. Op *Over de data* staat wat er misging.",
        icon=":material/info:",
    )
else:
    if not presentation:
        draw_growth()
    st.subheader(f"Sectoren in {name} tegen Nederland ({tot})")
    show_table(
        sectors.drop(columns=["Code"]),
        {sectors.columns[2]: "{:,.0f}", sectors.columns[7]: "{:,.0f}", "Locatiequotiënt": "{:.2f}"},
    )
    st.download_button(
        "Download sectoren als CSV",
        lambda: table_csv(sectors, model["sector_header"]),
        f"sectoren-{view.regio}-{van}-{tot}.csv",
        "text/csv",
        key="dna_sectors_csv",
        on_click="ignore",
    )
    st.caption(
        "Locatiequotiënt: het aandeel van de sector in de banen van de regio gedeeld door dat aandeel in "
        "Nederland (boven 1: sterker vertegenwoordigd dan landelijk). " + model["sector_source"]
    )
