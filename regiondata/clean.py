"""The cleaned stage: from CBS's raw shapes to tidy frames keyed by stripped codes.

Every CBS quirk is handled here, once: keys padded with spaces, measure keys renumbered between
table editions, categories found by title, provisional periods, ``x 1 000`` units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from regiondata.config import FIRST_YEAR
from regiondata.errors import SchemaChangedError
from regiondata.raw import RawTable
from regiondata.sources import CategoryPick, MeasureSpec, SourceSpec

_PERIOD = re.compile(r"^(\d{4})(JJ|KW|MM)(\d{2})$")


def strip_key(value: Any) -> str:
    """Strip CBS's space padding from a dimension key (``"GM0363  "`` → ``"GM0363"``)."""
    return str(value).strip()


def key_stem(key: str) -> str:
    """Return a measure key without its position suffix (``Bijstand_7`` → ``Bijstand``)."""
    head, _, tail = key.rpartition("_")
    return head if head and tail.isdigit() else key


def topic_titles(properties: Iterable[dict[str, Any]]) -> list[str]:
    """List the titles of all topics of a table, for error messages."""
    return [str(p.get("Title", "")).strip() for p in properties if p.get("Type") == "Topic"]


def resolve_measure(table: RawTable, measure: MeasureSpec) -> str:
    """Find the current key of a measure by its stem, or else by its title.

    Args:
        table: The table (only ``properties`` is used).
        measure: What we look for.

    Returns:
        The key as the table names it now, e.g. ``BijstandTotDeAOWLeeftijd_7``.

    Raises:
        SchemaChangedError: Naming the table, the missing topic and the topics it does have.
    """
    topics = [p for p in table.properties if p.get("Type") == "Topic"]
    by_stem = [p for p in topics if key_stem(str(p.get("Key", ""))) == measure.stem]
    if len(by_stem) == 1:
        return str(by_stem[0]["Key"])
    wanted = {t.casefold() for t in measure.titles}
    by_title = [p for p in (by_stem or topics) if str(p.get("Title", "")).strip().casefold() in wanted]
    if by_title:
        return str(by_title[0]["Key"])
    have = "; ".join(topic_titles(table.properties)) or "geen onderwerpen"
    label = measure.titles[0] if measure.titles else measure.stem
    raise SchemaChangedError(
        f"CBS-tabel {table.table_id} ({table.title}) heeft het onderwerp '{label}' niet meer. "
        f"De tabel bevat nu: {have}. Waarschijnlijk is de tabel gewijzigd; de vorige gegevens "
        "blijven in gebruik."
    )


def resolve_categories(table: RawTable, pick: CategoryPick) -> dict[str, str]:
    """Find the padded category key for each pick of a dimension.

    Args:
        table: The table (its dimension list for ``pick.dimension``).
        pick: Known keys and title patterns per column suffix.

    Returns:
        Column suffix → category key exactly as CBS pads it.

    Raises:
        SchemaChangedError: When the dimension or a category is missing.
    """
    rows = table.dimensions.get(pick.dimension)
    if not rows:
        raise SchemaChangedError(
            f"CBS-tabel {table.table_id} ({table.title}) heeft de indeling "
            f"'{pick.dimension}' niet (meer). Beschikbaar: {', '.join(table.dimensions) or 'geen'}."
        )
    found: dict[str, str] = {}
    for suffix, (keys, patterns) in pick.picks.items():
        match = next((r["Key"] for r in rows if strip_key(r["Key"]) in keys), None)
        if match is None:
            match = next(
                (
                    r["Key"]
                    for pattern in patterns
                    for r in rows
                    if re.search(pattern, str(r.get("Title", "")).strip(), re.IGNORECASE)
                ),
                None,
            )
        if match is None:
            titles = ", ".join(str(r.get("Title", "")).strip() for r in rows[:12])
            raise SchemaChangedError(
                f"CBS-tabel {table.table_id} ({table.title}): categorie "
                f"'{patterns[0] if patterns else keys}' van '{pick.dimension}' niet gevonden. "
                f"Wel aanwezig: {titles}."
            )
        found[suffix] = str(match)
    return found


def parse_period(key: str) -> tuple[int, str, int] | None:
    """Split a CBS period key (``2023MM12``) into (year, kind, number); ``None`` if unknown."""
    m = _PERIOD.match(strip_key(key))
    return (int(m.group(1)), m.group(2), int(m.group(3))) if m else None


def is_provisional(period_row: dict[str, Any]) -> bool:
    """Whether CBS marks a period as provisional (Status, or an asterisk in the title)."""
    status = str(period_row.get("Status") or "").strip().casefold()
    if status:
        return status != "definitief"
    return "*" in str(period_row.get("Title", ""))


def select_periods(table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR) -> list[str]:
    """Return the padded period keys we need: the right frequency (and month), from first_year."""
    keys = []
    for row in table.dimensions.get(spec.period_dimension, []):
        parsed = parse_period(row["Key"])
        if parsed is None:
            continue
        year, kind, number = parsed
        if kind != spec.frequency or year < first_year:
            continue
        if spec.month is not None and number != spec.month:
            continue
        keys.append(str(row["Key"]))
    return keys


def region_matches(code: str, prefixes: Iterable[str]) -> bool:
    """Whether a stripped region code belongs to one of the wanted region kinds."""
    return any(code == "NL01" if p == "NL" else code.startswith(p) for p in prefixes)


def select_regions(table: RawTable, spec: SourceSpec) -> list[str]:
    """Return the padded region keys of the wanted kinds, as listed by the dimension."""
    rows = table.dimensions.get(spec.region_dimension, [])
    return [str(r["Key"]) for r in rows if region_matches(strip_key(r["Key"]), spec.region_prefixes)]


def clean_table(table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR) -> pd.DataFrame:
    """Turn a raw table into a tidy frame.

    Args:
        table: Raw rows and metadata.
        spec: What to take from it.
        first_year: Earliest year to keep.

    Returns:
        Columns ``region_code``, ``year``, ``period_code``, ``provisional`` and one column per
        measure (× category pick), in our units; codes stripped.

    Raises:
        SchemaChangedError: When a measure, dimension or category is missing.
    """
    measure_keys = {m.column: (resolve_measure(table, m), m.scale) for m in spec.measures}
    picks = [(p.dimension, resolve_categories(table, p)) for p in spec.categories]
    periods = set(select_periods(table, spec, first_year))
    provisional = {str(r["Key"]): is_provisional(r) for r in table.dimensions.get(spec.period_dimension, [])}
    # Rows are kept when every fixed dimension holds one of the picked categories; dimensions
    # with several picks (age groups) spread into separate columns.
    fixed = {dim: set(sel.values()) for dim, sel in picks}
    suffix_of = {(dim, key): suffix for dim, sel in picks for suffix, key in sel.items()}
    multi = [dim for dim, sel in picks if len(sel) > 1]
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for row in table.rows:
        period = row.get(spec.period_dimension)
        if period not in periods:
            continue
        code = strip_key(row.get(spec.region_dimension, ""))
        if not region_matches(code, spec.region_prefixes):
            continue
        if any(row.get(dim) not in keys for dim, keys in fixed.items()):
            continue
        suffix = "".join(suffix_of[(dim, row[dim])] for dim in multi)
        rec = records.setdefault((code, period), {})
        for column, (key, scale) in measure_keys.items():
            value = row.get(key)
            rec[column + suffix] = None if value is None else float(value) * scale
    out = [
        {
            "region_code": code,
            "year": parse_period(period)[0],  # type: ignore[index]
            "period_code": strip_key(period),
            "provisional": provisional.get(period, False),
            **values,
        }
        for (code, period), values in records.items()
    ]
    frame = pd.DataFrame(out)
    if frame.empty:
        frame = pd.DataFrame(columns=["region_code", "year", "period_code", "provisional"])
    # Suffixed columns (population_count_0_14) are renamed so the unit stays last.
    frame = frame.rename(columns={c: _unit_last(c) for c in frame.columns})
    return frame.sort_values(["region_code", "year"]).reset_index(drop=True)


def _unit_last(column: str) -> str:
    for unit in ("_count", "_pct"):
        head, sep, tail = column.partition(unit)
        if sep and tail:
            return f"{head}{tail}{unit}"
    return column


# --- Gebieden in Nederland ---------------------------------------------------------------

_GROUPS = {
    "amr": re.compile(r"^arbeidsmarktregio", re.IGNORECASE),
    "corop": re.compile(r"^corop-gebied", re.IGNORECASE),
    "provincie": re.compile(r"^provincie", re.IGNORECASE),
}
_PREFIX = {"amr": "AM", "corop": "CR", "provincie": "PV"}


def resolve_gebieden_columns(table: RawTable) -> dict[str, str]:
    """Find the code columns of a "Gebieden in Nederland" table.

    Column positions move between yearly editions, so the AM, COROP and provincie code columns
    are found through their topic group in ``DataProperties`` (``Arbeidsmarktregio's › Code``)
    and, when the metadata does not say, by their values (the column whose values start with
    ``AM``). Also finds the gemeente name and the population (``Inwonertal``).

    Returns:
        Mapping with keys ``amr``, ``corop``, ``provincie``, ``gemeente_naam`` and, when present,
        ``population``.

    Raises:
        SchemaChangedError: When a grouping cannot be found.
    """
    props = table.properties
    groups = {p.get("ID"): str(p.get("Title", "")).strip() for p in props if p.get("Type") == "TopicGroup"}
    found: dict[str, str] = {}
    for p in props:
        if p.get("Type") != "Topic":
            continue
        key, title = str(p["Key"]), str(p.get("Title", "")).strip()
        parent = groups.get(p.get("ParentID"), "")
        for name, pattern in _GROUPS.items():
            if name not in found and pattern.search(parent) and title.casefold() == "code":
                found[name] = key
        if key_stem(key) == "Inwonertal" or title.casefold() == "inwonertal":
            found.setdefault("population", key)
        if "gemeente_naam" not in found and key_stem(key) == "Naam":
            found["gemeente_naam"] = key
    sample = table.rows[:50]
    for name, prefix in _PREFIX.items():
        key = found.get(name)
        if key and all(strip_key(r.get(key) or "").startswith(prefix) for r in sample if r.get(key)):
            continue
        # Metadata missing or wrong: scan the Code_n columns for the expected prefix.
        candidates = sorted({k for r in sample for k in r if key_stem(k) == "Code"})
        hit = next(
            (
                k
                for k in candidates
                if sample and all(strip_key(r.get(k) or "").startswith(prefix) for r in sample)
            ),
            None,
        )
        if hit is None:
            raise SchemaChangedError(
                f"CBS-tabel {table.table_id} ({table.title}): de kolom met "
                f"{'arbeidsmarktregio' if name == 'amr' else name}-codes is niet gevonden."
            )
        found[name] = hit
    return found


def clean_gebieden(table: RawTable, year: int) -> pd.DataFrame:
    """Turn one "Gebieden in Nederland <year>" table into gemeente membership rows.

    Returns:
        Columns ``year``, ``gemeente_code``, ``gemeente_naam``, ``amr_code``, ``corop_code``,
        ``provincie_code``, ``population_count`` (may be missing).
    """
    cols = resolve_gebieden_columns(table)
    out = []
    for r in table.rows:
        code = strip_key(r.get("RegioS", ""))
        if not code.startswith("GM"):
            continue
        pop = r.get(cols["population"]) if "population" in cols else None
        out.append(
            {
                "year": year,
                "gemeente_code": code,
                "gemeente_naam": strip_key(r.get(cols.get("gemeente_naam", ""), "") or code),
                "amr_code": strip_key(r.get(cols["amr"]) or "") or None,
                "corop_code": strip_key(r.get(cols["corop"]) or "") or None,
                "provincie_code": strip_key(r.get(cols["provincie"]) or "") or None,
                "population_count": None if pop is None else float(pop),
            }
        )
    return pd.DataFrame(out)
