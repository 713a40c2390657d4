"""Regio-DNA view model: who fills a region's jobs, where its residents work, which sectors grow.

Pure functions on ``snapshot.derived.flows`` (arbeidsmarktregio × arbeidsmarktregio commuting,
``derive.dna``) and ``snapshot.derived.sectors`` (jobs per A10 sector). Tables come with Dutch
headers, rounded as shown; sentences compare rounded values, so words and numbers agree (the same
"about equal" rule as ``sentences``: equal after rounding is "even groot als landelijk").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from regiondata.cbs.flows import TOTAL_CODE
from regiondata.model.wording import dutch_list, dutch_number, dutch_percent
from regiondata.regions import AMR_NAMES, NL_CODE

#: Label of the jobs whose other end is abroad, unknown, or in the remaining regions.
OTHER = "Buitenland of onbekend"
REST = "Overige regio's"


@dataclass(frozen=True)
class FlowView:
    """One side of a region's commuting in one year.

    Attributes:
        year: The commuting year shown.
        total_jobs: All jobs on this side (jobs in the region, or jobs of its residents).
        own_share_pct: The share of those inside the region itself.
        table: Dutch-headed table: region, jobs, share %, distance km (own region first).
    """

    year: int
    total_jobs: float
    own_share_pct: float
    table: pd.DataFrame


def commuting_year(flows: pd.DataFrame, wanted: int) -> int | None:
    """The year of commuting figures to show for a period ending in ``wanted``.

    The newest year up to ``wanted``; when there is none, the oldest year there is.
    """
    if flows.empty:
        return None
    years = sorted(int(y) for y in flows["year"].unique())
    earlier = [y for y in years if y <= wanted]
    return earlier[-1] if earlier else years[0]


def _side(flows: pd.DataFrame, amr: str, year: int, inbound: bool, top: int) -> FlowView | None:
    """Jobs in ``amr`` by region of residence (``inbound``) or its residents' jobs by work region."""
    here, there = ("werk_amr", "woon_amr") if inbound else ("woon_amr", "werk_amr")
    rows = flows[(flows["year"] == year) & (flows[here] == amr)]
    total_row = rows[rows[there] == TOTAL_CODE]
    if total_row.empty or not total_row["jobs_count"].notna().all():
        return None
    total = float(total_row["jobs_count"].iloc[0])
    pairs = rows[rows[there] != TOTAL_CODE].copy()
    if total <= 0 or pairs.empty:
        return None
    pairs["own"] = pairs[there] == amr
    pairs = pairs.sort_values(["own", "jobs_count"], ascending=[False, False])
    shown = pairs.head(top + 1)
    rest = pairs.iloc[top + 1 :]
    other = total - float(pairs["jobs_count"].sum())
    lines = [
        (AMR_NAMES.get(r[there], r[there]), r[there], r["jobs_count"], r["distance_km"])
        for _, r in shown.iterrows()
    ]
    if not rest.empty:
        lines.append((REST, "", float(rest["jobs_count"].sum()), math.nan))
    if round(other) > 0:
        lines.append((OTHER, "", other, math.nan))
    table = pd.DataFrame(lines, columns=["Regio", "Code", "Banen", "Afstand (km)"])
    table.insert(3, "Aandeel (%)", (table["Banen"] / total * 100).round(1))
    table["Banen"] = table["Banen"].round(-2).astype("Int64")
    table["Afstand (km)"] = table["Afstand (km)"].round(1)
    own = pairs.loc[pairs["own"], "jobs_count"].sum()
    return FlowView(year, total, float(own / total * 100), table)


def jobs_by_origin(flows: pd.DataFrame, amr: str, year: int, top: int = 5) -> FlowView | None:
    """Who fills the region's jobs: its own residents first, then the top origin regions.

    Returns:
        ``None`` when the year has no commuting figures for the region.
    """
    return _side(flows, amr, year, inbound=True, top=top)


def jobs_by_destination(flows: pd.DataFrame, amr: str, year: int, top: int = 5) -> FlowView | None:
    """Where the region's residents work: inside the region first, then the top work regions."""
    return _side(flows, amr, year, inbound=False, top=top)


def sector_view(sectors: pd.DataFrame, amr: str, van: int, tot: int) -> pd.DataFrame:
    """Per A10 sector: jobs, share against Nederland (location quotient) and growth van → tot.

    The location quotient is the sector's share of the region's jobs divided by its share of
    Nederland's (1 = the same mix as the country). Shares use the sum of the ten sectors, so
    region and country are measured alike.

    Returns:
        Dutch-headed table sorted by absolute growth (largest first); empty without data.
    """
    cols = [
        "Sector",
        "Code",
        f"Banen {tot}",
        "Aandeel regio (%)",
        "Aandeel NL (%)",
        "Locatiequotiënt",
        f"Groei {van}–{tot} (%)",
        f"Groei {van}–{tot} (banen)",
    ]
    if sectors.empty:
        return pd.DataFrame(columns=cols)

    def pick(level: str, code: str, year: int) -> pd.Series:
        rows = sectors[
            (sectors["level"] == level) & (sectors["region_code"] == code) & (sectors["year"] == year)
        ]
        return rows.set_index("sector_code")["jobs_count"]

    now, then = pick("amr", amr, tot), pick("amr", amr, van)
    nl = pick("nl", NL_CODE, tot)
    if now.empty or nl.empty:
        return pd.DataFrame(columns=cols)
    names = sectors.drop_duplicates("sector_code").set_index("sector_code")["sector_name"]
    share = now / now.sum(min_count=1) * 100
    nl_share = nl / nl.sum(min_count=1) * 100
    growth = now - then.reindex(now.index)
    out = pd.DataFrame(
        {
            "Sector": names.reindex(now.index).values,
            "Code": now.index,
            cols[2]: now.round(-2).astype("Int64").values,
            cols[3]: share.round(1).values,
            cols[4]: nl_share.reindex(now.index).round(1).values,
            cols[5]: (share / nl_share.reindex(now.index)).round(2).values,
            cols[6]: (growth / then.reindex(now.index) * 100).round(1).values,
            cols[7]: growth.round(-2).astype("Int64").values,
        }
    )
    return out.sort_values(cols[7], ascending=False, na_position="last", ignore_index=True)


def _compare(value: float, nl: float, decimals: int = 0) -> str:
    """``meer dan in alle regio's samen (83%)``; equal after rounding is "even veel".

    The national figure is the same share over all regions together (inside own region / all).
    """
    r, n = round(value, decimals), round(nl, decimals)
    if r == n:
        return "even veel als in alle regio's samen"
    return f"{'meer' if r > n else 'minder'} dan in alle regio's samen ({dutch_percent(n, decimals)})"


def dna_paragraph(
    name: str,
    sectors: pd.DataFrame,
    origin: FlowView | None,
    destination: FlowView | None,
    nl_resident_share: float | None,
    van: int,
    tot: int,
) -> list[str]:
    """A short generated Dutch text on what the Regio-DNA figures show (sentences, in order).

    Args:
        name: The region's name.
        sectors: ``sector_view`` of the region.
        origin: ``jobs_by_origin``; destination: ``jobs_by_destination``.
        nl_resident_share: The same share for Nederland as a whole (all regions together).
        van: First year; tot: last year of the period.
    """
    out = []
    growth_col = f"Groei {van}–{tot} (banen)"
    if not sectors.empty and sectors[growth_col].notna().any():
        up = sectors[sectors[growth_col].fillna(0) > 0].head(2)
        if up.empty:
            out.append(f"In {name} groeide tussen {van} en {tot} geen enkele sector in aantal banen.")
        else:
            parts = [
                f"{r['Sector'].lower()} (+{dutch_number(r[growth_col], 0)} banen)" for _, r in up.iterrows()
            ]
            out.append(f"In {name} groeiden de banen tussen {van} en {tot} vooral in {dutch_list(parts)}.")
        # A sector that matters: over-represented (LQ ≥ 1,2) and at least 5% of the jobs.
        strong = sectors[(sectors["Locatiequotiënt"] >= 1.2) & (sectors["Aandeel regio (%)"] >= 5)]
        strong = strong.sort_values("Locatiequotiënt", ascending=False)
        if not strong.empty:
            r = strong.iloc[0]
            out.append(
                f"{r['Sector']} is er sterker vertegenwoordigd dan landelijk: "
                f"{dutch_percent(r['Aandeel regio (%)'])} van de banen, tegen "
                f"{dutch_percent(r['Aandeel NL (%)'])} in Nederland."
            )
    if origin is not None:
        share = dutch_percent(origin.own_share_pct, 0)
        text = f"In {origin.year} werd {share} van de banen in de regio vervuld door inwoners van de regio"
        if nl_resident_share is not None and not math.isnan(nl_resident_share):
            text += f", {_compare(origin.own_share_pct, nl_resident_share)}"
        out.append(f"{text}.")
    if destination is not None:
        others = destination.table[(destination.table["Code"] != "") & (destination.table["Regio"] != name)]
        text = (
            f"Van de banen van inwoners ligt {dutch_percent(destination.own_share_pct, 0)} in de eigen regio"
        )
        if not others.empty:
            r = others.iloc[0]
            text += f"; de belangrijkste andere werkregio is {r['Regio']} ({dutch_percent(r['Aandeel (%)'])})"
        out.append(f"{text}.")
    return out


def _top_others(view: FlowView, name: str, n: int = 2) -> list[str]:
    """The ``n`` biggest other regions of a flow table as ``Regio (12,3%)``."""
    t = view.table
    others = t[(t["Code"] != "") & (t["Regio"] != name)].head(n)
    return [f"{r['Regio']} ({dutch_percent(r['Aandeel (%)'])})" for _, r in others.iterrows()]


def partner_sentences(
    flows: pd.DataFrame, sectors: pd.DataFrame, amr: str, van: int, tot: int
) -> list[tuple[str, str]]:
    """Facts for the agenda's partner step: growing sectors and the main commuting partner regions.

    Returns:
        ``(kind, sentence)`` pairs: ``dna_sectors`` and/or ``dna_commuting``; empty without data.
    """
    name = AMR_NAMES.get(amr, amr)
    out: list[tuple[str, str]] = []
    view = sector_view(sectors, amr, van, tot)
    growth_col = f"Groei {van}–{tot} (banen)"
    if not view.empty:
        up = view[view[growth_col].fillna(0) > 0].head(3)
        if not up.empty:
            parts = [f"{r['Sector'].lower()} (+{dutch_number(r[growth_col], 0)})" for _, r in up.iterrows()]
            sentence = (
                f"In {name} groeide het aantal banen tussen {van} en {tot} het meest in {dutch_list(parts)}"
            )
            out.append(("dna_sectors", f"{sentence}; werkgevers in die sectoren zijn mogelijke partners."))
    year = commuting_year(flows, tot)
    origin = jobs_by_origin(flows, amr, year) if year else None
    destination = jobs_by_destination(flows, amr, year) if year else None
    if origin is not None and destination is not None:
        come = _top_others(origin, name)
        go = _top_others(destination, name)
        if come or go:
            parts = []
            if come:
                parts.append(f"wie van buiten de regio hier werkt, woont vooral in {dutch_list(come)}")
            if go:
                parts.append(f"inwoners die buiten de regio werken, werken vooral in {dutch_list(go)}")
            text = f"Pendelpartners van {name} ({year}): " + "; ".join(parts)
            out.append(("dna_commuting", text + "."))
    return out
