"""Query functions the pages call: small, tested, no streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from regiondata.cbs.sources import SOURCES_BY_KEY
from regiondata.derive.snapshot import Snapshot
from regiondata.dutch import MONTHS_NL
from regiondata.indicators import INDICATORS_BY_KEY, Indicator, format_value
from regiondata.model.wording import dutch_number
from regiondata.regions import amr_label


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


def default_period(snapshot: Snapshot) -> tuple[int, int]:
    """The default period: the widest period with both bijstand and jobs figures."""
    from regiondata.model.periods import common_period

    return common_period(snapshot.derived.regions, ["bijstand_count", "jobs_count"])


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


def source_line(snapshot: Snapshot, keys: list[str], short: bool = False) -> str:
    """The credit line for a view: CBS table ids with retrieval date, licence, demo label.

    ``short``: for a slide, where the footer must not eat the chart: table ids and one date,
    without the tables' titles (the normal view, the CSV and *Over de data* have them).
    """
    sources: list[str] = []
    for key in keys:
        for src in INDICATORS_BY_KEY[key].sources:
            if src not in sources:
                sources.append(src)
    parts, dates = [], []
    for src in sources:
        rec = snapshot.table(src)
        if rec is None:
            continue
        when = format_date_nl(rec.retrieved_at)
        dates.append((rec.retrieved_at, when))
        parts.append(f"{rec.table_id} ({SOURCES_BY_KEY[src].title_nl.split(';')[0]}, opgehaald {when})")
    fallback = density_fallback_years(snapshot) if "bijstand_per_1000" in keys else []
    years = ", ".join(str(y) for y in fallback)
    if short:
        ids = ", ".join(p.split(" ", 1)[0] for p in parts)
        first, last = min(dates, default=(None, "")), max(dates, default=(None, ""))
        when = first[1] if first[1] == last[1] else f"{first[1]} t/m {last[1]}"
        text = f"Bron: CBS, tabel {ids} (opgehaald {when}). CC BY 4.0."
        if fallback:
            text += f" Bijstand per 1.000 in {years}: inwoners op 1 januari van dat jaar."
        return ("DEMODATA (verzonnen cijfers) — " + text) if snapshot.is_demo else text
    text = "Bron: CBS, tabel " + "; ".join(parts) + ". Licentie CC BY 4.0."
    if fallback:
        text += (
            f" Bijstand per 1.000 in {years}: gedeeld door de inwoners op 1 januari van dat jaar, "
            "omdat de stand aan het eind van het jaar nog niet gepubliceerd is."
        )
    if snapshot.is_demo:
        text = "DEMODATA (verzonnen cijfers in de vorm van CBS-tabellen) — " + text
    return text


def density_fallback_years(snapshot: Snapshot) -> list[int]:
    """Years whose regional density divides by 1 January of the same year instead of the next.

    That happens for the newest year, before CBS publishes the population of the next
    1 January. Snapshots of older versions have no ``density_denominator_year``: none listed.
    """
    if "_density_fallback" not in snapshot.__dict__:
        regions = snapshot.derived.regions
        years: list[int] = []
        if "density_denominator_year" in regions:
            amr = regions[(regions["level"] == "amr") & regions["bijstand_per_1000"].notna()]
            years = sorted({int(y) for y in amr.loc[amr["density_denominator_year"] == amr["year"], "year"]})
        snapshot.__dict__["_density_fallback"] = years
    return snapshot.__dict__["_density_fallback"]


def retrieval_text(snapshot: Snapshot) -> str:
    """When the tables were retrieved, worded as on every chart: ``opgehaald 27 november 2026``."""
    stamps = sorted(t.retrieved_at for t in snapshot.tables if t.retrieved_at)
    if not stamps:
        return f"gemaakt {format_date_nl(snapshot.created_at)}"
    first, last = format_date_nl(stamps[0]), format_date_nl(stamps[-1])
    return f"opgehaald {last}" if first == last else f"opgehaald {first} tot en met {last}"


def snapshot_age_text(snapshot: Snapshot, now: datetime | None = None) -> str:
    """How long ago the newest table was retrieved, in Dutch (``vandaag``, ``3 dagen geleden``)."""
    from datetime import UTC

    now = now or datetime.now(UTC)
    stamps = [datetime.fromisoformat(t.retrieved_at) for t in snapshot.tables if t.retrieved_at]
    newest = max(stamps) if stamps else snapshot.created_at
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    days = (now - newest).days
    if days <= 0:
        return "vandaag"
    if days == 1:
        return "gisteren"
    return f"{days} dagen geleden"


#: The order an advisor looks for tables in: bijstand, economy, population, then membership.
_SOURCE_ORDER = (
    "bijstand",
    "bijstand_am",
    "banen",
    "vestigingen",
    "bbp",
    "arbeidsdeelname",
    "banen_sector",
    "pendel_oud",
    "pendel",
    "bevolking",
    "gebieden",
)


def refresh_failure_text(err: Exception) -> tuple[str, str]:
    """A failed refresh in plain Dutch: what went wrong and what to do (the detail stays apart).

    Returns:
        ``(cause, what_to_do)``; the error's own message is the technical detail.
    """
    from regiondata.errors import SchemaChangedError, SnapshotWriteError

    keep = "De gegevens die er al waren, blijven in gebruik."
    if isinstance(err, SnapshotWriteError):
        return (
            "De nieuwe gegevens konden niet worden opgeslagen op deze computer.",
            f"{keep} Vraag de beheerder om de schijfruimte en de schrijfrechten te controleren.",
        )
    if isinstance(err, SchemaChangedError):
        return (
            "Een tabel bij CBS is anders opgebouwd dan het dashboard verwacht.",
            f"{keep} Het dashboard moet daarvoor worden bijgewerkt; meld dit bij de beheerder.",
        )
    text = str(err)
    if "niet bereikbaar" in text:
        return (
            "CBS is vanaf deze computer niet bereikbaar.",
            f"{keep} Controleer de internetverbinding en probeer het later opnieuw.",
        )
    return (
        "CBS gaf de gegevens niet (op tijd) of niet volledig.",
        f"{keep} Probeer het later opnieuw; CBS is soms even druk of in onderhoud.",
    )


def tables_overview(snapshot: Snapshot) -> pd.DataFrame:
    """Every downloaded table with its provenance, with Dutch headers (for the sources page)."""
    rows = []
    order = {key: i for i, key in enumerate(_SOURCE_ORDER)}
    tables = sorted(snapshot.tables, key=lambda t: (order.get(t.source_key, len(order)), t.table_id))
    for t in tables:
        key = t.source_key
        rows.append(
            {
                "Tabel": t.table_id,
                "Gebruikt voor": _PURPOSE.get(key, key),
                "Titel bij CBS": t.title,
                "Jaren": _years_text(t.periods),
                "Voorlopig": _years_text(t.provisional_periods, joined=True),
                "Rijen": _nl_int(t.rows),
                "CBS gewijzigd": _date_or_dash(t.modified),
                "Opgehaald": _date_or_dash(t.retrieved_at),
                "Status bij CBS": t.output_status or "–",
            }
        )
    return pd.DataFrame(rows)


#: What each source is for, in an advisor's words (the licence is said once, above the table).
_PURPOSE = {
    "bijstand": "Bijstand per gemeente",
    "bijstand_am": "Controle: bijstand per regio volgens CBS",
    "banen": "Banen",
    "vestigingen": "Vestigingen",
    "bbp": "Economische groei (bbp)",
    "arbeidsdeelname": "Werkloosheid",
    "banen_sector": "Regio-DNA: banen per sector",
    "pendel_oud": "Regio-DNA: woon-werkverkeer",
    "pendel": "Regio-DNA: woon-werkverkeer",
    "bevolking": "Inwoners",
    "gebieden": "Indeling: gemeenten per regio",
}


def _years_text(periods: list[str] | tuple[str, ...], joined: bool = False) -> str:
    """CBS period codes as years: ``2015MM12``, ``2025MM12`` → ``2015–2025`` (or ``2023, 2024``)."""
    years = sorted({p[:4] for p in periods if p[:4].isdigit()})
    if not years:
        return "–"
    if joined:
        return ", ".join(years)
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _date_or_dash(value: str) -> str:
    try:
        return format_date_nl(value[:10])
    except (TypeError, ValueError):
        return "–"


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


def _nl_int(value: float) -> str:
    return dutch_number(value, 0)


def quality_overview(snapshot: Snapshot) -> pd.DataFrame:
    """Reconciliation of the summed regions with the national total, every year (Dutch headers).

    The rounding margin is half CBS's rounding unit times the number of gemeenten summed: a
    difference within it cannot be read as people without a known gemeente.
    """
    rec = snapshot.derived.reconciliation
    if rec.empty:
        return pd.DataFrame()
    rec = rec.sort_values(["column", "year"], key=lambda c: c.map(_COLUMN_ORDER) if c.name == "column" else c)
    margin = rec["rounding_bound"] if "rounding_bound" in rec else pd.Series(0.0, index=rec.index)
    missing = rec["regions_missing"] if "regions_missing" in rec else pd.Series(0, index=rec.index)
    return pd.DataFrame(
        {
            "Cijfer": [INDICATORS_BY_KEY[c].title if c in INDICATORS_BY_KEY else c for c in rec["column"]],
            "Jaar": rec["year"].astype(int).to_numpy(),
            "Nederland (CBS)": [_nl_int(v) for v in rec["national"]],
            "Som van de regio's": [_nl_int(v) for v in rec["regions_sum"]],
            "Verschil": [_nl_int(v) for v in rec["remainder"]],
            "Verschil %": [dutch_number(v, 2) for v in rec["remainder_pct"]],
            "Afrondingsmarge (±)": ["–" if not m or pd.isna(m) else _nl_int(m) for m in margin],
            "Regio's zonder cijfer": missing.fillna(0).astype(int).to_numpy(),
        }
    )


_COLUMN_ORDER = {"bijstand_count": 0, "population_count": 1, "jobs_count": 2, "establishments_count": 3}


def cbs_check_overview(snapshot: Snapshot) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Our bijstand per region against the figure CBS published per region itself.

    Returns:
        A summary per year (table, regions compared, how many agree within CBS's rounding) and
        every region that does not agree, with both values (Dutch headers). Both are empty when
        the snapshot has no check (older snapshots, or CBS had no such table).
    """
    check = snapshot.derived.cbs_check
    if check.empty:
        return pd.DataFrame(), pd.DataFrame()
    summary = []
    for year, rows in check.groupby("year"):
        agree = int(rows["agrees"].astype(bool).sum())
        summary.append(
            {
                "Jaar": int(year),
                "CBS-tabel": ", ".join(sorted(set(rows["table_id"]))),
                "Leeftijd": ", ".join(sorted(set(rows["age_basis"]))),
                "Regio's vergeleken": len(rows),
                "Binnen de afronding": agree,
                "Afwijkend": len(rows) - agree,
            }
        )
    bad = check[~check["agrees"].astype(bool)]
    mismatches = pd.DataFrame(
        {
            "Jaar": bad["year"].astype(int).to_numpy(),
            "Regio": [
                amr_label(c) if isinstance(c, str) else f"onbekende code {cbs}"
                for c, cbs in zip(bad["amr_code"], bad["amr_code_cbs"], strict=True)
            ],
            "Code bij CBS": bad["amr_code_cbs"].to_numpy(),
            "Onze som van de gemeenten": ["–" if pd.isna(v) else _nl_int(v) for v in bad["ours"]],
            "CBS zelf": ["–" if pd.isna(v) else _nl_int(v) for v in bad["cbs"]],
            "Verschil": ["–" if pd.isna(v) else _nl_int(v) for v in bad["difference"]],
            "Afrondingsmarge (±)": [_nl_int(v) for v in bad["tolerance"]],
        }
    )
    return pd.DataFrame(summary), mismatches


def clamp_period(regions: pd.DataFrame, keys: list[str], van: int, tot: int) -> tuple[int, int, str | None]:
    """Fit a chosen period into the years where all indicators have figures.

    Returns:
        The usable period and, when it differs from the choice, a Dutch note saying why.
    """
    from regiondata.model.periods import common_period

    first, last = common_period(regions, keys)
    new_van, new_tot = max(van, first), min(tot, last)
    if new_tot <= new_van:
        # The nearest period with figures: the last two years for a period after the data, the
        # first two for one before it.
        if van >= last:
            new_van, new_tot = max(first, last - 1), last
        elif tot <= first:
            new_van, new_tot = first, min(last, first + 1)
        else:
            new_van, new_tot = first, last
    if (new_van, new_tot) == (van, tot):
        return van, tot, None
    titles = " en ".join(INDICATORS_BY_KEY[k].short.lower() for k in keys)
    return (
        new_van,
        new_tot,
        f"Voor {titles} zijn samen cijfers over {first}–{last}; getoond: {new_van}–{new_tot}.",
    )


def indicator_values(
    snapshot: Snapshot, key: str, year: int, level: str = "amr"
) -> tuple[pd.DataFrame, int | None]:
    """Values of one indicator for all regions, in the given year or the newest year before it.

    Returns:
        ``region_code``, ``region_name``, ``value`` and the year actually used.
    """
    regions = snapshot.derived.regions
    used = latest_year(regions, key, level, upto=year)
    names = regions[regions["level"] == level].drop_duplicates("region_code", keep="last")
    frame = names[["region_code", "region_name"]].copy()
    if used is None:
        frame["value"] = float("nan")
        return frame.reset_index(drop=True), None
    values = regions[(regions["level"] == level) & (regions["year"] == used)].set_index("region_code")[key]
    frame["value"] = frame["region_code"].map(values)
    return frame.sort_values("region_code").reset_index(drop=True), used


def provisional_years(snapshot: Snapshot, keys: list[str]) -> set[int]:
    """Years CBS marks as provisional in any source of these indicators."""
    sources = {src for k in keys for src in INDICATORS_BY_KEY[k].sources}
    prov = snapshot.derived.provisional
    return {int(y) for y in prov.loc[prov["source"].isin(sources), "year"]}


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of a region next to the national figure."""

    label: str
    value: str
    nl: str
    help: str


def key_figures(snapshot: Snapshot, amr_code: str, van: int, tot: int, growth_key: str) -> list[KeyFigure]:
    """The headline numbers of a region for a period, each with the national figure."""
    from regiondata.model.periods import period_change
    from regiondata.model.quadrants import GROWTH_CHOICES

    regions = snapshot.derived.regions
    out: list[KeyFigure] = []

    def region_and_nl(key: str, year: int) -> tuple[float | None, float | None, int | None]:
        used = latest_year(regions, key, upto=year)
        if used is None:
            return None, None, None
        row = regions[
            (regions["level"] == "amr") & (regions["region_code"] == amr_code) & (regions["year"] == used)
        ]
        value = None if row.empty or pd.isna(row.iloc[0][key]) else float(row.iloc[0][key])
        return value, national_value(snapshot, key, used), used

    ind = INDICATORS_BY_KEY["bijstand_per_1000"]
    value, nl, used = region_and_nl("bijstand_per_1000", tot)
    out.append(
        KeyFigure(
            f"Bijstand per 1.000 ({used})", format_value(ind, value), format_value(ind, nl), ind.description
        )
    )

    def change(key: str, title: str, help_text: str) -> None:
        frame = period_change(regions, key, van, tot)
        nl_frame = period_change(regions, key, van, tot, level="nl")
        col = "change_pct"
        row = frame[frame["region_code"] == amr_code]
        value = None if row.empty else row.iloc[0][col]
        nl_value = None if nl_frame.empty else nl_frame.iloc[0][col]
        out.append(KeyFigure(f"{title} {van}–{tot}", _pct_text(value), _pct_text(nl_value), help_text))

    change("bijstand_count", "Bijstand", "Procentuele verandering van het aantal personen met bijstand.")
    choice = GROWTH_CHOICES[growth_key]
    change(choice.indicator_key, choice.short, f"{choice.label}. {choice.description}")
    ind = INDICATORS_BY_KEY["unemployment_pct"]
    value, nl, used = region_and_nl("unemployment_pct", tot)
    out.append(
        KeyFigure(
            f"Werkloosheid ({used})",
            format_value(ind, value) + " %",
            format_value(ind, nl) + " %",
            ind.description,
        )
    )
    return out


def _pct_text(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "–"
    text = f"{abs(value):.1f}".replace(".", ",")
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{text} %"


#: The lines of the region profile's index chart: key → (Dutch label, world).
INDEX_SERIES: dict[str, tuple[str, str]] = {
    "bijstand_count": ("Personen met bijstand", "bijstand"),
    "jobs_count": ("Banen van werknemers", "economie"),
    "gdp_volume_growth_pct": ("Bbp-volume (benadering)", "economie"),
    "population_count": ("Inwoners", "context"),
}


def index_series(regions: pd.DataFrame, code: str, van: int, tot: int, level: str = "amr") -> pd.DataFrame:
    """Indexed series (start year = 100) for the region profile.

    Counts are divided by their start-year value; GDP volume is built up from the yearly volume
    growth (start year = 100, then × (1 + growth) each year), because CBS publishes growth, not
    a regional volume level.

    Returns:
        ``year``, ``series_key``, ``index_value`` (only years with a value).
    """
    rows = regions[(regions["level"] == level) & (regions["region_code"] == code)]
    rows = rows[(rows["year"] >= van) & (rows["year"] <= tot)].set_index("year").sort_index()
    out = []
    for key in INDEX_SERIES:
        if key not in rows or rows[key].isna().all():
            continue
        if key == "gdp_volume_growth_pct":
            level_value = 100.0
            out.append({"year": van, "series_key": key, "index_value": 100.0})
            for year in range(van + 1, tot + 1):
                g = rows[key].get(year)
                if g is None or pd.isna(g):
                    break
                level_value *= 1 + g / 100
                out.append({"year": year, "series_key": key, "index_value": round(level_value, 1)})
            continue
        base = rows[key].get(van)
        if base is None or pd.isna(base) or base == 0:
            continue
        for year, value in rows[key].items():
            if pd.notna(value):
                out.append(
                    {"year": int(year), "series_key": key, "index_value": round(float(value) / base * 100, 1)}
                )
    return pd.DataFrame(out, columns=["year", "series_key", "index_value"])


def region_vs_nl_frame(regions: pd.DataFrame, code: str, key: str, van: int, tot: int) -> pd.DataFrame:
    """One indicator for a region and for Nederland, per year: ``year``, ``region``, ``nl``."""
    frame = regions[(regions["year"] >= van) & (regions["year"] <= tot)]
    region = frame[(frame["level"] == "amr") & (frame["region_code"] == code)].set_index("year")[key]
    nl = frame[frame["level"] == "nl"].set_index("year")[key]
    out = pd.DataFrame({"region": region, "nl": nl}).dropna(how="all").reset_index()
    return out.rename(columns={"index": "year"})


def series_for(
    regions: pd.DataFrame, codes: list[str], key: str, van: int, tot: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An indicator over time for some regions, plus Nederland.

    Returns:
        ``region_code``, ``region_name``, ``year``, ``value`` for the regions (in the given order)
        and ``year``, ``value`` for Nederland.
    """
    frame = regions[(regions["year"] >= van) & (regions["year"] <= tot)]
    sel = frame[(frame["level"] == "amr") & frame["region_code"].isin(codes)]
    sel = (
        sel[["region_code", "region_name", "year", key]]
        .rename(columns={key: "value"})
        .dropna(subset=["value"])
    )
    order = {c: i for i, c in enumerate(codes)}
    sel = sel.sort_values(
        ["region_code", "year"], key=lambda s: s.map(order) if s.name == "region_code" else s
    )
    nl = frame[frame["level"] == "nl"][["year", key]].rename(columns={key: "value"}).dropna()
    return sel.reset_index(drop=True), nl.reset_index(drop=True)
