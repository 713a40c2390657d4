"""Boundaries of the arbeidsmarktregio's for the geographic choropleth (PDOK, CBS gebiedsindelingen).

The refresh downloads the ``arbeidsmarktregio_gegeneraliseerd`` features for the data year,
simplifies them to a small GeoJSON (WGS84 lon/lat, 4 decimals) and stores it beside the
snapshot. Boundaries are optional: every failure is a Dutch ``DataUnavailableError`` (or, through
``try_fetch_boundaries``, a warning) and the dashboard keeps its tile map.

Service: PDOK's OGC API Features for CBS gebiedsindelingen,
``{base}/collections/arbeidsmarktregio_gegeneraliseerd/items`` with ``base`` =
``https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1`` (override with ``REGIONDATA_PDOK_URL``).

What was verified in stored public material (nobody here could reach PDOK):

- The base URL and the collection ids ``arbeidsmarktregio_gegeneraliseerd`` /
  ``arbeidsmarktregio_labelpoint`` (the pdokr vignette "Working with PDOK by hand", which lists
  ``{base}/collections?f=json``).
- ``{collection}/items?f=json&limit=…&jaarcode=<year>``: one multi-year collection, filtered by
  the ``jaarcode`` property as a query parameter. Several independent public clients do exactly
  this for ``gemeente_gegeneraliseerd`` / ``provincie_gegeneraliseerd`` of the same API.
- Default output is GeoJSON in CRS84 (lon/lat; ``Content-Crs`` header
  ``<http://www.opengis.net/def/crs/OGC/1.3/CRS84>``); ``crs=http://www.opengis.net/def/crs/EPSG/0/28992``
  gives RD New. Paging is cursor based: follow ``links[rel=next]`` until it is absent. PDOK caps
  ``limit`` at 1000.
- Feature properties ``statcode``, ``jrstatcode`` (``2024AM01``), ``statnaam``, ``rubriek``,
  ``id``; the data is stored in EPSG:28992.

What is inferred: that a year PDOK does not have yields an empty page (not an HTTP error) — so an
empty first page makes us try the year before; that every feature carries ``jaarcode`` (we use
it, or the ``jrstatcode`` prefix, to drop other years in case the filter is ignored). We also
accept RD New or swapped lat/lon coordinates per feature, recognised by their magnitude, so the
WFS (``srsName=EPSG:4326`` answers lat/lon) or an RD answer would work too.

The geometry (RD→WGS84, polygons, simplification) is in ``geometry``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from regiondata.derive.geometry import (
    MAX_BYTES,
    Polygon,
    _dumps,
    _geometry,
    _polygons,
    fit_to_budget,
    rd_to_wgs84,
)
from regiondata.errors import DataUnavailableError, RegionDataError
from regiondata.files import write_atomically
from regiondata.regions import AMR_CODES, AMR_NAMES

DEFAULT_PDOK_URL = "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1"
COLLECTION = "arbeidsmarktregio_gegeneraliseerd"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#: PDOK's maximum page size.
PAGE_LIMIT = 1000
MAX_PAGES = 50
#: How many years before the requested one we look for boundaries.
MAX_FALLBACK_YEARS = 5
DEFAULT_TIMEOUT: tuple[float, float] = (3.0, 30.0)
#: Size budget of the stored, simplified GeoJSON (compact JSON, UTF-8).
#: File name of the boundaries inside a snapshot folder.
BOUNDARIES_FILE = "boundaries.geojson"
ATTRIBUTION = "Kaart: CBS, Kadaster (PDOK), CC BY 4.0"

_WHAT = "Grenzen van de arbeidsmarktregio's"


def _is_lonlat(x: float, y: float) -> bool:
    return -1.0 <= x <= 10.0 and 49.0 <= y <= 56.0


def _is_latlon(x: float, y: float) -> bool:
    return 49.0 <= x <= 56.0 and -1.0 <= y <= 10.0


def _is_rd(x: float, y: float) -> bool:
    return -10_000.0 <= x <= 310_000.0 and 280_000.0 <= y <= 640_000.0


# --- configuration and HTTP ---------------------------------------------------------------------


def pdok_url(env: Mapping[str, str] | None = None) -> str:
    """The PDOK OGC API base URL: ``REGIONDATA_PDOK_URL`` or PDOK's own."""
    env = os.environ if env is None else env
    return (env.get("REGIONDATA_PDOK_URL") or DEFAULT_PDOK_URL).rstrip("/")


def items_url(base_url: str) -> str:
    """The items endpoint of the arbeidsmarktregio collection under a base URL."""
    return f"{base_url.rstrip('/')}/collections/{COLLECTION}/items"


def _read_timeout(timeout: float | tuple[float, float]) -> float:
    return float(timeout[1] if isinstance(timeout, tuple) else timeout)


def _get_page(
    session: requests.Session,
    url: str,
    params: dict[str, Any] | None,
    year: int,
    timeout: float | tuple[float, float],
) -> dict[str, Any]:
    """GET one page and turn every failure into a Dutch ``DataUnavailableError``."""
    what = f"{_WHAT} ({year})"
    host = urlsplit(url).netloc
    try:
        resp = session.get(url, params=params, timeout=timeout)
        resp.raise_for_status()
        body = resp.json()
    except requests.Timeout as err:
        raise DataUnavailableError(
            f"{what}: PDOK antwoordde niet binnen {_read_timeout(timeout):g} seconden. "
            "Probeer het later opnieuw."
        ) from err
    except requests.ConnectionError as err:
        if "timed out" in str(err).lower():  # a stall while reading the body
            raise DataUnavailableError(
                f"{what}: PDOK antwoordde niet binnen {_read_timeout(timeout):g} seconden. "
                "Probeer het later opnieuw."
            ) from err
        raise DataUnavailableError(
            f"{what}: PDOK is niet bereikbaar ({host}). Controleer de internetverbinding of "
            "REGIONDATA_PDOK_URL."
        ) from err
    except requests.HTTPError as err:
        code = err.response.status_code if err.response is not None else None
        raise DataUnavailableError(
            f"{what}: PDOK gaf een foutmelding{f' (HTTP {code})' if code else ''}. Probeer het later opnieuw."
        ) from err
    except ValueError as err:  # requests.JSONDecodeError is a ValueError
        raise DataUnavailableError(
            f"{what}: PDOK stuurde een onleesbaar antwoord (geen geldige JSON)."
        ) from err
    except requests.RequestException as err:
        raise DataUnavailableError(
            f"{what}: de verbinding met PDOK mislukte ({type(err).__name__})."
        ) from err
    if (
        not isinstance(body, dict)
        or body.get("type") != "FeatureCollection"
        or not isinstance(body.get("features"), list)
    ):
        raise DataUnavailableError(
            f"{what}: PDOK stuurde een onverwacht antwoord (geen GeoJSON-FeatureCollection)."
        )
    return body


def _next_link(page: dict[str, Any], first_url: str, year: int) -> str | None:
    """The ``rel=next`` link of a page, only when it stays on the same server."""
    for link in page.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            href = str(link["href"])
            a, b = urlsplit(href), urlsplit(first_url)
            if (a.scheme, a.netloc) != (b.scheme, b.netloc):
                raise DataUnavailableError(
                    f"{_WHAT} ({year}): PDOK verwees voor de volgende pagina naar een andere "
                    f"server ({a.netloc}); die volgen we niet."
                )
            return href
    return None


def _fetch_year(
    session: requests.Session, url: str, year: int, timeout: float | tuple[float, float]
) -> tuple[list[dict[str, Any]], int]:
    """All raw features PDOK has for one ``jaarcode`` (following paging) and the page count."""
    params = {"f": "json", "limit": PAGE_LIMIT, "jaarcode": year, "crs": CRS84}
    page = _get_page(session, url, params, year, timeout)
    features = list(page["features"])
    pages, seen = 1, {url}
    nxt = _next_link(page, url, year) if features else None
    while nxt:
        if nxt in seen or pages >= MAX_PAGES:
            raise DataUnavailableError(
                f"{_WHAT} ({year}): PDOK bleef naar volgende pagina's verwijzen; de download is afgebroken."
            )
        seen.add(nxt)
        page = _get_page(session, nxt, None, year, timeout)
        features.extend(page["features"])
        pages += 1
        nxt = _next_link(page, url, year) if page["features"] else None
    return features, pages


def _session(url: str) -> requests.Session:
    session = requests.Session()
    session.headers["Accept"] = "application/geo+json, application/json;q=0.9"
    if urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1"):
        session.trust_env = False  # never send a loopback request through a proxy
    return session


# --- normalisation ------------------------------------------------------------------------------


def _feature_year(props: dict[str, Any]) -> int | None:
    raw = props.get("jaarcode")
    if raw is not None:
        try:
            return int(str(raw).strip())
        except ValueError:
            return None
    jr = str(props.get("jrstatcode") or "")
    return int(jr[:4]) if jr[:4].isdigit() else None


def _props(feature: Any) -> dict[str, Any]:
    props = feature.get("properties") if isinstance(feature, dict) else None
    return props if isinstance(props, dict) else {}


def _pick_year(features: list[Any], year: int) -> tuple[list[Any], int | None]:
    """Keep the features of the newest year ≤ ``year`` (guards against an ignored filter)."""
    known = {y for y in (_feature_year(_props(f)) for f in features) if y is not None}
    if not known:
        return features, year
    candidates = [y for y in known if y <= year]
    if not candidates:
        return [], None
    chosen = max(candidates)
    return [f for f in features if _feature_year(_props(f)) == chosen], chosen


def _statcode(props: dict[str, Any]) -> str | None:
    code = str(props.get("statcode") or "").strip().upper()
    if not code:
        jr = str(props.get("jrstatcode") or "").strip().upper()
        code = jr[4:] if jr[:4].isdigit() else jr
    return code or None


def _to_wgs84(polys: list[Polygon]) -> tuple[list[Polygon], str]:
    """Bring a feature's polygons to lon/lat; returns them and the source (lonlat, latlon, rd)."""
    points = [pt for poly in polys for ring in poly for pt in ring]
    if all(_is_lonlat(x, y) for x, y in points):
        return polys, "lonlat"
    if all(_is_latlon(x, y) for x, y in points):
        return [[[(y, x) for x, y in ring] for ring in poly] for poly in polys], "latlon"
    if all(_is_rd(x, y) for x, y in points):
        return [[[rd_to_wgs84(x, y) for x, y in ring] for ring in poly] for poly in polys], "rd"
    raise ValueError("unknown coordinate system")


def normalise_features(raw_features: Iterable[Any]) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Turn PDOK features into ``{"id": code, "properties": {statcode, statnaam}}`` in lon/lat.

    Returns:
        The features sorted by code (a code met twice becomes one MultiPolygon), the codes that
        were converted from RD New, and Dutch notes on features that were left out.
    """
    merged: dict[str, tuple[str, list[Polygon]]] = {}
    converted: list[str] = []
    notes: list[str] = []
    for feat in raw_features:
        if not isinstance(feat, dict):
            notes.append("Een onleesbaar gebied in het antwoord van PDOK is overgeslagen.")
            continue
        props = _props(feat)
        code = _statcode(props)
        if not code:
            notes.append("Een gebied zonder regiocode (statcode) is overgeslagen.")
            continue
        polys = _polygons(feat.get("geometry"))
        if not polys:
            notes.append(f"Regio {code} heeft geen bruikbare geometrie en is overgeslagen.")
            continue
        try:
            polys, source = _to_wgs84(polys)
        except ValueError:
            notes.append(f"Regio {code} heeft coördinaten in een onbekend stelsel en is overgeslagen.")
            continue
        if source == "rd":
            converted.append(code)
        name = str(props.get("statnaam") or "").strip() or AMR_NAMES.get(code, code)
        if code in merged:
            merged[code][1].extend(polys)
        else:
            merged[code] = (name, polys)
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"statcode": code, "statnaam": name},
            "geometry": _geometry(polys),
        }
        for code, (name, polys) in sorted(merged.items())
    ]
    return features, sorted(set(converted)), notes


# --- download -----------------------------------------------------------------------------------


def fetch_boundaries(
    year: int,
    base_url: str | None = None,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_fallback_years: int = MAX_FALLBACK_YEARS,
) -> dict[str, Any]:
    """Download the arbeidsmarktregio boundaries for a year from PDOK (not simplified).

    Args:
        year: The data year; when PDOK has nothing for it, the newest earlier year is used (at
            most ``max_fallback_years`` back) and ``metadata`` says so.
        base_url: OGC API base URL; defaults to ``REGIONDATA_PDOK_URL`` or PDOK's.
        timeout: ``(connect, read)`` seconds per request.
        max_fallback_years: How many earlier years to try.

    Returns:
        A GeoJSON FeatureCollection in WGS84 lon/lat, one feature per region with ``id`` and
        ``properties`` ``{"statcode", "statnaam"}``, plus a ``metadata`` member (source, URL,
        requested and used year, ``notice`` in Dutch when another year was used, retrieval time).

    Raises:
        DataUnavailableError: PDOK unreachable, slow, erroring, unreadable or without features.
    """
    url = items_url(base_url or pdok_url())
    tried: list[int] = []
    with _session(url) as session:
        for candidate in range(year, year - max_fallback_years - 1, -1):
            tried.append(candidate)
            raw, pages = _fetch_year(session, url, candidate, timeout)
            if not raw:
                continue
            raw, used = _pick_year(raw, candidate)
            if not raw or used is None:
                continue
            features, converted, notes = normalise_features(raw)
            if not features:
                raise DataUnavailableError(
                    f"{_WHAT} ({year}): PDOK leverde geen bruikbare gebieden. " + " ".join(notes[:3])
                )
            notice = None
            if used != year:
                notice = (
                    f"PDOK heeft nog geen grenzen van de arbeidsmarktregio's voor {year}; "
                    f"de kaart gebruikt de indeling van {used}."
                )
            return {
                "type": "FeatureCollection",
                "features": features,
                "metadata": {
                    "source": "PDOK, CBS gebiedsindelingen",
                    "collection": COLLECTION,
                    "url": url,
                    "requested_year": year,
                    "year": used,
                    "notice": notice,
                    "pages": pages,
                    "converted_from_rd": converted,
                    "notes": notes,
                    "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "attribution": ATTRIBUTION,
                },
            }
    span = f"{tried[-1]}–{tried[0]}" if len(tried) > 1 else str(year)
    raise DataUnavailableError(
        f"{_WHAT} ({year}): PDOK heeft geen grenzen van arbeidsmarktregio's voor {span}."
    )


# --- validation ---------------------------------------------------------------------------------


def _label(code: str) -> str:
    return f"{code} ({AMR_NAMES[code]})" if code in AMR_NAMES else code


def validate_boundaries(geojson: Any) -> list[str]:
    """Dutch descriptions of everything wrong with a boundaries FeatureCollection ([] = fine).

    Checks the structure, region codes against ``AMR_CODES`` (missing, unknown, duplicate) and
    every geometry (present, Polygon/MultiPolygon, rings closed with ≥ 4 points, in lon/lat
    within the Netherlands).
    """
    if (
        not isinstance(geojson, dict)
        or geojson.get("type") != "FeatureCollection"
        or not isinstance(geojson.get("features"), list)
    ):
        return ["Het grenzenbestand is geen GeoJSON-FeatureCollection."]
    features = geojson["features"]
    if not features:
        return ["Het grenzenbestand bevat geen gebieden."]
    problems: list[str] = []
    counts: dict[str, int] = {}
    for feat in features:
        props = feat.get("properties") if isinstance(feat, dict) else None
        code = _statcode(props) if isinstance(props, dict) else None
        if not code:
            problems.append("Het grenzenbestand bevat een gebied zonder regiocode (statcode).")
            continue
        counts[code] = counts.get(code, 0) + 1
        if code not in AMR_NAMES:
            problems.append(f"Onbekende regiocode in het grenzenbestand: {code}.")
        problems.extend(_geometry_problems(code, feat.get("geometry")))
    for code, n in sorted(counts.items()):
        if n > 1:
            problems.append(f"Regio {_label(code)} komt {n} keer voor in het grenzenbestand.")
    missing = [c for c in AMR_CODES if c not in counts]
    if missing:
        problems.append(
            f"Grenzen ontbreken voor {len(missing)} arbeidsmarktregio('s): "
            + ", ".join(_label(c) for c in missing)
            + "."
        )
    return problems


def _geometry_problems(code: str, geometry: Any) -> list[str]:
    label = _label(code)
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return [f"Regio {label} heeft geen bruikbare geometrie (geen Polygon of MultiPolygon)."]
    coords = geometry.get("coordinates")
    polys = [coords] if geometry["type"] == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        return [f"Regio {label} heeft een lege geometrie."]
    problems: list[str] = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            return [f"Regio {label} heeft een lege geometrie."]
        for ring in poly:
            ok = (
                isinstance(ring, list)
                and len(ring) >= 4
                and all(isinstance(p, list | tuple) and len(p) >= 2 for p in ring)
            )
            if not ok or list(ring[0][:2]) != list(ring[-1][:2]):
                return [f"Regio {label} heeft een rand die niet gesloten is of minder dan 4 punten heeft."]
            try:
                inside = all(2.5 <= float(p[0]) <= 7.6 and 50.5 <= float(p[1]) <= 54.0 for p in ring)
            except (TypeError, ValueError):
                return [f"Regio {label} heeft onleesbare coördinaten."]
            if not inside and not problems:
                problems.append(
                    f"Regio {label} ligt niet in Nederland: de coördinaten zijn geen "
                    "lengte- en breedtegraden (WGS84)."
                )
    return problems


def ensure_usable(geojson: Any, year: int | None = None) -> list[str]:
    """Validate, raising when nothing can be drawn; otherwise return the (non-fatal) problems.

    Raises:
        DataUnavailableError: Not a FeatureCollection, or not one known region with a usable
            geometry.
    """
    problems = validate_boundaries(geojson)
    what = f"{_WHAT} ({year})" if year else _WHAT
    if problems and problems[0] in (
        "Het grenzenbestand is geen GeoJSON-FeatureCollection.",
        "Het grenzenbestand bevat geen gebieden.",
    ):
        raise DataUnavailableError(f"{what}: {problems[0]}")
    usable = [
        f
        for f in geojson["features"]
        if isinstance(f, dict)
        and isinstance(f.get("properties"), dict)
        and _statcode(f["properties"]) in AMR_NAMES
        and not _geometry_problems(_statcode(f["properties"]) or "", f.get("geometry"))
    ]
    if not usable:
        raise DataUnavailableError(
            f"{what}: het grenzenbestand bevat geen enkele bruikbare arbeidsmarktregio."
        )
    return problems


# --- the refresh's entry point --------------------------------------------------------------------


def try_fetch_boundaries(
    year: int,
    base_url: str | None = None,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int | None = MAX_BYTES,
) -> tuple[dict[str, Any] | None, str | None]:
    """Fetch, simplify to ``max_bytes`` (None: not at all) and validate, never raising.

    Returns:
        ``(geojson, None)`` when all is well; ``(geojson, warning)`` when the map is usable but
        incomplete or from an earlier year; ``(None, warning)`` when there is nothing to draw.
        Warnings are Dutch and end by saying the tile map remains available.
    """
    try:
        geo = fetch_boundaries(year, base_url=base_url, timeout=timeout)
        if max_bytes is not None:
            geo = fit_to_budget(geo, max_bytes)
        problems = ensure_usable(geo, year)
    except RegionDataError as err:
        return None, f"{err} De kaart toont de tegelkaart."
    except Exception as err:  # an optional extra must never break the refresh
        return None, (
            f"{_WHAT} ({year}): de grenzen van PDOK konden niet worden verwerkt "
            f"({type(err).__name__}). De kaart toont de tegelkaart."
        )
    notes = [n for n in (geo["metadata"].get("notice"), *problems) if n]
    return geo, (" ".join(notes) if notes else None)


# --- storage ------------------------------------------------------------------------------------


def save_boundaries(path: Path, geojson: dict[str, Any]) -> None:
    """Write the GeoJSON compactly and atomically (a temporary file, then a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, _dumps(geojson).encode("utf-8"))


def load_boundaries(path: Path) -> dict[str, Any] | None:
    """Read stored boundaries; None when the file is missing, damaged or not a FeatureCollection."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
        or not data["features"]
    ):
        return None
    return data
