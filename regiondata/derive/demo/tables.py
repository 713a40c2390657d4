"""Demo data tables: bijstand (80794ned), population (03759ned), jobs, establishments, GDP and labour."""

from __future__ import annotations

from regiondata.cbs.raw import RawTable
from regiondata.derive.demo.world import (
    GDP_YEAR,
    JOBS_YEAR,
    LANDSDEEL_OF,
    PARTICIPATION_NL,
    UNEMPLOYMENT_NL,
    UNKNOWN_GEMEENTE,
    WEESP,
    WEESP_LAST_YEAR,
    World,
    _amr_of,
    _bijstand_value,
    _Builder,
    _gemeenten_in,
    _info,
    _normal,
    _periods_yearly,
    _region_items,
)
from regiondata.dutch import MONTHS_NL
from regiondata.regions import AMR_NAMES

#: 80794ned's twelve topics, keys and titles as seen.
BENEFIT_TOPICS = [
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


def _benefits(world: World, code: str, year: int, month: int) -> dict[str, float]:
    """A gemeente's persons per 80794ned topic in one month, unrounded (CBS rounds each cell)."""
    bij = _bijstand_value(world, code, year, month)
    pop15 = world.population[(code, year)] * (1 - world.share_0_14[code])
    ww = pop15 * 0.016 * (1.35 if year == 2020 else 1.0)
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
    exact["UitkeringsontvangersTotaal_1"] = exact["TotDeAOWLeeftijd_2"] + exact["VanafDeAOWLeeftijd_3"]
    return exact


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
    for key, title in BENEFIT_TOPICS:
        b.topic(key, title, "aantal")
    rows = []
    all_gm = {g.gemeente_code for g in world.gemeenten}
    for y, m in months:
        period = b.key("Perioden", f"{y}MM{m:02d}")
        # CBS rounds every published cell to tens on its own, the national total included: the
        # sum of rounded gemeenten is not the rounded national total.
        total = {k: 0.0 for k, _ in BENEFIT_TOPICS}
        provisional_gm_missing = (y, m) >= (2026, 7)  # regional figures appear later than national
        present = set()
        parts: dict[str, dict[str, float]] = {}
        for g in _gemeenten_in(world, y):
            code = g.gemeente_code
            present.add(code)
            exact = _benefits(world, code, y, m)
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


#: The all-sector total and the A10 grouping, keys as seen in public code reading 83582NED
#: (tests/cbs_evidence.json); titles in CBS's usual "<letters> <name>" form [inferred].
SBI = [("T001081", "A-U Alle economische activiteiten"), ("301000", "A Landbouw, bosbouw en visserij"),
       ("300002", "B-E Nijverheid (geen bouw) en energie"), ("350000", "F Bouwnijverheid"),
       ("300006", "G-I Handel, vervoer en horeca"), ("391600", "J Informatie en communicatie"),
       ("396300", "K Financiële dienstverlening"), ("402000", "L Verhuur en handel van onroerend goed"),
       ("300010", "M-N Zakelijke dienstverlening"), ("300012", "O-Q Overheid en zorg"),
       ("300014", "R-U Cultuur, recreatie, overige diensten")]  # fmt: skip
#: Rough national shares of the A10 sectors in employee jobs, and their yearly growth (invented).
SECTOR_SHARE = {"301000": 0.02, "300002": 0.11, "350000": 0.05, "300006": 0.29, "391600": 0.04,
                "396300": 0.03, "402000": 0.01, "300010": 0.17, "300012": 0.24, "300014": 0.04}  # fmt: skip
SECTOR_GROWTH = {"301000": -0.01, "300002": 0.0, "350000": 0.012, "300006": 0.008,
                 "391600": 0.03, "396300": -0.01, "402000": 0.005, "300010": 0.02,
                 "300012": 0.018, "300014": 0.006}  # fmt: skip


def _sector_shares(world: World, code: str, year: int) -> dict[str, float]:
    """A gemeente's job shares by A10 sector: national shares tilted per region, growing apart."""
    amr = _amr_of(world, code)
    raw = {
        s: share
        * max(0.25, 1 + 0.45 * _normal(amr, f"sector{s}") + 0.15 * _normal(code, f"sector{s}"))
        * (1 + SECTOR_GROWTH[s] + 0.012 * _normal(amr, f"sg{s}")) ** (year - 2015)
        for s, share in SECTOR_SHARE.items()
    }
    total = sum(raw.values())
    return {s: v / total for s, v in raw.items()}


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
    """83582NED: jobs of employees in December (x 1 000) by sector and region.

    The total and the ten A10 sectors for gemeenten and Nederland (the Regio-DNA page downloads
    those), the total only for COROP-gebieden and provincies.
    """
    b = _Builder()
    sbi = SBI
    b.dimension("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", sbi)
    b.dimension("RegioS", "Regio's", _region_items(world, "NL PV CR GM", range(2015, 2025)), "GeoDimension")
    items, status = _periods_yearly(range(2015, 2025), {2024: "Voorlopig"})
    b.dimension("Perioden", "Perioden", items, "TimeDimension", status)
    b.topic("BanenVanWerknemersInDecember_1", "Banen van werknemers in december", "x 1 000", 1)
    rows = []
    for y in range(2015, 2025):
        per = b.key("Perioden", f"{y}JJ00")
        agg: dict[str | tuple[str, str], float] = {}
        for g in _gemeenten_in(world, y):
            v = _jobs(world, g.gemeente_code, y)
            agg[g.gemeente_code] = v
            for code in ("NL01", g.corop_code, g.provincie_code):
                agg[code] = agg.get(code, 0.0) + v
        for g in _gemeenten_in(world, y):
            shares = _sector_shares(world, g.gemeente_code, y)
            for s, share in shares.items():
                v = agg[g.gemeente_code] * share
                agg[(g.gemeente_code, s)] = v
                agg[("NL01", s)] = agg.get(("NL01", s), 0.0) + v
        for code, v in agg.items():
            if isinstance(code, tuple):
                continue
            for s, _ in sbi:
                v_s = v if s == "T001081" else agg.get((code, s))
                if v_s is None:  # COROP and provincie rows: the total only
                    continue
                value = round(v_s / 1000, 1)
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
