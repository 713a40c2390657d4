"""Sessieplan: prepare a meeting as an ordered list of views, then step through it on the projector."""

import dataclasses

import streamlit as st

from regiondata.errors import RegionDataError
from regiondata.meeting.sessionplan import (
    MAX_IMPORT_BYTES,
    NAME_MAX_CHARS,
    PAGE_LABELS,
    PAGES,
    TALKING_POINT_MAX_CHARS,
    TITLE_MAX_CHARS,
    PlanStep,
    export_filename,
    import_plan,
    to_json,
)
from ui.data import get_snapshot
from ui.frame import PLACEHOLDER
from ui.sessie import get_plan_store, go_to_step, move_step, remove_step, render_plan_notice
from ui.state import get_view
from ui.text import md, md_inline, safe_markdown

snapshot = get_snapshot()
view = get_view(snapshot)
store = get_plan_store()

st.title("Sessieplan", anchor=False)
st.write(
    "Bereid een bijeenkomst voor als een reeks weergaven. Kies per stap een pagina; de huidige "
    "regio, periode en keuzes worden meegenomen. In de presentatie blader je met *Vorige* en *Volgende*."
)

plans = store.list()
left, right = st.columns([2, 1], vertical_alignment="bottom")
with right.popover("Nieuw sessieplan", icon=":material/add:"):
    name = st.text_input("Naam", max_chars=NAME_MAX_CHARS, key="plan_new_name")
    if st.button("Aanmaken", key="plan_create", type="primary"):
        try:
            plan = store.create(name)
        except RegionDataError as err:
            st.error(md(str(err)))
        else:
            st.session_state["plan_selected"] = plan.id
            st.rerun()
if not plans:
    st.info("Er is nog geen sessieplan. Maak er een aan, of importeer een JSON-bestand hieronder.")
else:
    ids = [p.id for p in plans]
    labels = {p.id: p.name for p in plans}
    if st.session_state.get("plan_selected") not in ids:
        st.session_state["plan_selected"] = view.plan if view.plan in ids else ids[0]
    left.selectbox(
        "Sessieplan", ids, format_func=lambda i: labels[i], key="plan_selected", placeholder=PLACEHOLDER
    )
    plan = store.get(st.session_state["plan_selected"])

    st.subheader("Stappen", anchor=False)
    render_plan_notice()
    if not plan.steps:
        st.caption("Nog geen stappen.")
    for i, step in enumerate(plan.steps):
        c_num, c_text, c_up, c_down, c_del = st.columns([0.5, 8, 0.6, 0.6, 0.6], vertical_alignment="center")
        c_num.markdown(f"**{i + 1}**")
        c_text.markdown(
            f"**{md_inline(step.label)}** — {PAGE_LABELS[step.page]}  \n{safe_markdown(step.talking_point)}"
        )

        c_up.button(
            "",
            key=f"up_{i}",
            icon=":material/arrow_upward:",
            disabled=i == 0,
            on_click=move_step,
            args=(plan, i, -1),
            help="Omhoog",
        )
        c_down.button(
            "",
            key=f"down_{i}",
            icon=":material/arrow_downward:",
            disabled=i == len(plan.steps) - 1,
            on_click=move_step,
            args=(plan, i, 1),
            help="Omlaag",
        )
        c_del.button(
            "",
            key=f"del_{i}",
            icon=":material/delete:",
            on_click=remove_step,
            args=(plan, i),
            help="Verwijderen",
        )

    with st.form("plan_add", clear_on_submit=True, border=True):
        st.markdown("**Voeg de huidige weergave toe als stap**")
        page = st.selectbox(
            "Pagina", PAGES, format_func=PAGE_LABELS.get, key="plan_add_page", placeholder=PLACEHOLDER
        )
        title = st.text_input("Titel van de stap", max_chars=TITLE_MAX_CHARS, key="plan_add_title")
        point = st.text_area("Gesprekspunt", max_chars=TALKING_POINT_MAX_CHARS, key="plan_add_point")
        if st.form_submit_button("Toevoegen"):
            try:
                step = PlanStep.from_view(page, view, title, point)
                store.save(dataclasses.replace(plan, steps=[*plan.steps, step]), plan.version)
            except RegionDataError as err:
                st.error(md(str(err)))
            else:
                st.rerun()

    c1, c2, c3 = st.columns(3)
    if c1.button("Start presentatie", key="plan_start", type="primary", disabled=not plan.steps):
        go_to_step(plan, 1, snapshot)
    c2.download_button(
        "Exporteer als JSON", to_json(plan), export_filename(plan), "application/json", key="plan_export"
    )
    # Deleting asks first, as deleting an agenda does: a plan is a meeting's preparation.
    if c3.button("Verwijder dit plan", key="plan_delete", icon=":material/delete:"):
        st.session_state["plan_delete_ask"] = plan.id
    if st.session_state.get("plan_delete_ask") == plan.id:
        st.warning(
            f"Weet u zeker dat u het sessieplan '{md_inline(plan.name)}' met {len(plan.steps)} "
            "stappen wilt verwijderen? Dit kan niet ongedaan worden gemaakt.",
            icon=":material/warning:",
        )
        with st.container(horizontal=True):
            if st.button("Ja, definitief verwijderen", key="plan_delete_yes", type="primary"):
                store.delete(plan.id)
                for state_key in ("plan_selected", "plan_delete_ask"):
                    st.session_state.pop(state_key, None)
                st.rerun()
            if st.button("Annuleren", key="plan_delete_no"):
                st.session_state.pop("plan_delete_ask", None)
                st.rerun()

st.subheader("Importeren", anchor=False)


def _import() -> None:
    """Import the uploaded file (a callback: it runs before the plan menu exists, so it may select
    the new plan). The same upload imported again names the plan it already became."""
    upload = st.session_state.get("plan_import")
    if upload is None:
        return
    done = st.session_state.setdefault("plan_imported_files", {})
    if upload.file_id in done:
        already = f"Dit bestand is al geïmporteerd als '{done[upload.file_id]}'."
        st.session_state["plan_import_notice"] = ("info", already)
        return
    try:
        imported = import_plan(store, upload.getvalue())
    except RegionDataError as err:
        failed = f"Importeren mislukt; er is niets veranderd. {err}"
        st.session_state["plan_import_notice"] = ("error", failed)
        return
    done[upload.file_id] = imported.name
    st.session_state["plan_selected"] = imported.id
    st.session_state["plan_import_notice"] = (
        "success",
        f"Sessieplan '{imported.name}' geïmporteerd met {len(imported.steps)} stappen.",
    )


upload = st.file_uploader(
    f"Sessieplan (JSON, hoogstens {MAX_IMPORT_BYTES // 1024} kB)", type=["json"], key="plan_import"
)
if upload is not None:
    st.button("Importeer", key="plan_import_go", on_click=_import)
notice = st.session_state.pop("plan_import_notice", None)
if notice:
    kind, text = notice
    {"info": st.info, "error": st.error, "success": st.success}[kind](md(text))
