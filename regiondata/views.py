"""Query functions the pages call: small, tested, no streamlit."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from regiondata.indicators import INDICATORS_BY_KEY, Indicator
from regiondata.snapshot import Snapshot
from regiondata.sources import SOURCES_BY_KEY

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")  # fmt: skip


def format_date_nl(value: str | datetime) -> str:
    """Format a date the Dutch way: ``27 november 2026``."""
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{dt.day} {MONTHS_NL[dt.month - 1]} {dt.year}"


def latest_year(regions: pd.DataFrame, key: str, level: str = "amr", upto: int | None = None) -> int | None:
    """The newest year in which most regions of a level have a value for an indicator."""
    frame = regions[(regions["level"] == level) & regions[key].notna()]
    if upto is not None:
        frame = frame[frame["year"] <= upto]
    if frame.empty:
        return None
    counts = frame.groupby("year").size()
    full = counts[counts >= counts.max() * 0.8]
    return int(full.index.max())


def region_table(
    snapshot: Snapshot, keys: list[str], level: str = "amr"
) -> tuple[pd.DataFrame, dict[str, int]]:
    """One row per region with each indicator at its own newest year.

    Returns:
        The table (``region_code``, ``region_name`` and one column per key) and the year used per key.
    """
    regions = snapshot.derived.regions
    base = regions[regions["level"] == level][["region_code", "region_name"]].drop_duplicates("region_code")
    years: dict[str, int] = {}
    for key in keys:
        year = latest_year(regions, key, level)
        if year is None:
            base[key] = float("nan")
            continue
        years[key] = year
        values = regions[(regions["level"] == level) & (regions["year"] == year)].set_index("region_code")[
            key
        ]
        base[key] = base["region_code"].map(values)
    return base.sort_values("region_code").reset_index(drop=True), years


def data_years(snapshot: Snapshot) -> tuple[int, int]:
    """First and last year with bijstand figures for the regions (the dashboard's time frame)."""
    regions = snapshot.derived.regions
    years = regions.loc[(regions["level"] == "amr") & regions["bijstand_count"].notna(), "year"]
    if years.empty:
        years = regions["year"]
    return int(years.min()), int(years.max())


def national_value(snapshot: Snapshot, key: str, year: int) -> float | None:
    """The national (NL01) value of an indicator in a year."""
    regions = snapshot.derived.regions
    row = regions[(regions["level"] == "nl") & (regions["year"] == year)]
    if row.empty or pd.isna(row.iloc[0][key]):
        return None
    return float(row.iloc[0][key])


def column_label(indicator: Indicator, year: int | None) -> str:
    """A table header: short title, unit hint and year, e.g. ``Bijstand per 1.000 (2025)``."""
    suffix = f" ({year})" if year else ""
    if indicator.aggregation == "growth" and year:
        suffix = f" ({year - 1}–{year})"
    return f"{indicator.short}{suffix}"


def source_line(snapshot: Snapshot, keys: list[str]) -> str:
    """The credit line for a view: CBS table ids with retrieval date, licence, demo label."""
    sources: list[str] = []
    for key in keys:
        for src in INDICATORS_BY_KEY[key].sources:
            if src not in sources:
                sources.append(src)
    parts = []
    for src in sources:
        rec = snapshot.table(src)
        if rec is None:
            continue
        when = format_date_nl(rec.retrieved_at)
        parts.append(f"{rec.table_id} ({SOURCES_BY_KEY[src].title_nl.split(';')[0]}, opgehaald {when})")
    text = "Bron: CBS, tabel " + "; ".join(parts) + ". Licentie CC BY 4.0."
    if snapshot.is_demo:
        text = "DEMODATA (verzonnen cijfers in de vorm van CBS-tabellen) — " + text
    return text


def snapshot_age_text(snapshot: Snapshot, now: datetime | None = None) -> str:
    """How old the data is, in Dutch (``vandaag``, ``3 dagen oud``)."""
    from datetime import UTC

    now = now or datetime.now(UTC)
    days = (now - snapshot.created_at).days
    if days <= 0:
        return "vandaag opgehaald"
    if days == 1:
        return "1 dag oud"
    return f"{days} dagen oud"


def tables_overview(snapshot: Snapshot) -> pd.DataFrame:
    """Every downloaded table with its provenance, with Dutch headers (for the sources page)."""
    rows = []
    for t in snapshot.tables:
        key = t.source.split("_")[0]
        rows.append(
            {
                "Tabel": t.table_id,
                "Titel": t.title,
                "Gebruikt voor": SOURCES_BY_KEY[key].title_nl if key in SOURCES_BY_KEY else key,
                "CBS gewijzigd": t.modified[:10],
                "Opgehaald": t.retrieved_at[:16].replace("T", " "),
                "Rijen": t.rows,
                "Perioden": " – ".join(t.periods),
                "Voorlopig": ", ".join(t.provisional_periods) or "–",
                "Status bij CBS": t.output_status or "–",
                "Licentie": "CC BY 4.0, Bron: CBS",
            }
        )
    return pd.DataFrame(rows)


def indicators_overview() -> pd.DataFrame:
    """Every indicator with its definition and how the region figure is made (Dutch headers)."""
    from regiondata.indicators import INDICATORS

    rows = []
    for ind in INDICATORS:
        tables = []
        for src in ind.sources:
            spec = SOURCES_BY_KEY[src]
            tables.append(spec.table_id or f"'{spec.title_nl}' (nieuwste uit de catalogus)")
        rows.append(
            {
                "Indicator": ind.title,
                "Definitie": ind.description,
                "Eenheid": ind.unit,
                "Gepubliceerd op": ind.published_level,
                "Zo maken we het regiocijfer": ind.how_amr,
                "Benadering": "ja" if ind.approximation else "nee",
                "CBS-tabel(len)": ", ".join(tables),
            }
        )
    return pd.DataFrame(rows)


def quality_overview(snapshot: Snapshot) -> pd.DataFrame:
    """Reconciliation of the newest year per count with the national total (Dutch headers)."""
    rec = snapshot.derived.reconciliation
    if rec.empty:
        return pd.DataFrame()
    newest = rec.sort_values("year").groupby("column").tail(1)
    return pd.DataFrame(
        {
            "Cijfer": [INDICATORS_BY_KEY[c].title if c in INDICATORS_BY_KEY else c for c in newest["column"]],
            "Jaar": newest["year"].astype(int).to_numpy(),
            "Nederland (CBS)": newest["national"].round(0).to_numpy(),
            "Som van de 35 regio's": newest["regions_sum"].round(0).to_numpy(),
            "Verschil": newest["remainder"].round(0).to_numpy(),
            "Verschil %": newest["remainder_pct"].round(2).to_numpy(),
        }
    )
