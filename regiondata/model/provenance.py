"""Provenance of the figures we hand out: which CBS tables, retrieved when, under what licence.

Every CSV the dashboard offers starts with the same block of ``# `` comment lines, made here, so a
file that travels on its own (mailed, attached to a memo) still says where its figures come from
and, for demo data, that they are invented. Spreadsheets show the lines as text above the table;
``pandas.read_csv(..., comment="#")`` skips them.
"""

from __future__ import annotations

from collections.abc import Iterable

from regiondata.cbs.sources import SOURCES_BY_KEY
from regiondata.derive.snapshot import Snapshot, TableRecord
from regiondata.indicators import INDICATORS_BY_KEY

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
#: The source key of the yearly "Gebieden in Nederland" tables (gemeente → region membership).
MEMBERSHIP_SOURCE = "gebieden"
#: Aggregations whose region figure is made from gemeente or COROP figures with the membership
#: of the year; ``published`` figures come from CBS per region as they are.
AGGREGATED = ("sum", "ratio", "growth", "corop_weighted", "flow")
DEMO_LINE = (
    "DEMODATA: verzonnen cijfers in de vorm van CBS-tabellen, geen echte CBS-cijfers. "
    "Niet gebruiken of citeren als cijfers van CBS."
)


def source_keys(keys: Iterable[str]) -> list[str]:
    """Our source keys behind a list of indicator keys and/or source keys, in first-seen order.

    The membership tables (``gebieden``) are added when one of the indicators has region figures
    made from gemeente or COROP figures: which gemeenten form a region in a year is part of where
    such a figure comes from.

    Raises:
        KeyError: For a key that is neither an indicator nor a source (a programming error).
    """
    out: list[str] = []
    for key in keys:
        if key in INDICATORS_BY_KEY:
            ind = INDICATORS_BY_KEY[key]
            found = list(ind.sources)
            if ind.aggregation in AGGREGATED:
                found.append(MEMBERSHIP_SOURCE)
        elif key in SOURCES_BY_KEY:
            found = [key]
        else:
            raise KeyError(f"Onbekende indicator of bron: {key}")
        out.extend(s for s in found if s not in out)
    # Data tables first, the membership tables last: the data is what a reader looks for.
    return sorted(out, key=lambda s: s == MEMBERSHIP_SOURCE)


def table_records(snapshot: Snapshot, source: str) -> list[TableRecord]:
    """The snapshot's tables of one source key, oldest first.

    One table for most sources; one per year for per-year sources (``gebieden_2016``, …), which
    ``Snapshot.table`` narrows to the newest.
    """
    found = [t for t in snapshot.tables if t.source_key == source]
    return sorted(found, key=lambda t: t.source)


def comment_block(lines: Iterable[str]) -> str:
    """Lines as a block of ``# `` comment lines, each ending in a newline."""
    return "".join(f"# {part}\n" for line in lines for part in line.splitlines() or [""])


def _retrieved(records: list[TableRecord]) -> str:
    return ", ".join(sorted({r.retrieved_at[:10] for r in records}))


def provenance_lines(snapshot: Snapshot, keys: Iterable[str]) -> list[str]:
    """The provenance of figures, as Dutch text lines (without ``# ``).

    Args:
        snapshot: The snapshot the figures come from.
        keys: Indicator keys and/or source keys of the figures.

    Returns:
        The DEMODATA warning first when the data are demo data, then source and licence, one line
        per CBS source with its table id(s) and retrieval date, and the snapshot's name.
    """
    lines = [DEMO_LINE] if snapshot.is_demo else []
    lines.append('Bron: CBS StatLine, open data (opendata.cbs.nl). Vermeld bij hergebruik "Bron: CBS".')
    lines.append(f"Licentie: {LICENCE} ({LICENCE_URL}).")
    for source in source_keys(keys):
        records = table_records(snapshot, source)
        if not records:
            continue
        spec = SOURCES_BY_KEY.get(source)
        # Titles up to the first ";": a semicolon would split the line in a Dutch spreadsheet.
        title = (spec.title_nl if spec else records[-1].title).split(";")[0].strip()
        if len(records) > 1:
            years = [r.source.rsplit("_", 1)[-1] for r in records]
            title = f"{title} {years[0]}–{years[-1]}, regio-indeling per jaar"
        ids = ", ".join(r.table_id for r in records)
        word = "Tabellen" if len(records) > 1 else "Tabel"
        lines.append(f"{word} {ids} ({title}), opgehaald op {_retrieved(records)}.")
    lines.append(f"Snapshot: {snapshot.manifest.get('name') or snapshot.path.name}.")
    return lines


def provenance_header(snapshot: Snapshot, keys: Iterable[str], title: str | None = None) -> str:
    """The ``# `` comment block every CSV of the dashboard starts with.

    Args:
        snapshot: The snapshot the figures come from.
        keys: Indicator keys and/or source keys of the figures in the file.
        title: An optional first line saying what the file holds.

    Returns:
        The block, each line ending in a newline; it names the CBS tables and their retrieval
        dates, the licence (CC BY 4.0, Bron: CBS), the snapshot, and ``DEMODATA`` for demo data.
    """
    return comment_block(([title] if title else []) + provenance_lines(snapshot, keys))
