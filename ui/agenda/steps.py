"""The five steps of the stappenplan, each under its guidance: explanation, questions, pitfall.

1 het vraagstuk (facts from the data, inserted with their source), 2 het netwerk (partners per
world, bridges, a picture), 3 het perspectief (a steering perspective per partner), 4 gedeeld
denken (ambition and first steps), 5 borgen en verbinden (structure and monitoring). Every input
saves itself (``ui.agenda.fields``).
"""

from __future__ import annotations

import streamlit as st

from regiondata.charts.network import network_graph
from regiondata.derive.snapshot import Snapshot
from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.meeting.agenda import (
    PERSPECTIVE_INFO,
    PERSPECTIVES,
    STEPS,
    TEXT_FIELDS,
    WORLD_INFO,
    WORLDS,
    Agenda,
    Partner,
    PartnerPerspective,
    format_date_nl,
    perspective_info,
    world_info,
)
from regiondata.meeting.agenda.facts import (
    MONITORING_KEYS,
    DataFact,
    baseline,
    dna_facts,
    national_baseline,
    region_facts,
)
from regiondata.model.params import ViewParams
from regiondata.model.provenance import comment_block
from regiondata.regions import AMR_NAMES
from ui.agenda.fields import first_steps_table, monitoring_table, partner_table, text_field
from ui.agenda.formatting import value_with_unit
from ui.agenda.state import current, edit, key, short_hash
from ui.charts import render_chart
from ui.frame import PLACEHOLDER, period_of
from ui.text import md, md_inline

FACT_KEY = "agenda_fact"

PAGE_CSS = f"""
<style>
/* Facts from the data look alike everywhere and differ from the group's own text. */
[class*="st-key-{FACT_KEY}_"] {{ background: #EFF6FF; border-left: 6px solid #1D4ED8 !important; }}
</style>
"""
"""Set once above the page (``ui.agenda.header``); styles the fact blocks of steps and read-out."""


# --- every step -------------------------------------------------------------------------------
def render_guidance(step_key: str) -> None:
    """Explanation, guiding questions and the common pitfall of a step."""
    guide = next(s for s in STEPS if s.key == step_key)
    st.header(f"Stap {guide.number}: {guide.title}", anchor=False)
    st.markdown(guide.explanation)
    questions, pitfall = st.columns([3, 2])
    with questions, st.container(border=True):
        st.markdown("**Vragen om samen te beantwoorden**")
        st.markdown("\n".join(f"- {q}" for q in guide.questions))
    with pitfall:
        st.warning(f"**Valkuil.** {guide.pitfall}", icon=":material/report:")


# --- step 1: het vraagstuk --------------------------------------------------------------------
@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def _facts(snapshot_path: str, amr_code: str, from_year: int, to_year: int, _snapshot: Snapshot):
    try:
        return region_facts(_snapshot, amr_code, from_year, to_year), ""
    except BadInputError as err:
        return [], str(err)


def _insert_fact(fact: DataFact) -> None:
    edit(lambda a: a.vraagstuk.facts.append(fact.to_block()))


def _remove_fact(index: int) -> None:
    def change(a: Agenda) -> None:
        if 0 <= index < len(a.vraagstuk.facts):
            del a.vraagstuk.facts[index]

    edit(change)


def render_fact_block(
    text: str, source: str, *, block_key: str, remove_key: str | None = None, index: int = 0
) -> None:
    """A cited fact, visibly apart from opinions: tinted, bordered, labelled "Feit uit de data"."""
    with st.container(border=True, key=f"{FACT_KEY}_{block_key}"):
        st.markdown(":material/database: **Feit uit de data**")
        st.markdown(md(text))
        if source.strip():
            st.caption(md(source))
        if remove_key:
            st.button(
                "Verwijderen",
                key=remove_key,
                icon=":material/close:",
                type="tertiary",
                on_click=_remove_fact,
                args=(index,),
            )


def _fact_cards(cards: list[DataFact], prefix: str) -> None:
    """Facts from the data in two columns, each with its source and an 'Invoegen' button."""
    present = {b.text for b in current().vraagstuk.facts}
    columns = st.columns(2)
    for i, fact in enumerate(cards):
        with columns[i % 2], st.container(border=True, key=f"{FACT_KEY}_{prefix}_{i}"):
            st.markdown(fact.text)
            st.caption(fact.source)
            inserted = fact.text in present
            st.button(
                "Ingevoegd" if inserted else "Invoegen",
                key=key(f"fact_add_{short_hash(fact.text)}"),
                icon=":material/check:" if inserted else ":material/add:",
                disabled=inserted,
                on_click=_insert_fact,
                args=(fact,),
            )


def render_vraagstuk(snapshot: Snapshot, view: ViewParams) -> None:
    """Step 1: facts about the region from the data, then opgave, doelgroep and DNA."""
    agenda = current()
    render_guidance("vraagstuk")
    from_year, to_year = period_of(view, snapshot)
    region = AMR_NAMES.get(agenda.amr_code, agenda.amr_code)
    st.subheader(f"Wat de cijfers zeggen over {region}", anchor=False)
    st.caption(
        f"Periode {from_year}–{to_year}; kies een andere periode in de zijbalk. Voeg een feit met "
        "'Invoegen' toe aan de agenda: het komt er met bron in, apart van jullie eigen tekst."
    )
    facts, problem = _facts(str(snapshot.path), agenda.amr_code, from_year, to_year, snapshot)
    if problem:
        st.info(problem, icon=":material/info:")
    _fact_cards([f for f in facts if not f.is_note], "data")
    for note in (f for f in facts if f.is_note):
        st.caption(note.text)

    st.subheader("De opgave in jullie eigen woorden", anchor=False)
    fields, inserted_column = st.columns([3, 2], gap="large")
    with fields:
        text_field("vraagstuk.opgave")
        text_field("vraagstuk.doelgroep")
        text_field("vraagstuk.regio_dna")
    with inserted_column:
        st.markdown("**Feiten in de agenda**")
        if not agenda.vraagstuk.facts:
            st.caption("Nog geen feiten ingevoegd. Kies hierboven een feit uit de data met 'Invoegen'.")
        for i, block in enumerate(agenda.vraagstuk.facts):
            render_fact_block(
                block.text,
                block.source,
                block_key=f"in_{i}",
                remove_key=key(f"fact_rm_{i}_{short_hash(block.text)}"),
                index=i,
            )


# --- step 2: het netwerk ----------------------------------------------------------------------
def bridges(partners: list[Partner]) -> list[tuple[Partner, Partner | None]]:
    """Each bridge partner with the partner in the other world it names (``None`` if unnamed)."""
    result: list[tuple[Partner, Partner | None]] = []
    for p in partners:
        if not p.is_bridge:
            continue
        target = p.bridges_to.strip().lower()
        others = [o for o in partners if o.world and o.world != p.world and o.name.strip()]
        match = next((o for o in others if target and o.name.strip().lower() in target), None)
        if match is None and target:
            match = next((o for o in others if target in o.name.strip().lower()), None)
        result.append((p, match))
    return result


def _render_dna_facts(view: ViewParams) -> None:
    """Suggested facts from the Regio-DNA: growing sectors and commuting partner regions."""
    from ui.data import get_snapshot

    snapshot = get_snapshot()
    from_year, to_year = period_of(view, snapshot)
    facts = dna_facts(snapshot, current().amr_code, from_year, to_year)
    if facts:
        st.markdown("**Wie horen erbij? Uit het Regio-DNA**")
        st.caption("Invoegen zet het feit met bron bij de feiten van stap 1.")
        _fact_cards(facts, "dna")


def render_netwerk(view: ViewParams) -> None:
    """Step 2: partners per world in editable tables, the bridges, and a picture of the network."""
    render_guidance("netwerk")
    _render_dna_facts(view)
    columns = st.columns(2, gap="large")
    for column, info in zip(columns, WORLD_INFO, strict=True):
        with column:
            st.subheader(info.label, anchor=False)
            st.caption(info.explanation)
            partner_table(info.key, view.presenting)
    st.caption(
        "Typ in de lege regel onderaan een tabel om een partner toe te voegen. Werkt een partner al "
        "samen met iemand uit de andere wereld? Zet die naam bij 'Brug naar': dan is het een brug."
    )
    agenda = current()
    st.markdown("**Bruggen tussen de werelden**")
    found = bridges(agenda.netwerk.partners)
    if found:
        st.markdown(
            "\n".join(
                f"- {md_inline(p.name or '(naamloos)')} → "
                + (md_inline(t.name) if t else md_inline(p.bridges_to) or "_(nog niet gezegd met wie)_")
                for p, t in found
            )
        )
    else:
        st.caption("Nog geen bruggen aangevinkt.")
    text_field("netwerk.bruggen")
    placed = [p for p in agenda.netwerk.partners if p.name.strip() and p.world in WORLDS]
    if placed:
        st.markdown("**Het netwerk in beeld**")
        chart = network_graph(
            [{"name": p.name, "world": p.world, "is_bridge": p.is_bridge} for p in placed],
            [(p.name, t.name) for p, t in found if t is not None],
            presentation=view.presenting,
        )
        render_chart(
            chart,
            key=key("network_chart"),
            filename=f"netwerk-{agenda.amr_code.lower()}",
            # The partners are the user's own input: no CBS tables, so no CBS provenance to claim.
            csv_header=comment_block([chart.title, "Bron: eigen invoer in de agenda, geen CBS-cijfers."]),
        )


# --- step 3: het perspectief ------------------------------------------------------------------
CONNECT_PROMPTS: dict[str, str] = {
    "rechtmatig": "Lever een zorgvuldig onderbouwd voorstel dat past in de besluitvorming: wie "
    "besluit wanneer, op basis van welke stukken, en hoe leggen we verantwoording af?",
    "presterend": "Maak zichtbaar wat het oplevert: welk resultaat, wanneer, en welk cijfer "
    "laat zien dat het werkt? Spreek af wie daarop aanspreekbaar is.",
    "netwerkend": "Geef ruimte om samen te zoeken: wie moet er nog bij, welk gezamenlijk belang "
    "verbindt ons, en waar kunnen we elkaar vaker treffen?",
    "participerend": "Begin bij wat inwoners, werkgevers en initiatieven al doen: waar kunnen we "
    "bij aansluiten in plaats van iets nieuws te bedenken?",
}
"""Per steering perspective: what a partner with that perspective needs to say yes."""


def _on_perspective(name: str, widget_key: str, field_name: str) -> None:
    value = st.session_state[widget_key]

    def change(a: Agenda) -> None:
        entry = next((e for e in a.perspectief.partners if e.partner == name), None)
        if entry is None:
            entry = PartnerPerspective(partner=name)
            a.perspectief.partners.append(entry)
        setattr(entry, field_name, value or "")
        if not entry.perspective and not entry.notes.strip():
            a.perspectief.partners.remove(entry)

    edit(change)


def render_perspectief() -> None:
    """Step 3: the four perspectives explained, a perspective per partner, how to connect."""
    render_guidance("perspectief")
    cards = st.columns(len(PERSPECTIVE_INFO))
    for column, info in zip(cards, PERSPECTIVE_INFO, strict=True):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"**{info.label}**")
            st.caption(info.explanation)
    agenda = current()
    names = [p.name for p in agenda.netwerk.partners if p.name.strip()]
    names += [e.partner for e in agenda.perspectief.partners if e.partner not in names and e.partner.strip()]
    st.subheader("Perspectief per partner", anchor=False)
    if not names:
        st.info(
            "Zet eerst partners in stap 2 (Het netwerk); dan kiezen jullie hier per partner het perspectief."
        )
    entries = {e.partner: e for e in agenda.perspectief.partners}
    worlds = {p.name: p.world for p in agenda.netwerk.partners}
    if names:
        heads = st.columns([2, 2, 3])
        for column, head in zip(
            heads, ("Partner", "Perspectief", "Wat betekent dat voor de samenwerking?"), strict=True
        ):
            column.markdown(f"**{head}**")
    for name in dict.fromkeys(names):
        entry = entries.get(name, PartnerPerspective(partner=name))
        choice_key = key(f"persp_{short_hash(name)}")
        notes_key = key(f"persp_notes_{short_hash(name)}")
        who, choice, notes = st.columns([2, 2, 3], vertical_alignment="center")
        world = worlds.get(name, "")
        who.markdown(md_inline(name) + (f"  \n:gray[{world_info(world).label}]" if world in WORLDS else ""))
        options = ["", *PERSPECTIVES]
        choice.selectbox(
            f"Perspectief van {md_inline(name)}",
            options,
            index=options.index(entry.perspective) if entry.perspective in options else 0,
            format_func=lambda k: perspective_info(k).label if k else "— nog niet gekozen —",
            key=choice_key,
            placeholder=PLACEHOLDER,
            on_change=_on_perspective,
            args=(name, choice_key, "perspective"),
            label_visibility="collapsed",
        )
        notes.text_input(
            f"Wat betekent dat voor {md_inline(name)}?",
            value=entry.notes,
            max_chars=TEXT_FIELDS["perspectief.partners[].notes"][1],
            key=notes_key,
            on_change=_on_perspective,
            args=(name, notes_key, "notes"),
            label_visibility="collapsed",
            placeholder="Bijvoorbeeld: wil een besluit van de raad",
        )
    chosen: dict[str, list[str]] = {}
    for e in current().perspectief.partners:
        if e.perspective:
            chosen.setdefault(e.perspective, []).append(e.partner)
    if chosen:
        st.markdown("**Zo sluiten jullie aan op elkaars perspectief**")
        for perspective, partners in chosen.items():
            st.markdown(
                f"- **{perspective_info(perspective).label}** ({md_inline(', '.join(partners))}): "
                f"{CONNECT_PROMPTS[perspective]}"
            )
    text_field("perspectief.aansluiten")


# --- step 4: gedeeld denken -------------------------------------------------------------------
def render_gedeeld_denken() -> None:
    """Step 4: a positive ambition, the weefsel, and first steps (wat, wie, wanneer)."""
    render_guidance("gedeeld_denken")
    text_field("gedeeld_denken.ambitie")
    text_field("gedeeld_denken.weefsel")
    st.markdown("**Eerste stappen**")
    first_steps_table()
    st.caption(
        "Schrijf bij 'Wanneer' een datum (15 maart 2027 of 15-3-2027): alleen een stap met een "
        "datum telt mee in de toets. Typ in de lege regel onderaan voor een nieuwe stap."
    )
    dated = [
        f"{md_inline(s.wat or '(zonder omschrijving)')}: {format_date_nl(s.due_date)}"
        for s in current().gedeeld_denken.eerste_stappen
        if s.due_date
    ]
    if dated:
        st.caption("Herkende datums: " + "; ".join(dated))


# --- step 5: borgen en verbinden --------------------------------------------------------------
def _on_indicators(widget_key: str, snapshot: Snapshot) -> None:
    keys: list[str] = st.session_state[widget_key]

    def change(a: Agenda) -> None:
        existing = {m.indicator_key: m for m in a.borgen.monitoring}
        rows = [existing.get(k) or baseline(snapshot, a.amr_code, k) for k in keys]
        # Rows that are not registry indicators (typed elsewhere) are kept as they are.
        rows += [m for m in a.borgen.monitoring if m.indicator_key not in INDICATORS_BY_KEY]
        a.borgen.monitoring = rows

    edit(change)


def render_borgen(snapshot: Snapshot) -> None:
    """Step 5: structure, links to existing agendas, monitoring with baselines from the data."""
    render_guidance("borgen")
    text_field("borgen.structuur")
    text_field("borgen.verbindingen")
    st.markdown("**Monitoring**")
    agenda = current()
    chosen = [m.indicator_key for m in agenda.borgen.monitoring if m.indicator_key in INDICATORS_BY_KEY]
    select_key = key("monitoring_keys")
    st.multiselect(
        "Welke cijfers volgen jullie?",
        MONITORING_KEYS,
        default=chosen,
        format_func=lambda k: INDICATORS_BY_KEY[k].title,
        key=select_key,
        on_change=_on_indicators,
        args=(select_key, snapshot),
        placeholder="Kies een of meer indicatoren",
    )
    rows = agenda.borgen.monitoring
    if not rows:
        st.caption("De nulmeting komt uit de data van de regio; doel en streefdatum bepalen jullie zelf.")
        return
    monitoring_table(rows)
    for m in current().borgen.monitoring:
        nl = national_baseline(snapshot, m.indicator_key, m.baseline_year)
        decimals = (
            INDICATORS_BY_KEY[m.indicator_key].decimals if m.indicator_key in INDICATORS_BY_KEY else None
        )
        national = (
            f" Landelijk: {md_inline(value_with_unit(nl, m.unit, decimals))}." if nl is not None else ""
        )
        baseline = md_inline(value_with_unit(m.baseline_value, m.unit))
        st.caption(
            f"{md_inline(m.indicator_title)}: nulmeting {baseline} "
            f"({md_inline(m.baseline_year) or 'jaar onbekend'}).{national} {md_inline(m.baseline_source)}"
        )
