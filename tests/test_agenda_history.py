"""Versions people can use: one session's quick saves are one version, bounded history, what changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update

from regiondata.meeting.agenda import AgendaStore
from regiondata.meeting.agenda.history import (
    COLLAPSE_WINDOW,
    StoredVersion,
    changed_parts,
    replaces,
    versions_to_prune,
)
from regiondata.meeting.agenda.store import agenda_version_table

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(fresh_db_url):
    with AgendaStore(fresh_db_url) as agenda_store:
        yield agenda_store


def _edit(store: AgendaStore, agenda_id: str, session: str | None, **fields: str):
    agenda = store.get(agenda_id)
    for path, value in fields.items():
        step, name = path.split("__")
        setattr(getattr(agenda, step), name, value)
    return store.save(agenda, base_version=agenda.version, author="Chrome op Windows", session=session)


def test_saves_of_one_session_within_minutes_are_one_version_listing_what_changed(store):
    agenda = store.create("Versies", "AM18")
    for n in range(40):  # a meeting typing: 40 saves
        _edit(store, agenda.id, "sessie-a", vraagstuk__opgave=f"Opgave {n}")
    _edit(store, agenda.id, "sessie-a", netwerk__bruggen="Een brug")
    versions = store.versions(agenda.id)
    assert [v.version for v in versions] == [42, 1]
    assert versions[0].changed == ("vraagstuk", "netwerk")
    assert (versions[0].author, versions[0].session) == ("Chrome op Windows", "sessie-a")
    assert store.get(agenda.id).netwerk.bruggen == "Een brug"


def test_another_session_a_label_or_a_pause_starts_a_new_version(store):
    agenda = store.create("Versies", "AM18")
    _edit(store, agenda.id, "sessie-a", vraagstuk__opgave="A")
    _edit(store, agenda.id, "sessie-b", vraagstuk__doelgroep="B")  # another browser
    _edit(store, agenda.id, "sessie-a", vraagstuk__opgave="A2")
    restored = store.restore(agenda.id, 2, base_version=4)
    _edit(store, agenda.id, "sessie-a", vraagstuk__opgave="A3")  # after a restore: new version
    with store.engine.begin() as conn:  # sessie-a's last save was ten minutes ago
        conn.execute(
            update(agenda_version_table)
            .where(agenda_version_table.c.version == 6)
            .values(saved_at=datetime.now(UTC) - COLLAPSE_WINDOW * 2)
        )
    _edit(store, agenda.id, "sessie-a", vraagstuk__opgave="A4")
    assert [v.version for v in store.versions(agenda.id)] == [7, 6, 5, 4, 3, 2, 1]
    assert restored.vraagstuk.opgave == "A"
    assert store.versions(agenda.id)[2].label == "Teruggezet naar versie 2"
    assert store.versions(agenda.id)[3].changed == ("vraagstuk",)


def test_history_keeps_every_version_of_the_last_day_then_one_per_day(store):
    agenda = store.create("Lang", "AM18")
    for n in range(8):
        _edit(store, agenda.id, None, vraagstuk__opgave=f"Tekst {n}")  # versions 2..9
    old = {2: 10, 3: 10, 4: 10, 5: 3, 6: 3, 7: 2}  # version -> days ago (two saves per day)
    with store.engine.begin() as conn:
        for version, days in old.items():
            conn.execute(
                update(agenda_version_table)
                .where(agenda_version_table.c.version == version)
                .values(saved_at=datetime.now(UTC) - timedelta(days=days) + timedelta(minutes=version))
            )
    _edit(store, agenda.id, None, vraagstuk__opgave="Nieuw")  # a save prunes
    kept = [v.version for v in store.versions(agenda.id)]
    # Ten days ago the last of 2, 3, 4 stays; three days ago the last of 5, 6; 1 and the last day all.
    assert kept == [10, 9, 8, 7, 6, 4, 1]
    assert store.get_version(agenda.id, 4).vraagstuk.opgave == "Tekst 2"


def test_a_database_from_before_the_new_columns_is_upgraded(fresh_db_url):
    with AgendaStore(fresh_db_url) as store:
        agenda = store.create("Oud", "AM18")
        with store.engine.begin() as conn:
            for column in ("session", "changed"):
                conn.execute(text(f"ALTER TABLE agenda_version DROP COLUMN {column}"))
    with AgendaStore(fresh_db_url) as store:
        saved = _edit(store, agenda.id, "s", vraagstuk__opgave="Na de upgrade")
        assert saved.version == 2 and store.versions(agenda.id)[0].changed == ("vraagstuk",)


# --- the rules on their own ------------------------------------------------------------------------
def test_replaces_only_the_same_sessions_recent_unlabelled_save():
    previous = StoredVersion(5, NOW - timedelta(minutes=1), "s", None)
    assert replaces(previous, "s", None, NOW)
    assert not replaces(previous, "t", None, NOW)
    assert not replaces(previous, None, None, NOW)
    assert not replaces(previous, "s", "Na de bijeenkomst", NOW)
    assert not replaces(StoredVersion(5, NOW - COLLAPSE_WINDOW, "s", None), "s", None, NOW)
    assert not replaces(StoredVersion(1, NOW, "s", None), "s", None, NOW)
    assert not replaces(StoredVersion(5, NOW, "s", "Aangemaakt"), "s", None, NOW)


def test_prune_keeps_the_first_labelled_and_last_of_each_old_day():
    day = timedelta(days=1)
    versions = [
        StoredVersion(1, NOW - 9 * day, None, "Aangemaakt"),
        StoredVersion(2, NOW - 9 * day + timedelta(hours=1), None, None),
        StoredVersion(3, NOW - 9 * day + timedelta(hours=2), None, None),
        StoredVersion(4, NOW - 5 * day, None, "Teruggezet naar versie 2"),
        StoredVersion(5, NOW - 5 * day + timedelta(hours=1), None, None),
        StoredVersion(6, NOW - timedelta(hours=2), None, None),
    ]
    assert versions_to_prune(versions, NOW) == [2]


def test_changed_parts_names_steps_and_details():
    before = {"name": "a", "amr_code": "AM18", "participants": "", "vraagstuk": {"opgave": ""}, "borgen": {}}
    after = {**before, "participants": "UWV", "borgen": {"structuur": "x"}}
    assert changed_parts(before, after) == ("gegevens", "borgen")
    assert changed_parts(None, after) == ()
