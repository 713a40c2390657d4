"""Real browser: presentation mode at projector sizes, the sessieplan, and nothing but localhost."""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from regiondata.meeting.sessionplan import PlanStep, store_from_env
from tests.browser_support import assert_chart_texts_inside, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": ("/?regio=AM24&modus=presentatie", 2),
    "regio": ("/regio?regio=AM24&modus=presentatie", 2),
    "dna": ("/dna?regio=AM24&modus=presentatie", 2),
    "vergelijken": ("/vergelijken?regio=AM24&modus=presentatie", 2),
    "agenda": ("/agenda?modus=presentatie", 0),
    "sessie": ("/sessie?modus=presentatie", 0),
    "data": ("/data?modus=presentatie", 0),
}

FONT_SIZES = """() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  // The slide's top row holds the moderator's controls (20 px); everything below it is for the room.
  const body = Array.from(document.querySelectorAll('[data-testid="stMain"] p'))
    .filter((p) => p.offsetParent !== null && p.textContent.trim().length > 0)
    .filter((p) => !p.closest('.st-key-slide_top'))
    .map(px);
  const chart = Array.from(document.querySelectorAll('.js-plotly-plot text'))
    .filter((t) => t.textContent.trim().length > 0 && t.getBBox().width > 0).map(px);
  return {body: Math.min(...body), chart: chart.length ? Math.min(...chart) : null};
}"""


SMALL_TEXT = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] p'))
  .filter((p) => p.offsetParent !== null && p.textContent.trim() && !p.closest('.st-key-slide_top')
    && parseFloat(getComputedStyle(p).fontSize) < 24)
  .map((p) => getComputedStyle(p).fontSize + ' ' + p.textContent.slice(0, 50))"""

#: The share of each chart's area inside the first screen, in page order.
CHART_IN_VIEW = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot'))
  .map((p) => {
    const r = p.getBoundingClientRect(), vh = window.innerHeight, vw = window.innerWidth;
    const h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
    return r.width * r.height > 0 ? (w * h) / (r.width * r.height) : 0;
  })"""


def primary_charts(name: str, width: int) -> int:
    """How many of a page's charts must fill the first screen: both side by side from 1600 px,
    else the first (the charts stack; Vergelijken's ranking of 35 always follows below)."""
    if name == "vergelijken":
        return 1
    return 2 if width >= 1600 else 1


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
@pytest.mark.parametrize("name", list(PAGES))
def test_presentation_mode_is_a_readable_slide(page, app_url, name, size):
    path, charts = PAGES[name]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(app_url + path)
    expect(page.locator(".st-key-slide_top").get_by_text("Demodata").first).to_be_visible(timeout=30_000)
    if charts:
        expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=30_000)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    # The stylesheet arrives with the script's first messages; wait until it has taken effect.
    page.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) > 27")
    if charts:
        # The presenter measures the room under the headline and the page redraws its charts to
        # fill it: wait for that, then hold the charts to it.
        primary = primary_charts(name, size[0])
        with contextlib.suppress(Exception):  # the assertion below reports the shares
            page.wait_for_function(
                f"() => ({CHART_IN_VIEW})().slice(0, {primary}).every((f) => f >= 0.9)", timeout=20_000
            )
        shares = page.evaluate(CHART_IN_VIEW)
        assert all(f >= 0.9 for f in shares[:primary]), (name, size, shares)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)
    sizes = page.evaluate(FONT_SIZES)
    small = page.evaluate(SMALL_TEXT)
    assert sizes["body"] >= 24, small
    # No sideways scroll.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    if charts:
        assert sizes["chart"] >= 18, sizes
        assert_chart_texts_inside(page)
    # Data grids draw on a canvas at 14 px: on a slide each is zoomed to body size and still fits.
    grids = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'))
      .map((g) => ({right: g.getBoundingClientRect().right,
                    zoom: parseFloat(getComputedStyle(g.closest('.stElementContainer')).zoom)}))""")
    assert all(g["zoom"] * 14 >= 24 and g["right"] <= size[0] for g in grids), grids
    if name in ("overzicht", "regio"):
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


def _make_plan(app_home):
    with store_from_env(app_home) as store:
        return store.create(
            "Browsertest",
            [
                PlanStep(
                    "overzicht",
                    {"regio": "AM24"},
                    "De twee werelden",
                    "Waar staat Zeeland **zonder** de haven? ![x](http://example.com/x.png)",
                ),
                PlanStep(
                    "regio", {"regio": "AM01", "van": "2016", "tot": "2023"}, "Groningen", "<b>Vervoer</b>"
                ),
                PlanStep("vergelijken", {"regio": "AM30", "vergelijkbaar": "ja"}, "Lijkt op", ""),
            ],
        )


OVERVIEW = re.compile("^Zeeland")
MAIN_SCROLL = """() => Math.max(window.scrollY, ...Array.from(
  document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]'))
  .map((e) => e.scrollTop))"""


def _at_step(page, number: int, heading) -> None:
    expect(page.get_by_text(f"{number} / 3", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=30_000)
    # Settled: nothing left over from the previous step, and the charts sized to the screen (the
    # presenter's first measurement of a page redraws it once).
    page.wait_for_function(
        "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0"
        " && window.__regiodataPresenter && window.__regiodataPresenter.settled",
        timeout=30_000,
    )


def test_stepping_through_a_plan_with_the_mouse(page, app_url, app_home):
    plan = _make_plan(app_home)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?plan={plan.id}&stap=1&modus=presentatie&regio=AM24")
    _at_step(page, 1, OVERVIEW)
    # The talking point as Markdown, safely: bold works, the image is neither drawn nor fetched.
    expect(page.locator("strong", has_text="zonder")).to_be_visible()
    assert page.locator('[data-testid="stMain"] img').count() == 0
    page.get_by_role("link", name="Volgende").click()
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    expect(page.get_by_text("<b>Vervoer</b>")).to_be_visible()  # HTML shows literally
    screenshot(page, "presentatie-sessieplan-stap2-1920x1080")
    page.get_by_role("link", name="Volgende").click()
    _at_step(page, 3, re.compile("^Regio's vergelijken"))
    expect(page.get_by_text("Regio's die structureel op Zuid-Limburg lijken", exact=False)).to_be_visible()
    page.get_by_role("link", name="Vorige").click()
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    assert page.outside_requests == []


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_presenter_keys_step_through_the_plan_and_each_step_opens_at_the_top(page, app_url, app_home, size):
    plan = _make_plan(app_home)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/?plan={plan.id}&stap=1&modus=presentatie&regio=AM24")
    _at_step(page, 1, OVERVIEW)
    # The presenter is mounted with the frame, after the page.
    page.wait_for_function("() => !!window.__regiodataPresenter", timeout=30_000)

    page.keyboard.press("PageDown")
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    # Scrolled down to what the figures say, the next step still opens at its top.
    page.mouse.move(size[0] / 2, size[1] / 2)
    page.mouse.wheel(0, 900)
    page.wait_for_function(f"() => ({MAIN_SCROLL})() > 100")
    page.keyboard.press("ArrowRight")
    _at_step(page, 3, re.compile("^Regio's vergelijken"))
    assert page.evaluate(MAIN_SCROLL) == 0
    page.keyboard.press("PageUp")
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    page.keyboard.press("ArrowLeft")
    _at_step(page, 1, OVERVIEW)
    page.keyboard.press("Space")
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    page.keyboard.press("Home")
    _at_step(page, 1, OVERVIEW)

    # After choosing in the top row's region menu the focus stays there; the clicker still works.
    menu = page.get_by_role("combobox", name="Arbeidsmarktregio")
    menu.click()
    page.get_by_role("option", name="Twente (AM05)").click()
    expect(page.get_by_role("heading", name=re.compile("^Twente"))).to_be_visible(timeout=30_000)
    page.keyboard.press("PageDown")
    _at_step(page, 2, "Regioprofiel Groningen · 2016–2023")
    page.keyboard.press("Home")
    _at_step(page, 1, OVERVIEW)

    page.keyboard.press("Escape")
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=15_000)
    expect(page).not_to_have_url(re.compile("modus=presentatie"))
    assert page.outside_requests == []


def test_presenter_keys_typed_into_a_text_field_stay_there(page, app_url, app_home):
    plan = _make_plan(app_home)
    page.goto(f"{app_url}/agenda?plan={plan.id}&stap=1&modus=presentatie")
    field = page.get_by_role("textbox", name="Naam")
    expect(field).to_be_visible(timeout=30_000)
    page.wait_for_function("() => !!window.__regiodataPresenter", timeout=30_000)
    field.click()
    page.keyboard.type("Zorg")
    for key in ("Space", "PageDown", "PageUp", "ArrowLeft", "ArrowRight", "Home", "Escape"):
        page.keyboard.press(key)  # Space types a space, Home moves the cursor, Escape does nothing
    page.keyboard.press("End")
    page.keyboard.type("en techniek")
    page.wait_for_timeout(3000)
    assert "/agenda" in page.url and "stap=1" in page.url and "modus=presentatie" in page.url
    expect(field).to_have_value("Zorg en techniek")
    assert page.outside_requests == []
