"""Cleaning CBS's raw shapes: padded keys, renumbered measures, categories by title, Gebieden columns."""

import math

import pytest

from regiondata.cbs.clean import (
    clean_gebieden,
    clean_table,
    is_provisional,
    key_stem,
    resolve_gebieden_columns,
    resolve_measure,
)
from regiondata.cbs.raw import RawTable
from regiondata.cbs.sources import BIJSTAND, JOBS, POPULATION, MeasureSpec
from regiondata.derive.demo import build_world, gebieden_table
from regiondata.errors import SchemaChangedError


def _table(properties, dims, rows, table_id="T1"):
    return RawTable(
        "x", table_id, {"Title": "Testtabel"}, properties, dims, rows, "2026-01-01T00:00:00+00:00"
    )


def _bijstand_table(measure_key="BijstandTotDeAOWLeeftijd_7"):
    props = [
        {"ID": 0, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
        {"ID": 1, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
        {"ID": 2, "Type": "Topic", "Key": "Werkloosheid_4", "Title": "Werkloosheid (WW)"},
        {"ID": 3, "Type": "Topic", "Key": measure_key, "Title": "Bijstand tot de AOW-leeftijd"},
        {
            "ID": 4,
            "Type": "Topic",
            "Key": "ArbeidsongeschiktheidTotaal_8",
            "Title": "Arbeidsongeschiktheid, totaal",
        },
    ]
    dims = {
        "RegioS": [{"Key": k} for k in ("NL01  ", "PV27  ", "GM0363", "GM0014")],
        "Perioden": [
            {"Key": "2023MM11", "Title": "2023 november", "Status": "Definitief"},
            {"Key": "2023MM12", "Title": "2023 december", "Status": "Definitief"},
            {"Key": "2024MM12", "Title": "2024 december*", "Status": "Voorlopig"},
            {"Key": "2014MM12", "Title": "2014 december", "Status": "Definitief"},
        ],
    }
    rows = []
    for reg, base in (("NL01  ", 1000), ("PV27  ", 300), ("GM0363", 100), ("GM0014", 50)):
        for per in ("2023MM11", "2023MM12", "2024MM12", "2014MM12"):
            rows.append(
                {
                    "RegioS": reg,
                    "Perioden": per,
                    measure_key: base,
                    "Werkloosheid_4": 1,
                    "ArbeidsongeschiktheidTotaal_8": None,
                }
            )
    return _table(props, dims, rows)


def test_padded_keys_are_stripped_and_december_kept():
    out = clean_table(_bijstand_table(), BIJSTAND)
    assert sorted(out["region_code"].unique()) == ["GM0014", "GM0363", "NL01"]  # PV dropped, padding gone
    assert sorted(out["period_code"].unique()) == ["2023MM12", "2024MM12"]  # November and 2014 dropped
    gm = out[(out.region_code == "GM0363") & (out.year == 2024)].iloc[0]
    assert gm["bijstand_count"] == 100
    assert bool(gm["provisional"]) is True
    assert out["ao_count"].isna().all()


def test_renumbered_measure_key_is_found_by_its_stem():
    out = clean_table(_bijstand_table("BijstandTotDeAOWLeeftijd_9"), BIJSTAND)
    assert out["bijstand_count"].max() == 1000


def test_missing_measure_names_table_and_lists_topics():
    table = _bijstand_table("Bijstandsuitkeringen_7")
    table.properties[3]["Title"] = "Bijstandsuitkeringen"
    with pytest.raises(SchemaChangedError) as err:
        resolve_measure(table, BIJSTAND.measures[0])
    msg = str(err.value)
    assert "T1" in msg and "Bijstand tot de AOW-leeftijd" in msg
    assert "Werkloosheid (WW)" in msg and "Bijstandsuitkeringen" in msg


def test_measure_found_by_title_when_stem_changed():
    spec = MeasureSpec("x_count", "NieuweNaam", ("Werkloosheid (WW)",))
    assert resolve_measure(_bijstand_table(), spec) == "Werkloosheid_4"


def test_category_total_found_by_title_and_scaled():
    props = [
        {"ID": 0, "Type": "Dimension", "Key": "BedrijfstakkenBranchesSBI2008", "Title": "SBI"},
        {"ID": 1, "Type": "Topic", "Key": "BanenVanWerknemersInDecember_1", "Title": "Banen"},
    ]
    dims = {
        "BedrijfstakkenBranchesSBI2008": [
            {"Key": "X999   ", "Title": "A-U Alle economische activiteiten"},
            {"Key": "301000 ", "Title": "A Landbouw"},
        ],
        "Perioden": [{"Key": "2020JJ00", "Title": "2020", "Status": "Definitief"}],
        "RegioS": [{"Key": "NL01  "}, {"Key": "GM0001"}],
    }
    rows = [
        {"BedrijfstakkenBranchesSBI2008": "X999   ", "RegioS": "NL01  ", "Perioden": "2020JJ00",
         "BanenVanWerknemersInDecember_1": 9.5},
        {"BedrijfstakkenBranchesSBI2008": "X999   ", "RegioS": "GM0001", "Perioden": "2020JJ00",
         "BanenVanWerknemersInDecember_1": 1.5},
        {"BedrijfstakkenBranchesSBI2008": "301000 ", "RegioS": "GM0001", "Perioden": "2020JJ00",
         "BanenVanWerknemersInDecember_1": 0.2},
    ]  # fmt: skip
    out = clean_table(_table(props, dims, rows), JOBS)
    assert out["jobs_count"].tolist() == [1500.0, 9500.0]  # x 1 000, total only


def test_gebieden_columns_found_although_positions_move():
    world = build_world()
    old, new = gebieden_table(world, 2016), gebieden_table(world, 2024)
    cols_old, cols_new = resolve_gebieden_columns(old), resolve_gebieden_columns(new)
    # 83287NED (2016, seen): COROP Code_8, Provincies Code_34, Inwonertal_52; 2024 (seen:
    # Provincies Code_28): the groupings in between changed, so the columns moved.
    assert (cols_old["corop"], cols_old["provincie"], cols_old["population"]) == (
        "Code_8",
        "Code_34",
        "Inwonertal_52",
    )
    assert (cols_new["corop"], cols_new["provincie"], cols_new["population"]) == (
        "Code_10",
        "Code_28",
        "Inwonertal_54",
    )
    mem = clean_gebieden(new, 2024).set_index("gemeente_code")
    assert mem.loc["GM0363", "amr_code"] == "AM18"
    assert mem.loc["GM1706", "amr_code"] == "AM33"  # Cranendonck: Brabant, but Midden-Limburg
    assert mem.loc["GM0363", "corop_code"] == "CR23"
    assert mem["amr_code"].nunique() == 35


def test_gebieden_without_metadata_found_by_values():
    table = gebieden_table(build_world(), 2024)
    for p in table.properties:  # strip the topic groups: metadata no longer says which is which
        p["ParentID"] = None
    cols = resolve_gebieden_columns(table)
    assert cols["amr"] == "Code_4" and cols["corop"] == "Code_10" and cols["provincie"] == "Code_28"


def test_provisional_status_and_stem():
    assert is_provisional({"Status": "Nader voorlopig"})
    assert not is_provisional({"Status": "Definitief"})
    assert is_provisional({"Status": "", "Title": "2024*"})
    assert key_stem("Bijstandsontvangers_2") == "Bijstandsontvangers"
    assert key_stem("Code") == "Code"


def _population_table(missing=None):
    ages = [("10000", "Totaal"), ("10010", "0 jaar")] + [
        (str(10000 + 100 * n), f"{n} jaar") for n in range(1, 20)
    ]
    props = [
        {"ID": 0, "Type": "Dimension", "Key": "Geslacht", "Title": "Geslacht"},
        {"ID": 1, "Type": "Dimension", "Key": "Leeftijd", "Title": "Leeftijd"},
        {"ID": 2, "Type": "Dimension", "Key": "BurgerlijkeStaat", "Title": "Burgerlijke staat"},
        {"ID": 3, "Type": "Topic", "Key": "BevolkingOp1Januari_1", "Title": "Bevolking op 1 januari"},
    ]
    dims = {
        "Geslacht": [{"Key": "T001038", "Title": "Totaal mannen en vrouwen"}],
        "Leeftijd": [{"Key": k, "Title": t} for k, t in ages],
        "BurgerlijkeStaat": [{"Key": "T001019", "Title": "Totaal burgerlijke staat"}],
        "RegioS": [{"Key": "NL01  "}, {"Key": "GM0001"}],
        "Perioden": [{"Key": "2020JJ00", "Title": "2020", "Status": "Definitief"}],
    }
    rows = [
        {"Geslacht": "T001038", "BurgerlijkeStaat": "T001019", "Leeftijd": k, "RegioS": reg,
         "Perioden": "2020JJ00",
         "BevolkingOp1Januari_1": None if (reg, t) == missing else (1000 if k == "10000" else 10)}
        for reg in ("NL01  ", "GM0001")
        for k, t in ages
    ]  # fmt: skip
    return _table(props, dims, rows, table_id="03759ned")


def test_under_15_is_the_sum_of_fifteen_single_years():
    out = clean_table(_population_table(), POPULATION).set_index("region_code")
    assert out.loc["GM0001", "population_count"] == 1000
    assert out.loc["GM0001", "population_0_14_count"] == 15 * 10  # 0..14, not 15..19


def test_a_missing_single_year_value_empties_the_sum_rather_than_undercount():
    out = clean_table(_population_table(missing=("GM0001", "7 jaar")), POPULATION).set_index("region_code")
    assert math.isnan(out.loc["GM0001", "population_0_14_count"])
    assert out.loc["NL01", "population_0_14_count"] == 150
