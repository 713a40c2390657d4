"""The emulator serves CBS's tables exactly as the public evidence shows them.

Every fixture is a claim about CBS. ``tests/cbs_evidence.json`` lists the facts that public code,
documentation and CBS's pages show ([seen] in ``../shared/research/cbs-real-shapes.md``), each
with its source; these tests fetch the emulator's tables over HTTP, the way ``cbsodata`` does, and
fail when a fixture says something else. Shapes that are only inferred or guessed live in
``regiondata/derive/demo/`` with a comment; they are not checked here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import requests

EVIDENCE = json.loads((Path(__file__).parent / "cbs_evidence.json").read_text(encoding="utf-8"))
TABLES: dict[str, dict[str, Any]] = EVIDENCE["tables"]


def _kind(code: str) -> str:
    return "NL" if code == "NL01" else code[:2]


class Feed:
    """Reads one emulated table over HTTP, as cbsodata would."""

    def __init__(self, base_url: str, table_id: str) -> None:
        self.root = f"{base_url}/ODataFeed/odata/{table_id}/"

    def get(self, entity: str, **params: str) -> list[dict[str, Any]]:
        url: str | None = self.root + entity
        query: dict[str, str] | None = {"$format": "json", **params}
        rows: list[dict[str, Any]] = []
        while url:
            reply = requests.get(url, params=query, timeout=30, proxies={"http": "", "https": ""})
            reply.raise_for_status()
            body = reply.json()
            rows += body["value"]
            url, query = body.get("odata.nextLink"), None
        return rows

    @cache  # noqa: B019 - a handful of tables per test, freed with the Feed
    def properties(self) -> list[dict[str, Any]]:
        return self.get("DataProperties")

    def dimension_keys(self) -> list[str]:
        return [p["Key"] for p in self.properties() if str(p.get("Type", "")).endswith("Dimension")]

    def topics(self) -> dict[str, dict[str, Any]]:
        return {p["Key"]: p for p in self.properties() if p.get("Type") == "Topic"}

    def region_dimension(self) -> str:
        # The commuting tables have two region dimensions; residence comes first.
        return next((d for d in ("Regiokenmerken", "WoonregioS") if d in self.dimension_keys()), "RegioS")


@pytest.fixture
def feed(cbs_emulator):
    return lambda table_id: Feed(cbs_emulator.base_url, table_id)


def _with(field: str) -> list[str]:
    return [tid for tid, facts in TABLES.items() if field in facts]


def test_every_evidence_entry_names_its_sources():
    for table_id, facts in TABLES.items():
        assert facts.get("sources"), f"{table_id}: a fact without a source is a guess"


@pytest.mark.parametrize("table_id", _with("dimensions"))
def test_dimensions_are_exactly_the_seen_ones(feed, table_id):
    assert feed(table_id).dimension_keys() == TABLES[table_id]["dimensions"]


@pytest.mark.parametrize("table_id", _with("title"))
def test_titles_are_the_seen_ones(cbs_emulator, table_id):
    info = Feed(cbs_emulator.base_url, table_id).get("TableInfos")[0]
    assert info["Title"] == TABLES[table_id]["title"]


@pytest.mark.parametrize("table_id", _with("topics"))
def test_seen_topics_have_their_keys_and_titles(feed, table_id):
    topics = feed(table_id).topics()
    for key, title in TABLES[table_id]["topics"].items():
        assert key in topics, f"{table_id} lacks topic {key}"
        if title is not None:
            assert topics[key]["Title"] == title
    for key, unit in TABLES[table_id].get("topic_units", {}).items():
        assert topics[key]["Unit"] == unit


@pytest.mark.parametrize("table_id", _with("topics_exactly"))
def test_topics_are_exactly_the_seen_ones(feed, table_id):
    assert sorted(feed(table_id).topics()) == sorted(TABLES[table_id]["topics_exactly"])


@pytest.mark.parametrize("table_id", _with("categories"))
def test_seen_categories_have_their_keys_and_titles(feed, table_id):
    for dimension, categories in TABLES[table_id]["categories"].items():
        listed = {r["Key"].strip(): r["Title"] for r in feed(table_id).get(dimension)}
        for key, title in categories.items():
            assert key in listed, f"{table_id}.{dimension} lacks {key}"
            if title is not None:
                assert listed[key] == title


def test_population_ages_are_single_years_without_groups(feed):
    facts = TABLES["03759ned"]
    titles = [r["Title"] for r in feed("03759ned").get("Leeftijd")]
    for title in facts["category_titles_present"]["Leeftijd"]:
        assert title in titles
    for title in facts["category_titles_absent"]["Leeftijd"]:
        assert title not in titles
    others = [t for t in titles if not re.fullmatch(r"\d+ jaar", t)]
    assert sorted(others) == sorted(facts["only_single_years_besides"]["Leeftijd"])


@pytest.mark.parametrize("table_id", _with("period_pattern"))
def test_periods_have_the_seen_format(feed, table_id):
    facts = TABLES[table_id]
    periods = feed(table_id).get("Perioden")
    assert periods
    assert all(re.fullmatch(facts["period_pattern"], p["Key"].strip()) for p in periods)
    if "period_title_pattern" in facts:
        assert all(re.fullmatch(facts["period_title_pattern"], p["Title"]) for p in periods)


@pytest.mark.parametrize("table_id", _with("region_kinds_include") + _with("region_kinds_exactly"))
def test_region_kinds_are_the_seen_ones(feed, table_id):
    facts, f = TABLES[table_id], feed(table_id)
    kinds = {_kind(r["Key"].strip()) for r in f.get(f.region_dimension())}
    if "region_kinds_exactly" in facts:
        assert kinds == set(facts["region_kinds_exactly"])
        # Not only listed: the data set has figures for every kind, and for no other.
        period = next(p["Key"] for p in f.get("Perioden") if p["Key"].startswith("2020"))
        rows = f.get("TypedDataSet", **{"$select": "RegioS", "$filter": f"Perioden eq '{period}'"})
        assert {_kind(r["RegioS"].strip()) for r in rows} == set(facts["region_kinds_exactly"])
    else:
        assert kinds >= set(facts["region_kinds_include"])


@pytest.mark.parametrize("table_id", _with("region_codes_include"))
def test_region_codes_of_that_year(feed, table_id):
    f = feed(table_id)
    codes = {r["Key"].strip() for r in f.get(f.region_dimension())}
    assert codes >= set(TABLES[table_id]["region_codes_include"])


@pytest.mark.parametrize("table_id", _with("key_width"))
def test_keys_are_padded_to_the_seen_width(feed, table_id):
    for dimension, width in TABLES[table_id]["key_width"].items():
        assert {len(r["Key"]) for r in feed(table_id).get(dimension)} == {width}


@pytest.mark.parametrize("table_id", _with("gebieden_layout"))
def test_gebieden_columns_sit_in_the_seen_groups(feed, table_id):
    props = feed(table_id).properties()
    by_id = {p["ID"]: p for p in props}
    by_key = {p["Key"]: p for p in props if p.get("Type") == "Topic"}
    for key, path, title in TABLES[table_id]["gebieden_layout"]:
        assert key in by_key, f"{table_id} lacks {key}"
        groups, parent = [], by_key[key].get("ParentID")
        while parent is not None:
            groups.insert(0, by_id[parent]["Title"])
            parent = by_id[parent].get("ParentID")
        assert groups == path, f"{table_id}.{key}"
        if title is not None:
            assert by_key[key]["Title"] == title


def test_gebieden_2016_values_are_padded_and_use_that_years_codes(feed):
    facts = TABLES["83287NED"]
    rows = {r["RegioS"].strip(): r for r in feed("83287NED").get("TypedDataSet")}
    for key, width in facts["padded_width"].items():
        assert {len(r[key]) for r in rows.values()} == {width}, key
    for gemeente, code in facts["amr_code_of"].items():
        assert rows[gemeente]["Code_4"].strip() == code


def test_catalog_rows_carry_the_seen_fields(cbs_emulator):
    reply = requests.get(
        f"{cbs_emulator.base_url}/ODataCatalog/Tables",
        params={"$format": "json"},
        timeout=30,
        proxies={"http": "", "https": ""},
    )
    rows = reply.json()["value"]
    assert rows
    for row in rows:
        missing = set(EVIDENCE["catalog"]["fields"]) - set(row)
        assert not missing, f"{row.get('Identifier')}: {missing}"
