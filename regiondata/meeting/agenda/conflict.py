"""The error a save raises when someone else changed the same field of the agenda meanwhile."""

from __future__ import annotations

from collections.abc import Mapping

from regiondata.meeting.agenda.differences import FieldDifference, comparable_texts
from regiondata.meeting.agenda.errors import AgendaError
from regiondata.meeting.agenda.merge import MergeResult, Side, content_fields
from regiondata.meeting.agenda.model import Agenda


class AgendaConflict(AgendaError):
    """Both sides changed the same field(s) since the version they started from; nothing was written.

    Fields only one side changed are no conflict: the store merges those by itself (see
    :mod:`~regiondata.meeting.agenda.merge`). This error is raised only for the rest.

    Attributes:
        stored: The agenda as it is stored now (current version, written by someone else).
        attempted: The agenda the caller tried to save, unchanged.
        base_version: The version the caller's edit started from.
        merge: Both edits merged; ``merge.conflicts`` lists the fields both sides changed.

    To finish, save :meth:`resolve` (a choice per conflicting field) with
    ``base_version=conflict.stored.version``.
    """

    def __init__(self, stored: Agenda, attempted: Agenda, base_version: int, merge: MergeResult) -> None:
        count = len(merge.conflicts)
        parts = "één onderdeel" if count == 1 else f"{count} onderdelen"
        super().__init__(
            f"Deze agenda is intussen door iemand anders opgeslagen (nu versie {stored.version}; "
            f"uw wijzigingen gingen uit van versie {base_version}), die {parts} veranderde dat u "
            "ook veranderde. Er is niets overschreven. Kies bij elk van die onderdelen welke tekst u "
            "houdt; uw andere wijzigingen en die van de ander blijven allebei staan."
        )
        self.stored = stored
        self.attempted = attempted
        self.base_version = base_version
        self.merge = merge

    def differences(self) -> list[FieldDifference]:
        """Return the conflicting fields with both texts, in form order."""
        stored_texts, my_texts = comparable_texts(self.stored), comparable_texts(self.attempted)
        stored_fields, my_fields = content_fields(self.stored), content_fields(self.attempted)
        result = []
        for path in self.merge.conflicts:
            label, theirs = stored_texts.get(path, (path, str(stored_fields.get(path, ""))))
            mine = my_texts.get(path, (path, str(my_fields.get(path, ""))))[1]
            result.append(FieldDifference(path, label, theirs, mine))
        return result

    def resolve(self, choices: Mapping[str, Side]) -> Agenda:
        """Return the merged agenda with a choice per conflicting field (unchosen: theirs)."""
        return self.merge.resolve(choices)
