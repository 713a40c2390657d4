"""Every figure of a snapshot in one tidy CSV: the machine interface of the dashboard.

One row per level, region, year and indicator with a value. The columns (``EXPORT_COLUMNS``) are a
stable interface, documented in the README: add columns at the end if ever needed, never rename or
reorder them. The file starts with the provenance block of ``regiondata.model.provenance``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from regiondata.derive.aggregate import membership_years
from regiondata.derive.snapshot import Snapshot
from regiondata.files import write_atomically
from regiondata.indicators import INDICATORS, Indicator
from regiondata.model.provenance import AGGREGATED, MEMBERSHIP_SOURCE, provenance_header, table_records
from regiondata.model.views import provisional_years

EXPORT_COLUMNS = (
    "level",
    "code",
    "name",
    "year",
    "indicator",
    "value",
    "unit",
    "approximation",
    "source_tables",
    "provisional",
)
EXPORT_TITLE = "Twee werelden: alle cijfers per arbeidsmarktregio, gemeente en Nederland."
EXPORT_NOTE = (
    "Eén rij per niveau, code, jaar en indicator; waarden met een punt als decimaalteken, onafgerond. "
    "De kolommen staan beschreven in de README."
)


def _membership_tables(snapshot: Snapshot) -> dict[int, str]:
    """Membership year → table id of its "Gebieden in Nederland" table."""
    out = {}
    for record in table_records(snapshot, MEMBERSHIP_SOURCE):
        suffix = record.source.rsplit("_", 1)[-1]
        if suffix.isdigit():
            out[int(suffix)] = record.table_id
    return out


def _source_tables(
    snapshot: Snapshot,
    indicator: Indicator,
    level: str,
    year: int,
    membership: dict[int, str],
    membership_year: dict[int, int],
) -> str:
    """The CBS table ids one figure comes from, ``;``-separated.

    The indicator's data tables, and for region figures made from gemeente or COROP figures the
    membership table used for that year (for growth also the previous year's: both years are
    summed with their own membership).
    """
    ids: list[str] = []
    for source in indicator.sources:
        record = snapshot.table(source)
        if record is not None and record.table_id not in ids:
            ids.append(record.table_id)
    if level == "amr" and indicator.aggregation in AGGREGATED:
        years = [year - 1, year] if indicator.aggregation == "growth" else [year]
        for y in years:
            table_id = membership.get(membership_year.get(y, -1))
            if table_id and table_id not in ids:
                ids.append(table_id)
    return ";".join(ids)


def build_export_frame(snapshot: Snapshot) -> pd.DataFrame:
    """Every figure of the snapshot as one tidy table.

    Args:
        snapshot: A loaded snapshot.

    Returns:
        The columns of ``EXPORT_COLUMNS``, one row per ``level``, ``code``, ``year`` and
        ``indicator`` with a value, sorted by those (indicators in registry order). ``approximation``
        and ``provisional`` are booleans; ``value`` is a float at full precision.
    """
    regions = snapshot.derived.regions
    indicators = [i for i in INDICATORS if i.key in regions]
    keys = [i.key for i in indicators]
    long = regions.melt(
        id_vars=["level", "region_code", "region_name", "year"],
        value_vars=keys,
        var_name="indicator",
        value_name="value",
    ).rename(columns={"region_code": "code", "region_name": "name"})
    # A ratio over a zero denominator is already NaN; an infinite value is no figure either.
    long = long[np.isfinite(long["value"].astype(float))].copy()
    long["year"] = long["year"].astype("int64")
    long["value"] = long["value"].astype(float)

    by_key = {i.key: i for i in indicators}
    long["unit"] = long["indicator"].map({k: i.unit for k, i in by_key.items()})
    # Only the region figures are approximated (from COROP areas); CBS publishes NL itself.
    approximated = {k for k, i in by_key.items() if i.approximation}
    long["approximation"] = long["indicator"].isin(approximated) & (long["level"] == "amr")
    provisional = {(k, y) for k in keys for y in provisional_years(snapshot, [k])}
    long["provisional"] = [
        (k, y) in provisional for k, y in zip(long["indicator"], long["year"], strict=True)
    ]

    membership = _membership_tables(snapshot)
    years = sorted({int(y) for y in long["year"]} | {int(y) - 1 for y in long["year"]})
    # The same choice of membership year per data year as build_derived made.
    membership_year = membership_years(snapshot.derived.membership, years)
    combos = long[["level", "indicator", "year"]].drop_duplicates()
    tables = {
        (lvl, key, int(y)): _source_tables(snapshot, by_key[key], lvl, int(y), membership, membership_year)
        for lvl, key, y in combos.itertuples(index=False)
    }
    long["source_tables"] = [
        tables[(lvl, key, y)]
        for lvl, key, y in zip(long["level"], long["indicator"], long["year"], strict=True)
    ]

    order = {k: n for n, k in enumerate(keys)}
    long = long.sort_values(
        ["level", "code", "year", "indicator"],
        key=lambda s: s.map(order) if s.name == "indicator" else s,
        kind="stable",
    )
    return long[list(EXPORT_COLUMNS)].reset_index(drop=True)


def _format_value(value: float) -> str:
    # Shortest text that reads back as the same float; never scientific notation, no trailing
    # ".0" on counts: a machine interface, but also opened by people in a text editor.
    return np.format_float_positional(value, unique=True, trim="-")


def export_csv(snapshot: Snapshot) -> bytes:
    """The export as a UTF-8 CSV (comma-separated, dot decimals, ``\\n`` line ends), header first.

    The file starts with the ``# `` provenance block (source, licence, tables with retrieval date,
    snapshot, and a ``DEMODATA`` line for demo data); ``pandas.read_csv(path, comment="#")`` reads it.
    """
    frame = build_export_frame(snapshot).copy()
    frame["value"] = frame["value"].map(_format_value)
    for column in ("approximation", "provisional"):
        frame[column] = frame[column].map({True: "true", False: "false"})
    header = provenance_header(snapshot, [i.key for i in INDICATORS], title=EXPORT_TITLE)
    header += f"# {EXPORT_NOTE}\n"
    body = frame.to_csv(index=False, lineterminator="\n")
    return (header + body).encode("utf-8")


#: The usual reasons a file cannot be written, in Dutch (the OS says them in English).
_REASONS_NL = {
    errno.ENOENT: "de map bestaat niet",
    errno.ENOTDIR: "de map bestaat niet",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EISDIR: "dat is een map",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "alleen-lezen bestandssysteem",
}


def run_export(snapshots_dir: Path, out: str | None, stdout: TextIO | None = None) -> int:
    """The ``export`` command: the current snapshot as CSV to a file or to standard output.

    Args:
        snapshots_dir: ``$REGIONDATA_HOME/snapshots``.
        out: The file to write, or ``None`` for standard output.
        stdout: Where the CSV goes without ``out`` (tests); defaults to ``sys.stdout``.

    Returns:
        0 on success; 2 (with a Dutch message on stderr) without a usable snapshot or when the
        file cannot be written.
    """
    from regiondata.derive.snapshot import load_snapshot
    from regiondata.errors import SnapshotError

    try:
        snapshot = load_snapshot(snapshots_dir)
    except SnapshotError as err:
        print(f"Exporteren mislukt: geen bruikbare gegevens. {err}", file=sys.stderr)
        return 2
    if snapshot.notice:
        print(f"Let op: {snapshot.notice}", file=sys.stderr)
    if snapshot.is_demo:
        print("Let op: dit zijn demodata (verzonnen cijfers), geen echte CBS-cijfers.", file=sys.stderr)
    data = export_csv(snapshot)
    if out is None:
        stream = stdout or sys.stdout
        try:
            if hasattr(stream, "buffer"):
                stream.flush()
                stream.buffer.write(data)  # bytes as they are: UTF-8 whatever the locale
                stream.buffer.flush()
            else:
                stream.write(data.decode("utf-8"))
                stream.flush()
        except BrokenPipeError:
            # Piped into `head`: stop quietly, and keep Python from complaining at exit.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    path = Path(out)
    try:
        write_atomically(path, data)
    except OSError as err:
        reason = _REASONS_NL.get(err.errno, err.strerror or str(err))
        print(f"Exporteren mislukt: kan {path} niet schrijven ({reason}).", file=sys.stderr)
        return 2
    rows = sum(1 for line in data.splitlines() if not line.startswith(b"#")) - 1  # minus the header

    def dutch(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    print(f"Alle cijfers geschreven naar {path}: {dutch(rows)} rijen, {dutch(len(data))} bytes.")
    return 0
