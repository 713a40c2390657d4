"""Regioprofiel: one region over time, against Nederland, with its gemeenten and what the data says."""

import streamlit as st

from regiondata.charts.trends import index_lines, region_vs_nl
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.members import region_members
from regiondata.model.provenance import provenance_header
from regiondata.model.sentences import describe_region
from regiondata.model.views import (
    INDEX_SERIES,
    clamp_period,
    index_series,
    provisional_years,
    region_vs_nl_frame,
    source_line,
)
from regiondata.regions import AMR_NAMES
from ui.charts import render_chart, show_table, table_csv
from ui.data import get_snapshot
from ui.frame import period_of
from ui.presenter import side_by_side, slide_chart_height
from ui.state import get_view


# cache_resource, not cache_data: every session gets the same figures rather than an unpickled
# copy (plotly.py re-validates every property on unpickling: ~20 ms per rerun). Nothing mutates
# them; render_chart only sets the same display modes on every call.
@st.cache_resource(max_entries=256, show_spinner=False)
def profile(
    snapshot_name: str, regio: str, van: int, tot: int, presentation: bool, height: int | None = None
) -> dict:
    """Facts and charts for one region and period (cached: building them takes tens of ms)."""
    snapshot = get_snapshot()
    regions = snapshot.derived.regions
    name = AMR_NAMES[regio]
    facts = describe_region(regions, regio, van, tot)
    keys = list(INDEX_SERIES)
    index = index_lines(
        index_series(regions, regio, van, tot),
        labels={k: v[0] for k, v in INDEX_SERIES.items()},
        worlds={k: v[1] for k, v in INDEX_SERIES.items()},
        source=source_line(snapshot, keys, short=presentation),
        start_year=van,
        provisional_years=provisional_years(snapshot, keys),
        presentation=presentation,
        title=f"{name}: bijstand, banen, bbp en inwoners ({van} = 100)",
        region_code=regio,
        height=height,
    )
    ind = INDICATORS_BY_KEY["bijstand_per_1000"]
    vs_nl = region_vs_nl(
        region_vs_nl_frame(regions, regio, ind.key, van, tot),
        ind,
        region_name=name,
        source=source_line(snapshot, [ind.key], short=presentation),
        region_code=regio,
        provisional_years=provisional_years(snapshot, [ind.key]),
        presentation=presentation,
        title=f"Bijstand per 1.000 inwoners: {name} en Nederland",
        height=height,
    )
    used = sorted({k for f in facts for k in f.indicator_keys}) or ["bijstand_count"]
    return {
        "facts": [f.text for f in facts],
        "facts_source": source_line(snapshot, used),
        "index": index,
        "index_csv_header": provenance_header(snapshot, keys, title=index.title),
        "vs_nl": vs_nl,
        "vs_nl_csv_header": provenance_header(snapshot, [ind.key], title=vs_nl.title),
    }


snapshot = get_snapshot()
view = get_view(snapshot)
regions = snapshot.derived.regions
presentation = view.modus == "presentatie"
name = AMR_NAMES[view.regio]
van, tot = period_of(view, snapshot)
van, tot, note = clamp_period(regions, ["bijstand_count"], van, tot)

height = slide_chart_height("regio", 720) if presentation else None
model = profile(snapshot.path.name, view.regio, van, tot, presentation, height)
# Laid out top to bottom, filled charts first (see pages/overzicht.py): the browser starts on
# the slowest part, the charts, while the text fills in above them.
head = st.container()
if presentation and not side_by_side():
    left, right = st.container(), st.container()  # a narrow beamer: one chart per screen
else:
    left, right = st.columns(2, gap="large")
# On a slide the charts come first and what the figures say follows below them.
facts_box = st.container() if presentation else head
with left:
    render_chart(
        model["index"], "index", f"index-{view.regio}-{van}-{tot}", csv_header=model["index_csv_header"]
    )
with right:
    render_chart(
        model["vs_nl"], "vs_nl", f"bijstand-per-1000-{view.regio}", csv_header=model["vs_nl_csv_header"]
    )

with head:
    if presentation:  # one line on a slide
        st.header(f"Regioprofiel {name} · {van}–{tot}")
        if note:
            st.caption(note)
    else:
        st.title(f"Regioprofiel {name}")
        st.caption(f"Arbeidsmarktregio {view.regio} · {van}–{tot}" + (f" · {note}" if note else ""))
with facts_box:
    st.subheader("Wat de cijfers laten zien")
    with st.container(border=True):
        st.markdown("\n".join(f"- {text}" for text in model["facts"]))  # one element, not one per line
        st.caption(model["facts_source"])

st.subheader(f"Gemeenten in {name} ({tot})")
members = region_members(regions, view.regio, tot)
shown = members.rename(
    columns={
        "region_code": "Code",
        "region_name": "Gemeente",
        "bijstand_count": "Bijstand (personen)",
        "bijstand_per_1000": "Bijstand per 1.000",
        "jobs_count": "Banen",
        "jobs_growth_pct": "Banengroei t.o.v. vorig jaar (%)",
        "population_count": "Inwoners",
    }
)
# Rounded as shown, so the CSV holds the same numbers as the table (no 28,609296… or 16060,0).
for column in ("Bijstand (personen)", "Banen", "Inwoners"):
    shown[column] = shown[column].round().astype("Int64")
for column in ("Bijstand per 1.000", "Banengroei t.o.v. vorig jaar (%)"):
    shown[column] = shown[column].round(1)
# A plain table rather than a data grid: a region has at most a few dozen gemeenten, and the grid's
# script is one of the heaviest things a page can load.
show_table(
    shown,
    {
        "Bijstand per 1.000": "{:.1f}",
        "Banengroei t.o.v. vorig jaar (%)": "{:.1f}",
        "Bijstand (personen)": "{:,.0f}",
        "Banen": "{:,.0f}",
        "Inwoners": "{:,.0f}",
    },
)
members_header = provenance_header(
    snapshot, [c for c in members.columns if c in INDICATORS_BY_KEY], title=f"Gemeenten in {name} ({tot})"
)
st.download_button(
    "Download gemeenten als CSV",
    lambda: table_csv(shown, members_header),  # built on click
    f"gemeenten-{view.regio}-{tot}.csv",
    "text/csv",
    key="members_csv",
    on_click="ignore",
)
st.caption(
    "Gemeenten volgens de indeling van "
    + str(tot)
    + ". Cijfers per gemeente; de regio is de som. "
    + source_line(snapshot, ["bijstand_count", "jobs_count", "population_count"])
)
