"""Real browser: text is saved while typing (no blur needed), leaving with unsaved text warns,
and keystrokes never land in the wrong field when the user switches fields quickly."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from regiondata.meeting.agenda import store_from_env

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def _open(page: Page, app_url: str, agenda_id: str, step: str | None = None) -> None:
    page.goto(f"{app_url}/agenda?agenda={agenda_id}")
    expect(page.get_by_text("Stap 1: Het vraagstuk")).to_be_visible(timeout=TIMEOUT)
    if step:
        page.get_by_role("radio", name=step).click()
    page.wait_for_load_state("networkidle")


def _stored(app_home, agenda_id: str, read, expected: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    with store_from_env(app_home) as store:
        while True:
            value = read(store.get(agenda_id))
            if value == expected or time.monotonic() > deadline:
                return value
            time.sleep(0.2)


def test_text_is_saved_about_a_second_after_typing_without_leaving_the_field(page, app_url, app_home):
    with store_from_env(app_home) as store:
        agenda = store.create("Opslaan tijdens typen", "AM18")
    _open(page, app_url, agenda.id)
    field = page.get_by_label("Opgave", exact=True)
    field.click()
    typed = "150 mensen uit de bijstand aan het werk"
    field.press_sequentially(typed, delay=10)
    stored = _stored(app_home, agenda.id, lambda a: a.vraagstuk.opgave, typed, seconds=6)
    assert stored == typed
    # Still in the field: the user can go on typing where they were.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Opgave"
    field.press_sequentially(" in de zorg.", delay=10)
    assert _stored(app_home, agenda.id, lambda a: a.vraagstuk.opgave, typed + " in de zorg.") == (
        typed + " in de zorg."
    )


def test_leaving_the_page_with_unsaved_text_asks_first(page, app_url, app_home):
    with store_from_env(app_home) as store:
        agenda = store.create("Waarschuwing", "AM18")
    _open(page, app_url, agenda.id)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    field = page.get_by_label("Doelgroep", exact=True)
    field.click()
    field.press_sequentially("Nog niet bewaard", delay=5)
    with pytest.raises(Exception):  # noqa: B017 - the dismissed dialog keeps the page: navigation times out
        page.reload(timeout=2_000)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Doelgroep", exact=True)).to_have_value("Nog niet bewaard")  # still on screen
    assert (
        _stored(app_home, agenda.id, lambda a: a.vraagstuk.doelgroep, "Nog niet bewaard")
        == "Nog niet bewaard"
    )


def test_switching_fields_within_100_ms_puts_every_keystroke_in_its_own_field(page, app_url, app_home):
    with store_from_env(app_home) as store:
        agenda = store.create("Snel wisselen", "AM18")
    _open(page, app_url, agenda.id, step="4 Gedeeld denken")
    ambitie = page.get_by_label("Gedeelde ambitie", exact=True)
    weefsel = page.get_by_label("Weefsel", exact=True)
    for round_number in range(3):
        first, second = f"Ambitie {round_number}. ", f"We ontmoeten elkaar {round_number}. "
        ambitie.click()
        ambitie.press("Control+End")
        ambitie.press_sequentially(first, delay=5)
        weefsel.click()  # the blur starts a rerun; typing goes on at once
        page.wait_for_timeout(50)
        weefsel.press("Control+End")
        weefsel.press_sequentially(second, delay=5)
    expected_ambitie = "".join(f"Ambitie {n}. " for n in range(3))
    expected_weefsel = "".join(f"We ontmoeten elkaar {n}. " for n in range(3))
    expect(ambitie).to_have_value(expected_ambitie)
    expect(weefsel).to_have_value(expected_weefsel)
    assert (
        _stored(app_home, agenda.id, lambda a: a.gedeeld_denken.ambitie, expected_ambitie) == expected_ambitie
    )
    assert (
        _stored(app_home, agenda.id, lambda a: a.gedeeld_denken.weefsel, expected_weefsel) == expected_weefsel
    )
