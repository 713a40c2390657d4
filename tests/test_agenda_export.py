"""Agenda exports: Word reopened with python-docx, Markdown sections and escaping."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import docx
import pytest

from regiondata.meeting.agenda import (
    Agenda,
    FactBlock,
    FirstStep,
    MonitoringRow,
    Partner,
    PartnerPerspective,
    evaluate_agenda,
    export_filename,
    to_docx,
    to_markdown,
)
from regiondata.meeting.agenda.export import escape_markdown

TODAY = date(2026, 11, 27)
SCRIPT = "<script>alert(1)</script>"
SOURCE = "Bron: CBS, tabel 80794ned, opgehaald 2026-11-27"
STEP_HEADINGS = [
    "1. Het vraagstuk",
    "2. Het netwerk",
    "3. Het perspectief",
    "4. Gedeeld denken",
    "5. Borgen en verbinden",
    "Aantrekkelijkheidstoets",
]


def draft() -> Agenda:
    agenda = Agenda(
        id="export1",
        name="Zorg aan het werk 👩‍⚕️",
        amr_code="AM18",
        participants="Gemeente Utrecht, UWV\nEconomic Board",
        updated_at=datetime(2026, 11, 27, 13, 5, tzinfo=UTC),
        version=4,
    )
    agenda.vraagstuk.opgave = f"{SCRIPT} 150 mensen uit de bijstand aan het werk in de zorg."
    agenda.vraagstuk.regio_dna = "# geen kop\n- geen lijst\n1. geen opsomming\n> geen citaat"
    agenda.vraagstuk.facts.append(
        FactBlock("In AM18 ontving 3,1% van de inwoners bijstand.", SOURCE, "bijstand_pct")
    )
    agenda.netwerk.partners += [
        Partner("Economic Board", "economisch", "Verbindt werkgevers", True, "werkgeversservicepunt"),
        Partner("UWV | Utrecht", "sociaal", "Bemiddeling"),
        Partner("Nog te kiezen"),
    ]
    agenda.perspectief.partners.append(PartnerPerspective("UWV | Utrecht", "presterend", "Wil cijfers"))
    agenda.perspectief.aansluiten = "Cijfers voor UWV, een raadsvoorstel voor de gemeente."
    agenda.gedeeld_denken.ambitie = "Iedereen die wil werken vindt een plek."
    agenda.gedeeld_denken.eerste_stappen += [
        FirstStep("Werkbezoek", "Anna", "15 januari 2027"),
        FirstStep("Kick-off", "Bram", "", date(2026, 12, 8)),
    ]
    agenda.borgen.structuur = ""  # left open on purpose: one checklist criterion stays unmet
    agenda.borgen.monitoring.append(
        MonitoringRow("bijstand_pct", "Bijstand", "%", 3.1, "2024", SOURCE, 2.5, date(2028, 1, 1))
    )
    return agenda


@pytest.fixture
def document() -> docx.document.Document:
    agenda = draft()
    data = to_docx(agenda, "Midden-Utrecht", evaluate_agenda(agenda, today=TODAY), today=TODAY)
    assert data[:2] == b"PK"  # a .docx is a zip file
    return docx.Document(io.BytesIO(data))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


# --- Word -------------------------------------------------------------------------------------
def test_docx_headings_use_built_in_styles(document):
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Zorg aan het werk 👩‍⚕️"]
    heading1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert heading1 == STEP_HEADINGS
    heading2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert {"Opgave", "Feiten uit de data", "Partners per wereld", "Eerste stappen", "Monitoring"} <= set(
        heading2
    )
    assert document.core_properties.title == "Zorg aan het werk 👩‍⚕️"


def test_docx_header_block_names_region_date_and_participants(document):
    text = _all_text(document)
    assert "Arbeidsmarktregio: Midden-Utrecht (AM18)" in text
    assert "Datum: 27 november 2026" in text
    assert "Versie: 4, laatst opgeslagen op 27 november 2026 om 14:05" in text  # Amsterdam time
    assert "Deelnemers: Gemeente Utrecht, UWV\nEconomic Board" in text


def test_docx_tables(document):
    tables = document.tables
    assert len(tables) == 5  # partners, perspectives, first steps, monitoring, checklist
    assert all(t.style.name == "Table Grid" for t in tables)
    rows = [[c.text for c in row.cells] for row in tables[0].rows]
    assert rows == [
        ["Partner", "Wereld", "Rol", "Brug"],
        ["UWV | Utrecht", "Sociale wereld", "Bemiddeling", ""],
        ["Economic Board", "Economische wereld", "Verbindt werkgevers", "ja: werkgeversservicepunt"],
        ["Nog te kiezen", "(nog niet gekozen)", "", ""],
    ]
    assert [c.text for c in tables[1].rows[1].cells] == ["UWV | Utrecht", "Presterend", "Wil cijfers"]
    steps = [[c.text for c in row.cells] for row in tables[2].rows]
    assert steps == [
        ["Wat", "Wie", "Wanneer"],
        ["Werkbezoek", "Anna", "15 januari 2027"],
        ["Kick-off", "Bram", "8 december 2026"],
    ]
    monitoring = [[c.text for c in row.cells] for row in tables[3].rows]
    assert monitoring[0] == ["Indicator", "Nulmeting", "Jaar", "Bron nulmeting", "Doel", "Streefdatum"]
    assert monitoring[1] == ["Bijstand", "3,1%", "2024", SOURCE, "2,5%", "1 januari 2028"]
    checklist = [[c.text for c in row.cells] for row in tables[4].rows]
    assert checklist[0] == ["Criterium", "Gehaald", "Toelichting"]
    assert len(checklist) == 8
    assert {row[1] for row in checklist[1:]} <= {"ja", "nee"}
    named_owners = next(row for row in checklist if row[0] == "Eigenaren met naam")
    assert named_owners[1] == "nee"
    assert "De structuur (wie besluit, wie is eigenaar van wat) is nog leeg. Suggestie: " in named_owners[2]
    assert [row[1] for row in checklist[1:]].count("ja") == 6


def test_docx_fact_is_set_apart_with_its_source(document):
    quotes = {p.style.name: p.text for p in document.paragraphs if "Quote" in p.style.name}
    assert quotes["Intense Quote"] == "Feit (uit de data): In AM18 ontving 3,1% van de inwoners bijstand."
    assert quotes["Quote"] == SOURCE


def test_docx_keeps_user_html_as_literal_text(document):
    opgave = [p.text for p in document.paragraphs if p.text.startswith("<script>")]
    assert opgave == [f"{SCRIPT} 150 mensen uit de bijstand aan het werk in de zorg."]
    assert "# geen kop\n- geen lijst" in _all_text(document)


def test_docx_of_an_empty_agenda_still_has_every_section_and_table():
    empty = Agenda(id="leeg", name="Leeg", amr_code="AM01")
    document = docx.Document(io.BytesIO(to_docx(empty, "", today=TODAY)))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == STEP_HEADINGS
    assert len(document.tables) == 5
    assert all(len(t.rows) == 2 for t in document.tables[:4])  # header + one row to type in
    assert "Arbeidsmarktregio: AM01" in _all_text(document)


def test_docx_survives_control_characters():
    agenda = draft()
    agenda.vraagstuk.opgave = "met NUL\x00 en bel\x07"
    document = docx.Document(io.BytesIO(to_docx(agenda, "Midden-Utrecht", today=TODAY)))
    assert "met NUL en bel" in _all_text(document)


# --- Markdown ---------------------------------------------------------------------------------
def test_markdown_has_all_sections_in_order():
    agenda = draft()
    md = to_markdown(agenda, "Midden-Utrecht", evaluate_agenda(agenda, today=TODAY), today=TODAY)
    headings = re.findall(r"^(#{1,3}) (.+)$", md, flags=re.MULTILINE)
    assert headings[0] == ("#", "Zorg aan het werk 👩‍⚕️")
    assert [text for level, text in headings if level == "##"] == STEP_HEADINGS
    assert "**Arbeidsmarktregio:** Midden-Utrecht (AM18)" in md
    assert "**Datum:** 27 november 2026" in md
    assert "| Partner | Wereld | Rol | Brug |" in md
    assert "| Indicator | Nulmeting | Jaar | Bron nulmeting | Doel | Streefdatum |" in md
    assert "| Criterium | Gehaald | Toelichting |" in md
    assert "van 7 criteria gehaald" in md


def test_markdown_fact_block_is_a_quote_with_source():
    md = to_markdown(draft(), "Midden-Utrecht", today=TODAY)
    assert "> **Feit (uit de data):** In AM18 ontving 3,1% van de inwoners bijstand." in md
    assert "> _Bron: CBS, tabel 80794ned, opgehaald 2026-11-27_" in md


def test_markdown_escapes_user_html_and_structure():
    md = to_markdown(draft(), "Midden-Utrecht", today=TODAY)
    assert "<script>" not in md
    assert "\\<script\\>alert(1)\\</script\\>" in md
    # Block markers typed at the start of a line stay text.
    assert "\\# geen kop" in md
    assert "\\- geen lijst" in md
    assert "1\\. geen opsomming" in md
    assert "\\> geen citaat" in md
    assert not re.search(r"^#+ geen kop", md, flags=re.MULTILINE)
    # A pipe in a cell does not add a column.
    partner_row = next(line for line in md.splitlines() if line.startswith("| UWV"))
    assert partner_row == "| UWV \\| Utrecht | Sociale wereld | Bemiddeling |  |"
    assert len(re.findall(r"(?<!\\)\|", partner_row)) == 5


def test_markdown_keeps_line_breaks_of_multi_line_text():
    md = to_markdown(draft(), "Midden-Utrecht", today=TODAY)
    assert "\\# geen kop  \n\\- geen lijst  \n1\\. geen opsomming" in md
    assert "**Deelnemers:** Gemeente Utrecht, UWV / Economic Board" in md


def test_markdown_of_empty_agenda_shows_placeholders():
    md = to_markdown(Agenda(id="leeg", name="Leeg", amr_code="AM01"), "", today=TODAY)
    assert "_(nog niet ingevuld)_" in md
    assert "_(nog geen partners)_" in md
    assert "_(nog geen feiten ingevoegd)_" in md
    assert "0 van 7 criteria gehaald" in md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>vet</b>", "\\<b\\>vet\\</b\\>"),
        ("*nadruk* en _ook_", "\\*nadruk\\* en \\_ook\\_"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("&amp; en & los", "\\&amp; en & los"),
        ("  + plus", "  \\+ plus"),
        ("Café 👍 1.000 mensen", "Café 👍 1.000 mensen"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


def test_export_filename_is_safe():
    agenda = Agenda(id="x", name="Zorg & Één/twee: <script>", amr_code="AM18")
    assert export_filename(agenda, "docx", today=TODAY) == "agenda-am18-zorg-een-twee-script-2026-11-27.docx"
    assert export_filename(agenda, ".md", today=TODAY).endswith(".md")


def test_word_export_is_a4_with_dutch_language_in_every_style():
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Mm

    agenda = Agenda.new("Papier", "AM18")
    document = Document(io.BytesIO(to_docx(agenda, "Groot Amsterdam")))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert section.left_margin == section.right_margin and section.left_margin > Mm(20)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Quote", "Intense Quote"):
        style = document.styles[name]
        assert style.type == WD_STYLE_TYPE.PARAGRAPH
        assert style.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "nl-NL", name


def test_the_guidance_speaks_to_the_group_as_jullie_throughout():
    """One form of address in the guidance: the group at the table ("jullie"), never "u" or "je"."""
    import re

    from tests.conftest import ROOT

    guidance = ["regiondata/meeting/agenda/guidance.py", "regiondata/meeting/agenda/checklist.py"]
    guidance += [
        "ui/agenda/steps.py",
        "ui/agenda/toets.py",
        "ui/agenda/navigation.py",
        "ui/agenda/readout.py",
    ]
    found = {
        path: re.findall(r"\b(?:u|uw|U|Uw|je|jouw|jij|Je|Jij)\b", (ROOT / path).read_text(encoding="utf-8"))
        for path in guidance
    }
    assert {path: words for path, words in found.items() if words} == {}
