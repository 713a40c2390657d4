"""The cleaned stage: from CBS's raw shapes to tidy frames keyed by stripped codes.

Every CBS quirk is handled here, once: keys padded with spaces, measure keys renumbered between
table editions, categories found by title, provisional periods, ``x 1 000`` units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import CategoryPick, MeasureSpec, SourceSpec
from regiondata.config import FIRST_YEAR
from regiondata.errors import SchemaChangedError

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
        if match is None and suffix in pick.optional:
            continue
        if match is None:
            titles = ", ".join(str(r.get("Title", "")).strip() for r in rows[:12])
            raise SchemaChangedError(
                f"CBS-tabel {table.table_id} ({table.title}): categorie "
                f"'{patterns[0] if patterns else keys}' van '{pick.dimension}' niet gevonden. "
                f"Wel aanwezig: {titles}."
            )
        found[suffix] = str(match)
    return found


def resolve_category_sums(table: RawTable, pick: CategoryPick) -> dict[str, list[str]]:
    """Find the padded keys of the categories that are added up per column suffix.

    Titles are matched exactly (after stripping); every one must be present, because a sum with
    a category missing would be an undercount that nobody sees.

    Returns:
        Column suffix → category keys exactly as CBS pads them.

    Raises:
        SchemaChangedError: Naming the table, the dimension and every missing category.
    """
    if not pick.sums:
        return {}
    rows = table.dimensions.get(pick.dimension) or []
    by_title = {str(r.get("Title", "")).strip().casefold(): str(r["Key"]) for r in rows}
    found: dict[str, list[str]] = {}
    for suffix, titles in pick.sums.items():
        missing = [t for t in titles if t.casefold() not in by_title]
        if missing:
            raise SchemaChangedError(
                f"CBS-tabel {table.table_id} ({table.title}): in '{pick.dimension}' ontbreken "
                f"{', '.join(repr(t) for t in missing)}. Die zijn nodig om "
                f"{len(titles)} categorieën op te tellen; de vorige gegevens blijven in gebruik."
            )
        found[suffix] = [by_title[t.casefold()] for t in titles]
    return found


def pick_keys(table: RawTable, pick: CategoryPick) -> list[str]:
    """Every padded category key of a dimension that a download needs (picks and sums)."""
    keys = list(resolve_categories(table, pick).values()) if pick.picks else []
    for sum_keys in resolve_category_sums(table, pick).values():
        keys += [k for k in sum_keys if k not in keys]
    return keys


REGION_KINDS = {"NL": "Nederland (NL01)", "LD": "landsdelen", "PV": "provincies", "CR": "COROP-gebieden",
                "AM": "arbeidsmarktregio's", "GM": "gemeenten"}  # fmt: skip


def region_kind(code: str) -> str:
    """The kind of a stripped region code: ``NL``, ``LD``, ``PV``, ``CR``, ``AM``, ``GM`` or other."""
    return "NL" if code == "NL01" else code[:2]


def check_region_kinds(table: RawTable, spec: SourceSpec, where: str = "rows") -> None:
    """Fail loudly when a region kind the dashboard needs is missing from a table.

    Args:
        table: The table.
        spec: Which kinds are needed (``region_prefixes``).
        where: ``"dimension"`` to check the region list before downloading, ``"rows"`` to
            check that the downloaded data holds at least one figure of every kind.

    Raises:
        SchemaChangedError: Naming the table, the missing kind and the kinds it does have.
    """
    wanted = set(spec.region_prefixes) - set(spec.optional_prefixes)
    have: set[str] = set()
    if where == "dimension":
        have = {
            region_kind(strip_key(r.get("Key", ""))) for r in table.dimensions.get(spec.region_dimension, [])
        }
    else:
        measures = [k for k in (table.rows[0] if table.rows else {}) if key_stem(k) != k]
        for r in table.rows:
            kind = region_kind(strip_key(r.get(spec.region_dimension, "")))
            if kind not in have and (not measures or any(r.get(m) is not None for m in measures)):
                have.add(kind)
                if wanted <= have:
                    break
    missing = [p for p in spec.region_prefixes if p not in have and p not in spec.optional_prefixes]
    if missing:
        names = ", ".join(REGION_KINDS.get(p, p) for p in missing)
        present = ", ".join(sorted(REGION_KINDS.get(k, k) for k in have if k)) or "geen"
        what = "regio-indeling" if where == "dimension" else "cijfers"
        raise SchemaChangedError(
            f"CBS-tabel {table.table_id} ({table.title}) heeft geen {names} in de {what}. "
            f"Wel aanwezig: {present}. Zonder die regio's klopt het dashboard niet; de vorige "
            "gegevens blijven in gebruik."
        )


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
        SchemaChangedError: When a measure, dimension, category or region kind is missing.
    """
    check_region_kinds(table, spec)
    measure_keys = {m.column: (resolve_measure(table, m), m.scale) for m in spec.measures}
    picks = [(p.dimension, resolve_categories(table, p)) for p in spec.categories]
    sums = {p.dimension: resolve_category_sums(table, p) for p in spec.categories if p.sums}
    periods = set(select_periods(table, spec, first_year))
    provisional = {str(r["Key"]): is_provisional(r) for r in table.dimensions.get(spec.period_dimension, [])}
    # Rows are kept when every fixed dimension holds one of the picked categories; dimensions
    # with several picks spread into separate columns; summed categories (single years of age)
    # add up into one column, which stays empty unless every one of them had a value.
    sum_of = {
        (dim, key): suffix
        for dim, by_suffix in sums.items()
        for suffix, keys in by_suffix.items()
        for key in keys
    }
    sum_size = {suffix: len(keys) for by_suffix in sums.values() for suffix, keys in by_suffix.items()}
    fixed = {dim: set(sel.values()) | {k for (d, k) in sum_of if d == dim} for dim, sel in picks}
    suffix_of = {(dim, key): suffix for dim, sel in picks for suffix, key in sel.items()}
    multi = [dim for dim, sel in picks if len(sel) > 1]
    records: dict[tuple[str, str], dict[str, Any]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        period = row.get(spec.period_dimension)
        if period not in periods:
            continue
        code = strip_key(row.get(spec.region_dimension, ""))
        if not region_matches(code, spec.region_prefixes):
            continue
        if any(row.get(dim) not in keys for dim, keys in fixed.items()):
            continue
        rec = records.setdefault((code, period), {})
        summed = next((sum_of[(dim, row[dim])] for dim in sums if (dim, row[dim]) in sum_of), None)
        if summed is not None:
            _add_to_sum(rec, counts, (code, period), row, measure_keys, summed)
            continue
        suffix = "".join(suffix_of[(dim, row[dim])] for dim in multi)
        for column, (key, scale) in measure_keys.items():
            value = row.get(key)
            rec[column + suffix] = None if value is None else float(value) * scale
    for (code, period, name), n in counts.items():
        if n != sum_size[_suffix_of(name, sum_size)]:
            records[(code, period)][name] = None
    return _tidy_frame(records, provisional)


def _add_to_sum(
    rec: dict[str, Any],
    counts: dict[tuple[str, str, str], int],
    where: tuple[str, str],
    row: dict[str, Any],
    measure_keys: dict[str, tuple[str, float]],
    suffix: str,
) -> None:
    """Add one summed category (one single year of age) to its column; count what was added.

    A missing value empties the sum for good (count -1): a sum with a year missing would be an
    undercount nobody sees. The caller empties sums whose count is not the number of categories.
    """
    for column, (key, scale) in measure_keys.items():
        name = column + suffix
        value, n = row.get(key), counts.get((*where, name), 0)
        if value is None or n < 0:
            counts[(*where, name)] = -1
            rec[name] = None
            continue
        counts[(*where, name)] = n + 1
        rec[name] = (rec.get(name) or 0.0) + float(value) * scale


def _tidy_frame(records: dict[tuple[str, str], dict[str, Any]], provisional: dict[str, bool]) -> pd.DataFrame:
    """One row per region and period with the measure columns, codes stripped, sorted."""
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


def _suffix_of(name: str, suffixes: dict[str, int]) -> str:
    return next(suffix for suffix in suffixes if name.endswith(suffix))


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

    Arbeidsmarktregio codes are mapped to today's code (``regions.current_amr_code``: FoodValley
    was AM31 up to 2016); the code CBS used that year is kept in ``amr_code_cbs``.

    Returns:
        Columns ``year``, ``gemeente_code``, ``gemeente_naam``, ``amr_code``, ``amr_code_cbs``,
        ``corop_code``, ``provincie_code``, ``population_count`` (may be missing).

    Raises:
        SchemaChangedError: When an arbeidsmarktregio code is unknown for that year: a region is
            never dropped silently.
    """
    from regiondata.regions import current_amr_code

    cols = resolve_gebieden_columns(table)
    out = []
    for r in table.rows:
        code = strip_key(r.get("RegioS", ""))
        if not code.startswith("GM"):
            continue
        pop = r.get(cols["population"]) if "population" in cols else None
        amr_cbs = strip_key(r.get(cols["amr"]) or "") or None
        amr = current_amr_code(amr_cbs, year) if amr_cbs else None
        if amr_cbs and amr is None:
            raise SchemaChangedError(
                f"CBS-tabel {table.table_id} ({table.title}) deelt gemeente {code} in bij "
                f"arbeidsmarktregio '{amr_cbs}', een code die het dashboard voor {year} niet kent. "
                "Een regio weglaten zou cijfers stil laten verdwijnen; de vorige gegevens blijven "
                "in gebruik. Voeg de code toe aan regions.AMR_CODE_CHANGES of AMR_NAMES."
            )
        out.append(
            {
                "year": year,
                "gemeente_code": code,
                "gemeente_naam": strip_key(r.get(cols.get("gemeente_naam", ""), "") or code),
                "amr_code": amr,
                "amr_code_cbs": amr_cbs,
                "corop_code": strip_key(r.get(cols["corop"]) or "") or None,
                "provincie_code": strip_key(r.get(cols["provincie"]) or "") or None,
                "population_count": None if pop is None else float(pop),
            }
        )
    return pd.DataFrame(out)


AGE_BASIS = {"_tot_aow": "15 jaar tot AOW-leeftijd", "_15plus": "15 jaar en ouder"}


def clean_bijstand_am(table: RawTable, spec: SourceSpec, year: int) -> pd.DataFrame:
    """CBS's own bijstand per arbeidsmarktregio from one yearly "Sociale zekerheid; bijstand,
    re-integratie en WSW, gemeenten <jaar>" table, to check our sums of gemeenten against.

    The age category "15 jaar tot AOW-leeftijd" counts the same people as our numerator and is
    used when the table has it; otherwise "15 jaar en ouder", and ``age_basis`` says so.
    Region codes are mapped to today's (AM31 was FoodValley up to 2016); the code CBS used is
    kept, and an unknown code keeps ``amr_code`` empty (shown as a mismatch, never dropped).

    Returns:
        Columns ``year``, ``amr_code``, ``amr_code_cbs``, ``table_id``, ``age_basis``, ``cbs``,
        ``population_cbs``.
    """
    from regiondata.regions import current_amr_code

    check_region_kinds(table, spec)
    bijstand = resolve_measure(table, spec.measures[0])
    population = resolve_measure(table, spec.measures[1])
    pick = spec.categories[0]
    cats = resolve_categories(table, pick)
    suffix = "_tot_aow" if "_tot_aow" in cats else "_15plus"
    age_key = cats[suffix]
    out = []
    for r in table.rows:
        code = strip_key(r.get(spec.region_dimension, ""))
        if not code.startswith("AM") or r.get(pick.dimension) != age_key:
            continue
        value, pop = r.get(bijstand), r.get(population)
        out.append(
            {
                "year": year,
                "amr_code": current_amr_code(code, year),
                "amr_code_cbs": code,
                "table_id": table.table_id,
                "age_basis": AGE_BASIS[suffix],
                "cbs": None if value is None else float(value),
                "population_cbs": None if pop is None else float(pop),
            }
        )
    return pd.DataFrame(
        out, columns=["year", "amr_code", "amr_code_cbs", "table_id", "age_basis", "cbs", "population_cbs"]
    )
