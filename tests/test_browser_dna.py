"""Real browser: the Regio-DNA page through `streamlit run` in headless Chromium, both modes."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser_support import assert_chart_texts_inside, screenshot
from tests.test_browser_dashboard import wait_for_charts

pytestmark = pytest.mark.browser


def test_dna_page_by_url_in_both_modes_and_a_region_change(page, app_url):
    for width, height, mode in ((1280, 800, ""), (1920, 1080, "&modus=presentatie")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(app_url + f"/dna?regio=AM18&van=2016&tot=2024{mode}")
        expect(page.get_by_role("heading", name="Regio-DNA Groot Amsterdam")).to_be_visible(timeout=30_000)
        wait_for_charts(page, 2)
        sankey = page.locator(".js-plotly-plot").first
        expect(sankey.locator("text", has_text="Werkt in Groot Amsterdam").first).to_be_attached()
        assert_chart_texts_inside(page)
        screenshot(page, f"dna-{width}x{height}{'-presentatie' if mode else ''}")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app_url + "/dna?regio=AM18&van=2016&tot=2024")
    wait_for_charts(page, 2)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Zeeland")
    page.get_by_role("option", name="Zeeland (AM24)").click()
    expect(page.get_by_role("heading", name="Regio-DNA Zeeland")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"/dna\?.*regio=AM24"), timeout=10_000)
    assert page.outside_requests == []
