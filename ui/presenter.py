"""The presenter: clicker keys, every step at the top of the page, and charts sized to the screen.

Streamlit has no key events and does not tell the server how big the screen is. One tiny
component (``st.components.v2``: inline JavaScript shipped with the app, no outside requests)
does three things in presentation mode:

- **Keys.** PageDown, → and Space go to the next step of the sessieplan, PageUp and ← to the
  previous one, Home to the first, Escape back to the normal view. It clicks the plan bar's own
  links and the "Normaal" button, so a key does exactly what the mouse does. Keys typed into a
  text field, a menu or an open popover are left alone.
- **Top of the page.** When the step or page changes, the page scrolls to the top.
- **Slide height.** It measures how much of the window is left below the top of the first chart
  and reports it (per page) when it differs from what the server last used by more than a line;
  the page then draws its charts at that height, so they fill the rest of the screen.
"""

from __future__ import annotations

import streamlit as st

#: Reported heights are ignored below this (a tiny window gets a scrolling page, not squashed
#: charts whose text no longer fits) and capped above it (a portrait monitor).
MIN_SLIDE_CHART_PX = 380
MAX_SLIDE_CHART_PX = 1400
_STATE_KEY = "_slide_space"  # {page name: px below the first chart's top}

# Static code: no user text or data value ever reaches this string (``data`` carries only the
# page name, the step number and numbers the server computed).
_JS = r"""
export default function ({ data, setStateValue }) {
  const app = (window.__regiodataPresenter = window.__regiodataPresenter || {});
  app.data = data;
  app.report = setStateValue;
  app.active = true;
  const main = () => document.querySelector('[data-testid="stMain"]');

  const typing = (el) =>
    !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) ||
      !!el.closest('[role="listbox"], [role="combobox"], [role="dialog"], [data-baseweb="popover"]'));
  const popoverOpen = () => !!document.querySelector('[data-testid="stPopoverBody"], [role="dialog"]');
  const clickText = (selector, text) => {
    const el = Array.from(document.querySelectorAll(selector))
      .find((e) => e.textContent.trim() === text && e.getAttribute('aria-disabled') !== 'true');
    if (el) { el.click(); return true; }
    return false;
  };
  const actions = {
    next: () => clickText('a[data-testid="stPageLink-NavLink"]', 'Volgende'),
    prev: () => clickText('a[data-testid="stPageLink-NavLink"]', 'Vorige'),
    first: () => clickText('a[data-testid="stPageLink-NavLink"]', 'Eerste'),
    normal: () => clickText('button', 'Normaal'),
  };
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
    if (!chart || !app.active) return;
    let offset = 0;
    for (let el = chart.parentElement; el; el = el.parentElement) offset += el.scrollTop || 0;
    const space = Math.floor(window.innerHeight - (chart.getBoundingClientRect().top + offset) - 16);
    const used = app.data.space;
    if (used == null || Math.abs(space - used) > 24) {
      app.report('space', { page: app.data.page, px: space, width: window.innerWidth });
    }
  };
  const later = () => { clearTimeout(app.timer); app.timer = setTimeout(measure, 500); };

  if (!app.installed) {
    app.installed = true;
    document.addEventListener('keydown', (event) => {
      if (!app.active || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const action = keys[event.key];
      if (!action || typing(event.target) || (action === 'normal' && popoverOpen())) return;
      if (actions[action]()) event.preventDefault();
      else if (action !== 'normal') event.preventDefault();  // no plan: the key does nothing
    }, true);
    window.addEventListener('resize', later);
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  }
  const where = data.page + '/' + data.step;
  if (app.where !== where) { app.where = where; scrollTop(); }
  later();
  return () => { app.active = false; };
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


def mount_presenter(page: str, step: int | None) -> None:
    """Mount the presenter for ``page`` (presentation mode only; draws nothing visible)."""
    _presenter(
        key="presenter",
        data={"page": page, "step": step or 0, "space": st.session_state.get(_STATE_KEY, {}).get(page)},
        default={"space": None},
        on_space_change=_remember_space,
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
