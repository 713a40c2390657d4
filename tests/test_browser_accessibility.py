"""Real browser: WCAG 2.1 A/AA as axe-core checks it, on every page in both modes.

axe-core comes bundled with ``axe-playwright-python`` and is injected into the page: the scan makes
no outside requests (the ``page`` fixture records any). Fails on serious or critical violations;
every chart must have an accessible name with a description made from its data.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": ("/?regio=AM30", 2),
    "overzicht-bivariaat-geo": ("/?regio=AM18&kleur=bivariaat&kaart=geo", 2),
    "regio": ("/regio?regio=AM18", 2),
    "vergelijken-lijkt-op": ("/vergelijken?regio=AM18&vergelijkbaar=ja", 2),
    "agenda": ("/agenda", 0),
    "sessie": ("/sessie", 0),
    "data": ("/data", 0),
}
MODES = {"normaal": "", "presentatie": "modus=presentatie"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _open(page, app_url, path: str, mode: str, charts: int) -> None:
    query = MODES[mode]
    url = app_url + path + (("&" if "?" in path else "?") + query if query else "")
    page.goto(url)
    expect(page.locator("[data-testid='stHeading']").first).to_be_visible(timeout=30_000)
    if charts:
        expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(charts, timeout=30_000)
    if query:
        # The presenter (ui/presenter.py) finishes a slide: it sizes the charts to the screen
        # and makes wide tables reachable by keyboard. Scan after that.
        settled = " && window.__regiodataPresenter.settled" if charts else ""
        page.wait_for_function(f"() => window.__regiodataPresenter{settled}", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('[data-stale=\"true\"]').length === 0")
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(page, app_url, name, mode):
    path, charts = PAGES[name]
    _open(page, app_url, path, mode, charts)
    results = Axe().run(page, options=AXE_OPTIONS)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
    assert page.outside_requests == []


@pytest.mark.parametrize("name", [n for n, (_, charts) in PAGES.items() if charts])
def test_every_chart_has_a_name_and_a_description_from_its_data(page, app_url, name):
    path, charts = PAGES[name]
    _open(page, app_url, path, "normaal", charts)
    figures = page.locator("[data-testid='stPlotlyChart']")
    for i in range(charts):
        figure = figures.nth(i)
        assert figure.get_attribute("role") == "figure"
        label = figure.get_attribute("aria-label") or ""
        title, _, description = label.partition(". ")
        assert len(title) > 10 and len(description) > 20, label
        assert any(ch.isdigit() for ch in description), label  # it says something about the data


def test_region_selector_is_the_first_control_after_the_page_links(page, app_url):
    """Reached by keyboard right after the skip link and the page links: 9 Tab presses with the
    seven pages since Regio-DNA joined (8 when issue 15 measured it with six)."""
    _open(page, app_url, "/?regio=AM18", "normaal", 2)
    links = page.locator("[data-testid='stSidebarNav'] a").count()
    assert links == 7, links
    page.locator("body").focus()
    for _press in range(1 + links + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Arbeidsmarktregio":
            break
    else:
        pytest.fail(f"the region selector is not reached within {1 + links + 1} Tab presses")
