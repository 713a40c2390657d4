"""Benchmark reference: the dashboard's own charts and nothing else, at the dashboard's own paths.

``scripts/bench.py`` captures the figures the real pages send (with AppTest) into the JSON file
named by $BENCH_CHARTS. This app draws exactly those figures, laid out and made selectable as on
the real pages, plus the region selector: what a real page takes beyond this app is what
everything around its charts costs; what this app takes beyond the floor is what the charts cost.
"""

import json
import os
import sys
from pathlib import Path

import plotly.io as pio
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regiondata.charts.style import without_template
from regiondata.regions import AMR_CODES, amr_label

CHARTS = json.loads(Path(os.environ["BENCH_CHARTS"]).read_text())
LAYOUT = {"overzicht": [5, 6], "regio": 2, "vergelijken": 2}


@st.cache_resource
def figure(page: str, regio: str, i: int):
    return without_template(pio.from_json(CHARTS[page][regio][i]["spec"], skip_invalid=True))


def page_for(name: str):
    def draw() -> None:
        regio = st.sidebar.selectbox("Arbeidsmarktregio", AMR_CODES, format_func=amr_label, key="regio")
        regio = regio if regio in CHARTS[name] else "AM18"
        for i, column in enumerate(st.columns(LAYOUT[name], gap="large")):
            with column:
                selectable = CHARTS[name][regio][i]["selectable"]
                st.plotly_chart(
                    figure(name, regio, i),
                    key=f"chart{i}",
                    config=json.loads(CHARTS[name][regio][i]["config"]),
                    on_select=(lambda: None) if selectable else "ignore",
                    selection_mode="points",
                    theme=None,
                )

    return draw


st.set_page_config(page_title="Alleen de grafieken", layout="wide", initial_sidebar_state="expanded")
if "regio" not in st.session_state:
    st.session_state["regio"] = st.query_params.get("regio", "AM18")
pages = [
    st.Page(
        page_for(name),
        title=name,
        url_path=None if name == "overzicht" else name,
        default=name == "overzicht",
    )
    for name in LAYOUT
]
st.navigation(pages).run()
