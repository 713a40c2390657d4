"""URL state: valid links restore the view; bad input gives Dutch notices, never an exception."""

import pytest

from regiondata.model.params import ViewParams, parse_params

YEARS = (2015, 2025)


def test_round_trip_of_a_full_view():
    view = ViewParams(
        regio="AM24",
        van=2016,
        tot=2024,
        indicator="jobs_growth_pct",
        groei="bbp",
        kaart="geo",
        kleur="bivariaat",
        vergelijk=("AM24", "AM01"),
        vergelijkbaar=True,
    )
    again = parse_params(view.to_query(), YEARS)
    assert again == view and again.notices == ()


def test_defaults_are_left_out_of_links():
    assert ViewParams(regio="AM18", van=2015, tot=2025).to_query() == {
        "regio": "AM18",
        "van": "2015",
        "tot": "2025",
    }


@pytest.mark.parametrize(
    ("query", "expect", "notice"),
    [
        ({"regio": "AM99"}, {"regio": "AM18"}, "Onbekende arbeidsmarktregio 'AM99'"),
        ({"regio": "am01"}, {"regio": "AM01"}, None),
        ({"regio": "<script>alert(1)</script>"}, {"regio": "AM18"}, "Onbekende arbeidsmarktregio"),
        ({"van": "1990"}, {"van": 2015}, "Voor 1990 zijn geen cijfers"),
        ({"tot": "twintig"}, {"tot": None}, "geen geldig jaar"),
        ({"van": "2020", "tot": "2018"}, {"van": None, "tot": None}, "beginjaar moet vóór"),
        ({"indicator": "DROP TABLE"}, {"indicator": "bijstand_per_1000"}, "Onbekende indicator"),
        ({"kaart": "satelliet"}, {"kaart": "tegel"}, "Onbekende kaartsoort"),
        ({"vergelijk": "AM01,XX,AM01,AM02"}, {"vergelijk": ("AM01", "AM02")}, "Onbekende regio 'XX'"),
        ({"vergelijk": ",".join(f"AM{n:02d}" for n in (1, 2, 3, 5, 6, 7, 8, 9))}, {}, "hoogstens 6"),
        ({"regio": "A" * 5000}, {"regio": "AM18"}, "te lang"),
        ({"agenda": "../../etc/passwd"}, {"agenda": None}, "agenda in de link is ongeldig"),
    ],
)
def test_bad_input_gives_a_notice_and_a_default(query, expect, notice):
    view = parse_params(query, YEARS)
    for name, value in expect.items():
        assert getattr(view, name) == value
    if notice:
        assert any(notice in n for n in view.notices), view.notices
    else:
        assert view.notices == ()
