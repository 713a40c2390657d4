"""The agenda's partner step offers Regio-DNA facts (growing sectors, commuting partners), insertable."""

from __future__ import annotations

from regiondata.meeting.agenda import AgendaStore
from regiondata.meeting.agenda.facts import dna_facts
from tests.test_page_agenda import assert_ok, go_to, run_page, store, texts

__all__ = ["store"]  # the fixture, imported for these tests


def test_partner_step_offers_dna_facts_that_insert_with_their_source(store: AgendaStore):
    agenda = store.create("Zorgbanen", "AM18")
    at = go_to(run_page(agenda.id), "netwerk")
    shown = texts(at)
    assert "Uit het Regio-DNA" in shown
    assert "Pendelpartners van Groot Amsterdam" in shown and "het meest in" in shown
    before = [b.label for b in at.button].count("Invoegen")
    next(b for b in at.button if b.label == "Invoegen").click().run()
    assert_ok(at)
    facts = store.get(agenda.id).vraagstuk.facts
    assert len(facts) == 1 and "groeide het aantal banen" in facts[0].text
    assert "Bron: CBS, tabel 83582NED" in facts[0].source and facts[0].indicator_key == "jobs_count"
    assert [b.label for b in at.button].count("Invoegen") == before - 1


def test_dna_facts_name_partner_regions_and_cite_the_commuting_tables(demo_snapshot):
    facts = {f.kind: f for f in dna_facts(demo_snapshot, "AM18", 2016, 2024)}
    commuting = facts["dna_commuting"]
    assert "Zuid-Kennemerland en IJmond" in commuting.text and "(2024)" in commuting.text
    assert "85481NED" in commuting.source and commuting.indicator_keys == ("resident_job_share_pct",)
    assert facts["dna_sectors"].years == (2016, 2024)
