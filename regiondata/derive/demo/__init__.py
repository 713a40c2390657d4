"""Deterministic synthetic data in CBS's raw shapes: the demo snapshot and the emulator fixtures.

The demo uses the real 35 arbeidsmarktregio's and the real 2026 gemeente membership (embedded),
with invented but plausible figures. It is produced as raw CBS tables (padded keys, numbered
measures, ``Perioden`` with ``Status``, one "Gebieden in Nederland" table per year whose column
positions move) so it runs through exactly the same cleaning and aggregation as real data.
Every figure is fake; the app labels demo data as such on every page.
"""

from __future__ import annotations

from regiondata.cbs.raw import RawTable
from regiondata.derive.demo.commuting import commuting_tables
from regiondata.derive.demo.regions import BIJSTAND_AM_IDS, GEBIEDEN_IDS, bijstand_am_table, gebieden_table
from regiondata.derive.demo.tables import (
    bijstand_table,
    establishments_table,
    gdp_table,
    jobs_table,
    labour_table,
    population_table,
)
from regiondata.derive.demo.world import World, build_world

__all__ = ["World", "build_raw_tables", "build_world", "gebieden_table"]


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
    tables += commuting_tables(world)
    return tables
