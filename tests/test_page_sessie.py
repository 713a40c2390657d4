"""AppTest: preparing a sessieplan and stepping through it in presentation mode."""

import pytest
from streamlit.testing.v1 import AppTest

from regiondata.config import load_settings
from regiondata.derive.pipeline import build_demo_snapshot
from regiondata.meeting.sessionplan import PlanStep, store_from_env
from tests.conftest import ROOT


@pytest.fixture
def plan(data_home):
    build_demo_snapshot(load_settings())
    with store_from_env(load_settings().home) as store:
        yield store.create(
            "Denktank Zeeland",
            [
                PlanStep("overzicht", {"regio": "AM24"}, "De twee werelden", "Waar staat Zeeland?"),
                PlanStep(
                    "regio", {"regio": "AM24", "van": "2016", "tot": "2023"}, "Zeeland", "<b>Vervoer</b>?"
                ),
                PlanStep("vergelijken", {"regio": "AM24", "vergelijkbaar": "ja"}, "Lijkt op", ""),
            ],
        )


def test_make_a_plan_and_add_the_current_view(data_home):
    build_demo_snapshot(load_settings())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["regio"] = "AM05"
    at.run()
    at.switch_page("pages/sessie.py").run()
    at.text_input(key="plan_new_name").input("Bijeenkomst Twente")
    at.button(key="plan_create").click().run()
    at.selectbox(key="plan_add_page").set_value("regio")
    at.text_input(key="plan_add_title").input("Twente in cijfers")
    at.text_area(key="plan_add_point").input("Wat valt op?")
    at.button[[b.label for b in at.button].index("Toevoegen")].click().run()
    assert not at.exception
    with store_from_env(load_settings().home) as store:
        saved = store.get(at.selectbox(key="plan_selected").value)
    assert [s.title for s in saved.steps] == ["Twente in cijfers"]
    assert saved.steps[0].page == "regio" and saved.steps[0].query["regio"] == "AM05"


def open_step(plan, number: int) -> AppTest:
    """Follow a step's link the way the Vorige/Volgende links do (page + its full query)."""
    from urllib.parse import parse_qsl, urlsplit

    from regiondata.meeting.sessionplan import step_url

    url = urlsplit(step_url(plan.steps[number - 1], plan_id=plan.id, step_number=number))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if url.path != "/":
        at.switch_page(f"pages{url.path}.py")
    at.query_params.update(dict(parse_qsl(url.query)))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def links(at: AppTest) -> dict[str, dict]:
    """The page links on the page by label: their target page and query."""
    import json

    out = {}
    for el in at.get("page_link"):
        proto = el.proto
        out[proto.label] = {
            "page": proto.page,
            "disabled": proto.disabled,
            "query": json.loads(proto.query_string or "{}")
            if proto.query_string.startswith("{")
            else proto.query_string,
        }
    return out


def test_stepping_through_a_three_view_plan_lands_on_the_right_views(plan):
    at = open_step(plan, 1)
    assert any(m.value == "**1 / 3**" for m in at.markdown)
    assert "Zeeland" in at.header[0].value  # the overview in presentation mode: the finding as title
    nav = links(at)
    assert nav["Vorige"]["disabled"] and not nav["Volgende"]["disabled"]
    assert "stap=2" in str(nav["Volgende"]["query"]) and "regio" in nav["Volgende"]["page"]

    # AppTest keeps only the page's own elements after a page switch; the plan bar on these
    # pages (and the talking point shown literally) is checked in the browser test.
    at = open_step(plan, 2)
    assert at.header[0].value == "Regioprofiel Zeeland · 2016–2023"  # a slide: one line
    assert at.query_params["stap"] in ("2", ["2"])

    at = open_step(plan, 3)
    assert at.header[0].value.startswith("Regio's vergelijken")
    assert at.radio(key="w_mode").value == "vergelijkbaar"


def test_unknown_plan_in_link_gives_a_notice(data_home):
    build_demo_snapshot(load_settings())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"plan": "onbekend", "modus": "presentatie"})
    at.run()
    assert not at.exception
    assert any("Sessieplan niet gevonden" in i.value for i in at.info)


def test_deleting_a_plan_asks_first(plan):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/sessie.py").run()
    at.selectbox(key="plan_selected").set_value(plan.id).run()
    at.button(key="plan_delete").click().run()
    assert "Denktank Zeeland" in at.warning[-1].value and "3 stappen" in at.warning[-1].value
    at.button(key="plan_delete_no").click().run()
    with store_from_env(load_settings().home) as store:
        assert store.get(plan.id).name == "Denktank Zeeland"  # cancelled: nothing lost
    at.button(key="plan_delete").click().run()
    at.button(key="plan_delete_yes").click().run()
    assert not at.exception
    with store_from_env(load_settings().home) as store:
        assert plan.id not in [p.id for p in store.list()]


def test_the_server_refuses_uploads_larger_than_a_plan_can_be():
    """The upload box states Streamlit's server limit; it must not promise more than a plan may be."""
    import tomllib

    from regiondata.meeting.sessionplan import MAX_IMPORT_BYTES

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert MAX_IMPORT_BYTES <= server["maxUploadSize"] * 1024 * 1024 <= 1024 * 1024
