"""Agenda model: JSON round trip, text policy, limits with Dutch messages, dates, differences."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

import pytest

from regiondata.meeting.agenda import (
    LONG_TEXT_MAX_CHARS,
    MAX_PARTNERS,
    NAME_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
    Agenda,
    AgendaError,
    AgendaValidationError,
    FactBlock,
    FirstStep,
    MonitoringRow,
    Partner,
    PartnerPerspective,
    differences,
    parse_date_nl,
)
from regiondata.meeting.agenda.model import clean_text, format_int_nl, format_number_nl

HOSTILE = "<script>alert(1)</script> Café Zeeuws-Vlaanderen 👩🏽‍🔧 ‘quotes’ & | # *nadruk*"


def full_agenda() -> Agenda:
    """An agenda with every field and list filled, built in code."""
    agenda = Agenda(
        id="abc123XYZ_-",
        name="Zorg en techniek aan het werk",
        amr_code="AM18",
        participants="Gemeente Utrecht, UWV, Economic Board Utrecht",
        created_at=datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
        updated_at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
        version=3,
    )
    v = agenda.vraagstuk
    v.opgave = "150 mensen uit de bijstand vinden binnen twee jaar werk in de zorg."
    v.doelgroep = "Inwoners die langer dan twee jaar bijstand hebben."
    v.regio_dna = "Werk zit aan de rand van de stad;\nhet openbaar vervoer rijdt er 's ochtends niet."
    v.facts.append(
        FactBlock(
            text="In AM18 ontving 3,1% van de inwoners bijstand.",
            source="Bron: CBS, tabel 80794ned, opgehaald 2026-11-27",
            indicator_key="bijstand_pct",
            inserted_at=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
        )
    )
    agenda.netwerk.partners += [
        Partner("UWV", "sociaal", "Bemiddeling en uitkering"),
        Partner("Economic Board", "economisch", "Verbindt werkgevers", True, "werkgeversservicepunt"),
    ]
    agenda.netwerk.bruggen = "De accountmanager van het WSP zit in de werkgroep van de board."
    agenda.perspectief.partners.append(PartnerPerspective("UWV", "presterend", "Stuurt op plaatsingen"))
    agenda.perspectief.aansluiten = "We leveren de gemeente een raadsvoorstel en UWV cijfers."
    g = agenda.gedeeld_denken
    g.ambitie = "In 2030 vindt iedereen die wil werken een plek bij de groeiende bedrijven."
    g.weefsel = "Elk kwartaal een werkbezoek; maandelijks overleg."
    g.eerste_stappen += [
        FirstStep("Werkbezoek bij het ziekenhuis", "Anna de Vries", "15 januari 2027", date(2027, 1, 15)),
        FirstStep("Ronde langs werkgevers", "WSP", "na de zomer", None),
    ]
    b = agenda.borgen
    b.structuur = "Het Regionaal Beraad besluit; de wethouder trekt."
    b.verbindingen = "Onderdeel van de regionale meerjarenagenda en het Regionaal Werkcentrum."
    b.monitoring += [
        MonitoringRow(
            "bijstand_pct",
            "Bijstand (% inwoners)",
            "%",
            3.1,
            "2024",
            "Bron: CBS, tabel 80794ned",
            2.5,
            date(2028, 1, 1),
        ),
        MonitoringRow("banen", "Banen", "", None, "", "", "meer dan landelijk", None),
    ]
    return agenda


# --- round trip -------------------------------------------------------------------------------
def test_round_trip_through_json_keeps_everything():
    agenda = full_agenda()
    data = json.loads(json.dumps(agenda.to_dict(), allow_nan=False))
    again = Agenda.from_dict(data)
    assert again == agenda
    assert again.created_at.tzinfo is not None
    assert again.gedeeld_denken.eerste_stappen[0].datum == date(2027, 1, 15)
    assert again.borgen.monitoring[0].target == 2.5
    assert again.borgen.monitoring[1].target == "meer dan landelijk"
    assert data["schema_version"] == 1


def test_from_dict_fills_defaults_and_ignores_unknown_keys():
    agenda = Agenda.from_dict({"id": "x1", "name": "Leeg", "amr_code": "AM01", "toekomst": 1})
    assert agenda.vraagstuk.opgave == ""
    assert agenda.netwerk.partners == []
    assert agenda.version == 0
    assert agenda.created_at.tzinfo == UTC


def test_new_agenda_has_short_url_safe_id():
    ids = {Agenda.new("A", "AM18").id for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 11 and all(c.isalnum() or c in "-_" for c in i) for i in ids)


# --- text policy ------------------------------------------------------------------------------
def test_text_is_kept_exactly_except_control_characters():
    agenda = full_agenda()
    agenda.vraagstuk.opgave = HOSTILE + "\n\tregel twee"
    agenda.name = "Naam\x00 met\x07 NUL\x1b"
    agenda.netwerk.partners[0].role = "a\r\nb\rc"
    cleaned = agenda.cleaned()
    assert cleaned.vraagstuk.opgave == HOSTILE + "\n\tregel twee"
    assert cleaned.name == "Naam met NUL"
    assert cleaned.netwerk.partners[0].role == "a\nb\nc"


def test_clean_text_removes_lone_surrogates_but_keeps_emoji_sequences():
    family = "👩‍👩‍👧"  # zero-width joiners (format characters) must survive
    assert clean_text(f"x\ud800y{family}\u00ad") == f"xy{family}\u00ad"


def test_cleaned_turns_nan_into_none_and_derives_step_dates():
    agenda = full_agenda()
    agenda.borgen.monitoring[0].baseline_value = math.nan
    agenda.borgen.monitoring[0].target = math.nan
    agenda.gedeeld_denken.eerste_stappen[1].wanneer = "uiterlijk 3-2-2027"
    agenda.gedeeld_denken.eerste_stappen.append(FirstStep("Kick-off", "Piet", "", date(2027, 1, 8)))
    cleaned = agenda.cleaned()
    assert cleaned.borgen.monitoring[0].baseline_value is None
    assert cleaned.borgen.monitoring[0].target is None
    assert cleaned.gedeeld_denken.eerste_stappen[1].datum == date(2027, 2, 3)
    assert cleaned.gedeeld_denken.eerste_stappen[2].datum == date(2027, 1, 8)  # date picker kept
    assert cleaned.gedeeld_denken.eerste_stappen[2].when_label() == "8 januari 2027"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-01", date(2027, 3, 1)),
        ("1-3-2027", date(2027, 3, 1)),
        ("01/03/2027", date(2027, 3, 1)),
        ("vóór 1 maart 2027", date(2027, 3, 1)),
        ("1 mrt. 2027", date(2027, 3, 1)),
        ("31-02-2027", None),
        ("na de zomer", None),
        ("Q1 2027", None),
        ("", None),
    ],
)
def test_parse_date_nl(text, expected):
    assert parse_date_nl(text) == expected


def test_dutch_number_formatting():
    assert format_int_nl(6200) == "6.200"
    assert format_number_nl(1234.5) == "1.234,5"
    assert format_number_nl(25.0) == "25"
    assert format_number_nl(0.125) == "0,125"


# --- limits -----------------------------------------------------------------------------------
def test_full_agenda_is_valid():
    full_agenda().validate()


def test_too_long_opgave_gives_dutch_message_with_field_and_limit():
    agenda = full_agenda()
    agenda.vraagstuk.opgave = "x" * 6200
    with pytest.raises(AgendaValidationError) as caught:
        agenda.validate()
    assert caught.value.message == "Het veld 'Opgave' is te lang: 6.200 tekens, maximaal 5.000."
    assert caught.value.problems[0].field == "vraagstuk.opgave"
    assert isinstance(caught.value, AgendaError)


def test_limits_are_inclusive():
    agenda = full_agenda()
    agenda.name = "n" * NAME_MAX_CHARS
    agenda.vraagstuk.opgave = "o" * LONG_TEXT_MAX_CHARS
    agenda.netwerk.partners[0].role = "r" * SHORT_TEXT_MAX_CHARS
    agenda.validate()
    agenda.name += "n"
    with pytest.raises(AgendaValidationError, match="'Naam' is te lang: 121 tekens, maximaal 120"):
        agenda.validate()


def test_list_item_field_message_names_the_item():
    agenda = full_agenda()
    agenda.netwerk.partners[1].role = "r" * 501
    with pytest.raises(AgendaValidationError) as caught:
        agenda.validate()
    assert caught.value.message == "Het veld 'Rol' van partner 2 is te lang: 501 tekens, maximaal 500."
    assert caught.value.problems[0].field == "netwerk.partners[1].role"


def test_too_many_partners():
    agenda = full_agenda()
    agenda.netwerk.partners = [Partner(f"P{i}", "sociaal") for i in range(MAX_PARTNERS + 1)]
    with pytest.raises(AgendaValidationError, match="te veel partners: 31, maximaal 30"):
        agenda.validate()


def test_every_problem_is_reported_at_once():
    agenda = full_agenda()
    agenda.name = "  "
    agenda.amr_code = "Utrecht"
    agenda.netwerk.partners[0].world = "cultureel"
    agenda.perspectief.partners[0].perspective = "chaotisch"
    with pytest.raises(AgendaValidationError) as caught:
        agenda.validate()
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        "name",
        "amr_code",
        "netwerk.partners[0].world",
        "perspectief.partners[0].perspective",
    ]
    assert "Geef de agenda een naam." in caught.value.message
    assert "gebruik een code als AM18" in caught.value.message
    assert "kies 'sociaal' of 'economisch'" in caught.value.message


def test_empty_world_and_perspective_mean_not_chosen_yet():
    agenda = full_agenda()
    agenda.netwerk.partners.append(Partner("Nieuw"))
    agenda.perspectief.partners.append(PartnerPerspective("Nieuw"))
    agenda.validate()


# --- differences for the conflict dialog ------------------------------------------------------
def test_differences_lists_changed_fields_with_both_texts():
    stored, attempted = full_agenda(), full_agenda()
    stored.vraagstuk.opgave = "Versie van Anna"
    attempted.vraagstuk.opgave = "Versie van Bram"
    attempted.netwerk.partners.append(Partner("ROC", "economisch", "Onderwijs"))
    diffs = differences(stored, attempted)
    assert [d.path for d in diffs] == ["vraagstuk.opgave", "netwerk.partners"]
    assert diffs[0].label == "Opgave"
    assert (diffs[0].stored, diffs[0].attempted) == ("Versie van Anna", "Versie van Bram")
    assert "ROC (economisch): Onderwijs" in diffs[1].attempted
    assert differences(full_agenda(), full_agenda()) == []


def test_dates_outside_this_year_minus_1_to_plus_15_are_refused_unless_already_stored():
    from datetime import date

    from regiondata.meeting.agenda import AgendaValidationError, FirstStep, MonitoringRow

    year = date.today().year
    agenda = Agenda.new("Datums", "AM18")
    agenda.gedeeld_denken.eerste_stappen = [FirstStep("Start", "UWV", f"1-3-{year + 16}")]
    agenda.borgen.monitoring = [MonitoringRow("bijstand_per_1000", "Bijstand", target_date=date(8, 12, 2))]
    agenda = agenda.cleaned()
    with pytest.raises(AgendaValidationError) as caught:
        agenda.validate()
    message = caught.value.message
    assert f"ligt niet tussen {year - 1} en {year + 15}" in message
    assert "eerste stap 1" in message and "streefdatum van 'Bijstand'" in message
    assert "2-12-0008" in message
    agenda.validate(previous=agenda)  # dates already stored are not checked again
    ok = Agenda.new("Datums", "AM18")
    ok.borgen.monitoring = [
        MonitoringRow("bijstand_per_1000", "Bijstand", target_date=date(year + 15, 12, 31))
    ]
    ok.validate()
