"""GeoJSON helpers for the geographic maps: rewinding for Plotly, subsetting, label centres."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any


def _feature_key(feature: Mapping[str, Any], featureidkey: str) -> Any:
    """The value at a dotted ``featureidkey`` (``properties.statcode``) of a feature; ``None`` if absent."""
    node: Any = feature
    for part in featureidkey.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def subset_geojson(geojson: Mapping[str, Any], codes: set[str], featureidkey: str) -> dict[str, Any]:
    """Only the features of ``codes``, so an extra trace does not carry the whole geometry again."""
    features = [f for f in geojson["features"] if _feature_key(f, featureidkey) in codes]
    return {"type": "FeatureCollection", "features": features}


def _largest_ring_centre(geometry: Mapping[str, Any]) -> tuple[float, float] | None:
    """Area-weighted centre (x, y) of the largest outer ring of a (Multi)Polygon; ``None`` if none."""
    polygons = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    best: tuple[float, float, float] | None = None
    for polygon in polygons:
        ring = polygon[0] if polygon else []
        area = cx = cy = 0.0
        for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and (best is None or abs(area) > best[0]):
            best = (abs(area), cx / (3 * area), cy / (3 * area))
    return None if best is None else (best[1], best[2])


def feature_centers(geojson: Mapping[str, Any], featureidkey: str) -> dict[str, tuple[float, float]]:
    """Area-weighted centre (lon, lat) of the largest ring of each feature, for labels."""
    centers: dict[str, tuple[float, float]] = {}
    for feature in geojson.get("features", []):
        key = _feature_key(feature, featureidkey)
        centre = _largest_ring_centre(feature.get("geometry") or {})
        if centre is not None and key is not None:
            centers[str(key)] = (round(centre[0], 4), round(centre[1], 4))
    return centers


def rewind_for_plotly(geojson: Mapping[str, Any], digits: int = 5) -> dict[str, Any]:
    """A copy of a FeatureCollection that Plotly draws correctly, coordinates rounded.

    GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo, which Plotly uses, reads such
    a ring as "the whole globe minus this polygon" and draws nothing useful. Outer rings become
    clockwise and holes counter-clockwise. Rounding to 5 decimals (about 1 m) keeps the JSON small.
    """

    def ring_area(ring: Sequence[Sequence[float]]) -> float:
        return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring)) / 2

    def orient(ring: Sequence[Sequence[float]], clockwise: bool) -> list[list[float]]:
        points = [[round(float(c), digits) for c in point[:2]] for point in ring]
        return points[::-1] if (ring_area(points) < 0) != clockwise else points

    def polygon(rings: Sequence[Any]) -> list[list[list[float]]]:
        return [orient(ring, clockwise=i == 0) for i, ring in enumerate(rings)]

    features = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if kind == "Polygon":
            geometry = {"type": kind, "coordinates": polygon(geometry["coordinates"])}
        elif kind == "MultiPolygon":
            geometry = {"type": kind, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
        features.append(
            {"type": "Feature", "properties": feature.get("properties", {}), "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bounds(geojson: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    """``(lon_min, lat_min, lon_max, lat_max)`` of every coordinate; ``None`` without any."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(node: Any) -> None:
        if (
            isinstance(node, (list, tuple))
            and len(node) >= 2
            and all(isinstance(v, (int, float)) for v in node[:2])
        ):
            lons.append(float(node[0]))
            lats.append(float(node[1]))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    for feature in geojson.get("features", []):
        walk((feature.get("geometry") or {}).get("coordinates", []))
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)
