"""Vergelijken: a few regions side by side, or the regions most like the selected one."""

import streamlit as st

from regiondata.charts.multiples import small_multiples
from regiondata.charts.ranking import ranking
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.model.params import MAX_COMPARE
from regiondata.model.provenance import provenance_header
from regiondata.model.similarity import PROFILE_METHOD, similar_regions
from regiondata.model.views import (
    clamp_period,
    indicator_values,
    national_value,
    provisional_years,
    series_for,
    source_line,
)
from regiondata.regions import AMR_CODES, AMR_NAMES, amr_label
from ui.charts import render_chart, show_table
from ui.data import get_snapshot
from ui.frame import indicator_select, period_of
from ui.presenter import slide_chart_height
from ui.slide import settings
from ui.state import bind, get_view, set_view


@st.cache_data(max_entries=256, show_spinner=False)
def similar(snapshot_name: str, regio: str, year: int, n: int):
    """Nearest regions on the structural profile (cached)."""
    return similar_regions(get_snapshot().derived.regions, regio, year, n=n)


# cache_resource, not cache_data: every session gets the same figures rather than an unpickled
# copy (plotly.py re-validates every property on unpickling: ~20 ms per rerun). Nothing mutates
# them; render_chart only sets the same display modes on every call.
@st.cache_resource(max_entries=256, show_spinner=False)
def compare_charts(
    snapshot_name: str,
    codes: tuple[str, ...],
    regio: str,
    key: str,
    van: int,
    tot: int,
    presentation: bool,
    height: int | None = None,
) -> dict:
    """Small multiples of the chosen regions and the ranking of all 35 (cached)."""
    snapshot = get_snapshot()
    ind = INDICATORS_BY_KEY[key]
    out = {}
    if len(codes) >= 2:
        frame, nl = series_for(snapshot.derived.regions, list(codes), key, van, tot)
        out["multiples"] = small_multiples(
            frame,
            ind,
            source_line(snapshot, [key], short=presentation),
            selected=regio,
            nl=nl,
            provisional_years=provisional_years(snapshot, [key]),
            presentation=presentation,
            title=f"{ind.title}, {van}–{tot}",
            height=height,
        )
    values, used = indicator_values(snapshot, key, tot)
    out["ranking"] = ranking(
        values,
        ind,
        source_line(snapshot, [key]),
        highlight=list(codes),
        selected=regio,
        nl_value=national_value(snapshot, key, used) if used else None,
        year=used,
        provisional_years=provisional_years(snapshot, [key]),
        presentation=presentation,
        title=f"Alle 35 regio's: {ind.title[:1].lower()}{ind.title[1:]} ({used})",
    )
    out["csv_headers"] = {
        name: provenance_header(snapshot, [key], title=chart.title) for name, chart in out.items()
    }
    out["used"] = used
    return out


def _on_compare() -> None:
    chosen = tuple(st.session_state["w_vergelijk"])
    if len(chosen) > MAX_COMPARE:
        st.session_state["_vergelijk_notice"] = (
            f"Hoogstens {MAX_COMPARE} regio's tegelijk: de laatst gekozen regio is weggelaten."
        )
    elif not chosen:
        st.session_state["_vergelijk_notice"] = (
            "Geen regio gekozen: de standaardkeuze (de gekozen regio en de twee die er het meest op "
            "lijken) is teruggezet."
        )
    set_view(vergelijk=chosen[:MAX_COMPARE])


snapshot = get_snapshot()
view = get_view(snapshot)
regions = snapshot.derived.regions
presentation = view.modus == "presentatie"
ind = INDICATORS_BY_KEY[view.indicator]
van, tot = period_of(view, snapshot)
van, tot, note = clamp_period(regions, [ind.numerator or ind.key], van, tot)

# The view decides which regions are compared (the widgets below mirror it), so the charts can be
# sent before the controls and tables above them (see pages/overzicht.py).
mode = "vergelijkbaar" if view.vergelijkbaar else "zelf"
if mode == "vergelijkbaar":
    near = similar(snapshot.path.name, view.regio, tot, MAX_COMPARE - 1)
    codes = [view.regio, *near["region_code"]]
else:
    codes = list(view.vergelijk) or [
        view.regio,
        *similar_regions(regions, view.regio, tot, n=2)["region_code"],
    ]

head = st.container()
# On a slide the small multiples (the comparison asked for) fill the screen; the ranking of all
# 35 regions needs more height than a slide has, so it follows below.
height = slide_chart_height("vergelijken", 560) if presentation else None
model = compare_charts(snapshot.path.name, tuple(codes), view.regio, ind.key, van, tot, presentation, height)
if "multiples" in model:
    render_chart(
        model["multiples"],
        "multiples",
        f"vergelijken-{ind.key}",
        csv_header=model["csv_headers"]["multiples"],
    )
# On a slide the list of similar regions and the region menu go below the comparison.
detail = st.container() if presentation else head
render_chart(
    model["ranking"],
    "ranking",
    f"ranglijst-{ind.key}-{model['used']}",
    on_select=lambda code: set_view(regio=code),
    csv_header=model["csv_headers"]["ranking"],
)

with head:
    if presentation:  # one line on a slide: the chart's title names the indicator
        st.header("Regio's vergelijken")
    else:
        st.title("Regio's vergelijken")
    if note:
        st.caption(note)
    c1, c2 = (settings(view), settings(view)) if presentation else st.columns([1, 2])
    c1.radio(
        "Welke regio's?",
        ["zelf", "vergelijkbaar"],
        format_func={"zelf": "Zelf kiezen", "vergelijkbaar": f"Lijken op {AMR_NAMES[view.regio]}"}.get,
        key=bind("w_mode", mode),
        on_change=lambda: set_view(vergelijkbaar=st.session_state["w_mode"] == "vergelijkbaar"),
    )
    indicator_select(c2, "Indicator", "w_indicator_cmp", view)
with detail:
    if mode == "vergelijkbaar":
        st.markdown(f"**Regio's die structureel op {AMR_NAMES[view.regio]} lijken ({tot})**")
        show_table(
            near.rename(
                columns={
                    "region_name": "Regio",
                    "region_code": "Code",
                    "distance": "Afstand",
                    "reason": "Waarom vergelijkbaar",
                }
            )[["Regio", "Code", "Afstand", "Waarom vergelijkbaar"]],
            {"Afstand": "{:.2f}"},
        )
        st.caption(PROFILE_METHOD)
    else:
        # No max_selections: Streamlit would then say so in English. A seventh region is
        # dropped with a Dutch notice instead.
        st.multiselect(
            f"Kies 2 tot {MAX_COMPARE} regio's",
            AMR_CODES,
            format_func=amr_label,
            key=bind("w_vergelijk", codes),
            on_change=_on_compare,
        )
        notice = st.session_state.pop("_vergelijk_notice", None)
        if notice:
            st.info(notice, icon=":material/info:")
        if len(codes) < 2:
            st.info("Kies ten minste twee regio's om te vergelijken.")
