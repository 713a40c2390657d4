"""From gemeente (or COROP) figures to arbeidsmarktregio figures, with the membership of the year.

Rules (see the README): counts are summed; rates are recomputed from summed numerators and
denominators, never averaged; a region whose missing members hold more than a tolerated share
of its population becomes missing rather than an undercount; gemeenten that no membership
table places in a region are reported; COROP growth is weighted to regions by population.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Share of a region's population that may sit in gemeenten without a value (CBS suppresses
#: very small cells) before the regional figure is withheld.
DEFAULT_MAX_MISSING_SHARE = 0.02


@dataclass
class Aggregated:
    """Result of an aggregation: values per region-year plus what went into them."""

    values: pd.DataFrame  # amr_code, year, <columns>
    coverage: pd.DataFrame  # amr_code, year, column, members, missing_members, missing_share
    unmapped: pd.DataFrame  # year, gemeente_code, column


def membership_years(membership: pd.DataFrame, years: list[int]) -> dict[int, int]:
    """Map each data year to the membership year used for it.

    Uses the same year when CBS published a "Gebieden in Nederland" table for it; otherwise the
    nearest year (earlier years take the oldest table, newer years the newest).
    """
    available = sorted(int(y) for y in membership["year"].unique())
    if not available:
        return {}
    return {y: min(available, key=lambda a: (abs(a - y), -a)) for y in years}


def aggregate_to_amr(
    values: pd.DataFrame,
    membership: pd.DataFrame,
    columns: list[str],
    weights: pd.DataFrame | None = None,
    max_missing_share: float = DEFAULT_MAX_MISSING_SHARE,
) -> Aggregated:
    """Sum gemeente counts into arbeidsmarktregio counts, year by year.

    Args:
        values: ``region_code`` (GM…), ``year`` and the count columns.
        membership: ``year``, ``gemeente_code``, ``amr_code`` (and optionally
            ``population_count``), one row per gemeente per membership year.
        columns: Count columns to sum.
        weights: Optional ``gemeente_code``, ``year``, ``weight`` used to judge how much of a
            region is missing; defaults to membership population, else every member counts 1.
        max_missing_share: Tolerated missing share of the region's weight.

    Returns:
        Region values, coverage per region-year-column and unmapped gemeenten.
    """
    years = sorted(int(y) for y in values["year"].unique()) if len(values) else []
    year_map = membership_years(membership, years)
    frames, coverage, unmapped = [], [], []
    for year in years:
        mem = membership[membership["year"] == year_map[year]][["gemeente_code", "amr_code"]]
        mem = mem.dropna(subset=["amr_code"])
        data = values[values["year"] == year].rename(columns={"region_code": "gemeente_code"})
        w = _weights_for(year, year_map[year], mem, membership, weights)
        merged = mem.merge(data[["gemeente_code", *columns]], on="gemeente_code", how="left")
        merged = merged.merge(w, on="gemeente_code", how="left")
        merged["weight"] = merged["weight"].fillna(0.0)
        total_weight = merged.groupby("amr_code")["weight"].sum()
        out = pd.DataFrame({"amr_code": sorted(mem["amr_code"].unique())}).set_index("amr_code")
        for col in columns:
            missing = merged[col].isna()
            missing_w = merged[missing].groupby("amr_code")["weight"].sum()
            share = (missing_w.reindex(total_weight.index, fill_value=0.0) / total_weight).fillna(0)
            sums = merged.groupby("amr_code")[col].sum(min_count=1)
            sums[share.reindex(sums.index) > max_missing_share] = np.nan
            out[col] = sums
            by_region = missing.groupby(merged["amr_code"])
            counts = pd.DataFrame({"members": by_region.size(), "missing_members": by_region.sum()})
            cov = counts.join(share.rename("missing_share")).reset_index()
            cov["year"], cov["column"] = year, col
            coverage.append(cov)
            lost = sorted(set(data.loc[data[col].notna(), "gemeente_code"]) - set(mem["gemeente_code"]))
            unmapped += [{"year": year, "gemeente_code": g, "column": col} for g in lost]
        out["year"] = year
        frames.append(out.reset_index())
    cov_cols = ["amr_code", "year", "column", "members", "missing_members", "missing_share"]
    return Aggregated(
        values=pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["amr_code", "year", *columns]),
        coverage=pd.concat(coverage, ignore_index=True)[cov_cols]
        if coverage
        else pd.DataFrame(columns=cov_cols),
        unmapped=pd.DataFrame(unmapped, columns=["year", "gemeente_code", "column"]),
    )


def _weights_for(
    year: int,
    mem_year: int,
    mem: pd.DataFrame,
    membership: pd.DataFrame,
    weights: pd.DataFrame | None,
) -> pd.DataFrame:
    if weights is not None:
        w = weights[weights["year"] == year][["gemeente_code", "weight"]]
        if w["weight"].notna().any():
            return w
    m = membership[membership["year"] == mem_year]
    if "population_count" in m and m["population_count"].notna().any():
        return m[["gemeente_code", "population_count"]].rename(columns={"population_count": "weight"})
    return pd.DataFrame({"gemeente_code": mem["gemeente_code"], "weight": 1.0})


def ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    """Recompute a rate from (summed) numerator and denominator; zero or missing gives NaN."""
    den = denominator.where(denominator > 0)
    return numerator / den * scale


def weight_corop_to_amr(
    corop_values: pd.DataFrame,
    column: str,
    membership: pd.DataFrame,
    population: pd.DataFrame,
    max_missing_share: float = DEFAULT_MAX_MISSING_SHARE,
) -> pd.DataFrame:
    """Approximate an arbeidsmarktregio figure from COROP figures, weighted by population.

    Arbeidsmarktregio's do not nest in COROP areas. Each region is cut into its parts per COROP
    area (the gemeenten it shares with that area); the region's figure is the average of the
    COROP figures weighted by the population of each part. The result is an approximation and
    is flagged as such wherever it is shown.

    Args:
        corop_values: ``region_code`` (CR…), ``year``, ``column``.
        column: The figure to weight (a growth rate).
        membership: ``year``, ``gemeente_code``, ``amr_code``, ``corop_code``.
        population: ``gemeente_code``, ``year``, ``population_count``.
        max_missing_share: Tolerated population share in COROP parts without a value.

    Returns:
        ``amr_code``, ``year``, ``column``.
    """
    years = sorted(int(y) for y in corop_values["year"].unique()) if len(corop_values) else []
    year_map = membership_years(membership, years)
    out = []
    for year in years:
        mem = membership[membership["year"] == year_map[year]].dropna(subset=["amr_code", "corop_code"])[
            ["gemeente_code", "amr_code", "corop_code"]
        ]
        pop = population[population["year"] == year][["gemeente_code", "population_count"]]
        if pop.empty:  # population not yet published for the newest year: nearest earlier year
            earlier = population[population["year"] <= year]
            if not earlier.empty:
                pop = earlier[earlier["year"] == earlier["year"].max()][["gemeente_code", "population_count"]]
        parts = mem.merge(pop, on="gemeente_code", how="left")
        parts = parts.groupby(["amr_code", "corop_code"], as_index=False)["population_count"].sum()
        growth = corop_values[corop_values["year"] == year][["region_code", column]]
        parts = parts.merge(growth.rename(columns={"region_code": "corop_code"}), on="corop_code", how="left")
        for amr, grp in parts.groupby("amr_code"):
            total = grp["population_count"].sum()
            known = grp[grp[column].notna()]
            if total <= 0 or (total - known["population_count"].sum()) / total > max_missing_share:
                value = np.nan
            else:
                value = float(
                    (known[column] * known["population_count"]).sum() / known["population_count"].sum()
                )
            out.append({"amr_code": amr, "year": year, column: value})
    return pd.DataFrame(out, columns=["amr_code", "year", column])


#: How CBS rounds each gemeente figure of a count before publishing it (1 = exact). 80794ned
#: publishes persons rounded to tens; 83582NED jobs in thousands with one decimal (hundreds).
ROUNDED_TO = {"bijstand_count": 10, "ww_count": 10, "ao_count": 10, "jobs_count": 100, "population_count": 1}


def reconcile(
    regional: pd.DataFrame,
    national: pd.DataFrame,
    columns: list[str],
    tolerance_pct: float = 1.0,
    members: dict[tuple[str, int], int] | None = None,
) -> pd.DataFrame:
    """Compare the sum over regions with CBS's national total, for every year with a total.

    CBS's national totals include people whose gemeente is unknown, and CBS rounds every
    gemeente figure on its own (80794ned to tens): the sum of N rounded gemeenten can differ
    from the rounded national total by up to half the rounding unit times N, which is the same
    size as the "gemeente onbekend" group. ``rounding_bound`` is that maximum, so a remainder
    within it says nothing about people without a gemeente. Years where some regions have no
    figure are reported too, with ``regions_missing``.

    Args:
        regional: Region rows (``year`` and the columns).
        national: NL rows.
        columns: Count columns to compare.
        tolerance_pct: Remainder (in % of the national total) above which a note is made.
        members: (column, year) → number of gemeenten summed, for the rounding bound.

    Returns:
        ``year``, ``column``, ``national``, ``regions_sum``, ``remainder``, ``remainder_pct``,
        ``within_tolerance``, ``regions_missing``, ``gemeenten``, ``rounding_bound``.
    """
    rows = []
    for col in columns:
        if col not in regional or col not in national:
            continue
        sums = regional.groupby("year")[col].sum(min_count=1)
        missing = regional.groupby("year")[col].apply(lambda s: int(s.isna().sum()))
        for _, nl in national.iterrows():
            year = int(nl["year"])
            if pd.isna(nl.get(col)) or year not in sums.index or pd.isna(sums[year]):
                continue
            remainder = float(nl[col] - sums[year])
            pct = remainder / float(nl[col]) * 100 if nl[col] else np.nan
            n = (members or {}).get((col, year))
            unit = ROUNDED_TO.get(col)
            rows.append(
                {
                    "year": year,
                    "column": col,
                    "national": float(nl[col]),
                    "regions_sum": float(sums[year]),
                    "remainder": remainder,
                    "remainder_pct": pct,
                    "within_tolerance": bool(abs(pct) <= tolerance_pct) and int(missing.get(year, 0)) == 0,
                    "regions_missing": int(missing.get(year, 0)),
                    "gemeenten": n,
                    "rounding_bound": float(unit / 2 * n) if n and unit and unit > 1 else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)


RECONCILIATION_COLUMNS = [
    "year",
    "column",
    "national",
    "regions_sum",
    "remainder",
    "remainder_pct",
    "within_tolerance",
    "regions_missing",
    "gemeenten",
    "rounding_bound",
]
