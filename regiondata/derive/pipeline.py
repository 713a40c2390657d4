"""Refresh and demo: the stages raw → cleaned → derived → snapshot, the same for CBS and demo."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from regiondata.cbs.catalog import choose_tables
from regiondata.cbs.clean import (
    clean_bijstand_am,
    clean_gebieden,
    clean_table,
    is_provisional,
    parse_period,
    strip_key,
)
from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import BIJSTAND_AM, CHECKS, DNA_SOURCES, GEBIEDEN, SOURCES, SourceSpec
from regiondata.config import FIRST_YEAR, Settings
from regiondata.derive.boundaries import BOUNDARIES_FILE, try_fetch_boundaries
from regiondata.derive.dna import build_dna
from regiondata.derive.snapshot import TableRecord
from regiondata.derive.snapshot_write import write_snapshot
from regiondata.derive.transform import build_derived, check_against_cbs
from regiondata.errors import DataUnavailableError, RegionDataError, SchemaChangedError


@dataclass(frozen=True)
class Progress:
    """One step of a refresh, for the CLI and the refresh button."""

    source: str
    table_id: str
    title: str
    rows: int
    seconds: float


ProgressFn = Callable[[Progress], None]


def _record(raw: RawTable, spec: SourceSpec, base_url: str) -> TableRecord:
    periods = raw.dimensions.get(spec.period_dimension, [])
    used = sorted({strip_key(r.get(spec.period_dimension, "")) for r in raw.rows} - {""})
    provisional = [
        strip_key(p["Key"]) for p in periods if is_provisional(p) and strip_key(p["Key"]) in set(used)
    ]
    if spec.pick == "per_year":
        used = [raw.source_key.rsplit("_", 1)[-1]]
    return TableRecord(
        source=raw.source_key,
        table_id=raw.table_id,
        title=raw.title,
        modified=str(raw.info.get("Modified") or ""),
        output_status=str(raw.info.get("OutputStatus") or ""),
        retrieved_at=raw.retrieved_at,
        rows=len(raw.rows),
        periods=[used[0], used[-1]] if used else [],
        provisional_periods=provisional,
        url=f"{base_url}/ODataFeed/odata/{raw.table_id}/",
    )


def assemble(raws: list[RawTable]) -> tuple[dict[str, pd.DataFrame], object, list[str]]:
    """Clean every raw table and build the derived tables.

    Returns:
        Cleaned frames by source key, the ``Derived`` tables and quality notes.
    """
    cleaned: dict[str, pd.DataFrame] = {}
    gebieden, published, check_notes, dna = [], [], [], []
    dna_keys = {s.key for s in DNA_SOURCES}
    for raw in raws:
        if raw.source_key in dna_keys:
            dna.append(raw)
        elif raw.source_key.startswith("gebieden_"):
            gebieden.append(clean_gebieden(raw, int(raw.source_key.rsplit("_", 1)[1])))
        elif raw.source_key.startswith(BIJSTAND_AM.key + "_"):
            try:
                published.append(clean_bijstand_am(raw, BIJSTAND_AM, int(raw.source_key.rsplit("_", 1)[1])))
            except SchemaChangedError as err:
                check_notes.append(f"Controle tegen CBS' eigen regiocijfers niet mogelijk: {err}")
        else:
            spec = next(s for s in SOURCES if s.key == raw.source_key)
            cleaned[raw.source_key] = clean_table(raw, spec, FIRST_YEAR)
    cleaned["gebieden"] = pd.concat(gebieden, ignore_index=True)
    derived = build_derived(cleaned)
    check_notes += build_dna(dna, derived, cleaned)
    if published:
        derived.cbs_check = check_against_cbs(derived, pd.concat(published, ignore_index=True))
    notes = check_notes + check_summary(derived.cbs_check)
    if not derived.unmapped.empty:
        lost = derived.unmapped.groupby("year")["gemeente_code"].nunique()
        notes += [
            f"{n} gemeente(n) met cijfers voor {y} staan in geen arbeidsmarktregio." for y, n in lost.items()
        ]
    bad = derived.reconciliation[~derived.reconciliation["within_tolerance"]]
    for r in bad.itertuples():
        if r.regions_missing:
            notes.append(
                f"{r.column} {r.year}: {r.regions_missing} regio('s) zonder cijfer; de som van de "
                f"overige regio's wijkt {r.remainder_pct:.1f}% af van het landelijk totaal."
            )
        else:
            notes.append(
                f"{r.column} {r.year}: som van de regio's wijkt {r.remainder_pct:.1f}% af van het "
                "landelijk totaal."
            )
    notes = derived.notes + notes
    derived.notes = notes
    return cleaned, derived, notes


def refresh_from_cbs(settings: Settings, progress: ProgressFn | None = None) -> Path:
    """Download every table the dashboard needs from CBS and swap in a new snapshot.

    On any failure nothing is written: the previous snapshot stays as it was.

    Args:
        settings: CBS URL, timeouts and the data home.
        progress: Called after each table.

    Returns:
        The new snapshot folder.

    Raises:
        RegionDataError: With a Dutch message naming the table and the cause.
    """
    from regiondata.cbs import client as cbs  # the CBS edge is only imported when we really go to CBS

    settings.home.mkdir(parents=True, exist_ok=True)
    with _refresh_lock(settings.home):
        return _refresh(settings, progress, cbs)


@contextmanager
def _refresh_lock(folder: Path) -> Iterator[None]:
    """One refresh at a time per data home (two people pressing the button, or CLI and app)."""
    with open(folder / "refresh.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise DataUnavailableError(
                "Er loopt al een vernieuwing van de gegevens. Wacht tot die klaar is."
            ) from err
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _refresh(settings: Settings, progress: ProgressFn | None, cbs: Any) -> Path:
    with cbs.refresh_deadline(settings.refresh_deadline_s) as deadline:
        return _refresh_within(settings, progress, cbs, deadline)


def _refresh_within(settings: Settings, progress: ProgressFn | None, cbs: Any, deadline: Any) -> Path:
    raws: list[RawTable] = []
    records: list[TableRecord] = []
    with cbs.cbs_client(settings):
        for spec in SOURCES:
            if spec.pick == "fixed":
                chosen = choose_tables(spec, [])
            else:
                chosen = choose_tables(spec, cbs.fetch_catalog(spec, settings))
            if spec is GEBIEDEN:
                last = max(chosen)  # type: ignore[type-var]
                chosen = {y: t for y, t in chosen.items() if y is not None and FIRST_YEAR <= y <= last}
            for year, table_id in chosen.items():
                key = spec.key if year is None else f"{spec.key}_{year}"
                start = time.perf_counter()
                raw = cbs.fetch_table(spec, table_id, settings, source_key=key)
                raws.append(raw)
                records.append(_record(raw, spec, settings.cbs_url))
                if progress:
                    progress(Progress(key, table_id, raw.title, len(raw.rows), time.perf_counter() - start))
        check_raws, check_notes = _fetch_checks(settings, progress, cbs)
        dna_raws, dna_notes = _fetch_dna(settings, progress, cbs, deadline)
    raws += check_raws + dna_raws
    records += [_record(raw, BIJSTAND_AM, settings.cbs_url) for raw in check_raws]
    records += [
        _record(raw, next(s for s in DNA_SOURCES if s.key == raw.source_key), settings.cbs_url)
        for raw in dna_raws
    ]
    check_notes += dna_notes
    cleaned, derived, notes = assemble(raws)
    notes = check_notes + notes
    extra = {}
    # Boundaries make the geographic map possible; without them the tile map still works, so a
    # PDOK failure is a note, not a failed refresh.
    year = int(cleaned["gebieden"]["year"].max())
    start = time.perf_counter()
    left = max(deadline.remaining(), 0.05)
    geojson, warning = try_fetch_boundaries(
        year, timeout=(min(settings.connect_timeout_s, left), min(settings.read_timeout_s, left))
    )
    if geojson is not None:
        extra[f"derived/{BOUNDARIES_FILE}"] = json.dumps(geojson, separators=(",", ":")).encode("utf-8")
        if progress:
            n = len(geojson.get("features", []))
            progress(
                Progress(
                    "grenzen", "PDOK", f"Grenzen arbeidsmarktregio's {year}", n, time.perf_counter() - start
                )
            )
    if warning:
        notes.append(warning)
    deadline.check("Vernieuwen")  # a late finish never swaps in: the old snapshot stays current
    return write_snapshot(settings.snapshots_dir, "cbs", cleaned, derived, records, notes, extra_files=extra)


def _fetch_checks(
    settings: Settings, progress: ProgressFn | None, cbs: Any
) -> tuple[list[RawTable], list[str]]:
    """Download CBS's own bijstand per arbeidsmarktregio (yearly tables up to 2017) for the check.

    These tables only check our figures: when the catalog has none or one has changed shape,
    that is a note on *Over de data* and in ``status``; CBS being down or the deadline passing
    still stops the refresh, as for every other table.
    """
    raws: list[RawTable] = []
    try:
        chosen = choose_tables(BIJSTAND_AM, cbs.fetch_catalog(BIJSTAND_AM, settings))
    except SchemaChangedError as err:
        return [], [f"Controle tegen CBS' eigen regiocijfers niet mogelijk: {err}"]
    except DataUnavailableError as err:
        if "catalogus bevat geen tabel" not in str(err):
            raise
        return [], [f"Controle tegen CBS' eigen regiocijfers niet mogelijk: {err}"]
    notes = []
    for year, table_id in chosen.items():
        if year is None or year < FIRST_YEAR:
            continue
        key = f"{BIJSTAND_AM.key}_{year}"
        start = time.perf_counter()
        try:
            raw = cbs.fetch_table(BIJSTAND_AM, table_id, settings, source_key=key)
        except SchemaChangedError as err:
            notes.append(f"Controle tegen CBS' eigen regiocijfers over {year} niet mogelijk: {err}")
            continue
        raws.append(raw)
        if progress:
            progress(Progress(key, table_id, raw.title, len(raw.rows), time.perf_counter() - start))
    return raws, notes


#: Seconds of the refresh deadline kept free for the rest of the refresh (writing the snapshot)
#: when the Regio-DNA tables are downloaded: a slow DNA download is cut off, never the refresh.
DNA_RESERVE_S = 20.0


def _fetch_dna(
    settings: Settings, progress: ProgressFn | None, cbs: Any, deadline: Any
) -> tuple[list[RawTable], list[str]]:
    """Download the Regio-DNA tables (commuting, jobs per sector); a failure is a note.

    These tables feed one page only: when CBS fails on them, has changed them or is too slow, the
    refresh goes on with everything else, the notes say what is missing and the DNA page says
    its data is missing. They get what is left of the refresh deadline minus ``DNA_RESERVE_S``.
    """
    raws: list[RawTable] = []
    notes: list[str] = []
    budget = deadline.remaining() - min(DNA_RESERVE_S, settings.refresh_deadline_s / 4)
    if budget <= 0:
        return [], ["Regio-DNA niet bijgewerkt: de tijd voor het vernieuwen was op."]
    with cbs.refresh_deadline(budget):
        for spec in DNA_SOURCES:
            start = time.perf_counter()
            try:
                chosen = choose_tables(
                    spec, [] if spec.pick == "fixed" else cbs.fetch_catalog(spec, settings)
                )
                table_id = chosen[None]
                raw = cbs.fetch_table(spec, table_id, settings, source_key=spec.key)
            except RegionDataError as err:
                notes.append(f"Regio-DNA: tabel '{spec.title_nl}' niet bijgewerkt: {err}")
                continue
            raws.append(raw)
            if raw.extra.get("note"):
                notes.append(f"Regio-DNA: tabel {raw.table_id} opgehaald {raw.extra['note']}.")
            if progress:
                progress(
                    Progress(spec.key, raw.table_id, raw.title, len(raw.rows), time.perf_counter() - start)
                )
    return raws, notes


def check_summary(check: pd.DataFrame) -> list[str]:
    """Dutch notes on the check against CBS's own regional bijstand: every mismatch named."""
    notes = []
    for year, rows in check.groupby("year"):
        bad = rows[~rows["agrees"].astype(bool)]
        for r in bad.itertuples():
            name = r.amr_code if isinstance(r.amr_code, str) else f"onbekende code {r.amr_code_cbs}"
            ours = "geen" if pd.isna(r.ours) else f"{r.ours:,.0f}".replace(",", ".")
            theirs = "geen" if pd.isna(r.cbs) else f"{r.cbs:,.0f}".replace(",", ".")
            notes.append(
                f"Bijstand {year}, {name}: onze som van de gemeenten is {ours}, CBS publiceerde "
                f"{theirs} (tabel {r.table_id}); het verschil is groter dan de afronding van CBS."
            )
    return notes


def build_demo_snapshot(settings: Settings) -> Path:
    """Write the deterministic demo snapshot and make it current."""
    from regiondata.derive.demo import build_raw_tables

    tables = build_raw_tables(compact=True)
    catalog = [t.info for t in tables]
    raws, records = [], []
    for spec in (*SOURCES, *CHECKS, *DNA_SOURCES):
        chosen = choose_tables(spec, catalog)
        for year, table_id in chosen.items():
            raw = next(t for t in tables if t.table_id == table_id)
            # A copy: one CBS table can feed two sources (83582NED: jobs, and jobs per sector).
            raw = dataclasses.replace(raw, source_key=spec.key if year is None else f"{spec.key}_{year}")
            raws.append(raw)
            records.append(_record(raw, spec, "demo"))
    cleaned, derived, notes = assemble(raws)
    return write_snapshot(
        settings.snapshots_dir, "demo", cleaned, derived, records, notes, extra_files=demo_boundaries()
    )


def demo_boundaries() -> dict[str, bytes]:
    """The embedded 2024 region boundaries (CBS/PDOK, CC BY 4.0), oriented the way Plotly needs.

    Real snapshots fetch the boundaries of their own year from PDOK; the demo ships one set so
    the geographic map can be shown without network.
    """
    from importlib import resources

    from regiondata.derive.geometry import simplify

    text = resources.files("regiondata").joinpath("data/arbeidsmarktregio_2024.geojson").read_text("utf-8")
    geojson = json.loads(text)
    # A zero tolerance keeps every point; simplify also rewrites ring orientation and rounding.
    fixed = simplify(geojson, 0.0, min_area_km2=0.0)
    fixed["metadata"] = geojson.get("metadata", {})
    return {f"derived/{BOUNDARIES_FILE}": json.dumps(fixed, separators=(",", ":")).encode("utf-8")}


def years_of(period_keys: list[str]) -> list[int]:
    """Years of a list of CBS period keys (helper for status output)."""
    return sorted({p[0] for p in (parse_period(k) for k in period_keys) if p})


__all__ = ["Progress", "RegionDataError", "assemble", "build_demo_snapshot", "refresh_from_cbs"]
