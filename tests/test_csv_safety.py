"""CSV injection (OWASP): user text never reaches a spreadsheet as a live formula."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from regiondata.files import csv_safe, csv_safe_frame


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","klik")', "+1+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "=1+1"],
)
def test_a_cell_that_a_spreadsheet_would_run_becomes_text(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["UWV", "Café ‘de Brug’", "-1,5", "+3 %", "-", "", 5, -3.2, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert csv_safe(value) == value


def test_a_frame_is_made_safe_in_every_text_cell_and_header_and_numbers_stay_numbers():
    frame = pd.DataFrame({"Partner": ["=1+1", "UWV"], "Groei (%)": [-1.5, 2.0], "@kop": ["a", "b"]})
    safe = csv_safe_frame(frame)
    assert list(safe["Partner"]) == ["'=1+1", "UWV"]
    assert list(safe.columns) == ["Partner", "Groei (%)", "'@kop"]
    assert list(safe["Groei (%)"]) == [-1.5, 2.0] and list(frame["Partner"]) == ["=1+1", "UWV"]


def test_every_csv_the_charts_write_goes_through_the_neutraliser():
    from ui.charts import table_csv

    text = table_csv(pd.DataFrame({"Naam": ["@evil()", "-0,5"]}), "# kop\n").decode("utf-8-sig")
    assert pd.read_csv(io.StringIO(text), sep=";", comment="#")["Naam"].tolist() == ["'@evil()", "-0,5"]
