"""Geometry for the region boundaries: RD New → WGS84, polygons, Douglas–Peucker simplification.

Plain Python + numpy: the RD→WGS84 approximation of Schreutelkamp & Strang van Hees (accurate to
about a metre over the Netherlands, far below what a 4-decimal map shows) and a Douglas–Peucker
simplification that keeps shared borders identical in both neighbours. ``boundaries`` fetches
and checks; this module only computes.
"""

from __future__ import annotations

import json
import math
from itertools import pairwise
from typing import Any

import numpy as np

from regiondata.errors import DataUnavailableError

_WHAT = "Grenzen van de arbeidsmarktregio's"
Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior first, then holes
MAX_BYTES = 120_000

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
    kept = [(feat, _drop_small_parts(polys, min_area_km2)) for feat, polys in items]
    owners = _vertex_owners(kept)
    out_features = []
    for feat, polys in kept:
        new_polys = [
            p for p in (_simplify_polygon(poly, tolerance_deg, kx, owners, decimals) for poly in polys) if p
        ]
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


def _drop_small_parts(polys: list[Polygon], min_area_km2: float) -> list[Polygon]:
    """Drop islands and holes smaller than ``min_area_km2``, never a region's largest polygon."""
    areas = [_area_km2(p[0]) for p in polys]
    big = max(range(len(polys)), key=lambda k: areas[k]) if polys else -1
    return [
        [p[0], *[h for h in p[1:] if _area_km2(h) >= min_area_km2]]
        for k, p in enumerate(polys)
        if k == big or areas[k] >= min_area_km2
    ]


def _vertex_owners(kept: list[tuple[dict[str, Any], list[Polygon]]]) -> dict[Point, frozenset[int]]:
    """Which rings own each vertex: where a shared border begins and ends."""
    owners_sets: dict[Point, set[int]] = {}
    rid = 0
    for _, polys in kept:
        for poly in polys:
            for ring in poly:
                for pt in ring[:-1]:
                    owners_sets.setdefault(pt, set()).add(rid)
                rid += 1
    return {pt: frozenset(s) for pt, s in owners_sets.items()}


def _simplify_polygon(
    poly: Polygon, tolerance_deg: float, kx: float, owners: dict[Point, frozenset[int]], decimals: int
) -> Polygon | None:
    """Simplify and round one polygon's rings and keep them valid; ``None`` when it collapses."""
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
            return None  # exterior unusable: drop the polygon
    if rings and len(rings[0]) >= 4 and _signed_area(rings[0]) != 0:
        return rings
    return None


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


def _dumps(geojson: dict[str, Any]) -> str:
    return json.dumps(geojson, ensure_ascii=False, separators=(",", ":"))
