"""Region boundaries: PDOK download (against a local stub), RD→WGS84, simplification, storage."""

from __future__ import annotations

import copy
import json
import math
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
import pytest

from regiondata.derive import boundaries as b
from regiondata.derive import geometry as g
from regiondata.errors import DataUnavailableError
from regiondata.regions import AMR_CODES

FIXTURE = Path(__file__).parent / "fixtures" / "pdok_arbeidsmarktregio.json"
API_PATH = "/cbs/gebiedsindelingen/ogc/v1"
ITEMS_PATH = f"{API_PATH}/collections/arbeidsmarktregio_gegeneraliseerd/items"
FIXTURE_CODES = ["AM01", "AM02", "AM14", "AM18", "AM30"]


# --- a local stand-in for PDOK's OGC API ----------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # join handler threads on close: nothing outlives a test
    block_on_close = True


class PdokStub:
    """Serves the fixture like PDOK's items endpoint: ``jaarcode`` filter, cursor paging.

    ``mode``: ``ok``, ``500``, ``timeout`` (never answers), ``malformed`` (broken JSON),
    ``not_geojson``, ``empty`` (no year has features), ``ignore_year`` (filter ignored),
    ``fail_page2`` (HTTP 500 after the first page), ``foreign_next`` (next link to another host).
    """

    def __init__(self, features: list[dict[str, Any]], page_size: int = 2) -> None:
        self.features = features
        self.page_size = page_size
        self.mode = "ok"
        self.requests: list[dict[str, str]] = []
        self.release = threading.Event()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.root + API_PATH

    def __enter__(self) -> PdokStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: str, ctype: str = "application/geo+json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Crs", f"<{b.CRS84}>")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = dict(parse_qsl(url.query))
                stub.requests.append({"path": url.path, **query})
                if url.path != ITEMS_PATH:
                    return self._send(404, '{"code":"NotFound"}', "application/json")
                mode = stub.mode
                cursor = int(query.get("cursor", "0"))
                if mode == "500" or (mode == "fail_page2" and cursor > 0):
                    return self._send(500, '{"code":"InternalServerError"}', "application/problem+json")
                if mode == "timeout":
                    stub.release.wait(5)
                    return None
                if mode == "malformed":
                    return self._send(200, '{"type": "FeatureCollection", "features": [')
                if mode == "not_geojson":
                    return self._send(200, '{"title": "CBS gebiedsindelingen"}')
                year = int(query.get("jaarcode", "0"))
                feats = [
                    f for f in stub.features if mode == "ignore_year" or f["properties"]["jaarcode"] == year
                ]
                if mode == "empty":
                    feats = []
                size = min(int(query.get("limit", "10")), 1000, stub.page_size)
                page = feats[cursor : cursor + size]
                links = [{"rel": "self", "type": "application/geo+json", "href": stub.root + self.path}]
                if cursor + size < len(feats):
                    root = "http://example.invalid" if mode == "foreign_next" else stub.root
                    nxt = urlencode({**query, "cursor": cursor + size})
                    links.append(
                        {"rel": "next", "type": "application/geo+json", "href": f"{root}{url.path}?{nxt}"}
                    )
                body = {
                    "type": "FeatureCollection",
                    "timeStamp": "2026-01-05T10:00:00Z",
                    "links": links,
                    "features": page,
                    "numberReturned": len(page),
                }
                return self._send(200, json.dumps(body))

        return Handler


@pytest.fixture(scope="module")
def fixture_features() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["features"]


@pytest.fixture
def pdok(fixture_features) -> Iterator[PdokStub]:
    with PdokStub(copy.deepcopy(fixture_features)) as stub:
        yield stub


@pytest.fixture(scope="module")
def fetched(fixture_features) -> dict[str, Any]:
    """The fixture fetched once through the stub (read-only for the tests that use it)."""
    with PdokStub(copy.deepcopy(fixture_features)) as stub:
        return b.fetch_boundaries(2024, base_url=stub.base_url)


def _rings(geojson: dict[str, Any]) -> Iterator[tuple[str, int, list[list[float]]]]:
    """(code, ring index within its polygon, ring) for every ring."""
    for feat in geojson["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for i, ring in enumerate(poly):
                yield feat["id"], i, ring


def _by_code(geojson: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in geojson["features"]}


# --- RD New → WGS84 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "lat", "lon"),
    [
        (155_000, 463_000, 52.1552, 5.3872),  # Amersfoort, the origin of RD
        (233_883.131, 582_065.167, 53.219383, 6.568201),  # Martinitoren, Groningen
    ],
)
def test_rd_to_wgs84_known_points(x, y, lat, lon):
    got_lon, got_lat = g.rd_to_wgs84(x, y)
    assert got_lat == pytest.approx(lat, abs=1e-4)
    assert got_lon == pytest.approx(lon, abs=1e-4)


# --- download -------------------------------------------------------------------------------------


def test_fetch_follows_paging_and_normalises(pdok):
    geo = b.fetch_boundaries(2024, base_url=pdok.base_url)

    assert geo["type"] == "FeatureCollection"
    assert [f["id"] for f in geo["features"]] == FIXTURE_CODES
    for feat in geo["features"]:
        assert feat["properties"] == {"statcode": feat["id"], "statnaam": feat["properties"]["statnaam"]}
    assert _by_code(geo)["AM30"]["properties"] == {"statcode": "AM30", "statnaam": "Zuid-Limburg"}
    assert _by_code(geo)["AM18"]["properties"]["statnaam"] == "Groot Amsterdam"  # not the 2023 one
    # 5 features, pages of 2: three requests, the first with PDOK's parameters
    assert len(pdok.requests) == 3
    first = pdok.requests[0]
    assert first == {"path": ITEMS_PATH, "f": "json", "limit": "1000", "jaarcode": "2024", "crs": b.CRS84}
    assert [r.get("cursor") for r in pdok.requests] == [None, "2", "4"]
    meta = geo["metadata"]
    assert meta["year"] == meta["requested_year"] == 2024
    assert meta["notice"] is None
    assert meta["pages"] == 3
    assert meta["collection"] == "arbeidsmarktregio_gegeneraliseerd"


def test_fetch_converts_rd_and_keeps_multipolygons(fetched):
    assert fetched["metadata"]["converted_from_rd"] == ["AM14"]
    for code, _, ring in _rings(fetched):
        for lon, lat in ring:
            assert 3.0 < lon < 7.5 and 50.5 < lat < 53.7, code
    amersfoort = _by_code(fetched)["AM14"]["geometry"]["coordinates"][0]
    lons, lats = [p[0] for p in amersfoort], [p[1] for p in amersfoort]
    assert 5.2 < min(lons) < max(lons) < 5.6 and 52.0 < min(lats) < max(lats) < 52.3
    friesland = _by_code(fetched)["AM02"]["geometry"]
    assert friesland["type"] == "MultiPolygon" and len(friesland["coordinates"]) == 3
    amsterdam = _by_code(fetched)["AM18"]["geometry"]
    assert amsterdam["type"] == "Polygon" and len(amsterdam["coordinates"]) == 2  # with its hole


def test_fetch_falls_back_to_newest_earlier_year(pdok):
    geo = b.fetch_boundaries(2026, base_url=pdok.base_url)

    assert [r["jaarcode"] for r in pdok.requests if "cursor" not in r] == ["2026", "2025", "2024"]
    assert geo["metadata"]["requested_year"] == 2026
    assert geo["metadata"]["year"] == 2024
    assert "2026" in geo["metadata"]["notice"] and "2024" in geo["metadata"]["notice"]
    assert [f["id"] for f in geo["features"]] == FIXTURE_CODES


def test_fetch_drops_other_years_when_the_filter_is_ignored(pdok):
    pdok.mode = "ignore_year"
    geo = b.fetch_boundaries(2024, base_url=pdok.base_url)
    assert _by_code(geo)["AM18"]["properties"]["statnaam"] == "Groot Amsterdam"
    assert geo["metadata"]["year"] == 2024
    geo23 = b.fetch_boundaries(2023, base_url=pdok.base_url)
    assert [f["id"] for f in geo23["features"]] == ["AM18"]


def test_fetch_uses_the_configured_url(pdok, monkeypatch):
    monkeypatch.setenv("REGIONDATA_PDOK_URL", pdok.base_url + "/")
    assert b.pdok_url() == pdok.base_url
    geo = b.fetch_boundaries(2024)
    assert len(geo["features"]) == 5 and pdok.requests


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("500", "PDOK gaf een foutmelding (HTTP 500)"),
        ("fail_page2", "PDOK gaf een foutmelding (HTTP 500)"),
        ("malformed", "PDOK stuurde een onleesbaar antwoord"),
        ("not_geojson", "geen GeoJSON-FeatureCollection"),
        ("empty", "PDOK heeft geen grenzen van arbeidsmarktregio's voor 2019–2024"),
        ("foreign_next", "andere server (example.invalid)"),
        ("timeout", "PDOK antwoordde niet binnen 0.3 seconden"),
    ],
)
def test_fetch_failures_are_dutch_and_name_pdok_and_year(pdok, mode, expected):
    pdok.mode = mode
    with pytest.raises(DataUnavailableError) as info:
        b.fetch_boundaries(2024, base_url=pdok.base_url, timeout=(1.0, 0.3))
    message = str(info.value)
    assert expected in message
    assert "PDOK" in message and "(2024)" in message
    assert message.startswith("Grenzen van de arbeidsmarktregio's (2024)")


def test_fetch_connection_refused():
    with socket.socket() as sock:  # a port on which nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DataUnavailableError, match=r"\(2024\): PDOK is niet bereikbaar \(127\.0\.0\.1:"):
        b.fetch_boundaries(2024, base_url=f"http://127.0.0.1:{port}/ogc", timeout=(0.5, 0.5))


def test_normalise_skips_unusable_features():
    raw = [
        {"type": "Feature", "properties": {"statnaam": "zonder code"}, "geometry": None},
        {
            "type": "Feature",
            "properties": {"statcode": "AM05"},
            "geometry": {"type": "Point", "coordinates": [6, 52]},
        },
        {
            "type": "Feature",
            "properties": {"jrstatcode": "2024AM13"},  # code from jrstatcode, name from our list
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[52.0, 5.0], [52.1, 5.0], [52.1, 5.2], [52.0, 5.0]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"statcode": "AM20"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[500000, 6800000], [510000, 6800000], [510000, 6810000], [500000, 6800000]]],
            },
        },
        "garbage",
    ]
    features, converted, notes = b.normalise_features(raw)
    assert [f["id"] for f in features] == ["AM13"]
    assert features[0]["properties"] == {"statcode": "AM13", "statnaam": "Midden-Utrecht"}
    # lat/lon order (as a WFS in EPSG:4326 sends it) is swapped to lon/lat
    assert features[0]["geometry"]["coordinates"][0][0] == [5.0, 52.0]
    assert converted == []
    assert len(notes) == 4
    assert any("AM20" in n and "onbekend stelsel" in n for n in notes)


# --- simplification -------------------------------------------------------------------------------


def _wiggly_edge(
    rng: np.random.Generator, p: tuple[float, float], q: tuple[float, float], n: int, amp: float
):
    t = np.linspace(0.0, 1.0, n)
    base = np.asarray(p) + (np.asarray(q) - np.asarray(p)) * t[:, None]
    direction = np.asarray(q) - np.asarray(p)
    normal = np.array([-direction[1], direction[0]]) / np.linalg.norm(direction)
    walk = np.cumsum(rng.normal(0.0, 1.0, n))
    walk -= walk[0] + (walk[-1] - walk[0]) * t  # a bridge: zero at both ends
    walk *= amp / max(float(np.abs(walk).max()), 1e-12)
    pts = [(float(x), float(y)) for x, y in base + walk[:, None] * normal]
    pts[0], pts[-1] = p, q
    return pts


@pytest.fixture(scope="module")
def dense_grid() -> tuple[dict[str, Any], dict[tuple[str, str], list[tuple[float, float]]]]:
    """35 regions on a 5×7 grid over the Netherlands with wiggly shared borders (~1.3 MB).

    Returns the FeatureCollection and, per pair of neighbours, the points of their border.
    """
    rng = np.random.default_rng(7)
    cols, rows, n, amp = 5, 7, 250, 0.01
    xs, ys = np.linspace(3.4, 7.2, cols + 1), np.linspace(50.8, 53.5, rows + 1)

    def node(i: int, j: int) -> tuple[float, float]:
        return (float(xs[i]), float(ys[j]))

    hor = {
        (i, j): _wiggly_edge(rng, node(i, j), node(i + 1, j), n, amp)
        for i in range(cols)
        for j in range(rows + 1)
    }
    ver = {
        (i, j): _wiggly_edge(rng, node(i, j), node(i, j + 1), n, amp)
        for i in range(cols + 1)
        for j in range(rows)
    }
    codes = {(i, j): AMR_CODES[j * cols + i] for j in range(rows) for i in range(cols)}
    features, shared = [], {}
    for (i, j), code in codes.items():
        ring = hor[i, j][:-1] + ver[i + 1, j][:-1] + hor[i, j + 1][::-1][:-1] + ver[i, j][::-1]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"statcode": code, "statnaam": code},
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
            }
        )
        if i + 1 < cols:
            shared[code, codes[i + 1, j]] = ver[i + 1, j]
        if j + 1 < rows:
            shared[code, codes[i, j + 1]] = hor[i, j + 1]
    return {"type": "FeatureCollection", "features": features}, shared


@pytest.fixture(scope="module")
def fitted(dense_grid) -> dict[str, Any]:
    return b.fit_to_budget(dense_grid[0])


def _assert_valid_rings(geojson: dict[str, Any], decimals: int = 4) -> None:
    for code, idx, ring in _rings(geojson):
        assert len(ring) >= 4, code
        assert ring[0] == ring[-1], code
        assert len({tuple(p) for p in ring[:-1]}) >= 3, code
        for x, y in ring:
            assert round(x, decimals) == x and round(y, decimals) == y
        area = g._signed_area([tuple(p) for p in ring])
        assert (area < 0) if idx == 0 else (area > 0), f"{code}: exterior clockwise, holes counter-clockwise"


def test_fit_to_budget_shrinks_the_netherlands_below_120_kb(dense_grid, fitted):
    raw, _ = dense_grid
    assert g.geojson_size(raw) > 1_000_000
    size = g.geojson_size(fitted)
    assert size <= b.MAX_BYTES
    assert size < g.geojson_size(raw) / 8
    assert [f["id"] for f in fitted["features"]] == list(AMR_CODES)
    assert b.validate_boundaries(fitted) == []
    _assert_valid_rings(fitted)
    simp = fitted["metadata"]["simplification"]
    assert simp["tolerance_deg"] >= 0.0005 and "over_budget" not in simp
    # still detailed enough to look like the borders: far more than four corners per region
    assert all(len(f["geometry"]["coordinates"][0]) > 20 for f in fitted["features"])


def test_simplify_keeps_shared_borders_identical(dense_grid, fitted):
    _, shared = dense_grid
    verts = {f["id"]: {tuple(p) for p in f["geometry"]["coordinates"][0]} for f in fitted["features"]}
    for (a, c), border in shared.items():
        on_border = {(round(x, 4), round(y, 4)) for x, y in border}
        in_a, in_c = verts[a] & on_border, verts[c] & on_border
        assert in_a == in_c, f"gap between {a} and {c}"
        assert len(in_a) >= 2


def test_simplify_drops_tiny_islands_and_keeps_holes(fetched):
    raw_size = g.geojson_size(fetched)
    simple = g.simplify(fetched, 0.001)
    _assert_valid_rings(simple)
    assert g.geojson_size(simple) < raw_size
    friesland = _by_code(simple)["AM02"]["geometry"]
    assert friesland["type"] == "MultiPolygon" and len(friesland["coordinates"]) == 2  # islet gone
    assert len(_by_code(simple)["AM18"]["geometry"]["coordinates"]) == 2  # the hole stays
    assert simple["metadata"]["year"] == 2024  # metadata carried over
    assert simple["metadata"]["simplification"]["tolerance_deg"] == 0.001
    # a large threshold removes the hole and Terschelling, but never a region's largest polygon
    coarse = g.simplify(fetched, 0.001, min_area_km2=5_000)
    assert _by_code(coarse)["AM02"]["geometry"]["type"] == "Polygon"
    assert len(_by_code(coarse)["AM18"]["geometry"]["coordinates"]) == 1
    assert all(f["geometry"] is not None for f in coarse["features"])


def test_simplify_never_collapses_a_region(fetched):
    huge = g.simplify(fetched, 1.0)  # far larger than any region
    _assert_valid_rings(huge)
    assert all(f["geometry"] is not None for f in huge["features"])


def test_simplify_rejects_non_geojson():
    with pytest.raises(DataUnavailableError, match="geen GeoJSON-FeatureCollection"):
        g.simplify({"type": "Feature"}, 0.01)


# --- validation -----------------------------------------------------------------------------------


def _square(x: float, y: float, d: float = 0.1) -> list[list[list[float]]]:
    return [[[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]]]


def _feature(code: str, geometry: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": code,
        "properties": {"statcode": code, "statnaam": code},
        "geometry": geometry,
    }


def test_validate_reports_missing_regions(fetched):
    problems = b.validate_boundaries(fetched)
    assert len(problems) == 1
    assert problems[0].startswith(
        "Grenzen ontbreken voor 30 arbeidsmarktregio('s): AM03 (Drenthe), AM05 (Twente)"
    )
    assert b.ensure_usable(fetched, 2024) == problems


def test_validate_reports_codes_and_geometry_problems():
    full = {
        "type": "FeatureCollection",
        "features": [_feature(c, {"type": "Polygon", "coordinates": _square(5.0, 52.0)}) for c in AMR_CODES],
    }
    assert b.validate_boundaries(full) == []
    bad = copy.deepcopy(full)
    bad["features"][0]["geometry"] = None  # AM01
    bad["features"][1]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[5, 52], [5.1, 52], [5.1, 52.1]]],
    }  # open
    bad["features"][2]["geometry"] = {"type": "Polygon", "coordinates": _square(155000, 463000, 1000)}  # RD
    bad["features"].append(_feature("AM04", {"type": "Polygon", "coordinates": _square(5.0, 52.0)}))
    bad["features"].append(copy.deepcopy(full["features"][3]))  # AM05 twice
    bad["features"].append({"type": "Feature", "properties": {}, "geometry": None})
    problems = b.validate_boundaries(bad)
    text = "\n".join(problems)
    assert "Regio AM01 (Groningen) heeft geen bruikbare geometrie" in text
    assert "Regio AM02 (Friesland) heeft een rand die niet gesloten is" in text
    assert "Regio AM03 (Drenthe) ligt niet in Nederland" in text
    assert "Onbekende regiocode in het grenzenbestand: AM04." in text
    assert "Regio AM05 (Twente) komt 2 keer voor" in text
    assert "zonder regiocode" in text
    assert "ontbreken" not in text  # every known code is present
    assert b.ensure_usable(bad) == problems  # still drawable


@pytest.mark.parametrize(
    "value",
    [None, [], {"type": "Feature"}, {"type": "FeatureCollection", "features": []}],
)
def test_unusable_boundaries_raise(value):
    assert b.validate_boundaries(value)
    with pytest.raises(DataUnavailableError, match=r"arbeidsmarktregio's \(2024\)"):
        b.ensure_usable(value, 2024)


def test_no_known_region_is_unusable():
    geo = {
        "type": "FeatureCollection",
        "features": [_feature("AM04", {"type": "Polygon", "coordinates": _square(5, 52)})],
    }
    with pytest.raises(DataUnavailableError, match="geen enkele bruikbare arbeidsmarktregio"):
        b.ensure_usable(geo)


# --- the refresh's entry point --------------------------------------------------------------------


def test_try_fetch_returns_simplified_geojson_and_warning(pdok):
    geo, warning = b.try_fetch_boundaries(2025, base_url=pdok.base_url)
    assert geo is not None
    assert [f["id"] for f in geo["features"]] == FIXTURE_CODES
    assert "simplification" in geo["metadata"]
    assert g.geojson_size(geo) <= b.MAX_BYTES
    _assert_valid_rings(geo)
    assert warning is not None
    assert "voor 2025" in warning and "indeling van 2024" in warning
    assert "Grenzen ontbreken voor 30" in warning


def test_try_fetch_never_raises(pdok):
    pdok.mode = "500"
    geo, warning = b.try_fetch_boundaries(2024, base_url=pdok.base_url)
    assert geo is None
    assert warning is not None and "PDOK" in warning and "(2024)" in warning and "tegelkaart" in warning


def test_try_fetch_without_warning_for_complete_data(monkeypatch, pdok):
    full = [
        _feature(c, {"type": "Polygon", "coordinates": _square(3.5 + 0.1 * (k % 35), 51.0 + 0.05 * k, 0.04)})
        for k, c in enumerate(AMR_CODES)
    ]
    for f in full:
        f["properties"]["jaarcode"] = 2024
    pdok.features = full
    pdok.page_size = 1000
    geo, warning = b.try_fetch_boundaries(2024, base_url=pdok.base_url, max_bytes=None)
    assert warning is None
    assert geo is not None and len(geo["features"]) == 35 and "simplification" not in geo["metadata"]


# --- storage --------------------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path, fetched):
    path = tmp_path / "snap" / b.BOUNDARIES_FILE
    b.save_boundaries(path, fetched)
    assert b.load_boundaries(path) == fetched
    assert [p.name for p in path.parent.iterdir()] == [b.BOUNDARIES_FILE]  # no temp file left
    assert "\n" not in path.read_text(encoding="utf-8")  # compact


@pytest.mark.parametrize(
    "content",
    [
        b'{"type": "FeatureCollection", "features": [',
        b"\xff\xfe\x00garbage",
        b"[1, 2]",
        b'{"type": "FeatureCollection", "features": []}',
    ],
)
def test_load_damaged_returns_none(tmp_path, content):
    path = tmp_path / b.BOUNDARIES_FILE
    path.write_bytes(content)
    assert b.load_boundaries(path) is None


def test_load_missing_returns_none(tmp_path):
    assert b.load_boundaries(tmp_path / "nope.geojson") is None
    assert b.load_boundaries(tmp_path) is None  # a directory


def test_regiondata_boundaries_does_not_import_streamlit():
    source = Path(b.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in source
    assert math.isfinite(b.MAX_BYTES)
