"""Save while typing, and warn before leaving with unsaved text: a small component shipped here.

Streamlit sends a text field's value to the server only on blur or Ctrl+Enter, so "Opgeslagen om
HH:MM" could be true while the last sentence existed only in the browser: a reload, a closed tab
or a dead server lost it. This component (``st.components.v2``, inline code, no outside
requests, mounted once at the end of the agenda page) watches the agenda's text fields in the
page:

* about a second after the last keystroke in a field it commits that field the way a user
  would, with Ctrl+Enter, so Streamlit sends the value and the field's ``on_change`` saves it;
  the cursor and focus stay where they are;
* text the server does not hold (typed while it was down, committed into a dead connection) is
  committed again every few seconds until it does: after a reconnect nothing else sends it;
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
  const guard = (window.__agendaGuard = window.__agendaGuard || { timers: new Map() });
  guard.component = component;
  guard.stored = data.stored || {};
  guard.held = data.held || {};
  guard.delay = data.delay || 1000;
  const labelOf = (el) => el.getAttribute("aria-label") || "";
  const tracked = (el) =>
    el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT") &&
    Object.prototype.hasOwnProperty.call(guard.stored, labelOf(el));
  const fields = () => Array.from(document.querySelectorAll("textarea, input")).filter(tracked);
  const commit = (el) => {
    guard.timers.delete(el);
    if (!el.isConnected) return;
    // Streamlit commits a text field on Ctrl+Enter: the same as the user pressing it.
    const options = { key: "Enter", code: "Enter", keyCode: 13, which: 13, ctrlKey: true, bubbles: true };
    el.dispatchEvent(new KeyboardEvent("keydown", options));
  };
  if (!guard.installed) {
    guard.installed = true;
    document.addEventListener("input", (event) => {
      const el = event.target;
      if (!tracked(el)) return;
      clearTimeout(guard.timers.get(el));
      guard.timers.set(el, setTimeout(() => commit(el), guard.delay));
    }, true);
    // Text the server does not hold (committed while it was down, or lost with a restart) is
    // committed again until it does: after a reconnect nothing else would send it.
    guard.retries = new Map();
    setInterval(() => {
      const behind = fields().filter((el) => !guard.timers.has(el) && el.value !== guard.held[labelOf(el)]);
      // The same text ten times in vain: the server keeps it differently (e.g. cleaned); stop.
      const due = behind.filter((el) => (guard.retries.get(el.value) || 0) < 10);
      if (!due.length) return;
      due.forEach((el) => {
        guard.retries.set(el.value, (guard.retries.get(el.value) || 0) + 1);
        commit(el);
      });
      // A rerun carries every committed field; a commit of an unchanged field would not start one.
      guard.component.setTriggerValue("resend", Date.now());
    }, 3 * guard.delay);
    window.addEventListener("beforeunload", (event) => {
      if (fields().some((el) => el.value !== guard.stored[labelOf(el)])) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
}
"""

_guard = st.components.v2.component("agenda_keystroke_guard", js=_JS)


def remember_shown(label: str, stored: str, held: str) -> None:
    """Record a drawn text field for the guard (call per field, per run).

    Args:
        label: The field's label (the guard finds the field by it).
        stored: Its text in the database: differing text on screen warns before leaving.
        held: Its text in the server's working copy (the database's, or an edit the database
            refused): differing text on screen is committed again, e.g. after a reconnect.
    """
    shown = st.session_state.setdefault(SHOWN, {"stored": {}, "held": {}})
    shown["stored"][label], shown["held"][label] = stored, held


def render_guard() -> None:
    """Mount the guard once, after every field of the page is drawn (it reads their labels)."""
    shown = st.session_state.pop(SHOWN, {"stored": {}, "held": {}})
    _guard(
        key="agenda_keystroke_guard",
        data={**shown, "delay": SAVE_DELAY_MS},
        height=0,
        on_resend_change=lambda: None,  # the rerun itself is the point: it carries the fields
    )
