"""Real browser: the dashboard pages through `streamlit run` in headless Chromium."""

import io
import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from regiondata.config import load_settings
from regiondata.derive.snapshot import load_snapshot
from regiondata.model.views import indicator_values
from tests.browser_support import assert_chart_texts_inside, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": ("/?regio=AM18", 2),
    "overzicht-geo": ("/?regio=AM24&kaart=geo&kleur=bivariaat", 2),
    "regio": ("/regio?regio=AM18", 2),
    "vergelijken": ("/vergelijken?regio=AM18", 2),
    "data": ("/data", 0),
}


def wait_for_charts(page, n: int) -> None:
    if n:
        expect(page.locator(".js-plotly-plot")).to_have_count(n, timeout=30_000)
        for i in range(n):
            expect(page.locator(".js-plotly-plot").nth(i)).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_by_url_shows_its_charts(page, app_url, name):
    path, n = PAGES[name]
    for width, height in ((1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(app_url + path)
        expect(page.get_by_text("Demodata — geen echte CBS-cijfers")).to_be_visible(timeout=30_000)
        wait_for_charts(page, n)
        assert_chart_texts_inside(page)  # titles and source lines wrap to fit, even at 1280 px
        screenshot(page, f"{name}-{width}x{height}")
    assert page.outside_requests == []


def test_changing_region_updates_chart_and_url(page, app_url):
    page.goto(app_url + "/?regio=AM18")
    wait_for_charts(page, 2)
    expect(page.get_by_role("heading", name="Groot Amsterdam:", exact=False)).to_be_visible()
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Zeeland")
    page.get_by_role("option", name="Zeeland (AM24)").click()
    expect(page.get_by_role("heading", name="Zeeland:", exact=False)).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"regio=AM24"), timeout=10_000)
    quadrant = page.locator(".js-plotly-plot").nth(1)
    expect(quadrant.locator("text", has_text="Zeeland").first).to_be_attached()


def test_copied_link_reopens_the_same_view(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(app_url + "/regio?regio=AM30&van=2016&tot=2023")
    expect(page.get_by_role("heading", name="Regioprofiel Zuid-Limburg")).to_be_visible(timeout=30_000)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Kopieer link").click()
    link = page.locator("[data-testid='stCode'] code").inner_text(timeout=10_000).replace("\n", "")
    assert "regio=AM30" in link and "van=2016" in link and "tot=2023" in link
    context.close()
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    page2 = other.new_page()
    page2.goto(link)
    expect(page2.get_by_role("heading", name="Regioprofiel Zuid-Limburg")).to_be_visible(timeout=30_000)
    expect(page2.get_by_text("2016–2023").first).to_be_visible()
    other.close()


def test_copied_link_follows_a_view_the_page_corrected(page, app_url):
    # The agenda page drops a link to an agenda that does not exist; the frame is drawn after the
    # page, so the link to copy must leave it out too.
    page.goto(app_url + "/agenda?regio=AM18&agenda=bestaatniet")
    expect(page.get_by_text("bestaatniet", exact=False).first).to_be_visible(timeout=30_000)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Kopieer link").click()
    link = page.locator("[data-testid='stCode'] code").inner_text(timeout=10_000).replace("\n", "")
    assert "regio=AM18" in link and "agenda=" not in link


def test_csv_download_holds_what_the_chart_shows(page, app_url, app_home):
    page.goto(app_url + "/vergelijken?regio=AM18&indicator=bijstand_per_1000")
    wait_for_charts(page, 2)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als CSV").last.click()
    data = info.value.path().read_bytes().decode("utf-8-sig")
    assert data.startswith("# ") and "CC BY 4.0" in data and "DEMODATA" in data  # provenance first
    table = pd.read_csv(io.StringIO(data), sep=";", decimal=",", comment="#")
    assert len(table) == 35 and set(table["Code"]) >= {"AM01", "AM18", "AM38"}
    snap = load_snapshot(load_settings({"REGIONDATA_HOME": str(app_home)}).snapshots_dir)
    values, _ = indicator_values(snap, "bijstand_per_1000", 2024)
    expected = round(float(values.set_index("region_code").loc["AM18", "value"]), 1)
    value_col = next(c for c in table.columns if "1.000" in c)
    assert table.set_index("Code").loc["AM18", value_col] == pytest.approx(expected)
    # ... and the chart shows the same number for the highlighted region.
    ranking = page.locator(".js-plotly-plot").last
    shown = f"{expected:.1f}".replace(".", ",")
    expect(ranking.locator("text", has_text=shown).first).to_be_attached()
