"""The CBS edge: the only module that imports ``cbsodata``.

Downloads exactly what a ``SourceSpec`` needs through the real ``cbsodata`` client (OData v3
feed): metadata first, then the data set with a server-side ``$filter`` on region kind, periods
and categories and a ``$select`` of the measures, following ``odata.nextLink`` pages.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

import cbsodata
import requests
from cbsodata import cbsodata3

from regiondata.cbs.catalog import catalog_filter
from regiondata.cbs.clean import (
    check_region_kinds,
    pick_keys,
    resolve_gebieden_columns,
    resolve_measure,
    select_periods,
    strip_key,
)
from regiondata.cbs.flows import build_flow_query
from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import SourceSpec
from regiondata.config import FIRST_YEAR, Settings
from regiondata.errors import DataUnavailableError, RegionDataError

T = TypeVar("T")
CATALOG_FIELDS = [
    "Identifier",
    "Title",
    "ShortTitle",
    "Modified",
    "OutputStatus",
    "Period",
    "Frequency",
]


@contextmanager
def cbs_client(settings: Settings) -> Iterator[None]:
    """Point cbsodata at the configured CBS URL for the duration of a block.

    cbsodata keeps its options in module globals and reads proxies from the environment at
    import time; we set host, scheme and (for a loopback URL) no proxy, and restore afterwards.
    """
    opts = cbsodata.options
    saved = (opts.catalog_url, opts.use_https, dict(opts.requests))
    opts.catalog_url = settings.cbs_host_port
    opts.use_https = settings.cbs_use_https
    if settings.cbs_host_port.split(":")[0] in ("127.0.0.1", "localhost"):
        opts.requests["proxies"] = {"http": None, "https": None}
    try:
        yield
    finally:
        opts.catalog_url, opts.use_https = saved[0], saved[1]
        opts.requests.clear()
        opts.requests.update(saved[2])


class Deadline:
    """The end time of a whole refresh; every CBS call checks it and is cut to what remains."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (may be negative)."""
        return self.end - time.monotonic()

    def check(self, what: str) -> None:
        """Raise the Dutch deadline error when the time is up."""
        if self.remaining() <= 0:
            raise DataUnavailableError(self.message(what))

    def message(self, what: str) -> str:
        """The Dutch message when the deadline passes during ``what``."""
        minutes = self.seconds / 60
        limit = f"{minutes:g} minuten" if minutes >= 1 else f"{self.seconds:g} seconden"
        return (
            f"{what}: het vernieuwen duurde langer dan de ingestelde {limit} "
            "(REGIONDATA_REFRESH_DEADLINE) en is gestopt. CBS is waarschijnlijk traag; de vorige "
            "gegevens zijn ongewijzigd. Probeer het later opnieuw."
        )


_DEADLINE: ContextVar[Deadline | None] = ContextVar("regiondata_refresh_deadline", default=None)


@contextmanager
def refresh_deadline(seconds: float) -> Iterator[Deadline]:
    """Give every CBS call inside the block one shared deadline."""
    deadline = Deadline(seconds)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def _guard(what: str, settings: Settings, fn: Callable[[], T]) -> T:
    """Run one CBS call and turn every failure into a Dutch ``DataUnavailableError``."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.check(what)
    try:
        return fn()
    except RegionDataError:
        raise
    except requests.Timeout as err:
        if deadline is not None and deadline.remaining() <= 0:
            raise DataUnavailableError(deadline.message(what)) from err
        raise DataUnavailableError(
            f"{what}: CBS antwoordde niet binnen {settings.read_timeout_s:g} seconden. "
            "Probeer het later opnieuw."
        ) from err
    except requests.ConnectionError as err:
        raise DataUnavailableError(
            f"{what}: CBS is niet bereikbaar op {settings.cbs_url}. Controleer de "
            "internetverbinding of REGIONDATA_CBS_URL."
        ) from err
    except requests.HTTPError as err:
        cause = err.__cause__ if isinstance(err.__cause__, requests.HTTPError) else err
        code = cause.response.status_code if cause.response is not None else None
        raise DataUnavailableError(
            f"{what}: CBS gaf een foutmelding{f' (HTTP {code})' if code else ''}. Probeer het later opnieuw."
        ) from err
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise DataUnavailableError(
            f"{what}: CBS stuurde een onvolledig of onleesbaar antwoord. Probeer het later opnieuw."
        ) from err
    except requests.RequestException as err:
        raise DataUnavailableError(f"{what}: de verbinding met CBS mislukte ({type(err).__name__}).") from err


def _timeout(settings: Settings) -> tuple[float, float]:
    """Connect and read timeouts, cut to what is left of the refresh's deadline."""
    connect, read = settings.connect_timeout_s, settings.read_timeout_s
    deadline = _DEADLINE.get()
    if deadline is not None:
        left = max(deadline.remaining(), 0.05)
        connect, read = min(connect, left), min(read, left)
    return (connect, read)


def fetch_catalog(spec: SourceSpec, settings: Settings) -> list[dict[str, Any]]:
    """Look up the candidate tables of a source in the CBS catalog (filtered server-side)."""
    return _guard(
        f"CBS-catalogus ({spec.title_nl})",
        settings,
        lambda: cbsodata.get_table_list(
            select=CATALOG_FIELDS, filters=catalog_filter(spec), timeout=_timeout(settings)
        ),
    )


def _or(field: str, keys: list[str]) -> str:
    return "(" + " or ".join(f"{field} eq '{k}'" for k in keys) + ")"


def build_query(table: RawTable, spec: SourceSpec, first_year: int = FIRST_YEAR) -> tuple[str, list[str]]:
    """Build the ``$filter`` and ``$select`` for a table from its metadata.

    Keys in ``eq`` comparisons must carry CBS's exact padding, so they are taken from the
    dimension lists just downloaded; region kinds use ``substringof`` to avoid listing hundreds
    of gemeenten.

    Returns:
        The filter expression and the fields to select.
    """
    check_region_kinds(table, spec, where="dimension")
    parts = []
    prefixes = [p for p in spec.region_prefixes if p != "NL"]
    region_terms = [f"substringof('{p}',{spec.region_dimension})" for p in prefixes]
    if "NL" in spec.region_prefixes:
        nl = [
            r["Key"] for r in table.dimensions.get(spec.region_dimension, []) if strip_key(r["Key"]) == "NL01"
        ]
        region_terms += [f"{spec.region_dimension} eq '{k}'" for k in nl]
    parts.append("(" + " or ".join(region_terms) + ")")
    select = [spec.region_dimension]
    if spec.period_dimension:
        parts.append(_period_filter(table, spec, first_year))
        select.append(spec.period_dimension)
    for pick in spec.categories:
        keys = pick_keys(table, pick)
        parts.append(_or(pick.dimension, keys))
        select.append(pick.dimension)
    select += [resolve_measure(table, m) for m in spec.measures]
    return " and ".join(parts), select


def _period_filter(table: RawTable, spec: SourceSpec, first_year: int) -> str:
    periods = select_periods(table, spec, first_year)
    if not table.dimensions.get(spec.period_dimension):
        raise DataUnavailableError(
            f"CBS-tabel {table.table_id} ({table.title}) is leeg: er staan geen perioden in. "
            "De vorige gegevens blijven in gebruik."
        )
    if not periods:
        raise DataUnavailableError(
            f"CBS-tabel {table.table_id} ({table.title}) heeft geen perioden vanaf {first_year}."
        )
    return _or(spec.period_dimension, periods)


def fetch_table(
    spec: SourceSpec, table_id: str, settings: Settings, source_key: str | None = None
) -> RawTable:
    """Download one table: metadata, the needed dimension lists, then the filtered data set.

    Args:
        spec: What to download.
        table_id: The CBS table id (fixed or chosen from the catalog).
        settings: URL and timeouts.
        source_key: Name to store it under (defaults to ``spec.key``).

    Returns:
        The raw table with codes kept (padded, as CBS sends them).

    Raises:
        DataUnavailableError: CBS down, slow, erroring, unreadable or empty.
        SchemaChangedError: A measure, dimension or category is gone.
    """
    label = f"Tabel {table_id} ({spec.title_nl})"
    info = _guard(label, settings, lambda: cbsodata.get_info(table_id, timeout=_timeout(settings))) or {}
    props = _guard(
        label, settings, lambda: cbsodata.get_meta(table_id, "DataProperties", timeout=_timeout(settings))
    )
    dim_keys = [spec.period_dimension] if spec.period_dimension and spec.key != "gebieden" else []
    dim_keys += [spec.region_dimension] + [c.dimension for c in spec.categories]
    dim_keys += [spec.work_dimension] if spec.work_dimension else []
    present = {p.get("Key") for p in props if str(p.get("Type", "")).endswith("Dimension")}
    dims = {
        d: _guard(label, settings, lambda d=d: cbsodata.get_meta(table_id, d, timeout=_timeout(settings)))
        for d in dim_keys
        if d in present
    }
    table = RawTable(source_key or spec.key, table_id, info, props, dims, [], _now())
    if spec.key == "gebieden":
        # Gebieden: small tables (one row per gemeente); select the columns once we know them.
        select = None
        try:
            cols = resolve_gebieden_columns(table)
            select = ["RegioS", *sorted(set(cols.values()))]
        except RegionDataError:
            select = None  # metadata unclear: take every column and find them by their values
        filters = None
    elif spec.work_dimension:
        filters, select = build_flow_query(table, spec)
    else:
        filters, select = build_query(table, spec)
    try:
        rows = _download(label, settings, table_id, select, filters)
    except DataUnavailableError as err:
        if not spec.work_dimension or "HTTP" not in str(err):
            raise
        # CBS refused the filter on the jobs column (evidence for it is thin): ask again without it.
        filters, select = build_flow_query(table, spec, nonzero=False)
        rows = _download(label, settings, table_id, select, filters)
        table.extra["note"] = "zonder filter op banen > 0: CBS weigerde dat filter"
    if not rows:
        raise DataUnavailableError(
            f"{label} is leeg: CBS leverde geen enkele rij voor de gevraagde regio's en jaren. "
            "Mogelijk is de tabel gewijzigd; de vorige gegevens blijven in gebruik."
        )
    table.rows = rows
    if spec.key == "gebieden" and select is not None:
        try:
            resolve_gebieden_columns(table)
        except RegionDataError:
            # The metadata pointed at the wrong columns: fetch all and find them by value.
            table.rows = _guard(
                label,
                settings,
                lambda: cbsodata3._download_metadata(table_id, "TypedDataSet", timeout=_timeout(settings)),
            )
    return table


def _download(
    label: str, settings: Settings, table_id: str, select: list[str] | None, filters: str | None
) -> list[dict[str, Any]]:
    """The filtered data set of a table, every ``odata.nextLink`` page followed."""
    return _guard(
        label,
        settings,
        lambda: cbsodata3._download_metadata(
            table_id, "TypedDataSet", select=select, filters=filters, timeout=_timeout(settings)
        ),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
