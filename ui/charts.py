"""Rendering a chart the same way everywhere: figure, notes, table alternative and CSV download."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from regiondata.charts.style import Chart, plotly_config
from ui.state import presenting


def table_csv(table: pd.DataFrame, header: str) -> bytes:
    """The table as CSV for Dutch spreadsheets: semicolons, decimal commas, UTF-8 with BOM.

    Args:
        table: The table, Dutch headers, rounded as shown.
        header: The ``# `` provenance block to put above the column headers
            (``regiondata.model.provenance.provenance_header``).
    """
    buf = io.StringIO()
    buf.write(header)
    table.to_csv(buf, index=False, sep=";", decimal=",")
    return buf.getvalue().encode("utf-8-sig")


def _decimals(values: pd.Series) -> int:
    """The fewest decimals (at most 3) that show every value of a rounded column exactly."""
    known = values.dropna().astype(float)
    return next((d for d in range(3) if (known.round(d) == known).all()), 3)


def show_table(frame: pd.DataFrame, formats: dict[str, str] | None = None) -> None:
    """A small table as plain HTML: quick to draw, read by screen readers, Dutch number format.

    The first column becomes the row header. ``formats`` maps columns to format strings such as
    ``"{:,.0f}"``; a number column without one shows the decimals its (rounded) values have.
    Decimal commas and thousands dots are applied throughout.
    """
    table = frame.set_index(frame.columns[0])
    # As text: Streamlit leaves out a row header of plain consecutive numbers (years, ranks).
    table.index = table.index.map(str)
    given = formats or {}
    formats = {
        column: given.get(column) or f"{{:,.{_decimals(table[column])}f}}"
        for column in table.columns
        if column in given or pd.api.types.is_numeric_dtype(table[column])
    }
    st.table(table.style.format(formats, decimal=",", thousands=".", na_rep="–"))


def render_chart(
    chart: Chart,
    key: str,
    filename: str,
    on_select: Callable[[str], None] | None = None,
    height: int | None = None,
    *,
    csv_header: str,
) -> None:
    """Draw a chart with its notes, a table of exactly what is plotted and a CSV download.

    Args:
        chart: From a builder in ``regiondata.charts``.
        key: Widget key (stable per page and chart).
        filename: Base name for PNG and CSV downloads.
        on_select: Called with the region code of a clicked point/tile.
        height: Fixed height in pixels, if any.
        csv_header: The ``# `` block the CSV starts with, saying where the figures come from
            (``regiondata.model.provenance``). Required: a CSV travels without the page around it.
    """

    def _selected() -> None:
        event = st.session_state.get(key)
        points = getattr(getattr(event, "selection", None), "points", None) or []
        for point in points:
            data = point.get("customdata")
            code = data[0] if isinstance(data, list | tuple) and data else data
            if isinstance(code, str) and on_select is not None:
                on_select(code)
                return

    figure = chart.figure
    if on_select and figure.layout.clickmode != "event+select":
        # Exactly the click/hover/drag modes Streamlit's frontend imposes on a selectable chart.
        # Left unset, it imposes them after the first draw, and the changed click mode makes
        # Plotly draw the whole figure a second time. Set once: cached figures are shared.
        # The axes of our selectable charts are fixed, so "pan" moves nothing.
        figure.layout.clickmode = "event+select"
        figure.layout.hovermode = figure.layout.hovermode or "closest"
        figure.layout.dragmode = "pan"
    st.plotly_chart(
        figure,
        key=key,
        config=plotly_config(filename),
        on_select=_selected if on_select else "ignore",
        selection_mode="points",
        height=height if height else "content",
        theme=None,
    )
    if presenting():
        # A slide shows the chart alone; the table and CSV are one click away in the normal view.
        return
    # The table is drawn only on request: a page opens faster without 35-row tables nobody asked
    # for (measured: about 120 ms per page). The CSV download is always there.
    # One row that wraps when the column is narrow (two charts side by side at 1280 px), so the
    # button label is never cut off.
    row = st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center")
    show = row.toggle("Toon de tabel bij deze grafiek", key=f"{key}_table")
    row.download_button(
        "Download als CSV",
        data=lambda: table_csv(chart.table, csv_header),  # built on click, not on every rerun
        file_name=f"{filename}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",  # a download needs no rerun of the page
    )
    if show:
        # The figure already shows its notes and source (so a PNG is self-contained); here they
        # are repeated as text for screen readers and for copying.
        for note in chart.notes:
            st.caption(note)
        show_table(chart.table)
