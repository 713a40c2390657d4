"""The sessieplan store: the ``session_plans`` table in the agenda database."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from regiondata.meeting.sessionplan.model import (
    NAME_MAX_CHARS,
    PlanStep,
    SessionPlan,
    SessionPlanConflict,
    SessionPlanError,
    SessionPlanNotFound,
    utc_now,
)

# The plan store shares the agenda store's database and its connection rules (naive-UTC times,
# WAL and busy timeout for SQLite, regiondata.meeting.sqlstore), so both behave the same on one file.
from regiondata.meeting.sqlstore import (
    SqlStore,
    UTCDateTime,
    database_url_from_env,
    default_database_url,
    translate_storage_errors,
)

_MAX_ID_LENGTH = 64  # ids come from URLs (``?plan=<id>``): anything longer cannot be ours


_metadata = MetaData()

session_plans_table = Table(
    "session_plans",
    _metadata,
    Column("id", String(_MAX_ID_LENGTH), primary_key=True),
    Column("name", String(NAME_MAX_CHARS), nullable=False),
    Column("step_count", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),  # the steps as JSON text (portable, no JSON type)
)


@dataclass(frozen=True)
class SessionPlanSummary:
    """One row of the plan list."""

    id: str
    name: str
    step_count: int
    updated_at: datetime
    version: int


# A database failure (full disk, server gone, lock timeout) becomes a Dutch SessionPlanError.
_guarded = translate_storage_errors(SessionPlanError)


def _dump_steps(steps: Sequence[PlanStep]) -> str:
    return json.dumps([s.to_dict() for s in steps], ensure_ascii=False)


def _load_steps(data: str) -> list[PlanStep]:
    # Our own rows: build leniently (PlanStep drops a parameter a later version no longer knows).
    return [
        PlanStep(d["page"], d.get("query", {}), d.get("title", ""), d.get("talking_point", ""))
        for d in json.loads(data)
    ]


class SessionPlanStore(SqlStore):
    """Sessieplan storage in the agenda database (table ``session_plans``).

    Example:
        >>> store = SessionPlanStore("sqlite:///" + str(tmp_path / "agenda.sqlite3"))
        >>> plan = store.create("Denktank 12 maart")
        >>> plan.steps.append(PlanStep("regio", {"regio": "AM05"}, "Haaglanden"))
        >>> plan = store.save(plan, base_version=plan.version)  # version 2
        >>> store.close()

    Saving is optimistic like the agenda store: a compare-and-swap on ``version``; a lost race
    raises :class:`SessionPlanConflict` and writes nothing. Thread-safe; share one instance
    per process. Every method opens and closes its own transaction.
    """

    metadata = _metadata

    # -- writing -----------------------------------------------------------------------------
    @_guarded
    def create(self, name: str, steps: Iterable[PlanStep] = ()) -> SessionPlan:
        """Create and store a new plan as version 1.

        Raises:
            SessionPlanInvalid: The name is empty or too long, or there are too many steps.
        """
        plan = SessionPlan.new(name, steps).cleaned()
        plan.validate()
        now = utc_now()
        plan.created_at = plan.updated_at = now
        plan.version = 1
        with self.engine.begin() as conn:
            conn.execute(
                insert(session_plans_table).values(
                    id=plan.id,
                    name=plan.name,
                    step_count=len(plan.steps),
                    created_at=now,
                    updated_at=now,
                    version=1,
                    data=_dump_steps(plan.steps),
                )
            )
        return plan

    @_guarded
    def save(self, plan: SessionPlan, base_version: int) -> SessionPlan:
        """Store ``plan`` as the next version, if nobody saved since ``base_version``.

        A save that changes nothing returns the stored plan without a new version, so a UI
        may call ``save`` on every rerun.

        Args:
            plan: The edited plan; its ``id`` selects the stored plan.
            base_version: The version the edit started from (``plan.version`` as last read).

        Returns:
            The plan as stored, with its new ``version`` and ``updated_at``.

        Raises:
            SessionPlanInvalid: A limit is broken; nothing was written.
            SessionPlanConflict: The stored version is no longer ``base_version``.
            SessionPlanNotFound: The plan was deleted.
        """
        plan = plan.cleaned()
        plan.validate()
        current = self.get(plan.id)
        if current.version == base_version and current.content() == plan.content():
            return current
        now = utc_now()
        c = session_plans_table.c
        with self.engine.begin() as conn:
            # The compare-and-swap, first in the transaction so SQLite takes the write lock at
            # once (waiting up to the busy timeout) instead of failing on a lock upgrade.
            result = conn.execute(
                update(session_plans_table)
                .where((c.id == plan.id) & (c.version == base_version))
                .values(
                    name=plan.name,
                    step_count=len(plan.steps),
                    updated_at=now,
                    version=base_version + 1,
                    data=_dump_steps(plan.steps),
                )
            )
            if result.rowcount == 1:
                plan.version = base_version + 1
                plan.updated_at = now
                plan.created_at = current.created_at
                return plan
        stored = self.get(plan.id)  # raises SessionPlanNotFound when it was deleted meanwhile
        if stored.content() == plan.content():  # both wanted the same plan: no conflict
            return stored
        raise SessionPlanConflict(stored=stored, attempted=plan, base_version=base_version)

    @_guarded
    def duplicate(self, plan_id: str, new_name: str) -> SessionPlan:
        """Copy a plan's steps into a new plan with its own id (version 1).

        Raises:
            SessionPlanNotFound: No such plan.
            SessionPlanInvalid: ``new_name`` is empty or too long.
        """
        return self.create(new_name, self.get(plan_id).steps)

    @_guarded
    def delete(self, plan_id: str) -> None:
        """Delete a plan. This cannot be undone.

        Raises:
            SessionPlanNotFound: No such plan.
        """
        with self.engine.begin() as conn:
            result = conn.execute(delete(session_plans_table).where(session_plans_table.c.id == plan_id))
            if result.rowcount != 1:
                raise SessionPlanNotFound(plan_id)

    # -- reading -----------------------------------------------------------------------------
    @_guarded
    def get(self, plan_id: str) -> SessionPlan:
        """Return a stored plan.

        Raises:
            SessionPlanNotFound: No such plan.
        """
        if not plan_id or len(plan_id) > _MAX_ID_LENGTH:
            raise SessionPlanNotFound(plan_id)
        c = session_plans_table.c
        query = select(c.id, c.name, c.created_at, c.updated_at, c.version, c.data).where(c.id == plan_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise SessionPlanNotFound(plan_id)
        return SessionPlan(
            row.id, row.name, _load_steps(row.data), row.created_at, row.updated_at, row.version
        )

    @_guarded
    def list(self) -> list[SessionPlanSummary]:
        """Return every plan, most recently edited first."""
        c = session_plans_table.c
        query = select(c.id, c.name, c.step_count, c.updated_at, c.version).order_by(
            c.updated_at.desc(), c.id
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [SessionPlanSummary(r.id, r.name, r.step_count, r.updated_at, r.version) for r in rows]

    @_guarded
    def count(self) -> int:
        """Return how many plans are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(session_plans_table)).scalar_one())


def store_from_env(home: Path) -> SessionPlanStore:
    """Open the plan store on the agenda database configured by the environment.

    ``DATABASE_URL`` when set, else the SQLite file ``agenda.sqlite3`` in ``home`` (created
    when missing), exactly like :func:`regiondata.meeting.agenda.store.store_from_env`.

    Args:
        home: The data directory (normally ``REGIONDATA_HOME``).
    """
    url = database_url_from_env(home)
    if url == default_database_url(home):
        Path(home).mkdir(parents=True, exist_ok=True)
    return SessionPlanStore(url)
