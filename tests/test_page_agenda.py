"""AppTest: the agenda page — list, the five steps, facts from the data, toets, conflicts, versions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from regiondata.config import load_settings
from regiondata.meeting.agenda import AgendaStore, store_from_env
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


# --- helpers ----------------------------------------------------------------------------------
@pytest.fixture
def store():
    """A second store on the app's database, as another process (or browser) would have."""
    with store_from_env(load_settings().home) as s:
        yield s


def run_page(agenda_id: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if agenda_id:
        at.query_params["agenda"] = agenda_id
    at.switch_page("pages/agenda.py").run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [(e.value, e.stack_trace) for e in at.exception]
    # The frame turns an unexpected page error into a Dutch message; that is a failure here too.
    assert not any("Er ging iets mis" in e.value for e in at.error), [e.value for e in at.error]


def widget(widgets, label: str):
    matches = [w for w in widgets if w.label == label]
    assert matches, f"no widget labelled {label!r}; have {[w.label for w in widgets]}"
    return matches[0]


def button(at: AppTest, label: str):
    return widget(at.button, label)


def texts(at: AppTest) -> str:
    """Everything written as Markdown, captions, titles and alerts, one string to search in."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [h.value for h in at.header] + [s.value for s in at.subheader]
    parts += [a.value for a in (*at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(parts)


def go_to(at: AppTest, view: str) -> AppTest:
    at.segmented_control[0].set_value(view).run()
    assert_ok(at)
    return at


def edit_table(at: AppTest, index: int, rows: list[dict]) -> AppTest:
    """Add rows to the index-th data editor as a user typing in its empty bottom row would."""
    editor = at.data_editor[index]
    at.session_state[editor.key] = {"edited_rows": {}, "added_rows": rows, "deleted_rows": []}
    at.run()
    assert_ok(at)
    return at


def soon() -> date:
    return date.today() + timedelta(days=30)


# --- list, create, open -------------------------------------------------------------------------
def test_list_page_starts_empty_and_creates_an_agenda(store: AgendaStore):
    at = run_page()
    assert "Een aantrekkelijke agenda" in texts(at)
    assert "Er zijn nog geen agenda's" in texts(at)
    assert widget(at.selectbox, "Arbeidsmarktregio").value == "AM18"  # the sidebar's region by default

    at.text_input(key="agenda_new_name").set_value("Zorg en techniek aan het werk")
    at.selectbox(key="agenda_new_regio").set_value("AM24")
    at.text_area(key="agenda_new_participants").set_value("Gemeente Middelburg, UWV, Economic Board")
    button(at, "Agenda aanmaken").click().run()
    assert_ok(at)

    agenda_id = at.query_params["agenda"]
    stored = store.get(agenda_id)
    assert (stored.name, stored.amr_code, stored.version) == ("Zorg en techniek aan het werk", "AM24", 1)
    assert stored.participants == "Gemeente Middelburg, UWV, Economic Board"
    assert at.title[0].value == "Zorg en techniek aan het werk"
    assert "Zeeland (AM24)" in texts(at)
    assert "Stap 1: Het vraagstuk" in texts(at)


def test_create_without_a_name_gives_a_dutch_message(store: AgendaStore):
    at = run_page()
    button(at, "Agenda aanmaken").click().run()
    assert_ok(at)
    assert "Geef de agenda een naam." in texts(at)
    assert store.list() == []


def test_list_shows_last_edit_opens_duplicates_and_deletes_only_after_confirmation(store: AgendaStore):
    first = store.create("Havenbanen", "AM22")
    store.create("Zorg Zeeland", "AM24")
    at = run_page()
    page = texts(at)
    assert "Havenbanen" in page and "Rijnmond (AM22)" in page and "laatst bewerkt vandaag om" in page

    at.button(key=f"agenda_dup_{first.id}").click().run()
    assert_ok(at)
    assert "Kopie gemaakt\\: 'Kopie van Havenbanen'." in texts(at)  # escaped: it holds user text
    assert sorted(s.name for s in store.list()) == ["Havenbanen", "Kopie van Havenbanen", "Zorg Zeeland"]

    at.button(key=f"agenda_del_{first.id}").click().run()
    assert "Weet u zeker dat u 'Havenbanen' met alle 1 versies wilt verwijderen?" in texts(at)
    assert len(store.list()) == 3  # nothing deleted before the confirmation
    at.button(key=f"agenda_del_no_{first.id}").click().run()
    assert "Weet u zeker" not in texts(at) and len(store.list()) == 3

    at.button(key=f"agenda_del_{first.id}").click().run()
    at.button(key=f"agenda_del_yes_{first.id}").click().run()
    assert_ok(at)
    assert "Agenda 'Havenbanen' is verwijderd." in texts(at)
    assert sorted(s.name for s in store.list()) == ["Kopie van Havenbanen", "Zorg Zeeland"]

    copy = next(s for s in store.list() if s.name == "Kopie van Havenbanen")
    at.button(key=f"agenda_open_{copy.id}").click().run()
    assert_ok(at)
    assert at.query_params["agenda"] == copy.id
    assert at.title[0].value == "Kopie van Havenbanen"


def test_unknown_agenda_in_the_link_gives_a_dutch_notice_and_the_list(store: AgendaStore):
    store.create("Havenbanen", "AM22")
    at = run_page("bestaatniet123")
    assert any("Er is geen agenda met code 'bestaatniet123'" in w.value for w in at.warning)
    assert "Havenbanen" in texts(at)
    assert "agenda" not in at.query_params


def test_back_to_the_list(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    button(at, "Alle agenda's").click().run()
    assert_ok(at)
    assert "agenda" not in at.query_params and "Nieuwe agenda" in texts(at)


# --- the five steps -------------------------------------------------------------------------------
def test_walk_through_all_five_steps_saves_everything_and_meets_the_toets(store: AgendaStore):
    agenda = store.create("Zorg en techniek aan het werk", "AM24")
    at = run_page(agenda.id)

    # Step 1: guidance, fields, and facts from the data.
    page = texts(at)
    assert (
        "Stap 1: Het vraagstuk" in page and "Valkuil." in page and "Vragen om samen te beantwoorden" in page
    )
    assert "Wat de cijfers zeggen over Zeeland" in page
    assert "Het aantal banen in Zeeland groeide tussen 2015 en 2024" in page
    opgave = "150 mensen uit de bijstand vinden binnen twee jaar werk in de zorg en de techniek in Goes."
    widget(at.text_area, "Opgave").set_value(opgave).run()
    widget(at.text_area, "Doelgroep").set_value("Inwoners die langer dan twee jaar bijstand hebben").run()
    widget(at.text_area, "DNA van de regio").set_value(
        "De bedrijven liggen buiten de stad; de bus rijdt te laat."
    ).run()
    assert_ok(at)
    assert store.get(agenda.id).vraagstuk.opgave == opgave
    assert "Opgeslagen om" in texts(at)

    # Insert the jobs fact as a cited fact block.
    insert = next(b for b in at.button if b.label == "Invoegen")
    insert.click().run()
    assert_ok(at)
    fact = store.get(agenda.id).vraagstuk.facts[0]
    assert fact.text.startswith("Het aantal banen in Zeeland groeide tussen 2015 en 2024")
    assert "Bron: CBS, tabel 83582NED" in fact.source and fact.indicator_key == "jobs_count"
    with_fact = texts(at)
    assert "**Feit uit de data**" in with_fact
    assert any("Bron\\: CBS, tabel 83582NED" in c.value for c in at.caption)  # the stored, escaped source
    assert widget(at.button, "Ingevoegd").disabled

    # Step 2 by "Volgende stap": partners in both worlds, one bridge.
    button(at, "Volgende stap").click().run()
    assert "Stap 2: Het netwerk" in texts(at)
    assert "Sociale wereld" in texts(at) and "Economische wereld" in texts(at)
    edit_table(at, 0, [{"Naam": "UWV", "Rol": "Werkgeversdienstverlening", "Brug naar": "Board"}])
    edit_table(at, 1, [{"Naam": "Economic Board Zeeland", "Rol": "Aanjager groei"}])
    partners = store.get(agenda.id).netwerk.partners
    assert [(p.name, p.world, p.is_bridge) for p in partners] == [
        ("UWV", "sociaal", True),
        ("Economic Board Zeeland", "economisch", False),
    ]
    assert "UWV → Economic Board Zeeland" in texts(at)  # the bridge, matched by name
    assert at.get("plotly_chart"), "a picture of the network"
    widget(at.text_area, "Bestaande bruggen").set_value("De accountmanager van UWV zit in de board.").run()

    # Step 3: a perspective per partner, with prompts for connecting.
    go_to(at, "perspectief")
    page = texts(at)
    assert "Stap 3: Het perspectief" in page and "Stuurt op resultaat en doelmatigheid" in page
    widget(at.selectbox, "Perspectief van UWV").set_value("presterend").run()
    widget(at.text_input, "Wat betekent dat voor UWV?").set_value("Wil plaatsingen zien").run()
    widget(at.selectbox, "Perspectief van Economic Board Zeeland").set_value("netwerkend").run()
    assert "Maak zichtbaar wat het oplevert" in texts(at)  # prompt for the performing perspective
    widget(at.text_area, "Aansluiten op elkaars perspectief").set_value(
        "Elk kwartaal cijfers voor UWV."
    ).run()
    entries = store.get(agenda.id).perspectief.partners
    assert [(e.partner, e.perspective, e.notes) for e in entries] == [
        ("UWV", "presterend", "Wil plaatsingen zien"),
        ("Economic Board Zeeland", "netwerkend", ""),
    ]

    # Step 4: ambition, weefsel and first steps.
    go_to(at, "gedeeld_denken")
    assert "Stap 4: Gedeeld denken" in texts(at)
    widget(at.text_area, "Gedeelde ambitie").set_value(
        "In 2030 vindt iedereen die wil werken een plek."
    ).run()
    widget(at.text_area, "Weefsel").set_value("Elk kwartaal een werkbezoek bij een werkgever.").run()
    when = soon().strftime("%d-%m-%Y")
    edit_table(at, 0, [{"Wat": "Werkbezoek ziekenhuis", "Wie": "Wethouder Goes", "Wanneer": when}])
    steps = store.get(agenda.id).gedeeld_denken.eerste_stappen
    assert [(s.wat, s.wie, s.due_date) for s in steps] == [
        ("Werkbezoek ziekenhuis", "Wethouder Goes", soon())
    ]
    assert "Herkende datums" in texts(at)

    # Step 5: structure, links, and monitoring with the baseline from the data.
    go_to(at, "borgen")
    assert "Stap 5: Borgen en verbinden" in texts(at)
    widget(at.text_area, "Structuur").set_value(
        "Het Regionaal Beraad besluit; de wethouder van Goes trekt."
    ).run()
    widget(at.text_area, "Verbindingen").set_value("Onderdeel van de regionale meerjarenagenda.").run()
    widget(at.multiselect, "Welke cijfers volgen jullie?").select("bijstand_per_1000").run()
    assert_ok(at)
    row = store.get(agenda.id).borgen.monitoring[0]
    assert row.indicator_key == "bijstand_per_1000" and row.baseline_value is not None
    assert row.baseline_year.isdigit() and "Bron: CBS, tabel 80794ned" in row.baseline_source
    table = at.data_editor[0].value
    assert table.iloc[0]["Indicator"] == "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder"
    assert table.iloc[0]["Jaar"] == row.baseline_year
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"Doel": "30,5", "Streefdatum": "2028-12-31"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert_ok(at)
    row = store.get(agenda.id).borgen.monitoring[0]
    assert (row.target, row.target_date) == (30.5, date(2028, 12, 31))

    # Every step is done and the toets is met on all seven criteria.
    assert at.segmented_control[0].label == "Stappen: 5 van de 5 ingevuld"
    go_to(at, "toets")
    page = texts(at)
    assert "7 van 7 gehaald." in page and "Nog niet gehaald" not in page and "score" in page

    # The read-out view shows the whole agenda.
    go_to(at, "voorlezen")
    page = texts(at)
    expected = (
        "Zorg en techniek aan het werk",
        "1. Het vraagstuk",
        "5. Borgen en verbinden",
        "Werkbezoek ziekenhuis",
        "Economic Board Zeeland",
        "doel 30,5",
        "7 van 7 gehaald",
    )
    for text in expected:
        assert text in page, text
    # The checklist's icons are its markers: no bullet in front of them as well.
    checklist = next(m.value for m in at.markdown if "— gehaald" in m.value)
    assert checklist.startswith(":material/check_circle:") and "\n- " not in checklist


def test_checklist_reacts_to_the_draft(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    go_to(at, "toets")
    assert "0 van 7 gehaald." in texts(at)
    assert at.segmented_control[0].value == "toets"
    assert "De opgave is nog leeg." in texts(at)

    go_to(at, "vraagstuk")
    widget(at.text_area, "Opgave").set_value(
        "80 jongeren uit Rotterdam krijgen een leerwerkplek in de haven"
    ).run()
    go_to(at, "toets")
    page = texts(at)
    assert "1 van 7 gehaald." in page
    assert "De opgave is kort (10 woorden) maar noemt een getal (80), een plaats (Rotterdam)" in page
    assert "Toets 1/7" in at.segmented_control[0].options


def test_fact_can_be_removed(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    next(b for b in at.button if b.label == "Invoegen").click().run()
    assert len(store.get(agenda.id).vraagstuk.facts) == 1
    button(at, "Verwijderen").click().run()
    assert_ok(at)
    assert store.get(agenda.id).vraagstuk.facts == []
    assert "Nog geen feiten ingevoegd" in texts(at)


# --- saving, conflicts, versions, limits ------------------------------------------------------------
def saved_elsewhere(store: AgendaStore, agenda_id: str, **texts: str) -> None:
    """Another browser saves the agenda: ``step__field="text"``, e.g. ``vraagstuk__opgave=…``."""
    theirs = store.get(agenda_id)
    for path, text in texts.items():
        step, field = path.split("__")
        setattr(getattr(theirs, step), field, text)
    store.save(theirs, base_version=theirs.version)


def test_conflict_shows_both_texts_and_keep_mine_saves_on_top(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    saved_elsewhere(store, agenda.id, vraagstuk__opgave="Tekst van de collega in de andere browser")

    widget(at.text_area, "Opgave").set_value("Mijn eigen tekst over de haven").run()
    assert_ok(at)
    assert any("Deze agenda is intussen door iemand anders opgeslagen" in e.value for e in at.error)
    page = texts(at)
    assert "Tekst van de collega in de andere browser" in page and "Mijn eigen tekst over de haven" in page
    assert "Uw tekst (nog niet opgeslagen)" in page and "Opgeslagen door iemand anders (versie 2" in page
    assert (
        store.get(agenda.id).vraagstuk.opgave == "Tekst van de collega in de andere browser"
    )  # nothing lost

    button(at, "Mijn tekst bewaren").click().run()
    assert_ok(at)
    stored = store.get(agenda.id)
    assert (stored.vraagstuk.opgave, stored.version) == ("Mijn eigen tekst over de haven", 3)
    assert not at.error and "Opgeslagen om" in texts(at)


def test_conflict_take_theirs_reloads_their_text(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    saved_elsewhere(store, agenda.id, vraagstuk__doelgroep="Jongeren zonder startkwalificatie")

    widget(at.text_area, "Doelgroep").set_value("Statushouders").run()
    button(at, "Tekst van de ander overnemen").click().run()
    assert_ok(at)
    assert widget(at.text_area, "Doelgroep").value == "Jongeren zonder startkwalificatie"
    assert store.get(agenda.id).version == 2 and not at.error


def test_conflict_per_field_choice_merges(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    widget(at.text_area, "Opgave").set_value("Mijn opgave").run()
    saved_elsewhere(store, agenda.id, vraagstuk__opgave="Hun opgave", vraagstuk__doelgroep="Hun doelgroep")

    widget(at.text_area, "Doelgroep").set_value("Mijn doelgroep").run()
    # Only the part both changed is in the conflict (their opgave replaced my older one: one side).
    assert [r.label for r in at.radio] == ["Welke tekst houden voor 'Doelgroep'?"]
    assert widget(at.radio, "Welke tekst houden voor 'Doelgroep'?").value is None  # nothing preselected
    button(at, "Keuze per onderdeel opslaan").click().run()
    assert "Kies eerst bij elk onderdeel" in texts(at) and store.get(agenda.id).version == 3
    widget(at.radio, "Welke tekst houden voor 'Doelgroep'?").set_value("mine").run()
    button(at, "Keuze per onderdeel opslaan").click().run()
    assert_ok(at)
    stored = store.get(agenda.id)
    assert (stored.vraagstuk.opgave, stored.vraagstuk.doelgroep) == ("Hun opgave", "Mijn doelgroep")
    assert widget(at.text_area, "Opgave").value == "Hun opgave"  # their text is on screen too


def test_edits_of_different_fields_in_two_browsers_merge_without_a_conflict(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    saved_elsewhere(store, agenda.id, vraagstuk__opgave="Hun opgave")
    widget(at.text_area, "Doelgroep").set_value("Mijn doelgroep").run()
    assert_ok(at)
    assert not at.radio and not at.error
    stored = store.get(agenda.id)
    assert (stored.version, stored.vraagstuk.opgave, stored.vraagstuk.doelgroep) == (
        3,
        "Hun opgave",
        "Mijn doelgroep",
    )
    assert widget(at.text_area, "Opgave").value == "Hun opgave"


def test_newer_version_elsewhere_is_announced_and_can_be_loaded(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    saved_elsewhere(store, agenda.id, gedeeld_denken__ambitie="Iedereen aan de slag")
    at.run()
    assert any(
        "Iemand anders heeft deze agenda intussen opgeslagen (nu versie 2)" in i.value for i in at.info
    )
    button(at, "Nieuwste versie laden").click().run()
    go_to(at, "gedeeld_denken")
    assert widget(at.text_area, "Gedeelde ambitie").value == "Iedereen aan de slag"


def test_versions_can_be_restored_as_a_new_version(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    widget(at.text_area, "Opgave").set_value("Eerste versie van de opgave").run()
    widget(at.text_area, "Opgave").set_value("Tweede versie van de opgave").run()
    assert store.get(agenda.id).version == 3
    # One browser typing for a while is one version, with what it changed.
    assert [v.version for v in store.versions(agenda.id)] == [3, 1]
    page = texts(at)
    assert "**Versie 3** (huidige versie)" in page and "**Versie 1** ·" in page and "Aangemaakt" in page
    assert "**Versie 2**" not in page and "gewijzigd: Het vraagstuk" in page

    restore = [b for b in at.button if b.label == "Terugzetten"]
    assert len(restore) == 1
    restore[0].click().run()
    assert_ok(at)
    stored = store.get(agenda.id)
    assert (stored.version, stored.vraagstuk.opgave) == (4, "")
    assert widget(at.text_area, "Opgave").value == ""
    assert "Teruggezet naar versie 1" in texts(at)
    assert store.get_version(agenda.id, 3).vraagstuk.opgave == "Tweede versie van de opgave"  # kept


def test_limits_are_on_the_widgets_and_a_refused_save_says_why(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    assert widget(at.text_area, "Opgave").proto.max_chars == 5000
    assert widget(at.text_input, "Naam").proto.max_chars == 120
    widget(at.text_input, "Naam").set_value("   ").run()
    assert_ok(at)
    assert any("Niet opgeslagen." in e.value and "Geef de agenda een naam." in e.value for e in at.error)
    assert store.get(agenda.id).name == "Havenbanen"


def test_user_html_is_shown_literally_never_as_html(store: AgendaStore):
    agenda = store.create("<b>Vet</b> plan", "AM22")
    at = run_page(agenda.id)
    typed = "<script>alert('x')</script> en <b>vet</b> en :red[rood] en $x$"
    widget(at.text_area, "Opgave").set_value(typed).run()
    assert store.get(agenda.id).vraagstuk.opgave == typed  # stored exactly as typed
    assert widget(at.text_area, "Opgave").value == typed

    go_to(at, "voorlezen")
    assert at.title == [] or all("<b>" not in t.value for t in at.title)
    rendered = [m for m in at.markdown if "script" in m.value or "Vet" in m.value]
    assert rendered, "the name and the opgave are on the read-out"
    for element in rendered:
        assert not element.proto.allow_html
        assert "<script>" not in element.value and "<b>" not in element.value
    page = texts(at)
    assert "\\<script\\>alert('x')\\</script\\> en \\<b\\>vet\\</b\\> en \\:red\\[rood\\] en \\$x\\$" in page
    assert [t.value for t in at.title] == ["\\<b\\>Vet\\</b\\> plan"]  # the read-out's title, escaped
    # No element of the whole page may switch raw HTML on with user text in it.
    for element in at.markdown:
        if element.proto.allow_html:
            assert "Vet" not in element.value and "script" not in element.value


def test_export_buttons_are_on_every_step(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    for view in ("vraagstuk", "borgen", "toets", "voorlezen"):
        go_to(at, view)
        assert [b.label for b in at.download_button] == ["Word (.docx)", "Markdown (.md)"]
        # Built only when clicked (the browser test downloads and opens the Word file).
        assert all(b.proto.deferred_file_id for b in at.download_button)


def test_network_csv_says_its_partners_are_own_input_not_cbs(store: AgendaStore, downloads):
    agenda = store.create("Havenbanen", "AM22")
    at = go_to(run_page(agenda.id), "netwerk")
    edit_table(at, 0, [{"Naam": "UWV", "Rol": "Werkgeversdienstverlening", "Brug naar": "Haven"}])
    edit_table(at, 1, [{"Naam": "Havenbedrijf", "Rol": "Werkgever"}])
    text = downloads(widget(at.download_button, "Download als CSV")).decode("utf-8-sig")
    assert text.startswith("# ") and "eigen invoer in de agenda, geen CBS-cijfers" in text
    assert "Bron: CBS" not in text and "CC BY" not in text  # no provenance it does not have
    table = pd.read_csv(io.StringIO(text), sep=";", comment="#")
    assert set(table["Partner"]) == {"UWV", "Havenbedrijf"}


HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1:A9)"]


def test_network_csv_never_holds_a_live_formula(store: AgendaStore, downloads):
    """OWASP CSV injection: partner names starting with =, +, -, @ arrive as text."""
    from regiondata.meeting.agenda import Partner

    agenda = store.create("Havenbanen", "AM22")
    agenda.netwerk.partners = [Partner(name, "sociaal", "rol") for name in HOSTILE_NAMES]
    store.save(agenda, base_version=1)
    at = go_to(run_page(agenda.id), "netwerk")
    text = downloads(widget(at.download_button, "Download als CSV")).decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(text), sep=";", comment="#")
    assert sorted(table["Partner"]) == sorted("'" + name for name in HOSTILE_NAMES)
    cells = [cell for line in text.splitlines() if not line.startswith("#") for cell in line.split(";")]
    assert not [c for c in cells if c.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r"))]


# --- facts from the data and the page's pure helpers (no script run) --------------------------------
def test_baseline_comes_from_the_newest_year_with_data_and_cites_its_source(demo_snapshot):
    from regiondata.meeting.agenda.facts import baseline
    from regiondata.model.views import latest_year

    regions = demo_snapshot.derived.regions
    year = latest_year(regions, "bijstand_per_1000")
    row = baseline(demo_snapshot, "AM24", "bijstand_per_1000")
    expected = regions.loc[
        (regions["level"] == "amr") & (regions["region_code"] == "AM24") & (regions["year"] == year),
        "bijstand_per_1000",
    ].iloc[0]
    assert row.baseline_value == round(float(expected), 1) and row.baseline_year == str(year)
    assert row.indicator_title == "Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder"
    assert row.unit == "per 1.000 inwoners (15+)" and row.target is None and row.target_date is None
    assert "Bron: CBS, tabel 80794ned" in row.baseline_source and "03759ned" in row.baseline_source
    assert row.baseline_source.startswith("DEMODATA")  # demo figures are never passed off as CBS's


def test_region_facts_carry_their_source_and_become_fact_blocks(demo_snapshot):
    from regiondata.meeting.agenda.facts import place_names, region_facts

    facts = region_facts(demo_snapshot, "AM24", 2015, 2024)
    kinds = [f.kind for f in facts]
    assert kinds[:2] == ["jobs", "bijstand"] and all("Zeeland" in f.text for f in facts)
    for fact in facts:
        assert "Bron: CBS, tabel" in fact.source and fact.indicator_keys
        block = fact.to_block()
        assert (block.text, block.indicator_key) == (fact.text, fact.indicator_keys[0])
        assert block.source == fact.source and len(block.source) <= 500
    places = place_names(demo_snapshot, "AM24")
    assert places[0] == "Zeeland" and "Goes" in places
    assert "Middelburg (Z.)" in places and "Middelburg" in places  # CBS's suffix and the everyday name


def test_helpers_parse_targets_and_escape_markdown():
    from ui.agenda.formatting import parse_target
    from ui.text import md

    assert [parse_target(t) for t in ("25", "25,5", "1.250", "30.5", "", None)] == [
        25.0, 25.5, 1250.0, 30.5, None, None
    ]  # fmt: skip
    assert parse_target("onder het landelijk gemiddelde") == "onder het landelijk gemiddelde"
    assert md("<b>vet</b> :red[x] $y$\n# kop") == "\\<b\\>vet\\</b\\> \\:red\\[x\\] \\$y\\$  \n\\# kop"


def test_database_failure_keeps_the_text_says_so_in_dutch_and_retries(store: AgendaStore, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from regiondata.meeting.agenda import AgendaStoreUnavailable
    from regiondata.meeting.sqlstore import storage_error_message

    agenda = store.create("Havenbanen", "AM22")
    at = run_page(agenda.id)
    gone = storage_error_message(OperationalError("save", {}, Exception("server closed the connection")))

    def fail(*_args, **_kwargs):
        raise AgendaStoreUnavailable(gone)

    working_save = AgendaStore.save
    monkeypatch.setattr(AgendaStore, "save", fail)
    widget(at.text_area, "Opgave").set_value("Tekst tijdens de storing").run()
    widget(at.text_area, "Doelgroep").set_value("Nog meer tekst tijdens de storing").run()
    assert_ok(at)
    assert any(e.value.startswith("Niet opgeslagen — de database is niet bereikbaar") for e in at.error)
    assert widget(at.text_area, "Opgave").value == "Tekst tijdens de storing"  # still on screen
    assert widget(at.text_area, "Doelgroep").value == "Nog meer tekst tijdens de storing"
    assert store.get(agenda.id).version == 1

    monkeypatch.setattr(AgendaStore, "save", working_save)  # the database is back
    button(at, "Opnieuw proberen").click().run()
    assert_ok(at)
    stored = store.get(agenda.id)
    assert (stored.vraagstuk.opgave, stored.vraagstuk.doelgroep) == (
        "Tekst tijdens de storing",
        "Nog meer tekst tijdens de storing",
    )
    assert not at.error and "Opgeslagen om" in texts(at)


def test_text_the_browser_holds_after_a_reconnect_is_saved_and_announced(store: AgendaStore):
    """A new session (after a server restart) that receives the browser's text for a field."""
    agenda = store.create("Havenbanen", "AM22")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["agenda"] = agenda.id
    at.session_state[f"ag_{agenda.id}_vraagstuk.opgave"] = "Getypt vlak voor de herstart"
    at.switch_page("pages/agenda.py").run()
    assert_ok(at)
    assert store.get(agenda.id).vraagstuk.opgave == "Getypt vlak voor de herstart"
    assert any("Verbinding met de server hersteld" in s.value and "'Opgave'" in s.value for s in at.success)


def test_a_streefdatum_in_year_8_is_refused_in_dutch_and_nothing_is_stored(store: AgendaStore):
    agenda = store.create("Havenbanen", "AM22")
    at = go_to(run_page(agenda.id), "borgen")
    widget(at.multiselect, "Welke cijfers volgen jullie?").select("bijstand_per_1000").run()
    version = store.get(agenda.id).version
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {0: {"Doel": "25", "Streefdatum": "0008-12-02"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert_ok(at)
    assert any("Niet opgeslagen." in e.value and "2-12-0008" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    stored = store.get(agenda.id)
    assert stored.version == version and stored.borgen.monitoring[0].target_date is None
