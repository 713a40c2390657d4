"""The aantrekkelijkheidstoets: a transparent checklist over a draft agenda.

Seven criteria, each with a rule that is written out in :data:`CRITERIA` and evaluated in plain
Python below. Every result says whether the criterion is met, *why* (quoting the draft's own
content), and a concrete suggestion when it is not. There is deliberately no weighted score:
the summary only counts criteria ("4 van 7 criteria gehaald").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from regiondata.meeting.agenda.formatting import format_date_nl, format_number_nl
from regiondata.meeting.agenda.model import PERSPECTIVES, Agenda
from regiondata.meeting.agenda.steps import FirstStep
from regiondata.meeting.agenda.values import date_is_sane

CONCRETE_MIN_WORDS = 15
"""An opgave of at least this many words counts as specific without further anchors."""
CONCRETE_MIN_WORDS_WITH_ANCHOR = 5
"""A shorter opgave counts when it names a number, a place or a target group."""
FIRST_STEP_WITHIN_MONTHS = 3
PROBLEM_WORDS_PER_TEN_WORDS = 1
"""A positive ambition has at most this many problem words per ten words."""

PROBLEM_WORD_STEMS: tuple[str, ...] = (
    "probleem",
    "problem",
    "tekort",
    "knelpunt",
    "achterstand",
    "gebrek",
    "werkloos",
    "uitval",
    "krapte",
    "mismatch",
    "armoede",
)
"""Word parts that mark problem language; matched inside words, so "personeelstekort" counts."""

TARGET_GROUP_STEMS: tuple[str, ...] = (
    "bijstand",
    "uitkering",
    "jongere",
    "schoolverlat",
    "student",
    "statushouder",
    "nieuwkomer",
    "vluchteling",
    "oudere",
    "55-plus",
    "50-plus",
    "vrouwen",
    "moeders",
    "beperking",
    "arbeidsbeperk",
    "banenafspraak",
    "werkzoekend",
    "werklo",
    "laaggeletterd",
)
"""Word parts that name a target group; matched inside words ("bijstandsgerechtigden")."""

_Outcome = tuple[bool, str, str]
"""What a check returns: (met, why, suggestion)."""

_WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# A number in running text is a token of its own ("150", "2.500", "30%", "€ 2", "(150)"), never
# digits inside another token: "alert(1)", "H2O" or "<b>1</b>" name no number.
_NUMBER_TOKEN_RE = re.compile(r"[€$]?\d+(?:[.,]\d+)*%?")
_TOKEN_EDGES = "\"'‘’“”«»()[]{}.,;:!?"
# Numbers written as words also make an opgave concrete ("de helft", "twintig jongeren").
_NUMBER_WORDS = frozenset(
    {
        *("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "twintig"),
        *("dertig", "veertig", "vijftig", "honderd", "duizend", "helft", "kwart", "procent"),
    }
)


@dataclass(frozen=True)
class Criterion:
    """One criterion of the toets: key, Dutch title and the rule in plain Dutch."""

    key: str
    title: str
    rule: str


@dataclass(frozen=True)
class CriterionResult:
    """The outcome of one criterion for one draft.

    Attributes:
        key: Stable identifier, e.g. ``"both_worlds"``.
        title: Dutch title, e.g. "Beide werelden aan tafel".
        met: Whether the draft meets the criterion.
        why: Dutch explanation that refers to the draft's own content.
        suggestion: A concrete Dutch suggestion when not met; ``""`` when met.
        rule: The rule that was applied, in plain Dutch (for a "hoe toetsen we dit?" hint).
    """

    key: str
    title: str
    met: bool
    why: str
    suggestion: str
    rule: str


@dataclass(frozen=True)
class Checklist:
    """The results of all criteria for one draft, in a fixed order."""

    results: tuple[CriterionResult, ...]
    reference_date: date

    @property
    def met_count(self) -> int:
        """Number of criteria met."""
        return sum(r.met for r in self.results)

    @property
    def total(self) -> int:
        """Number of criteria."""
        return len(self.results)

    @property
    def summary(self) -> str:
        """Dutch one-liner, e.g. "4 van 7 criteria gehaald"."""
        return f"{self.met_count} van {self.total} criteria gehaald"

    def __iter__(self) -> Iterator[CriterionResult]:
        return iter(self.results)

    def get(self, key: str) -> CriterionResult:
        """Return the result of the criterion ``key``."""
        for result in self.results:
            if result.key == key:
                return result
        raise KeyError(key)


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "concrete_opgave",
        "Een concrete opgave",
        f"De opgave is ingevuld en specifiek: ten minste {CONCRETE_MIN_WORDS} woorden, of ten "
        f"minste {CONCRETE_MIN_WORDS_WITH_ANCHOR} woorden waarin een getal, een plaats of een "
        "doelgroep staat.",
    ),
    Criterion(
        "both_worlds",
        "Beide werelden aan tafel",
        "Er staat ten minste één partner uit de sociale wereld en één uit de economische wereld "
        "in het netwerk.",
    ),
    Criterion(
        "positive_ambition",
        "Een positieve ambitie, niet alleen problemen",
        "De gedeelde ambitie is ingevuld en bevat hoogstens "
        f"{PROBLEM_WORDS_PER_TEN_WORDS} probleemwoord per tien woorden (woorden als probleem, "
        "tekort, knelpunt, achterstand).",
    ),
    Criterion(
        "named_owners",
        "Eigenaren met naam",
        "Er is ten minste één eerste stap, elke eerste stap heeft een 'wie', en de structuur "
        "(wie besluit, wie is waarvan eigenaar) is beschreven.",
    ),
    Criterion(
        "measurable_monitoring",
        "Meetbare monitoring",
        "Ten minste één indicator in de monitoring heeft een doel én een streefdatum.",
    ),
    Criterion(
        "first_step_soon",
        "Een eerste stap binnen drie maanden",
        f"Ten minste één eerste stap heeft een datum vanaf vandaag tot uiterlijk "
        f"{FIRST_STEP_WITHIN_MONTHS} maanden later. Een omschrijving als 'na de zomer' telt "
        "niet, want die kunnen we niet controleren.",
    ),
    Criterion(
        "perspectives_addressed",
        "Oog voor elkaars perspectief",
        "Van ten minste één partner is het sturingsperspectief gekozen, en er staat beschreven "
        "hoe de partners op elkaars perspectief aansluiten.",
    ),
)
"""The criteria in the order a UI shows them; each rule is what the code below checks."""


def words_in(text: str) -> list[str]:
    """Split Dutch text into words (letters and digits; hyphenated words stay whole)."""
    return _WORD_RE.findall(text)


def _quote(text: str, max_chars: int = 60) -> str:
    flat = " ".join(text.split())
    return f"'{flat}'" if len(flat) <= max_chars else f"'{flat[: max_chars - 1].rstrip()}…'"


def _and_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def add_months(start: date, months: int) -> date:
    """Return ``start`` plus whole calendar months, clamped to the month's last day.

    31 January plus one month is 28 (or 29) February, not an error.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def numbers_in(text: str) -> list[str]:
    """The numbers written as numbers in ``text``, in order: whole tokens only.

    Split on white space, with quotes, brackets and sentence punctuation trimmed from the ends;
    digits inside a word or code ("alert(1)", "H2O", "<b>1</b>") are not a number.
    """
    tokens = (token.strip(_TOKEN_EDGES) for token in text.split())
    return [token for token in tokens if _NUMBER_TOKEN_RE.fullmatch(token)]


# --- the criteria -----------------------------------------------------------------------------
def _check_concrete_opgave(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    opgave = agenda.vraagstuk.opgave
    words = words_in(opgave)
    if not words:
        return (
            False,
            "De opgave is nog leeg.",
            "Schrijf in één of twee zinnen op wat jullie samen willen bereiken: voor wie, "
            "hoeveel en waar. Bijvoorbeeld: '150 mensen uit de bijstand vinden in twee jaar werk "
            "in de zorg en de techniek in onze regio.'",
        )
    lowered = [w.lower() for w in words]
    anchors: list[str] = []
    numbers = numbers_in(opgave) + [w for w in words if w.lower() in _NUMBER_WORDS]
    if numbers:
        anchors.append(f"een getal ({numbers[0]})")
    place_hits = [p for p in places if p and p.lower() in opgave.lower()]
    if place_hits:
        anchors.append(f"een plaats ({place_hits[0]})")
    group_hits = [w for w in lowered if any(stem in w for stem in TARGET_GROUP_STEMS)]
    if group_hits:
        anchors.append(f"een doelgroep ({group_hits[0]})")
    count = len(words)
    if count >= CONCRETE_MIN_WORDS:
        return True, f"De opgave telt {count} woorden en is daarmee specifiek genoeg.", ""
    if count >= CONCRETE_MIN_WORDS_WITH_ANCHOR and anchors:
        return True, f"De opgave is kort ({count} woorden) maar noemt {_and_list(anchors)}.", ""
    if anchors:
        why = (
            f"De opgave {_quote(opgave)} noemt {_and_list(anchors)}, maar telt maar {count} "
            f"woord{'en' if count != 1 else ''}: te weinig om te weten wat jullie gaan doen."
        )
    else:
        why = (
            f"De opgave {_quote(opgave)} telt {count} woord{'en' if count != 1 else ''} en noemt "
            "geen getal, plaats of doelgroep. Zo blijft het een thema, geen opgave."
        )
    return (
        False,
        why,
        "Maak de opgave concreet: voor welke groep, hoeveel mensen of banen, in welke plaats of "
        "sector, en binnen welke termijn. Bijvoorbeeld: '80 jongeren zonder startkwalificatie "
        "krijgen binnen een jaar een leerwerkplek bij bedrijven in de haven.'",
    )


def _check_both_worlds(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    social = [p.name or "(naamloos)" for p in agenda.netwerk.partners_in("sociaal")]
    economic = [p.name or "(naamloos)" for p in agenda.netwerk.partners_in("economisch")]
    described = (
        f"Sociale wereld: {_and_list(social) or 'nog niemand'}. "
        f"Economische wereld: {_and_list(economic) or 'nog niemand'}."
    )
    if social and economic:
        return True, f"Beide werelden zijn vertegenwoordigd. {described}", ""
    if not social and not economic:
        suggestion = (
            "Zet partners uit beide werelden in het netwerk: bijvoorbeeld de gemeente of sociale "
            "dienst, UWV en het SW-bedrijf aan de ene kant, en de economic board, werkgevers, "
            "onderwijs of de provincie aan de andere kant."
        )
    elif not economic:
        suggestion = (
            "Nodig ten minste één partij uit de economische wereld uit, zoals de economic board "
            "of valley, een werkgeversvereniging, een groot bedrijf in een groeisector, een "
            "onderwijsinstelling of de provincie."
        )
    else:
        suggestion = (
            "Nodig ten minste één partij uit de sociale wereld uit, zoals de sociale dienst van "
            "een gemeente, UWV, het SW-bedrijf of het werkgeversservicepunt."
        )
    return False, f"Nog niet beide werelden aan tafel. {described}", suggestion


def _problem_words(text: str) -> list[str]:
    return [w for w in words_in(text) if any(stem in w.lower() for stem in PROBLEM_WORD_STEMS)]


def _check_positive_ambition(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    ambitie = agenda.gedeeld_denken.ambitie
    words = words_in(ambitie)
    if not words:
        return (
            False,
            "De gedeelde ambitie is nog leeg.",
            "Beschrijf het beeld waar iedereen voor wil gaan: hoe ziet de regio eruit als het "
            "gelukt is? Bijvoorbeeld: 'In 2030 vindt iedereen die wil werken een plek bij de "
            "groeiende bedrijven in onze regio, en werkgevers weten ons te vinden.'",
        )
    hits = _problem_words(ambitie)
    allowed = len(words) * PROBLEM_WORDS_PER_TEN_WORDS / 10
    found = _and_list(f"'{w}'" for w in dict.fromkeys(hits))
    if len(hits) <= allowed:
        if hits:
            why = (
                f"De ambitie telt {len(words)} woorden en noemt maar {len(hits)} keer een "
                f"probleem ({found}); het accent ligt op wat jullie willen bereiken."
            )
        else:
            why = f"De ambitie ({len(words)} woorden) is positief geformuleerd, zonder probleemwoorden."
        return True, why, ""
    return (
        False,
        f"De ambitie telt {len(words)} woorden, waarvan {len(hits)} probleemwoord"
        f"{'en' if len(hits) != 1 else ''} ({found}). Zo leest het als een probleemanalyse, "
        "en daar gaat niemand enthousiast voor rennen.",
        "Draai het om: schrijf op wat er straks wél is in plaats van wat er ontbreekt. "
        "Bijvoorbeeld 'elke openstaande vacature in de zorg vinden we samen een kandidaat voor' "
        "in plaats van 'we lossen het personeelstekort in de zorg op'. Laat de problemen in "
        "stap 1 (het vraagstuk) staan.",
    )


def _check_named_owners(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    steps = agenda.gedeeld_denken.eerste_stappen
    structure_filled = bool(agenda.borgen.structuur.strip())
    missing = [(i, s) for i, s in enumerate(steps, start=1) if not s.wie.strip()]
    reasons: list[str] = []
    suggestions: list[str] = []
    if not steps:
        reasons.append("Er zijn nog geen eerste stappen.")
        suggestions.append("Voeg in stap 4 ten minste één eerste stap toe met wie hem trekt.")
    elif missing:
        listed = _and_list(f"stap {i} ({_quote(s.wat or '(zonder omschrijving)', 40)})" for i, s in missing)
        reasons.append(f"Nog geen eigenaar bij {listed}.")
        suggestions.append(
            "Zet bij elke eerste stap een persoon of organisatie die hem trekt: een naam, "
            "geen 'we' of 'de regio'."
        )
    if not structure_filled:
        reasons.append("De structuur (wie besluit, wie is eigenaar van wat) is nog leeg.")
        suggestions.append(
            "Beschrijf in stap 5 wie besluit (bijvoorbeeld het Regionaal Beraad of een "
            "stuurgroep), wie de agenda trekt en wie eigenaar is van elk onderdeel."
        )
    if reasons:
        return False, " ".join(reasons), " ".join(suggestions)
    owners = _and_list(dict.fromkeys(s.wie.strip() for s in steps))
    return (
        True,
        f"Alle {len(steps)} eerste stap{'pen hebben' if len(steps) != 1 else ' heeft'} een "
        f"eigenaar ({owners}) en de structuur is beschreven.",
        "",
    )


def _check_measurable_monitoring(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    rows = agenda.borgen.monitoring
    # A date out of the sane range (year 8, a typing error) is no streefdatum.
    complete = [r for r in rows if r.has_target and r.target_date and date_is_sane(r.target_date, today)]
    if complete:
        row = complete[0]
        title = row.indicator_title or row.indicator_key or "(naamloze indicator)"
        target = row.target if isinstance(row.target, str) else _number(row.target)
        why = (
            f"{len(complete)} van de {len(rows)} indicatoren heeft een doel en een datum, "
            f"bijvoorbeeld {_quote(title, 50)}: {target} op {format_date_nl(row.target_date)}."
        )
        return True, why, ""
    if not rows:
        return (
            False,
            "Er staat nog geen indicator in de monitoring.",
            "Kies in stap 5 ten minste één indicator, bijvoorbeeld het aandeel inwoners met "
            "bijstand; de nulmeting komt uit de data. Zet er een doel en een streefdatum bij.",
        )
    gaps = []
    for row in rows:
        title = _quote(row.indicator_title or row.indicator_key or "(naamloze indicator)", 40)
        lacking = [
            label
            for label, ok in (("doel", row.has_target), ("datum", row.target_date is not None))
            if not ok
        ]
        gaps.append(f"{title} mist een {' en een '.join(lacking)}")
    return (
        False,
        f"Geen enkele indicator is al meetbaar: {_and_list(gaps)}.",
        "Geef ten minste één indicator een doel (een getal, zoals de waarde die jullie willen "
        "halen) en een datum waarop jullie dat willen bereiken.",
    )


def _number(value: float | None) -> str:
    return "" if value is None else format_number_nl(value)


def _check_first_step_soon(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    steps = agenda.gedeeld_denken.eerste_stappen
    deadline = add_months(today, FIRST_STEP_WITHIN_MONTHS)
    window = f"tussen {format_date_nl(today)} en {format_date_nl(deadline)}"
    dated: list[tuple[FirstStep, date]] = [(s, d) for s in steps if (d := s.due_date)]
    soon = sorted(((s, d) for s, d in dated if today <= d <= deadline), key=lambda sd: sd[1])
    if soon:
        step, due = soon[0]
        return (
            True,
            f"Stap {_quote(step.wat or '(zonder omschrijving)', 50)} staat op "
            f"{format_date_nl(due)}, binnen drie maanden ({window}).",
            "",
        )
    suggestion = (
        f"Plan ten minste één eerste stap met een concrete datum {window}, bijvoorbeeld een "
        "eerste gezamenlijk werkbezoek of een gesprek met drie werkgevers."
    )
    if not steps:
        return False, "Er zijn nog geen eerste stappen.", suggestion
    notes: list[str] = []
    later = [(s, d) for s, d in dated if d > deadline]
    past = [(s, d) for s, d in dated if d < today]
    undated = [s for s in steps if s.due_date is None]
    if later:
        notes.append(
            f"de vroegste geplande stap staat op {format_date_nl(min(d for _, d in later))}, "
            "later dan drie maanden"
        )
    if past:
        notes.append(f"{len(past)} stap{'pen liggen' if len(past) != 1 else ' ligt'} al in het verleden")
    if undated:
        examples = _and_list(_quote(s.wanneer, 30) for s in undated if s.wanneer.strip())
        notes.append(
            f"{len(undated)} stap{'pen hebben' if len(undated) != 1 else ' heeft'} geen datum"
            + (f" (zoals {examples})" if examples else "")
        )
    return False, "Geen eerste stap binnen drie maanden: " + "; ".join(notes) + ".", suggestion


def _check_perspectives(agenda: Agenda, today: date, places: tuple[str, ...]) -> _Outcome:
    chosen = [p for p in agenda.perspectief.partners if p.partner.strip() and p.perspective in PERSPECTIVES]
    connect_filled = bool(agenda.perspectief.aansluiten.strip())
    if chosen and connect_filled:
        listed = _and_list(f"{p.partner} ({p.perspective})" for p in chosen[:4])
        return (
            True,
            f"Perspectieven gekozen voor {listed}, en beschreven hoe jullie op elkaar aansluiten.",
            "",
        )
    reasons, suggestions = [], []
    if not chosen:
        reasons.append("Bij geen enkele partner is een sturingsperspectief gekozen.")
        suggestions.append(
            "Kies voor de belangrijkste partners hun dominante perspectief: rechtmatig, "
            "presterend, netwerkend of participerend."
        )
    if not connect_filled:
        reasons.append("Er staat nog niet hoe de partners op elkaars perspectief aansluiten.")
        suggestions.append(
            "Beschrijf wat een partner nodig heeft om mee te kunnen doen. Bijvoorbeeld: een "
            "gemeente die rechtmatig stuurt wil een besluit van de raad, een presterende "
            "partner wil cijfers en targets; zorg dat de agenda beide levert."
        )
    return False, " ".join(reasons), " ".join(suggestions)


_CHECKS: dict[str, Callable[[Agenda, date, tuple[str, ...]], _Outcome]] = {
    "concrete_opgave": _check_concrete_opgave,
    "both_worlds": _check_both_worlds,
    "positive_ambition": _check_positive_ambition,
    "named_owners": _check_named_owners,
    "measurable_monitoring": _check_measurable_monitoring,
    "first_step_soon": _check_first_step_soon,
    "perspectives_addressed": _check_perspectives,
}


def evaluate_agenda(
    agenda: Agenda, *, today: date | None = None, place_names: Iterable[str] = ()
) -> Checklist:
    """Run the aantrekkelijkheidstoets on a draft.

    Args:
        agenda: The draft to check.
        today: Reference date for "a first step within three months" (default: today).
        place_names: Names that count as a place in the opgave, e.g. the region's name and its
            gemeenten; without them a place can still be recognised through a number or group.

    Returns:
        A :class:`Checklist` with one result per criterion, in the order of :data:`CRITERIA`.
    """
    reference = today or date.today()
    places = tuple(place_names)
    results = []
    for criterion in CRITERIA:
        met, why, suggestion = _CHECKS[criterion.key](agenda, reference, places)
        results.append(
            CriterionResult(
                key=criterion.key,
                title=criterion.title,
                met=met,
                why=why,
                suggestion="" if met else suggestion,
                rule=criterion.rule,
            )
        )
    return Checklist(results=tuple(results), reference_date=reference)


__all__ = [
    "CRITERIA",
    "PROBLEM_WORD_STEMS",
    "TARGET_GROUP_STEMS",
    "Checklist",
    "Criterion",
    "CriterionResult",
    "add_months",
    "evaluate_agenda",
    "words_in",
]
