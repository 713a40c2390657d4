"""Versioned storage of agendas with SQLAlchemy (SQLite by default, PostgreSQL via a URL).

Two tables:

* ``agenda``: one row per agenda with its current ``version``, name, region and times, so the
  list view needs no JSON parsing;
* ``agenda_version``: one row per saved version (``agenda_id``, ``version``, ``saved_at``,
  ``author``, ``label``, ``data`` = the agenda as JSON text).

Saving is optimistic: the caller passes the version its edit started from, and the write is a
compare-and-swap (``UPDATE agenda SET version = base + 1 WHERE id = … AND version = base``) in
the same transaction as the new version row. If another writer got there first the UPDATE hits
no row, nothing is written and :class:`AgendaConflict` carries both texts.

The SQL is portable (JSON is stored as text, times as naive UTC), so ``DATABASE_URL`` can point
at PostgreSQL without code changes. For SQLite the store switches on WAL and a busy timeout, so
several server threads or processes can write to one file; the file must be on a local disk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError

from regiondata.meeting.agenda import history
from regiondata.meeting.agenda.conflict import AgendaConflict
from regiondata.meeting.agenda.errors import AgendaNotFound, AgendaStoreUnavailable
from regiondata.meeting.agenda.merge import merge_agendas
from regiondata.meeting.agenda.model import NAME_MAX_CHARS, SHORT_TEXT_MAX_CHARS, Agenda, new_agenda_id
from regiondata.meeting.agenda.values import utc_now
from regiondata.meeting.sqlstore import (
    SqlStore,
    UTCDateTime,
    database_url_from_env,
    default_database_url,
    translate_storage_errors,
)
from regiondata.meeting.text import clean_text

# Ids come from URLs (``?agenda=<id>``): anything longer than this cannot be ours.
_MAX_ID_LENGTH = 64


# A save that keeps losing the race to other writers merges and retries this often, then gives up.
_MERGE_ATTEMPTS = 8
_BUSY_MESSAGE = (
    "Niet opgeslagen — er wordt op dit moment erg vaak tegelijk in deze agenda geschreven. "
    "Uw tekst staat nog op het scherm; probeer het over een paar seconden opnieuw."
)

_guarded = translate_storage_errors(AgendaStoreUnavailable)

_metadata = MetaData()

agenda_table = Table(
    "agenda",
    _metadata,
    Column("id", String(_MAX_ID_LENGTH), primary_key=True),
    Column("name", String(NAME_MAX_CHARS), nullable=False),
    Column("amr_code", String(8), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
)

agenda_version_table = Table(
    "agenda_version",
    _metadata,
    Column("agenda_id", String(_MAX_ID_LENGTH), ForeignKey("agenda.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("saved_at", UTCDateTime(), nullable=False),
    Column("author", String(SHORT_TEXT_MAX_CHARS)),
    Column("label", String(SHORT_TEXT_MAX_CHARS)),
    Column("data", Text, nullable=False),
    # Added later (see _add_missing_columns): the browser session that saved, and the parts changed.
    Column("session", String(_MAX_ID_LENGTH)),
    Column("changed", String(SHORT_TEXT_MAX_CHARS)),
)
_LATER_COLUMNS = {"session": f"VARCHAR({_MAX_ID_LENGTH})", "changed": f"VARCHAR({SHORT_TEXT_MAX_CHARS})"}


@dataclass(frozen=True)
class AgendaSummary:
    """One row of the agenda list."""

    id: str
    name: str
    amr_code: str
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of an agenda (without its content).

    Attributes:
        author: Who saved it; until there is a login, the browser (e.g. "Chrome op Windows").
        session: The browser session that saved it (consecutive saves of one session collapse).
        changed: The parts this version changed: ``"gegevens"`` and step keys, in form order.
    """

    version: int
    saved_at: datetime
    author: str | None
    label: str | None
    session: str | None = None
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Meta:
    """Who saves and why: written with the version row."""

    author: str | None = None
    label: str | None = None
    session: str | None = None


def _dump(agenda: Agenda) -> str:
    # allow_nan=False: NaN is not JSON; Agenda.cleaned() has already turned it into None.
    return json.dumps(agenda.to_dict(), ensure_ascii=False, allow_nan=False)


def _load(data: str, version: int, updated_at: datetime) -> Agenda:
    agenda = Agenda.from_dict(json.loads(data))
    agenda.version = version
    agenda.updated_at = updated_at
    return agenda


def _short_text(value: str | None) -> str | None:
    # Author and label come from the caller, not through Agenda.validate(): clean and cut them
    # to the column size, because PostgreSQL refuses what SQLite would silently accept.
    if value is None:
        return None
    return clean_text(value)[:SHORT_TEXT_MAX_CHARS] or None


class AgendaStore(SqlStore):
    """Versioned agenda storage on one database.

    Example:
        >>> store = AgendaStore("sqlite:///" + str(tmp_path / "agenda.sqlite3"))
        >>> agenda = store.create("Zorg aan het werk", "AM18")
        >>> agenda.vraagstuk.opgave = "150 mensen uit de bijstand aan het werk in de zorg"
        >>> agenda = store.save(agenda, base_version=agenda.version)  # version 2
        >>> store.close()

    The store is thread-safe (one SQLAlchemy engine with a connection pool); share one instance
    per process. Every method opens and closes its own transaction.
    """

    metadata = _metadata

    def __init__(self, url: str, *, echo: bool = False) -> None:
        super().__init__(url, echo=echo)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Give a database made by an older version the columns added since (no data changes)."""
        present = {c["name"] for c in inspect(self.engine).get_columns("agenda_version")}
        for name, sql_type in _LATER_COLUMNS.items():
            if name in present:
                continue
            try:
                with self.engine.begin() as conn:
                    conn.execute(text(f"ALTER TABLE agenda_version ADD COLUMN {name} {sql_type}"))
            except (OperationalError, ProgrammingError):  # another process added it just now
                if name not in {c["name"] for c in inspect(self.engine).get_columns("agenda_version")}:
                    raise

    # -- writing -----------------------------------------------------------------------------
    @_guarded
    def create(
        self, name: str, amr_code: str, participants: str = "", *, author: str | None = None
    ) -> Agenda:
        """Create and store a new, empty agenda as version 1.

        Raises:
            AgendaValidationError: The name is empty or too long, or the region code is invalid.
        """
        agenda = Agenda.new(name, amr_code, participants).cleaned()
        return self._insert_new(agenda, author=author, label="Aangemaakt")

    @_guarded
    def save(
        self,
        agenda: Agenda,
        base_version: int,
        *,
        base: Agenda | None = None,
        author: str | None = None,
        label: str | None = None,
        session: str | None = None,
    ) -> Agenda:
        """Store ``agenda`` as a new version; merge it with saves made since ``base_version``.

        The text is cleaned (see :meth:`Agenda.cleaned`) and validated first. A save that changes
        nothing returns the stored agenda without adding a version, so a UI may call ``save``
        on every rerun. When someone else saved since ``base_version``, the two edits are merged
        per field against ``base`` (see :mod:`~regiondata.meeting.agenda.merge`): fields only one
        side changed are kept as changed and the merge is saved; only fields both sides changed
        differently raise :class:`AgendaConflict`.

        Args:
            agenda: The edited agenda; its ``id`` selects the stored agenda.
            base_version: The version the edit started from (``agenda.version`` as last read).
            base: The content of ``base_version`` as the caller read it; read from the history
                when omitted (if that version is no longer kept, every differing field conflicts).
            author: Optional name shown in the version list (cut to 500 characters).
            label: Optional label for the version, e.g. "Na de bijeenkomst van 12 maart"
                (cut to 500 characters). A labelled version is never collapsed or pruned.
            session: The browser session saving; its saves within a few minutes collapse into one
                version (see :mod:`~regiondata.meeting.agenda.history`). ``None``: never collapsed.

        Returns:
            The agenda as stored, with its new ``version`` and ``updated_at``.

        Raises:
            AgendaValidationError: A limit is broken; nothing was written.
            AgendaConflict: Both sides changed the same field; nothing was written.
            AgendaNotFound: The agenda was deleted.
        """
        agenda = agenda.cleaned()
        # Cheap read first, outside the write transaction: skip a write that changes nothing.
        current = self.get(agenda.id)
        if current.version == base_version and current.content_dict() == agenda.content_dict():
            return current
        agenda.validate(previous=current)
        return self._save_merged(agenda, base_version, base, _Meta(author, label, session))

    @_guarded
    def restore(
        self, agenda_id: str, version: int, base_version: int, *, author: str | None = None
    ) -> Agenda:
        """Make the content of an earlier ``version`` current again, as a NEW version.

        History is never rewritten: restoring version 3 while at version 7 creates version 8
        with the content of version 3. A save by someone else after ``base_version`` is merged
        like any edit (see :meth:`save`).

        Raises:
            AgendaNotFound: No such agenda or version.
            AgendaConflict: Someone changed a field after ``base_version`` that the restore changes too.
        """
        old = self.get_version(agenda_id, version)
        old.validate()
        return self._save_merged(old, base_version, None, _Meta(author, f"Teruggezet naar versie {version}"))

    @_guarded
    def duplicate(self, agenda_id: str, new_name: str, *, author: str | None = None) -> Agenda:
        """Copy the current content of an agenda into a new agenda with its own id and history.

        Raises:
            AgendaNotFound: No such agenda.
            AgendaValidationError: ``new_name`` is empty or too long.
        """
        source = self.get(agenda_id)
        copy = source.copy()
        now = utc_now()
        copy.id = new_agenda_id()
        copy.name = new_name
        copy.created_at = copy.updated_at = now
        copy.version = 0
        label = f"Kopie van '{source.name}' (versie {source.version})"
        return self._insert_new(copy.cleaned(), author=author, label=label)

    @_guarded
    def delete(self, agenda_id: str) -> None:
        """Delete an agenda with all its versions. This cannot be undone.

        Raises:
            AgendaNotFound: No such agenda.
        """
        with self.engine.begin() as conn:
            # Versions first (explicitly, not via ON DELETE CASCADE: SQLite ignores foreign
            # keys unless switched on per connection).
            conn.execute(delete(agenda_version_table).where(agenda_version_table.c.agenda_id == agenda_id))
            result = conn.execute(delete(agenda_table).where(agenda_table.c.id == agenda_id))
            if result.rowcount != 1:
                raise AgendaNotFound(agenda_id)

    # -- reading -----------------------------------------------------------------------------
    @_guarded
    def get(self, agenda_id: str) -> Agenda:
        """Return the current version of an agenda (its ``version`` set).

        Raises:
            AgendaNotFound: No such agenda.
        """
        if not agenda_id or len(agenda_id) > _MAX_ID_LENGTH:
            raise AgendaNotFound(agenda_id)
        a, v = agenda_table.c, agenda_version_table.c
        # One statement joining on the current version, so the pair is always consistent.
        query = (
            select(v.data, v.version, v.saved_at)
            .join(agenda_table, (a.id == v.agenda_id) & (a.version == v.version))
            .where(a.id == agenda_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise AgendaNotFound(agenda_id)
        return _load(row.data, row.version, row.saved_at)

    @_guarded
    def get_version(self, agenda_id: str, version: int) -> Agenda:
        """Return one stored version of an agenda.

        Raises:
            AgendaNotFound: No such agenda or version.
        """
        v = agenda_version_table.c
        query = select(v.data, v.version, v.saved_at).where(
            (v.agenda_id == agenda_id) & (v.version == version)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise AgendaNotFound(agenda_id, version)
        return _load(row.data, row.version, row.saved_at)

    @_guarded
    def versions(self, agenda_id: str) -> list[VersionInfo]:
        """Return all versions of an agenda, newest first.

        Raises:
            AgendaNotFound: No such agenda.
        """
        v = agenda_version_table.c
        query = (
            select(v.version, v.saved_at, v.author, v.label, v.session, v.changed)
            .where(v.agenda_id == agenda_id)
            .order_by(v.version.desc())
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            raise AgendaNotFound(agenda_id)
        return [
            VersionInfo(r.version, r.saved_at, r.author, r.label, r.session, history.decode_parts(r.changed))
            for r in rows
        ]

    @_guarded
    def list(self) -> list[AgendaSummary]:
        """Return every agenda, most recently edited first."""
        a = agenda_table.c
        query = select(a.id, a.name, a.amr_code, a.updated_at, a.version).order_by(a.updated_at.desc(), a.id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [AgendaSummary(r.id, r.name, r.amr_code, r.updated_at, r.version) for r in rows]

    # -- internals ---------------------------------------------------------------------------
    def _insert_new(self, agenda: Agenda, *, author: str | None, label: str | None) -> Agenda:
        agenda.validate()
        now = utc_now()
        agenda.created_at = agenda.updated_at = now
        agenda.version = 1
        with self.engine.begin() as conn:
            conn.execute(
                insert(agenda_table).values(
                    id=agenda.id,
                    name=agenda.name,
                    amr_code=agenda.amr_code,
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
            self._insert_version(conn, agenda, _Meta(author, label))
        return agenda

    def _save_merged(self, agenda: Agenda, base_version: int, base: Agenda | None, meta: _Meta) -> Agenda:
        attempt, attempt_base = agenda, base_version
        for _ in range(_MERGE_ATTEMPTS):
            written = self._write_version(attempt, attempt_base, meta)
            if written is not None:
                return written
            # Lost the race (or the agenda is gone: then get() raises AgendaNotFound). Merge the
            # edit into what is stored now, always against the version the edit started from.
            stored = self.get(agenda.id)
            if base is None:
                base = self._version_or_none(agenda.id, base_version)
            merge = merge_agendas(base, agenda, stored)
            if merge.conflicts:
                raise AgendaConflict(stored=stored, attempted=agenda, base_version=base_version, merge=merge)
            if merge.merged.content_dict() == stored.content_dict():
                return stored  # both wanted the same text
            attempt, attempt_base = merge.merged, stored.version
        raise AgendaStoreUnavailable(_BUSY_MESSAGE)

    def _version_or_none(self, agenda_id: str, version: int) -> Agenda | None:
        try:
            return self.get_version(agenda_id, version)
        except AgendaNotFound:
            return None

    def _write_version(self, agenda: Agenda, base_version: int, meta: _Meta) -> Agenda | None:
        """The compare-and-swap write; ``None`` when another save got there first.

        In the same transaction: the new version row records the parts it changed, replaces the
        previous row when the same session saved it moments ago, and the history is pruned.
        """
        now = utc_now()
        new_version = base_version + 1
        a = agenda_table.c
        with self.engine.begin() as conn:
            # The compare-and-swap. It is the first statement of the transaction on purpose:
            # SQLite then takes the write lock straight away (waiting up to the busy timeout)
            # instead of failing when a read transaction tries to become a write transaction.
            result = conn.execute(
                update(agenda_table)
                .where((a.id == agenda.id) & (a.version == base_version))
                .values(
                    version=new_version,
                    name=agenda.name,
                    amr_code=agenda.amr_code,
                    updated_at=now,
                )
            )
            if result.rowcount != 1:
                return None
            saved = agenda.copy()
            saved.version = new_version
            saved.updated_at = now
            changed = self._collapse_previous(conn, saved, base_version, meta, now)
            self._insert_version(conn, saved, meta, changed)
            self._prune(conn, agenda.id, now)
            return saved

    @staticmethod
    def _collapse_previous(
        conn: Connection, saved: Agenda, previous_version: int, meta: _Meta, now: datetime
    ) -> tuple[str, ...]:
        """The parts ``saved`` changes; deletes the previous row when this save replaces it."""
        v = agenda_version_table.c
        where = (v.agenda_id == saved.id) & (v.version == previous_version)
        row = conn.execute(select(v.data, v.saved_at, v.session, v.label, v.changed).where(where)).first()
        if row is None:  # pruned or collapsed already: nothing to compare with
            return ()
        changed = history.changed_parts(json.loads(row.data), saved.to_dict())
        previous = history.StoredVersion(previous_version, row.saved_at, row.session, row.label)
        if not history.replaces(previous, meta.session, meta.label, now):
            return changed
        conn.execute(delete(agenda_version_table).where(where))
        return history.join_parts(history.decode_parts(row.changed), changed)

    @staticmethod
    def _prune(conn: Connection, agenda_id: str, now: datetime) -> None:
        v = agenda_version_table.c
        rows = conn.execute(
            select(v.version, v.saved_at, v.session, v.label).where(
                (v.agenda_id == agenda_id) & (v.saved_at < now - history.KEEP_ALL_FOR)
            )
        ).all()
        stale = history.versions_to_prune(
            (history.StoredVersion(r.version, r.saved_at, r.session, r.label) for r in rows), now
        )
        if stale:
            conn.execute(
                delete(agenda_version_table).where((v.agenda_id == agenda_id) & v.version.in_(stale))
            )

    @staticmethod
    def _insert_version(conn: Connection, agenda: Agenda, meta: _Meta, changed: tuple[str, ...] = ()) -> None:
        conn.execute(
            insert(agenda_version_table).values(
                agenda_id=agenda.id,
                version=agenda.version,
                saved_at=agenda.updated_at,
                author=_short_text(meta.author),
                label=_short_text(meta.label),
                data=_dump(agenda),
                session=(meta.session or None) and meta.session[:_MAX_ID_LENGTH],
                changed=history.encode_parts(changed) or None,
            )
        )


@_guarded
def store_from_env(home: Path) -> AgendaStore:
    """Open the agenda store configured by the environment (see :func:`database_url_from_env`).

    Creates ``home`` when the default SQLite file is used.

    Args:
        home: The data directory (normally ``REGIONDATA_HOME``).
    """
    url = database_url_from_env(home)
    if url == default_database_url(home):
        Path(home).mkdir(parents=True, exist_ok=True)
    return AgendaStore(url)
