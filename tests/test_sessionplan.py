"""Sessieplannen: model, step URLs, storage with optimistic concurrency, strict JSON import."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import pytest

from regiondata.errors import BadInputError
from regiondata.meeting.sessionplan import (
    MAX_IMPORT_BYTES,
    MAX_STEPS,
    NAME_MAX_CHARS,
    TALKING_POINT_MAX_CHARS,
    TITLE_MAX_CHARS,
    PlanStep,
    SessionPlan,
    SessionPlanConflict,
    SessionPlanInvalid,
    SessionPlanNotFound,
    SessionPlanStore,
    check_query,
    default_database_url,
    from_json,
    import_plan,
    position_label,
    step_url,
    step_view,
    store_from_env,
    to_json,
)
from regiondata.model.params import ViewParams

HOSTILE = "<script>alert(1)</script> Café 👩🏽‍🔧 **vet** [link](javascript:x)\n\ttab & | #"


@pytest.fixture
def db_url(fresh_db_url) -> str:
    return fresh_db_url


@pytest.fixture
def store(db_url):
    with SessionPlanStore(db_url) as plan_store:
        yield plan_store


def three_steps() -> list[PlanStep]:
    return [
        PlanStep("overzicht", {"indicator": "jobs_growth_pct"}, "Het hele land", "Waar groeit het?"),
        PlanStep("regio", {"regio": "am05", "van": "2016", "tot": "2024"}, "Haaglanden", "Wat valt op?"),
        PlanStep("agenda", {"regio": "AM05"}, "Aan de slag", ""),
    ]


def valid_document(**changes) -> dict:
    document = {
        "format": "regiondata-sessieplan",
        "version": 1,
        "name": "Denktank",
        "steps": [{"page": "regio", "query": {"regio": "AM18"}, "title": "Amsterdam", "talking_point": ""}],
    }
    document.update(changes)
    return document


def dumps(document) -> str:
    return json.dumps(document, ensure_ascii=False)


# --- model ---------------------------------------------------------------------------------------
def test_step_keeps_only_valid_parameters_in_canonical_form():
    step = PlanStep(
        "regio",
        {"regio": " am05 ", "indicator": "bestaat_niet", "foo": "bar", "modus": "presentatie", "van": "2016"},
    )
    assert step.query == {"regio": "AM05", "van": "2016"}
    assert PlanStep("regio", {"van": "2024", "tot": "2016"}).query == {"regio": "AM18"}  # period dropped


def test_from_view_round_trip_and_url():
    view = ViewParams(
        regio="AM24",
        van=2016,
        tot=2024,
        indicator="jobs_growth_pct",
        kaart="geo",
        vergelijk=("AM24", "AM01"),
        modus="presentatie",
        plan="ander-plan",
        stap=4,
    )
    step = PlanStep.from_view("vergelijken", view, "Twee regio's", "Vergelijk")
    assert "modus" not in step.query and "plan" not in step.query and "stap" not in step.query
    assert step_url(step) == (
        "/vergelijken?regio=AM24&van=2016&tot=2024&indicator=jobs_growth_pct&kaart=geo"
        "&vergelijk=AM24,AM01&modus=presentatie"
    )
    url = step_url(step, "http://localhost:8501/", plan_id="abc_DEF-1", step_number=3)
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("localhost:8501", "/vergelijken")
    assert parse_qs(parts.query)["stap"] == ["3"] and parse_qs(parts.query)["plan"] == ["abc_DEF-1"]
    # The step's full view: restored exactly, in presentation mode, on the plan's step.
    restored = step_view(step, (2015, 2025), plan_id="abc_DEF-1", step_number=3)
    assert restored == replace(view, plan="abc_DEF-1", stap=3) and restored.notices == ()


def test_overzicht_is_the_root_path_and_position_label():
    assert step_url(PlanStep("overzicht"), "http://localhost:8501") == (
        "http://localhost:8501/?regio=AM18&modus=presentatie"
    )
    assert position_label(3, 8) == "3 / 8"
    assert PlanStep("data").label == "Over de data"


def test_step_text_is_kept_as_typed_except_control_characters():
    step = PlanStep("regio", {}, "Titel\x00 met\x07 <b>html</b>", "regel 1\r\nregel 2\ttab")
    assert step.title == "Titel met <b>html</b>"
    assert step.talking_point == "regel 1\nregel 2\ttab"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PlanStep("admin"), "Onbekende pagina 'admin'"),
        (lambda: PlanStep("regio", {}, "x" * (TITLE_MAX_CHARS + 1)), "De titel is te lang: 121 tekens"),
        (
            lambda: PlanStep("regio", {}, "", "x" * (TALKING_POINT_MAX_CHARS + 1)),
            "Het gesprekspunt is te lang: 1001 tekens, hoogstens 1000",
        ),
    ],
)
def test_invalid_step_raises_dutch_bad_input(make, message):
    with pytest.raises(SessionPlanInvalid, match=message) as info:
        make()
    assert isinstance(info.value, BadInputError)


# --- storage -------------------------------------------------------------------------------------
def test_create_get_list_save_duplicate_delete(store):
    first = store.create("Denktank 12 maart", three_steps())
    second = store.create("Leeg plan")
    assert first.version == 1 and first.created_at.tzinfo == UTC
    got = store.get(first.id)
    assert got.name == "Denktank 12 maart" and got.steps == three_steps() and got.version == 1

    got.steps.append(PlanStep("data", {}, "Bronnen"))
    saved = store.save(got, base_version=1)
    assert saved.version == 2 and store.get(first.id).steps[-1].title == "Bronnen"
    assert store.save(store.get(first.id), base_version=2).version == 2  # no change: no new version

    listing = store.list()
    assert [s.id for s in listing] == [first.id, second.id]
    assert (listing[0].step_count, listing[0].version, listing[1].step_count) == (4, 2, 0)

    copy = store.duplicate(first.id, "Kopie")
    assert copy.id != first.id and copy.version == 1 and copy.steps == store.get(first.id).steps
    store.delete(first.id)
    with pytest.raises(SessionPlanNotFound, match="Er is geen sessieplan met code"):
        store.get(first.id)
    with pytest.raises(SessionPlanNotFound):
        store.delete(first.id)
    assert store.count() == 2


def test_conflicting_save_writes_nothing(store):
    plan = store.create("Samen bewerken", three_steps())
    mine, theirs = store.get(plan.id), store.get(plan.id)
    theirs.steps.pop()
    assert store.save(theirs, base_version=1).version == 2
    mine.name = "Mijn naam"
    with pytest.raises(SessionPlanConflict, match="intussen door iemand anders opgeslagen") as info:
        store.save(mine, base_version=1)
    assert info.value.stored.version == 2 and info.value.attempted.name == "Mijn naam"
    stored = store.get(plan.id)
    assert (stored.name, len(stored.steps), stored.version) == ("Samen bewerken", 2, 2)
    # Keeping one's own version: save again on the stored version.
    assert store.save(info.value.attempted, base_version=2).version == 3


def test_plans_survive_a_restart_and_share_the_agenda_database(db_url, tmp_path):
    from regiondata.meeting.agenda import AgendaStore

    with SessionPlanStore(db_url) as first:
        plan = first.create("Blijft bewaard 🚀", three_steps())
    with AgendaStore(db_url) as agendas:
        agendas.create("Agenda naast het plan", "AM18")
    with SessionPlanStore(db_url) as again:
        got = again.get(plan.id)
    assert got.name == "Blijft bewaard 🚀" and got.steps == plan.steps
    if db_url.startswith("sqlite"):
        assert (tmp_path / "agenda.sqlite3").is_file()


def test_store_from_env_honours_database_url(tmp_path, monkeypatch, data_home):
    with store_from_env(data_home) as default:
        assert default.url == default_database_url(data_home)
    other = tmp_path / "elders.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    with store_from_env(data_home) as configured:
        configured.create("Elders")
    assert other.is_file()


@pytest.mark.parametrize(
    ("name", "steps", "message"),
    [
        ("   ", [], "Geef het sessieplan een naam"),
        ("x" * (NAME_MAX_CHARS + 1), [], "De naam is te lang: 121 tekens, hoogstens 120"),
        ("Te veel", [PlanStep("regio")] * (MAX_STEPS + 1), "31 stappen; hoogstens 30"),
    ],
)
def test_limits_are_checked_on_create_and_save(store, name, steps, message):
    with pytest.raises(SessionPlanInvalid, match=message):
        store.create(name, steps)
    plan = store.create("Goed")
    plan.name, plan.steps = name, list(steps)
    with pytest.raises(SessionPlanInvalid, match=message):
        store.save(plan, base_version=1)
    assert store.get(plan.id).name == "Goed" and store.count() == 1


# --- JSON ----------------------------------------------------------------------------------------
def test_json_round_trip_keeps_text_exactly(store):
    steps = [*three_steps(), PlanStep("data", {}, HOSTILE, HOSTILE + " 🎉")]
    plan = store.create("Denktank 🚀 <script>", steps)
    text = to_json(plan)
    document = json.loads(text)
    assert document["format"] == "regiondata-sessieplan" and document["version"] == 1
    assert "🚀" in text and "<script>" in text and "\n  " in text  # UTF-8, not escaped; pretty
    again = from_json(text.encode("utf-8"))
    assert again.name == plan.name and again.steps == plan.steps
    assert again.id != plan.id and again.version == 0
    imported = import_plan(store, text)
    assert store.get(imported.id).steps[-1].title == HOSTILE
    assert store.get(imported.id).steps[-1].talking_point == HOSTILE + " 🎉"


def test_byte_order_mark_is_accepted():
    assert from_json(b"\xef\xbb\xbf" + dumps(valid_document()).encode()).name == "Denktank"


def _step(**fields) -> dict:
    return valid_document(steps=[{"page": "regio", "query": {}, **fields}])


BAD_FILES = [
    ("not JSON", "dit is geen json", "Het bestand is geen geldige JSON (fout op regel 1, kolom 1)"),
    ("truncated", dumps(valid_document())[:-25], "Het bestand is geen geldige JSON"),
    ("empty", b"", "Het bestand is leeg"),
    ("list", "[1, 2, 3]", "verwacht een JSON-object"),
    ("wrong marker", dumps(valid_document(format="iets-anders")), "format moet 'regiondata-sessieplan'"),
    ("no marker", dumps({"name": "x", "steps": []}), "geen sessieplan van dit dashboard"),
    ("future version", dumps(valid_document(version=2)), "Onbekende versie '2' van het sessieplanformaat"),
    ("version true", dumps(valid_document(version=True)), "Onbekende versie 'True'"),
    (
        "too big",
        b" " * (MAX_IMPORT_BYTES + 1) + b"{}",
        "Het bestand is te groot (201 KB); een sessieplan is hoogstens 200 KB",
    ),
    ("300 KB", dumps(valid_document(name="x" * 300_000)), "Het bestand is te groot (294 KB)"),
    ("deep", "[" * 100_000 + "]" * 100_000, "te diep genest"),
    ("deep in a step", dumps(_step(title=[[[[[[[["x"]]]]]]]])), "Stap 1: de titel (title) moet tekst zijn"),
    ("invalid UTF-8", b'{"format": "regiondata-sessieplan", "name": "\xff\xfe"}', "geen geldige UTF-8"),
    ("huge number", '{"format": "regiondata-sessieplan", "version": 1' + "0" * 5000 + "}", "ongeldig getal"),
    ("name missing", dumps({"format": "regiondata-sessieplan", "version": 1, "steps": []}), "naam (name)"),
    ("name a number", dumps(valid_document(name=42)), "De naam (name) moet tekst zijn"),
    ("name empty", dumps(valid_document(name=" \x00 ")), "Geef het sessieplan een naam"),
    ("name too long", dumps(valid_document(name="n" * 121)), "De naam is te lang: 121 tekens"),
    ("unknown field", dumps(valid_document(admin=True)), "Onbekend veld 'admin' in het sessieplan"),
    ("steps an object", dumps(valid_document(steps={"1": {}})), "De stappen (steps) ontbreken of zijn geen"),
    ("step a string", dumps(valid_document(steps=["regio"])), "Stap 1: een stap moet een object zijn"),
    ("31 steps", dumps(valid_document(steps=[{"page": "regio"}] * 31)), "31 stappen; hoogstens 30"),
    ("unknown page", dumps(valid_document(steps=[{"page": "regio"}] * 2 + [{"page": "admin"}])), None),
    (
        "page missing",
        dumps(_step(page=None) | {"steps": [{"query": {}}]}),
        "Stap 1: de pagina (page) ontbreekt",
    ),
    ("page a number", dumps(_step(page=3)), "Stap 1: de pagina (page) moet tekst zijn"),
    (
        "query a list",
        dumps(_step(query=["regio", "AM18"])),
        "Stap 1: de parameters (query) moeten een object",
    ),
    ("bad region", dumps(_step(query={"regio": "AM99"})), "Stap 1: ongeldige waarde 'AM99' voor 'regio'"),
    (
        "script",
        dumps(_step(query={"indicator": "<script>alert(1)</script>"})),
        "Stap 1: ongeldige waarde '<script>",
    ),
    ("number value", dumps(_step(query={"van": 2016})), "Stap 1: de waarde van 'van' moet tekst zijn"),
    ("unknown param", dumps(_step(query={"debug": "1"})), "Stap 1: onbekende parameter 'debug'"),
    ("managed param", dumps(_step(query={"modus": "normaal"})), "Stap 1: parameter 'modus' hoort niet in"),
    (
        "year order",
        dumps(_step(query={"van": "2024", "tot": "2016"})),
        "Stap 1: het beginjaar (van) moet vóór",
    ),
    ("year range", dumps(_step(query={"van": "1990"})), "van 2015 tot en met 2099"),
    (
        "too many regions",
        dumps(_step(query={"vergelijk": "AM01,AM02,AM03,AM04,AM05,AM06,AM07"})),
        "hoogstens 6",
    ),
    ("vergelijkbaar", dumps(_step(query={"vergelijkbaar": "misschien"})), "verwacht ja of nee"),
    ("long value", dumps(_step(query={"agenda": "a" * 500})), "ongeldige waarde 'aaaaa"),
    (
        "title too long",
        dumps(_step(title="t" * 121)),
        "Stap 1: de titel is te lang: 121 tekens, hoogstens 120",
    ),
    ("talking point", dumps(_step(talking_point=7)), "Stap 1: het gesprekspunt (talking_point) moet tekst"),
    ("step field", dumps(_step(script="x")), "Stap 1: onbekend veld 'script'"),
    ("exported_at", dumps(valid_document(exported_at=[])), "Het exportmoment (exported_at) moet tekst zijn"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_bad_or_hostile_import_gives_dutch_message_and_stores_nothing(store, text, message):
    existing = store.create("Bestaand plan", three_steps())
    before = (store.count(), store.get(existing.id).version)
    with pytest.raises(SessionPlanInvalid) as info:
        import_plan(store, text)
    if message is None:  # the example of the brief, checked in full
        assert str(info.value) == (
            "Stap 3: onbekende pagina 'admin'; kies uit overzicht, regio, vergelijken, agenda, data."
        )
        assert info.value.step == 3
    else:
        assert message in str(info.value)
    assert isinstance(info.value, BadInputError)
    assert "Traceback" not in str(info.value) and len(str(info.value)) < 400
    assert (store.count(), store.get(existing.id).version) == before


def test_check_query_accepts_what_the_app_writes():
    view = ViewParams(regio="AM24", van=2016, tot=2024, vergelijk=("AM01",), vergelijkbaar=True, agenda="x-1")
    assert check_query(view.to_query()) == []
    assert check_query({"van": "2030"}, years=(2015, 2025)) == [
        "ongeldige waarde '2030' voor 'van'; verwacht een jaartal van 2015 tot en met 2025."
    ]


def test_error_messages_do_not_repeat_long_hostile_values():
    with pytest.raises(SessionPlanInvalid) as info:
        from_json(dumps(_step(query={"regio": "<img src=x onerror=alert(1)>" * 5 + "\x00\n"})))
    assert len(str(info.value)) < 200 and "\x00" not in str(info.value)


def test_plan_model_new_is_unsaved():
    plan = SessionPlan.new("Nieuw", three_steps())
    assert plan.version == 0 and len(plan.id) == 11 and len(plan.steps) == 3


def test_copy_name_finds_the_first_free_copy_and_fits_the_limit():
    from regiondata.meeting.sessionplan.jsonfile import copy_name
    from regiondata.meeting.sessionplan.model import NAME_MAX_CHARS

    assert copy_name("Plan", {"Ander"}) == "Plan"
    assert copy_name("Plan", {"Plan"}) == "Plan (kopie)"
    assert copy_name("Plan", {"Plan", "Plan (kopie)"}) == "Plan (kopie 2)"
    long = "x" * NAME_MAX_CHARS
    copy = copy_name(long, {long})
    assert copy.endswith(" (kopie)") and len(copy) == NAME_MAX_CHARS
