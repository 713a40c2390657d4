"""The one indicator registry: every figure the dashboard shows, with its metadata.

Selectors, labels, tooltips, the sources page and the README table all come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Aggregation = Literal["sum", "ratio", "growth", "corop_weighted", "published", "flow"]
World = Literal["bijstand", "economie", "context"]


@dataclass(frozen=True)
class Indicator:
    """Metadata of one indicator.

    Attributes:
        key: Column name in the derived tables (unit as suffix).
        title: Dutch title for selectors and chart titles.
        short: Short Dutch label for table headers and axes.
        unit: Dutch unit text.
        description: Dutch definition, one or two sentences.
        sources: Our source keys (see ``sources.SOURCES``).
        published_level: The regional level CBS publishes it on.
        aggregation: How the arbeidsmarktregio figure is made.
        how_amr: Dutch sentence on how the region figure is made.
        numerator: For ratios and growth: the count column it is computed from.
        denominator: For ratios: the denominator column.
        scale: Ratio scale (1000 = per 1.000).
        decimals: Decimals to show.
        higher_is_better: For colour direction; ``None`` when neutral.
        world: Which of the two worlds it belongs to (colour family).
        approximation: Whether region figures are an approximation (flag on screen).
    """

    key: str
    title: str
    short: str
    unit: str
    description: str
    sources: tuple[str, ...]
    published_level: str
    aggregation: Aggregation
    how_amr: str
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    decimals: int = 0
    higher_is_better: bool | None = None
    world: World = "context"
    approximation: bool = False


_SUM_GM = "Som van de gemeenten in de regio, met de regio-indeling van hetzelfde jaar."

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="bijstand_count",
        title="Personen met bijstand",
        short="Bijstand (personen)",
        unit="personen",
        description=(
            "Personen tot de AOW-leeftijd met een algemene bijstandsuitkering (Participatiewet), "
            "stand in december, naar woongemeente. Telt personen, niet uitkeringen."
        ),
        sources=("bijstand",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        higher_is_better=False,
        world="bijstand",
    ),
    Indicator(
        key="bijstand_per_1000",
        title="Bijstand (tot AOW-leeftijd) per 1.000 inwoners van 15 jaar en ouder",
        short="Bijstand per 1.000",
        unit="per 1.000 inwoners (15+)",
        description=(
            "Personen tot de AOW-leeftijd met bijstand (Participatiewet) in december, per 1.000 "
            "inwoners van 15 jaar en ouder aan het eind van dat jaar (bevolking op 1 januari van "
            "het jaar erna). Dat is de noemer van CBS' eigen bijstandsdichtheid; CBS telt in de "
            "teller wel ook de enkele bijstandsontvangers vanaf de AOW-leeftijd. Is de bevolking "
            "op 1 januari van het jaar erna nog niet gepubliceerd, dan wordt 1 januari van "
            "hetzelfde jaar gebruikt en staat dat bij de grafiek."
        ),
        sources=("bijstand", "bevolking"),
        published_level="gemeente",
        aggregation="ratio",
        how_amr="Opnieuw berekend uit de opgetelde teller en noemer van de regio, nooit gemiddeld.",
        numerator="bijstand_count",
        denominator="population_15plus_end_count",
        scale=1000.0,
        decimals=1,
        higher_is_better=False,
        world="bijstand",
    ),
    Indicator(
        key="bijstand_change_pct",
        title="Verandering bijstand t.o.v. vorig jaar",
        short="Bijstand, verandering",
        unit="%",
        description="Procentuele verandering van het aantal personen met bijstand op jaarbasis.",
        sources=("bijstand",),
        published_level="gemeente",
        aggregation="growth",
        how_amr="Berekend uit de opgetelde aantallen van twee jaren.",
        numerator="bijstand_count",
        decimals=1,
        higher_is_better=False,
        world="bijstand",
    ),
    Indicator(
        key="ww_count",
        title="Personen met een WW-uitkering",
        short="WW (personen)",
        unit="personen",
        description="Personen met een werkloosheidsuitkering (WW), stand in december (context).",
        sources=("bijstand",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        higher_is_better=False,
        world="context",
    ),
    Indicator(
        key="ao_count",
        title="Personen met een arbeidsongeschiktheidsuitkering",
        short="AO (personen)",
        unit="personen",
        description=("Personen met een WAO-, WIA- of Wajong-uitkering, stand in december (context)."),
        sources=("bijstand",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        higher_is_better=False,
        world="context",
    ),
    Indicator(
        key="jobs_count",
        title="Banen van werknemers",
        short="Banen",
        unit="banen",
        description="Banen van werknemers in december, alle bedrijfstakken, naar vestigingsgemeente.",
        sources=("banen",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        higher_is_better=True,
        world="economie",
    ),
    Indicator(
        key="jobs_growth_pct",
        title="Groei banen van werknemers t.o.v. vorig jaar",
        short="Banengroei",
        unit="%",
        description="Procentuele groei van het aantal banen van werknemers op jaarbasis.",
        sources=("banen",),
        published_level="gemeente",
        aggregation="growth",
        how_amr="Berekend uit de opgetelde aantallen van twee jaren.",
        numerator="jobs_count",
        decimals=1,
        higher_is_better=True,
        world="economie",
    ),
    Indicator(
        key="gdp_volume_growth_pct",
        title="Economische groei (bbp-volumegroei)",
        short="Bbp-groei",
        unit="%",
        description=(
            "Volumegroei van het bruto binnenlands product ten opzichte van het vorige jaar. "
            "CBS publiceert dit alleen per COROP-gebied en provincie."
        ),
        sources=("bbp", "bevolking"),
        published_level="COROP-gebied",
        aggregation="corop_weighted",
        how_amr=(
            "Benadering: de groei van de COROP-gebieden, gewogen met de bevolking van het deel "
            "van de regio dat in elk COROP-gebied ligt."
        ),
        decimals=1,
        higher_is_better=True,
        world="economie",
        approximation=True,
    ),
    Indicator(
        key="establishments_count",
        title="Vestigingen van bedrijven",
        short="Vestigingen",
        unit="vestigingen",
        description="Vestigingen van bedrijven op 1 januari, alle bedrijfstakken.",
        sources=("vestigingen",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        higher_is_better=True,
        world="economie",
    ),
    Indicator(
        key="establishments_growth_pct",
        title="Groei vestigingen t.o.v. vorig jaar",
        short="Groei vestigingen",
        unit="%",
        description="Procentuele groei van het aantal vestigingen van bedrijven op jaarbasis.",
        sources=("vestigingen",),
        published_level="gemeente",
        aggregation="growth",
        how_amr="Berekend uit de opgetelde aantallen van twee jaren.",
        numerator="establishments_count",
        decimals=1,
        higher_is_better=True,
        world="economie",
    ),
    Indicator(
        key="unemployment_pct",
        title="Werkloosheid",
        short="Werkloosheid",
        unit="% van de beroepsbevolking",
        description="Werkloze beroepsbevolking als percentage van de beroepsbevolking (15-74 jaar).",
        sources=("arbeidsdeelname",),
        published_level="arbeidsmarktregio",
        aggregation="published",
        how_amr="Door CBS per arbeidsmarktregio gepubliceerd (indeling van de nieuwste editie).",
        decimals=1,
        higher_is_better=False,
        world="economie",
    ),
    Indicator(
        key="net_participation_pct",
        title="Netto arbeidsparticipatie",
        short="Netto participatie",
        unit="% van de bevolking 15-74 jaar",
        description="Werkzame beroepsbevolking als percentage van de bevolking van 15 tot 75 jaar.",
        sources=("arbeidsdeelname",),
        published_level="arbeidsmarktregio",
        aggregation="published",
        how_amr="Door CBS per arbeidsmarktregio gepubliceerd (indeling van de nieuwste editie).",
        decimals=1,
        higher_is_better=True,
        world="economie",
    ),
    Indicator(
        key="population_count",
        title="Inwoners",
        short="Inwoners",
        unit="inwoners",
        description="Bevolking op 1 januari.",
        sources=("bevolking",),
        published_level="gemeente",
        aggregation="sum",
        how_amr=_SUM_GM,
        world="context",
    ),
)

_FLOW_AMR = (
    "Uit de woon-werkcijfers per paar van gemeenten, opgeteld per arbeidsmarktregio met de "
    "regio-indeling van hetzelfde jaar; percentages opnieuw berekend uit de opgetelde banen."
)

_FLOW_SOURCES = ("pendel_oud", "pendel")
#: What the two shares made from the commuting tables have in common.
_FLOW_SHARE: dict = {
    "sources": _FLOW_SOURCES,
    "published_level": "gemeente",
    "aggregation": "flow",
    "how_amr": _FLOW_AMR,
    "decimals": 1,
}

#: Regio-DNA: made from the commuting tables (``derive.dna``). Appended to the registry, so every
#: page, the export and the README know them like any other indicator.
DNA_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="resident_job_share_pct",
        title="Banen in de regio vervuld door inwoners van de regio",
        short="Banen door eigen inwoners",
        unit="% van de banen in de regio",
        description=(
            "Banen van werknemers in december in de gemeenten van de regio die worden vervuld door "
            "inwoners van dezelfde regio, als percentage van alle banen van werknemers in de regio "
            "(ook die van inwoners van het buitenland of met een onbekende woongemeente)."
        ),
        **_FLOW_SHARE,
        world="economie",
    ),
    Indicator(
        key="work_inside_share_pct",
        title="Inwoners die in de eigen regio werken",
        short="Werkt in eigen regio",
        unit="% van de banen van inwoners",
        description=(
            "Banen van werknemers in december van inwoners van de regio die in de regio zelf "
            "liggen, als percentage van alle banen van die inwoners."
        ),
        **_FLOW_SHARE,
        world="economie",
    ),
    Indicator(
        key="commute_distance_km",
        title="Gemiddelde woon-werkafstand van banen in de regio",
        short="Woon-werkafstand",
        unit="km",
        description=(
            "Gemiddelde afstand over de weg tussen woongemeente en werkgemeente van de banen van "
            "werknemers in de regio, gewogen naar het aantal banen."
        ),
        sources=_FLOW_SOURCES,
        published_level="gemeente",
        aggregation="flow",
        how_amr="Gemiddelde van de gemeenten, gewogen naar het aantal banen (nooit een gewoon gemiddelde).",
        decimals=1,
        world="context",
    ),
)
INDICATORS = (*INDICATORS, *DNA_INDICATORS)

INDICATORS_BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}


def get_indicator(key: str) -> Indicator:
    """Return the indicator with this key.

    Raises:
        KeyError: For an unknown key (callers turn user input into ``BadInputError`` first).
    """
    return INDICATORS_BY_KEY[key]


def format_value(indicator: Indicator, value: float | None) -> str:
    """Format a value the Dutch way (``1.234,5``) with the indicator's decimals; ``–`` if missing."""
    if value is None or value != value:  # NaN
        return "–"
    text = f"{value:,.{indicator.decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
