"""The gemeenten of an arbeidsmarktregio in a year, with their own figures."""

from __future__ import annotations

import pandas as pd

from regiondata.regions import parse_amr_code

MEMBER_COLUMNS = [
    "region_code",
    "region_name",
    "bijstand_count",
    "bijstand_per_1000",
    "jobs_count",
    "jobs_growth_pct",
    "population_count",
]


def region_members(regions: pd.DataFrame, amr_code: str, year: int) -> pd.DataFrame:
    """The gemeenten that belonged to a region in a year, with their own figures.

    Membership is that of the year itself (gemeenten merge and move between regions).

    Returns:
        ``MEMBER_COLUMNS``, largest population first (missing last, then by code); empty when
        there are no gemeente rows for that year.

    Raises:
        BadInputError: Unknown region code.
    """
    code = parse_amr_code(amr_code)
    members = regions[
        (regions["level"] == "gemeente") & (regions["amr_code"] == code) & (regions["year"] == int(year))
    ]
    return members.sort_values(
        ["population_count", "region_code"], ascending=[False, True], na_position="last"
    )[MEMBER_COLUMNS].reset_index(drop=True)
