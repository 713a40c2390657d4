"""The frame every page shares: banners, the shared sidebar controls, link copying, captions."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

import streamlit as st

from regiondata.params import ViewParams
from regiondata.regions import AMR_CODES, amr_label
from regiondata.snapshot import Snapshot
from regiondata.views import data_years
from ui.state import bind, pop_notices, set_view

DEMO_BANNER = (
    "**Demodata — geen echte CBS-cijfers.** Alle cijfers zijn verzonnen om het dashboard te laten "
    "zien. Echte cijfers ophalen: `python -m regiondata refresh` of de knop op *Over de data*."
)


def render_banners(snapshot: Snapshot) -> None:
    """Show the demo banner, any notice about the data in use and notices about the link."""
    if snapshot.is_demo:
        st.warning(DEMO_BANNER, icon=":material/warning:")
    if snapshot.notice:
        st.error(snapshot.notice, icon=":material/restore:")
    for notice in pop_notices():
        st.info(notice, icon=":material/link:")


def _on_region() -> None:
    set_view(regio=st.session_state["w_regio"])


def _on_period() -> None:
    value = st.session_state["w_periode"]
    if not isinstance(value, list | tuple) or len(value) != 2 or value[0] == value[1]:
        return  # a period needs two different years; keep the previous one
    van, tot = value
    set_view(van=int(van), tot=int(tot))


def default_period(snapshot: Snapshot) -> tuple[int, int]:
    """The default period: the widest period with both bijstand and jobs figures."""
    from regiondata.analysis import common_period

    return common_period(snapshot.derived.regions, ["bijstand_count", "jobs_count"])


def period_of(view: ViewParams, snapshot: Snapshot) -> tuple[int, int]:
    """The period of the view, defaults filled in."""
    van, tot = default_period(snapshot)
    return (view.van or van, view.tot or tot)


def render_sidebar(view: ViewParams, snapshot: Snapshot) -> None:
    """Region and period selectors shared by every page, and the link to this view."""
    with st.sidebar:
        st.selectbox(
            "Arbeidsmarktregio",
            AMR_CODES,
            format_func=amr_label,
            key=bind("w_regio", view.regio),
            on_change=_on_region,
        )
        first, last = data_years(snapshot)
        st.select_slider(
            "Periode",
            options=list(range(first, last + 1)),
            key=bind("w_periode", period_of(view, snapshot)),
            on_change=_on_period,
        )
        st.caption("Kopieer de link om precies deze weergave te delen:")
        st.code(share_url(view), language=None, wrap_lines=True)


def share_url(view: ViewParams) -> str:
    """The full URL of the current page and view."""
    try:
        base = st.context.url or ""
    except Exception:  # no browser context (AppTest): a relative link still works
        base = ""
    parts = urlsplit(base)
    path = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path or "/"
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
        st.error(str(err), icon=":material/error:")
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
