"""Real browser: presentation mode at projector sizes, the sessieplan, and nothing but localhost."""

import re

import pytest
from playwright.sync_api import expect

from regiondata.meeting.sessionplan import PlanStep, store_from_env
from tests.browser_support import assert_chart_texts_inside, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": ("/?regio=AM24&modus=presentatie", 2),
    "regio": ("/regio?regio=AM24&modus=presentatie", 2),
    "vergelijken": ("/vergelijken?regio=AM24&modus=presentatie", 2),
    "agenda": ("/agenda?modus=presentatie", 0),
    "sessie": ("/sessie?modus=presentatie", 0),
    "data": ("/data?modus=presentatie", 0),
}

FONT_SIZES = """() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const body = Array.from(document.querySelectorAll('[data-testid="stMain"] p'))
    .filter((p) => p.offsetParent !== null && p.textContent.trim().length > 0).map(px);
  const chart = Array.from(document.querySelectorAll('.js-plotly-plot text'))
    .filter((t) => t.textContent.trim().length > 0 && t.getBBox().width > 0).map(px);
  return {body: Math.min(...body), chart: chart.length ? Math.min(...chart) : null};
}"""


SMALL_TEXT = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] p'))
  .filter((p) => p.offsetParent !== null && p.textContent.trim()
    && parseFloat(getComputedStyle(p).fontSize) < 24)
  .map((p) => getComputedStyle(p).fontSize + ' ' + p.textContent.slice(0, 50))"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("name", list(PAGES))
def test_presentation_mode_is_readable_from_the_back(page, app_url, name, size):
    path, charts = PAGES[name]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + path)
    expect(page.get_by_text("Demodata — geen echte CBS-cijfers")).to_be_visible(timeout=30_000)
    if charts:
        expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=30_000)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    # The stylesheet arrives with the script's first messages; wait until it has taken effect.
    page.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) > 27")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)
    sizes = page.evaluate(FONT_SIZES)
    small = page.evaluate(SMALL_TEXT)
    assert sizes["body"] >= 24, small
    if charts:
        assert sizes["chart"] >= 18, sizes
        assert_chart_texts_inside(page)
    if name in ("overzicht", "regio"):
        # Side by side on a wide beamer; under each other below 1600 px, where each would be too
        # narrow for text at beamer size.
        lefts = [round(b["x"]) for b in (p.bounding_box() for p in page.locator(".js-plotly-plot").all())]
        assert (lefts[0] != lefts[1]) == (size[0] >= 1600), lefts
    screenshot(page, f"presentatie-{name}-{size[0]}x{size[1]}")
    assert page.outside_requests == []


def test_back_to_normal_mode_restores_the_sidebar(page, app_url):
    page.goto(app_url + "/?regio=AM24&modus=presentatie")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=30_000)
    page.get_by_role("button", name="Normaal").click()
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Presentatiemodus")).to_be_visible()
    expect(page).not_to_have_url(re.compile("modus=presentatie"))


def test_stepping_through_a_three_view_plan(page, app_url, app_home):
    with store_from_env(app_home) as store:
        plan = store.create(
            "Browsertest",
            [
                PlanStep("overzicht", {"regio": "AM24"}, "De twee werelden", "Waar staat Zeeland?"),
                PlanStep(
                    "regio", {"regio": "AM01", "van": "2016", "tot": "2023"}, "Groningen", "<b>Vervoer</b>"
                ),
                PlanStep("vergelijken", {"regio": "AM30", "vergelijkbaar": "ja"}, "Lijkt op", ""),
            ],
        )
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?plan={plan.id}&stap=1&modus=presentatie&regio=AM24")
    expect(page.get_by_text("1 / 3", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=re.compile("^Zeeland"))).to_be_visible()
    page.get_by_role("link", name="Volgende").click()
    expect(page.get_by_role("heading", name="Regioprofiel Groningen")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("2 / 3", exact=True)).to_be_visible()
    expect(page.get_by_text("<b>Vervoer</b>")).to_be_visible()  # the talking point, literally
    expect(page.get_by_text("2016–2023").first).to_be_visible()
    screenshot(page, "presentatie-sessieplan-stap2-1920x1080")
    page.get_by_role("link", name="Volgende").click()
    expect(page.get_by_role("heading", name="Regio's vergelijken")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("3 / 3", exact=True)).to_be_visible()
    expect(page.get_by_text("Lijken op Zuid-Limburg")).to_be_visible()
    page.get_by_role("link", name="Vorige").click()
    expect(page.get_by_role("heading", name="Regioprofiel Groningen")).to_be_visible(timeout=30_000)
    assert page.outside_requests == []
