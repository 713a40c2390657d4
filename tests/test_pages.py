"""AppTest for the dashboard pages: what a user sees, interactions, URL state, bad input."""

import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.derive.snapshot import current_name, load_snapshot
from regiondata.derive.snapshot_write import write_snapshot
from regiondata.model.export import export_csv
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def demo(data_home):
    """The demo snapshot in this test's data home."""
    build_demo_snapshot(load_settings())
    return load_snapshot(load_settings().snapshots_dir)


def open_app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def table_with(at: AppTest, column: str):
    """The first table or data grid on the page that has this column, its row header as a column."""
    frames = [t.value.reset_index() for t in at.table] + [d.value for d in at.dataframe]
    return next(f for f in frames if column in f.columns)


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_overview_shows_key_figures_map_and_quadrant(demo):
    at = open_app(regio="AM18", van="2015", tot="2024")
    assert at.title[0].value == "Twee werelden"
    assert "Groot Amsterdam" in at.subheader[0].value
    regions = demo.derived.regions
    am18 = regions.query("level == 'amr' and region_code == 'AM18' and year == 2024").iloc[0]
    assert metric(at, "Bijstand per 1.000 (2024)") == f"{am18['bijstand_per_1000']:.1f}".replace(".", ",")
    assert all(m.delta.startswith("Nederland:") for m in at.metric)
    # Short labels fit four narrow columns at 1280 px; the help names the measure in full.
    growth = at.metric[2]
    assert growth.label == "Banen 2015–2024" and "Banen van werknemers" in growth.help
    figs = charts(at)
    assert len(figs) == 2
    quadrant = figs[1]
    codes = {c[0] for t in quadrant["data"] for c in (t.get("customdata") or []) if isinstance(c, list)}
    assert len(codes & {"AM18", "AM01", "AM38"}) == 3
    assert "Bron: CBS" in json.dumps(quadrant["layout"]["annotations"])
    # What reaches the browser has no template (even from the cache) and a data revision, so the
    # redraw Streamlit's frontend makes right after the first draw is not a full one.
    at.run()  # the second run reads the charts from the cache
    for fig in charts(at):
        assert "template" not in fig["layout"] and fig["layout"]["datarevision"]
    selectable = charts(at)[0]["layout"]
    assert (selectable["clickmode"], selectable["dragmode"]) == ("event+select", "pan")


def test_changing_region_updates_figures_and_url(demo):
    at = open_app(regio="AM18")
    before = metric(at, "Bijstand per 1.000")
    at.selectbox(key="w_regio").set_value("AM24").run()
    assert not at.exception
    assert "Zeeland" in at.subheader[0].value
    assert metric(at, "Bijstand per 1.000") != before
    assert at.query_params["regio"] == ["AM24"] or at.query_params["regio"] == "AM24"


@pytest.mark.parametrize(
    ("widget", "year", "expected"),
    [("w_van", 2022, ("2022", "2023")), ("w_tot", 2017, ("2016", "2017")), ("w_tot", 2023, ("2018", "2023"))],
)
def test_period_menus_keep_a_period_of_two_years(demo, widget, year, expected):
    """The year just chosen stays; the other one moves when the two would cross."""
    at = open_app(regio="AM18", van="2018", tot="2020")
    at.selectbox(key=widget).set_value(year).run()
    assert not at.exception
    q = at.query_params
    assert (str(q["van"]).strip("[]'"), str(q["tot"]).strip("[]'")) == expected
    assert f"{expected[0]}–{expected[1]}" in charts(at)[1]["layout"]["title"]["text"]  # the quadrant


def test_changing_indicator_and_colour_mode(demo):
    at = open_app(regio="AM01")
    at.selectbox(key="w_indicator").set_value("unemployment_pct").run()
    assert "Werkloosheid" in json.dumps(charts(at)[0]["layout"]["title"])
    at.radio(key="w_kleur").set_value("bivariaat").run()
    assert not at.exception
    assert "verandering bijstand" in charts(at)[0]["layout"]["title"]["text"].replace("<br>", " ")
    q = at.query_params
    assert "bivariaat" in str(q["kleur"]) and "unemployment_pct" in str(q["indicator"])


def test_link_restores_the_view(demo):
    at = open_app(regio="AM30", van="2016", tot="2023", groei="bbp", kleur="bivariaat")
    assert at.selectbox(key="w_regio").value == "AM30"
    assert (at.selectbox(key="w_van").value, at.selectbox(key="w_tot").value) == (2016, 2023)
    assert at.selectbox(key="w_groei").value == "bbp"
    assert "Zuid-Limburg" in at.subheader[0].value
    # GDP is approximated from COROP areas: the chart says so.
    assert "benadering" in json.dumps(charts(at)[1]["layout"]["annotations"]).lower()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"regio": "AM99"}, "Onbekende arbeidsmarktregio"),
        ({"regio": "<script>"}, "Onbekende arbeidsmarktregio"),
        ({"tot": "3000"}, "Voor 3000 zijn geen cijfers"),
        ({"indicator": "x"}, "Onbekende indicator"),
    ],
)
def test_bad_link_gives_dutch_notice_and_default_view(demo, query, notice):
    at = open_app(**query)
    assert any(notice in i.value for i in at.info)
    assert at.title[0].value == "Twee werelden"


def test_region_profile_sentences_members_and_charts(demo):
    at = open_app("pages/regio.py", regio="AM18", van="2015", tot="2024")
    assert at.title[0].value == "Regioprofiel Groot Amsterdam"
    texts = " ".join(m.value for m in at.markdown)
    assert "Het aantal banen in Groot Amsterdam groeide tussen 2015 en 2024" in texts
    members = table_with(at, "Gemeente")
    assert str(members["Inwoners"].dtype) == "Int64", "counts without a spurious ,0 in the CSV"
    assert (members["Bijstand per 1.000"].dropna() == members["Bijstand per 1.000"].dropna().round(1)).all()
    assert "Amsterdam" in set(members["Gemeente"]) and "Zaanstad" not in set(members["Gemeente"])
    assert len(charts(at)) == 2


def test_chart_table_keeps_its_first_column_as_row_header(demo):
    # Streamlit drops a row header of plain consecutive numbers; the years must stay visible.
    at = open_app("pages/regio.py", regio="AM22")
    at.toggle(key="vs_nl_table").set_value(True).run()
    years = at.table[0].value
    assert list(years.index[:2]) == ["2015", "2016"] and "Rijnmond" in years.columns


def test_region_carries_over_between_pages(demo):
    at = open_app(regio="AM05")
    at.switch_page("pages/regio.py").run()
    assert at.title[0].value == "Regioprofiel Twente"


def test_compare_similar_regions_and_ranking(demo):
    at = open_app("pages/vergelijken.py", regio="AM18")
    assert len(charts(at)) == 2  # small multiples of the default 3 regions + ranking
    at.radio(key="w_mode").set_value("vergelijkbaar").run()
    similar = table_with(at, "Waarom vergelijkbaar")
    assert len(similar) == 5 and "AM18" not in set(similar["Code"])
    assert similar["Waarom vergelijkbaar"].str.len().min() > 10
    ranking = charts(at)[-1]
    assert "Alle 35 regio's" in json.dumps(ranking["layout"]["title"])


def test_compare_keeps_at_most_six_regions_with_a_dutch_notice(demo):
    at = open_app("pages/vergelijken.py", regio="AM18")
    seven = ["AM01", "AM02", "AM03", "AM05", "AM06", "AM07", "AM08"]
    at.multiselect(key="w_vergelijk").set_value(seven).run()
    assert not at.exception
    link = str(at.query_params["vergelijk"])
    assert "AM07" in link and "AM08" not in link, "the seventh region is dropped"
    assert any("Hoogstens 6 regio's" in i.value for i in at.info)
    at.multiselect(key="w_vergelijk").set_value([]).run()
    assert any("Geen regio gekozen" in i.value for i in at.info)
    assert len(at.multiselect(key="w_vergelijk").value) == 3


def test_data_page_lists_tables_indicators_and_checks(demo):
    at = open_app("pages/data.py")
    tables = table_with(at, "Tabel")
    assert {"80794ned", "83582NED", "85924NED"} <= set(tables["Tabel"])
    assert any("CC BY 4.0" in m.value for m in at.markdown)  # the licence, said once above the table
    tables = table_with(at, "Gebruikt voor")
    # Bijstand first, then economy and population, the yearly membership tables last.
    used = list(tables["Gebruikt voor"])
    assert tables["Tabel"].iloc[0].lower() == "80794ned" and "Indeling" in used[-1]  # bijstand
    first_membership = next(i for i, u in enumerate(used) if "Indeling" in u)
    assert all("Indeling" in u for u in used[first_membership:])
    assert all(re.fullmatch(r"\d{4}(–\d{4})?", y) for y in tables["Jaren"])
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*", r) for r in tables["Rijen"]), list(tables["Rijen"])
    assert all(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in tables["Opgehaald"])
    checks = table_with(at, "Som van de regio's")
    for column in ("Nederland (CBS)", "Som van de regio's", "Verschil", "Verschil %"):
        assert not any(re.search(r"\d\.\d{1,2}$|^\d{5,}$|^-", str(v)) for v in checks[column]), column
    markdown = " ".join(m.value for m in at.markdown)
    assert "opgehaald 27 november 2026" in markdown or re.search(r"opgehaald \d{1,2} [a-z]+ \d{4}", markdown)
    assert (
        "**Economische groei (bbp\\-volumegroei)**" in markdown
        or "**Economische groei (bbp-volumegroei)**" in markdown
    )
    assert any("Demodata" in m.value for m in at.markdown)


def test_refresh_button_failure_keeps_old_data(demo):
    at = open_app("pages/data.py")
    name = current_name(load_settings().snapshots_dir)
    at.button(key="refresh").click().run()
    (error,) = at.error
    # A visible error in plain words with what to do; the setting's name only in the details.
    assert "CBS is vanaf deze computer niet bereikbaar" in error.value
    assert "Controleer de internetverbinding" in error.value and "REGIONDATA_CBS_URL" not in error.value
    (details,) = [e for e in at.expander if e.label == "Technische details"]
    assert "REGIONDATA_CBS_URL" in details.text[0].value
    assert current_name(load_settings().snapshots_dir) == name


def test_refresh_button_success_switches_to_cbs_data(demo, cbs_settings):
    at = open_app("pages/data.py")
    at.button(key="refresh").click().run()
    assert any("nieuwe gegevens" in s.value.lower() for s in at.success)
    at.run()
    assert not any("Demodata" in w.value for w in at.warning)


def test_data_page_preflight_check_reports_demo_data(demo):
    at = open_app("pages/data.py")
    at.button(key="preflight").click().run()
    assert not at.exception
    assert any("demo" in e.value.lower() for e in at.error)  # demo data in a meeting is fatal
    shown = [e.value for group in (at.success, at.info, at.warning, at.error, at.caption) for e in group]
    assert any("localhost" in text for text in shown)


def test_hostile_link_text_is_shown_literally_not_as_markup(demo):
    at = open_app(indicator="![i](http://example.com/x.png)", kaart=":red[rood]**vet**")
    notices = [i.value for i in at.info]
    assert any("!\\[i\\]" in n for n in notices)  # escaped: no image, no request
    assert any("\\:red\\[rood\\]\\*\\*vet\\*\\*" in n for n in notices)
    assert not any("http://" in n for n in notices)  # bare URLs are broken up so they don't link


# --- CSV downloads: every file says where its figures come from -----------------------------------


def download(at: AppTest, key: str):
    matches = [b for b in at.get("download_button") if b.key == key]
    assert len(matches) == 1, [b.key for b in at.get("download_button")]
    return matches[0]


def read_csv_download(data: bytes) -> tuple[str, pd.DataFrame]:
    """A Dutch-spreadsheet CSV: its leading ``# `` block and its table."""
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    block = lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    assert block and all(line.startswith("# ") for line in block), "the CSV starts with its provenance"
    table = pd.read_csv(io.StringIO(text), sep=";", decimal=",", comment="#")
    return "\n".join(block), table


def assert_provenance(block: str, snapshot, *sources: str) -> None:
    assert "Bron: CBS" in block and "CC BY 4.0" in block
    for source in sources:
        record = snapshot.table(source)
        assert record.table_id in block, source
        assert f"opgehaald op {record.retrieved_at[:10]}" in block
    assert snapshot.path.name in block
    assert ("DEMODATA" in block) == snapshot.is_demo


def test_overview_chart_csvs_carry_provenance(demo, downloads):
    at = open_app(regio="AM18", indicator="unemployment_pct")
    block, table = read_csv_download(downloads(download(at, "kaart_csv")))
    assert_provenance(block, demo, "arbeidsdeelname")
    assert "80794ned" not in block, "only the tables of what is in the file"
    assert len(table) == 35 and "AM18" in set(table.iloc[:, 0].astype(str)) | set(
        table.iloc[:, 1].astype(str)
    )
    block, table = read_csv_download(downloads(download(at, "kwadrant_csv")))
    assert_provenance(block, demo, "bijstand", "banen")
    assert "Gebieden in Nederland" in block  # region figures are sums with the membership per year
    assert len(table) == 35


def test_bivariate_map_csv_names_both_worlds_tables(demo, downloads):
    at = open_app(regio="AM18", kleur="bivariaat", groei="bbp")
    block, _ = read_csv_download(downloads(download(at, "kaart_csv")))
    assert_provenance(block, demo, "bijstand", "bbp")


def test_region_profile_csvs_carry_provenance(demo, downloads):
    at = open_app("pages/regio.py", regio="AM18", van="2015", tot="2024")
    block, _ = read_csv_download(downloads(download(at, "index_csv")))
    assert_provenance(block, demo, "bijstand", "banen", "bbp", "bevolking")
    block, table = read_csv_download(downloads(download(at, "vs_nl_csv")))
    assert_provenance(block, demo, "bijstand", "bevolking")
    assert len(table) == 10  # 2015–2024
    block, members = read_csv_download(downloads(download(at, "members_csv")))
    assert_provenance(block, demo, "bijstand", "bevolking", "banen")
    assert "Gemeenten in Groot Amsterdam (2024)" in block
    shown = table_with(at, "Gemeente")
    assert list(members["Code"]) == list(shown["Code"])
    assert members["Inwoners"].tolist() == shown["Inwoners"].astype(int).tolist()


def test_compare_csvs_carry_provenance(demo, downloads):
    at = open_app("pages/vergelijken.py", regio="AM18", indicator="jobs_count")
    for key in ("multiples_csv", "ranking_csv"):
        block, _ = read_csv_download(downloads(download(at, key)))
        assert_provenance(block, demo, "banen")
        assert "80794ned" not in block


def test_chart_csv_of_cbs_data_has_no_demodata_line(demo, downloads):
    write_snapshot(load_settings().snapshots_dir, "cbs", {}, demo.derived, demo.tables)
    real = load_snapshot(load_settings().snapshots_dir)
    assert not real.is_demo
    at = open_app(regio="AM18")
    block, _ = read_csv_download(downloads(download(at, "kwadrant_csv")))
    assert_provenance(block, real, "bijstand", "banen")


def test_data_page_offers_every_figure_as_one_csv(demo, downloads):
    at = open_app("pages/data.py")
    button = download(at, "export_csv")
    assert button.label == "Alle cijfers (CSV)"
    assert button.proto.deferred_file_id, "a few MB: built on click, not on every rerun"
    assert downloads(button) == export_csv(demo)
    assert any("Elk cijfer per regio" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "query", [{"tot": "1800"}, {"van": "3000"}, {"van": "3000", "groei": "bbp"}, {"tot": "2015"}]
)
def test_a_corrected_link_shows_one_period_in_notice_menus_and_content(query):
    at = open_app(regio="AM18", **query)
    (notice,) = [i.value for i in at.info if "getoond wordt" in i.value]
    van, tot = (int(y) for y in re.search(r"getoond wordt (\d{4})–(\d{4})", notice).groups())
    assert at.selectbox(key="w_van").value == van and at.selectbox(key="w_tot").value == tot
    assert metric_label(at, "Bijstand 2") == f"Bijstand {van}–{tot}"
    assert at.query_params["van"] == str(van) and at.query_params["tot"] == str(tot)  # a copied link too


def metric_label(at: AppTest, label_start: str) -> str:
    return next(m.label for m in at.metric if m.label.startswith(label_start))
