"""Domain errors of the agenda feature, with messages a policy advisor can act on.

Every error carries a Dutch ``message`` that the UI can show as is (``st.error(err.message)``);
no traceback ever needs to reach the screen.

``AgendaError`` belongs to the project-wide family in ``regiondata/errors.py``. The conflict
error, which carries two agendas, lives in ``conflict.py`` so that this module imports nothing of
the model (the model raises these errors).
"""

from __future__ import annotations

from dataclasses import dataclass

from regiondata.errors import RegionDataError


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


class AgendaStoreUnavailable(AgendaError):
    """The database could not store (or read) the agenda right now: full disk, server gone, a lock
    held too long. Nothing was written; the caller keeps the text and may try again."""
