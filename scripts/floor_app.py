"""The benchmark floor: a minimal Streamlit app with one selectbox and one small Plotly chart."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", page_icon="📊", layout="wide")
choice = st.selectbox("Reeks", ["A", "B", "C", "D"], key="reeks")
offset = "ABCD".index(choice)
fig = go.Figure(go.Scatter(x=list(range(10)), y=[(i + offset) % 7 for i in range(10)], mode="lines+markers"))
fig.update_layout(title=f"Reeks {choice}", height=400)
st.plotly_chart(fig)
