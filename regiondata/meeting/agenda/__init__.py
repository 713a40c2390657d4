"""The agenda feature without UI: model, versioned storage, checklist, guidance and exports.

A region drafts an "aantrekkelijke agenda" in five steps (vraagstuk, netwerk, perspectief,
gedeeld denken, borgen). Typical use from a page::

    from regiondata.meeting.agenda import AgendaConflict, evaluate_agenda, store_from_env, to_docx

    store = store_from_env(home)                   # one per process
    agenda = store.create("Zorg aan het werk", "AM18")
    agenda.vraagstuk.opgave = text_from_widget
    agenda = store.save(agenda, base_version=agenda.version)   # keep the returned version
    checklist = evaluate_agenda(agenda)
    data = to_docx(agenda, "Midden-Utrecht", checklist)

This package never imports Streamlit.
"""

from regiondata.meeting.agenda.checklist import (
    CRITERIA,
    Checklist,
    Criterion,
    CriterionResult,
    evaluate_agenda,
)
from regiondata.meeting.agenda.conflict import AgendaConflict
from regiondata.meeting.agenda.differences import FieldDifference, differences
from regiondata.meeting.agenda.errors import (
    AgendaError,
    AgendaNotFound,
    AgendaStoreUnavailable,
    AgendaValidationError,
    ValidationProblem,
)
from regiondata.meeting.agenda.export import export_filename, to_docx, to_markdown
from regiondata.meeting.agenda.formatting import format_date_nl, parse_date_nl
from regiondata.meeting.agenda.guidance import (
    FIELD_PLACEHOLDERS,
    PERSPECTIVE_INFO,
    STEPS,
    WORLD_INFO,
    OptionInfo,
    StepGuidance,
    perspective_info,
    step_guidance,
    world_info,
)
from regiondata.meeting.agenda.merge import MergeResult, merge_agendas
from regiondata.meeting.agenda.model import (
    LIST_LIMITS,
    LONG_TEXT_MAX_CHARS,
    MAX_FACTS,
    MAX_FIRST_STEPS,
    MAX_MONITORING_ROWS,
    MAX_PARTNERS,
    MAX_PERSPECTIVES,
    NAME_MAX_CHARS,
    PERSPECTIVES,
    SHORT_TEXT_MAX_CHARS,
    STEP_KEYS,
    TEXT_FIELDS,
    WORLDS,
    Agenda,
)
from regiondata.meeting.agenda.steps import (
    Borgen,
    FactBlock,
    FirstStep,
    GedeeldDenken,
    MonitoringRow,
    Netwerk,
    Partner,
    PartnerPerspective,
    Perspectief,
    Vraagstuk,
)
from regiondata.meeting.agenda.store import (
    AgendaStore,
    AgendaSummary,
    VersionInfo,
    database_url_from_env,
    default_database_url,
    store_from_env,
)

__all__ = [
    "CRITERIA",
    "FIELD_PLACEHOLDERS",
    "LIST_LIMITS",
    "LONG_TEXT_MAX_CHARS",
    "MAX_FACTS",
    "MAX_FIRST_STEPS",
    "MAX_MONITORING_ROWS",
    "MAX_PARTNERS",
    "MAX_PERSPECTIVES",
    "NAME_MAX_CHARS",
    "PERSPECTIVES",
    "PERSPECTIVE_INFO",
    "SHORT_TEXT_MAX_CHARS",
    "STEPS",
    "STEP_KEYS",
    "TEXT_FIELDS",
    "WORLDS",
    "WORLD_INFO",
    "Agenda",
    "AgendaConflict",
    "AgendaError",
    "AgendaNotFound",
    "AgendaStore",
    "AgendaStoreUnavailable",
    "AgendaSummary",
    "AgendaValidationError",
    "Borgen",
    "Checklist",
    "Criterion",
    "CriterionResult",
    "FactBlock",
    "FieldDifference",
    "FirstStep",
    "GedeeldDenken",
    "MergeResult",
    "MonitoringRow",
    "Netwerk",
    "OptionInfo",
    "Partner",
    "PartnerPerspective",
    "Perspectief",
    "StepGuidance",
    "ValidationProblem",
    "VersionInfo",
    "Vraagstuk",
    "database_url_from_env",
    "default_database_url",
    "differences",
    "evaluate_agenda",
    "export_filename",
    "format_date_nl",
    "merge_agendas",
    "parse_date_nl",
    "perspective_info",
    "step_guidance",
    "store_from_env",
    "to_docx",
    "to_markdown",
    "world_info",
]
