"""The woon-werk (commuting) tables: download query and cleaning of gemeente × gemeente flows.

83628NED (2014–2020) and its successor 85481NED (2021 onwards) have two region dimensions,
``WoonregioS`` (where the employee lives) and ``WerkregioS`` (where the job is), each holding
Nederland, landsdelen, provincies, COROP-gebieden and gemeenten. The full matrix is large (about
350 × 350 gemeenten per year, every pair listed even when it is zero), so we ask CBS for exactly
three blocks: gemeente → gemeente, the total of all residents → gemeente (every job in a
gemeente), and gemeente → total (every job of a gemeente's residents); December only, from
``FIRST_YEAR``. Provinces, COROP areas and landsdelen are never downloaded.

Evidence (tests/cbs_evidence.json): the dimension keys and the topic ``BanenVanWerknemers_1``
(x 1 000) are seen in public code reading 85481NED with the period key ``2022MM12``; CBS's page for
83628NED shows "2014 december" … "2020 december", but its period *keys* were not found: both
``YYYYMM12`` and ``YYYYJJ00`` are accepted, anything else stops the refresh naming the table.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from regiondata.cbs.clean import (
    check_region_kinds,
    is_provisional,
    parse_period,
    resolve_measure,
    select_periods,
    strip_key,
)
from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import SourceSpec
from regiondata.config import FIRST_YEAR
from regiondata.errors import SchemaChangedError

#: Our code for "every region" (CBS: "Nederland, Buitenland, Niet in te delen", else "Nederland").
TOTAL_CODE = "TOTAAL"
#: Titles of the total category, broadest first. The first is seen on CBS's page of 85481NED;
#: 83628NED's page shows only "Nederland" (NL01), which leaves out residents abroad.
_TOTAL_TITLES = ("nederland, buitenland, niet in te delen", "nederland")
FLOW_COLUMNS = ["year", "period_code", "provisional", "woon_code", "werk_code", "jobs_count", "distance_km"]


def total_key(table: RawTable, dimension: str) -> str:
    """The padded key of the broadest total category of a region dimension.

    Raises:
        SchemaChangedError: When the dimension has neither total (names the table).
    """
    rows = table.dimensions.get(dimension) or []
    for title in _TOTAL_TITLES:
        hit = next((r["Key"] for r in rows if str(r.get("Title", "")).strip().casefold() == title), None)
        if hit is not None:
            return str(hit)
    hit = next((r["Key"] for r in rows if strip_key(r["Key"]) == "NL01"), None)
    if hit is None:
        raise SchemaChangedError(
            f"CBS-tabel {table.table_id} ({table.title}): de indeling '{dimension}' heeft geen totaal "
            "('Nederland'). Zonder dat totaal is het aandeel van de eigen inwoners niet te berekenen; "
            "de overige gegevens blijven bruikbaar."
        )
    return str(hit)


def flow_periods(table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR) -> list[str]:
    """December periods from ``first_year``: ``YYYYMM12`` keys, else ``YYYYJJ00`` keys.

    Raises:
        SchemaChangedError: When the table has neither (names the table and what it has).
    """
    keys = select_periods(table, spec, first_year)
    if not keys:
        keys = select_periods(table, dataclasses.replace(spec, frequency="JJ", month=None), first_year)
    if not keys:
        have = ", ".join(strip_key(r["Key"]) for r in (table.dimensions.get(spec.period_dimension) or [])[:6])
        raise SchemaChangedError(
            f"CBS-tabel {table.table_id} ({table.title}) heeft geen december- of jaarcijfers vanaf "
            f"{first_year} (perioden: {have or 'geen'}). De pendelcijfers zijn niet bijgewerkt."
        )
    return keys


def build_flow_query(
    table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR, nonzero: bool = True
) -> tuple[str, list[str]]:
    """The ``$filter`` and ``$select`` for a woon-werk table (three blocks, December only).

    Args:
        table: The table's metadata (dimension lists, DataProperties).
        spec: The source.
        first_year: The first December to download.
        nonzero: Leave out gemeente pairs without jobs (``BanenVanWerknemers_1 gt 0``). CBS
            lists every pair, and most pairs of gemeenten far apart are 0; they add nothing to
            any sum. Evidence that CBS filters on a topic column is thin (one public report of a
            topic filter being accepted), so the client retries without it when CBS refuses.

    Returns:
        The filter expression and the fields to select.
    """
    woon, werk = spec.region_dimension, spec.work_dimension
    check_region_kinds(table, spec, where="dimension")
    check_region_kinds(table, dataclasses.replace(spec, region_dimension=werk), where="dimension")
    total_woon, total_werk = total_key(table, woon), total_key(table, werk)
    periods = " or ".join(f"{spec.period_dimension} eq '{k}'" for k in flow_periods(table, spec, first_year))
    jobs_key = resolve_measure(table, spec.measures[0])
    jobs_only = f" and {jobs_key} gt 0" if nonzero else ""
    blocks = (
        f"(substringof('GM',{woon}) and substringof('GM',{werk}){jobs_only})",
        f"({woon} eq '{total_woon}' and substringof('GM',{werk}))",
        f"(substringof('GM',{woon}) and {werk} eq '{total_werk}')",
    )
    select = [woon, werk, spec.period_dimension] + [resolve_measure(table, m) for m in spec.measures]
    return f"({periods}) and ({' or '.join(blocks)})", select


def clean_flows(table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR) -> pd.DataFrame:
    """Tidy gemeente flows from a woon-werk table.

    Returns:
        Columns of ``FLOW_COLUMNS``: one row per year, gemeente of residence and gemeente of work,
        jobs (not thousands) and the mean road distance in km; the total category is
        ``TOTAL_CODE``. A pair CBS leaves empty (".") keeps ``jobs_count`` missing.

    Raises:
        SchemaChangedError: A measure, the total or the December periods are missing.
    """
    woon, werk = spec.region_dimension, spec.work_dimension
    jobs_key = resolve_measure(table, spec.measures[0])
    dist_key = resolve_measure(table, spec.measures[1])
    totals = {total_key(table, woon), total_key(table, werk)}
    periods = set(flow_periods(table, spec, first_year))
    provisional = {str(r["Key"]): is_provisional(r) for r in table.dimensions.get(spec.period_dimension, [])}

    def code(value: Any) -> str:
        return TOTAL_CODE if value in totals else strip_key(value)

    out = []
    for row in table.rows:
        period = row.get(spec.period_dimension)
        if period not in periods:
            continue
        w, j = code(row.get(woon)), code(row.get(werk))
        if not ((w.startswith("GM") or w == TOTAL_CODE) and (j.startswith("GM") or j == TOTAL_CODE)):
            continue
        jobs, dist = row.get(jobs_key), row.get(dist_key)
        out.append(
            {
                "year": parse_period(period)[0],  # type: ignore[index]
                "period_code": strip_key(period),
                "provisional": provisional.get(period, False),
                "woon_code": w,
                "werk_code": j,
                "jobs_count": None if jobs is None else float(jobs) * spec.measures[0].scale,
                "distance_km": None if dist is None else float(dist),
            }
        )
    return pd.DataFrame(out, columns=FLOW_COLUMNS)
