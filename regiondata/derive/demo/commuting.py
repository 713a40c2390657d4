"""Demo commuting tables in the shapes of 83628NED (2014–2020) and 85481NED (2021 onwards).

Shapes as seen (tests/cbs_evidence.json): dimensions ``WoonregioS`` × ``WerkregioS`` ×
``Perioden``, topic ``BanenVanWerknemers_1`` (x 1 000, one decimal) and a distance topic in km,
December periods ``YYYYMM12`` (seen for 85481NED; for 83628NED [inferred] from its sibling), the
total "Nederland, Buitenland, Niet in te delen" as ``NL00`` (seen as a code in public code reading
85481NED; not seen in 83628NED, which has "Nederland" only), ``GM0000`` for an unknown gemeente.
The distance topic's key is a [guess] (``WoonWerkafstand_2``); the code finds it by title.

CBS lists every pair of regions, zeros included. The demo lists only the pairs that carry jobs
plus the totals and a few provincie rows (which the refresh must leave alone), so the emulator
stays small; zero pairs change no sum.
"""

from __future__ import annotations

import math

from regiondata.cbs.raw import RawTable
from regiondata.derive.demo.world import (
    LANDSDEEL_OF,
    PROVINCES,
    World,
    _Builder,
    _gemeenten_in,
    _info,
    _region_items,
    _unit,
)
from regiondata.regions import Gemeente

#: Employee jobs per inhabitant (all ages), roughly the national ratio.
JOBS_PER_INHABITANT = 0.47
#: Jobs held by people living abroad or with an unknown gemeente, as a share of a gemeente's jobs.
ABROAD_SHARE = 0.02
UNKNOWN = "GM0000"


def _partner(world: World, g: Gemeente, year: int) -> Gemeente | None:
    """The biggest gemeente of another region in the same province, else in the same landsdeel
    (the cross-region pull; Zeeland is one region and one province)."""
    same_province = [o for o in _gemeenten_in(world, year) if o.provincie_code == g.provincie_code]
    same_part = [
        o
        for o in _gemeenten_in(world, year)
        if LANDSDEEL_OF[o.provincie_code] == LANDSDEEL_OF[g.provincie_code]
    ]
    for pool in (same_province, same_part):
        others = [o for o in pool if o.amr_code != g.amr_code]
        if others:
            return max(others, key=lambda o: world.population[(o.gemeente_code, year)])
    return None


def _destinations(world: World, g: Gemeente, year: int) -> dict[str, tuple[float, float]]:
    """Where a gemeente's residents work: gemeente → (share of their jobs, distance km)."""
    code = g.gemeente_code
    same = [o for o in _gemeenten_in(world, year) if o.amr_code == g.amr_code and o.gemeente_code != code]
    same.sort(key=lambda o: -world.population[(o.gemeente_code, year)])
    pop = world.population[(code, year)]
    own = min(0.7, 0.25 + 0.08 * math.log10(max(pop, 1_000) / 1_000))
    out = {code: (own, 2.0 + 4.0 * _unit(code, "dself"))}
    rest = 1 - own - 0.01
    nearby = same[:4]
    partner = _partner(world, g, year)
    cross = 0.12 + 0.1 * _unit(code, "cross") if partner else 0.0
    for i, o in enumerate(nearby):
        weight = (0.5 if i == 0 else 0.5 / 3) * (rest - cross)
        out[o.gemeente_code] = (weight, 10.0 + 20.0 * _unit(code + o.gemeente_code, "dnear"))
    if not nearby:
        out[code] = (own + rest - cross, out[code][1])
    if partner:
        out[partner.gemeente_code] = (cross, 30.0 + 35.0 * _unit(code, "dfar"))
    out[UNKNOWN] = (0.01, 25.0)
    return out


def commuting_table(
    world: World, table_id: str, years: range, title: str, totals: list[tuple[str, str]]
) -> RawTable:
    """One commuting table: gemeente pairs with jobs, the totals, and a few provincie rows."""
    b = _Builder()
    regions = totals + _region_items(world, "LD PV CR GM", years) + [(UNKNOWN, "Niet in te delen")]
    b.dimension("WoonregioS", "Woonregio's", regions, "GeoDimension")
    b.dimension("WerkregioS", "Werkregio's", regions, "GeoDimension")
    items = [(f"{y}MM12", f"{y} december{'*' if y == years[-1] else ''}") for y in years]
    b.dimension("Perioden", "Perioden", items, "TimeDimension", {f"{years[-1]}MM12": "Voorlopig"})
    b.topic("BanenVanWerknemers_1", "Banen van werknemers", "x 1 000", 1)
    distance_title = "Woon-werk afstand" if table_id == "83628NED" else "Woon-werkafstand"
    b.topic("WoonWerkafstand_2", distance_title, "km", 1)
    total = totals[0][0]
    rows: list[dict] = []

    def add(woon: str, werk: str, per: str, jobs: float, km: float | None) -> None:
        rows.append({"WoonregioS": b.key("WoonregioS", woon), "WerkregioS": b.key("WerkregioS", werk),
                     "Perioden": per, "BanenVanWerknemers_1": round(jobs / 1000, 1),
                     "WoonWerkafstand_2": None if km is None else round(km, 1)})  # fmt: skip

    for y in years:
        per = b.key("Perioden", f"{y}MM12")
        into: dict[str, list[float]] = {}
        known = max(y, min(yr for _, yr in world.population))  # the demo's population starts in 2015
        for g in _gemeenten_in(world, y):
            resident_jobs = world.population[(g.gemeente_code, known)] * JOBS_PER_INHABITANT
            weighted = 0.0
            for werk, (share, km) in _destinations(world, g, known).items():
                jobs = resident_jobs * share
                weighted += jobs * km
                add(g.gemeente_code, werk, per, jobs, km)
                acc = into.setdefault(werk, [0.0, 0.0])
                acc[0] += jobs
                acc[1] += jobs * km
            add(g.gemeente_code, total, per, resident_jobs, weighted / resident_jobs)
        for werk, (jobs, km) in into.items():
            if werk == UNKNOWN:
                continue
            abroad = jobs * ABROAD_SHARE
            add(total, werk, per, jobs + abroad, (km + abroad * 40.0) / (jobs + abroad))
        for pv in list(PROVINCES)[:2]:  # not downloaded: proves the filter leaves provinces alone
            add(pv, total, per, 1000.0, 20.0)
    info = _info(table_id, title, f"{years[0]}-{years[-1]}", "Perjaar")
    return b.table("pendel", table_id, info, rows)


def commuting_tables(world: World) -> list[RawTable]:
    """83628NED (2014–2020, total "Nederland") and 85481NED (2021–2024, broadest total)."""
    return [
        commuting_table(
            world,
            "83628NED",
            range(2014, 2021),
            "Banen van werknemers naar woon- en werkregio (2014-2020)",
            [("NL01", "Nederland")],
        ),
        commuting_table(
            world,
            "85481NED",
            range(2021, 2025),
            "Werknemersbanen en reisafstand; woon- en werkregio",
            [("NL00", "Nederland, Buitenland, Niet in te delen"), ("NL01", "Nederland")],
        ),
    ]
