"""Domain errors of the agenda feature, with messages a policy advisor can act on.

Every error carries a Dutch ``message`` that the UI can show as is (``st.error(err.message)``);
no traceback ever needs to reach the screen.

``AgendaError`` belongs to the project-wide family in ``regiondata/errors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from regiondata.errors import RegionDataError

if TYPE_CHECKING:  # imported for type hints only: model.py imports this module at runtime
    from regiondata.agenda.model import Agenda, FieldDifference


class AgendaError(RegionDataError):
    """Base of every agenda error; ``message`` is Dutch and meant for the user."""


class AgendaNotFound(AgendaError):
    """No agenda (or no such version) exists under the requested id."""

    def __init__(self, agenda_id: str, version: int | None = None) -> None:
        if version is None:
            message = (
                f"Er is geen agenda met code '{agenda_id}'. Misschien is hij verwijderd; "
                "kies een agenda uit de lijst of maak een nieuwe."
            )
        else:
            message = f"Agenda '{agenda_id}' heeft geen versie {version}."
        super().__init__(message)
        self.agenda_id = agenda_id
        self.version = version


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
        from regiondata.agenda.model import differences  # local import: model imports us

        return differences(self.stored, self.attempted)


@dataclass(frozen=True)
class ValidationProblem:
    """One field that breaks a rule: ``field`` is a path like ``vraagstuk.opgave``."""

    field: str
    message: str


class AgendaValidationError(AgendaError):
    """The agenda breaks one or more documented limits; nothing was written.

    ``message`` holds one Dutch line per problem; ``problems`` holds them one by one.
    """

    def __init__(self, problems: list[ValidationProblem]) -> None:
        super().__init__("\n".join(p.message for p in problems))
        self.problems = tuple(problems)
