"""The 35 arbeidsmarktregio's and the embedded gemeente list used for demo data.

Real membership per year comes from CBS's "Gebieden in Nederland" tables (see ``transform``);
this module only knows the region codes and names CBS uses, plus one embedded copy of the
2026 classification that the demo data is built on.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from regiondata.errors import BadInputError

#: Arbeidsmarktregio codes and names as CBS publishes them (35 regions; AM04, AM16 and AM31
#: do not exist).
AMR_NAMES: dict[str, str] = {
    "AM01": "Groningen",
    "AM02": "Friesland",
    "AM03": "Drenthe",
    "AM05": "Twente",
    "AM06": "Veluwe Stedendriehoek",
    "AM07": "Midden-Gelderland",
    "AM08": "Rijk van Nijmegen",
    "AM09": "Achterhoek",
    "AM10": "Rivierenland",
    "AM11": "Flevoland",
    "AM12": "Gooi en Vechtstreek",
    "AM13": "Midden-Utrecht",
    "AM14": "Amersfoort",
    "AM15": "Noord-Holland Noord",
    "AM17": "Zaanstreek/Waterland",
    "AM18": "Groot Amsterdam",
    "AM19": "Holland Rijnland",
    "AM20": "Midden-Holland",
    "AM21": "Haaglanden",
    "AM22": "Rijnmond",
    "AM23": "Drechtsteden",
    "AM24": "Zeeland",
    "AM25": "West-Brabant",
    "AM26": "Midden-Brabant",
    "AM27": "Noordoost-Brabant",
    "AM28": "Zuidoost-Brabant",
    "AM29": "Noord-Limburg",
    "AM30": "Zuid-Limburg",
    "AM32": "Helmond-De Peel",
    "AM33": "Midden-Limburg",
    "AM34": "Zuid-Holland Centraal",
    "AM35": "Gorinchem",
    "AM36": "Regio Zwolle",
    "AM37": "Zuid-Kennemerland en IJmond",
    "AM38": "FoodValley",
}
AMR_CODES: tuple[str, ...] = tuple(AMR_NAMES)
NL_CODE = "NL01"
NL_NAME = "Nederland"


@dataclass(frozen=True)
class CodeChange:
    """An arbeidsmarktregio code CBS used in older classifications for a region that still exists.

    Attributes:
        old_code: The code in the older classifications (``AM31``).
        new_code: Today's code of the same region (``AM38``).
        last_year: The last classification year that used the old code.
        evidence: Where this is seen (for the sources page and the README).
    """

    old_code: str
    new_code: str
    last_year: int
    evidence: str


#: Every known change of an arbeidsmarktregio code. FoodValley was AM31 up to the 2016
#: classification and AM38 from 2017 (seen in CBS's yearly bijstand tables 83747NED and 84066NED).
#: No other code change is known from 2015 on; an unknown code stops the refresh (never dropped).
AMR_CODE_CHANGES: tuple[CodeChange, ...] = (
    CodeChange("AM31", "AM38", 2016, "CBS 83747NED (2016) en 84066NED (2017)"),
)


def current_amr_code(code: str, year: int) -> str | None:
    """Map the arbeidsmarktregio code CBS used in a classification year to today's code.

    Args:
        code: The stripped code as CBS published it that year (``AM31``).
        year: The classification year (of the "Gebieden in Nederland" table, or the table's year).

    Returns:
        Today's code (``AM38``), the code itself when it is still current, or ``None`` when the
        code is unknown for that year (the caller must stop or report, never drop it).
    """
    for change in AMR_CODE_CHANGES:
        if code == change.old_code and year <= change.last_year:
            return change.new_code
    return code if code in AMR_NAMES else None


_AMR_PATTERN = re.compile(r"^AM\d{2}$")


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of the embedded 2026 classification."""

    gemeente_code: str
    gemeente_naam: str
    amr_code: str
    corop_code: str
    corop_naam: str
    provincie_code: str
    provincie_naam: str


def parse_amr_code(value: str | None) -> str:
    """Validate a region code from user input (URL, widget) and normalise it.

    Args:
        value: Text such as ``"AM18"``, ``"am18"`` or ``" AM18 "``.

    Returns:
        The canonical code, e.g. ``"AM18"``.

    Raises:
        BadInputError: When the text is not one of the 35 arbeidsmarktregio codes.
    """
    code = (value or "").strip().upper()
    if not _AMR_PATTERN.match(code) or code not in AMR_NAMES:
        shown = (value or "")[:20]
        raise BadInputError(
            f"Onbekende arbeidsmarktregio '{shown}'. Kies een code van AM01 tot en met AM38, "
            "bijvoorbeeld AM18 (Groot Amsterdam)."
        )
    return code


def amr_label(code: str) -> str:
    """Return the display label of a region code, e.g. ``"Groot Amsterdam (AM18)"``."""
    if code == NL_CODE:
        return NL_NAME
    return f"{AMR_NAMES.get(code, code)} ({code})"


@cache
def embedded_gemeenten() -> tuple[Gemeente, ...]:
    """Load the embedded 2026 gemeente classification (CBS, Gebieden in Nederland 2026).

    Returns:
        One record per gemeente, sorted by code.
    """
    text = resources.files("regiondata").joinpath("data/gemeenten_2026.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(Gemeente(**{k: v for k, v in row.items() if k != "amr_naam"}) for row in rows)
