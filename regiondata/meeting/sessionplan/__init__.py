"""Sessieplannen: an ordered list of prepared views a moderator steps through in a meeting.

A :class:`SessionPlan` has a name and up to :data:`MAX_STEPS` :class:`PlanStep` s; a step is a
page, the URL query of the view on that page, a short title and a talking point. Plans are
stored in the agenda database (table ``session_plans``) and travel between computers as a JSON
file (:func:`to_json` / :func:`from_json`).

Typical use from a page::

    from regiondata.meeting.sessionplan import PlanStep, import_plan, step_url, store_from_env

    store = store_from_env(home)                      # one per process
    plan = store.create("Denktank 12 maart")
    plan.steps.append(PlanStep.from_view("regio", view, "Bijstand in de regio", "Wat valt op?"))
    plan = store.save(plan, base_version=plan.version)    # keep the returned version
    url = step_url(plan.steps[0], plan_id=plan.id, step_number=1)  # "/regio?regio=AM18&modus=…"

    plan = import_plan(store, uploaded_bytes)         # raises SessionPlanInvalid, stores nothing

Rules:

* **Queries** hold only URL parameters of a view (:data:`STEP_QUERY_KEYS`), in the canonical
  form :meth:`ViewParams.to_query` writes; ``modus``, ``plan`` and ``stap`` are added by
  :func:`step_url`. A step built in code keeps only the valid parameters (invalid ones are
  dropped, see :func:`normalize_query`); an import rejects the whole file instead
  (:func:`check_query`).
* **Text** (name, titles, talking points) is kept exactly as typed — emoji, accents, ``<script>``
  and markdown characters included — except control characters other than newline and tab
  (see :func:`regiondata.meeting.text.clean_text`). Nothing here escapes or interprets HTML: a
  UI must render the text as text.
* **Limits** are module constants so a UI can use the same numbers for ``max_chars``.
* **Import** is validate-then-store: :func:`from_json` never touches a database, so a file that
  fails validation changes nothing. :func:`import_plan` does both steps in one call.

The package holds the plan itself (``model``: pages, query checks, limits, errors, steps, step
URLs), the JSON file (``jsonfile``: export and strict import) and the store (``store``: the
``session_plans`` table). Import what you need from here.
"""

from regiondata.meeting.sessionplan.jsonfile import (
    FORMAT_MARKER,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    export_filename,
    from_json,
    import_plan,
    to_json,
)
from regiondata.meeting.sessionplan.model import (
    MANAGED_QUERY_KEYS,
    MAX_STEPS,
    NAME_MAX_CHARS,
    PAGE_LABELS,
    PAGE_PATHS,
    PAGES,
    PLAN_YEARS,
    STEP_QUERY_KEYS,
    TALKING_POINT_MAX_CHARS,
    TITLE_MAX_CHARS,
    PlanStep,
    SessionPlan,
    SessionPlanConflict,
    SessionPlanError,
    SessionPlanInvalid,
    SessionPlanNotFound,
    check_query,
    new_plan_id,
    normalize_query,
    position_label,
    step_url,
    step_view,
)
from regiondata.meeting.sessionplan.store import (
    SessionPlanStore,
    SessionPlanSummary,
    database_url_from_env,
    default_database_url,
    session_plans_table,
    store_from_env,
)

__all__ = [
    "FORMAT_MARKER",
    "FORMAT_VERSION",
    "MANAGED_QUERY_KEYS",
    "MAX_IMPORT_BYTES",
    "MAX_STEPS",
    "NAME_MAX_CHARS",
    "PAGES",
    "PAGE_LABELS",
    "PAGE_PATHS",
    "PLAN_YEARS",
    "STEP_QUERY_KEYS",
    "TALKING_POINT_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "PlanStep",
    "SessionPlan",
    "SessionPlanConflict",
    "SessionPlanError",
    "SessionPlanInvalid",
    "SessionPlanNotFound",
    "SessionPlanStore",
    "SessionPlanSummary",
    "check_query",
    "database_url_from_env",
    "default_database_url",
    "export_filename",
    "from_json",
    "import_plan",
    "new_plan_id",
    "normalize_query",
    "position_label",
    "session_plans_table",
    "step_url",
    "step_view",
    "store_from_env",
    "to_json",
]
