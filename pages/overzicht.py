"""Overzicht: the 35 regions side by side for the newest year."""

import streamlit as st

from regiondata.indicators import INDICATORS_BY_KEY, format_value
from regiondata.views import column_label, region_table, source_line
from ui.data import get_snapshot

KEYS = ["bijstand_count", "bijstand_per_1000", "jobs_growth_pct", "unemployment_pct"]

snapshot = get_snapshot()
st.title("Twee werelden: bijstand en economische groei per arbeidsmarktregio")
table, years = region_table(snapshot, KEYS)

shown = table.rename(columns={"region_code": "Code", "region_name": "Arbeidsmarktregio"})
for key in KEYS:
    ind = INDICATORS_BY_KEY[key]
    shown[column_label(ind, years.get(key))] = table[key].map(lambda v, ind=ind: format_value(ind, v))
    shown = shown.drop(columns=[key])
st.dataframe(shown, hide_index=True, width="stretch", height=36 * 36)
st.caption(source_line(snapshot, KEYS))
