"""A three-way merge of two edits of one agenda against the version both started from.

Two browsers (or two servers sharing one database) edit the same agenda. When the second save
finds that the first one got there meanwhile, the two edits are merged *per field* against the
version both started from (the *base*), the way ``git merge`` treats lines:

* a field only one side changed keeps that side's value;
* a field both sides changed to the same value is no conflict;
* only a field both sides changed to different values is a conflict, and only there does the
  user choose between "mijn tekst" and "tekst van de ander" — choosing never touches another field.

A *field* is a leaf of :meth:`Agenda.content_dict`: a text such as ``vraagstuk.opgave``, the
region code, or a whole list such as ``netwerk.partners`` (a table is merged as one field: rows
carry no identity of their own that would let two edits of one table be combined safely).
Walking the dict rather than a list of known fields means a field added to the model later is
merged too, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from regiondata.meeting.agenda.model import Agenda

Side = Literal["mine", "theirs"]


def content_fields(agenda: Agenda) -> dict[str, Any]:
    """Return the agenda's content as ``dotted path -> value``; lists are one value each."""
    result: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for name, child in value.items():
                walk(f"{prefix}.{name}" if prefix else name, child)
        else:
            result[prefix] = value

    walk("", agenda.content_dict())
    return result


def with_fields(agenda: Agenda, values: Mapping[str, Any]) -> Agenda:
    """Return a copy of ``agenda`` with the fields at the dotted paths of ``values`` replaced."""
    data = agenda.to_dict()
    for path, value in values.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    result = Agenda.from_dict(data)
    result.version, result.updated_at = agenda.version, agenda.updated_at
    return result


@dataclass(frozen=True)
class MergeResult:
    """The outcome of :func:`merge_agendas`.

    Attributes:
        merged: ``theirs`` with every field only ``mine`` changed taken from ``mine``; conflicting
            fields still hold ``theirs``. Its ``version`` is that of ``theirs``.
        conflicts: The paths both sides changed to different values, in form order.
        mine: The caller's edit, unchanged (for :meth:`resolve`).
    """

    merged: Agenda
    conflicts: tuple[str, ...]
    mine: Agenda

    def resolve(self, choices: Mapping[str, Side]) -> Agenda:
        """Return the merge with the user's choice applied to each conflicting field.

        A conflicting field without a choice keeps ``theirs`` (what is stored: nothing the
        other person confirmed is overwritten without a choice). Paths that are no conflict are
        ignored, so a stale choice can never touch a field the user did not see.
        """
        mine = content_fields(self.mine)
        picked = {path: mine[path] for path in self.conflicts if choices.get(path) == "mine"}
        return with_fields(self.merged, picked)


def merge_agendas(base: Agenda | None, mine: Agenda, theirs: Agenda) -> MergeResult:
    """Merge ``mine`` into ``theirs`` field by field against ``base``, the version both started from.

    Args:
        base: The version both edits started from; ``None`` when it is no longer known (then
            every field that differs is a conflict, the safe side).
        mine: The caller's edit.
        theirs: What is stored now.
    """
    base_fields = content_fields(base) if base is not None else None
    mine_fields, their_fields = content_fields(mine), content_fields(theirs)
    taken: dict[str, Any] = {}
    conflicts: list[str] = []
    for path, my_value in mine_fields.items():
        their_value = their_fields.get(path)
        if my_value == their_value:
            continue
        if base_fields is not None and base_fields.get(path) == their_value:
            taken[path] = my_value  # only I changed it
        elif base_fields is not None and base_fields.get(path) == my_value:
            continue  # only they changed it: theirs stands
        else:
            conflicts.append(path)
    return MergeResult(with_fields(theirs, taken), tuple(conflicts), mine)
