"""The read-out and the downloads: the whole agenda on one page in large type, Word and Markdown.

The read-out is what the group looks at together at the end of a meeting (on a projector, in
presentation mode too); the downloads take the same agenda away to edit further.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial

import streamlit as st

from regiondata.meeting.agenda import (
    WORLD_INFO,
    Agenda,
    Borgen,
    Checklist,
    FirstStep,
    GedeeldDenken,
    MonitoringRow,
    Netwerk,
    Perspectief,
    Vraagstuk,
    export_filename,
    format_date_nl,
    perspective_info,
    to_docx,
    to_markdown,
)
from regiondata.regions import AMR_NAMES, amr_label
from ui.agenda.formatting import local_time, target_text, value_with_unit
from ui.agenda.steps import bridges, render_fact_block
from ui.text import md, md_inline

READOUT_KEY = "agenda_voorlezen"


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


def _readout_list(label: str, items: Iterable[str], empty: str) -> None:
    st.subheader(label, anchor=False)
    st.markdown("\n".join(items) or empty)


def _section(heading: str, *texts: tuple[str, str]) -> None:
    """A step's heading, then each of its texts under its label."""
    st.header(heading, anchor=False)
    for label, text in texts:
        _readout_text(label, text)


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
        _vraagstuk(agenda.vraagstuk)
        _netwerk(agenda.netwerk)
        _perspectief(agenda.perspectief)
        _gedeeld_denken(agenda.gedeeld_denken)
        _borgen(agenda.borgen)
        _toets(checklist)


def _vraagstuk(v: Vraagstuk) -> None:
    """Step 1: opgave, doelgroep, the region's DNA and the facts inserted from the data."""
    _section(
        "1. Het vraagstuk",
        ("Opgave", v.opgave),
        ("Doelgroep", v.doelgroep),
        ("DNA van de regio", v.regio_dna),
    )
    for i, block in enumerate(v.facts):
        render_fact_block(block.text, block.source, block_key=f"readout_{i}")


def _netwerk(n: Netwerk) -> None:
    """Step 2: the partners per world, side by side, and the bridges between them."""
    st.header("2. Het netwerk", anchor=False)
    social, economic = st.columns(2)
    for column, info in zip((social, economic), WORLD_INFO, strict=True):
        members = n.partners_in(info.key)
        column.subheader(info.label, anchor=False)
        column.markdown(
            "\n".join(
                f"- **{md_inline(m.name or '(naamloos)')}**" + (f": {md_inline(m.role)}" if m.role else "")
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


def _perspectief(p: Perspectief) -> None:
    """Step 3: each partner's chosen perspective and how the group connects to them."""
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


def _gedeeld_denken(g: GedeeldDenken) -> None:
    """Step 4: the shared ambition, the weefsel and the first steps (wat, wie, wanneer)."""
    _section("4. Gedeeld denken", ("Gedeelde ambitie", g.ambitie), ("Weefsel", g.weefsel))
    _readout_list("Eerste stappen", map(_first_step_line, g.eerste_stappen), "_(nog geen eerste stappen)_")


def _first_step_line(s: FirstStep) -> str:
    return (
        f"- **{md_inline(s.wat or '(zonder omschrijving)')}** — {md_inline(s.wie) or 'wie?'} — "
        f"{md_inline(s.when_label()) or 'wanneer?'}"
    )


def _borgen(b: Borgen) -> None:
    """Step 5: structure, links, and the monitoring with baselines, targets and their sources."""
    _section("5. Borgen en verbinden", ("Structuur", b.structuur), ("Verbindingen", b.verbindingen))
    _readout_list("Monitoring", map(_monitoring_line, b.monitoring), "_(nog geen indicatoren)_")
    sources = list(dict.fromkeys(m.baseline_source for m in b.monitoring if m.baseline_source))
    for source in sources:
        st.caption(md(source))


def _monitoring_line(m: MonitoringRow) -> str:
    return (
        f"- **{md_inline(m.indicator_title or m.indicator_key)}**: nu "
        f"{value_with_unit(m.baseline_value, m.unit)} ({md_inline(m.baseline_year) or '?'})"
        + (f", doel {md_inline(target_text(m.target))}" if m.has_target else "")
        + (f" op {format_date_nl(m.target_date)}" if m.target_date else "")
    )


def _toets(checklist: Checklist) -> None:
    """The toets in one line per criterion: met or not yet."""
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


# --- downloads ----------------------------------------------------------------------------------
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_export(agenda: Agenda, checklist: Checklist) -> None:
    """Download buttons for Markdown and Word (built only when clicked)."""
    region = AMR_NAMES.get(agenda.amr_code, agenda.amr_code)
    with st.container(horizontal=True, key="agenda_export"):
        for label, kind, build, mime, icon in (
            ("Word (.docx)", "docx", to_docx, DOCX_MIME, ":material/description:"),
            ("Markdown (.md)", "md", to_markdown, "text/markdown", ":material/download:"),
        ):
            st.download_button(
                label,
                data=partial(build, agenda, region, checklist),
                file_name=export_filename(agenda, kind),
                mime=mime,
                key=f"agenda_download_{kind}",
                icon=icon,
                on_click="ignore",
            )
