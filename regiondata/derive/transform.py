"""The derived stage: cleaned CBS tables → dashboard-ready tables per level and year.

One function, ``build_derived``, used for real CBS data and demo data alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import pandas as pd

from regiondata.cbs.sources import SOURCES_BY_KEY
from regiondata.derive.aggregate import (
    aggregate_to_amr,
    membership_years,
    ratio,
    reconcile,
    weight_corop_to_amr,
)
from regiondata.errors import SchemaChangedError
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
CBS_CHECK_COLUMNS = [
    "year",
    "amr_code",
    "amr_code_cbs",
    "table_id",
    "age_basis",
    "ours",
    "cbs",
    "difference",
    "tolerance",
    "agrees",
]


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
        cbs_check: Per year and region, our sum of gemeenten against the bijstand figure CBS
            published per arbeidsmarktregio itself (``check_against_cbs``).
    """

    regions: pd.DataFrame
    membership: pd.DataFrame
    coverage: pd.DataFrame
    reconciliation: pd.DataFrame
    unmapped: pd.DataFrame
    provisional: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    cbs_check: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CBS_CHECK_COLUMNS))
    #: Regio-DNA (``derive.dna``): arbeidsmarktregio × arbeidsmarktregio commuting and jobs per
    #: sector; empty when the commuting or sector tables could not be downloaded.
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)
    sectors: pd.DataFrame = field(default_factory=pd.DataFrame)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The frames by file name, for writing a snapshot."""
        return {
            "regions": self.regions,
            "membership": self.membership,
            "coverage": self.coverage,
            "reconciliation": self.reconciliation,
            "unmapped": self.unmapped,
            "provisional": self.provisional,
            "cbs_check": self.cbs_check,
            "flows": self.flows,
            "sectors": self.sectors,
        }


def _level(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    mask = frame["region_code"] == NL_CODE if prefix == "NL" else frame["region_code"].str.startswith(prefix)
    return frame[mask].drop(columns=["period_code", "provisional"], errors="ignore")


def _merge_all(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["region_code", "year"])
    return reduce(lambda a, b: a.merge(b, on=["region_code", "year"], how="outer"), frames)


def _members_summed(coverage: pd.DataFrame) -> dict[tuple[str, int], int]:
    """Number of gemeenten with a figure per (column, year): what the region sums add up."""
    if coverage.empty:
        return {}
    cov = coverage.assign(summed=coverage["members"] - coverage["missing_members"])
    return {(str(c), int(y)): int(n) for (c, y), n in cov.groupby(["column", "year"])["summed"].sum().items()}


def _check_amr_codes(codes: pd.Series, where: str) -> None:
    """Stop when an arbeidsmarktregio code is unknown: dropping it would lose a region silently."""
    unknown = sorted(set(codes.dropna()) - set(AMR_NAMES))
    if unknown:
        raise SchemaChangedError(
            f"Onbekende arbeidsmarktregio-code(s) {', '.join(unknown)} in {where}. Het dashboard "
            "kent alleen de 35 huidige regio's en de oude codes in regions.AMR_CODE_CHANGES; de "
            "vorige gegevens blijven in gebruik."
        )


def _with_end_of_year(frame: pd.DataFrame, group: str = "region_code") -> pd.DataFrame:
    """Add the 15+ population at the end of each year: 1 January of the next year.

    Where the next year is not published yet (the newest year), 1 January of the year itself is
    used; ``density_denominator_year`` says which 1 January each row divides by.
    """
    frame = frame.copy()
    if "population_15plus_count" not in frame:
        frame["population_15plus_end_count"] = np.nan
        frame["density_denominator_year"] = np.nan
        return frame
    nxt = frame[[group, "year", "population_15plus_count"]].copy()
    nxt["year"] = nxt["year"] - 1
    nxt = nxt.rename(columns={"population_15plus_count": "_next"})
    frame = frame.merge(nxt, on=[group, "year"], how="left")
    has_next = frame["_next"].notna()
    frame["population_15plus_end_count"] = frame["_next"].where(has_next, frame["population_15plus_count"])
    frame["density_denominator_year"] = np.where(has_next, frame["year"] + 1, frame["year"])
    frame.loc[frame["population_15plus_end_count"].isna(), "density_denominator_year"] = np.nan
    return frame.drop(columns=["_next"])


def _end_of_year_amr(gm: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """The 15+ population per region at the end of each year (1 January of the next year).

    Every gemeente of 1 January Y+1 counts in the region it belonged to in year Y, so the
    denominator covers the same area as the December numerator even when a gemeente moved to
    another region on that 1 January; a gemeente that is new on that date (a merger under a
    new code) counts in its region of Y+1. Where Y+1 is not published yet, 1 January Y is used.

    Returns:
        ``region_code`` (AM), ``year``, ``population_15plus_end_count``,
        ``density_denominator_year``.
    """
    cols = ["region_code", "year", "population_15plus_end_count", "density_denominator_year"]
    if "population_15plus_count" not in gm or gm["population_15plus_count"].isna().all():
        return pd.DataFrame(columns=cols)
    pop = gm[["region_code", "year", "population_15plus_count"]]
    years = sorted(int(y) for y in gm["year"].unique())
    published = set(int(y) for y in pop.dropna()["year"].unique())
    ymap = membership_years(membership, sorted(set(years) | {y + 1 for y in years}))
    out = []
    for year in years:
        count_year = year + 1 if year + 1 in published else year
        if count_year not in published:
            continue
        region_then = membership[membership["year"] == ymap[year]].set_index("gemeente_code")["amr_code"]
        region_now = membership[membership["year"] == ymap[count_year]].set_index("gemeente_code")["amr_code"]
        part = pop[pop["year"] == count_year].copy()
        part["amr_code"] = part["region_code"].map(region_then).fillna(part["region_code"].map(region_now))
        # A member without a figure makes the region's denominator missing, never an undercount.
        sums = (
            part.dropna(subset=["amr_code"])
            .groupby("amr_code")["population_15plus_count"]
            .agg(lambda v: v.sum() if v.notna().all() else np.nan)
        )
        out += [
            {"region_code": amr, "year": year, "population_15plus_end_count": float(v),
             "density_denominator_year": count_year}
            for amr, v in sums.items()
        ]  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def _end_of_year_gemeenten(gm: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Gemeente rows with the 15+ population at the end of the year.

    A gemeente's own 1 January Y+1 figure is only used when no gemeente of its region vanished
    on that date: after a merger the absorbing gemeente's figure holds the inhabitants of the
    gemeente it absorbed, who are not in its December numerator. Then, and for the newest year,
    1 January Y is used (``density_denominator_year`` says so).
    """
    gm = _with_end_of_year(gm)
    if "population_15plus_count" not in gm:
        return gm
    codes_by_year = {
        int(y): set(f["region_code"])
        for y, f in gm.dropna(subset=["population_15plus_count"]).groupby("year")
    }
    ymap = membership_years(membership, sorted(codes_by_year))
    merged_away: set[tuple[str, int]] = set()
    for year, codes in codes_by_year.items():
        gone = codes - codes_by_year.get(year + 1, codes)
        if not gone:
            continue
        mem = membership[membership["year"] == ymap[year]].set_index("gemeente_code")["amr_code"]
        regions = {mem.get(g) for g in gone}
        merged_away |= {(g, year) for g in codes if mem.get(g) in regions}
    hit = [(c, int(y)) in merged_away for c, y in zip(gm["region_code"], gm["year"], strict=True)]
    gm.loc[hit, "population_15plus_end_count"] = gm.loc[hit, "population_15plus_count"]
    gm.loc[hit, "density_denominator_year"] = gm.loc[hit, "year"]
    return gm


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
    gm = _gemeente_counts(cleaned)
    weights = gm[["region_code", "year", "population_count"]].rename(
        columns={"region_code": "gemeente_code", "population_count": "weight"}
    )
    agg = aggregate_to_amr(gm, membership, COUNT_COLUMNS, weights=weights)
    amr = _region_rows(agg.values, gm, membership, cleaned)
    nl, notes = _national_rows(cleaned, gm)
    gm = _with_region_of_year(_end_of_year_gemeenten(gm, membership), membership)
    amr["region_name"] = amr["region_code"].map(AMR_NAMES)
    amr["amr_code"] = amr["region_code"]
    nl["region_name"] = NL_NAME
    nl["amr_code"] = None
    return Derived(
        regions=_regions_table(amr, gm, nl),
        membership=membership.reset_index(drop=True),
        coverage=agg.coverage,
        reconciliation=reconcile(amr, nl, RECONCILED, members=_members_summed(agg.coverage)),
        unmapped=agg.unmapped,
        provisional=_provisional_years(cleaned),
        notes=notes,
    )


def _with_15plus(frame: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants of 15 and older: the total less the summed single years 0 to 14."""
    if "population_0_14_count" in frame:
        frame["population_15plus_count"] = frame["population_count"] - frame["population_0_14_count"]
        frame = frame.drop(columns=["population_0_14_count"])
    return frame


def _gemeente_counts(cleaned: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every count of every gemeente and year in one frame (the sources merged on code and year)."""
    gm = _merge_all(
        [_level(cleaned.get(key, pd.DataFrame(columns=["region_code", "year"])), "GM") for key in GM_SOURCES]
    )
    # Gemeenten that no longer exist stay in CBS's tables with empty cells: no row for them.
    gm = _with_15plus(gm[gm.drop(columns=["region_code", "year"]).notna().any(axis=1)])
    for col in COUNT_COLUMNS:
        if col not in gm:
            gm[col] = np.nan
    return gm


def _region_rows(
    sums: pd.DataFrame, gm: pd.DataFrame, membership: pd.DataFrame, cleaned: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """Region rows: summed counts, the end-of-year denominator, COROP-weighted growth, and the
    figures CBS publishes per region itself (labour); every region code checked."""
    amr = sums.rename(columns={"amr_code": "region_code"})
    amr = amr.merge(_end_of_year_amr(gm, membership), on=["region_code", "year"], how="left")
    population = gm[["region_code", "year", "population_count"]].rename(
        columns={"region_code": "gemeente_code"}
    )
    if "bbp" in cleaned and not cleaned["bbp"].empty:
        gdp = weight_corop_to_amr(
            _level(cleaned["bbp"], "CR"), "gdp_volume_growth_pct", membership, population
        ).rename(columns={"amr_code": "region_code"})
        amr = _merge_all([amr, gdp])
    if "arbeidsdeelname" in cleaned and not cleaned["arbeidsdeelname"].empty:
        labour = _level(cleaned["arbeidsdeelname"], "AM")
        _check_amr_codes(labour["region_code"], "Arbeidsdeelname; regionale indeling")
        amr = _merge_all([amr, labour])
    _check_amr_codes(amr["region_code"], "de regio-indeling (Gebieden in Nederland)")
    return amr


def _national_rows(cleaned: dict[str, pd.DataFrame], gm: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The NL01 rows of every source, with the end-of-year denominator.

    A source whose national row may be missing (``optional_prefixes``) gets the sum of its
    gemeenten instead, and a note says so: never a silently missing national line.
    """
    sources = (*GM_SOURCES, "bbp", "arbeidsdeelname")
    nl = _merge_all([_level(cleaned[k], "NL") for k in sources if k in cleaned])
    notes = []
    for key in GM_SOURCES:
        spec = SOURCES_BY_KEY[key]
        if "NL" not in spec.optional_prefixes or key not in cleaned or not _level(cleaned[key], "NL").empty:
            continue
        cols = [m.column for m in spec.measures]
        sums = gm.groupby("year")[cols].sum(min_count=1).reset_index().assign(region_code=NL_CODE)
        nl = _merge_all([nl.drop(columns=[c for c in cols if c in nl]), sums])
        notes.append(
            f"CBS-tabel {spec.table_id} ({spec.title_nl}) heeft geen cijfer voor Nederland; het "
            "landelijke cijfer is hier de som van de gemeenten."
        )
    return _with_end_of_year(_with_15plus(nl)), notes


def _with_region_of_year(gm: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Gemeenten carry the region they belonged to in that year, and their name (profile pages)."""
    year_mem = membership.rename(columns={"year": "membership_year"})
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
    return gm


def _regions_table(amr: pd.DataFrame, gm: pd.DataFrame, nl: pd.DataFrame) -> pd.DataFrame:
    """All levels in one table with every indicator column, rates computed per level."""
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
    extra = ["population_15plus_count", "population_15plus_end_count", "density_denominator_year"]
    return regions[front + keys + extra].sort_values(["level", "region_code", "year"]).reset_index(drop=True)


def _provisional_years(cleaned: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``source``, ``year`` pairs CBS marks as provisional."""
    return pd.DataFrame(
        [
            {"source": key, "year": int(y)}
            for key, frame in cleaned.items()
            if "provisional" in frame
            for y in sorted(frame.loc[frame["provisional"].astype(bool), "year"].unique())
        ],
        columns=["source", "year"],
    )


def check_against_cbs(derived: Derived, published: pd.DataFrame) -> pd.DataFrame:
    """Compare our bijstand per region (sum of gemeenten) with CBS's own figure per region.

    CBS published bijstand per arbeidsmarktregio itself in the yearly "Sociale zekerheid;
    bijstand, re-integratie en WSW, gemeenten <jaar>" tables (up to 2017). CBS rounds every
    figure to tens: our sum of N gemeenten can be off by 5 per gemeente and CBS's own figure by
    5, so a difference within 5·(N + 1) is agreement within CBS's rounding.

    Args:
        derived: The derived tables (regions and coverage).
        published: ``clean.clean_bijstand_am`` rows of every year.

    Returns:
        One row per year and region: ``ours``, ``cbs``, ``difference``, ``tolerance`` and
        ``agrees``; a CBS code the dashboard does not know has ``amr_code`` missing and never
        agrees.
    """
    if published.empty:
        return pd.DataFrame(columns=CBS_CHECK_COLUMNS)
    regions = derived.regions
    ours = regions[regions["level"] == "amr"].set_index(["region_code", "year"])["bijstand_count"]
    cov = derived.coverage[derived.coverage["column"] == "bijstand_count"]
    summed = (cov["members"] - cov["missing_members"]).groupby([cov["amr_code"], cov["year"]]).sum()
    rows = []
    for r in published.itertuples():
        key = (r.amr_code, int(r.year))
        mine = ours.get(key) if isinstance(r.amr_code, str) else None
        n = int(summed.get(key, 0))
        tolerance = 5.0 * (n + 1)
        diff = None if mine is None or pd.isna(mine) or pd.isna(r.cbs) else float(mine - r.cbs)
        rows.append(
            {
                "year": int(r.year),
                "amr_code": r.amr_code,
                "amr_code_cbs": r.amr_code_cbs,
                "table_id": r.table_id,
                "age_basis": r.age_basis,
                "ours": None if mine is None or pd.isna(mine) else float(mine),
                "cbs": None if pd.isna(r.cbs) else float(r.cbs),
                "difference": diff,
                "tolerance": tolerance,
                "agrees": diff is not None and abs(diff) <= tolerance,
            }
        )
    return pd.DataFrame(rows, columns=CBS_CHECK_COLUMNS).sort_values(
        ["year", "amr_code_cbs"], ignore_index=True
    )
