"""Shared view state: the URL query is the durable copy, session state the working copy.

Pages read the view with ``get_view()`` and change it with ``set_view(...)``; the URL is rewritten
after every change so a copied link reopens the same view, and region and period carry over
between pages because session state survives navigation.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.model.params import ViewParams, parse_params
from regiondata.model.views import data_years

_VIEW = "_view"


def get_view(snapshot: Snapshot) -> ViewParams:
    """The current view; (re)read from the URL when the URL holds a different view."""
    query = st.query_params.to_dict()
    current: ViewParams | None = st.session_state.get(_VIEW)
    if current is None or (query and query != current.to_query()):
        # A link (or a plan step) describes a whole view: what it leaves out means the default.
        view = parse_params(query, data_years(snapshot))
        st.session_state[_VIEW] = view
        st.session_state["_notices"] = list(view.notices)
        current = view
    if query != current.to_query():
        st.query_params.from_dict(current.to_query())
    return current


def set_view(**changes: Any) -> ViewParams:
    """Change the view and write it to the URL."""
    view = replace(st.session_state[_VIEW], **changes, notices=())
    st.session_state[_VIEW] = view
    st.query_params.from_dict(view.to_query())
    return view


def pop_notices() -> list[str]:
    """Dutch notices about ignored URL parameters, shown once."""
    return st.session_state.pop("_notices", [])


def bind(widget_key: str, value: Any) -> str:
    """Prepare a widget key so the widget shows the view's value (set before the widget is drawn)."""
    if st.session_state.get(widget_key) != value:
        st.session_state[widget_key] = value
    return widget_key


def presenting() -> bool:
    """Whether the current view is in presentation mode (False before the view is read)."""
    view = st.session_state.get(_VIEW)
    return bool(view is not None and view.presenting)
