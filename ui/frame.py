"""The frame every page shares: banners, the shared sidebar controls, link copying, captions."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

import streamlit as st

from regiondata.derive.snapshot import Snapshot
from regiondata.indicators import INDICATORS, INDICATORS_BY_KEY
from regiondata.model.params import ViewParams
from regiondata.model.views import data_years
from regiondata.regions import AMR_CODES, amr_label
from ui.state import bind, pop_notices, set_view
from ui.text import md

DEMO_BANNER = (
    "**Demodata — geen echte CBS-cijfers.** Alle cijfers zijn verzonnen om het dashboard te laten "
    "zien. Echte cijfers ophalen: `python -m regiondata refresh` of de knop op *Over de data*."
)


DEMO_BANNER_SHORT = "**Demodata — geen echte CBS-cijfers.**"


def render_banners(snapshot: Snapshot) -> None:
    """Show the demo banner, any notice about the data in use and notices about the link.

    (Presentation mode shows the same in its top row: ``ui/slide.py``.)
    """
    if snapshot.is_demo:
        st.warning(DEMO_BANNER, icon=":material/warning:")
    if snapshot.notice:
        st.error(md(snapshot.notice), icon=":material/restore:")  # it names folders: literal text
    for notice in pop_notices():
        st.info(md(notice), icon=":material/link:")  # notices quote the link's own text


def _on_region() -> None:
    set_view(regio=st.session_state["w_regio"])


def _on_period(changed: str) -> None:
    van, tot = int(st.session_state["w_van"]), int(st.session_state["w_tot"])
    if van >= tot:
        # A period needs two different years: the year just chosen stays, the other one moves.
        if changed == "van":
            tot = van + 1
        else:
            van = tot - 1
    set_view(van=van, tot=tot)


def default_period(snapshot: Snapshot) -> tuple[int, int]:
    """The default period: the widest period with both bijstand and jobs figures."""
    from regiondata.model.periods import common_period

    return common_period(snapshot.derived.regions, ["bijstand_count", "jobs_count"])


def period_of(view: ViewParams, snapshot: Snapshot) -> tuple[int, int]:
    """The period of the view, defaults filled in."""
    van, tot = default_period(snapshot)
    return (view.van or van, view.tot or tot)


def render_controls(view: ViewParams, snapshot: Snapshot) -> None:
    """Region and period selectors shared by every page, the link to this view and the mode.

    In the sidebar; presentation mode has its own top row instead (``ui/slide.py``).
    """
    with st.sidebar:
        region_select(view, st)
        period_select(view, snapshot, st)
        st.toggle(
            "Presentatiemodus",
            key=bind("w_modus", False),
            help="Grote letters en veel contrast voor een beamer; de zijbalk verdwijnt.",
            on_change=lambda: set_view(modus="presentatie" if st.session_state["w_modus"] else "normaal"),
        )
        # In a popover: the code box (with its copy button) is only drawn when asked for, which
        # keeps its syntax highlighter (~130 ms of browser time) off every page load.
        with st.popover("Kopieer link", icon=":material/link:", width="stretch"):
            st.caption("De link naar precies deze weergave:")
            st.code(share_url(view), language=None, wrap_lines=True)


def indicator_select(where: object, label: str, widget_key: str, view: ViewParams) -> None:
    """A selector of the view's indicator (shared by the pages that colour or rank by one)."""
    where.selectbox(  # type: ignore[attr-defined]
        label,
        [i.key for i in INDICATORS],
        format_func=lambda k: INDICATORS_BY_KEY[k].title,
        key=bind(widget_key, view.indicator),
        on_change=lambda: set_view(indicator=st.session_state[widget_key]),
    )


def region_select(view: ViewParams, where: object, collapsed: bool = False) -> None:
    """The region menu; ``collapsed``: without its visible label (the slide's top row)."""
    where.selectbox(  # type: ignore[attr-defined]
        "Arbeidsmarktregio",
        AMR_CODES,
        format_func=amr_label,
        key=bind("w_regio", view.regio),
        on_change=_on_region,
        label_visibility="collapsed" if collapsed else "visible",
    )


def period_select(view: ViewParams, snapshot: Snapshot, where: object, collapsed: bool = False) -> None:
    """The period as two year menus side by side (``collapsed``: labels hidden, a dash between).

    Menus rather than a range slider: the slider was the costliest element on every page (about
    90 ms of browser time when a page opens, measured), and a menu is easier to hit on a beamer.
    """
    first, last = data_years(snapshot)
    if first == last:
        where.caption(f"Periode: alleen {first}")  # type: ignore[attr-defined]
        return
    years = list(range(first, last + 1))
    van, tot = period_of(view, snapshot)
    if collapsed:
        start = where.container(width=140)  # type: ignore[attr-defined]
        where.markdown("–", width="content")  # type: ignore[attr-defined]
        end = where.container(width=140)  # type: ignore[attr-defined]
    else:
        start, end = where.columns(2, gap="small")  # type: ignore[attr-defined]
    hidden = "collapsed" if collapsed else "visible"
    start.selectbox(
        "Periode van",
        years[:-1],
        key=bind("w_van", min(max(van, first), last - 1)),
        on_change=_on_period,
        args=("van",),
        label_visibility=hidden,
    )
    end.selectbox(
        "tot en met",
        years[1:],
        key=bind("w_tot", max(min(tot, last), first + 1)),
        on_change=_on_period,
        args=("tot",),
        label_visibility=hidden,
    )


def share_url(view: ViewParams) -> str:
    """The full URL of the current page and view."""
    try:
        base = st.context.url or ""
    except Exception:  # no browser context (AppTest): a relative link still works
        base = ""
    parts = urlsplit(base)
    path = f"{parts.scheme}://{parts.netloc}{parts.path or '/'}" if parts.netloc else parts.path or "/"
    return f"{path}?{urlencode(view.to_query())}"


def run_page(page: object) -> None:
    """Run a page; an unexpected error becomes a short Dutch message, never a traceback on screen."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    from regiondata.errors import RegionDataError

    try:
        page.run()  # type: ignore[attr-defined]
    except (RerunException, StopException):
        raise
    except RegionDataError as err:
        st.error(md(str(err)), icon=":material/error:")
    except Exception:
        logging.getLogger("regiondata.app").exception("Pagina mislukt")
        st.error(
            "Er ging iets mis bij het tonen van deze pagina. Kies een andere regio of periode, of "
            "open *Over de data* om te zien welke gegevens er zijn. De fout is vastgelegd in het "
            "logboek van de server.",
            icon=":material/error:",
        )


def source_caption(text: str) -> None:
    """A source line under a chart or table (plain text, never HTML)."""
    st.caption(text)
