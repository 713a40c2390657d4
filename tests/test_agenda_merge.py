"""Three-way merge per field: only fields both sides changed conflict, and no confirmed text is lost.

The property test drives two writers (two browsers) through random sequences of edits, saves,
reloads and conflict choices on one store, and checks after every step that each field in the
database holds the value last *confirmed* for it: a save that returned, or a choice made in the
conflict dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiondata.meeting.agenda import Agenda, AgendaConflict, AgendaStore
from regiondata.meeting.agenda.merge import content_fields, merge_agendas, with_fields

TEXT_PATHS = ("vraagstuk.opgave", "vraagstuk.doelgroep", "gedeeld_denken.ambitie", "borgen.structuur")
LIST_PATH = "netwerk.partners"
PATHS = (*TEXT_PATHS, LIST_PATH)


def _agenda(**fields: str) -> Agenda:
    agenda = Agenda.new("Samen", "AM18")
    return with_fields(agenda, {path.replace("__", "."): value for path, value in fields.items()})


# --- the merge itself ----------------------------------------------------------------------------
def test_fields_changed_by_one_side_are_kept_from_that_side():
    base = _agenda(vraagstuk__opgave="oud", gedeeld_denken__ambitie="oud")
    mine = with_fields(base, {"vraagstuk.opgave": "mijn opgave"})
    theirs = with_fields(base, {"gedeeld_denken.ambitie": "hun ambitie"})
    result = merge_agendas(base, mine, theirs)
    assert result.conflicts == ()
    assert result.merged.vraagstuk.opgave == "mijn opgave"
    assert result.merged.gedeeld_denken.ambitie == "hun ambitie"


def test_only_a_field_both_changed_differently_conflicts_and_choices_touch_only_it():
    base = _agenda(vraagstuk__opgave="oud", gedeeld_denken__ambitie="oud", borgen__structuur="oud")
    mine = with_fields(base, {"vraagstuk.opgave": "mijn opgave", "borgen.structuur": "zelfde"})
    their_edit = {"vraagstuk.opgave": "hun opgave", "gedeeld_denken.ambitie": "hun"}
    their_edit["borgen.structuur"] = "zelfde"
    theirs = with_fields(base, their_edit)
    result = merge_agendas(base, mine, theirs)
    assert result.conflicts == ("vraagstuk.opgave",)
    kept_mine = result.resolve({"vraagstuk.opgave": "mine", "gedeeld_denken.ambitie": "mine"})
    assert (kept_mine.vraagstuk.opgave, kept_mine.gedeeld_denken.ambitie) == ("mijn opgave", "hun")
    kept_theirs = result.resolve({"vraagstuk.opgave": "theirs"})
    assert (kept_theirs.vraagstuk.opgave, kept_theirs.gedeeld_denken.ambitie) == ("hun opgave", "hun")
    assert kept_theirs.borgen.structuur == "zelfde"


def test_without_a_base_every_difference_is_a_conflict():
    mine, theirs = _agenda(vraagstuk__opgave="a"), _agenda(vraagstuk__opgave="b")
    assert merge_agendas(None, mine, theirs).conflicts == ("vraagstuk.opgave",)


def test_store_merges_edits_of_different_fields_without_asking(fresh_db_url):
    """The reported bug: two browsers edit different fields; neither loses its text."""
    with AgendaStore(fresh_db_url) as store:
        agenda = store.create("Twee browsers", "AM18")
        a, b = store.get(agenda.id), store.get(agenda.id)
        a.vraagstuk.opgave = "Tekst van Anna"
        store.save(a, base_version=1)
        b.gedeeld_denken.ambitie = "Ambitie van Bram"
        saved = store.save(b, base_version=1)
        assert (saved.version, saved.vraagstuk.opgave, saved.gedeeld_denken.ambitie) == (
            3,
            "Tekst van Anna",
            "Ambitie van Bram",
        )


def test_conflict_lists_only_the_shared_field_and_resolving_keeps_the_others(fresh_db_url):
    with AgendaStore(fresh_db_url) as store:
        agenda = store.create("Twee browsers", "AM18")
        a, b = store.get(agenda.id), store.get(agenda.id)
        a.vraagstuk.opgave, a.borgen.structuur = "Opgave van Anna", "Structuur van Anna"
        store.save(a, base_version=1)
        b.vraagstuk.opgave, b.gedeeld_denken.ambitie = "Opgave van Bram", "Ambitie van Bram"
        with pytest.raises(AgendaConflict) as caught:
            store.save(b, base_version=1)
        conflict = caught.value
        assert [d.label for d in conflict.differences()] == ["Opgave"]
        assert "één onderdeel" in conflict.message
        resolved = conflict.resolve({"vraagstuk.opgave": "mine"})
        saved = store.save(resolved, base_version=conflict.stored.version, base=conflict.stored)
        assert (saved.vraagstuk.opgave, saved.gedeeld_denken.ambitie, saved.borgen.structuur) == (
            "Opgave van Bram",
            "Ambitie van Bram",
            "Structuur van Anna",
        )


# --- property: two writers, random edits, nothing confirmed is lost ---------------------------------
@dataclass
class Writer:
    work: Agenda
    base: Agenda


def _value(path: str, text: str) -> object:
    if path == LIST_PATH:
        return [] if not text else [{"name": text, "world": "sociaal", "role": "", "is_bridge": False}]
    return text


_texts = st.sampled_from(["", "a", "b", "Café 👩🏽‍🔧", "=1+1", "lange zin " * 3])
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 1), st.sampled_from(PATHS), _texts, st.booleans()),
        st.tuples(st.just("save"), st.integers(0, 1)),
        st.tuples(st.just("reload"), st.integers(0, 1)),
    ),
    max_size=25,
)
_choices = st.lists(st.sampled_from(["mine", "theirs"]), min_size=len(PATHS), max_size=len(PATHS))


def _save(store: AgendaStore, writer: Writer, choices: list[str], confirmed: dict[str, object]) -> None:
    """Save like the page does; on a conflict choose per field (as the user would), then save."""
    try:
        saved = store.save(writer.work, base_version=writer.base.version, base=writer.base)
        attempted, changed = writer.work, _changed(writer.base, writer.work)
    except AgendaConflict as conflict:
        picks = {path: choices[PATHS.index(path)] for path in conflict.merge.conflicts}
        resolved = conflict.resolve(picks)  # type: ignore[arg-type]
        saved = store.save(resolved, base_version=conflict.stored.version, base=conflict.stored)
        attempted, changed = resolved, _changed(conflict.stored, resolved)
    # Confirmed is what the writer sent and the store accepted, not what the store says it kept.
    sent = content_fields(attempted)
    for path in changed:
        confirmed[path] = sent[path]
    writer.work, writer.base = saved.copy(), saved.copy()


def _changed(before: Agenda, after: Agenda) -> list[str]:
    old, new = content_fields(before), content_fields(after)
    return [path for path in PATHS if old[path] != new[path]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=_ops, choices=_choices)
def test_two_writers_never_lose_a_confirmed_value(ops, choices):
    with AgendaStore("sqlite://") as store:
        created = store.create("Eigenschap", "AM18")
        writers = [Writer(created.copy(), created.copy()), Writer(created.copy(), created.copy())]
        confirmed = {path: content_fields(created)[path] for path in PATHS}
        for op in ops:
            writer = writers[op[1]]
            if op[0] == "edit":
                _, _, path, text, save_now = op
                writer.work = with_fields(writer.work, {path: _value(path, text)})
                if save_now:
                    _save(store, writer, choices, confirmed)
            elif op[0] == "save":
                _save(store, writer, choices, confirmed)
            else:
                writer.work, writer.base = store.get(created.id), store.get(created.id)
            stored = content_fields(store.get(created.id))
            assert {path: stored[path] for path in PATHS} == confirmed
