"""AppTest: the app starts on demo data and on an emulator-made CBS snapshot."""

import json

from streamlit.testing.v1 import AppTest

from regiondata.config import load_settings
from regiondata.derive.pipeline import refresh_from_cbs
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_sources(at: AppTest) -> str:
    texts = [
        a.get("text", "")
        for c in at.get("plotly_chart")
        for a in json.loads(c.proto.spec)["layout"].get("annotations", [])
    ]
    return " ".join(texts).replace("<br>", " ")  # long source lines wrap inside the figure


def test_starts_on_demo_data_with_banner_when_nothing_is_configured():
    at = run_app()
    assert any("Demodata — geen echte CBS-cijfers" in w.value for w in at.warning)
    at.toggle(key="kaart_table").set_value(True).run()  # the table alternative, on request
    map_table = at.table[0].value
    assert len(map_table) == 35
    assert "DEMODATA" in chart_sources(at) and "80794ned" in chart_sources(at)
    assert load_settings().snapshots_dir.is_dir()  # the demo snapshot was written for the next start


def test_runs_on_a_cbs_snapshot_without_demo_banner(cbs_settings):
    refresh_from_cbs(cbs_settings)
    at = run_app()
    assert not any("Demodata" in w.value for w in at.warning)
    sources = chart_sources(at)
    assert "DEMODATA" not in sources
    assert "Bron: CBS" in sources
    assert "CC BY 4.0" in sources
    at.toggle(key="kaart_table").set_value(True).run()
    assert len(at.table[0].value) == 35


def test_presentation_mode_hides_the_sidebar_controls_and_keeps_the_demo_label():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["modus"] = "presentatie"
    at.run()
    assert not at.exception
    assert not at.sidebar.selectbox  # region and period move to the top row
    assert at.selectbox(key="w_regio").value == "AM18"
    # A badge in the slide's top row (Markdown in AppTest), and in every chart's source line.
    assert any("Demodata" in m.value for m in at.markdown)
    # Secondary controls sit in the "Instellingen" popover, not above the charts.
    assert at.radio(key="w_kaart").value == "tegel"
    assert not at.toggle  # no table toggles on a slide
    at.button(key="w_normaal").click().run()
    # Back to normal: the page title returns and the link no longer asks for presentation mode
    # (the sidebar itself is checked in the browser test; AppTest does not rebuild it here).
    assert [t.value for t in at.title] == ["Twee werelden"]
    assert "modus" not in at.query_params
