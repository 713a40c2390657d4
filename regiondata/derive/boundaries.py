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

Geometry work is plain Python + numpy: the RD→WGS84 approximation of Schreutelkamp & Strang van
Hees (accurate to about a metre over the Netherlands, far below what a 4-decimal map shows) and a
Douglas–Peucker simplification that keeps shared borders identical in both neighbours.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import requests

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
MAX_BYTES = 120_000
#: File name of the boundaries inside a snapshot folder.
BOUNDARIES_FILE = "boundaries.geojson"
ATTRIBUTION = "Kaart: CBS, Kadaster (PDOK), CC BY 4.0"

_WHAT = "Grenzen van de arbeidsmarktregio's"
Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior first, then holes

# --- RD New → WGS84 ---------------------------------------------------------------------------

_RD_X0, _RD_Y0 = 155_000.0, 463_000.0
_PHI0, _LAM0 = 52.15517440, 5.38720621
# (p, q, coefficient) for dX**p * dY**q, result in arc seconds.
_K = (
    (0, 1, 3235.65389),
    (2, 0, -32.58297),
    (0, 2, -0.24750),
    (2, 1, -0.84978),
    (0, 3, -0.06550),
    (2, 2, -0.01709),
    (1, 0, -0.00738),
    (4, 0, 0.00530),
    (2, 3, -0.00039),
    (4, 1, 0.00033),
    (1, 1, -0.00012),
)
_L = (
    (1, 0, 5260.52916),
    (1, 1, 105.94684),
    (1, 2, 2.45656),
    (3, 0, -0.81885),
    (1, 3, 0.05594),
    (3, 1, -0.05607),
    (0, 1, 0.01199),
    (3, 2, -0.00256),
    (1, 4, 0.00128),
    (0, 2, 0.00022),
    (2, 0, -0.00022),
    (5, 0, 0.00026),
)


def rd_to_wgs84(x: float, y: float) -> Point:
    """Convert RD New (EPSG:28992) metres to WGS84 ``(lon, lat)`` degrees.

    Uses the public polynomial approximation by Schreutelkamp and Strang van Hees
    ("Benaderingsformules voor de transformatie tussen RD- en WGS84-kaartcoördinaten").
    """
    dx = (x - _RD_X0) * 1e-5
    dy = (y - _RD_Y0) * 1e-5
    lat = _PHI0 + sum(c * dx**p * dy**q for p, q, c in _K) / 3600.0
    lon = _LAM0 + sum(c * dx**p * dy**q for p, q, c in _L) / 3600.0
    return lon, lat


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


def _clean_ring(raw: Any) -> Ring | None:
    """A closed ring of float ``(x, y)`` without repeated points, or None when unusable."""
    if not isinstance(raw, list):
        return None
    ring: Ring = []
    for pt in raw:
        if not isinstance(pt, list | tuple) or len(pt) < 2:
            return None
        try:
            x, y = float(pt[0]), float(pt[1])
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        if not ring or ring[-1] != (x, y):
            ring.append((x, y))
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3:
        return None
    return [*ring, ring[0]]


def _polygons(geometry: Any) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon/MultiPolygon; unusable rings are left out."""
    if not isinstance(geometry, dict):
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        raw_polys = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list):
        raw_polys = coords
    else:
        return []
    out: list[Polygon] = []
    for raw in raw_polys:
        if not isinstance(raw, list) or not raw:
            continue
        exterior = _clean_ring(raw[0])
        if exterior is None:
            continue
        holes = [r for r in (_clean_ring(h) for h in raw[1:]) if r is not None]
        out.append([exterior, *holes])
    return out


def _geometry(polys: list[Polygon]) -> dict[str, Any] | None:
    def coords(poly: Polygon) -> list[list[list[float]]]:
        return [[[x, y] for x, y in ring] for ring in poly]

    if not polys:
        return None
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": coords(polys[0])}
    return {"type": "MultiPolygon", "coordinates": [coords(p) for p in polys]}


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


# --- geometry helpers ---------------------------------------------------------------------------

_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LON_EQ = 111.320


def _signed_area(ring: Ring) -> float:
    """Shoelace area in coordinate units (positive = counter-clockwise)."""
    s = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        s += x0 * y1 - x1 * y0
    return s / 2.0


def _area_km2(ring: Ring) -> float:
    lat = sum(y for _, y in ring) / len(ring)
    kx = _KM_PER_DEG_LON_EQ * math.cos(math.radians(lat))
    return abs(_signed_area(ring)) * kx * _KM_PER_DEG_LAT


def _dp_keep(xs: np.ndarray, ys: np.ndarray, tol: float) -> np.ndarray:
    """Douglas–Peucker: which points of an open polyline to keep (ends always kept)."""
    n = len(xs)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    tol2 = tol * tol
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        dx, dy = xs[j] - xs[i], ys[j] - ys[i]
        px, py = xs[i + 1 : j] - xs[i], ys[i + 1 : j] - ys[i]
        seg2 = dx * dx + dy * dy
        if seg2 > 0:
            t = np.clip((px * dx + py * dy) / seg2, 0.0, 1.0)
            px, py = px - t * dx, py - t * dy
        d2 = px * px + py * py
        k = int(np.argmax(d2))
        if d2[k] > tol2:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    return keep


def _simplify_line(points: list[Point], tol: float, kx: float) -> list[Point]:
    if len(points) <= 2 or tol <= 0:
        return points
    arr = np.asarray(points, dtype=float)
    keep = _dp_keep(arr[:, 0] * kx, arr[:, 1], tol)
    return [p for p, k in zip(points, keep, strict=True) if k]


def _farthest(points: list[Point], i: int, kx: float) -> int:
    x0, y0 = points[i]
    return max(range(len(points)), key=lambda k: ((points[k][0] - x0) * kx) ** 2 + (points[k][1] - y0) ** 2)


def _simplify_ring(ring: Ring, tol: float, kx: float, owners: dict[Point, frozenset[int]] | None) -> Ring:
    """Simplify a closed ring by arcs between junctions, so shared borders stay identical.

    A junction is a vertex whose set of owning rings differs from a neighbour's (where a border
    between two regions starts or ends). Each arc is simplified in a canonical direction, so the
    two regions that share it get exactly the same points.
    """
    pts = ring[:-1]
    n = len(pts)
    if owners is not None:
        own = [owners[p] for p in pts]
        fixed = [i for i in range(n) if own[i] != own[i - 1] or own[i] != own[(i + 1) % n]]
    else:
        fixed = []
    if not fixed:
        fixed = [min(range(n), key=lambda k: pts[k])]
    if len(fixed) == 1:
        far = _farthest(pts, fixed[0], kx)
        fixed = sorted({fixed[0], far})
    if len(fixed) == 1:  # every point is the same: degenerate
        return ring
    out: list[Point] = []
    for a, b in zip(fixed, [*fixed[1:], fixed[0] + n], strict=True):
        arc = [pts[k % n] for k in range(a, b + 1)]
        flip = (arc[-1], arc[-2]) < (arc[0], arc[1])
        if flip:
            arc.reverse()
        simple = _simplify_line(arc, tol, kx)
        if flip:
            simple.reverse()
        out.extend(simple[:-1])
    return [*out, out[0]]


def _round_ring(ring: Ring, decimals: int) -> Ring:
    out: Ring = []
    for x, y in ring:
        p = (round(x, decimals), round(y, decimals))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return [*out, out[0]] if len(out) >= 3 else []


def _orient(ring: Ring, clockwise: bool) -> Ring:
    area = _signed_area(ring)
    return ring[::-1] if (area > 0) == clockwise and area != 0 else ring


def _features_polys(geojson: dict[str, Any]) -> list[tuple[dict[str, Any], list[Polygon]]]:
    if not isinstance(geojson, dict) or not isinstance(geojson.get("features"), list):
        raise DataUnavailableError(f"{_WHAT}: het grenzenbestand is geen GeoJSON-FeatureCollection.")
    return [(f, _polygons(f.get("geometry"))) for f in geojson["features"] if isinstance(f, dict)]


def simplify(
    geojson: dict[str, Any],
    tolerance_deg: float,
    *,
    min_area_km2: float = 1.0,
    decimals: int = 4,
) -> dict[str, Any]:
    """Simplify boundaries for display: Douglas–Peucker per ring, shared borders kept identical.

    Args:
        geojson: A FeatureCollection in lon/lat (as ``fetch_boundaries`` returns).
        tolerance_deg: Largest allowed deviation in degrees of latitude (longitudes are scaled
            by cos(latitude) first, so the tolerance is the same distance in every direction).
        min_area_km2: Islands and holes smaller than this are dropped; a region always keeps its
            largest polygon.
        decimals: Coordinates are rounded to this many decimals (4 ≈ 11 m).

    Returns:
        A new FeatureCollection: every ring closed with at least 4 points, exteriors clockwise and
        holes counter-clockwise (the d3-geo convention Plotly's ``go.Choropleth`` needs; map tiles
        ignore the winding), ``metadata`` extended with the simplification used.

    Raises:
        DataUnavailableError: The input is not a FeatureCollection.
    """
    items = _features_polys(geojson)
    lats = [y for _, polys in items for poly in polys for _, y in poly[0]]
    kx = math.cos(math.radians(sum(lats) / len(lats))) if lats else 1.0

    # 1. drop small islands and holes (never a region's largest polygon)
    kept: list[tuple[dict[str, Any], list[Polygon]]] = []
    for feat, polys in items:
        areas = [_area_km2(p[0]) for p in polys]
        big = max(range(len(polys)), key=lambda k: areas[k]) if polys else -1
        kept.append(
            (
                feat,
                [
                    [p[0], *[h for h in p[1:] if _area_km2(h) >= min_area_km2]]
                    for k, p in enumerate(polys)
                    if k == big or areas[k] >= min_area_km2
                ],
            )
        )

    # 2. who owns each vertex, to find where shared borders begin and end
    owners_sets: dict[Point, set[int]] = {}
    rid = 0
    for _, polys in kept:
        for poly in polys:
            for ring in poly:
                for pt in ring[:-1]:
                    owners_sets.setdefault(pt, set()).add(rid)
                rid += 1
    owners = {pt: frozenset(s) for pt, s in owners_sets.items()}

    # 3. simplify, round, keep rings valid
    out_features = []
    for feat, polys in kept:
        new_polys: list[Polygon] = []
        for poly in polys:
            rings: list[Ring] = []
            for idx, ring in enumerate(poly):
                simple = _round_ring(_simplify_ring(ring, tolerance_deg, kx, owners), decimals)
                tol = tolerance_deg
                while idx == 0 and len(simple) < 4 and tol > 1e-9:
                    tol /= 4  # a collapsed exterior: simplify this ring alone, more gently
                    simple = _round_ring(_simplify_ring(ring, tol, kx, None), decimals)
                if len(simple) >= 4:
                    rings.append(_orient(simple, clockwise=idx == 0))
                elif idx == 0:
                    break  # exterior unusable: drop the polygon
            if rings and len(rings[0]) >= 4 and _signed_area(rings[0]) != 0:
                new_polys.append(rings)
        props = dict(feat.get("properties") or {})
        out_features.append(
            {"type": "Feature", "id": feat.get("id"), "properties": props, "geometry": _geometry(new_polys)}
        )
    meta = dict(geojson.get("metadata") or {})
    meta["simplification"] = {
        "method": "Douglas-Peucker, gedeelde grenzen gelijk gehouden",
        "tolerance_deg": tolerance_deg,
        "min_area_km2": min_area_km2,
        "decimals": decimals,
    }
    return {"type": "FeatureCollection", "features": out_features, "metadata": meta}


def geojson_size(geojson: dict[str, Any]) -> int:
    """Bytes of the compact UTF-8 JSON, as stored and as sent to the browser."""
    return len(_dumps(geojson).encode("utf-8"))


def fit_to_budget(
    geojson: dict[str, Any],
    max_bytes: int = MAX_BYTES,
    start_tolerance: float = 0.0005,
    max_tolerance: float = 0.05,
) -> dict[str, Any]:
    """Simplify with the smallest tolerance (growing ×1.6 from ``start_tolerance``) that fits.

    Returns the coarsest attempt when even ``max_tolerance`` does not fit; its ``metadata``
    then carries ``over_budget: true``.
    """
    tol = start_tolerance
    while True:
        result = simplify(geojson, tol)
        if geojson_size(result) <= max_bytes:
            return result
        if tol >= max_tolerance:
            result["metadata"]["simplification"]["over_budget"] = True
            return result
        tol = min(tol * 1.6, max_tolerance)


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


def _dumps(geojson: dict[str, Any]) -> str:
    return json.dumps(geojson, ensure_ascii=False, separators=(",", ":"))


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
