"""Demo tables about regions: "Gebieden in Nederland" per year (membership, in CBS's layout of that
year) and the yearly tables in which CBS published bijstand per arbeidsmarktregio itself.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from regiondata.cbs.raw import RawTable
from regiondata.derive.demo.world import (
    LANDSDEEL_OF,
    LANDSDELEN,
    PROVINCES,
    World,
    _bijstand_value,
    _Builder,
    _gemeenten_in,
    _info,
    _unit,
)
from regiondata.regions import AMR_CODE_CHANGES, AMR_NAMES, Gemeente, current_amr_code

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
