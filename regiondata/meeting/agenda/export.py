"""Export an agenda to Markdown and to an editable Word file (.docx).

Both exports are rendered from one outline (:func:`build_outline`), so they always hold the same
sections: title, region, date, participants, one section per step, fact blocks with their
sources (labelled "Feit (uit de data)" and kept apart from the group's own text), the partner
table by world, perspectives, first steps, monitoring, and the aantrekkelijkheidstoets.

User text is never interpreted: in Markdown every character that could start markup or HTML is
backslash-escaped, in Word text goes into runs as literal text. ``<script>`` typed by a user
therefore shows up as the characters ``<script>`` in both.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Row

from regiondata.meeting.agenda.checklist import Checklist, evaluate_agenda
from regiondata.meeting.agenda.formatting import format_date_nl, format_number_nl
from regiondata.meeting.agenda.guidance import perspective_info, step_guidance, world_info
from regiondata.meeting.agenda.model import TEXT_FIELDS, Agenda
from regiondata.meeting.agenda.steps import (
    Borgen,
    GedeeldDenken,
    MonitoringRow,
    Netwerk,
    Perspectief,
    Vraagstuk,
)

EMPTY_TEXT = "(nog niet ingevuld)"
FACT_LABEL = "Feit (uit de data)"
DOCX_TABLE_STYLE = "Table Grid"
"""Built-in Word table style: plain grid lines that Word and LibreOffice both keep."""

PARTNER_HEADERS = ("Partner", "Wereld", "Rol", "Brug")
PERSPECTIVE_HEADERS = ("Partner", "Perspectief", "Toelichting")
FIRST_STEP_HEADERS = ("Wat", "Wie", "Wanneer")
MONITORING_HEADERS = ("Indicator", "Nulmeting", "Jaar", "Bron nulmeting", "Doel", "Streefdatum")
CHECKLIST_HEADERS = ("Criterium", "Gehaald", "Toelichting")


def _local_zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no tz database on this machine: show UTC, labelled so
        return None


# --- the outline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    """A heading; level 0 is the document title."""

    level: int
    text: str


@dataclass(frozen=True)
class MetaLine:
    """A "label: value" line in the header block."""

    label: str
    value: str


@dataclass(frozen=True)
class Paragraph:
    """User text (may span lines); ``empty`` marks the placeholder for an unfilled field."""

    text: str
    empty: bool = False


@dataclass(frozen=True)
class Fact:
    """A fact block from the data with its source."""

    text: str
    source: str


@dataclass(frozen=True)
class TableBlock:
    """A table with a header row; every cell is plain text.

    ``empty_text`` is shown in Markdown instead of a table without rows (Word gets one empty
    row to type in).
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = "(nog niets ingevuld)"


Block = Heading | MetaLine | Paragraph | Fact | TableBlock


def _text_section(label: str, text: str) -> list[Block]:
    if text.strip():
        return [Heading(2, label), Paragraph(text)]
    return [Heading(2, label), Paragraph(EMPTY_TEXT, empty=True)]


def _label(path: str) -> str:
    return TEXT_FIELDS[path][0]


def _with_unit(value: float, unit: str) -> str:
    # Dutch style writes "3,1%" without a space, but "12,5 per 1.000 inwoners" with one.
    separator = "" if unit.startswith("%") or not unit else " "
    return f"{format_number_nl(value)}{separator}{unit}"


def _baseline(row: MonitoringRow) -> str:
    return "" if row.baseline_value is None else _with_unit(row.baseline_value, row.unit)


def _target(row: MonitoringRow) -> str:
    if isinstance(row.target, float):
        return _with_unit(row.target, row.unit)
    return row.target or ""


def build_outline(
    agenda: Agenda,
    region_name: str,
    checklist: Checklist | None = None,
    *,
    today: date | None = None,
) -> list[Block]:
    """Return the export as a flat list of blocks (shared by Markdown and Word).

    Args:
        agenda: The agenda to export; it is cleaned of control characters first.
        region_name: Name of the arbeidsmarktregio, e.g. "Midden-Utrecht".
        checklist: The aantrekkelijkheidstoets; evaluated on ``agenda`` when ``None``.
        today: Date printed as the export date (default: today).
    """
    agenda = agenda.cleaned()
    today = today or date.today()
    if checklist is None:
        checklist = evaluate_agenda(agenda, today=today)
    return [
        *_header_blocks(agenda, region_name, today),
        *_vraagstuk_blocks(agenda.vraagstuk),
        *_netwerk_blocks(agenda.netwerk),
        *_perspectief_blocks(agenda.perspectief),
        *_gedeeld_denken_blocks(agenda.gedeeld_denken),
        *_borgen_blocks(agenda.borgen),
        *_checklist_blocks(checklist, today),
    ]


def _header_blocks(agenda: Agenda, region_name: str, today: date) -> list[Block]:
    zone = _local_zone()
    saved = agenda.updated_at.astimezone(zone) if zone else agenda.updated_at.astimezone(UTC)
    saved_text = f"{format_date_nl(saved.date())} om {saved:%H:%M}" + ("" if zone else " (UTC)")
    region = f"{region_name} ({agenda.amr_code})" if region_name else agenda.amr_code
    return [
        Heading(0, agenda.name),
        MetaLine("Arbeidsmarktregio", region),
        MetaLine("Datum", format_date_nl(today)),
        MetaLine("Versie", f"{agenda.version}, laatst opgeslagen op {saved_text}"),
        MetaLine("Deelnemers", agenda.participants.strip() or EMPTY_TEXT),
    ]


def _step_heading(key: str) -> Heading:
    guide = step_guidance(key)
    return Heading(1, f"{guide.number}. {guide.title}")


def _vraagstuk_blocks(v: Vraagstuk) -> list[Block]:
    blocks: list[Block] = [_step_heading("vraagstuk")]
    blocks += _text_section(_label("vraagstuk.opgave"), v.opgave)
    blocks += _text_section(_label("vraagstuk.doelgroep"), v.doelgroep)
    blocks += _text_section(_label("vraagstuk.regio_dna"), v.regio_dna)
    blocks.append(Heading(2, "Feiten uit de data"))
    if v.facts:
        blocks += [Fact(f.text, f.source) for f in v.facts]
    else:
        blocks.append(Paragraph("(nog geen feiten ingevoegd)", empty=True))
    return blocks


def _netwerk_blocks(n: Netwerk) -> list[Block]:
    blocks: list[Block] = [_step_heading("netwerk"), Heading(2, "Partners per wereld")]
    # Grouped by world: social first, then economic, then partners without a world yet.
    order = {"sociaal": 0, "economisch": 1}
    partners = sorted(n.partners, key=lambda p: order.get(p.world, 2))
    partner_rows = tuple(
        (
            p.name,
            world_info(p.world).label if p.world else "(nog niet gekozen)",
            p.role,
            ("ja" + (f": {p.bridges_to}" if p.bridges_to.strip() else "")) if p.is_bridge else "",
        )
        for p in partners
    )
    blocks.append(TableBlock(PARTNER_HEADERS, partner_rows, "(nog geen partners)"))
    blocks += _text_section(_label("netwerk.bruggen"), n.bruggen)
    return blocks


def _perspectief_blocks(p: Perspectief) -> list[Block]:
    blocks: list[Block] = [_step_heading("perspectief"), Heading(2, "Perspectief per partner")]
    blocks.append(
        TableBlock(
            PERSPECTIVE_HEADERS,
            tuple(
                (e.partner, perspective_info(e.perspective).label if e.perspective else "", e.notes)
                for e in p.partners
            ),
            "(nog geen perspectieven gekozen)",
        )
    )
    blocks += _text_section(_label("perspectief.aansluiten"), p.aansluiten)
    return blocks


def _gedeeld_denken_blocks(g: GedeeldDenken) -> list[Block]:
    blocks: list[Block] = [_step_heading("gedeeld_denken")]
    blocks += _text_section(_label("gedeeld_denken.ambitie"), g.ambitie)
    blocks += _text_section(_label("gedeeld_denken.weefsel"), g.weefsel)
    blocks.append(Heading(2, "Eerste stappen"))
    blocks.append(
        TableBlock(
            FIRST_STEP_HEADERS,
            tuple((s.wat, s.wie, s.when_label()) for s in g.eerste_stappen),
            "(nog geen eerste stappen)",
        )
    )
    return blocks


def _borgen_blocks(b: Borgen) -> list[Block]:
    blocks: list[Block] = [_step_heading("borgen")]
    blocks += _text_section(_label("borgen.structuur"), b.structuur)
    blocks += _text_section(_label("borgen.verbindingen"), b.verbindingen)
    blocks.append(Heading(2, "Monitoring"))
    blocks.append(
        TableBlock(
            MONITORING_HEADERS,
            tuple(
                (
                    m.indicator_title or m.indicator_key,
                    _baseline(m),
                    m.baseline_year,
                    m.baseline_source,
                    _target(m),
                    format_date_nl(m.target_date) if m.target_date else "",
                )
                for m in b.monitoring
            ),
            "(nog geen indicatoren gekozen)",
        )
    )
    return blocks


def _checklist_blocks(checklist: Checklist, today: date) -> list[Block]:
    return [
        Heading(1, "Aantrekkelijkheidstoets"),
        Paragraph(f"{checklist.summary} (peildatum {format_date_nl(today)})."),
        TableBlock(
            CHECKLIST_HEADERS,
            tuple(
                (
                    r.title,
                    "ja" if r.met else "nee",
                    r.why + ("" if r.met else f" Suggestie: {r.suggestion}"),
                )
                for r in checklist
            ),
        ),
    ]


# --- Markdown ---------------------------------------------------------------------------------
# Characters with inline meaning in CommonMark/GFM (and < > & for raw HTML and entities).
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY_RE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Markers that start a block when they open a line: heading, quote, list, setext underline.
_MD_LINE_START_RE = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Escape ``text`` so Markdown renders it literally, line breaks included.

    Backslash-escapes inline markup and HTML (``<script>`` becomes ``\\<script\\>``), entity
    look-alikes, and block markers at the start of a line (``#``, ``>``, ``-``, ``1.``).
    """
    lines = [_MD_LINE_START_RE.sub(_escape_line_start, _escape_inline(line)) for line in text.split("\n")]
    return "\n".join(lines)


def _escape_inline(text: str) -> str:
    return _MD_ENTITY_RE.sub(r"\\&", _MD_INLINE_RE.sub(r"\\\1", text))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." / "1)": escaping the punctuation is enough
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def _md_paragraph(text: str) -> str:
    # Two trailing spaces make a hard line break, so the user's line breaks survive.
    return "  \n".join(escape_markdown(text).split("\n"))


def _md_cell(text: str) -> str:
    flat = " / ".join(line for line in text.split("\n") if line.strip())
    return escape_markdown(flat)


def _md_heading_text(text: str) -> str:
    # Inside a heading a "#" can close the heading, so escape every one, not only leading ones.
    return _escape_inline(" ".join(text.split())).replace("#", "\\#")


def _render_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    meta: list[str] = []

    def flush_meta() -> None:
        if meta:
            out.append("  \n".join(meta))
            meta.clear()

    for block in blocks:
        if not isinstance(block, MetaLine):
            flush_meta()
        match block:
            case Heading(level=level, text=text):
                out.append(f"{'#' * (level + 1)} {_md_heading_text(text)}")
            case MetaLine(label=label, value=value):
                meta.append(f"**{label}:** {_md_cell(value)}")
            case Paragraph(text=text, empty=True):
                out.append(f"_{escape_markdown(text)}_")
            case Paragraph(text=text):
                out.append(_md_paragraph(text))
            case Fact(text=text, source=source):
                quoted = [f"**{FACT_LABEL}:** {_md_paragraph(text)}"]
                if source.strip():
                    quoted.append(f"_{_md_cell(source)}_")
                body = "\n\n".join(quoted)
                out.append("\n".join(f"> {line}" if line else ">" for line in body.split("\n")))
            case TableBlock(rows=()) as table:
                out.append(f"_{escape_markdown(table.empty_text)}_")
            case TableBlock(headers=headers, rows=rows):
                lines = [
                    "| " + " | ".join(headers) + " |",
                    "| " + " | ".join("---" for _ in headers) + " |",
                ]
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
                out.append("\n".join(lines))
    flush_meta()
    return "\n\n".join(out) + "\n"


def to_markdown(
    agenda: Agenda,
    region_name: str,
    checklist: Checklist | None = None,
    *,
    today: date | None = None,
) -> str:
    """Render the agenda as Markdown (GitHub/CommonMark flavour), user text escaped.

    Args:
        agenda: The agenda to export.
        region_name: Name of the arbeidsmarktregio, e.g. "Midden-Utrecht".
        checklist: Result of :func:`~regiondata.meeting.agenda.checklist.evaluate_agenda`; evaluated
            here when ``None``.
        today: Export date printed in the header (default: today).
    """
    return _render_markdown(build_outline(agenda, region_name, checklist, today=today))


# --- Word -------------------------------------------------------------------------------------
def _set_language(document: DocxDocument, language: str = "nl-NL") -> None:
    # Dutch spelling check and hyphenation in Word and LibreOffice, in every style: the headings
    # and quotes of the default template carry their own run properties.
    for style in document.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        rpr = style.element.get_or_add_rPr()
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), language)
        rpr.append(lang)


def _set_a4(document: DocxDocument) -> None:
    # python-docx's template is US Letter; Dutch offices print A4, with 2.5 cm margins.
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)


def _repeat_header_row(row: _Row) -> None:
    # Repeat the header row when a long table runs over a page break.
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _docx_table(document: DocxDocument, block: TableBlock) -> None:
    rows = block.rows or (tuple("" for _ in block.headers),)  # an empty row to type in
    table = document.add_table(rows=1 + len(rows), cols=len(block.headers))
    table.style = document.styles[DOCX_TABLE_STYLE]
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    _repeat_header_row(table.rows[0])
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value  # python-docx turns "\n" into a line break; no markup is parsed


def _render_docx(blocks: list[Block], title: str) -> bytes:
    document = Document()
    _set_a4(document)
    _set_language(document)
    now = datetime.now(UTC)
    props = document.core_properties
    props.title = title
    props.author = "Regiodashboard arbeidsmarktregio's"
    props.last_modified_by = props.author
    props.created = props.modified = now
    props.language = "nl-NL"

    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                document.add_heading(text, level=level)
            case MetaLine(label=label, value=value):
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
            case Paragraph(text=text, empty=empty):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(text)
                run.italic = empty
            case Fact(text=text, source=source):
                # "Intense Quote" sets the fact visibly apart from the group's own text.
                paragraph = document.add_paragraph(style="Intense Quote")
                paragraph.add_run(f"{FACT_LABEL}: ").bold = True
                paragraph.add_run(text)
                if source.strip():
                    source_paragraph = document.add_paragraph(style="Quote")
                    run = source_paragraph.add_run(source)
                    run.font.size = Pt(9)
            case TableBlock():
                _docx_table(document, block)
                document.add_paragraph()  # Word glues consecutive tables together otherwise

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_docx(
    agenda: Agenda,
    region_name: str,
    checklist: Checklist | None = None,
    *,
    today: date | None = None,
) -> bytes:
    """Render the agenda as an editable Word file and return its bytes.

    Uses built-in styles only (Title, Heading 1/2, Quote, Intense Quote, Table Grid), so
    headings and tables survive in Word and LibreOffice. Every table has a bold header row; an
    empty list becomes a table with one empty row to fill in by hand.

    Args:
        agenda: The agenda to export.
        region_name: Name of the arbeidsmarktregio, e.g. "Midden-Utrecht".
        checklist: Result of :func:`~regiondata.meeting.agenda.checklist.evaluate_agenda`; evaluated
            here when ``None``.
        today: Export date printed in the header (default: today).
    """
    blocks = build_outline(agenda, region_name, checklist, today=today)
    return _render_docx(blocks, title=agenda.cleaned().name)


def export_filename(agenda: Agenda, extension: str, *, today: date | None = None) -> str:
    """Return a safe download name, e.g. ``agenda-am18-zorg-aan-het-werk-2026-11-27.docx``."""
    ascii_name = unicodedata.normalize("NFKD", agenda.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].rstrip("-")
    parts = ["agenda", agenda.amr_code.lower(), slug, (today or date.today()).isoformat()]
    return "-".join(p for p in parts if p) + "." + extension.lstrip(".")


__all__ = [
    "CHECKLIST_HEADERS",
    "FIRST_STEP_HEADERS",
    "MONITORING_HEADERS",
    "PARTNER_HEADERS",
    "PERSPECTIVE_HEADERS",
    "Block",
    "Fact",
    "Heading",
    "MetaLine",
    "Paragraph",
    "TableBlock",
    "build_outline",
    "escape_markdown",
    "export_filename",
    "to_docx",
    "to_markdown",
]
