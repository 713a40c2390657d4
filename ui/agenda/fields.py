"""The inputs that save themselves on change: text fields and the editable tables.

A text field saves through its ``on_change`` callback. A table (partners per world, first
steps, monitoring targets) is compared with the working copy after it is drawn; an edit is
saved and the page redrawn, so progress marks and the save status agree with the table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from regiondata.meeting.agenda import (
    FIELD_PLACEHOLDERS,
    SHORT_TEXT_MAX_CHARS,
    TEXT_FIELDS,
    Agenda,
    FirstStep,
    MonitoringRow,
    Partner,
)
from regiondata.meeting.agenda.values import date_range
from ui.agenda.formatting import cell_date, cell_text, parse_target, target_text, value_with_unit
from ui.agenda.keystrokes import remember_shown
from ui.agenda.state import (
    BASE_AGENDA,
    EDITOR_BASES,
    current,
    edit,
    edit_and_rerun,
    get_path,
    key,
    reconcile,
    set_path,
    short_hash,
    text_key,
)


def _on_text(path: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    edit(lambda a: set_path(a, path, value))


def text_field(path: str, *, area: bool = True, height: int | None = None, label: str | None = None) -> None:
    """A text field of the agenda that saves itself on change, with the model's length limit."""
    field_label, limit = TEXT_FIELDS[path]
    widget_key = text_key(path)
    common: dict[str, Any] = {
        # The working copy's text only when the widget has no value yet: a value set for the
        # stable key (ui.agenda.state) or sent by a reconnecting browser wins.
        "value": None if widget_key in st.session_state else get_path(current(), path),
        "max_chars": limit,
        "key": widget_key,
        "placeholder": FIELD_PLACEHOLDERS.get(path),
        "on_change": _on_text,
        "args": (path, widget_key),
    }
    if area:
        shown = st.text_area(label or field_label, height=height or 120, **common)
    else:
        shown = st.text_input(label or field_label, **common)
    reconcile(path, shown or "", label or field_label)
    stored = st.session_state.get(BASE_AGENDA) or current()
    remember_shown(label or field_label, get_path(stored, path), get_path(current(), path))


def editor(name: str, frame: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    """A data editor mounted on a fixed table; returns that table with the user's edits.

    Streamlit keeps the edits as a delta on the table the editor was mounted with, so that
    table must not change while the editor lives: it is kept per key and rebuilt (from the
    working copy) only when the editor is mounted afresh.
    """
    widget_key = key(name)
    bases: dict[str, pd.DataFrame] = st.session_state.setdefault(EDITOR_BASES, {})
    if widget_key not in st.session_state or widget_key not in bases:
        bases[widget_key] = frame
    return st.data_editor(
        bases[widget_key], key=widget_key, hide_index=True, width="stretch", placeholder="", **kwargs
    )


def text_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A table of text cells for :func:`editor`."""
    # Object columns, also when empty: an empty frame would otherwise get float columns.
    return pd.DataFrame(rows, columns=list(columns)).astype(object)


_PARTNER_COLUMNS = ("Naam", "Rol", "Brug naar")


def _partners_from(frame: pd.DataFrame, world: str, before: list[Partner]) -> list[Partner]:
    """Partners from a world's table; a partner is a bridge when "Brug naar" names someone.

    A partner stored as a bridge without a name for the other side (possible in the model)
    stays a bridge until its row's "Brug naar" is filled in, so viewing a table never changes it.
    """
    kept = {p.name: p.is_bridge for p in before if p.is_bridge and not p.bridges_to.strip()}
    partners = []
    for row in frame.to_dict("records"):
        name = cell_text(row.get("Naam")).strip()
        role = cell_text(row.get("Rol")).strip()
        bridges_to = cell_text(row.get("Brug naar")).strip()
        if name or role or bridges_to:
            is_bridge = bool(bridges_to) or kept.get(name, False)
            partners.append(Partner(name, world, role, is_bridge, bridges_to))
    return partners


def partner_table(world: str, presenting: bool) -> None:
    """The partners of one world (``sociaal`` or ``economisch``): name, role, bridge to."""
    agenda = current()
    before = agenda.netwerk.partners_in(world)
    rows = [{"Naam": p.name, "Rol": p.role, "Brug naar": p.bridges_to} for p in before]
    # Column widths in px; presentation mode's larger type needs wider ones ("Brug na…" at 1280 px).
    widths = (125, 115, 150) if presenting else (130, 110, 100)
    edited = editor(
        f"partners_{world}",
        text_frame(rows, _PARTNER_COLUMNS),
        num_rows="dynamic",
        column_config={
            "Naam": st.column_config.TextColumn("Naam", max_chars=SHORT_TEXT_MAX_CHARS, width=widths[0]),
            "Rol": st.column_config.TextColumn("Rol", max_chars=SHORT_TEXT_MAX_CHARS, width=widths[1]),
            "Brug naar": st.column_config.TextColumn(
                "Brug naar",
                max_chars=SHORT_TEXT_MAX_CHARS,
                width=widths[2],
                help="Met welke partner in de andere wereld werkt deze partner al samen?",
            ),
        },
    )
    new = _partners_from(edited, world, before)
    if [p.to_dict() for p in new] != [p.to_dict() for p in before]:

        def change(a: Agenda) -> None:
            others = [p for p in a.netwerk.partners if p.world != world]
            a.netwerk.partners = (new + others) if world == "sociaal" else (others + new)

        edit_and_rerun(change)


_STEP_COLUMNS = ("Wat", "Wie", "Wanneer")


def first_steps_table() -> None:
    """The first steps of step 4: wat, wie, wanneer; a row counts when any of its cells is filled."""
    agenda = current()
    rows = [{"Wat": s.wat, "Wie": s.wie, "Wanneer": s.wanneer} for s in agenda.gedeeld_denken.eerste_stappen]
    edited = editor(
        "first_steps",
        text_frame(rows, _STEP_COLUMNS),
        num_rows="dynamic",
        column_config={
            "Wat": st.column_config.TextColumn("Wat", max_chars=SHORT_TEXT_MAX_CHARS, width="large"),
            "Wie": st.column_config.TextColumn(
                "Wie", max_chars=SHORT_TEXT_MAX_CHARS, help="Een naam of organisatie"
            ),
            "Wanneer": st.column_config.TextColumn(
                "Wanneer", max_chars=SHORT_TEXT_MAX_CHARS, help="Een datum, bijvoorbeeld 15 maart 2027"
            ),
        },
    )
    steps = []
    for row in edited.to_dict("records"):
        step = FirstStep(
            wat=cell_text(row.get("Wat")).strip(),
            wie=cell_text(row.get("Wie")).strip(),
            wanneer=cell_text(row.get("Wanneer")).strip(),
        )
        if step.wat or step.wie or step.wanneer:
            steps.append(step)
    old = [(s.wat, s.wie, s.wanneer) for s in agenda.gedeeld_denken.eerste_stappen]
    if [(s.wat, s.wie, s.wanneer) for s in steps] != old:
        edit_and_rerun(lambda a: setattr(a.gedeeld_denken, "eerste_stappen", steps))


_MONITORING_COLUMNS = ("Indicator", "Nulmeting", "Jaar", "Doel")


def monitoring_table(rows: list[MonitoringRow]) -> None:
    """Targets for the chosen indicators of step 5: baseline and year from the data, read-only;
    doel and streefdatum the group's own."""
    frame = text_frame(
        [
            {
                "Indicator": m.indicator_title or m.indicator_key,
                "Nulmeting": value_with_unit(m.baseline_value, m.unit),
                "Jaar": m.baseline_year,
                "Doel": target_text(m.target),
            }
            for m in rows
        ],
        _MONITORING_COLUMNS,
    )
    frame["Streefdatum"] = pd.Series([m.target_date for m in rows], dtype=object)
    first_day, last_day = date_range()  # the model refuses other dates too (nothing is stored)
    edited = editor(
        f"monitoring_{short_hash(','.join(m.indicator_key for m in rows))}",
        frame,
        num_rows="fixed",
        disabled=["Indicator", "Nulmeting", "Jaar"],
        column_config={
            "Indicator": st.column_config.TextColumn("Indicator", width=250),
            "Nulmeting": st.column_config.TextColumn("Nulmeting (uit de data)", width=190),
            "Jaar": st.column_config.TextColumn("Jaar", width=60),
            "Doel": st.column_config.TextColumn(
                "Doel",
                max_chars=SHORT_TEXT_MAX_CHARS,
                width=110,
                help="Een getal (bijvoorbeeld 30 of 30,5) of een omschrijving",
            ),
            "Streefdatum": st.column_config.DateColumn(
                "Streefdatum", format="D-M-YYYY", width=110, min_value=first_day, max_value=last_day
            ),
        },
    )
    records = edited.to_dict("records")
    if len(records) == len(rows):
        updated = [(parse_target(r.get("Doel")), cell_date(r.get("Streefdatum"))) for r in records]
        if updated != [(m.target, m.target_date) for m in rows]:

            def change(a: Agenda) -> None:
                for m, (target, due) in zip(a.borgen.monitoring, updated, strict=False):
                    m.target, m.target_date = target, due

            edit_and_rerun(change)
