"""Aantrekkelijkheidstoets: every criterion flips from unmet to met as the draft is filled in."""

from __future__ import annotations

from datetime import date

import pytest

from regiondata.meeting.agenda import (
    CRITERIA,
    Agenda,
    FirstStep,
    MonitoringRow,
    Partner,
    PartnerPerspective,
    evaluate_agenda,
)
from regiondata.meeting.agenda.checklist import add_months

TODAY = date(2026, 11, 27)


def empty_draft() -> Agenda:
    return Agenda(id="toets", name="Toets", amr_code="AM18")


def check(agenda: Agenda, key: str, **kwargs):
    return evaluate_agenda(agenda, today=TODAY, **kwargs).get(key)


def assert_unmet(agenda: Agenda, key: str, *why_parts: str, **kwargs) -> None:
    result = check(agenda, key, **kwargs)
    assert not result.met, result.why
    assert result.suggestion.strip(), f"{key}: an unmet criterion needs a suggestion"
    for part in why_parts:
        assert part in result.why


def assert_met(agenda: Agenda, key: str, *why_parts: str, **kwargs) -> None:
    result = check(agenda, key, **kwargs)
    assert result.met, result.why
    assert result.suggestion == ""
    for part in why_parts:
        assert part in result.why


def test_empty_draft_meets_nothing_and_suggests_everything():
    checklist = evaluate_agenda(empty_draft(), today=TODAY)
    assert [r.key for r in checklist] == [c.key for c in CRITERIA]
    assert checklist.total == 7
    assert checklist.met_count == 0
    assert checklist.summary == "0 van 7 criteria gehaald"
    for result in checklist:
        assert not result.met
        assert result.title and result.why and result.suggestion and result.rule


def test_full_walk_through_flips_every_criterion():
    draft = empty_draft()
    draft.vraagstuk.opgave = "150 bijstandsgerechtigden aan het werk in de zorg"
    draft.netwerk.partners += [Partner("UWV", "sociaal"), Partner("Economic Board", "economisch")]
    draft.gedeeld_denken.ambitie = "Iedereen die wil werken vindt een plek bij onze groeiende bedrijven."
    draft.gedeeld_denken.eerste_stappen.append(FirstStep("Werkbezoek", "Anna", "10 december 2026"))
    draft.borgen.structuur = "Het Regionaal Beraad besluit."
    draft.borgen.monitoring.append(
        MonitoringRow("bijstand_pct", "Bijstand", target=2.5, target_date=date(2028, 1, 1))
    )
    draft.perspectief.partners.append(PartnerPerspective("UWV", "presterend"))
    draft.perspectief.aansluiten = "Wij leveren UWV cijfers per kwartaal."
    checklist = evaluate_agenda(draft, today=TODAY)
    assert [r.key for r in checklist if not r.met] == []
    assert checklist.summary == "7 van 7 criteria gehaald"


def test_concrete_opgave():
    draft = empty_draft()
    assert_unmet(draft, "concrete_opgave", "nog leeg")
    draft.vraagstuk.opgave = "Meer werk voor iedereen"
    assert_unmet(draft, "concrete_opgave", "'Meer werk voor iedereen'", "4 woorden", "geen getal")
    draft.vraagstuk.opgave = "Meer werk voor iedereen in Amersfoort"
    assert_unmet(draft, "concrete_opgave")  # a place only counts when the caller names it
    assert_met(draft, "concrete_opgave", "een plaats (Amersfoort)", place_names=["Amersfoort"])
    draft.vraagstuk.opgave = "Jongeren zonder diploma aan een leerwerkplek"
    assert_met(draft, "concrete_opgave", "een doelgroep (jongeren)")
    draft.vraagstuk.opgave = "200 banen"
    assert_unmet(draft, "concrete_opgave", "een getal (200)", "telt maar 2 woorden")
    draft.vraagstuk.opgave = " ".join(["samenwerking"] * 15)
    assert_met(draft, "concrete_opgave", "15 woorden")


def test_both_worlds_names_who_is_at_the_table():
    draft = empty_draft()
    assert_unmet(draft, "both_worlds", "Sociale wereld: nog niemand")
    draft.netwerk.partners.append(Partner("Gemeente Utrecht", "sociaal"))
    assert_unmet(draft, "both_worlds", "Sociale wereld: Gemeente Utrecht", "Economische wereld: nog niemand")
    assert "economische wereld" in check(draft, "both_worlds").suggestion
    draft.netwerk.partners.append(Partner("ROC Midden Nederland", "economisch"))
    assert_met(draft, "both_worlds", "ROC Midden Nederland")


def test_positive_ambition_not_dominated_by_problem_words():
    draft = empty_draft()
    assert_unmet(draft, "positive_ambition", "nog leeg")
    draft.gedeeld_denken.ambitie = "We lossen het personeelstekort en de knelpunten in de zorg op."
    assert_unmet(draft, "positive_ambition", "'personeelstekort'", "'knelpunten'", "2 probleemwoorden")
    draft.gedeeld_denken.ambitie = (
        "In 2030 vindt iedereen in onze regio die wil werken een baan die past, "
        "ook wie nu nog een achterstand heeft."
    )
    assert_met(draft, "positive_ambition", "'achterstand'")
    draft.gedeeld_denken.ambitie = "Samen maken we van onze regio de plek waar iedereen meedoet."
    assert_met(draft, "positive_ambition", "zonder probleemwoorden")


def test_named_owners_needs_a_who_per_step_and_a_structure():
    draft = empty_draft()
    assert_unmet(draft, "named_owners", "nog geen eerste stappen")
    draft.gedeeld_denken.eerste_stappen += [
        FirstStep("Werkgeversontbijt organiseren", "Anna"),
        FirstStep("Vervoer regelen", ""),
    ]
    assert_unmet(draft, "named_owners", "stap 2 ('Vervoer regelen')", "structuur")
    draft.gedeeld_denken.eerste_stappen[1].wie = "Provincie"
    assert_unmet(draft, "named_owners", "structuur")
    draft.borgen.structuur = "De stuurgroep besluit; Anna trekt."
    assert_met(draft, "named_owners", "Anna en Provincie")


def test_measurable_monitoring_needs_target_and_date():
    draft = empty_draft()
    assert_unmet(draft, "measurable_monitoring", "nog geen indicator")
    draft.borgen.monitoring.append(MonitoringRow("bijstand_pct", "Bijstand (% inwoners)", "%", 3.1))
    assert_unmet(draft, "measurable_monitoring", "'Bijstand (% inwoners)' mist een doel en een datum")
    draft.borgen.monitoring[0].target = "   "
    draft.borgen.monitoring[0].target_date = date(2028, 1, 1)
    assert_unmet(draft, "measurable_monitoring", "mist een doel")
    draft.borgen.monitoring[0].target = 2.5
    assert_met(draft, "measurable_monitoring", "2,5 op 1 januari 2028")


def test_first_step_within_three_months_of_reference_date():
    draft = empty_draft()
    assert_unmet(draft, "first_step_soon", "nog geen eerste stappen")
    draft.gedeeld_denken.eerste_stappen.append(FirstStep("Kick-off", "Anna", "na de zomer"))
    assert_unmet(draft, "first_step_soon", "geen datum", "'na de zomer'")
    draft.gedeeld_denken.eerste_stappen.append(FirstStep("Evaluatie", "Bram", "1 juni 2027"))
    assert_unmet(draft, "first_step_soon", "1 juni 2027, later dan drie maanden")
    draft.gedeeld_denken.eerste_stappen.append(FirstStep("Oud", "Bram", "", date(2026, 1, 1)))
    assert_unmet(draft, "first_step_soon", "al in het verleden")
    assert "27 februari 2027" in check(draft, "first_step_soon").suggestion
    draft.gedeeld_denken.eerste_stappen.append(FirstStep("Werkbezoek", "Anna", "", date(2027, 2, 27)))
    assert_met(draft, "first_step_soon", "'Werkbezoek'", "27 februari 2027")
    # The same draft checked half a year later no longer has a step within three months.
    later = evaluate_agenda(draft, today=date(2027, 6, 2)).get("first_step_soon")
    assert not later.met


def test_perspectives_need_a_choice_and_a_connect_text():
    draft = empty_draft()
    assert_unmet(draft, "perspectives_addressed", "geen enkele partner")
    draft.perspectief.partners.append(PartnerPerspective("Gemeente", ""))
    assert_unmet(draft, "perspectives_addressed", "geen enkele partner")
    draft.perspectief.partners[0].perspective = "rechtmatig"
    assert_unmet(draft, "perspectives_addressed", "aansluiten")
    draft.perspectief.aansluiten = "De gemeente krijgt een raadsvoorstel, UWV krijgt cijfers."
    assert_met(draft, "perspectives_addressed", "Gemeente (rechtmatig)")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 27), 3, date(2027, 2, 27)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_default_reference_date_is_today():
    assert evaluate_agenda(empty_draft()).reference_date == date.today()


def test_digits_inside_code_are_no_number_in_the_opgave():
    from regiondata.meeting.agenda.checklist import numbers_in

    assert numbers_in("<script>alert(1)</script> H2O <b>1</b>") == []
    assert numbers_in("150 mensen, 2.500 banen en 30% meer (2027).") == ["150", "2.500", "30%", "2027"]
    agenda = Agenda.new("Toets", "AM18")
    agenda.vraagstuk.opgave = "<script>alert(1)</script> iets doen"
    result = next(r for r in evaluate_agenda(agenda) if r.key == "concrete_opgave")
    assert not result.met and "getal" not in result.why.split("noemt")[0]
    assert "(1)" not in result.why.replace("alert(1)", "")


def test_a_streefdatum_in_year_8_is_not_gehaald():
    from datetime import date

    from regiondata.meeting.agenda import MonitoringRow

    agenda = Agenda.new("Toets", "AM18")
    agenda.borgen.monitoring = [
        MonitoringRow("bijstand_per_1000", "Bijstand", target=25.0, target_date=date(8, 12, 2))
    ]
    result = next(r for r in evaluate_agenda(agenda) if r.key == "measurable_monitoring")
    assert not result.met
