"""Real browser: the agenda page survives a reload and a server restart, warns on a conflict, exports.

Screenshots land in ``artifacts/screenshots/agenda-*.png`` (every step at 1280×800, plus the
whole step at full height, and the read-out at 1920×1080).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from regiondata.config import load_settings
from regiondata.derive.snapshot import load_snapshot
from regiondata.meeting.agenda import FirstStep, Partner, PartnerPerspective, store_from_env
from regiondata.meeting.agenda.facts import baseline
from tests.browser_support import screenshot, streamlit_server

pytestmark = pytest.mark.browser

TIMEOUT = 20_000
OPGAVE = "150 mensen uit de bijstand vinden binnen twee jaar werk in de zorg en de techniek in Goes."


def open_agenda(page: Page, base_url: str, agenda_id: str) -> None:
    page.goto(f"{base_url}/agenda?agenda={agenda_id}")
    expect(page.get_by_text("Stap 1: Het vraagstuk")).to_be_visible(timeout=TIMEOUT)


def saved(page: Page, version: int) -> None:
    """Wait until the page says the given version is stored."""
    expect(page.get_by_text(re.compile(rf"Opgeslagen om \d\d:\d\d · versie {version}\b"))).to_be_visible(
        timeout=TIMEOUT
    )


def type_and_leave(page: Page, label: str, text: str) -> None:
    """Type into a field and leave it: Streamlit sends a text field's value on blur."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.blur()


def go_to(page: Page, step: str, heading: str) -> None:
    page.get_by_role("radio", name=step).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT)


def shoot(page: Page, name: str) -> None:
    """A screenshot as the user sees it, and one of the whole page (Streamlit scrolls inside)."""
    page.locator(".stMain").evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # let charts and fonts settle
    screenshot(page, name)
    viewport = page.viewport_size
    height = page.locator(".stMain").evaluate("e => e.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 6000)})
    page.wait_for_timeout(300)
    screenshot(page, f"{name}-volledig")
    page.set_viewport_size(viewport)


def fill_steps_2_to_5(home, agenda_id: str) -> None:
    """What a meeting would have typed in steps 2–5 (the tables are tested in AppTest)."""
    with store_from_env(home) as store:
        agenda = store.get(agenda_id)
        agenda.netwerk.partners = [
            Partner("Gemeente Goes, sociale dienst", "sociaal", "Klantmanagers en re-integratie"),
            Partner("UWV", "sociaal", "Werkgeversdienstverlening", True, "Economic Board"),
            Partner("Werkgeversservicepunt Oosterschelde", "sociaal", "Eén loket voor werkgevers"),
            Partner("Economic Board Zeeland", "economisch", "Aanjager van de regionale groei"),
            Partner("Zorgsaam ziekenhuis", "economisch", "Grote werkgever in de zorg", True, "UWV"),
            Partner("Scalda (mbo)", "economisch", "Opleidingen zorg en techniek"),
        ]
        agenda.netwerk.bruggen = "De accountmanager van UWV zit in de werkgroep arbeidsmarkt van de board."
        agenda.perspectief.partners = [
            PartnerPerspective("Gemeente Goes, sociale dienst", "rechtmatig", "Wil een raadsbesluit"),
            PartnerPerspective("UWV", "presterend", "Stuurt op plaatsingen"),
            PartnerPerspective("Economic Board Zeeland", "netwerkend", ""),
        ]
        agenda.perspectief.aansluiten = "Elk kwartaal cijfers voor UWV; een voorstel voor de raad in maart."
        agenda.gedeeld_denken.ambitie = (
            "In 2030 vindt iedereen in Zeeland die wil werken een plek in de zorg."
        )
        agenda.gedeeld_denken.weefsel = (
            "Elke maand een werkbezoek bij een werkgever, met klantmanagers erbij."
        )
        when = (date.today() + timedelta(days=30)).strftime("%d-%m-%Y")
        agenda.gedeeld_denken.eerste_stappen = [
            FirstStep("Werkbezoek Zorgsaam met tien kandidaten", "Wethouder Goes", when),
            FirstStep("Busverbinding vroege dienst onderzoeken", "Provincie Zeeland", "na de zomer"),
        ]
        agenda.borgen.structuur = "Het Regionaal Beraad besluit; de wethouder van Goes trekt de agenda."
        agenda.borgen.verbindingen = (
            "Onderdeel van de regionale meerjarenagenda en het Regionaal Werkcentrum."
        )
        snapshot = load_snapshot(load_settings({"REGIONDATA_HOME": str(home)}).snapshots_dir)
        row = baseline(snapshot, agenda.amr_code, "bijstand_per_1000")
        row.target, row.target_date = 19.0, date(2028, 12, 31)
        agenda.borgen.monitoring = [row]
        store.save(agenda, base_version=agenda.version)


def test_agenda_survives_reload_and_restart_walks_all_steps_and_exports_word(browser, app_home):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    try:
        with streamlit_server(app_home) as url:
            page.goto(f"{url}/agenda?regio=AM24")  # the region chosen elsewhere is the default
            expect(page.get_by_role("button", name="Agenda aanmaken")).to_be_visible(timeout=TIMEOUT)
            shoot(page, "agenda-0-lijst")
            page.get_by_label("Naam", exact=True).fill("Zorg en techniek aan het werk")
            page.get_by_label("Deelnemers (niet verplicht)").fill(
                "Gemeente Goes, UWV, Economic Board Zeeland"
            )
            page.get_by_role("button", name="Agenda aanmaken").click()
            expect(page.get_by_text("Stap 1: Het vraagstuk")).to_be_visible(timeout=TIMEOUT)
            agenda_id = re.search(r"agenda=([\w-]+)", page.url)[1]

            type_and_leave(page, "Opgave", OPGAVE)
            saved(page, 2)
            type_and_leave(page, "Doelgroep", "Inwoners die langer dan twee jaar bijstand hebben.")
            saved(page, 3)
            page.get_by_role("button", name="Invoegen").first.click()
            expect(page.get_by_text("Feit uit de data").first).to_be_visible(timeout=TIMEOUT)
            saved(page, 4)
            shoot(page, "agenda-1-vraagstuk")
            go_to(page, "Toets", "Aantrekkelijkheidstoets")
            expect(page.get_by_text("1 van 7 gehaald.")).to_be_visible()
            shoot(page, "agenda-6-toets-begin")

            page.reload()
            expect(page.get_by_label("Opgave", exact=True)).to_have_value(OPGAVE, timeout=TIMEOUT)
            expect(page.get_by_text("Feit uit de data").first).to_be_visible()

        with streamlit_server(app_home) as url:  # a fresh server process on the same data
            open_agenda(page, url, agenda_id)
            expect(page.get_by_label("Opgave", exact=True)).to_have_value(OPGAVE, timeout=TIMEOUT)
            expect(page.get_by_text("Arbeidsmarktregio").first).to_be_visible()  # the app's frame ran

            fill_steps_2_to_5(app_home, agenda_id)
            open_agenda(page, url, agenda_id)
            go_to(page, "2 Netwerk", "Stap 2: Het netwerk")
            expect(page.get_by_text("UWV → Economic Board Zeeland")).to_be_visible()
            shoot(page, "agenda-2-netwerk")
            go_to(page, "3 Perspectief", "Stap 3: Het perspectief")
            shoot(page, "agenda-3-perspectief")
            go_to(page, "4 Gedeeld denken", "Stap 4: Gedeeld denken")
            shoot(page, "agenda-4-gedeeld-denken")
            go_to(page, "5 Borgen", "Stap 5: Borgen en verbinden")
            shoot(page, "agenda-5-borgen")
            go_to(page, "Toets", "Aantrekkelijkheidstoets")
            expect(page.get_by_text("7 van 7 gehaald.")).to_be_visible()
            shoot(page, "agenda-6-toets-klaar")

            with page.expect_download() as download_info:
                page.get_by_role("button", name="Word (.docx)").click()
            download = download_info.value
            assert re.fullmatch(
                r"agenda-am24-zorg-en-techniek-aan-het-werk-\d{4}-\d\d-\d\d\.docx",
                download.suggested_filename,
            )
            document = Document(str(download.path()))
            headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
            assert "1. Het vraagstuk" in headings and "5. Borgen en verbinden" in headings
            body = "\n".join(p.text for p in document.paragraphs)
            assert OPGAVE in body and "Bron: CBS, tabel 83582NED" in body
            cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
            assert {"UWV", "Economic Board Zeeland", "Werkbezoek Zorgsaam met tien kandidaten"} <= cells

            page.set_viewport_size({"width": 1920, "height": 1080})
            go_to(page, "Voorlezen", "1. Het vraagstuk")
            readout = page.locator(".st-key-agenda_voorlezen")
            expect(readout.get_by_text(OPGAVE)).to_be_visible()
            font_size = readout.get_by_text(OPGAVE).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert font_size >= 24, font_size  # readable from the back of the room
            shoot(page, "agenda-7-voorlezen-1920")

            page.set_viewport_size({"width": 1280, "height": 800})
            page.get_by_role("button", name="Alle agenda's").click()
            expect(page.get_by_text("laatst bewerkt vandaag om").first).to_be_visible(timeout=TIMEOUT)
            shoot(page, "agenda-0-lijst-gevuld")
    finally:
        context.close()


def test_two_browsers_on_one_agenda_get_a_conflict_not_a_silent_overwrite(browser, app_url, app_home):
    with store_from_env(app_home) as store:
        agenda = store.create("Samen schrijven", "AM24")
    first = browser.new_context(viewport={"width": 1280, "height": 800})
    second = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        a, b = first.new_page(), second.new_page()
        open_agenda(a, app_url, agenda.id)
        open_agenda(b, app_url, agenda.id)

        type_and_leave(a, "Opgave", "Tekst uit de eerste browser")
        saved(a, 2)
        type_and_leave(b, "Opgave", "Tekst uit de tweede browser")
        expect(b.get_by_text("Deze agenda is intussen door iemand anders opgeslagen")).to_be_visible(
            timeout=TIMEOUT
        )
        conflict = b.locator(".st-key-agenda_conflict")
        expect(conflict.get_by_text("Tekst uit de eerste browser")).to_be_visible()
        expect(conflict.get_by_text("Tekst uit de tweede browser")).to_be_visible()
        shoot(b, "agenda-conflict")
        with store_from_env(app_home) as store:
            assert store.get(agenda.id).vraagstuk.opgave == "Tekst uit de eerste browser"

        b.get_by_role("button", name="Mijn tekst bewaren").click()
        saved(b, 3)
        with store_from_env(app_home) as store:
            assert store.get(agenda.id).vraagstuk.opgave == "Tekst uit de tweede browser"
    finally:
        first.close()
        second.close()


def test_user_html_shows_as_text(page, app_url, app_home):
    typed = "<script>alert('x')</script> en <b>vet</b>"
    with store_from_env(app_home) as store:
        agenda = store.create("<i>Schuin</i> plan", "AM22")
        agenda.vraagstuk.opgave = typed
        store.save(agenda, base_version=agenda.version)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_agenda(page, app_url, agenda.id)
    expect(page.get_by_role("heading", name="<i>Schuin</i> plan")).to_be_visible()
    go_to(page, "Voorlezen", "1. Het vraagstuk")
    readout = page.locator(".st-key-agenda_voorlezen")
    expect(readout.get_by_text(typed)).to_be_visible()
    main = page.locator(".stMain")
    assert (
        main.locator("b", has_text="vet").count() == 0 and main.locator("i", has_text="Schuin").count() == 0
    )
    assert dialogs == []
