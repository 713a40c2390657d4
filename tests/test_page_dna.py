"""AppTest for the Regio-DNA page: figures a user sees, interaction, URL state, CSVs, missing data."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from regiondata.config import load_settings
from regiondata.derive.snapshot_write import write_snapshot
from regiondata.model.dna import commuting_year, jobs_by_origin, sector_view
from tests.test_pages import assert_provenance, charts, demo, download, metric, open_app, read_csv_download

__all__ = ["demo"]  # the fixture, imported for these tests


def test_dna_page_shows_shares_flows_and_sectors(demo):
    at = open_app("pages/dna.py", regio="AM18", van="2016", tot="2024")
    assert at.title[0].value == "Regio-DNA Groot Amsterdam"
    origin = jobs_by_origin(demo.derived.flows, "AM18", 2024)
    assert metric(at, "Banen in de regio vervuld door inwoners") == f"{origin.own_share_pct:.0f}%"
    texts = " ".join(m.value for m in at.markdown)
    assert "In Groot Amsterdam groeiden de banen tussen 2016 en 2024 vooral in" in texts
    assert "In 2024 werd" in texts and "van de banen in de regio vervuld door inwoners van de regio" in texts
    figures = charts(at)
    assert len(figures) == 2 and figures[0]["data"][0]["type"] == "sankey"
    shown = pd.concat([t.value.reset_index() for t in at.table if "Aandeel (%)" in t.value.columns])
    assert "Groot Amsterdam" in set(shown["Regio"])
    sectors = sector_view(demo.derived.sectors, "AM18", 2016, 2024)
    table = next(t.value.reset_index() for t in at.table if "Locatiequotiënt" in t.value.columns)
    assert list(table["Sector"]) == list(sectors["Sector"])  # largest absolute growth first


def test_the_flow_table_toggle_shows_every_band(demo):
    at = open_app("pages/dna.py", regio="AM18", van="2016", tot="2024")
    before = len(at.table)
    at.toggle(key="dna_sankey_table").set_value(True).run()
    assert not at.exception
    bands = next(t.value.reset_index() for t in at.table if "Werkregio" in t.value.columns)
    assert len(at.table) == before + 1
    assert ("Groot Amsterdam", "Groot Amsterdam") in set(
        zip(bands["Woonregio"], bands["Werkregio"], strict=True)
    )


def test_a_link_with_another_region_and_period_shows_that_view(demo):
    # AppTest does not draw the sidebar after a page switch; the view comes from the link.
    at = open_app("pages/dna.py", regio="AM05", van="2016", tot="2019")
    assert at.title[0].value == "Regio-DNA Twente"
    assert "2016–2019" in at.caption[0].value
    texts = " ".join(m.value for m in at.markdown)
    assert "In 2019 werd" in texts  # the commuting year follows the end of the period
    origin = jobs_by_origin(demo.derived.flows, "AM05", 2019)
    assert metric(at, "Banen in de regio vervuld door inwoners") == f"{origin.own_share_pct:.0f}%"


def test_dna_csvs_carry_provenance(demo, downloads):
    at = open_app("pages/dna.py", regio="AM18", van="2016", tot="2024")
    block, table = read_csv_download(downloads(download(at, "dna_origin_csv")))
    assert_provenance(block, demo, "pendel")
    assert "83628NED" in block  # both editions of the commuting table are named
    assert "Groot Amsterdam" in set(table["Regio"])
    block, table = read_csv_download(downloads(download(at, "dna_sectors_csv")))
    assert_provenance(block, demo, "banen_sector")
    assert len(table) == 10 and "Locatiequotiënt" in table.columns
    block, _ = read_csv_download(downloads(download(at, "dna_sankey_csv")))
    assert "Woon-werk Groot Amsterdam (2024)" in block


def test_presentation_mode_draws_the_same_page(demo):
    at = open_app("pages/dna.py", regio="AM18", van="2016", tot="2024", modus="presentatie")
    assert at.header[0].value == "Regio-DNA Groot Amsterdam · 2016–2024"  # one line on a slide
    figures = charts(at)
    assert len(figures) == 2 and figures[0]["data"][0]["type"] == "sankey"
    assert "83582NED" in str(figures[1]["layout"]["annotations"])  # the short source line


@pytest.fixture
def without_dna(demo):
    """A current snapshot like the demo, but as if the Regio-DNA tables had failed."""
    derived = dataclasses.replace(demo.derived, flows=pd.DataFrame(), sectors=pd.DataFrame())
    derived.regions = derived.regions.assign(
        resident_job_share_pct=float("nan"),
        work_inside_share_pct=float("nan"),
        commute_distance_km=float("nan"),
    )
    settings = load_settings()
    write_snapshot(settings.snapshots_dir, "demo", {}, derived, demo.tables, ["Regio-DNA: niet opgehaald."])
    return derived


def test_missing_dna_data_is_said_plainly(without_dna):
    at = open_app("pages/dna.py", regio="AM18")
    infos = " ".join(i.value for i in at.info)
    assert "woon-werkcijfers" in infos and "83628NED" in infos
    assert "banen per sector" in infos.lower()
    assert not charts(at)


def test_commuting_year_is_the_newest_up_to_the_end_of_the_period(demo):
    flows = demo.derived.flows
    assert commuting_year(flows, 2022) == 2022
    assert commuting_year(flows, 2030) == int(flows["year"].max())
    assert commuting_year(flows, 2000) == int(flows["year"].min())
    assert commuting_year(pd.DataFrame(), 2020) is None
