"""The derived stage: cleaned CBS tables → dashboard-ready tables per level and year.

One function, ``build_derived``, used for real CBS data and demo data alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import pandas as pd

from regiondata.aggregate import aggregate_to_amr, ratio, reconcile, weight_corop_to_amr
from regiondata.indicators import INDICATORS
from regiondata.regions import AMR_NAMES, NL_CODE, NL_NAME

#: Gemeente counts that are summed into region counts.
COUNT_COLUMNS = [
    "bijstand_count",
    "ww_count",
    "ao_count",
    "population_count",
    "population_15plus_count",
    "jobs_count",
    "establishments_count",
]
GM_SOURCES = ("bijstand", "bevolking", "banen", "vestigingen")
RECONCILED = ["bijstand_count", "population_count", "jobs_count", "establishments_count"]


@dataclass
class Derived:
    """Everything the dashboard reads.

    Attributes:
        regions: One row per ``level`` (``amr``, ``gemeente``, ``nl``), ``region_code`` and
            ``year``, with ``region_name``, ``amr_code`` (for gemeenten: their region that year)
            and one column per indicator key.
        membership: Gemeente → region per membership year.
        coverage: Per region, year and column: members and missing members.
        reconciliation: Sum over regions against the national total.
        unmapped: Gemeenten with figures that no membership table places in a region.
        provisional: ``source``, ``year`` pairs CBS marks as provisional.
    """

    regions: pd.DataFrame
    membership: pd.DataFrame
    coverage: pd.DataFrame
    reconciliation: pd.DataFrame
    unmapped: pd.DataFrame
    provisional: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The frames by file name, for writing a snapshot."""
        return {
            "regions": self.regions,
            "membership": self.membership,
            "coverage": self.coverage,
            "reconciliation": self.reconciliation,
            "unmapped": self.unmapped,
            "provisional": self.provisional,
        }


def _level(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    mask = frame["region_code"] == NL_CODE if prefix == "NL" else frame["region_code"].str.startswith(prefix)
    return frame[mask].drop(columns=["period_code", "provisional"], errors="ignore")


def _merge_all(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["region_code", "year"])
    return reduce(lambda a, b: a.merge(b, on=["region_code", "year"], how="outer"), frames)


def add_rates(frame: pd.DataFrame, group: str = "region_code") -> pd.DataFrame:
    """Add ratio and growth indicators computed from the count columns.

    Growth compares with exactly the previous year; a gap in the series gives NaN.
    """
    frame = frame.sort_values([group, "year"]).copy()
    for ind in INDICATORS:
        if ind.aggregation == "ratio" and ind.numerator in frame and ind.denominator in frame:
            frame[ind.key] = ratio(frame[ind.numerator], frame[ind.denominator], ind.scale)
        elif ind.aggregation == "growth" and ind.numerator in frame:
            prev = frame.groupby(group)[ind.numerator].shift(1)
            prev_year = frame.groupby(group)["year"].shift(1)
            growth = ratio(frame[ind.numerator] - prev, prev, 100.0)
            frame[ind.key] = growth.where(prev_year == frame["year"] - 1)
    return frame


def build_derived(cleaned: dict[str, pd.DataFrame]) -> Derived:
    """Build the dashboard tables from the cleaned source tables.

    Args:
        cleaned: Source key → cleaned frame (``clean.clean_table``); ``gebieden`` holds the
            membership rows of every year (``clean.clean_gebieden``).

    Returns:
        The derived tables.
    """
    membership = cleaned["gebieden"].copy()
    gm_parts = []
    for key in GM_SOURCES:
        frame = cleaned.get(key, pd.DataFrame(columns=["region_code", "year"]))
        gm_parts.append(_level(frame, "GM"))
    gm = _merge_all(gm_parts)
    if "population_0_14_count" in gm:
        gm["population_15plus_count"] = gm["population_count"] - gm["population_0_14_count"]
        gm = gm.drop(columns=["population_0_14_count"])
    for col in COUNT_COLUMNS:
        if col not in gm:
            gm[col] = np.nan
    weights = gm[["region_code", "year", "population_count"]].rename(
        columns={"region_code": "gemeente_code", "population_count": "weight"}
    )
    agg = aggregate_to_amr(gm, membership, COUNT_COLUMNS, weights=weights)
    amr = agg.values.rename(columns={"amr_code": "region_code"})

    population = gm[["region_code", "year", "population_count"]].rename(
        columns={"region_code": "gemeente_code"}
    )
    if "bbp" in cleaned and not cleaned["bbp"].empty:
        gdp = weight_corop_to_amr(
            _level(cleaned["bbp"], "CR"), "gdp_volume_growth_pct", membership, population
        ).rename(columns={"amr_code": "region_code"})
        amr = _merge_all([amr, gdp])
    if "arbeidsdeelname" in cleaned and not cleaned["arbeidsdeelname"].empty:
        amr = _merge_all([amr, _level(cleaned["arbeidsdeelname"], "AM")])
    amr = amr[amr["region_code"].isin(AMR_NAMES)]

    nl = _merge_all(
        [_level(cleaned[k], "NL") for k in (*GM_SOURCES, "bbp", "arbeidsdeelname") if k in cleaned]
    )
    if "population_0_14_count" in nl:
        nl["population_15plus_count"] = nl["population_count"] - nl["population_0_14_count"]
        nl = nl.drop(columns=["population_0_14_count"])

    # Gemeenten carry the region they belonged to in that year (for profile pages).
    year_mem = membership.rename(columns={"year": "membership_year"})
    from regiondata.aggregate import membership_years

    ymap = membership_years(membership, sorted(int(y) for y in gm["year"].unique()))
    gm["membership_year"] = gm["year"].map(ymap)
    gm = gm.merge(
        year_mem[["membership_year", "gemeente_code", "amr_code", "gemeente_naam"]].rename(
            columns={"gemeente_code": "region_code", "gemeente_naam": "region_name"}
        ),
        on=["membership_year", "region_code"],
        how="left",
    ).drop(columns=["membership_year"])
    latest_names = membership.sort_values("year").groupby("gemeente_code")["gemeente_naam"].last().to_dict()
    gm["region_name"] = (
        gm["region_name"].fillna(gm["region_code"].map(latest_names)).fillna(gm["region_code"])
    )

    amr["region_name"] = amr["region_code"].map(AMR_NAMES)
    amr["amr_code"] = amr["region_code"]
    nl["region_name"] = NL_NAME
    nl["amr_code"] = None
    regions = pd.concat(
        [
            add_rates(amr).assign(level="amr"),
            add_rates(gm).assign(level="gemeente"),
            add_rates(nl).assign(level="nl"),
        ],
        ignore_index=True,
    )
    regions["year"] = regions["year"].astype("int64")
    keys = [i.key for i in INDICATORS]
    for key in keys:
        if key not in regions:
            regions[key] = np.nan
    front = ["level", "region_code", "region_name", "amr_code", "year"]
    regions = regions[front + keys + ["population_15plus_count"]].sort_values(
        ["level", "region_code", "year"]
    )

    provisional = pd.DataFrame(
        [
            {"source": key, "year": int(y)}
            for key, frame in cleaned.items()
            if "provisional" in frame
            for y in sorted(frame.loc[frame["provisional"].astype(bool), "year"].unique())
        ],
        columns=["source", "year"],
    )
    return Derived(
        regions=regions.reset_index(drop=True),
        membership=membership.reset_index(drop=True),
        coverage=agg.coverage,
        reconciliation=reconcile(amr, nl, RECONCILED),
        unmapped=agg.unmapped,
        provisional=provisional,
    )
