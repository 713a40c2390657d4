"""The SQL store base the agenda and the sessieplan share: one database, the same connection rules.

SQLite (the default file ``agenda.sqlite3`` in ``REGIONDATA_HOME``) gets WAL and a busy timeout;
PostgreSQL (``DATABASE_URL``) takes the same code path. Times are stored as naive UTC on both.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 15_000
"""How long a writer waits for another writer's lock before giving up (SQLite and PostgreSQL)."""
DEFAULT_DB_FILENAME = "agenda.sqlite3"


class UTCDateTime(TypeDecorator[datetime]):
    """Store timezone-aware UTC datetimes as naive UTC, the same way on SQLite and PostgreSQL.

    SQLite has no timezone type and would hand back naive values; normalising here keeps one
    code path and always returns aware datetimes.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


_P = ParamSpec("_P")
_R = TypeVar("_R")

_FULL = (
    "Niet opgeslagen — de schijf van de server is vol. Uw tekst staat nog op het scherm: sluit dit "
    "venster niet. Vraag de beheerder ruimte te maken; daarna slaat 'Opnieuw proberen' alles op."
)
_LOCKED = (
    "Niet opgeslagen — de database is even bezet (iemand anders slaat net iets op). Uw tekst staat "
    "nog op het scherm; klik over een paar seconden op 'Opnieuw proberen'."
)
_GONE = (
    "Niet opgeslagen — de database is niet bereikbaar. Uw tekst staat nog op het scherm: sluit dit "
    "venster niet. Zodra de database terug is, slaat de volgende wijziging of 'Opnieuw proberen' "
    "alles op; blijft dit zo, waarschuw dan de beheerder."
)


def storage_error_message(error: SQLAlchemyError) -> str:
    """A Dutch "Niet opgeslagen — …" for a database failure: what happened and what to do."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "full" in text or "no space" in text or "disk quota" in text:
        return _FULL
    if "locked" in text or "lock timeout" in text or "busy" in text or "deadlock" in text:
        return _LOCKED
    return _GONE


def translate_storage_errors(
    error_type: Callable[[str], Exception],
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate a store method so a database failure raises ``error_type`` with a Dutch message.

    Full disk, a lost server connection and a lock held too long are SQLAlchemy errors with
    English driver messages; the UI should get one domain error it can show and retry on.
    """

    def decorate(method: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(method)
        def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return method(*args, **kwargs)
            except (OperationalError, DBAPIError) as err:
                raise error_type(storage_error_message(err)) from err

        return wrapper

    return decorate


def _is_memory_sqlite(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


class SqlStore:
    """What the agenda and sessieplan stores share: the engine, its set-up and its lifecycle.

    SQLite gets WAL and a busy timeout (two server threads or processes can write); an in-memory
    SQLite URL shares one connection; PostgreSQL and others take the same code path.
    """

    #: The tables of the subclass, created on connect.
    metadata: MetaData

    def __init__(self, url: str, *, echo: bool = False) -> None:
        """Connect to ``url`` and create the tables if they do not exist.

        Args:
            url: SQLAlchemy URL, e.g. ``sqlite:////data/agenda.sqlite3`` or
                ``postgresql+psycopg://user@host/db``. ``sqlite://`` (in memory) works for
                experiments but lives only as long as the store.
            echo: Log every SQL statement (debugging).
        """
        self.url = url
        if _is_memory_sqlite(url):
            # One shared connection, or every pooled connection would see its own empty DB.
            self.engine: Engine = create_engine(
                url, echo=echo, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
        else:
            # pool_pre_ping: a connection the database server dropped (a restart) is replaced
            # instead of failing the next save. PostgreSQL waits for a lock forever by default;
            # give up after the same time as SQLite, so the page can say so and keep the text.
            connect_args: dict[str, Any] = {}
            if make_url(url).get_backend_name() == "postgresql":
                connect_args["options"] = f"-c lock_timeout={SQLITE_BUSY_TIMEOUT_MS}"
            self.engine = create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect_args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _configure_sqlite_connection)
        try:
            self.metadata.create_all(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        """Close every pooled connection (call at shutdown and in tests)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        # Never print a password that may sit in DATABASE_URL.
        return f"{type(self).__name__}({make_url(self.url).render_as_string(hide_password=True)!r})"


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    """Switch on WAL (readers never block the writer) and wait for locks instead of failing."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def default_database_url(home: Path) -> str:
    """Return the SQLite URL of the agenda database inside the data directory ``home``."""
    return f"sqlite:///{Path(home) / DEFAULT_DB_FILENAME}"


def database_url_from_env(home: Path, environ: Mapping[str, str] | None = None) -> str:
    """Return ``DATABASE_URL`` if set, else the SQLite file ``agenda.sqlite3`` in ``home``.

    ``postgres://`` (as some hosting platforms hand it out) is rewritten to ``postgresql://``,
    the only spelling SQLAlchemy accepts.
    """
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL", "").strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    return url or default_database_url(home)
