"""The invented demo world: gemeenten, population and rates, and the builder of CBS-shaped tables.

Everything the demo tables share: deterministic pseudo-random numbers per code, the World with its
figures per gemeente, and ``_Builder``, which assembles DataProperties, padded dimension lists and
rows exactly as CBS's OData v3 feed delivers them.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from regiondata.cbs.raw import RawTable
from regiondata.regions import AMR_NAMES, Gemeente, embedded_gemeenten

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


def _bijstand_value(world: World, code: str, year: int, month: int) -> float:
    amr = _amr_of(world, code)
    pop = world.population[(code, year)] * (1 - world.share_0_14[code])
    seasonal = 1 + 0.004 * math.sin(month / 12 * 2 * math.pi)
    slope = 1 + world.amr_bijstand_slope[amr] * (year - 2015 + month / 12)
    return pop / 1000 * world.bijstand_rate[code] * BIJSTAND_INDEX[year] * slope * seasonal
