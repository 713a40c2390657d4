"""AppTest: the app starts on demo data and on an emulator-made CBS snapshot."""

from streamlit.testing.v1 import AppTest

from regiondata.config import load_settings
from regiondata.pipeline import refresh_from_cbs
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_starts_on_demo_data_with_banner_when_nothing_is_configured():
    at = run_app()
    assert any("Demodata — geen echte CBS-cijfers" in w.value for w in at.warning)
    table = at.dataframe[0].value
    assert len(table) == 35
    assert table.iloc[0]["Code"] == "AM01" and table.iloc[0]["Arbeidsmarktregio"] == "Groningen"
    assert any("80794ned" in c.value and "DEMODATA" in c.value for c in at.caption)
    assert load_settings().snapshots_dir.is_dir()  # the demo snapshot was written for the next start


def test_runs_on_a_cbs_snapshot_without_demo_banner(cbs_settings):
    refresh_from_cbs(cbs_settings)
    at = run_app()
    assert not any("Demodata" in w.value for w in at.warning)
    caption = next(c.value for c in at.caption if "Bron: CBS" in c.value)
    assert "DEMODATA" not in caption and "80794ned" in caption and "CC BY 4.0" in caption
    assert len(at.dataframe[0].value) == 35
