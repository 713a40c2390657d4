"""Pre-flight check before a meeting: will the dashboard work in the room?

``python -m regiondata check`` and the "Over de data" page run :func:`run_checks`. Each
:class:`CheckResult` says in Dutch what was checked and what to do. A failed check is either
*fatal* (something would go wrong in front of the group: exit code 1) or a warning.

What is fatal, and why:

* no usable snapshot, or **demo data** as the current snapshot — invented figures in a real
  meeting are worse than no dashboard (advice: ``python -m regiondata refresh``);
* the current snapshot (or ``CURRENT``) is **damaged** and an older one is shown instead, or
  only demo data is left because every real CBS snapshot is damaged;
* the **database** for agendas and sessieplannen cannot be written (the group's work would be
  lost);
* the **data home** cannot be written (no refresh, no new snapshot).

Warnings only: the snapshot is older than :data:`MAX_AGE_DAYS` days (the figures are still
real), no region **boundaries** are cached (the tile map works without them), and damage in the
**snapshot folder** that the snapshot in use does not suffer from (an older damaged snapshot, a
missing ``CURRENT``, a killed write's leftovers). The URL to
open is information, always "ok".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, insert
from sqlalchemy.engine import Engine, make_url

from regiondata.config import Settings
from regiondata.derive.snapshot import Snapshot, load_snapshot, store_problems
from regiondata.meeting.agenda.formatting import format_date_nl
from regiondata.meeting.agenda.store import agenda_table
from regiondata.meeting.agenda.store import store_from_env as agenda_store_from_env
from regiondata.meeting.sessionplan import session_plans_table
from regiondata.meeting.sessionplan import store_from_env as plan_store_from_env
from regiondata.meeting.sqlstore import database_url_from_env

MAX_AGE_DAYS = 45
"""A snapshot older than this gets a warning: CBS publishes most of these tables monthly."""
DEFAULT_PORT = 8501
REFRESH_COMMAND = "python -m regiondata refresh"

_PROBE_ID = "__preflight_probe__"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes:
        key: Stable identifier (``snapshot``, ``snapshot_age``, ``snapshot_fallback``,
            ``snapshot_store``, ``boundaries``, ``database``, ``data_home``, ``url``).
        title: Dutch name of the check.
        ok: Whether the check passed.
        detail: Dutch explanation; on failure it says what to do.
        fatal: Whether a failure stops the meeting (exit code 1); ``False`` for warnings and
            information.
    """

    key: str
    title: str
    ok: bool
    detail: str
    fatal: bool

    @property
    def failed_fatally(self) -> bool:
        """Whether this is a failure that makes the check exit non-zero."""
        return not self.ok and self.fatal

    @property
    def symbol(self) -> str:
        """``✓`` passed, ``!`` warning, ``✗`` fatal failure."""
        if self.ok:
            return "✓"
        return "✗" if self.fatal else "!"


def app_urls(port: int = DEFAULT_PORT) -> tuple[str, str]:
    """Return the dashboard URL and its presentation-mode variant on this computer."""
    base = f"http://localhost:{port}"
    return base, f"{base}/?modus=presentatie"


def _check_snapshot(settings: Settings, now: datetime) -> tuple[list[CheckResult], Snapshot | None]:
    try:
        snap = load_snapshot(settings.snapshots_dir)
    except Exception as err:  # SnapshotError, or anything unforeseen: a check reports, never crashes
        # load_snapshot's own advice mentions the demo, which is no answer before a meeting.
        # Any damage (a garbage CURRENT too) means there was data: say what, not "no data yet".
        problems = store_problems(settings.snapshots_dir)
        others = "".join(f" {p}" for p in problems if p not in str(err))
        found = f"Geen enkele snapshot is bruikbaar: {err}{others}" if problems else ""
        detail = (found or "Er zijn nog geen gegevens.") + (
            f" Haal de echte cijfers op met '{REFRESH_COMMAND}' (netwerk nodig)."
        )
        return [CheckResult("snapshot", "Gegevens", False, detail, True)], None
    results: list[CheckResult] = []
    if snap.is_demo:
        results.append(
            CheckResult(
                "snapshot",
                "Gegevens",
                False,
                f"Demodata — geen echte CBS-cijfers (snapshot {snap.path.name}). Haal vóór de "
                f"bijeenkomst de echte cijfers op met '{REFRESH_COMMAND}'.",
                True,
            )
        )
    else:
        results.append(
            CheckResult("snapshot", "Gegevens", True, f"Echte CBS-cijfers (snapshot {snap.path.name}).", True)
        )
    created = snap.created_at
    if created.tzinfo is None:  # our manifests are UTC; label rather than shift
        created = created.replace(tzinfo=UTC)
    # Calendar days (UTC), so "vandaag" means the same date, not "less than 24 hours".
    age_days = max((now.astimezone(UTC).date() - created.astimezone(UTC).date()).days, 0)
    verb = "gemaakt" if snap.is_demo else "opgehaald bij CBS"
    when = f"{verb} op {format_date_nl(created.astimezone(UTC).date())}"
    if age_days > MAX_AGE_DAYS:
        results.append(
            CheckResult(
                "snapshot_age",
                "Ouderdom",
                False,
                f"De gegevens zijn {age_days} dagen oud ({when}); CBS heeft intussen misschien nieuwere "
                f"cijfers. Vernieuw ze als er netwerk is: '{REFRESH_COMMAND}'.",
                False,
            )
        )
    else:
        days = "vandaag" if age_days == 0 else f"{age_days} {'dag' if age_days == 1 else 'dagen'} geleden"
        results.append(CheckResult("snapshot_age", "Ouderdom", True, f"Gegevens {when} ({days}).", False))
    if snap.notice:
        advice = (
            "" if REFRESH_COMMAND in snap.notice else f" Haal de gegevens opnieuw op met '{REFRESH_COMMAND}'."
        )
        results.append(CheckResult("snapshot_fallback", "Snapshot", False, snap.notice + advice, True))
    else:
        results.append(
            CheckResult(
                "snapshot_fallback", "Snapshot", True, "De snapshot is compleet en onbeschadigd.", True
            )
        )
    # What the notice already says is not repeated; the rest of the folder's damage is a warning.
    others = [p for p in store_problems(settings.snapshots_dir) if p not in (snap.notice or "")]
    if others:
        results.append(
            CheckResult(
                "snapshot_store",
                "Snapshotmap",
                False,
                " ".join(others) + f" De gegevens in gebruik zijn in orde. Map: {settings.snapshots_dir}.",
                False,
            )
        )
    results.append(_check_boundaries(snap))
    return results, snap


def _check_boundaries(snap: Snapshot) -> CheckResult:
    try:
        cached = snap.boundaries is not None
    except Exception:  # a damaged boundary file: the geographic map fails, the tile map works
        cached = False
    if cached:
        return CheckResult(
            "boundaries",
            "Regiogrenzen",
            True,
            "Opgeslagen: de geografische kaart werkt zonder netwerk.",
            False,
        )
    return CheckResult(
        "boundaries",
        "Regiogrenzen",
        False,
        "Niet opgeslagen: alleen de tegelkaart is beschikbaar, de geografische kaart niet. "
        f"'{REFRESH_COMMAND}' met netwerk haalt de grenzen op.",
        False,
    )


def _probe_write(engine: Engine, table: Table, values: dict[str, object]) -> None:
    """Insert a row and roll it back: proves the database takes writes, leaves nothing behind."""
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            conn.execute(insert(table).values(**values))
        finally:
            transaction.rollback()


def _check_database(settings: Settings, now: datetime) -> CheckResult:
    url = database_url_from_env(settings.home)
    password = None
    try:
        parsed = make_url(url)
        shown, password = parsed.render_as_string(hide_password=True), parsed.password
    except Exception:  # a malformed URL: show nothing of it rather than a password
        shown = "(ongeldige DATABASE_URL)"
    title = "Database voor agenda's en sessieplannen"
    try:
        with agenda_store_from_env(settings.home) as agendas:
            row = {"id": _PROBE_ID, "name": "controle", "created_at": now, "updated_at": now, "version": 1}
            _probe_write(agendas.engine, agenda_table, {**row, "amr_code": "AM18"})
        with plan_store_from_env(settings.home) as plans:
            _probe_write(plans.engine, session_plans_table, {**row, "step_count": 0, "data": "[]"})
    except Exception as err:  # any driver, URL or file-system error: report, never crash
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        if password:  # drivers may echo the connection string
            reason = reason.replace(str(password), "***")
        return CheckResult(
            "database",
            title,
            False,
            f"Niet beschrijfbaar: {shown} ({reason}). Agenda's en sessieplannen kunnen niet worden "
            "opgeslagen. Controleer DATABASE_URL of de schrijfrechten van de map.",
            True,
        )
    return CheckResult("database", title, True, f"Beschrijfbaar: {shown}.", True)


def _check_data_home(settings: Settings) -> CheckResult:
    title = "Gegevensmap"
    folders = [settings.home]
    if settings.snapshots_dir.is_dir():
        folders.append(settings.snapshots_dir)
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        for folder in folders:
            fd, name = tempfile.mkstemp(prefix=".preflight-", dir=folder)
            os.close(fd)
            os.unlink(name)
    except OSError as err:
        return CheckResult(
            "data_home",
            title,
            False,
            f"{settings.home} is niet beschrijfbaar ({err.strerror or err}). Vernieuwen van de gegevens "
            "lukt dan niet. Kies een andere map met REGIONDATA_HOME of pas de rechten aan.",
            True,
        )
    return CheckResult("data_home", title, True, f"{settings.home} is beschrijfbaar.", True)


def run_checks(
    settings: Settings, port: int = DEFAULT_PORT, now: datetime | None = None
) -> list[CheckResult]:
    """Run every pre-flight check, in the order a moderator reads them.

    Args:
        settings: The data home and friends (``DATABASE_URL`` is read from the environment,
            like the agenda store does).
        port: The port the dashboard runs on, for the URL to open.
        now: The current time (tests); default the real time. Naive times are taken as UTC.

    Returns:
        The results. ``snapshot_age``, ``snapshot_fallback`` and ``boundaries`` are only
        present when a snapshot could be loaded; the ``snapshot`` result then says what to do.
        ``snapshot_store`` is only present when the snapshot folder holds damage besides what
        the ``snapshot_fallback`` result reports.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:  # a naive time is taken as UTC, like the snapshot's own times
        now = now.replace(tzinfo=UTC)
    results, _ = _check_snapshot(settings, now)
    results.append(_check_database(settings, now))
    results.append(_check_data_home(settings))
    base, presenting = app_urls(port)
    results.append(
        CheckResult("url", "Openen in de browser", True, f"{base} — presentatiemodus: {presenting}", False)
    )
    return results


def exit_code(results: Sequence[CheckResult]) -> int:
    """Return 1 when a fatal check failed, else 0 (warnings do not count)."""
    return 1 if any(r.failed_fatally for r in results) else 0


def _plural(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def summary(results: Sequence[CheckResult]) -> str:
    """Return one Dutch line for the UI, e.g. "Niet klaar voor de bijeenkomst: Gegevens."."""
    fatal = [r.title for r in results if r.failed_fatally]
    warnings = [r.title for r in results if not r.ok and not r.fatal]
    if fatal:
        extra = f" (en {_plural(len(warnings), 'waarschuwing', 'waarschuwingen')})" if warnings else ""
        return f"Niet klaar voor de bijeenkomst: {', '.join(fatal)}{extra}."
    if warnings:
        count = _plural(len(warnings), "waarschuwing", "waarschuwingen")
        return f"Klaar voor de bijeenkomst, met {count}: {', '.join(warnings)}."
    return "Klaar voor de bijeenkomst: alle controles in orde."


def format_report(results: Sequence[CheckResult]) -> str:
    """Return the readable Dutch report the CLI prints (one line per check, then the summary)."""
    width = max((len(r.title) for r in results), default=0)
    lines = ["Controle vóór de bijeenkomst", ""]
    lines += [f"  {r.symbol} {r.title:<{width}}  {r.detail}" for r in results]
    lines += ["", summary(results), "(✓ in orde, ! waarschuwing, ✗ moet opgelost worden)"]
    return "\n".join(lines)


def port_from_env(environ: Mapping[str, str] | None = None) -> int:
    """Return ``PORT`` from the environment (as ``make run`` uses it), else 8501."""
    value = (os.environ if environ is None else environ).get("PORT", "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else DEFAULT_PORT
