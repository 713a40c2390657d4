"""Regio-DNA, derived stage: commuting between regions and jobs per sector, per arbeidsmarktregio.

* **Flows**: gemeente × gemeente jobs (``cbs.flows.clean_flows``) become arbeidsmarktregio ×
  arbeidsmarktregio with the membership of the same year. Jobs are summed; the road distance is
  a jobs-weighted mean (Σ jobs·km / Σ jobs over the pairs with both known), never a plain mean.
  The totals (every job in a gemeente, every job of its residents) are summed per region too; a
  region with a member without a total gets no total (never an undercount).
* **Sectors**: jobs per A10 sector per gemeente are summed per region with the same rule as every
  other count (``aggregate.aggregate_to_amr``: too many missing members → missing).

The region indicators made from flows (share of jobs held by residents, share of residents
working inside, mean distance) are added to the ``regions`` table like any other indicator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiondata.cbs.clean import clean_table
from regiondata.cbs.flows import TOTAL_CODE, clean_flows
from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import SECTORS_A10, SOURCES_BY_KEY
from regiondata.derive.aggregate import aggregate_to_amr, membership_years
from regiondata.derive.transform import Derived
from regiondata.errors import SchemaChangedError
from regiondata.regions import NL_CODE

AMR_FLOW_COLUMNS = ["year", "woon_amr", "werk_amr", "jobs_count", "distance_km"]
SECTOR_COLUMNS = ["level", "region_code", "year", "sector_code", "sector_name", "jobs_count"]
#: CBS's code for a gemeente that is not known ("niet in te delen"), seen in public code reading
#: 85481NED: its jobs are in the totals and in no region, as expected, so no note.
UNKNOWN_GEMEENTE = "GM0000"
FLOW_INDICATORS = ("resident_job_share_pct", "work_inside_share_pct", "commute_distance_km")


def _weighted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum jobs and take the jobs-weighted mean distance per group of ``keys``."""
    known = frame["jobs_count"].notna() & frame["distance_km"].notna() & (frame["jobs_count"] > 0)
    work = frame.assign(
        _km=np.where(known, frame["jobs_count"] * frame["distance_km"], 0.0),
        _w=np.where(known, frame["jobs_count"], 0.0),
    )
    out = work.groupby(keys, as_index=False).agg(
        jobs_count=("jobs_count", lambda v: v.sum() if v.notna().all() else np.nan),
        _km=("_km", "sum"),
        _w=("_w", "sum"),
    )
    out["distance_km"] = np.where(out["_w"] > 0, out["_km"] / out["_w"].where(out["_w"] > 0), np.nan)
    return out.drop(columns=["_km", "_w"])


def aggregate_flows(flows: pd.DataFrame, membership: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Gemeente flows → arbeidsmarktregio flows, year by year, with that year's membership.

    Args:
        flows: ``year``, ``woon_code``, ``werk_code`` (GM… or ``TOTAL_CODE``), ``jobs_count``,
            ``distance_km``.
        membership: ``year``, ``gemeente_code``, ``amr_code``.

    Returns:
        The columns of ``AMR_FLOW_COLUMNS`` (``woon_amr`` or ``werk_amr`` is ``TOTAL_CODE`` for the
        totals), and Dutch notes on jobs of gemeenten that are in no region that year.
    """
    if flows.empty or membership.empty:
        return pd.DataFrame(columns=AMR_FLOW_COLUMNS), []
    years = sorted(int(y) for y in flows["year"].unique())
    ymap = membership_years(membership, years)
    frames, notes = [], []
    for year in years:
        mem = membership[membership["year"] == ymap[year]].dropna(subset=["amr_code"])
        region_of = {**dict(zip(mem["gemeente_code"], mem["amr_code"], strict=True)), TOTAL_CODE: TOTAL_CODE}
        part = flows[flows["year"] == year].copy()
        part["woon_amr"] = part["woon_code"].map(region_of)
        part["werk_amr"] = part["werk_code"].map(region_of)
        unmapped = part[part["woon_amr"].isna() | part["werk_amr"].isna()]
        # GM0000 is CBS's own "niet in te delen" (gemeente unknown): in the totals, in no region.
        unmapped = unmapped[
            ~unmapped["woon_code"].eq(UNKNOWN_GEMEENTE) & ~unmapped["werk_code"].eq(UNKNOWN_GEMEENTE)
        ]
        lost = unmapped.loc[unmapped["jobs_count"].fillna(0) > 0]
        if not lost.empty:
            codes = sorted((set(lost["woon_code"]) | set(lost["werk_code"])) - set(region_of))
            notes.append(
                f"Pendel {year}: {lost['jobs_count'].sum():,.0f} banen van of naar gemeente(n) "
                f"{', '.join(codes)} vallen in geen arbeidsmarktregio "
                "(onbekende woon- of werkgemeente); ze tellen alleen mee in de totalen.".replace(",", ".")
            )
        part = part.dropna(subset=["woon_amr", "werk_amr"])
        pairs = part[(part["woon_amr"] != TOTAL_CODE) & (part["werk_amr"] != TOTAL_CODE)]
        # A pair CBS leaves empty is a tiny flow: counted as none between regions, where the
        # published totals below keep the region's own figure exact.
        pairs = pairs.assign(jobs_count=pairs["jobs_count"].fillna(0.0))
        totals = part[(part["woon_amr"] == TOTAL_CODE) ^ (part["werk_amr"] == TOTAL_CODE)]
        out = pd.concat(
            [_weighted(pairs, ["woon_amr", "werk_amr"]), _weighted(totals, ["woon_amr", "werk_amr"])],
            ignore_index=True,
        )
        frames.append(out.assign(year=year))
    result = pd.concat(frames, ignore_index=True)[AMR_FLOW_COLUMNS]
    return result.sort_values(["year", "woon_amr", "werk_amr"], ignore_index=True), notes


def flow_indicators(amr_flows: pd.DataFrame) -> pd.DataFrame:
    """Per region and year (and for Nederland): the three indicators made from flows.

    ``resident_job_share_pct``: jobs in the region held by its own residents, % of all jobs in
    the region. ``work_inside_share_pct``: jobs of the region's residents inside the region, % of
    all their jobs. ``commute_distance_km``: the mean road distance of the jobs in the region.
    Nederland: the same over all regions together (inside own region / all jobs).

    Returns:
        ``level`` (``amr`` or ``nl``), ``region_code``, ``year`` and the three indicator columns.
    """
    cols = ["level", "region_code", "year", *FLOW_INDICATORS]
    if amr_flows.empty:
        return pd.DataFrame(columns=cols)
    f = amr_flows
    inside = f[(f["woon_amr"] == f["werk_amr"]) & (f["woon_amr"] != TOTAL_CODE)]
    inside = inside.set_index(["werk_amr", "year"])["jobs_count"]
    jobs_in = f[f["woon_amr"] == TOTAL_CODE].set_index(["werk_amr", "year"])
    jobs_of = f[f["werk_amr"] == TOTAL_CODE].set_index(["woon_amr", "year"])["jobs_count"]
    index = jobs_in.index.union(jobs_of.index).set_names(["region_code", "year"])
    amr = pd.DataFrame(index=index)
    amr["resident_job_share_pct"] = inside.reindex(index) / jobs_in["jobs_count"].reindex(index) * 100
    amr["work_inside_share_pct"] = inside.reindex(index) / jobs_of.reindex(index) * 100
    amr["commute_distance_km"] = jobs_in["distance_km"].reindex(index)
    amr = amr.reset_index()
    nl_rows = []
    for year, rows in amr_flows.groupby("year"):
        ins = rows[(rows["woon_amr"] == rows["werk_amr"]) & (rows["woon_amr"] != TOTAL_CODE)][
            "jobs_count"
        ].sum()
        tin = rows[rows["woon_amr"] == TOTAL_CODE]
        tof = rows[rows["werk_amr"] == TOTAL_CODE]
        dist = _weighted(tin.assign(k=1), ["k"])["distance_km"].iloc[0] if not tin.empty else np.nan
        nl_rows.append(
            {
                "region_code": NL_CODE,
                "year": int(year),
                "resident_job_share_pct": ins / tin["jobs_count"].sum(min_count=1) * 100,
                "work_inside_share_pct": ins / tof["jobs_count"].sum(min_count=1) * 100,
                "commute_distance_km": dist,
            }
        )
    out = pd.concat([amr.assign(level="amr"), pd.DataFrame(nl_rows).assign(level="nl")], ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out[cols]


def aggregate_sectors(cleaned: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Jobs per A10 sector: gemeenten summed per region (same-year membership) and Nederland.

    Args:
        cleaned: ``clean.clean_table`` of the ``banen_sector`` source: ``region_code``, ``year``
            and one ``jobs_<sector>_count`` column per sector.
        membership: The membership rows of every year.

    Returns:
        The long table of ``SECTOR_COLUMNS``; ``sector_code`` is the A10 letter code (``G-I``).
    """
    if cleaned.empty:
        return pd.DataFrame(columns=SECTOR_COLUMNS)
    columns = {f"jobs{suffix}_count": suffix for suffix in SECTORS_A10 if f"jobs{suffix}_count" in cleaned}
    gm = cleaned[cleaned["region_code"].str.startswith("GM")]
    gm = gm[gm[list(columns)].notna().any(axis=1)]  # dissolved gemeenten: empty rows, no member
    agg = aggregate_to_amr(
        gm.drop(columns=["period_code", "provisional"], errors="ignore"), membership, list(columns)
    )
    amr = agg.values.rename(columns={"amr_code": "region_code"}).assign(level="amr")
    nl = cleaned[cleaned["region_code"] == NL_CODE].assign(level="nl")
    wide = pd.concat([amr, nl], ignore_index=True)
    long = wide.melt(
        id_vars=["level", "region_code", "year"],
        value_vars=list(columns),
        var_name="column",
        value_name="jobs_count",
    )
    long["sector_code"] = long["column"].map(lambda c: sector_code(columns[c]))
    long["sector_name"] = long["column"].map(lambda c: SECTORS_A10[columns[c]][2])
    long["year"] = long["year"].astype("int64")
    return long[SECTOR_COLUMNS].sort_values(
        ["level", "region_code", "year", "sector_code"], ignore_index=True
    )


def sector_code(suffix: str) -> str:
    """The A10 letter code of a column suffix (``_g_i`` → ``G-I``)."""
    return suffix.strip("_").upper().replace("_", "-")


def build_dna(
    raws: list[RawTable], derived: Derived, cleaned: dict[str, pd.DataFrame] | None = None
) -> list[str]:
    """Clean and aggregate the Regio-DNA tables into ``derived`` (flows, sectors, indicators).

    A table that changed shape is left out with a Dutch note; the rest of the snapshot is
    unaffected, and the DNA page says which part is missing.

    Args:
        raws: The downloaded DNA tables (source keys of ``sources.DNA_SOURCES``).
        derived: The derived tables built from everything else; changed in place.
        cleaned: When given, the cleaned stage of each DNA table is added to it (by source key),
            so the snapshot keeps raw → cleaned → derived for these tables too.

    Returns:
        Dutch notes for *Over de data*.
    """
    notes: list[str] = []
    flow_parts: list[pd.DataFrame] = []
    sectors = pd.DataFrame(columns=SECTOR_COLUMNS)
    for raw in raws:
        spec = SOURCES_BY_KEY[raw.source_key]
        try:
            tidy = clean_flows(raw, spec) if spec.work_dimension else clean_table(raw, spec)
            if cleaned is not None:
                cleaned[raw.source_key] = tidy
            if spec.work_dimension:
                flow_parts.append(tidy.assign(_edition=len(flow_parts)))
            else:
                sectors = aggregate_sectors(tidy, derived.membership)
        except SchemaChangedError as err:
            notes.append(f"Regio-DNA: {err}")
    if flow_parts:
        gm = pd.concat(flow_parts, ignore_index=True)
        # A year in two editions: the newer edition (downloaded later) wins.
        newest = gm.groupby("year")["_edition"].transform("max")
        gm = gm[gm["_edition"] == newest].drop(columns=["_edition"])
        flows, flow_notes = aggregate_flows(gm, derived.membership)
        notes += flow_notes
        derived.flows = flows
        _merge_indicators(derived, flow_indicators(flows))
    derived.sectors = sectors
    return notes


def _merge_indicators(derived: Derived, values: pd.DataFrame) -> None:
    """Put the flow indicators into the ``regions`` table (their columns exist, empty)."""
    regions = derived.regions.drop(columns=list(FLOW_INDICATORS))
    regions = regions.merge(values, on=["level", "region_code", "year"], how="left")
    order = [c for c in derived.regions.columns]
    derived.regions = regions[order]
