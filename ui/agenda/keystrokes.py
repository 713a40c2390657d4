"""Save while typing, and warn before leaving with unsaved text: a small component shipped here.

Streamlit sends a text field's value to the server only on blur or Ctrl+Enter, so "Opgeslagen om
HH:MM" could be true while the last sentence existed only in the browser: a reload, a closed tab
or a dead server lost it. This component (``st.components.v2``, inline code, no outside
requests, mounted once at the end of the agenda page) watches the agenda's text fields in the
page:

* about a second after the last keystroke in a field it commits that field the way a user
  would, with Ctrl+Enter, so Streamlit sends the value and the field's ``on_change`` saves it;
  the cursor and focus stay where they are;
* while any field shows text that differs from the stored text the page gets the browser's
  "leave this page?" warning on reload, close or navigation.

The fields themselves stay Streamlit's own text areas and inputs: escaping, ``max_chars`` and
every test that drives them keep working. The component only sees the stored texts by field
label (passed as data, set with ``textContent``-free JavaScript: nothing is rendered as HTML).
"""

from __future__ import annotations

import streamlit as st

SAVE_DELAY_MS = 1000
"""Commit a field this long after its last keystroke."""
SHOWN = "agenda_shown_texts"  # label -> stored text of every text field drawn in this run

_JS = """
export default function (component) {
  const { data } = component;
  const guard = (window.__agendaGuard = window.__agendaGuard || { saved: {}, timers: new Map() });
  guard.saved = data.saved || {};
  guard.delay = data.delay || 1000;
  const tracked = (el) =>
    el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") &&
    Object.prototype.hasOwnProperty.call(guard.saved, el.getAttribute("aria-label") || "");
  const commit = (el) => {
    guard.timers.delete(el);
    if (!el.isConnected) return;
    // Streamlit commits a text field on Ctrl+Enter: the same as the user pressing it.
    const options = { key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true };
    el.dispatchEvent(new KeyboardEvent("keydown", options));
  };
  const unsaved = () =>
    Array.from(document.querySelectorAll("textarea, input")).some(
      (el) => tracked(el) && el.value !== guard.saved[el.getAttribute("aria-label")]
    );
  if (!guard.installed) {
    guard.installed = true;
    document.addEventListener("input", (event) => {
      const el = event.target;
      if (!tracked(el)) return;
      clearTimeout(guard.timers.get(el));
      guard.timers.set(el, setTimeout(() => commit(el), guard.delay));
    }, true);
    window.addEventListener("beforeunload", (event) => {
      if (unsaved()) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
}
"""

_guard = st.components.v2.component("agenda_keystroke_guard", js=_JS)


def remember_shown(label: str, stored: str) -> None:
    """Record a drawn text field's label and stored text for the guard (call per field, per run)."""
    st.session_state.setdefault(SHOWN, {})[label] = stored


def render_guard() -> None:
    """Mount the guard once, after every field of the page is drawn (it reads their labels)."""
    shown: dict[str, str] = st.session_state.pop(SHOWN, {})
    _guard(key="agenda_keystroke_guard", data={"saved": shown, "delay": SAVE_DELAY_MS}, height=0)
