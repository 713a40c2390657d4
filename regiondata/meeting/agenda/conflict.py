"""The error a save raises when someone else saved the agenda in the meantime."""

from __future__ import annotations

from regiondata.meeting.agenda.differences import FieldDifference, differences
from regiondata.meeting.agenda.errors import AgendaError
from regiondata.meeting.agenda.model import Agenda


class AgendaConflict(AgendaError):
    """A save was based on an outdated version; nothing was written.

    Attributes:
        stored: The agenda as it is stored now (current version, written by someone else).
        attempted: The agenda the caller tried to save, unchanged.
        base_version: The version the caller's edit started from.

    To keep the caller's text, save ``attempted`` again with
    ``base_version=conflict.stored.version``; to keep the other text, reload ``stored``.
    ``differences()`` lists per field both texts so a UI can let the user choose.
    """

    def __init__(self, stored: Agenda, attempted: Agenda, base_version: int) -> None:
        super().__init__(
            f"Deze agenda is intussen door iemand anders opgeslagen (nu versie {stored.version}; "
            f"uw wijzigingen gingen uit van versie {base_version}). Er is niets overschreven. "
            "Kies per onderdeel welke tekst u wilt houden en sla dan opnieuw op."
        )
        self.stored = stored
        self.attempted = attempted
        self.base_version = base_version

    def differences(self) -> list[FieldDifference]:
        """Return the fields whose text differs between the stored and the attempted agenda."""
        return differences(self.stored, self.attempted)
