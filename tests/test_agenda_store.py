"""Agenda storage: versions, restore, optimistic concurrency, restart, duplicate and delete."""

from __future__ import annotations

import threading
from datetime import UTC

import pytest
from sqlalchemy import text

from regiondata.meeting.agenda import (
    Agenda,
    AgendaConflict,
    AgendaNotFound,
    AgendaStore,
    AgendaValidationError,
    Partner,
    database_url_from_env,
    default_database_url,
    store_from_env,
)

HOSTILE = "<script>alert(1)</script> Café Ærø naïef 👩🏽‍🔧 ‘quotes’ ‹›\n\ttab & | # *"


@pytest.fixture
def db_url(fresh_db_url) -> str:
    return fresh_db_url


@pytest.fixture
def store(db_url):
    with AgendaStore(db_url) as agenda_store:
        yield agenda_store


def _edit(store: AgendaStore, agenda_id: str, opgave: str) -> Agenda:
    agenda = store.get(agenda_id)
    agenda.vraagstuk.opgave = opgave
    return store.save(agenda, base_version=agenda.version)


def test_create_get_and_list(store):
    first = store.create("Zorg aan het werk", "AM18", "Gemeente, UWV")
    second = store.create("Haven en techniek", "AM05")
    assert first.version == 1
    got = store.get(first.id)
    assert (got.name, got.amr_code, got.participants) == ("Zorg aan het werk", "AM18", "Gemeente, UWV")
    assert got.created_at.tzinfo == UTC and got.updated_at.tzinfo == UTC
    _edit(store, first.id, "Eerst bewerkt, dus nu bovenaan")
    listing = store.list()
    assert [s.id for s in listing] == [first.id, second.id]
    assert (listing[0].name, listing[0].amr_code, listing[0].version) == ("Zorg aan het werk", "AM18", 2)


def test_text_is_stored_and_returned_exactly(store, db_url):
    agenda = store.create("Test 🚀 <b>vet</b>", "AM18")
    agenda.vraagstuk.opgave = HOSTILE
    agenda.netwerk.partners.append(Partner("Économie & Co <i>", "economisch", HOSTILE))
    store.save(agenda, base_version=1)
    with AgendaStore(db_url) as other:  # a fresh engine: nothing cached in memory
        got = other.get(agenda.id)
    assert got.vraagstuk.opgave == HOSTILE
    assert got.netwerk.partners[0].name == "Économie & Co <i>"
    assert got.netwerk.partners[0].role == HOSTILE
    assert got.name == "Test 🚀 <b>vet</b>"


def test_every_save_is_a_version_and_restore_adds_a_new_one(store):
    agenda = store.create("Versies", "AM18")
    _edit(store, agenda.id, "eerste tekst")
    _edit(store, agenda.id, "tweede tekst")
    current = _edit(store, agenda.id, "derde tekst")
    assert current.version == 4
    versions = store.versions(agenda.id)
    assert [v.version for v in versions] == [4, 3, 2, 1]
    assert versions[-1].label == "Aangemaakt"
    assert store.get_version(agenda.id, 2).vraagstuk.opgave == "eerste tekst"

    restored = store.restore(agenda.id, 2, base_version=4)
    assert restored.version == 5
    assert restored.vraagstuk.opgave == "eerste tekst"
    assert store.get(agenda.id).vraagstuk.opgave == "eerste tekst"
    assert store.versions(agenda.id)[0].label == "Teruggezet naar versie 2"
    assert store.get_version(agenda.id, 4).vraagstuk.opgave == "derde tekst"  # history kept


def test_save_with_label_and_author(store):
    agenda = store.create("Labels", "AM18")
    agenda.gedeeld_denken.ambitie = "Samen verder"
    store.save(agenda, base_version=1, author="Anna", label="Na de bijeenkomst")
    latest = store.versions(agenda.id)[0]
    assert (latest.author, latest.label) == ("Anna", "Na de bijeenkomst")


def test_save_without_changes_adds_no_version(store):
    agenda = store.create("Rustig", "AM18")
    again = store.save(store.get(agenda.id), base_version=1)
    assert again.version == 1
    assert len(store.versions(agenda.id)) == 1


def test_outdated_base_version_is_refused_with_both_texts(store):
    agenda = store.create("Conflict", "AM18")
    in_browser_a = store.get(agenda.id)
    in_browser_b = store.get(agenda.id)
    in_browser_a.vraagstuk.opgave = "Tekst van Anna"
    store.save(in_browser_a, base_version=in_browser_a.version)
    in_browser_b.vraagstuk.opgave = "Tekst van Bram"
    with pytest.raises(AgendaConflict) as caught:
        store.save(in_browser_b, base_version=in_browser_b.version)
    conflict = caught.value
    assert conflict.stored.vraagstuk.opgave == "Tekst van Anna"
    assert conflict.attempted.vraagstuk.opgave == "Tekst van Bram"
    assert (conflict.stored.version, conflict.base_version) == (2, 1)
    assert "door iemand anders opgeslagen" in conflict.message
    assert "Er is niets overschreven" in conflict.message
    [diff] = conflict.differences()
    assert (diff.label, diff.stored, diff.attempted) == ("Opgave", "Tekst van Anna", "Tekst van Bram")
    assert store.get(agenda.id).vraagstuk.opgave == "Tekst van Anna"
    # Choosing "mijn tekst houden": save again on top of the stored version.
    kept = store.save(conflict.attempted, base_version=conflict.stored.version)
    assert (kept.version, kept.vraagstuk.opgave) == (3, "Tekst van Bram")


def test_identical_concurrent_edit_is_no_conflict(store):
    agenda = store.create("Zelfde", "AM18")
    a, b = store.get(agenda.id), store.get(agenda.id)
    a.vraagstuk.opgave = b.vraagstuk.opgave = "Dezelfde tekst"
    store.save(a, base_version=1)
    assert store.save(b, base_version=1).version == 2


@pytest.mark.parametrize("separate_stores", [False, True], ids=["one-store", "two-stores"])
def test_two_concurrent_writers_exactly_one_wins(db_url, monkeypatch, separate_stores):
    """Two writers on base version 1, both past the no-op pre-read, race in the UPDATE."""
    first = AgendaStore(db_url)
    second = AgendaStore(db_url) if separate_stores else first
    try:
        agenda = first.create("Race", "AM18")
        drafts = {"A": (first, first.get(agenda.id)), "B": (second, second.get(agenda.id))}
        both_read = threading.Barrier(2, timeout=10)
        seen = threading.local()
        original_get = AgendaStore.get

        def get_then_wait(self, agenda_id):
            # The first get() inside save() is the no-op check; holding both threads there
            # guarantees that both reach the compare-and-swap with base_version 1.
            result = original_get(self, agenda_id)
            if not getattr(seen, "waited", False):
                seen.waited = True
                both_read.wait()
            return result

        monkeypatch.setattr(AgendaStore, "get", get_then_wait)
        results: dict[str, Agenda | AgendaConflict] = {}

        def writer(name: str) -> None:
            store, draft = drafts[name]
            draft.vraagstuk.opgave = f"Tekst van {name}"
            try:
                results[name] = store.save(draft, base_version=1)
            except AgendaConflict as conflict:
                results[name] = conflict

        threads = [threading.Thread(target=writer, args=(name,)) for name in drafts]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
        monkeypatch.undo()

        wins = [r for r in results.values() if isinstance(r, Agenda)]
        losses = [r for r in results.values() if isinstance(r, AgendaConflict)]
        assert (len(wins), len(losses)) == (1, 1)
        assert wins[0].version == 2
        assert losses[0].stored.vraagstuk.opgave == wins[0].vraagstuk.opgave
        assert losses[0].attempted.vraagstuk.opgave != wins[0].vraagstuk.opgave
        assert [v.version for v in first.versions(agenda.id)] == [2, 1]
        assert first.get(agenda.id).vraagstuk.opgave == wins[0].vraagstuk.opgave
    finally:
        first.close()
        second.close()


def test_restart_sees_the_data(db_url):
    with AgendaStore(db_url) as first:
        agenda = first.create("Blijft bestaan", "AM18")
        _edit(first, agenda.id, "Opgeslagen voor de herstart")
    with AgendaStore(db_url) as after_restart:
        got = after_restart.get(agenda.id)
        assert (got.version, got.vraagstuk.opgave) == (2, "Opgeslagen voor de herstart")
        assert [s.id for s in after_restart.list()] == [agenda.id]


def test_sqlite_runs_in_wal_mode_with_busy_timeout(store, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite setting; not applicable to this database")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15_000


def test_duplicate_copies_content_with_own_history(store):
    agenda = _edit(store, store.create("Origineel", "AM18").id, "Gedeelde opgave")
    copy = store.duplicate(agenda.id, "Kopie voor Zeeland")
    assert copy.id != agenda.id
    assert (copy.name, copy.version, copy.vraagstuk.opgave) == ("Kopie voor Zeeland", 1, "Gedeelde opgave")
    assert store.versions(copy.id)[0].label == "Kopie van 'Origineel' (versie 2)"
    _edit(store, copy.id, "Alleen in de kopie")
    assert store.get(agenda.id).vraagstuk.opgave == "Gedeelde opgave"


def test_delete_removes_agenda_and_versions(store):
    keep = store.create("Blijft", "AM18")
    gone = store.create("Weg", "AM18")
    store.delete(gone.id)
    assert [s.id for s in store.list()] == [keep.id]
    with pytest.raises(AgendaNotFound, match="Er is geen agenda met code"):
        store.get(gone.id)
    with pytest.raises(AgendaNotFound):
        store.versions(gone.id)
    with pytest.raises(AgendaNotFound):
        store.delete(gone.id)


def test_saving_a_deleted_agenda_is_not_found(store):
    agenda = store.create("Verdwijnt", "AM18")
    draft = store.get(agenda.id)
    store.delete(agenda.id)
    draft.vraagstuk.opgave = "te laat"
    with pytest.raises(AgendaNotFound):
        store.save(draft, base_version=1)


@pytest.mark.parametrize("bad_id", ["", "x" * 100, "'; DROP TABLE agenda; --", "bestaat-niet"])
def test_unknown_or_hostile_ids_are_not_found(store, bad_id):
    store.create("Blijft heel", "AM18")
    with pytest.raises(AgendaNotFound):
        store.get(bad_id)
    assert len(store.list()) == 1


def test_invalid_content_is_refused_and_nothing_written(store):
    agenda = store.create("Grenzen", "AM18")
    agenda.vraagstuk.opgave = "x" * 6200
    with pytest.raises(AgendaValidationError, match=r"'Opgave' is te lang: 6\.200 tekens, maximaal 5\.000"):
        store.save(agenda, base_version=1)
    assert store.get(agenda.id).version == 1
    with pytest.raises(AgendaValidationError):
        store.create("", "AM18")


def test_store_from_env_defaults_to_sqlite_in_home(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    home = tmp_path / "nieuw" / "home"
    with store_from_env(home) as env_store:
        env_store.create("In home", "AM18")
    assert (home / "agenda.sqlite3").is_file()


def test_store_from_env_uses_database_url(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elders.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{elsewhere}")
    with store_from_env(tmp_path / "home") as env_store:
        env_store.create("Elders", "AM18")
    assert elsewhere.is_file()
    assert not (tmp_path / "home").exists()


def test_database_url_from_env_rewrites_postgres_alias(tmp_path):
    url = database_url_from_env(tmp_path, {"DATABASE_URL": "postgres://u:p@db/agenda"})
    assert url == "postgresql://u:p@db/agenda"
    assert database_url_from_env(tmp_path, {"DATABASE_URL": "  "}) == default_database_url(tmp_path)


def test_repr_hides_password():
    with AgendaStore("sqlite://") as memory_store:
        memory_store.create("In geheugen", "AM18")
        assert len(memory_store.list()) == 1
    store = AgendaStore.__new__(AgendaStore)
    store.url = "postgresql://anna:geheim@db/agenda"
    assert "geheim" not in repr(store)


def test_long_author_and_label_are_cut_to_the_column_size(store):
    agenda = store.create("Lange labels", "AM18")
    agenda.vraagstuk.doelgroep = "jongeren"
    store.save(agenda, base_version=1, author="A\x00" * 400, label="L" * 900)
    latest = store.versions(agenda.id)[0]
    assert (latest.author, latest.label) == ("A" * 400, "L" * 500)


# --- database failures: a Dutch message, nothing half-written ------------------------------------
def test_full_disk_raises_a_dutch_error_and_writes_nothing(store, db_url):
    from sqlalchemy import event

    from regiondata.meeting.agenda import AgendaStoreUnavailable

    if not db_url.startswith("sqlite"):
        pytest.skip("a full disk is simulated with SQLite's max_page_count")
    agenda = store.create("Vol", "AM18")
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection, _record):  # the file may not grow: SQLite reports "database or disk is full"
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    agenda.vraagstuk.opgave = "x" * 5000
    with pytest.raises(AgendaStoreUnavailable) as caught:
        store.save(agenda, base_version=1)
    assert caught.value.message.startswith("Niet opgeslagen — de schijf van de server is vol.")
    assert "Opnieuw proberen" in caught.value.message
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    assert store.get(agenda.id).version == 1 and store.get(agenda.id).vraagstuk.opgave == ""


def test_lock_held_too_long_raises_a_dutch_error(store, db_url, monkeypatch):
    import sqlite3

    from regiondata.meeting import sqlstore
    from regiondata.meeting.agenda import AgendaStoreUnavailable

    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's busy timeout")
    agenda = store.create("Bezet", "AM18")
    monkeypatch.setattr(sqlstore, "SQLITE_BUSY_TIMEOUT_MS", 100)
    store.engine.dispose()
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        agenda.vraagstuk.opgave = "Even wachten"
        with pytest.raises(AgendaStoreUnavailable, match="de database is even bezet"):
            store.save(agenda, base_version=1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.save(agenda, base_version=1).version == 2  # and it works once the lock is gone


def test_database_server_gone_raises_a_dutch_error(store, db_url):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from regiondata.meeting.agenda import AgendaStoreUnavailable

    if db_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL database that disappears under the app")
    agenda = store.create("Weg", "AM18")
    url = make_url(db_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
    admin.dispose()
    agenda.vraagstuk.opgave = "Tekst tijdens de storing"
    with pytest.raises(AgendaStoreUnavailable, match="de database is niet bereikbaar"):
        store.save(agenda, base_version=1)
    with admin.connect() as conn:  # the fixture drops it again
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def test_postgresql_gives_up_on_a_held_lock_with_a_dutch_error(db_url, monkeypatch):
    from sqlalchemy import create_engine

    from regiondata.meeting import sqlstore
    from regiondata.meeting.agenda import AgendaStoreUnavailable

    if db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's lock_timeout (SQLite's busy timeout is tested above)")
    monkeypatch.setattr(sqlstore, "SQLITE_BUSY_TIMEOUT_MS", 200)
    with AgendaStore(db_url) as store:
        agenda = store.create("Bezet", "AM18")
        other = create_engine(db_url)
        with other.connect() as holder:  # another server holds the agenda row
            holder.execute(text("SELECT 1 FROM agenda WHERE id = :id FOR UPDATE"), {"id": agenda.id})
            agenda.vraagstuk.opgave = "Even wachten"
            with pytest.raises(AgendaStoreUnavailable, match="de database is even bezet"):
                store.save(agenda, base_version=1)
            holder.rollback()
        other.dispose()
        assert store.save(agenda, base_version=1).version == 2
