"""Tests of the CBS OData v3 emulator, driven through the real cbsodata client over HTTP."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import cbsodata
import pytest
import requests
from cbsodata.cbsodata3 import _download_metadata

from tests.cbs_emulator import (
    BoolOp,
    Call,
    CBSEmulator,
    Compare,
    EmulatedTable,
    FieldRef,
    Literal,
    Not,
    ODataQueryError,
    compile_filter,
    parse_filter,
)

# --------------------------------------------------------------------------------------------
# Tables in CBS's real shapes
# --------------------------------------------------------------------------------------------

REGIONS = [
    ("NL01  ", "Nederland", "1"),
    ("PV20  ", "Groningen (PV)", "2"),
    ("PV27  ", "Noord-Holland (PV)", "2"),
    ("GM0014", "Groningen", "3"),
    ("GM0034", "Almere", "3"),
    ("GM0344", "Utrecht", "3"),
    ("GM0363", "Amsterdam", "3"),
    ("GM0518", "'s-Gravenhage", "3"),
]
PERIODS = [("2022JJ00", "2022", "Definitief"), ("2023JJ00", "2023", "Voorlopig")]
GM_CODES = [code for code, _, _ in REGIONS if code.startswith("GM")]


def _bijstand(code: str, year: str) -> int | None:
    """Deterministic test values; Almere 2023 is secret (missing)."""
    if code == "GM0034" and year == "2023JJ00":
        return None
    base = {"NL": 400_000, "PV": 30_000, "GM": 5_000}[code[:2]]
    return base + int(code[2:].strip()) * 10 + (7 if year == "2023JJ00" else 0)


def make_test01() -> EmulatedTable:
    """A small bijstand table like 82015NED: RegioS x Perioden, two topics."""
    info = {
        "ID": 1,
        "Title": "Test bijstand; regio's",
        "ShortTitle": "Test bijstand",
        "Identifier": "TEST01NED",
        "Summary": "Bijstandsontvangers en inwoners per regio",
        "Modified": "2024-03-01T02:00:00",
        "MetaDataModified": "2024-03-01T02:00:00",
        "ReasonDelivery": "Actualisering",
        "OutputStatus": "Regulier",
        "Source": "CBS.",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Perjaar",
        "Period": "2022-2023",
        "RecordCount": 16,
        "ColumnCount": 4,
    }
    properties: list[dict[str, Any]] = [
        {
            "ID": 0,
            "Position": 0,
            "ParentID": None,
            "Type": "GeoDimension",
            "Key": "RegioS",
            "Title": "Regio's",
            "Description": "",
        },
        {
            "ID": 1,
            "Position": 1,
            "ParentID": None,
            "Type": "TimeDimension",
            "Key": "Perioden",
            "Title": "Perioden",
            "Description": "",
        },
        {
            "ID": 2,
            "Position": 2,
            "ParentID": None,
            "Type": "Topic",
            "Key": "Bijstandsontvangers_1",
            "Title": "Bijstandsontvangers",
            "Description": "Personen met een bijstandsuitkering",
            "Datatype": "Long",
            "Unit": "aantal",
            "Decimals": 0,
            "Default": "Impossible",
        },
        {
            "ID": 3,
            "Position": 3,
            "ParentID": None,
            "Type": "Topic",
            "Key": "Inwoners_2",
            "Title": "Inwoners",
            "Description": "",
            "Datatype": "Long",
            "Unit": "aantal",
            "Decimals": 0,
            "Default": "Impossible",
        },
    ]
    dimensions = {
        "RegioS": [
            {"Key": code, "Title": title, "Description": "", "CategoryGroupID": int(group)}
            for code, title, group in REGIONS
        ],
        "Perioden": [
            {"Key": key, "Title": title, "Description": "", "Status": status}
            for key, title, status in PERIODS
        ],
    }
    rows = [
        {
            "RegioS": code,
            "Perioden": period,
            "Bijstandsontvangers_1": _bijstand(code, period),
            "Inwoners_2": 100_000 + int(code[2:].strip()) * 3,
        }
        for code, _, _ in REGIONS
        for period, _, _ in PERIODS
    ]
    groups = [
        {"ID": 1, "DimensionKey": "RegioS", "Title": "Land", "Description": "", "ParentID": None},
        {"ID": 2, "DimensionKey": "RegioS", "Title": "Provincies", "Description": "", "ParentID": 1},
        {"ID": 3, "DimensionKey": "RegioS", "Title": "Gemeenten", "Description": "", "ParentID": 2},
    ]
    return EmulatedTable("TEST01NED", info, properties, dimensions, rows, groups)


def make_80794() -> EmulatedTable:
    """A lower-case id table like 80794ned, with a measure that gets renamed in a new edition."""
    info = {
        "ID": 2,
        "Title": "Personen met een uitkering; uitkeringsontvangers per regio",
        "ShortTitle": "Uitkeringsontvangers per regio",
        "Identifier": "80794ned",
        "Modified": "2025-04-01T02:00:00",
        "OutputStatus": "Regulier",
        "Frequency": "Permaand",
        "Period": "2024 januari - 2024 februari",
    }
    properties: list[dict[str, Any]] = [
        {"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS"},
        {"ID": 1, "Position": 1, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden"},
        {
            "ID": 2,
            "Position": 2,
            "ParentID": None,
            "Type": "Topic",
            "Key": "Werkloosheid_4",
            "Title": "Werkloosheid (WW)",
            "Unit": "aantal personen",
            "Decimals": 0,
        },
        {
            "ID": 3,
            "Position": 3,
            "ParentID": None,
            "Type": "Topic",
            "Key": "BijstandTotDeAOWLeeftijd_7",
            "Title": "Bijstand tot de AOW-leeftijd",
            "Unit": "aantal personen",
            "Decimals": 0,
        },
    ]
    dimensions = {
        "RegioS": [
            {"Key": "NL01  ", "Title": "Nederland", "Description": "", "CategoryGroupID": 1},
            {"Key": "PV27  ", "Title": "Noord-Holland (PV)", "Description": "", "CategoryGroupID": 2},
        ],
        "Perioden": [
            {"Key": "2024MM01", "Title": "2024 januari", "Description": "", "Status": "Definitief"},
            {"Key": "2024MM02", "Title": "2024 februari", "Description": "", "Status": "Voorlopig"},
        ],
    }
    rows = [
        {
            "RegioS": "NL01  ",
            "Perioden": "2024MM01",
            "Werkloosheid_4": 150_000,
            "BijstandTotDeAOWLeeftijd_7": 380_000,
        },
        {
            "RegioS": "NL01  ",
            "Perioden": "2024MM02",
            "Werkloosheid_4": 152_500,
            "BijstandTotDeAOWLeeftijd_7": 379_000,
        },
        {
            "RegioS": "PV27  ",
            "Perioden": "2024MM01",
            "Werkloosheid_4": 27_000,
            "BijstandTotDeAOWLeeftijd_7": 71_000,
        },
        {
            "RegioS": "PV27  ",
            "Perioden": "2024MM02",
            "Werkloosheid_4": 27_400,
            "BijstandTotDeAOWLeeftijd_7": 70_800,
        },
    ]
    return EmulatedTable("80794ned", info, properties, dimensions, rows)


# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------

NO_PROXY = {"http": None, "https": None}


@pytest.fixture
def cbs_options() -> Iterator[None]:
    """Point cbsodata at plain HTTP without proxies; restore its process-global options after."""
    saved = (
        cbsodata.options.catalog_url,
        cbsodata.options.use_https,
        copy.deepcopy(cbsodata.options.requests),
    )
    cbsodata.options.use_https = False
    cbsodata.options.requests["proxies"] = dict(NO_PROXY)
    try:
        yield
    finally:
        cbsodata.options.catalog_url = saved[0]
        cbsodata.options.use_https = saved[1]
        cbsodata.options.requests = saved[2]


@pytest.fixture
def emu(cbs_options: None) -> Iterator[CBSEmulator]:
    """A running emulator with both tables, and cbsodata's catalog_url pointed at it."""
    with CBSEmulator([make_test01(), make_80794()]) as emulator:
        cbsodata.options.catalog_url = emulator.host_port
        yield emulator


def fetch(url: str, **params: str) -> tuple[int, Any]:
    """GET a URL (no proxies) and return (status, parsed JSON body)."""
    with requests.Session() as session:
        session.trust_env = False
        with session.get(url, params=params, timeout=5) as response:
            return response.status_code, response.json()


def error_message(body: dict[str, Any]) -> str:
    """The message of an odata.error body."""
    return body["odata.error"]["message"]["value"]


def typed(table: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Raw TypedDataSet rows (codes, not titles) through cbsodata's own pager."""
    return _download_metadata(table, "TypedDataSet", **kwargs)


# --------------------------------------------------------------------------------------------
# The cbsodata public API against the emulator
# --------------------------------------------------------------------------------------------


def test_get_data_replaces_codes_by_titles(emu: CBSEmulator) -> None:
    data = cbsodata.get_data("TEST01NED")
    assert len(data) == 16
    assert [row["ID"] for row in data] == list(range(16))
    amsterdam = [row for row in data if row["RegioS"] == "Amsterdam"]
    assert amsterdam == [
        {
            "ID": 12,
            "RegioS": "Amsterdam",
            "Perioden": "2022",
            "Bijstandsontvangers_1": 8630,
            "Inwoners_2": 101089,
        },
        {
            "ID": 13,
            "RegioS": "Amsterdam",
            "Perioden": "2023",
            "Bijstandsontvangers_1": 8637,
            "Inwoners_2": 101089,
        },
    ]
    assert {row["RegioS"] for row in data} == {title for _, title, _ in REGIONS}
    assert not any(str(row["RegioS"]).startswith("GM") for row in data)
    # one request per entity set listed in the service document, minus UntypedDataSet
    paths = [urlsplit(r).path for r in emu.requests]
    assert paths == [
        "/ODataFeed/odata/TEST01NED/",
        "/ODataFeed/odata/TEST01NED/TableInfos",
        "/ODataFeed/odata/TEST01NED/TypedDataSet",
        "/ODataFeed/odata/TEST01NED/DataProperties",
        "/ODataFeed/odata/TEST01NED/CategoryGroups",
        "/ODataFeed/odata/TEST01NED/RegioS",
        "/ODataFeed/odata/TEST01NED/Perioden",
    ]


def test_get_data_typed_true_returns_fixed_width_strings(emu: CBSEmulator) -> None:
    # cbsodata's flag is inverted: typed=True downloads UntypedDataSet
    data = cbsodata.get_data("TEST01NED", typed=True)
    by_key = {(row["RegioS"], row["Perioden"]): row for row in data}
    assert by_key[("Nederland", "2023")]["Bijstandsontvangers_1"] == "  400017"
    assert by_key[("Amsterdam", "2023")]["Bijstandsontvangers_1"] == "    8637"
    assert by_key[("Almere", "2023")]["Bijstandsontvangers_1"] == "       ."
    assert {len(row["Bijstandsontvangers_1"]) for row in data} == {8}
    assert by_key[("Nederland", "2023")]["Inwoners_2"] == "  100003"


def test_get_info_matches_table_id_case_insensitively(emu: CBSEmulator) -> None:
    info = cbsodata.get_info("test01ned")
    assert info["Identifier"] == "TEST01NED"
    assert info["Title"] == "Test bijstand; regio's"
    assert info["OutputStatus"] == "Regulier"
    assert info["ID"] == 1
    assert cbsodata.get_info("80794NED")["Identifier"] == "80794ned"


def test_get_meta_data_properties_and_dimensions(emu: CBSEmulator) -> None:
    props = cbsodata.get_meta("TEST01NED", "DataProperties")
    assert [(p["Key"], p["Type"]) for p in props] == [
        ("RegioS", "GeoDimension"),
        ("Perioden", "TimeDimension"),
        ("Bijstandsontvangers_1", "Topic"),
        ("Inwoners_2", "Topic"),
    ]
    assert props[2]["Unit"] == "aantal"
    regions = cbsodata.get_meta("TEST01NED", "RegioS")
    assert [r["Key"] for r in regions] == [code for code, _, _ in REGIONS]
    assert regions[0] == {"Key": "NL01  ", "Title": "Nederland", "Description": "", "CategoryGroupID": 1}
    periods = cbsodata.get_meta("TEST01NED", "Perioden")
    assert [(p["Key"], p["Status"]) for p in periods] == [
        ("2022JJ00", "Definitief"),
        ("2023JJ00", "Voorlopig"),
    ]
    groups = cbsodata.get_meta("TEST01NED", "CategoryGroups")
    assert [g["Title"] for g in groups] == ["Land", "Provincies", "Gemeenten"]
    assert cbsodata.get_meta("80794ned", "CategoryGroups") == []


def test_get_table_list_filters_and_selects(emu: CBSEmulator) -> None:
    tables = cbsodata.get_table_list(filters="substringof('test',tolower(Title))")
    assert [t["Identifier"] for t in tables] == ["TEST01NED"]
    assert tables[0]["Modified"] == "2024-03-01T02:00:00"
    everything = cbsodata.get_table_list(select=["Identifier", "Frequency"])
    assert everything == [
        {"Identifier": "TEST01NED", "Frequency": "Perjaar"},
        {"Identifier": "80794ned", "Frequency": "Permaand"},
    ]
    assert urlsplit(emu.requests[-1]).path == "/ODataCatalog/Tables"


def test_explicit_catalog_is_served(cbs_options: None) -> None:
    catalog = [
        {"Identifier": "82015NED", "Title": "Bijstandsuitkeringen", "OutputStatus": "Regulier"},
        {"Identifier": "37789ksz", "Title": "Sociale zekerheid", "OutputStatus": "Gediscontinueerd"},
    ]
    with CBSEmulator([make_test01()], catalog=catalog) as emulator:
        rows = cbsodata.get_table_list(
            filters="OutputStatus eq 'Regulier'",
            catalog_url=emulator.host_port,
        )
    assert rows == [catalog[0]]


def test_download_metadata_filter_select_returns_padded_codes(emu: CBSEmulator) -> None:
    rows = typed(
        "TEST01NED",
        select=["RegioS", "Perioden", "Bijstandsontvangers_1"],
        filters="startswith(RegioS,'GM') and Perioden eq '2023JJ00'",
    )
    assert rows == [
        {"RegioS": code, "Perioden": "2023JJ00", "Bijstandsontvangers_1": _bijstand(code, "2023JJ00")}
        for code in GM_CODES
    ]
    assert rows[1]["Bijstandsontvangers_1"] is None  # Almere 2023 is secret
    with_id = typed("TEST01NED", select="ID,RegioS", filters="RegioS eq 'NL01  '")
    assert with_id == [{"ID": 0, "RegioS": "NL01  "}, {"ID": 1, "RegioS": "NL01  "}]


def test_feed_pages_through_next_links(emu: CBSEmulator) -> None:
    emu.page_size = 2
    rows = typed("TEST01NED", select="ID,RegioS,Perioden", filters="startswith(RegioS,'GM')")
    assert len(rows) == 10
    assert sorted(row["ID"] for row in rows) == list(range(6, 16))
    assert {row["RegioS"] for row in rows} == set(GM_CODES)
    decoded = [unquote(r) for r in emu.requests]
    assert len(decoded) == 5
    assert "$skip" not in decoded[0]
    skips = [parse_qs(urlsplit(r).query)["$skip"] for r in decoded[1:]]
    assert skips == [["2"], ["4"], ["6"], ["8"]]
    for request in decoded[1:]:  # every follow-up carries the original query
        query = parse_qs(urlsplit(request).query)
        assert query["$filter"] == ["startswith(RegioS,'GM')"]
        assert query["$select"] == ["ID,RegioS,Perioden"]
        assert query["$format"] == ["json"]


def test_next_link_is_absolute_and_url_encoded(emu: CBSEmulator) -> None:
    emu.page_size = 1
    filter_text = "Title ne 'a+b&c=d#e'' f' and startswith(Key,'GM')"
    status, body = fetch(
        emu.base_url + "/ODataFeed/odata/TEST01NED/RegioS", **{"$format": "json", "$filter": filter_text}
    )
    assert status == 200
    assert body["value"] == [{"Key": "GM0014", "Title": "Groningen", "Description": "", "CategoryGroupID": 3}]
    link = body["odata.nextLink"]
    assert link.startswith(emu.base_url + "/ODataFeed/odata/TEST01NED/RegioS?")
    assert parse_qs(urlsplit(link).query) == {
        "$format": ["json"],
        "$filter": [filter_text],
        "$skip": ["1"],
    }
    keys = []
    url: str | None = link
    while url:
        status, page = fetch(url)
        assert status == 200
        keys += [row["Key"] for row in page["value"]]
        url = page.get("odata.nextLink")
    assert keys == GM_CODES[1:]


def test_skip_top_and_orderby_on_dimension_lists(emu: CBSEmulator) -> None:
    url = emu.base_url + "/ODataFeed/odata/TEST01NED/RegioS"
    _, body = fetch(url, **{"$skip": "2", "$top": "3", "$select": "Key"})
    assert body["value"] == [{"Key": "PV27  "}, {"Key": "GM0014"}, {"Key": "GM0034"}]
    _, body = fetch(url, **{"$orderby": "Title desc", "$top": "2", "$select": "Title"})
    assert body["value"] == [{"Title": "Utrecht"}, {"Title": "Noord-Holland (PV)"}]
    emu.page_size = 2
    _, body = fetch(url, **{"$top": "3", "$select": "Key", "$inlinecount": "allpages"})
    assert body["odata.count"] == "8"
    assert body["value"] == [{"Key": "NL01  "}, {"Key": "PV20  "}]
    assert parse_qs(urlsplit(body["odata.nextLink"]).query)["$top"] == ["1"]
    _, rest = fetch(body["odata.nextLink"])
    assert rest["value"] == [{"Key": "PV27  "}]
    assert "odata.nextLink" not in rest


def test_service_document_lists_every_entity_set(emu: CBSEmulator) -> None:
    for path in ("/ODataFeed/odata/TEST01NED/", "/ODataApi/OData/test01ned", "/odatafeed/ODATA/TEST01NED"):
        status, body = fetch(emu.base_url + path, **{"$format": "json"})
        assert status == 200, path
        service = "ODataApi" if "Api" in path else "ODataFeed"
        root = f"{emu.base_url}/{service}/odata/TEST01NED/"
        assert body["odata.metadata"] == root + "$metadata"
        assert body["value"] == [
            {"name": name, "url": root + name}
            for name in (
                "TableInfos",
                "UntypedDataSet",
                "TypedDataSet",
                "DataProperties",
                "CategoryGroups",
                "RegioS",
                "Perioden",
            )
        ]


def test_api_route_serves_json_and_refuses_more_than_10000_rows(cbs_options: None) -> None:
    big = EmulatedTable(
        "BIG01NED",
        {"Identifier": "BIG01NED", "Title": "Groot"},
        [{"Key": "Nummer", "Type": "Dimension"}, {"Key": "Waarde_1", "Type": "Topic"}],
        {"Nummer": [{"Key": f"{i:06d}", "Title": str(i)} for i in range(10_001)]},
        [{"Nummer": f"{i:06d}", "Waarde_1": i} for i in range(10_001)],
    )
    with CBSEmulator([big]) as emulator:
        api = emulator.base_url + "/ODataApi/odata/BIG01NED/TypedDataSet"
        status, body = fetch(api, **{"$format": "json"})
        assert status == 500
        assert error_message(body) == "query returns more than 10000 records"
        status, body = fetch(api, **{"$format": "json", "$filter": "Waarde_1 lt 10000"})
        assert status == 200
        assert len(body["value"]) == 10_000
        assert "odata.nextLink" not in body
        status, body = fetch(api, **{"$top": "5", "$skip": "9998"})
        assert [row["Waarde_1"] for row in body["value"]] == [9998, 9999, 10000]
        # the Feed pages the same request instead
        rows = typed("BIG01NED", select="Waarde_1", catalog_url=emulator.host_port)
        assert [row["Waarde_1"] for row in rows] == list(range(10_001))
        assert sum("$skip=" in r for r in emulator.requests) == 10


def test_unknown_table_or_entity_is_404(emu: CBSEmulator) -> None:
    status, body = fetch(emu.base_url + "/ODataFeed/odata/99999NED/TypedDataSet")
    assert status == 404
    assert body == {
        "odata.error": {
            "code": "",
            "message": {
                "lang": "en-US",
                "value": "Resource not found for the segment '99999NED'.",
            },
        }
    }
    status, body = fetch(emu.base_url + "/ODataFeed/odata/TEST01NED/Geslacht")
    assert (status, error_message(body)) == (404, "Resource not found for the segment 'Geslacht'.")
    status, _ = fetch(emu.base_url + "/ODataCatalog/Themes")
    assert status == 404
    with pytest.raises(requests.HTTPError, match="404"):
        cbsodata.get_info("99999NED")


def test_bad_select_or_filter_is_400(emu: CBSEmulator) -> None:
    url = emu.base_url + "/ODataFeed/odata/TEST01NED/TypedDataSet"
    status, body = fetch(url, **{"$select": "RegioS,Onbekend_9"})
    assert status == 400
    assert "Onbekend_9" in error_message(body)
    for bad in ("RegioS eq", "RegioS = 'GM0363'", "Onbekend eq 'x'", "Perioden eq 2023JJ00"):
        status, body = fetch(url, **{"$filter": bad})
        assert status == 400, bad
        assert body["odata.error"]["message"]["lang"] == "en-US"
    status, _ = fetch(url, **{"$skip": "-1"})
    assert status == 400
    with pytest.raises(requests.HTTPError, match="400"):
        typed("TEST01NED", filters="RegioS eq 'GM0363' and")


def test_filters_on_topics_and_other_entity_sets(emu: CBSEmulator) -> None:
    rows = typed("TEST01NED", select="RegioS", filters="Bijstandsontvangers_1 gt 30000")
    assert [r["RegioS"] for r in rows] == ["NL01  ", "NL01  ", "PV20  ", "PV20  ", "PV27  ", "PV27  "]
    missing = typed("TEST01NED", select="RegioS,Perioden", filters="Bijstandsontvangers_1 eq null")
    assert missing == [{"RegioS": "GM0034", "Perioden": "2023JJ00"}]
    status, body = fetch(
        emu.base_url + "/ODataFeed/odata/TEST01NED/RegioS",
        **{"$filter": "Title eq '''s-Gravenhage'", "$select": "Key"},
    )
    assert (status, body["value"]) == (200, [{"Key": "GM0518"}])
    props = fetch(
        emu.base_url + "/ODataFeed/odata/TEST01NED/DataProperties",
        **{"$filter": "Type eq 'Topic'", "$select": "Key"},
    )[1]["value"]
    assert props == [{"Key": "Bijstandsontvangers_1"}, {"Key": "Inwoners_2"}]
    # UntypedDataSet measures are strings, so a numeric comparison is a type error
    status, _ = fetch(
        emu.base_url + "/ODataFeed/odata/TEST01NED/UntypedDataSet",
        **{"$filter": "Bijstandsontvangers_1 gt 30000"},
    )
    assert status == 400


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------


def test_fault_http500_raises_http_error(emu: CBSEmulator) -> None:
    emu.set_fault("TEST01NED", "http500", entity="TypedDataSet")
    with pytest.raises(requests.HTTPError, match="500 Server Error"):
        cbsodata.get_data("TEST01NED")
    assert cbsodata.get_info("TEST01NED")["Identifier"] == "TEST01NED"  # other sets unaffected
    assert len(typed("80794ned")) == 4  # other tables unaffected
    status, body = fetch(emu.base_url + "/ODataFeed/odata/TEST01NED/TypedDataSet")
    assert status == 500
    assert "odata.error" in body
    emu.clear_faults()
    assert len(cbsodata.get_data("TEST01NED")) == 16


def test_fault_without_table_hits_the_catalog(emu: CBSEmulator) -> None:
    emu.set_fault(None, "http500", entity="Tables")
    with pytest.raises(requests.HTTPError, match="table list failed"):
        cbsodata.get_table_list()
    assert cbsodata.get_info("80794ned") is not None
    emu.clear_faults()
    emu.set_fault(None, "http500")
    with pytest.raises(requests.HTTPError):
        cbsodata.get_info("80794ned")


def test_fault_after_one_fails_the_second_page(emu: CBSEmulator) -> None:
    emu.page_size = 2
    emu.set_fault("test01ned", "http500", entity="TypedDataSet", after=1)
    with pytest.raises(requests.HTTPError, match="500"):
        typed("TEST01NED", filters="startswith(RegioS,'GM')")
    decoded = [unquote(r) for r in emu.requests]
    assert len(decoded) == 2
    assert "$skip=2" in decoded[1]
    assert emu.rows_sent == 2  # the first page was served normally


def test_fault_stall_times_out_and_server_stays_responsive(emu: CBSEmulator) -> None:
    emu.set_fault("TEST01NED", "stall", entity="TypedDataSet", seconds=3.0)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        typed("TEST01NED", timeout=0.5)
    assert time.monotonic() - started < 2.0
    # while that handler still sleeps, other requests are answered at once
    started = time.monotonic()
    assert cbsodata.get_info("TEST01NED")["Identifier"] == "TEST01NED"
    assert time.monotonic() - started < 1.0


def test_stop_is_prompt_while_a_handler_stalls(cbs_options: None) -> None:
    emulator = CBSEmulator([make_test01()]).start()
    emulator.set_fault(None, "stall", seconds=30.0)
    outcome: list[BaseException | None] = []

    def stalled_call() -> None:
        try:
            typed("TEST01NED", catalog_url=emulator.host_port, timeout=10)
            outcome.append(None)
        except BaseException as exc:  # record whatever the client raised
            outcome.append(exc)

    worker = threading.Thread(target=stalled_call)
    worker.start()
    deadline = time.monotonic() + 2
    while not emulator.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    assert emulator.requests
    started = time.monotonic()
    emulator.stop()
    assert time.monotonic() - started < 1.0
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert isinstance(outcome[0], requests.exceptions.ConnectionError)


def test_fault_malformed_json_raises_json_decode_error(emu: CBSEmulator) -> None:
    emu.set_fault("TEST01NED", "malformed_json", entity="DataProperties")
    with pytest.raises(json.JSONDecodeError):
        cbsodata.get_meta("TEST01NED", "DataProperties")
    with requests.Session() as session:
        session.trust_env = False
        url = emu.base_url + "/ODataFeed/odata/TEST01NED/DataProperties"
        with session.get(url, timeout=5) as response:
            assert response.status_code == 200
            assert response.text.startswith("<!DOCTYPE html>")


def test_fault_truncated_json_raises_json_error(emu: CBSEmulator) -> None:
    emu.set_fault("TEST01NED", "truncated_json", entity="TypedDataSet")
    with pytest.raises(json.JSONDecodeError):
        typed("TEST01NED")
    emu.clear_faults()
    emu.reset_stats()
    typed("TEST01NED")
    whole = emu.bytes_sent
    emu.set_fault("TEST01NED", "truncated_json", entity="TypedDataSet")
    emu.reset_stats()
    with pytest.raises(ValueError):  # JSONDecodeError is a ValueError
        typed("TEST01NED")
    assert emu.bytes_sent == whole // 2
    assert emu.rows_sent == 0


def test_fault_rename_measure_behaves_like_a_new_edition(emu: CBSEmulator) -> None:
    old, new = "BijstandTotDeAOWLeeftijd_7", "BijstandTotDeAOWLeeftijd_9"
    emu.set_fault("80794ned", "rename_measure", renames={old: new})
    keys = [p["Key"] for p in cbsodata.get_meta("80794ned", "DataProperties")]
    assert keys == ["RegioS", "Perioden", "Werkloosheid_4", new]
    with pytest.raises(requests.HTTPError, match="400"):
        typed("80794ned", select=["RegioS", old])
    with pytest.raises(requests.HTTPError, match="400"):
        typed("80794ned", filters=f"{old} gt 0")
    rows = typed("80794ned", select=["RegioS", new], filters=f"{new} gt 75000")
    assert rows == [
        {"RegioS": "NL01  ", new: 380_000},
        {"RegioS": "NL01  ", new: 379_000},
    ]
    untyped = cbsodata.get_data("80794ned", typed=True)
    assert untyped[0][new] == "  380000"
    assert old not in untyped[0]
    emu.clear_faults()
    assert typed("80794ned", select=[old], filters="RegioS eq 'PV27  '") == [
        {old: 71_000},
        {old: 70_800},
    ]


def test_fault_empty_returns_no_rows_but_metadata(emu: CBSEmulator) -> None:
    emu.set_fault("TEST01NED", "empty")
    assert cbsodata.get_data("TEST01NED") == []
    assert typed("TEST01NED", select="RegioS", filters="startswith(RegioS,'GM')") == []
    assert len(cbsodata.get_meta("TEST01NED", "DataProperties")) == 4
    assert len(cbsodata.get_meta("TEST01NED", "RegioS")) == 8
    status, _ = fetch(emu.base_url + "/ODataFeed/odata/TEST01NED/TypedDataSet", **{"$select": "Nope"})
    assert status == 400  # the query is still validated


def test_set_fault_rejects_unknown_kinds(emu: CBSEmulator) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        emu.set_fault(None, "teapot")
    with pytest.raises(ValueError, match="renames"):
        emu.set_fault(None, "rename_measure")


# --------------------------------------------------------------------------------------------
# The $filter parser
# --------------------------------------------------------------------------------------------

ROWS = make_test01().rows


def matching(expression: str) -> list[tuple[str, str]]:
    """(RegioS, Perioden) of the test rows that match the expression."""
    types = {"RegioS": "string", "Perioden": "string", "Bijstandsontvangers_1": "number"}
    predicate = compile_filter(expression, list(types), types)
    return [(r["RegioS"], r["Perioden"]) for r in ROWS if predicate(r)]


def test_parser_and_binds_tighter_than_or() -> None:
    a, b, c = (Compare("eq", FieldRef(n), Literal(1)) for n in "abc")
    assert parse_filter("a eq 1 or b eq 1 and c eq 1") == BoolOp("or", a, BoolOp("and", b, c))
    assert parse_filter("a eq 1 and b eq 1 or c eq 1") == BoolOp("or", BoolOp("and", a, b), c)
    assert parse_filter("(a eq 1 or b eq 1) and c eq 1") == BoolOp("and", BoolOp("or", a, b), c)
    assert parse_filter("a eq 1 or b eq 1 or c eq 1") == BoolOp("or", BoolOp("or", a, b), c)


def test_parser_not_binds_tighter_than_comparison() -> None:
    assert parse_filter("not startswith(RegioS,'GM')") == Not(
        Call("startswith", (FieldRef("RegioS"), Literal("GM")))
    )
    assert parse_filter("not a eq true") == Compare("eq", Not(FieldRef("a")), Literal(True))
    # as on CBS: 'not' applied to a string field is a type error
    with pytest.raises(ODataQueryError, match="Operator 'not' incompatible"):
        matching("not RegioS eq 'NL01  '")
    assert matching("not (RegioS eq 'NL01  ') and Perioden eq '2022JJ00'")[0] == (
        "PV20  ",
        "2022JJ00",
    )
    assert matching("not startswith(RegioS,'GM') and Perioden eq '2023JJ00'") == [
        ("NL01  ", "2023JJ00"),
        ("PV20  ", "2023JJ00"),
        ("PV27  ", "2023JJ00"),
    ]


def test_parser_precedence_changes_results() -> None:
    loose = matching("RegioS eq 'NL01  ' or RegioS eq 'PV27  ' and Perioden eq '2023JJ00'")
    assert loose == [("NL01  ", "2022JJ00"), ("NL01  ", "2023JJ00"), ("PV27  ", "2023JJ00")]
    grouped = matching("(RegioS eq 'NL01  ' or RegioS eq 'PV27  ') and Perioden eq '2023JJ00'")
    assert grouped == [("NL01  ", "2023JJ00"), ("PV27  ", "2023JJ00")]


def test_parser_string_literals_and_numbers() -> None:
    assert parse_filter("Title eq '''s-Gravenhage'") == Compare(
        "eq", FieldRef("Title"), Literal("'s-Gravenhage")
    )
    assert parse_filter("Title eq 'it''s ''quoted'''").right == Literal("it's 'quoted'")
    assert parse_filter("Title eq ''").right == Literal("")
    assert parse_filter("X gt -1.5").right == Literal(-1.5)
    assert parse_filter("X le 2023").right == Literal(2023)
    assert parse_filter("X ne 10M").right == Literal(10)
    assert parse_filter("X eq null").right == Literal(None)
    predicate = compile_filter("Title eq '''s-Gravenhage'", ["Title"])
    assert predicate({"Title": "'s-Gravenhage"})
    assert not predicate({"Title": "s-Gravenhage"})


def test_padded_keys_compare_literally() -> None:
    assert matching("RegioS eq 'NL01'") == []
    assert matching("RegioS eq 'NL01  '") == [("NL01  ", "2022JJ00"), ("NL01  ", "2023JJ00")]
    assert matching("trim(RegioS) eq 'NL01'") == [("NL01  ", "2022JJ00"), ("NL01  ", "2023JJ00")]
    assert matching("RegioS eq 'GM0363'") == [("GM0363", "2022JJ00"), ("GM0363", "2023JJ00")]
    assert matching("endswith(RegioS,'  ') and Perioden eq '2022JJ00'") == [
        ("NL01  ", "2022JJ00"),
        ("PV20  ", "2022JJ00"),
        ("PV27  ", "2022JJ00"),
    ]
    assert matching("substringof('V2',RegioS) and Perioden ge '2023'") == [
        ("PV20  ", "2023JJ00"),
        ("PV27  ", "2023JJ00"),
    ]
    assert len(matching("toupper(tolower(RegioS)) eq RegioS")) == 16


def test_null_comparisons() -> None:
    assert matching("Bijstandsontvangers_1 eq null") == [("GM0034", "2023JJ00")]
    assert ("GM0034", "2023JJ00") not in matching("Bijstandsontvangers_1 lt 99999999")
    # comparisons with null are false (not unknown), as in .NET: 'not' turns them true
    assert ("GM0034", "2023JJ00") in matching("not (Bijstandsontvangers_1 gt 0)")
    assert len(matching("Bijstandsontvangers_1 ne null")) == 15


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "RegioS",
        "RegioS eq",
        "RegioS == 'x'",
        "RegioS eq 'x",
        "(RegioS eq 'x'",
        "RegioS eq 'x')",
        "RegioS eq 'x' and",
        "RegioS eq 'x' AND Perioden eq 'y'",
        "Perioden eq 2023JJ00",
        "RegioS eq 1",
        "frobnicate(RegioS) eq 'x'",
        "startswith(RegioS) eq true",
        "startswith(RegioS, 1)",
        "Onbekend eq 'x'",
        "RegioS eq 'x' Perioden eq 'y'",
        "eq eq 'x'",
        "RegioS eq 'x' or 1",
    ],
)
def test_parser_rejects_garbage(garbage: str) -> None:
    with pytest.raises(ODataQueryError):
        compile_filter(garbage, ["RegioS", "Perioden"], {"RegioS": "string", "Perioden": "string"})


# --------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------


def test_stats_count_what_was_served(emu: CBSEmulator) -> None:
    emu.reset_stats()
    assert (emu.requests, emu.bytes_sent, emu.rows_sent) == ([], 0, 0)
    url = emu.base_url + "/ODataFeed/odata/TEST01NED/TypedDataSet"
    with requests.Session() as session:
        session.trust_env = False
        with session.get(url, params={"$filter": "Perioden eq '2023JJ00'"}, timeout=5) as first:
            assert len(first.json()["value"]) == 8
        with session.get(emu.base_url + "/ODataFeed/odata/TEST01NED/RegioS", timeout=5) as second:
            assert second.status_code == 200
    assert emu.rows_sent == 8  # dimension lists do not count as data rows
    assert emu.bytes_sent == len(first.content) + len(second.content)
    assert len(emu.requests) == 2
    assert emu.requests[1] == "/ODataFeed/odata/TEST01NED/RegioS"


def test_full_size_equals_an_unfiltered_get_data(emu: CBSEmulator) -> None:
    emu.page_size = 3
    full_rows, full_bytes = emu.full_size("test01ned")
    assert emu.requests == []  # computed, not served
    assert full_rows == 16
    cbsodata.get_data("TEST01NED")
    assert (emu.rows_sent, emu.bytes_sent) == (full_rows, full_bytes)
    emu.reset_stats()
    rows = typed("TEST01NED", select="RegioS,Bijstandsontvangers_1", filters="RegioS eq 'GM0363'")
    assert len(rows) == emu.rows_sent == 2
    assert 0 < emu.bytes_sent < full_bytes
    with pytest.raises(KeyError):
        emu.full_size("00000NED")
