"""What we download from CBS: one declarative spec per source table.

The specs say which table (a fixed id, or a title to look up in the CBS catalog), which
measures (by key *stem* and title, never by the numbered key, because CBS renumbers keys
between table editions), which categories of extra dimensions (the totals) and which region
kinds. ``cbs.fetch_source`` turns a spec into a server-side ``$filter``/``$select``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class MeasureSpec:
    """One measure (topic) of a CBS table.

    Attributes:
        column: Our column name, with the unit as suffix (``bijstand_count``).
        stem: The CBS key without its position suffix (``BijstandTotDeAOWLeeftijd``).
        titles: Accepted ``DataProperties`` titles, tried when no key has the stem.
        scale: Factor to turn CBS's unit into ours (``x 1 000`` becomes 1000).
    """

    column: str
    stem: str
    titles: tuple[str, ...] = ()
    scale: float = 1.0


@dataclass(frozen=True)
class CategoryPick:
    """Fix a non-region, non-period dimension to one or more categories.

    Attributes:
        dimension: Dimension key, e.g. ``BedrijfstakkenBranchesSBI2008``.
        picks: Column suffix → (known keys, title patterns). One pick with suffix ``""`` is the
            usual "total" case; more picks become extra columns.
        sums: Column suffix → exact titles of categories that are added up into one column
            (03759ned has single years of age only: the under-15s are "0 jaar" … "14 jaar").
            Every title must be present, or the table counts as changed.
        optional: Suffixes of picks that may be missing (the caller falls back to another).
    """

    dimension: str
    picks: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    optional: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceSpec:
    """A CBS table the dashboard needs.

    Attributes:
        key: Our name for the source (file name in the snapshot).
        title_nl: Dutch description for progress output and the sources page.
        table_id: Fixed CBS id, or ``None`` when found through the catalog.
        catalog_title: Title prefix to look up in the catalog (lower case match).
        pick: ``"newest"`` edition, or ``"regulier"`` (current, not discontinued) when several
            tables share a title, or ``"per_year"`` for one table per year (Gebieden).
        measures: The measures to download.
        categories: Fixed categories for the other dimensions.
        region_prefixes: Region kinds to download (``GM``, ``AM``, ``CR``, ``NL``); each one must
            be in the table, or the refresh stops naming the table and the missing kind.
        optional_prefixes: Kinds among those that may be missing (the caller makes up for them
            and says so).
        frequency: ``"JJ"`` yearly or ``"MM"`` monthly periods.
        month: For monthly tables, the month that stands for the year (12 = December).
    """

    key: str
    title_nl: str
    measures: tuple[MeasureSpec, ...]
    region_prefixes: tuple[str, ...]
    table_id: str | None = None
    catalog_title: str | None = None
    pick: Literal["fixed", "newest", "regulier", "per_year"] = "fixed"
    categories: tuple[CategoryPick, ...] = ()
    frequency: Literal["JJ", "MM"] = "JJ"
    month: int | None = None
    optional_prefixes: tuple[str, ...] = ()
    region_dimension: str = "RegioS"
    period_dimension: str = "Perioden"
    notes: tuple[str, ...] = field(default=())
    #: For woon-werk tables: the second region dimension (work region); ``region_dimension`` is
    #: then the region of residence. See ``cbs.flows``.
    work_dimension: str = ""


SBI_TOTAL = CategoryPick(
    "BedrijfstakkenBranchesSBI2008",
    {"": (("T001081",), (r"^A-U Alle economische activiteiten",))},
)

BIJSTAND = SourceSpec(
    key="bijstand",
    title_nl="Personen met een uitkering; uitkeringsontvangers per regio",
    table_id="80794ned",
    measures=(
        MeasureSpec("bijstand_count", "BijstandTotDeAOWLeeftijd", ("Bijstand tot de AOW-leeftijd",)),
        MeasureSpec("ww_count", "Werkloosheid", ("Werkloosheid (WW)", "Werkloosheid")),
        MeasureSpec("ao_count", "ArbeidsongeschiktheidTotaal", ("Arbeidsongeschiktheid, totaal",)),
    ),
    region_prefixes=("GM", "NL"),
    frequency="MM",
    month=12,
    notes=(
        "Maandcijfers; het jaarcijfer is de stand in december.",
        "Personen (niet uitkeringen), tot de AOW-leeftijd, naar woongemeente.",
    ),
)

POPULATION = SourceSpec(
    key="bevolking",
    title_nl="Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
    table_id="03759ned",
    measures=(MeasureSpec("population_count", "BevolkingOp1Januari", ("Bevolking op 1 januari",)),),
    categories=(
        CategoryPick("Geslacht", {"": (("T001038",), (r"^Totaal mannen en vrouwen",))}),
        CategoryPick("BurgerlijkeStaat", {"": (("T001019",), (r"^Totaal burgerlijke staat",))}),
        # Leeftijd holds the total and single years only (no "0 tot 15 jaar" group): the
        # under-15s are the sum of the fifteen single years, found by title.
        CategoryPick(
            "Leeftijd",
            {"": (("10000",), (r"^Totaal",))},
            sums={"_0_14": tuple(f"{n} jaar" for n in range(15))},
        ),
    ),
    region_prefixes=("GM", "NL"),
    notes=(
        "Bevolking op 1 januari; 1 januari van jaar J+1 is de stand aan het eind van jaar J.",
        "Inwoners van 15 jaar en ouder = totaal min de losse leeftijden 0 tot en met 14 jaar.",
    ),
)

JOBS = SourceSpec(
    key="banen",
    title_nl="Banen van werknemers in december; economische activiteit (SBI2008), regio",
    table_id="83582NED",
    measures=(
        MeasureSpec(
            "jobs_count",
            "BanenVanWerknemersInDecember",
            ("Banen van werknemers in december",),
            scale=1000.0,
        ),
    ),
    categories=(SBI_TOTAL,),
    region_prefixes=("GM", "NL"),
)

ESTABLISHMENTS = SourceSpec(
    key="vestigingen",
    title_nl="Vestigingen van bedrijven; bedrijfstak, gemeente",
    table_id="81575NED",
    measures=(MeasureSpec("establishments_count", "Vestigingen", ("Vestigingen van bedrijven",)),),
    categories=(SBI_TOTAL,),
    region_prefixes=("GM", "NL"),
    # Whether 81575NED has an NL01 row is not known from public evidence: without one, Nederland
    # is the sum of the gemeenten, and a note says so (transform._national_rows).
    optional_prefixes=("NL",),
)

GDP = SourceSpec(
    key="bbp",
    title_nl="Regionale kerncijfers; nationale rekeningen",
    catalog_title="regionale kerncijfers; nationale rekeningen",
    pick="regulier",
    measures=(
        MeasureSpec(
            "gdp_volume_growth_pct",
            "BbpVolumemutaties",
            ("Bbp, volumemutaties", "Bbp volumemutaties"),
        ),
    ),
    region_prefixes=("CR", "NL"),
    notes=("Alleen per COROP-gebied en provincie gepubliceerd.",),
)

LABOUR = SourceSpec(
    key="arbeidsdeelname",
    title_nl="Arbeidsdeelname; regionale indeling",
    catalog_title="arbeidsdeelname; regionale indeling",
    pick="newest",
    measures=(
        MeasureSpec("unemployment_pct", "Werkloosheidspercentage", ("Werkloosheidspercentage",)),
        MeasureSpec("net_participation_pct", "NettoArbeidsparticipatie", ("Netto arbeidsparticipatie",)),
    ),
    categories=(CategoryPick("Persoonskenmerken", {"": (("T009002",), (r"^Totaal personen",))}),),
    region_prefixes=("AM", "NL"),
    notes=("Elke editie rekent de hele reeks om naar de nieuwste regio-indeling.",),
)

GEBIEDEN = SourceSpec(
    key="gebieden",
    title_nl="Gebieden in Nederland",
    catalog_title="gebieden in nederland",
    pick="per_year",
    measures=(),  # resolved from the topic groups, see cbs.resolve_gebieden_columns
    region_prefixes=("GM",),
)

BIJSTAND_AM = SourceSpec(
    key="bijstand_am",
    title_nl="Sociale zekerheid; bijstand, re-integratie en WSW, gemeenten",
    catalog_title="sociale zekerheid; bijstand, re-integratie en wsw, gemeenten",
    pick="per_year",
    measures=(
        MeasureSpec("bijstand_cbs_count", "Bijstandsontvangers", ("Bijstandsontvangers",)),
        MeasureSpec("population_cbs_count", "Inwoners", ("Inwoners",)),
    ),
    # Leeftijd 90100 holds persons from 15 to the AOW age (inferred from the values; the same
    # people as our numerator); 20150 is 15 and older. clean_bijstand_am picks 90100 when present.
    categories=(
        CategoryPick(
            "Leeftijd",
            {
                "_tot_aow": (("90100",), (r"tot (de )?AOW-leeftijd",)),
                "_15plus": (("20150",), (r"^15 jaar of ouder",)),
            },
            optional=("_tot_aow",),
        ),
    ),
    region_prefixes=("AM", "NL"),
    region_dimension="Regiokenmerken",
    period_dimension="",
    notes=(
        "Alleen ter controle: hierin publiceerde CBS zelf bijstand per arbeidsmarktregio (t/m 2017).",
        "Telt personen met algemene bijstand naar woongemeente, afgerond op tientallen.",
    ),
)

# --- Regio-DNA: commuting (woon-werk) and jobs per sector ----------------------------------------
# Evidence (tests/cbs_evidence.json, ../shared/research/cbs-real-shapes.md): both commuting tables
# have the dimensions WoonregioS × WerkregioS × Perioden, the topic "Banen van werknemers" (x 1 000,
# key BanenVanWerknemers_1 seen for 85481NED) and a distance topic whose title differs per table
# ("Woon-werkafstand" / "Woon-werk afstand", km; its key was not found: resolved by title).

_COMMUTE_MEASURES = (
    MeasureSpec("jobs_count", "BanenVanWerknemers", ("Banen van werknemers",), scale=1000.0),
    MeasureSpec(
        "distance_km", "WoonWerkafstand", ("Woon-werkafstand", "Woon-werk afstand", "Woon-werkafstand (km)")
    ),
)

COMMUTING_OLD = SourceSpec(
    key="pendel_oud",
    title_nl="Banen van werknemers naar woon- en werkregio (2014-2020)",
    table_id="83628NED",
    measures=_COMMUTE_MEASURES,
    region_prefixes=("GM",),
    region_dimension="WoonregioS",
    work_dimension="WerkregioS",
    frequency="MM",
    month=12,
    notes=("Banen van werknemers in december naar woon- en werkgemeente; afstand over de weg.",),
)

COMMUTING = dataclasses.replace(
    COMMUTING_OLD,
    key="pendel",
    title_nl="Werknemersbanen en reisafstand; woon- en werkregio",
    table_id=None,
    catalog_title="werknemersbanen en reisafstand; woon- en werkregio",
    pick="newest",
    notes=("Opvolger van 83628NED vanaf 2021; banen van werknemers in december.",),
)

#: The A10 grouping of SBI 2008 in 83582NED (keys seen in public code that reads this table:
#: Jpmartinslag/neural-temporal-relational-model src/data/ingest_netherlands_panel.py). The titles
#: are only a fallback when a key is renumbered.
SECTORS_A10: dict[str, tuple[str, str, str]] = {
    # suffix: (CBS key, title pattern, Dutch label)
    "_a": ("301000", r"^A\s", "Landbouw, bosbouw en visserij"),
    "_b_e": ("300002", r"^B-E\s", "Industrie en energie"),
    "_f": ("350000", r"^F\s", "Bouwnijverheid"),
    "_g_i": ("300006", r"^G-I\s", "Handel, vervoer en horeca"),
    "_j": ("391600", r"^J\s", "Informatie en communicatie"),
    "_k": ("396300", r"^K\s", "Financiële dienstverlening"),
    "_l": ("402000", r"^L\s", "Verhuur en handel van onroerend goed"),
    "_m_n": ("300010", r"^M-N\s", "Zakelijke dienstverlening"),
    "_o_q": ("300012", r"^O-Q\s", "Overheid, onderwijs en zorg"),
    "_r_u": ("300014", r"^R-U\s", "Cultuur, recreatie en overige diensten"),
}

SECTORS = SourceSpec(
    key="banen_sector",
    title_nl=JOBS.title_nl,
    table_id=JOBS.table_id,
    measures=JOBS.measures,  # the same table and measure as the jobs count, per A10 sector
    categories=(
        CategoryPick(
            "BedrijfstakkenBranchesSBI2008",
            {suffix: ((key,), (pattern,)) for suffix, (key, pattern, _) in SECTORS_A10.items()},
        ),
    ),
    region_prefixes=("GM", "NL"),
    notes=("Banen per bedrijfstak (SBI 2008, indeling in tien groepen).",),
)

#: The Regio-DNA tables: downloaded after everything else; when one fails the refresh goes on
#: without them and says so (the DNA page then says its data is missing).
DNA_SOURCES: tuple[SourceSpec, ...] = (COMMUTING_OLD, COMMUTING, SECTORS)

#: Tables downloaded only to check our figures against CBS's own (a failure is a note).
CHECKS: tuple[SourceSpec, ...] = (BIJSTAND_AM,)

#: Every source, in download order (membership first: everything else is aggregated with it).
SOURCES: tuple[SourceSpec, ...] = (
    GEBIEDEN,
    BIJSTAND,
    POPULATION,
    JOBS,
    ESTABLISHMENTS,
    GDP,
    LABOUR,
)
SOURCES_BY_KEY: dict[str, SourceSpec] = {s.key: s for s in (*SOURCES, *CHECKS, *DNA_SOURCES)}
