"""The agenda page's session state: the store, the working copy and the one save path.

State model: the database is the only durable copy. ``st.session_state`` caches the agenda the
user works on (the *working copy*) and the stored version it is based on. Every field saves on
change through :func:`commit`, a compare-and-swap on that version; when someone else saved in
between, the :class:`AgendaConflict` is kept in the session and shown with both texts side by
side until the user chooses (``ui.agenda.status``). Table widget keys carry the agenda id and a
*generation* that is bumped whenever the working copy is replaced from the database, so tables
never show stale state after switching agendas, taking the other person's text or restoring a
version.

Text fields are different, and that is why the first edit after a server restart used to be
lost: after a restart the browser reconnects to a *new* session and sends the values its
widgets hold, but Streamlit only calls ``on_change`` for widgets the session has drawn before,
so that first edit was silently taken as the widget's value and never saved. Text fields
therefore have *stable* keys (agenda id and field path, no generation), so the browser's text
lands in the same widget after a restart, and every text field compares what the browser shows
with the working copy when it is drawn (:func:`reconcile`): text that only the browser holds is
saved at once, and the page says so. When the working copy is replaced from the database the
stable keys get the new text explicitly (:func:`replace_work` marks them, :func:`open_from_view`
writes them before any widget is drawn).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import streamlit as st

from regiondata.config import load_settings
from regiondata.meeting.agenda import (
    Agenda,
    AgendaConflict,
    AgendaNotFound,
    AgendaStore,
    AgendaStoreUnavailable,
    AgendaValidationError,
    store_from_env,
)
from regiondata.meeting.agenda.values import utc_now
from regiondata.meeting.text import clean_text
from regiondata.model.params import ViewParams
from ui.agenda.formatting import browser_label
from ui.state import set_view

# --- session keys -----------------------------------------------------------------------------
WORK = "agenda_work"  # Agenda: the working copy (may hold an edit the database refused)
BASE = "agenda_base"  # int: stored version the working copy is based on
GEN = "agenda_gen"  # int: widget generation, bumped when the working copy comes from the DB
CONFLICT = "agenda_conflict"  # AgendaConflict waiting for the user's choice
ERROR = "agenda_error"  # Dutch validation message of the last refused save
EDITOR_BASES = "agenda_editor_bases"  # data editor key -> the table it was mounted with
DELETE = "agenda_delete"  # id of the agenda whose deletion waits for confirmation
NOTICE = "agenda_notice"  # one-off message for the agenda list
NEW = "agenda_new"  # prefix of the create form's widgets
BASE_AGENDA = "agenda_base_agenda"  # Agenda: the stored version BASE, the merge base of the next save
TEXT_KEYS = "agenda_text_keys"  # stable text widget key -> field path
SYNC = "agenda_sync"  # the text widgets must be set from the working copy before the next draw
RECOVERED = "agenda_recovered"  # (labels, when): fields whose text only the browser held, now saved
RECOVERED_SHOWN_FOR = timedelta(seconds=60)  # long enough to be read, not only until the next rerun
UNSAVED = "agenda_unsaved"  # the last save failed in the database: retry on the next run
SESSION = "agenda_session"  # this browser session's id: its saves within minutes form one version


# --- store and working copy -------------------------------------------------------------------
@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def _store(home: str) -> AgendaStore:
    from pathlib import Path

    return store_from_env(Path(home))


def get_store() -> AgendaStore:
    """The one agenda store of this process (per data home)."""
    return _store(str(load_settings().home))


def current() -> Agenda:
    """The working copy of the open agenda."""
    return st.session_state[WORK]


def key(name: str) -> str:
    """A widget key unique to the open agenda and the current widget generation."""
    return f"ag_{current().id}_{st.session_state.get(GEN, 0)}_{name}"


def text_key(path: str) -> str:
    """The stable widget key of a text field: the same in every session (see the module docstring)."""
    widget_key = f"ag_{current().id}_{path}"
    st.session_state.setdefault(TEXT_KEYS, {})[widget_key] = path
    return widget_key


def short_hash(text: str) -> str:
    """A short stable hash of user text, for widget keys that follow a text rather than a position."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def replace_work(agenda: Agenda) -> None:
    """Make ``agenda`` (as stored) the working copy; widgets are re-created with its values."""
    st.session_state[WORK] = agenda
    st.session_state[BASE] = agenda.version
    st.session_state[BASE_AGENDA] = agenda.copy()
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1
    st.session_state[SYNC] = True
    for name in (CONFLICT, ERROR):
        st.session_state.pop(name, None)
    st.session_state[EDITOR_BASES] = {}


def _sync_text_widgets() -> None:
    """Give every stable text widget the working copy's text (before any widget is drawn)."""
    if not st.session_state.pop(SYNC, False):
        return
    agenda = current()
    for widget_key, path in st.session_state.get(TEXT_KEYS, {}).items():
        if widget_key.startswith(f"ag_{agenda.id}_"):
            st.session_state[widget_key] = get_path(agenda, path)


def open_from_view(store: AgendaStore, view: ViewParams) -> Agenda | None:
    """The agenda in the URL (``?agenda=<id>``), loaded once per session; ``None`` for the list.

    An unknown id shows a short Dutch notice and falls back to the list.
    """
    if not view.agenda:
        st.session_state.pop(WORK, None)
        return None
    work: Agenda | None = st.session_state.get(WORK)
    if work is not None and work.id == view.agenda:
        _sync_text_widgets()
        if st.session_state.get(UNSAVED):
            commit(work)  # retry what the database refused; the status says how it went
        return work
    try:
        replace_work(store.get(view.agenda))
    except AgendaStoreUnavailable as err:
        st.error(err.message.replace("Niet opgeslagen", "Agenda niet geopend"), icon=":material/cloud_off:")
        st.stop()
    except AgendaNotFound as err:
        st.warning(err.message, icon=":material/search_off:")
        st.session_state.pop(WORK, None)
        set_view(agenda=None)
        return None
    if view.regio != current().amr_code:  # a shared link: let the sidebar show the agenda's region
        set_view(regio=current().amr_code)
        st.rerun()
    # A new session: the browser's own text (after a reconnect) stays in the stable widgets.
    st.session_state.pop(SYNC, None)
    return current()


def commit(agenda: Agenda) -> bool:
    """Save ``agenda`` on top of the version the working copy is based on.

    Returns:
        Whether it was stored. On a conflict the conflict is kept for the user to resolve; on
        a broken limit the Dutch message is kept; either way the working copy holds the edit.
    """
    st.session_state[WORK] = agenda
    try:
        saved = get_store().save(
            agenda,
            base_version=st.session_state[BASE],
            base=st.session_state.get(BASE_AGENDA),
            author=browser_label(st.context.headers.get("User-Agent")),
            session=st.session_state.setdefault(SESSION, uuid.uuid4().hex[:12]),
        )
    except AgendaConflict as conflict:
        st.session_state[CONFLICT] = conflict
        st.session_state.pop(ERROR, None)
        return False
    except AgendaStoreUnavailable as err:
        # Full disk, server gone, lock timeout: the working copy and the widgets keep the text.
        st.session_state[ERROR] = err.message
        st.session_state[UNSAVED] = True
        return False
    except (AgendaValidationError, AgendaNotFound) as err:
        st.session_state[ERROR] = err.message
        st.session_state.pop(UNSAVED, None)
        return False
    if saved.content_dict() != agenda.cleaned().content_dict():
        # Merged with someone else's save: their fields must show up in the widgets too.
        st.session_state[SYNC] = True
    st.session_state[WORK] = saved
    st.session_state[BASE] = saved.version
    st.session_state[BASE_AGENDA] = saved.copy()
    for name in (ERROR, CONFLICT, UNSAVED):
        st.session_state.pop(name, None)
    return True


def retry() -> None:
    """Save the working copy again (the "Opnieuw proberen" button)."""
    commit(current())


def reconcile(path: str, shown: str, label: str) -> None:
    """Save a text field's text when the browser shows text the working copy does not have.

    That happens only when the browser reconnected to a new session (a server restart, a
    dropped connection) holding text the old session never saved; see the module docstring.
    """
    if CONFLICT in st.session_state or (ERROR in st.session_state and UNSAVED not in st.session_state):
        return  # the working copy holds a refused edit; the status says so
    if clean_text(shown) == get_path(current(), path):
        return

    def change(a: Agenda) -> None:
        set_path(a, path, shown)

    edit(change)
    if CONFLICT not in st.session_state and ERROR not in st.session_state:
        labels, _when = st.session_state.get(RECOVERED, ([], None))
        st.session_state[RECOVERED] = ([*labels, label], utc_now())


def edit(change: Callable[[Agenda], None]) -> None:
    """Apply ``change`` to a copy of the working copy and save it (see :func:`commit`)."""
    agenda = current().copy()
    change(agenda)
    commit(agenda)


def edit_and_rerun(change: Callable[[Agenda], None]) -> None:
    """Save a change found while drawing (a table edit), then redraw so progress and status agree."""
    edit(change)
    st.rerun()


def get_path(obj: Any, path: str) -> Any:
    """The attribute at a dotted ``path`` such as ``"vraagstuk.opgave"``."""
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_path(obj: Any, path: str, value: Any) -> None:
    """Set the attribute at a dotted ``path`` such as ``"vraagstuk.opgave"``."""
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


# --- opening and closing an agenda -----------------------------------------------------------
def open_agenda(agenda_id: str, amr_code: str) -> None:
    """Open an agenda (a button callback): it is loaded from the database on the next run."""
    st.session_state.pop(WORK, None)
    # The sidebar follows the agenda's region, so facts, sidebar and agenda agree.
    set_view(agenda=agenda_id, regio=amr_code)


def close_agenda() -> None:
    """Back to the list of agendas (a button callback)."""
    st.session_state.pop(WORK, None)
    set_view(agenda=None)
