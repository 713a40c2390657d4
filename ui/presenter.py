"""The presenter: clicker keys, every step at the top of the page, and charts sized to the screen.

Streamlit has no key events and does not tell the server how big the screen is. One tiny
component (``st.components.v2``: inline JavaScript shipped with the app, no outside requests)
does three things in presentation mode:

- **Keys.** PageDown, → and Space go to the next step of the sessieplan, PageUp and ← to the
  previous one, Home to the first, Escape back to the normal view. The key goes to the server,
  which switches to the step itself (:func:`handle_presenter_key`): a click on the plan bar's
  link from script could race the page's own redraw and land on the old view. Keys typed into a
  text field, a menu or an open popover are left alone.
- **Top of the page.** When the step or page changes, the page scrolls to the top.
- **Slide height.** It measures how much of the window is left below the top of the first chart
  and reports it (per page) when it differs from what the server last used by more than a line;
  the page then draws its charts at that height, so they fill the rest of the screen.
"""

from __future__ import annotations

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.errors import RegionDataError
from regiondata.model.params import ViewParams
from ui.sessie import get_plan_store, go_to_step
from ui.state import set_view

#: Reported heights are raised to this (a long talking point or a small window gets a slide that
#: scrolls a little, not a chart squashed until its labels collide) and capped above it.
MIN_SLIDE_CHART_PX = 440
MAX_SLIDE_CHART_PX = 1400
_STATE_KEY = "_slide_space"  # {page name: px below the first chart's top}

# Static code: no user text or data value ever reaches this string (``data`` carries only the
# page name, the step number and numbers the server computed).
_JS = r"""
export default function ({ data, setStateValue, setTriggerValue }) {
  const app = (window.__regiodataPresenter = window.__regiodataPresenter || {});
  app.data = data;
  app.report = setStateValue;
  app.trigger = setTriggerValue;
  const main = () => document.querySelector('[data-testid="stMain"]');

  // A closed menu in the slide's top row is not typing: after choosing a region there the focus
  // stays in the menu, and the clicker must still work (the menu is left, not changed).
  const closedTopMenu = (el) =>
    el.getAttribute('role') === 'combobox' && el.getAttribute('aria-expanded') !== 'true' &&
    !!el.closest('.st-key-slide_top');
  const typing = (el) =>
    !!el && !closedTopMenu(el) && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) ||
      !!el.closest('[role="listbox"], [role="combobox"], [role="dialog"], [data-baseweb="popover"]'));
  const popoverOpen = () => !!document.querySelector('[data-testid="stPopoverBody"], [role="dialog"]');
  const keys = {
    PageDown: 'next', ArrowRight: 'next', ' ': 'next', Spacebar: 'next',
    PageUp: 'prev', ArrowLeft: 'prev', Home: 'first', Escape: 'normal',
  };
  const scrollTop = () => {
    window.scrollTo(0, 0);
    for (let el = main(); el; el = el.parentElement) el.scrollTop = 0;
  };
  const measure = () => {
    const chart = document.querySelector('[data-testid="stMain"] [data-testid="stPlotlyChart"]');
    if (!chart || !document.querySelector('.st-key-slide_top')) return;
    // Never while the app is busy (elements left over from a run, or a step just asked for): a
    // report then triggers a rerun that would race the new step and bring back the old view.
    if (document.querySelector('[data-stale="true"]') || Date.now() - (app.navigated || 0) < 3000) {
      later();
      return;
    }
    let offset = 0;
    for (let el = chart.parentElement; el; el = el.parentElement) offset += el.scrollTop || 0;
    const space = Math.floor(window.innerHeight - (chart.getBoundingClientRect().top + offset) - 16);
    const used = app.data.space;
    app.settled = used != null && Math.abs(space - used) <= 24;  // the charts fill the screen
    if (!app.settled) app.report('space', { page: app.data.page, px: space, width: window.innerWidth });
  };
  // A wide table at beamer size scrolls sideways inside its box: make that box reachable with
  // the keyboard (Tab, then the arrow keys), as WCAG asks of a scrolling region.
  const reachableScrollers = () => {
    document.querySelectorAll('[data-testid="stTable"] > div').forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', 'Tabel; schuif opzij met de pijltjestoetsen');
      }
    });
  };
  const later = () => {
    clearTimeout(app.timer);
    app.timer = setTimeout(() => { reachableScrollers(); measure(); }, 500);
  };

  if (!app.installed) {
    app.installed = true;
    document.addEventListener('keydown', (event) => {
      // Only on a slide (its top row is there); between two steps the component is remounted, and
      // a key pressed meanwhile still counts.
      if (!document.querySelector('.st-key-slide_top')) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const action = keys[event.key];
      if (!action || typing(event.target) || (action === 'normal' && popoverOpen())) return;
      event.preventDefault();  // also without a plan: Space or an arrow does not scroll the slide
      if (document.activeElement && closedTopMenu(document.activeElement)) document.activeElement.blur();
      app.navigated = Date.now();
      // The server decides where a key leads (ui/presenter.py: handle_presenter_key): one
      // request that names the step, instead of a click that could race a redraw.
      app.trigger('key', action);
    }, true);
    window.addEventListener('resize', later);
    document.addEventListener('click', (event) => {
      if (event.target.closest && event.target.closest('a[data-testid="stPageLink-NavLink"], header a')) {
        app.navigated = Date.now();
      }
    }, true);
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  }
  const where = data.page + '/' + data.step;
  if (app.where !== where) { app.where = where; scrollTop(); }
  app.settled = false;
  later();
}
"""

_presenter = st.components.v2.component("regiodata_presenter", js=_JS)


_WIDTH_KEY = "_slide_width"
#: From this window width two charts stand side by side on a slide; below it each chart would be
#: too narrow for text at beamer size, so they go under each other and the first fills the screen.
SIDE_BY_SIDE_MIN_PX = 1600


def _remember_space() -> None:
    reported = getattr(st.session_state.get("presenter"), "space", None)
    if isinstance(reported, dict) and isinstance(reported.get("px"), int | float):
        st.session_state.setdefault(_STATE_KEY, {})[str(reported.get("page"))] = int(reported["px"])
        if isinstance(reported.get("width"), int | float):
            st.session_state[_WIDTH_KEY] = int(reported["width"])


def side_by_side() -> bool:
    """Whether a slide's two charts fit side by side (unknown width: assume a 1920 px beamer)."""
    return st.session_state.get(_WIDTH_KEY, 1920) >= SIDE_BY_SIDE_MIN_PX


_KEY = "_presenter_key"


def _remember_key() -> None:
    state = st.session_state.get("presenter")
    action = getattr(state, "key", None)
    if action in ("next", "prev", "first", "normal"):
        st.session_state[_KEY] = action


def handle_presenter_key(view: ViewParams, snapshot: Snapshot) -> None:
    """Act on a presenter key pressed since the last run: go to a step, or back to normal.

    Call once per run after ``st.navigation`` and before the page runs.
    """
    action = st.session_state.pop(_KEY, None)
    if action is None or not view.presenting:
        return
    if action == "normal":
        set_view(modus="normaal")
        st.rerun()
    try:
        plan = get_plan_store().get(view.plan) if view.plan else None
    except RegionDataError:  # the plan bar says so
        return
    if plan is None or not plan.steps:
        return
    current = min(max(view.stap or 1, 1), len(plan.steps))
    target = {"next": current + 1, "prev": current - 1, "first": 1}[action]
    if 1 <= target <= len(plan.steps) and target != current:
        go_to_step(plan, target, snapshot)


def mount_presenter(page: str, step: int | None) -> None:
    """Mount the presenter for ``page`` (presentation mode only; draws nothing visible)."""
    _presenter(
        key="presenter",
        data={"page": page, "step": step or 0, "space": st.session_state.get(_STATE_KEY, {}).get(page)},
        default={"space": None},
        on_space_change=_remember_space,
        on_key_change=_remember_key,
        height=0,
    )


def slide_chart_height(page: str, default: int) -> int:
    """The height for a page's charts in presentation mode: the measured space, or ``default``.

    Rounded to 20 px so a window resized by a few pixels reuses the cached figures.
    """
    space = st.session_state.get(_STATE_KEY, {}).get(page)
    if not space:
        return default
    return int(min(max(space, MIN_SLIDE_CHART_PX), MAX_SLIDE_CHART_PX) // 20 * 20)
