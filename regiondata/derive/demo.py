"""Deterministic synthetic data in CBS's raw shapes: the demo snapshot and the emulator fixtures.

The demo uses the real 35 arbeidsmarktregio's and the real 2026 gemeente membership (embedded),
with invented but plausible figures. It is produced as raw CBS tables (padded keys, numbered
measures, ``Perioden`` with ``Status``, one "Gebieden in Nederland" table per year whose column
positions move) so it runs through exactly the same cleaning and aggregation as real data.
Every figure is fake; the app labels demo data as such on every page.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from regiondata.cbs.raw import RawTable
from regiondata.dutch import MONTHS_NL
from regiondata.regions import AMR_CODE_CHANGES, AMR_NAMES, Gemeente, current_amr_code, embedded_gemeenten

SEED = 20261127
DEMO_MODIFIED = "2026-10-01T02:00:00"
DEMO_RETRIEVED = "2026-11-27T09:00:00+00:00"
YEARS = list(range(2015, 2026))  # data years; tables differ in their newest year (see below)
PROVINCES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel",
    "PV24": "Flevoland", "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland", "PV29": "Zeeland", "PV30": "Noord-Brabant", "PV31": "Limburg",
}  # fmt: skip
LANDSDELEN = {
    "LD01": "Noord-Nederland",
    "LD02": "Oost-Nederland",
    "LD03": "West-Nederland",
    "LD04": "Zuid-Nederland",
}
LANDSDEEL_OF = {pv: ld for ld, pvs in (("LD01", "PV20 PV21 PV22"), ("LD02", "PV23 PV24 PV25"),
                                      ("LD03", "PV26 PV27 PV28 PV29"), ("LD04", "PV30 PV31"))
                for pv in pvs.split()}  # fmt: skip
BIG_CITIES = {
    "GM0363": 930_000, "GM0599": 670_000, "GM0518": 560_000, "GM0344": 375_000,
    "GM0772": 245_000, "GM0014": 240_000, "GM0855": 226_000, "GM0034": 225_000,
    "GM0758": 187_000, "GM0268": 184_000, "GM0200": 167_000, "GM0193": 133_000,
    "GM0153": 162_000, "GM0202": 167_000, "GM0394": 160_000, "GM0307": 160_000,
    "GM0392": 165_000, "GM0796": 158_000, "GM0935": 122_000, "GM0546": 127_000,
}  # fmt: skip
SMALL = {"GM0088": 950, "GM0096": 1_200, "GM0093": 4_900, "GM0060": 3_800, "GM0448": 13_700}
#: A real merger the demo reproduces, so membership by year is exercised: Weesp joined
#: Amsterdam in 2022.
WEESP = Gemeente("GM0457", "Weesp", "AM18", "CR24", "Het Gooi en Vechtstreek", "PV27", "Noord-Holland")
WEESP_LAST_YEAR = 2021
#: Persons with bijstand in CBS's national total whose gemeente is unknown (a few hundred).
UNKNOWN_GEMEENTE = 380

BIJSTAND_INDEX = {2015: 1.00, 2016: 1.03, 2017: 1.04, 2018: 1.01, 2019: 0.97, 2020: 1.00,
                  2021: 0.96, 2022: 0.92, 2023: 0.91, 2024: 0.91, 2025: 0.92, 2026: 0.92}  # fmt: skip
JOBS_YEAR = {2015: 0.012, 2016: 0.016, 2017: 0.022, 2018: 0.024, 2019: 0.018, 2020: -0.012,
             2021: 0.028, 2022: 0.031, 2023: 0.014, 2024: 0.009}  # fmt: skip
GDP_YEAR = {2015: 2.0, 2016: 2.2, 2017: 2.9, 2018: 2.4, 2019: 2.0, 2020: -3.9, 2021: 6.2,
            2022: 5.0, 2023: 0.1, 2024: 1.0}  # fmt: skip
UNEMPLOYMENT_NL = {2015: 6.9, 2016: 6.0, 2017: 4.9, 2018: 3.8, 2019: 3.4, 2020: 3.8, 2021: 4.2,
                   2022: 3.5, 2023: 3.6, 2024: 3.7}  # fmt: skip
PARTICIPATION_NL = {2015: 65.4, 2016: 66.1, 2017: 67.2, 2018: 68.3, 2019: 69.2, 2020: 69.1,
                    2021: 70.4, 2022: 72.0, 2023: 72.4, 2024: 72.5}  # fmt: skip


def _unit(code: str, salt: str) -> float:
    """A deterministic pseudo-random number in [0, 1) per code (stable across runs)."""
    return zlib.crc32(f"{SEED}:{salt}:{code}".encode()) / 2**32


def _normal(code: str, salt: str) -> float:
    u1, u2 = max(_unit(code, salt + "a"), 1e-9), _unit(code, salt + "b")
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def _pad(keys: Iterable[str]) -> dict[str, str]:
    """Pad keys like CBS does: right-padded with spaces to the longest key of the dimension."""
    keys = list(keys)
    width = max((len(k) for k in keys), default=0)
    return {k: k.ljust(width) for k in keys}


@dataclass
class World:
    """The invented figures behind every demo table, per gemeente and region."""

    gemeenten: list[Gemeente]
    population: dict[tuple[str, int], float]
    share_0_14: dict[str, float]
    bijstand_rate: dict[str, float]  # per 1,000 inhabitants 15+, 2015 level
    amr_bijstand_slope: dict[str, float]
    amr_jobs_growth: dict[str, float]
    job_ratio: dict[str, float]


def build_world() -> World:
    """Invent the demo world (deterministic)."""
    gemeenten = [*embedded_gemeenten(), WEESP]
    population = {}
    for g in gemeenten:
        base = BIG_CITIES.get(g.gemeente_code) or SMALL.get(g.gemeente_code)
        if base is None:
            base = min(
                max(math.exp(math.log(34_000) + 0.55 * _normal(g.gemeente_code, "pop")), 6_000),
                120_000,
            )
        growth = 0.005 + 0.003 * _normal(g.gemeente_code, "popg")
        for year in range(2015, 2027):
            population[(g.gemeente_code, year)] = round(base * (1 + growth) ** (year - 2024))
    # After the merger Amsterdam includes Weesp's inhabitants (and, below, its jobs and firms).
    for year in range(WEESP_LAST_YEAR + 1, 2027):
        population[("GM0363", year)] += population[(WEESP.gemeente_code, year)]
    amr_slope = {a: -0.004 + 0.012 * _normal(a, "slope") for a in AMR_NAMES}
    amr_growth = {a: 0.004 + 0.007 * _normal(a, "jobs") - 0.3 * amr_slope[a] for a in AMR_NAMES}
    rate, job_ratio, share = {}, {}, {}
    for g in gemeenten:
        pop = population[(g.gemeente_code, 2024)]
        urban = math.log10(pop) - 4
        rate[g.gemeente_code] = min(max(13 + 17 * urban + 3.5 * _normal(g.gemeente_code, "rate"), 6), 80)
        job_ratio[g.gemeente_code] = min(
            max(0.32 + 0.12 * urban + 0.08 * _normal(g.gemeente_code, "jr"), 0.2), 0.9
        )
        share[g.gemeente_code] = 0.155 + 0.015 * _normal(g.gemeente_code, "young")
    return World(gemeenten, population, share, rate, amr_slope, amr_growth, job_ratio)


def _gemeenten_in(world: World, year: int) -> list[Gemeente]:
    return [g for g in world.gemeenten if g is not WEESP or year <= WEESP_LAST_YEAR]


def _amr_of(world: World, code: str) -> str:
    return next(g.amr_code for g in world.gemeenten if g.gemeente_code == code)


def _info(
    table_id: str, title: str, period: str, frequency: str, status: str = "Regulier", **extra: Any
) -> dict:
    return {
        "ID": abs(zlib.crc32(table_id.encode())) % 100000,
        "Identifier": table_id,
        "Title": title,
        "ShortTitle": title[:60],
        "Summary": f"Demodata in de vorm van CBS-tabel {table_id}.",
        "Modified": DEMO_MODIFIED,
        "MetaDataModified": DEMO_MODIFIED,
        "Updated": DEMO_MODIFIED,
        "ReasonDelivery": "Actualisering",
        "OutputStatus": status,
        "Period": period,
        "Frequency": frequency,
        "Language": "nl",
        "Catalog": "CBS",
        "Source": "CBS (demodata)",
        "RecordCount": 0,
        "ColumnCount": 0,
        "Description": "Synthetische demodata; geen echte CBS-cijfers.",
        **extra,
    }


class _Builder:
    """Assembles DataProperties, dimension lists and rows in CBS's shapes."""

    def __init__(self) -> None:
        self.properties: list[dict[str, Any]] = []
        self.dimensions: dict[str, list[dict[str, Any]]] = {}
        self.pads: dict[str, dict[str, str]] = {}

    def _prop(self, kind: str, key: str, title: str, parent: int | None = None, **extra: Any) -> int:
        pid = len(self.properties)
        self.properties.append(
            {"ID": pid, "Position": None if kind == "TopicGroup" else pid, "ParentID": parent,
             "Type": kind, "Key": key, "Title": title, "Description": "", **extra}
        )  # fmt: skip
        return pid

    def dimension(self, key: str, title: str, items: list[tuple[str, str]], kind: str = "Dimension",
                  status: dict[str, str] | None = None) -> None:  # fmt: skip
        """Add a dimension with (key, title) categories; keys get CBS's padding."""
        self._prop(kind, key, title)
        pad = _pad(k for k, _ in items)
        self.pads[key] = pad
        rows = []
        for k, t in items:
            row = {"Key": pad[k], "Title": t, "Description": "", "CategoryGroupID": None}
            if status is not None:
                row["Status"] = status.get(k, "Definitief")
            rows.append(row)
        self.dimensions[key] = rows

    def topic(self, key: str, title: str, unit: str, decimals: int = 0, parent: int | None = None) -> None:
        """Add a topic (measure)."""
        self._prop(
            "Topic",
            key,
            title,
            parent,
            Unit=unit,
            Decimals=decimals,
            Datatype="Double",
            Default="Impossible",
        )

    def group(self, title: str, parent: int | None = None) -> int:
        """Add a topic group and return its ID (the ParentID of its topics and child groups)."""
        return self._prop("TopicGroup", "", title, parent)

    def key(self, dimension: str, raw: str) -> str:
        """The padded key of a category."""
        return self.pads[dimension][raw]

    def table(self, source_key: str, table_id: str, info: dict, rows: list[dict]) -> RawTable:
        """Finish the table."""
        info = {**info, "RecordCount": len(rows), "ColumnCount": len(self.properties)}
        return RawTable(source_key, table_id, info, self.properties, self.dimensions, rows, DEMO_RETRIEVED)


def _periods_yearly(years: Iterable[int], provisional: dict[int, str] | None = None) -> tuple[list, dict]:
    years = list(years)
    provisional = provisional or {}
    items = [(f"{y}JJ00", f"{y}{'*' if y in provisional else ''}") for y in years]
    return items, {f"{y}JJ00": provisional[y] for y in provisional}


def _region_items(world: World, levels: str, gemeente_years: Iterable[int]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if "NL" in levels:
        items.append(("NL01", "Nederland"))
    if "LD" in levels:
        items += [(k, f"{v} (LD)") for k, v in LANDSDELEN.items()]
    if "PV" in levels:
        items += [(k, f"{v} (PV)") for k, v in PROVINCES.items()]
    if "CR" in levels:
        corops = sorted({(g.corop_code, g.corop_naam) for g in world.gemeenten})
        items += [(k, f"{v} (CR)") for k, v in corops]
    if "AM" in levels:
        items += [(k, f"{v} (AM)") for k, v in AMR_NAMES.items()]
    if "GM" in levels:
        seen = {g.gemeente_code: g.gemeente_naam for y in gemeente_years for g in _gemeenten_in(world, y)}
        items += sorted(seen.items())
    return items


# --- the tables ------------------------------------------------------------------------


GEBIEDEN_IDS = {2015: "82949NED", 2016: "83287NED", 2017: "83553NED", 2018: "83859NED",
                2019: "84378NED", 2020: "84721NED", 2021: "84929NED", 2022: "85067NED",
                2023: "85385NED", 2024: "85755NED", 2025: "86059NED", 2026: "86247NED"}  # fmt: skip

#: The groupings of "Gebieden in Nederland" in the 83287NED (2016) order, seen in full
#: (cbs-real-shapes.md). Each is a ``Code_n``/``Naam_n+1`` pair under "Lokaliseringen van
#: gemeenten"; the other years add or drop groupings, so the positions move (see _LAYOUTS).
_GROUPINGS_2016 = (
    "Arbeidsmarktregio's", "Arrondissementen (rechtsgebieden)", "COROP-gebieden",
    "COROP-subgebieden", "COROP-plusgebieden", "GGD-regio's", "Jeugdzorgregio’s",
    "Kamer van Koophandel", "Landbouwgebieden", "Landbouwgebieden (groepen)", "Landsdelen",
    "NUTS1-gebieden", "NUTS2-gebieden", "NUTS3-gebieden", "Politie Regionale eenheden",
    "Provincies", "Ressorten (rechtsgebieden)", "RPA-gebieden", "Toeristengebieden",
    "Veiligheidsregio's", "Wgr-samenwerkingsgebieden", "Zorgkantoorregio's",
)  # fmt: skip
#: 83859NED (2018), seen in full: COROP Code_8, Provincies Code_32, RegioPlus Code_40,
#: Veiligheidsregio's Code_48, Inwonertal_56.
_GROUPINGS_2018 = (
    "Arbeidsmarktregio's", "Arrondissementen (rechtsgebieden)", "COROP-gebieden",
    "COROP-subgebieden", "COROP-plusgebieden", "GGD-regio's", "Jeugdzorgregio’s",
    "Kamer van Koophandel", "Landbouwgebieden", "Landbouwgebieden (groepen)", "Landsdelen",
    "NUTS1-gebieden", "NUTS2-gebieden", "NUTS3-gebieden", "Provincies",
    "Politie Regionale eenheden", "RES-regio's", "RMC-regio's", "RegioPlus-arbeidsmarktregio's",
    "Ressorten (rechtsgebieden)", "Sub-RES-regio's", "Toeristengebieden", "Veiligheidsregio's",
    "Zorgkantoorregio's",
)  # fmt: skip
#: 84929NED (2021): seen are AM Code_4, Veiligheidsregio's Code_44 and Inwonertal_52; which
#: two groupings of 2018 are missing is a guess.
_GROUPINGS_2021 = tuple(
    g for g in _GROUPINGS_2018 if g not in ("Landbouwgebieden (groepen)", "Sub-RES-regio's")
)
#: 85067NED (2022): seen is Provincies Code_26; the groupings dropped before it are a guess.
_GROUPINGS_2022 = tuple(g for g in _GROUPINGS_2021 if g not in ("NUTS1-gebieden", "NUTS2-gebieden"))
#: 85385NED (2023) to 86059NED (2025): seen are COROP Code_10, GGD Code_16, Provincies Code_28
#: and Inwonertal_54; the grouping before COROP and those after Provincies are a guess.
_GROUPINGS_2023 = (
    "Arbeidsmarktregio's", "Arrondissementen (rechtsgebieden)", "Bestuurlijke regio's",
    "COROP-gebieden", "COROP-subgebieden", "COROP-plusgebieden", "GGD-regio's",
    "Jeugdzorgregio’s", "Kamer van Koophandel", "Landbouwgebieden", "Landsdelen",
    "NUTS3-gebieden", "Provincies", "Politie Regionale eenheden", "RES-regio's", "RMC-regio's",
    "RegioPlus-arbeidsmarktregio's", "Ressorten (rechtsgebieden)", "Sub-RES-regio's",
    "Toeristengebieden", "Veiligheidsregio's", "Wgr-samenwerkingsgebieden", "Zorgkantoorregio's",
)  # fmt: skip
#: 86247NED (2026): seen are Veiligheidsregio's Naam_49 and Inwonertal_56, so two groupings
#: more before it and one fewer after it than 2023 (which ones is a guess).
_GROUPINGS_2026 = tuple(
    g
    for title in _GROUPINGS_2023
    if title != "Wgr-samenwerkingsgebieden"
    for g in (
        ("Regionale werkcentra", "Sociaal domein-regio's", title)
        if title == "Toeristengebieden"
        else (title,)
    )
)
_LAYOUTS = {2015: _GROUPINGS_2016, 2016: _GROUPINGS_2016, 2017: _GROUPINGS_2016,
            2018: _GROUPINGS_2018, 2019: _GROUPINGS_2018, 2020: _GROUPINGS_2018,
            2021: _GROUPINGS_2021, 2022: _GROUPINGS_2022, 2023: _GROUPINGS_2023,
            2024: _GROUPINGS_2023, 2025: _GROUPINGS_2023, 2026: _GROUPINGS_2026}  # fmt: skip
#: Gemeenten in another arbeidsmarktregio in the older classifications. FoodValley's own code
#: change (AM31 → AM38) is in ``regions.AMR_CODE_CHANGES``; Uitgeest was in Zuid-Kennemerland en
#: IJmond in 2016 (seen); that it moved in 2017 is a guess.
_OLD_AMR = {"GM0450": ("AM37", 2016)}


def amr_code_in_year(g: Gemeente, year: int) -> str:
    """The arbeidsmarktregio code CBS gives a demo gemeente in the classification of ``year``."""
    code = g.amr_code
    moved = _OLD_AMR.get(g.gemeente_code)
    if moved and year <= moved[1]:
        code = moved[0]
    for change in AMR_CODE_CHANGES:
        if code == change.new_code and year <= change.last_year:
            return change.old_code
    return code


def _grouping_value(g: Gemeente, title: str, year: int) -> tuple[str, str]:
    """Code and name of a gemeente in one grouping (real for AM, COROP, PV; invented otherwise)."""
    if title == "Arbeidsmarktregio's":
        code = amr_code_in_year(g, year)
        return code, AMR_NAMES[current_amr_code(code, year) or code]
    if title == "COROP-gebieden":
        return g.corop_code, g.corop_naam
    if title == "Provincies":
        return g.provincie_code, PROVINCES[g.provincie_code]
    if title == "Landsdelen":
        return "LD01", "Noord-Nederland"
    return f"{_prefix(title)}{int(g.provincie_code[2:]) % 17:02d}", title.split(" ")[0]


@functools.cache
def _prefix(title: str) -> str:
    return "".join(ch for ch in title if ch.isupper())[:2] or "XX"


def gebieden_table(world: World, year: int) -> RawTable:
    """One "Gebieden in Nederland <year>" table in CBS's layout of that year.

    Topic groups and padding follow 83287NED (2016, seen in full): "Codes en namen van
    gemeenten", "Lokaliseringen van gemeenten" with one child group per grouping, "Grootte en
    stedelijkheid van gemeenten", "Statistische gegevens"; codes padded to 10 and names to 50
    characters. The groupings differ per year, so the column numbers move.
    """
    b = _Builder()
    gms = _gemeenten_in(world, year)
    b.dimension("RegioS", "Regio's", [(g.gemeente_code, g.gemeente_naam) for g in gms], "GeoDimension")
    names = b.group("Codes en namen van gemeenten")
    b.topic("Code_1", "Code", "", parent=names)
    b.topic("Naam_2", "Naam", "", parent=names)
    b.topic("SorteringNaam_3", "Sortering naam", "", parent=names)
    local = b.group("Lokaliseringen van gemeenten")
    groupings = _LAYOUTS[year]
    n = 4
    for title in groupings:
        gid = b.group(title, parent=local)
        b.topic(f"Code_{n}", "Code", "", parent=gid)
        b.topic(f"Naam_{n + 1}", "Naam", "", parent=gid)
        n += 2
    size = b.group("Grootte en stedelijkheid van gemeenten")
    for title in ("Gemeentegrootte", "Stedelijkheid"):
        gid = b.group(title, parent=size)
        b.topic(f"Code_{n}", "Code", "", parent=gid)
        b.topic(f"Omschrijving_{n + 1}", "Omschrijving", "", parent=gid)
        n += 2
    stats = b.group("Statistische gegevens")
    b.topic(f"Inwonertal_{n}", "Inwonertal", "aantal", parent=stats)
    b.topic(f"Omgevingsadressendichtheid_{n + 1}", "Omgevingsadressendichtheid", "per km²", parent=stats)
    rows = []
    for g in gms:
        row: dict[str, Any] = {
            "RegioS": b.key("RegioS", g.gemeente_code),
            "Code_1": g.gemeente_code.ljust(10),
            "Naam_2": g.gemeente_naam.ljust(50),
            "SorteringNaam_3": g.gemeente_naam.ljust(50),
        }
        for i, title in enumerate(groupings):
            code, name = _grouping_value(g, title, year)
            row[f"Code_{4 + 2 * i}"] = code.ljust(10)
            row[f"Naam_{5 + 2 * i}"] = name.ljust(50)
        pop = world.population[(g.gemeente_code, year)]
        size_class = 1 + min(int(math.log10(max(pop, 1))) - 2, 8)
        row[f"Code_{n - 4}"] = str(size_class)
        row[f"Omschrijving_{n - 3}"] = "Gemeentegrootte".ljust(50)
        row[f"Code_{n - 2}"] = str(1 + int(_unit(g.gemeente_code, "sted") * 5))
        row[f"Omschrijving_{n - 1}"] = "Stedelijkheid".ljust(25)
        row[f"Inwonertal_{n}"] = pop
        row[f"Omgevingsadressendichtheid_{n + 1}"] = round(300 + 2000 * _unit(g.gemeente_code, "oad"))
        rows.append(row)
    info = _info(GEBIEDEN_IDS[year], f"Gebieden in Nederland {year}", str(year), "Perjaar")
    return b.table(f"gebieden_{year}", GEBIEDEN_IDS[year], info, rows)


def _bijstand_value(world: World, code: str, year: int, month: int) -> float:
    amr = _amr_of(world, code)
    pop = world.population[(code, year)] * (1 - world.share_0_14[code])
    seasonal = 1 + 0.004 * math.sin(month / 12 * 2 * math.pi)
    slope = 1 + world.amr_bijstand_slope[amr] * (year - 2015 + month / 12)
    return pop / 1000 * world.bijstand_rate[code] * BIJSTAND_INDEX[year] * slope * seasonal


def bijstand_table(world: World, compact: bool) -> RawTable:
    """80794ned: persons with a benefit per region, monthly (GM, PV, LD, NL)."""
    b = _Builder()
    b.dimension("RegioS", "Regio's", _region_items(world, "NL LD PV GM", range(2015, 2027)), "GeoDimension")
    months = [(y, m) for y in range(2015, 2027) for m in range(1, 13) if (y, m) <= (2026, 9)]
    if compact:
        months = [(y, m) for y, m in months if m == 12]
    status = {f"{y}MM{m:02d}": "Voorlopig" for y, m in months if (y, m) >= (2025, 10)}
    b.dimension(
        "Perioden",
        "Perioden",
        [
            (f"{y}MM{m:02d}", f"{y} {MONTHS_NL[m - 1]}{'*' if f'{y}MM{m:02d}' in status else ''}")
            for y, m in months
        ],
        "TimeDimension",
        status,
    )
    topics = [
        ("UitkeringsontvangersTotaal_1", "Uitkeringsontvangers, totaal"),
        ("TotDeAOWLeeftijd_2", "Tot de AOW-leeftijd"),
        ("VanafDeAOWLeeftijd_3", "Vanaf de AOW-leeftijd"),
        ("Werkloosheid_4", "Werkloosheid (WW)"),
        ("BijstandGerelateerdTotAOWLeeftijd_5", "Bijstand(gerelateerd) tot AOW-leeftijd"),
        ("BijstandGerelateerdVanafAOWLeeftijd_6", "Bijstand(gerelateerd) vanaf AOW-leeftijd"),
        ("BijstandTotDeAOWLeeftijd_7", "Bijstand tot de AOW-leeftijd"),
        ("ArbeidsongeschiktheidTotaal_8", "Arbeidsongeschiktheid, totaal"),
        ("WAOUitkering_9", "WAO-uitkering"),
        ("WIAUitkeringWGARegeling_10", "WIA-uitkering: WGA-regeling"),
        ("WajongUitkering_11", "Wajong-uitkering"),
        ("AlgemeneOuderdomswet_12", "AOW"),
    ]
    for key, title in topics:
        b.topic(key, title, "aantal")
    rows = []
    all_gm = {g.gemeente_code for g in world.gemeenten}
    for y, m in months:
        period = b.key("Perioden", f"{y}MM{m:02d}")
        # CBS rounds every published cell to tens on its own, the national total included: the
        # sum of rounded gemeenten is not the rounded national total.
        total = {k: 0.0 for k, _ in topics}
        provisional_gm_missing = (y, m) >= (2026, 7)  # regional figures appear later than national
        present = set()
        parts: dict[str, dict[str, float]] = {}
        for g in _gemeenten_in(world, y):
            code = g.gemeente_code
            present.add(code)
            bij = _bijstand_value(world, code, y, m)
            pop15 = world.population[(code, y)] * (1 - world.share_0_14[code])
            ww = pop15 * 0.016 * (1.35 if y == 2020 else 1.0)
            ao = pop15 * 0.055
            exact = {
                "BijstandTotDeAOWLeeftijd_7": bij,
                "Werkloosheid_4": ww,
                "ArbeidsongeschiktheidTotaal_8": ao,
                "BijstandGerelateerdTotAOWLeeftijd_5": bij * 1.06,
                "BijstandGerelateerdVanafAOWLeeftijd_6": bij * 0.12,
                "WAOUitkering_9": ao * 0.3,
                "WIAUitkeringWGARegeling_10": ao * 0.35,
                "WajongUitkering_11": ao * 0.3,
                "AlgemeneOuderdomswet_12": pop15 * 0.22,
            }
            exact["TotDeAOWLeeftijd_2"] = bij + ww + ao * 0.97
            exact["VanafDeAOWLeeftijd_3"] = exact["AlgemeneOuderdomswet_12"]
            exact["UitkeringsontvangersTotaal_1"] = (
                exact["TotDeAOWLeeftijd_2"] + exact["VanafDeAOWLeeftijd_3"]
            )
            for k in total:
                total[k] += exact[k]
            for part in (g.provincie_code, LANDSDEEL_OF[g.provincie_code]):
                acc = parts.setdefault(part, dict.fromkeys(total, 0.0))
                for k in acc:
                    acc[k] += exact[k]
            values: dict[str, float | None] = {k: round(v, -1) for k, v in exact.items()}
            if provisional_gm_missing:
                values = dict.fromkeys(values)
            rows.append({"RegioS": b.key("RegioS", code), "Perioden": period, **values})
        for code in sorted(parts):
            regional = None if provisional_gm_missing else {k: round(v, -1) for k, v in parts[code].items()}
            rows.append(
                {"RegioS": b.key("RegioS", code), "Perioden": period, **(regional or dict.fromkeys(total))}
            )
        # Gemeenten that no longer exist stay in the table, with empty cells.
        for code in sorted(all_gm - present):
            rows.append({"RegioS": b.key("RegioS", code), "Perioden": period, **dict.fromkeys(total)})
        # CBS's national total includes a few hundred people whose gemeente is unknown.
        nl = {
            k: round(v + (UNKNOWN_GEMEENTE if k == "BijstandTotDeAOWLeeftijd_7" else 0), -1)
            for k, v in total.items()
        }
        rows.append({"RegioS": b.key("RegioS", "NL01"), "Perioden": period, **nl})
    info = _info(
        "80794ned",
        "Personen met een uitkering; uitkeringsontvangers per regio",
        "2015-2026",
        "Permaand",
    )
    return b.table("bijstand", "80794ned", info, rows)


#: 03759ned's ``Leeftijd``: the total and single years only, no age groups (seen). "0 jaar" is
#: 10010 and "n jaar" 10000 + 100·n; 95+ as 22000 is inferred, the 105+ key a guess.
AGES = (
    [("10000", "Totaal"), ("10010", "0 jaar")]
    + [(str(10000 + 100 * n), f"{n} jaar") for n in range(1, 105)]
    + [("22000", "95 jaar of ouder"), ("22100", "105 jaar of ouder")]
)


def _age_values(tot: float, young: float) -> dict[str, float]:
    """Inhabitants per age key: ``young`` spread over 0–14 (summing exactly), the rest over 15+."""
    out = {"10000": tot}
    for n in range(15):
        out["10010" if n == 0 else str(10000 + 100 * n)] = round(young * (n + 1) / 15) - round(young * n / 15)
    older = tot - young
    for n in range(15, 105):
        out[str(10000 + 100 * n)] = round(older * (0.0135 if n < 80 else 0.004 if n < 95 else 0.0001))
    out["22000"] = round(older * 0.0005)
    out["22100"] = 0
    return out


def population_table(world: World, compact: bool) -> RawTable:
    """03759ned: population on 1 January by sex, age (single years), marital status and region.

    The dimension lists are complete, as CBS's are; ``compact`` rows cover only what the
    dashboard downloads (both sexes, all marital states, the total and the ages 0–14).
    """
    b = _Builder()
    sexes = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
    states = [("T001019", "Totaal burgerlijke staat"), ("1010", "Ongehuwd"), ("1020", "Gehuwd"),
              ("1050", "Verweduwd"), ("1080", "Gescheiden")]  # fmt: skip
    b.dimension("Geslacht", "Geslacht", sexes)
    b.dimension("Leeftijd", "Leeftijd", AGES)
    b.dimension("BurgerlijkeStaat", "Burgerlijke staat", states)
    b.dimension(
        "RegioS",
        "Regio's",
        _region_items(world, "NL LD PV CR GM", range(2015, 2027)),
        "GeoDimension",
    )
    items, status = _periods_yearly(range(2015, 2027), {2026: "Voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", status)
    b.topic("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal")
    b.topic("GemiddeldeBevolking_2", "Gemiddelde bevolking", "aantal")
    wanted_ages = [k for k, _ in AGES[:16]] if compact else [k for k, _ in AGES[:22]]
    row_sexes = sexes[:1] if compact else sexes
    row_states = states[:1] if compact else states[:2]
    rows = []
    for y in range(2015, 2027):
        per = b.key("Perioden", f"{y}JJ00")
        gms = _gemeenten_in(world, y)
        regional: dict[str, list[float]] = {"NL01": [0.0, 0.0]}
        for g in gms:
            tot = world.population[(g.gemeente_code, y)]
            young = round(tot * world.share_0_14[g.gemeente_code])
            regional[g.gemeente_code] = [tot, young]
            for code in ("NL01", g.corop_code, g.provincie_code):
                regional.setdefault(code, [0.0, 0.0])
                regional[code][0] += tot
                regional[code][1] += young
        for code, (tot, young) in regional.items():
            if code not in b.pads["RegioS"]:
                continue
            by_age = _age_values(tot, young)
            for s_key, _ in row_sexes:
                sf = 1.0 if s_key == "T001038" else 0.5
                for a in wanted_ages:
                    for st_key, _ in row_states:
                        mf = 1.0 if st_key == "T001019" else 0.33
                        v = round(by_age[a] * sf * mf)
                        rows.append({"Geslacht": b.key("Geslacht", s_key), "Leeftijd": b.key("Leeftijd", a),
                                     "BurgerlijkeStaat": b.key("BurgerlijkeStaat", st_key),
                                     "RegioS": b.key("RegioS", code), "Perioden": per,
                                     "BevolkingOp1Januari_1": v, "GemiddeldeBevolking_2": v})  # fmt: skip
    info = _info(
        "03759ned",
        "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        "1988-2026",
        "Perjaar",
    )
    return b.table("bevolking", "03759ned", info, rows)


SBI = [("T001081", "A-U Alle economische activiteiten"), ("301000", "A Landbouw, bosbouw en visserij"),
       ("307500", "C Industrie"), ("350000", "F Bouwnijverheid"), ("354200", "G Handel"),
       ("422400", "Q Gezondheids- en welzijnszorg")]  # fmt: skip


def _absorbed(code: str, year: int) -> list[str]:
    """The gemeente itself plus those merged into it by that year (Weesp into Amsterdam)."""
    return [code, WEESP.gemeente_code] if code == "GM0363" and year > WEESP_LAST_YEAR else [code]


def _jobs(world: World, code: str, year: int) -> float:
    total = 0.0
    for part in _absorbed(code, year):
        amr = _amr_of(world, part)
        jobs = world.population[(part, 2015)] * world.job_ratio[part]
        for y in range(2016, year + 1):
            jobs *= 1 + world.amr_jobs_growth[amr] + JOBS_YEAR[y] + 0.004 * _normal(part, f"j{y}")
        total += jobs
    return total


def jobs_table(world: World, compact: bool) -> RawTable:
    """83582NED: jobs of employees in December (x 1 000) by sector and region."""
    b = _Builder()
    sbi = SBI[:1] if compact else SBI
    b.dimension("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", sbi)
    b.dimension("RegioS", "Regio's", _region_items(world, "NL PV CR GM", range(2015, 2025)), "GeoDimension")
    items, status = _periods_yearly(range(2015, 2025), {2024: "Voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", status)
    b.topic("BanenVanWerknemersInDecember_1", "Banen van werknemers in december", "x 1 000", 1)
    rows = []
    for y in range(2015, 2025):
        per = b.key("Perioden", f"{y}JJ00")
        agg: dict[str, float] = {}
        for g in _gemeenten_in(world, y):
            v = _jobs(world, g.gemeente_code, y)
            agg[g.gemeente_code] = v
            for code in ("NL01", g.corop_code, g.provincie_code):
                agg[code] = agg.get(code, 0.0) + v
        for code, v in agg.items():
            for s, _ in sbi:
                share = 1.0 if s == "T001081" else 0.12
                value = round(v * share / 1000, 1)
                # CBS suppresses very small cells ("." → null).
                suppressed = code.startswith("GM") and world.population[(code, y)] < 2_000
                rows.append({"BedrijfstakkenBranchesSBI2008": b.key("BedrijfstakkenBranchesSBI2008", s),
                             "RegioS": b.key("RegioS", code), "Perioden": per,
                             "BanenVanWerknemersInDecember_1": None if suppressed else value})  # fmt: skip
    info = _info(
        "83582NED",
        "Banen van werknemers in december; economische activiteit (SBI2008), regio",
        "2010-2024",
        "Perjaar",
    )
    return b.table("banen", "83582NED", info, rows)


def establishments_table(world: World, compact: bool) -> RawTable:
    """81575NED: business establishments on 1 January by sector and gemeente."""
    b = _Builder()
    sbi = SBI[:1] if compact else SBI
    b.dimension("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", sbi)
    b.dimension("RegioS", "Regio's", _region_items(world, "NL GM", range(2015, 2027)), "GeoDimension")
    items, status = _periods_yearly(range(2015, 2027), {2026: "Voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", status)
    b.topic("Vestigingen_1", "Vestigingen van bedrijven", "aantal")
    rows = []
    for y in range(2015, 2027):
        per = b.key("Perioden", f"{y}JJ00")
        agg: dict[str, float] = {"NL01": 0.0}
        for g in _gemeenten_in(world, y):
            amr = _amr_of(world, g.gemeente_code)
            v = sum(
                world.population[(part, 2015)]
                * 0.105
                * (1.028 + world.amr_jobs_growth[amr] / 2) ** (y - 2015)
                for part in _absorbed(g.gemeente_code, y)
            )
            agg[g.gemeente_code] = v
            agg["NL01"] += v
        for code, v in agg.items():
            for s, _ in sbi:
                rows.append({"BedrijfstakkenBranchesSBI2008": b.key("BedrijfstakkenBranchesSBI2008", s),
                             "RegioS": b.key("RegioS", code), "Perioden": per,
                             "Vestigingen_1": round(v * (1.0 if s == "T001081" else 0.1), -1)})  # fmt: skip
    info = _info("81575NED", "Vestigingen van bedrijven; bedrijfstak, gemeente", "2007-2026", "Perjaar")
    return b.table("vestigingen", "81575NED", info, rows)


GDP_TOPICS = [
    ("BbpMarktprijzen_1", "Bbp (marktprijzen)", "mln euro"), ("BbpPerInwoner_2", "Bbp per inwoner", "euro"),
    ("BbpVolumemutaties_3", "Bbp, volumemutaties", "%"),
    ("BrutoToegevoegdeWaardeVolumemutaties_4", "Bruto toegevoegde waarde, volumemutaties", "%"),
    ("ToegevoegdeWaardeBrutoBasisprijzen_5", "Toegevoegde waarde (bruto, basisprijzen)", "mln euro"),
    ("BeloningVanWerknemers_6", "Beloning van werknemers", "mln euro"),
]  # fmt: skip


def gdp_table(world: World, table_id: str, status: str) -> RawTable:
    """85924NED (current) or 84432NED (discontinued): regional accounts, COROP and up."""
    b = _Builder()
    b.dimension("RegioS", "Regio's", _region_items(world, "NL LD PV CR", []), "GeoDimension")
    last = 2024 if status == "Regulier" else 2022
    items, st = _periods_yearly(range(2015, last + 1), {last: "Voorlopig", last - 1: "Nader voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", st)
    for key, title, unit in GDP_TOPICS:
        b.topic(key, title, unit, 1)
    corops = sorted({g.corop_code for g in world.gemeenten})
    rows = []
    for y in range(2015, last + 1):
        per = b.key("Perioden", f"{y}JJ00")
        weighted, weight = 0.0, 0.0
        values = {}
        for cr in corops:
            amrs = [g.amr_code for g in world.gemeenten if g.corop_code == cr]
            effect = sum(world.amr_jobs_growth[a] for a in amrs) / len(amrs) * 100
            values[cr] = round(GDP_YEAR[y] + 0.8 * (effect - 0.4) + 0.6 * _normal(cr, f"g{y}"), 1)
            pop = sum(world.population[(g.gemeente_code, y)] for g in world.gemeenten if g.corop_code == cr)
            weighted += values[cr] * pop
            weight += pop
        values["NL01"] = round(weighted / weight, 1)
        for code, v in values.items():
            row = {"RegioS": b.key("RegioS", code), "Perioden": per}
            row.update(dict.fromkeys((k for k, _, _ in GDP_TOPICS)))
            row["BbpVolumemutaties_3"] = v
            row["BrutoToegevoegdeWaardeVolumemutaties_4"] = round(v + 0.2, 1)
            rows.append(row)
    info = _info(table_id, "Regionale kerncijfers; nationale rekeningen", f"1995-{last}", "Perjaar", status)
    return b.table("bbp", table_id, info, rows)


LABOUR_TOPICS = [
    ("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", "x 1 000"),
    ("Beroepsbevolking_2", "Beroepsbevolking", "x 1 000"),
    ("WerkzameBeroepsbevolking_3", "Werkzame beroepsbevolking", "x 1 000"),
    ("Werknemer_4", "Werknemer", "x 1 000"), ("Zelfstandige_5", "Zelfstandige", "x 1 000"),
    ("WerklozeBeroepsbevolking_6", "Werkloze beroepsbevolking", "x 1 000"),
    ("Werkloosheidspercentage_7", "Werkloosheidspercentage", "%"),
    ("NietBeroepsbevolking_8", "Niet-beroepsbevolking", "x 1 000"),
    ("BrutoArbeidsparticipatie_9", "Bruto arbeidsparticipatie", "%"),
    ("NettoArbeidsparticipatie_10", "Netto arbeidsparticipatie", "%"),
]  # fmt: skip


def labour_table(world: World, table_id: str, edition: int, status: str, compact: bool) -> RawTable:
    """86088NED (2024 edition) or 85494NED (2022): labour participation per AM and up."""
    b = _Builder()
    persons = [("T009002", "Totaal personen")] + (
        [] if compact else [("3000", "Mannen"), ("4000", "Vrouwen"), ("52052", "15 tot 25 jaar")]
    )
    b.dimension("Persoonskenmerken", "Persoonskenmerken", persons)
    b.dimension("RegioS", "Regio's", _region_items(world, "NL LD PV CR AM", []), "GeoDimension")
    items, st = _periods_yearly(range(2015, edition + 1), {edition: "Voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", st)
    for key, title, unit in LABOUR_TOPICS:
        b.topic(key, title, unit, 1 if unit == "%" else 0)
    amr_rate = {}
    for a in AMR_NAMES:
        members = [g for g in world.gemeenten if g.amr_code == a]
        pop = sum(world.population[(g.gemeente_code, 2020)] for g in members)
        amr_rate[a] = (
            sum(
                world.bijstand_rate[g.gemeente_code] * world.population[(g.gemeente_code, 2020)]
                for g in members
            )
            / pop
        )
    rows = []
    for y in range(2015, edition + 1):
        per = b.key("Perioden", f"{y}JJ00")
        region_values = {"NL01": (UNEMPLOYMENT_NL[y], PARTICIPATION_NL[y])}
        for a, rate in amr_rate.items():
            u = UNEMPLOYMENT_NL[y] * (rate / 26) ** 0.6 + 0.25 * _normal(a, f"u{y}")
            p = PARTICIPATION_NL[y] - 4.0 * (rate / 26 - 1) + 0.8 * _normal(a, f"p{y}")
            region_values[a] = (round(u, 1), round(p, 1))
        for code, (u, p) in region_values.items():
            for pk, _ in persons:
                f = 1.0 if pk == "T009002" else 1.1
                row = {
                    "Persoonskenmerken": b.key("Persoonskenmerken", pk),
                    "RegioS": b.key("RegioS", code),
                    "Perioden": per,
                }
                row.update(dict.fromkeys((k for k, _, _ in LABOUR_TOPICS)))
                row["Werkloosheidspercentage_7"] = round(u * f, 1)
                row["NettoArbeidsparticipatie_10"] = round(p / f, 1)
                rows.append(row)
    title = f"Arbeidsdeelname; regionale indeling {edition}"
    info = _info(table_id, title, f"2003-{edition}", "Perjaar", status)
    return b.table("arbeidsdeelname", table_id, info, rows)


#: The yearly tables in which CBS published bijstand per arbeidsmarktregio itself (seen ids).
BIJSTAND_AM_IDS = {2015: "83450NED", 2016: "83747NED", 2017: "84066NED"}


def bijstand_am_table(world: World, year: int) -> RawTable:
    """ "Sociale zekerheid; bijstand, re-integratie en WSW, gemeenten <year>" (seen layout).

    No ``Perioden`` (one year per table); dimensions ``Leeftijd`` (20150 "15 jaar of ouder",
    90100 from 15 to the AOW age; that title is a guess) and ``Regiokenmerken`` with NL, LD, PV,
    CR, AM, GM and grouping codes such as ``A007394``, so every key is padded to 7 characters.
    Region codes are those of the year's classification (FoodValley is AM31 up to 2016).
    """
    b = _Builder()
    ages = [("20150", "15 jaar of ouder"), ("90100", "15 jaar tot AOW-leeftijd")]
    b.dimension("Leeftijd", "Leeftijd", ages)
    gms = _gemeenten_in(world, year)
    amr_names = {amr_code_in_year(g, year): AMR_NAMES[g.amr_code] for g in gms}
    regions = [("NL01", "Nederland")]
    regions += [(k, f"{v} (LD)") for k, v in LANDSDELEN.items()]
    regions += [(k, f"{v} (PV)") for k, v in PROVINCES.items()]
    regions += sorted({(g.corop_code, f"{g.corop_naam} (CR)") for g in gms})
    regions += sorted((k, f"{v} (AM)") for k, v in amr_names.items())
    regions += [(g.gemeente_code, g.gemeente_naam) for g in gms]
    regions += [("A007394", "Gemeentegrootte: 100 000 tot 150 000 inwoners")]
    b.dimension("Regiokenmerken", "Regiokenmerken", regions, "GeoDimension")
    topics = [("Inwoners_1", "Inwoners", "aantal"),
              ("Bijstandsontvangers_2", "Bijstandsontvangers", "aantal"),
              ("Bijstandsdichtheid_3", "Bijstandsdichtheid", "per 1 000 inwoners"),
              ("Instroom_4", "Instroom", "aantal"), ("Uitstroom_6", "Uitstroom", "aantal")]  # fmt: skip
    for key, title, unit in topics:
        b.topic(key, title, unit, 1 if unit.startswith("per") else 0)
    sums: dict[str, list[float]] = {}
    for g in gms:
        code = g.gemeente_code
        bij = _bijstand_value(world, code, year, 12)
        pop = world.population[(code, year + 1)] * (1 - world.share_0_14[code])
        for key in (code, "NL01", g.provincie_code, LANDSDEEL_OF[g.provincie_code], g.corop_code,
                    amr_code_in_year(g, year)):  # fmt: skip
            acc = sums.setdefault(key, [0.0, 0.0])
            acc[0] += bij
            acc[1] += pop
    rows = []
    for code, _ in regions:
        bij, pop = sums.get(code, [None, None])
        for age, _ in ages:
            # Persons from the AOW age on with algemene bijstand are few; inhabitants are not.
            f_bij, f_pop = (1.0, 0.8) if age == "90100" else (1.012, 1.0)
            value = None if bij is None else round(bij * f_bij, -1)
            inhabitants = None if pop is None else round(pop * f_pop, -1)
            rows.append(
                {
                    "Leeftijd": b.key("Leeftijd", age),
                    "Regiokenmerken": b.key("Regiokenmerken", code),
                    "Inwoners_1": inhabitants,
                    "Bijstandsontvangers_2": value,
                    "Bijstandsdichtheid_3": None if not value else round(value / inhabitants * 1000 * 2) / 2,
                    "Instroom_4": None if value is None else round(value * 0.25, -1),
                    "Uitstroom_6": None if value is None else round(value * 0.22, -1),
                }
            )
    title = f"Sociale zekerheid; bijstand, re-integratie en WSW, gemeenten {year}"
    info = _info(BIJSTAND_AM_IDS[year], title, str(year), "Perjaar", "Gediscontinueerd")
    return b.table(f"bijstand_am_{year}", BIJSTAND_AM_IDS[year], info, rows)


def build_raw_tables(compact: bool = True) -> list[RawTable]:
    """Build every demo table in CBS's raw shape.

    Args:
        compact: Only the categories and months the dashboard downloads (for the demo snapshot);
            ``False`` adds the other categories and months a real CBS table has, so an emulator
            serving them is of realistic size.

    Returns:
        All tables, including superseded editions that only the catalog should point away from.
    """
    world = build_world()
    tables = [gebieden_table(world, y) for y in sorted(GEBIEDEN_IDS)]
    tables += [
        bijstand_table(world, compact),
        population_table(world, compact),
        jobs_table(world, compact),
        establishments_table(world, compact),
        gdp_table(world, "85924NED", "Regulier"),
        gdp_table(world, "84432NED", "Gediscontinueerd"),
        labour_table(world, "86088NED", 2024, "Regulier", compact),
        labour_table(world, "85494NED", 2022, "Gediscontinueerd", compact),
    ]
    tables += [bijstand_am_table(world, y) for y in sorted(BIJSTAND_AM_IDS)]
    return tables
