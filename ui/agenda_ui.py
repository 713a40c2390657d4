"""Streamlit helpers for the agenda page: the agenda list, the five steps, toets, read-out.

The session state, the working copy and the one save path live in :mod:`ui.agenda.state`.

User text is never rendered as HTML: Markdown gets :func:`md` (every markup character escaped);
the network picture comes from ``regiondata.charts.figures.network_graph``, which escapes names.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.meeting.agenda import (
    STEPS,
    WORLD_INFO,
    Agenda,
    Checklist,
    export_filename,
    format_date_nl,
    perspective_info,
    to_docx,
    to_markdown,
)
from regiondata.model.params import ViewParams
from regiondata.regions import AMR_CODES, AMR_NAMES, amr_label
from ui.agenda.fields import text_field
from ui.agenda.formatting import (
    local_time,
    target_text,
    value_with_unit,
    when_nl,
)
from ui.agenda.state import (
    close_agenda,
    current,
    edit,
    key,
)
from ui.agenda.steps import (
    PAGE_CSS,
    bridges,
    render_borgen,
    render_fact_block,
    render_gedeeld_denken,
    render_netwerk,
    render_perspectief,
    render_vraagstuk,
)
from ui.agenda.toets import render_toets
from ui.state import set_view
from ui.text import md, md_inline

SHORT_TITLES: dict[str, str] = {
    "vraagstuk": "Vraagstuk",
    "netwerk": "Netwerk",
    "perspectief": "Perspectief",
    "gedeeld_denken": "Gedeeld denken",
    "borgen": "Borgen",
}
"""Step titles short enough for the seven options of the step selector to fit on one line."""

READOUT_KEY = "agenda_voorlezen"

TOETS, VOORLEZEN = "toets", "voorlezen"
VIEWS: tuple[str, ...] = (*(s.key for s in STEPS), TOETS, VOORLEZEN)
"""The options of the step selector: the five steps, the toets and the read-out."""


# --- pure helpers -----------------------------------------------------------------------------
def steps_done(agenda: Agenda) -> dict[str, bool]:
    """Per step whether its core is filled in (for the progress indicator, not a judgement)."""
    v, n, p, g, b = (
        agenda.vraagstuk,
        agenda.netwerk,
        agenda.perspectief,
        agenda.gedeeld_denken,
        agenda.borgen,
    )
    return {
        "vraagstuk": bool(v.opgave.strip() and v.doelgroep.strip()),
        "netwerk": bool(n.partners_in("sociaal") and n.partners_in("economisch")),
        "perspectief": bool(any(e.perspective for e in p.partners) and p.aansluiten.strip()),
        "gedeeld_denken": bool(g.ambitie.strip() and g.eerste_stappen),
        "borgen": bool(b.structuur.strip() and b.monitoring),
    }


STEP_DONE_RULE = (
    "Een stap telt als ingevuld als de kern er staat: 1 opgave en doelgroep; 2 partners in beide "
    "werelden; 3 een perspectief en hoe jullie aansluiten; 4 ambitie en een eerste stap; "
    "5 structuur en een indicator."
)


# --- header and details ---------------------------------------------------------------------
def _on_region(widget_key: str) -> None:
    code = st.session_state[widget_key]
    edit(lambda a: setattr(a, "amr_code", code))
    set_view(regio=code)


def render_header(agenda: Agenda, *, compact: bool = False) -> st.delta_generator.DeltaGenerator:
    """The way back to the list, the title (not above the read-out, which has its own) and a slot
    for the save status, filled last by :func:`render_status`."""
    st.html(PAGE_CSS)
    st.button(
        "Alle agenda's",
        key="agenda_back",
        icon=":material/arrow_back:",
        on_click=close_agenda,
        type="tertiary",
    )
    if not compact:
        st.title(md_inline(agenda.name), anchor=False)
    return st.container()


def render_details(agenda: Agenda) -> None:
    """Name, region and participants of the agenda, each saved on change."""
    with st.expander("Naam, regio en deelnemers", icon=":material/badge:"):
        text_field("name", area=False)
        region_key = key("amr_code")
        st.selectbox(
            "Arbeidsmarktregio",
            AMR_CODES,
            index=AMR_CODES.index(agenda.amr_code) if agenda.amr_code in AMR_CODES else 0,
            format_func=amr_label,
            key=region_key,
            on_change=_on_region,
            args=(region_key,),
        )
        text_field("participants", height=90)
        st.caption(f"Aangemaakt {when_nl(agenda.created_at)}.")


# --- the step selector ------------------------------------------------------------------------
def _step_key() -> str:
    return f"agenda_step_{current().id}"


def current_step() -> str:
    """The view chosen in the step selector (read before the selector is drawn)."""
    step = st.session_state.get(_step_key())
    return step if step in VIEWS else VIEWS[0]


def _go(step: str) -> None:
    st.session_state[_step_key()] = step


def render_step_selector(agenda: Agenda, checklist: Checklist) -> str:
    """The five steps plus toets and read-out, with completion marks and a count in the label."""
    done = steps_done(agenda)
    labels = {
        s.key: f"{s.number} {SHORT_TITLES[s.key]}" + (" :material/check_circle:" if done[s.key] else "")
        for s in STEPS
    }
    labels[TOETS] = f"Toets {checklist.met_count}/{checklist.total}"
    labels[VOORLEZEN] = "Voorlezen"
    count = sum(done.values())
    step_key = _step_key()
    if st.session_state.get(step_key) not in VIEWS:
        st.session_state[step_key] = VIEWS[0]
    choice = st.segmented_control(
        f"Stappen: {count} van de {len(STEPS)} ingevuld",
        VIEWS,
        format_func=lambda v: labels[v],
        key=step_key,
        required=True,
        help=STEP_DONE_RULE,
        width="stretch",
    )
    return choice or VIEWS[0]


def render_step_buttons(step: str) -> None:
    """The "Vorige" and "Volgende" buttons under a step, for walking through the flow."""
    index = VIEWS.index(step)
    with st.container(horizontal=True, horizontal_alignment="distribute", key="agenda_step_buttons"):
        if index > 0:
            st.button(
                "Vorige stap",
                key="agenda_prev",
                icon=":material/arrow_back:",
                on_click=_go,
                args=(VIEWS[index - 1],),
            )
        else:
            st.empty()
        if index < len(VIEWS) - 1:
            st.button(
                "Volgende stap",
                key="agenda_next",
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                on_click=_go,
                args=(VIEWS[index + 1],),
            )


# --- read-out -----------------------------------------------------------------------------------
def readout_css(scale: float) -> str:
    """Large type for the read-out; ``scale`` 1 gives 25.6 px body text at the normal root size.

    Presentation mode already enlarges the root font (172%), so it passes a smaller scale to
    keep about the same size on screen.
    """
    k = f"st-key-{READOUT_KEY}"
    return f"""
<style>
.{k} p, .{k} li {{ font-size: {1.6 * scale:.2f}rem; line-height: 1.45; }}
.{k} h1 {{ font-size: {3 * scale:.2f}rem !important; }}
.{k} h2 {{ font-size: {2.3 * scale:.2f}rem; margin-top: 1.2rem; }}
.{k} h3 {{ font-size: {1.8 * scale:.2f}rem; }}
.{k} [data-testid="stCaptionContainer"] p {{ font-size: {1.15 * scale:.2f}rem; }}
</style>
"""


def _readout_text(label: str, text: str) -> None:
    st.subheader(label, anchor=False)
    st.markdown(md(text) if text.strip() else "_(nog niet ingevuld)_")


def render_readout(agenda: Agenda, checklist: Checklist, *, presenting: bool = False) -> None:
    """The whole agenda on one page in large type, for a projector at the end of a meeting."""
    st.html(readout_css(0.65 if presenting else 1.0))
    with st.container(key=READOUT_KEY):
        st.title(md_inline(agenda.name), anchor=False)
        st.markdown(
            f"**{amr_label(agenda.amr_code)}** · {format_date_nl(local_time(datetime.now(UTC)).date())}"
        )
        if agenda.participants.strip():
            st.markdown(f"**Deelnemers:** {md_inline(agenda.participants)}")
        v, n, p, g, b = (
            agenda.vraagstuk,
            agenda.netwerk,
            agenda.perspectief,
            agenda.gedeeld_denken,
            agenda.borgen,
        )

        st.header("1. Het vraagstuk", anchor=False)
        _readout_text("Opgave", v.opgave)
        _readout_text("Doelgroep", v.doelgroep)
        _readout_text("DNA van de regio", v.regio_dna)
        for i, block in enumerate(v.facts):
            render_fact_block(block.text, block.source, block_key=f"readout_{i}")

        st.header("2. Het netwerk", anchor=False)
        social, economic = st.columns(2)
        for column, info in zip((social, economic), WORLD_INFO, strict=True):
            members = n.partners_in(info.key)
            column.subheader(info.label, anchor=False)
            column.markdown(
                "\n".join(
                    f"- **{md_inline(m.name or '(naamloos)')}**"
                    + (f": {md_inline(m.role)}" if m.role else "")
                    for m in members
                )
                or "_(nog niemand)_"
            )
        found = bridges(n.partners)
        if found:
            st.subheader("Bruggen", anchor=False)
            st.markdown(
                "\n".join(
                    f"- {md_inline(m.name)} → {md_inline(t.name) if t else md_inline(m.bridges_to) or '…'}"
                    for m, t in found
                )
            )
        if n.bruggen.strip():
            _readout_text("Bestaande bruggen", n.bruggen)

        st.header("3. Het perspectief", anchor=False)
        chosen = [e for e in p.partners if e.perspective]
        if chosen:
            st.markdown(
                "\n".join(
                    f"- **{md_inline(e.partner)}**: {perspective_info(e.perspective).label.lower()}"
                    + (f" — {md_inline(e.notes)}" if e.notes.strip() else "")
                    for e in chosen
                )
            )
        _readout_text("Aansluiten op elkaars perspectief", p.aansluiten)

        st.header("4. Gedeeld denken", anchor=False)
        _readout_text("Gedeelde ambitie", g.ambitie)
        _readout_text("Weefsel", g.weefsel)
        st.subheader("Eerste stappen", anchor=False)
        st.markdown(
            "\n".join(
                f"- **{md_inline(s.wat or '(zonder omschrijving)')}** — {md_inline(s.wie) or 'wie?'} — "
                f"{md_inline(s.when_label()) or 'wanneer?'}"
                for s in g.eerste_stappen
            )
            or "_(nog geen eerste stappen)_"
        )

        st.header("5. Borgen en verbinden", anchor=False)
        _readout_text("Structuur", b.structuur)
        _readout_text("Verbindingen", b.verbindingen)
        st.subheader("Monitoring", anchor=False)
        st.markdown(
            "\n".join(
                f"- **{md_inline(m.indicator_title or m.indicator_key)}**: nu "
                f"{value_with_unit(m.baseline_value, m.unit)} ({md_inline(m.baseline_year) or '?'})"
                + (f", doel {md_inline(target_text(m.target))}" if m.has_target else "")
                + (f" op {format_date_nl(m.target_date)}" if m.target_date else "")
                for m in b.monitoring
            )
            or "_(nog geen indicatoren)_"
        )
        sources = list(dict.fromkeys(m.baseline_source for m in b.monitoring if m.baseline_source))
        for source in sources:
            st.caption(md(source))

        st.header("Aantrekkelijkheidstoets", anchor=False)
        st.markdown(f"**{checklist.met_count} van {checklist.total} gehaald**")
        st.markdown(  # the icon is the item's marker: one line each, no bullet as well
            "  \n".join(
                f":material/check_circle: {r.title} — gehaald"
                if r.met
                else f":material/radio_button_unchecked: {r.title} — nog niet"
                for r in checklist
            )
        )


# --- export -------------------------------------------------------------------------------------
def render_export(agenda: Agenda, checklist: Checklist) -> None:
    """Download buttons for Markdown and Word (built only when clicked)."""
    region = AMR_NAMES.get(agenda.amr_code, agenda.amr_code)
    with st.container(horizontal=True, key="agenda_export"):
        st.download_button(
            "Word (.docx)",
            data=lambda: to_docx(agenda, region, checklist),
            file_name=export_filename(agenda, "docx"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="agenda_download_docx",
            icon=":material/description:",
            on_click="ignore",
        )
        st.download_button(
            "Markdown (.md)",
            data=lambda: to_markdown(agenda, region, checklist),
            file_name=export_filename(agenda, "md"),
            mime="text/markdown",
            key="agenda_download_md",
            icon=":material/download:",
            on_click="ignore",
        )


def render_step(step: str, snapshot: Snapshot, view: ViewParams, checklist: Checklist) -> None:
    """Render the chosen step, the toets or the read-out."""
    if step == "vraagstuk":
        render_vraagstuk(snapshot, view)
    elif step == "netwerk":
        render_netwerk(view)
    elif step == "perspectief":
        render_perspectief()
    elif step == "gedeeld_denken":
        render_gedeeld_denken()
    elif step == "borgen":
        render_borgen(snapshot)
    elif step == TOETS:
        render_toets(checklist)
    else:
        render_readout(current(), checklist, presenting=view.presenting)
