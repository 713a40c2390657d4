"""Command line: ``python -m regiondata refresh|status|demo|ensure|check|export``.

Messages are Dutch (the people running it are the dashboard's users); exit code 0 on success,
2 when something failed (with the reason on stderr). ``check`` exits with 1 when a check fails
that would break a meeting (see ``regiondata.meeting.preflight``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence

from regiondata.config import Settings, load_settings
from regiondata.derive.pipeline import Progress, build_demo_snapshot, refresh_from_cbs
from regiondata.derive.snapshot import list_snapshots, load_snapshot, store_problems, verify
from regiondata.derive.snapshot_write import write_error
from regiondata.errors import RegionDataError, SnapshotError
from regiondata.meeting.preflight import exit_code, format_report, port_from_env, run_checks
from regiondata.model.views import cbs_check_overview


def _fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def cmd_refresh(settings: Settings) -> int:
    """Download everything from CBS into a new snapshot; print progress per table."""
    print(f"Gegevens ophalen bij CBS ({settings.cbs_url}) ...")
    total_rows, start = 0, time.perf_counter()

    def show(p: Progress) -> None:
        nonlocal total_rows
        total_rows += p.rows
        print(f"  ok  {p.table_id:<9} {p.title[:58]:<58} {_fmt_int(p.rows):>8} rijen {p.seconds:6.1f} s")

    try:
        path = refresh_from_cbs(settings, progress=show)
    except (RegionDataError, OSError) as err:
        if isinstance(err, OSError):  # e.g. the data home itself is read-only: no traceback either
            err = write_error(err, settings.home)
        print(f"\nVernieuwen mislukt: {err}", file=sys.stderr)
        print("De vorige gegevens zijn ongewijzigd gebleven.", file=sys.stderr)
        return 2
    secs = time.perf_counter() - start
    print(f"\nKlaar: {_fmt_int(total_rows)} rijen in {secs:.1f} s. Nieuwe snapshot: {path.name}")
    return 0


def cmd_status(settings: Settings) -> int:
    """Print what the current snapshot holds, and everything wrong in the snapshot folder.

    Never a traceback: whatever the folder holds, the answer is Dutch.
    """
    try:
        return _status(settings)
    except Exception as err:  # the last line of defence: status is what people run when in doubt
        print(
            f"De status kon niet worden bepaald ({type(err).__name__}: {err}). Haal de gegevens opnieuw "
            "op met 'python -m regiondata refresh'.",
            file=sys.stderr,
        )
        return 2


def _status(settings: Settings) -> int:
    problems = store_problems(settings.snapshots_dir)
    try:
        snap = load_snapshot(settings.snapshots_dir)
    except SnapshotError as err:
        print(f"Geen bruikbare gegevens: {err}", file=sys.stderr)
        others = [p for p in problems if p not in str(err)]
        for problem in others:
            print(f"  - {problem}", file=sys.stderr)
        if problems:  # there was data: say how to get it back
            print("Haal de gegevens opnieuw op met 'python -m regiondata refresh'.", file=sys.stderr)
        return 2
    if snap.notice:
        print(f"Let op: {snap.notice}")
    kind = "CBS (echte cijfers)" if not snap.is_demo else "DEMO (geen echte CBS-cijfers)"
    print(f"Snapshot: {snap.path}")
    print(f"Bron:     {kind}")
    print(f"Gemaakt:  {snap.manifest['created_at']}  (codeversie {snap.manifest.get('code_version')})")
    print()
    print(f"{'tabel':<9} {'titel':<52} {'CBS gewijzigd':<19} {'opgehaald':<25} {'rijen':>7}  perioden")
    for t in snap.tables:
        periods = " – ".join(t.periods)
        prov = f"  voorlopig: {', '.join(t.provisional_periods)}" if t.provisional_periods else ""
        print(
            f"{t.table_id:<9} {t.title[:52]:<52} {t.modified[:19]:<19} {t.retrieved_at[:25]:<25} "
            f"{_fmt_int(t.rows):>7}  {periods}{prov}"
        )
    check, _ = cbs_check_overview(snap)
    if not check.empty:
        compared = check["Regio's vergeleken"]
        per_year = ", ".join(
            f"{year} {agree}/{n}"
            for year, agree, n in zip(check["Jaar"], check["Binnen de afronding"], compared, strict=True)
        )
        print(f"Controle tegen CBS' eigen bijstand per regio (binnen de afronding): {per_year}")
    for note in snap.derived.notes:
        print(f"Opmerking: {note}")
    if problems:
        print(f"\nProblemen in {settings.snapshots_dir}:")
        for problem in problems:
            print(f"  - {problem}")
    return 0


def cmd_demo(settings: Settings) -> int:
    """Write the demo snapshot and make it current."""
    try:
        path = build_demo_snapshot(settings)
    except (RegionDataError, OSError) as err:
        if isinstance(err, OSError):
            err = write_error(err, settings.home)
        print(f"Demodata schrijven mislukt: {err}", file=sys.stderr)
        print("De vorige gegevens zijn ongewijzigd gebleven.", file=sys.stderr)
        return 2
    print(f"Demodata geschreven: {path}")
    print("Let op: dit zijn verzonnen cijfers. Echte cijfers: python -m regiondata refresh")
    return 0


def has_cbs_snapshot(settings: Settings) -> bool:
    """Whether a verified snapshot of real CBS data exists."""
    for path in list_snapshots(settings.snapshots_dir):
        if path.name.endswith("-cbs"):
            try:
                verify(path)
                return True
            except SnapshotError:
                continue
    return False


def cmd_ensure(settings: Settings) -> int:
    """Before starting the app: try one quick refresh when no CBS data exists; never fail."""
    if has_cbs_snapshot(settings):
        return 0
    quick = dataclasses.replace(
        settings, connect_timeout_s=3.0, read_timeout_s=min(settings.read_timeout_s, 30.0)
    )
    print("Nog geen CBS-gegevens; één poging om ze op te halen (korte time-out) ...")
    if cmd_refresh(quick) != 0:
        try:
            load_snapshot(settings.snapshots_dir)
        except SnapshotError:
            cmd_demo(settings)
        print("Het dashboard start op de bestaande gegevens of op demodata.")
    return 0


def cmd_check(settings: Settings) -> int:
    """Pre-flight check before a meeting; exit code 1 when something would fail in the room."""
    results = run_checks(settings, port=port_from_env())
    print(format_report(results))
    return exit_code(results)


def cmd_export(settings: Settings, out: str | None = None) -> int:
    """Every figure of the current snapshot as one CSV, to ``out`` or to standard output."""
    from regiondata.model.export import run_export

    return run_export(settings.snapshots_dir, out)


COMMANDS = {
    "refresh": cmd_refresh,
    "status": cmd_status,
    "demo": cmd_demo,
    "ensure": cmd_ensure,
    "check": cmd_check,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m regiondata", description="CBS-gegevens per arbeidsmarktregio"
    )
    parser.add_argument(
        "command",
        choices=list(COMMANDS),
        help="refresh: ophalen bij CBS; status: inhoud van de snapshot; demo: demodata schrijven; "
        "ensure: vóór het starten van de app; check: controle vóór een bijeenkomst; "
        "export: alle cijfers als één CSV",
    )
    parser.add_argument("--out", metavar="BESTAND", help="export: schrijf naar dit bestand (anders stdout)")
    args = parser.parse_args(argv)
    if args.command == "export":
        return cmd_export(load_settings(), args.out)
    if args.out is not None:
        parser.error("--out hoort alleen bij export")
    return COMMANDS[args.command](load_settings())


if __name__ == "__main__":
    sys.exit(main())
