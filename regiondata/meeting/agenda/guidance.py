"""Dutch guidance for the five steps of the agenda page, as plain data for the UI to render.

Per step: a title, a short explanation, three or four guiding questions and one common pitfall.
Also the two worlds and the four steering perspectives with a one-line explanation each, and
field labels with placeholders. The text is our own wording of the ideas in the product brief
(two worlds, weefsel, a concrete opgave, the four perspectives, the regionale meerjarenagenda
and the Regionaal Werkcentrum).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepGuidance:
    """Guidance for one step of the agenda page.

    Attributes:
        key: Attribute name of the step on ``Agenda`` (see ``STEP_KEYS``).
        number: 1 to 5.
        title: Dutch title, e.g. "Het vraagstuk".
        explanation: Two or three sentences on what the step is for.
        questions: Three or four guiding questions.
        pitfall: One common pitfall, phrased as a warning.
    """

    key: str
    number: int
    title: str
    explanation: str
    questions: tuple[str, ...]
    pitfall: str


@dataclass(frozen=True)
class OptionInfo:
    """A choice the user makes (a world or a perspective) with a Dutch label and explanation."""

    key: str
    label: str
    explanation: str


STEPS: tuple[StepGuidance, ...] = (
    StepGuidance(
        key="vraagstuk",
        number=1,
        title="Het vraagstuk",
        explanation=(
            "Samenwerken lukt het best rond een opgave die iedereen herkent. Begin daarom bij "
            "de regio zelf: wat zeggen de cijfers over bijstand en groei, en wat weten jullie "
            "uit de praktijk over waar werkgevers en werkzoekenden vandaan komen en waar het "
            "vastloopt? Zet feiten uit de data apart van meningen, zodat het gesprek over de "
            "duiding gaat en niet over de cijfers."
        ),
        questions=(
            "Welke concrete opgave willen we samen oppakken, en waarom juist nu?",
            "Om wie gaat het: welke groep inwoners, welke werkgevers, welke sectoren?",
            "Wat kenmerkt onze regio: waar zit het werk, waar wonen de mensen, en wat houdt "
            "hen tegen (reistijd, vervoer, kinderopvang, taal)?",
            "Profiteren mensen in de bijstand van de groei in onze regio, of gaat die aan hen voorbij?",
        ),
        pitfall=(
            "Een thema kiezen in plaats van een opgave. 'Arbeidsmarkt' of 'inclusie' geeft "
            "niemand iets te doen; '120 statushouders binnen twee jaar aan het werk in de "
            "techniek' wel."
        ),
    ),
    StepGuidance(
        key="netwerk",
        number=2,
        title="Het netwerk",
        explanation=(
            "In de meeste regio's werken twee werelden naast elkaar: de sociale wereld, die "
            "zich inzet voor inwoners met een grote afstand tot werk, en de economische "
            "wereld, die de groei van de regio aanjaagt. Breng in kaart wie bij deze opgave "
            "hoort, in welke wereld elke partij staat, en waar al verbindingen tussen beide "
            "bestaan."
        ),
        questions=(
            "Welke partijen uit de sociale wereld zijn nodig (gemeenten, UWV, SW-bedrijf, "
            "werkgeversservicepunt)?",
            "Welke partijen uit de economische wereld horen erbij (economic board, werkgevers, "
            "onderwijs, provincie)?",
            "Wie kent beide werelden al en kan als brug dienen?",
            "Wie ontbreekt er nog aan tafel, en wie nodigt die partij uit?",
        ),
        pitfall=(
            "Alleen de vertrouwde partners uitnodigen. Dan blijft de samenwerking binnen één "
            "wereld en bereikt de groei de mensen in de bijstand nog steeds niet."
        ),
    ),
    StepGuidance(
        key="perspectief",
        number=3,
        title="Het perspectief",
        explanation=(
            "Organisaties sturen op verschillende manieren. De een wil vooral zorgvuldig en "
            "verantwoord besluiten, de ander wil resultaat zien, weer een ander denkt vanuit "
            "het netwerk of vanuit wat inwoners en ondernemers zelf doen. Wie snapt vanuit "
            "welk perspectief de ander kijkt, kan daar bewust op aansluiten."
        ),
        questions=(
            "Vanuit welk perspectief stuurt elke hoofdrolspeler vooral?",
            "Welk perspectief is het onze, en waar botst dat met dat van een partner?",
            "Wat heeft een partner nodig om ja te zeggen: een besluit, cijfers, een netwerk, "
            "of ruimte voor eigen initiatief?",
        ),
        pitfall=(
            "Ervan uitgaan dat iedereen hetzelfde bedoelt met 'resultaat'. Voor de één is dat "
            "een goed onderbouwd raadsbesluit, voor de ander het aantal geplaatste kandidaten."
        ),
    ),
    StepGuidance(
        key="gedeeld_denken",
        number=4,
        title="Gedeeld denken",
        explanation=(
            "Een agenda werkt als mensen er zin in hebben. Formuleer daarom een ambitie die "
            "beschrijft wat er straks beter is, niet alleen wat er nu misgaat. Investeer ook "
            "in het weefsel: de onderlinge relaties en gedeelde ervaringen die ontstaan door "
            "samen dingen te doen. Dat weefsel draagt de samenwerking als de formele afspraken "
            "tekortschieten."
        ),
        questions=(
            "Hoe ziet de regio eruit als het gelukt is, en waar worden mensen enthousiast van?",
            "Wat gaan we samen doen om elkaar beter te leren kennen: werkbezoeken, een vast "
            "ritme van overleg, een gezamenlijk project?",
            "Wat is de eerste stap, wie zet hem, en wanneer?",
            "Welk klein succes kunnen we binnen drie maanden samen vieren?",
        ),
        pitfall=(
            "Een ambitie die een lijst van problemen is. Tekorten en achterstanden horen in "
            "het vraagstuk; de ambitie moet laten zien waar jullie samen naartoe willen."
        ),
    ),
    StepGuidance(
        key="borgen",
        number=5,
        title="Borgen en verbinden",
        explanation=(
            "Een heldere structuur geeft houvast: wie besluit, wie trekt, wie is eigenaar van "
            "welk onderdeel. Verbind de agenda met wat er al is, zoals de regionale "
            "meerjarenagenda van het Regionaal Beraad en het Regionaal Werkcentrum, zodat hij "
            "daar een plek krijgt in plaats van ernaast. Spreek af welke cijfers jullie volgen, "
            "vanaf welke nulmeting en met welk doel."
        ),
        questions=(
            "Wie besluit over deze agenda, en wie is eigenaar van elk onderdeel?",
            "Hoe sluit de agenda aan op de regionale meerjarenagenda en op het werk van het "
            "Regionaal Werkcentrum?",
            "Welke indicatoren laten zien of het werkt, wat is de nulmeting en wat het doel?",
            "Wanneer kijken we samen terug, en wat doen we als de cijfers tegenvallen?",
        ),
        pitfall=(
            "Een nieuw overleg optuigen naast de bestaande. Haak liever aan bij een tafel die "
            "er al is, en maak die tafel eigenaar van de opgave."
        ),
    ),
)
"""The five steps in order; ``STEPS[i].key == STEP_KEYS[i]``."""


WORLD_INFO: tuple[OptionInfo, ...] = (
    OptionInfo(
        "sociaal",
        "Sociale wereld",
        "Partijen die inwoners met een grote afstand tot werk verder helpen: gemeenten "
        "en sociale diensten, UWV, SW-bedrijven, het werkgeversservicepunt.",
    ),
    OptionInfo(
        "economisch",
        "Economische wereld",
        "Partijen die de economische groei van de regio aanjagen: economic boards en valleys, "
        "werkgevers en hun verenigingen, onderwijs, de provincie.",
    ),
)
"""The two worlds, in the order of ``WORLDS``."""


PERSPECTIVE_INFO: tuple[OptionInfo, ...] = (
    OptionInfo(
        "rechtmatig",
        "Rechtmatig",
        "Stuurt op zorgvuldigheid en verantwoording: regels, een goed besluit van het bestuur, "
        "gelijke behandeling.",
    ),
    OptionInfo(
        "presterend",
        "Presterend",
        "Stuurt op resultaat en doelmatigheid: meetbare doelen, targets, zo veel mogelijk effect per euro.",
    ),
    OptionInfo(
        "netwerkend",
        "Netwerkend",
        "Stuurt door samen te werken: partijen verbinden, belangen bij elkaar brengen en "
        "gezamenlijk optrekken.",
    ),
    OptionInfo(
        "participerend",
        "Participerend",
        "Stuurt door ruimte te geven: aansluiten bij wat inwoners, werkgevers en initiatieven zelf al doen.",
    ),
)
"""The four steering perspectives, in the order of ``PERSPECTIVES``."""


FIELD_PLACEHOLDERS: dict[str, str] = {
    "vraagstuk.opgave": "Bijvoorbeeld: 150 mensen uit de bijstand vinden binnen twee jaar werk "
    "in de zorg en de techniek in onze regio.",
    "vraagstuk.doelgroep": "Bijvoorbeeld: inwoners die langer dan twee jaar bijstand hebben, "
    "en werkgevers in de zorg.",
    "vraagstuk.regio_dna": "Waar zit het werk, waar wonen de mensen, wat houdt hen tegen? "
    "Bijvoorbeeld: de bedrijven liggen buiten de stad en het openbaar vervoer rijdt er niet "
    "vroeg genoeg.",
    "netwerk.bruggen": "Welke contacten verbinden de twee werelden al? Bijvoorbeeld: de "
    "accountmanager van het werkgeversservicepunt zit in de werkgroep van de board.",
    "perspectief.aansluiten": "Wat heeft elke partner nodig om mee te doen, en hoe zorgen we "
    "dat de agenda dat biedt?",
    "gedeeld_denken.ambitie": "Hoe ziet de regio eruit als het gelukt is?",
    "gedeeld_denken.weefsel": "Bijvoorbeeld: elk kwartaal een werkbezoek bij een werkgever, "
    "een vast maandelijks overleg, een gezamenlijk project.",
    "borgen.structuur": "Wie besluit, wie trekt de agenda, wie is eigenaar van welk onderdeel?",
    "borgen.verbindingen": "Hoe sluit dit aan op de regionale meerjarenagenda en het Regionaal Werkcentrum?",
}
"""Placeholder text per free-text field (keys are paths in ``model.TEXT_FIELDS``)."""


def step_guidance(key: str) -> StepGuidance:
    """Return the guidance of the step ``key`` (one of ``STEP_KEYS``).

    Raises:
        KeyError: ``key`` is not a step.
    """
    for step in STEPS:
        if step.key == key:
            return step
    raise KeyError(key)


def perspective_info(key: str) -> OptionInfo:
    """Return label and explanation of the steering perspective ``key``.

    Raises:
        KeyError: ``key`` is not one of ``PERSPECTIVES``.
    """
    for info in PERSPECTIVE_INFO:
        if info.key == key:
            return info
    raise KeyError(key)


def world_info(key: str) -> OptionInfo:
    """Return label and explanation of the world ``key`` (``"sociaal"`` or ``"economisch"``).

    Raises:
        KeyError: ``key`` is not one of ``WORLDS``.
    """
    for info in WORLD_INFO:
        if info.key == key:
            return info
    raise KeyError(key)
