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


@pytest.mark.parametrize(
    ("query", "period", "named"),
    [
        ({"tot": "1800"}, (2015, 2016), "Voor 1800 zijn geen cijfers; Een periode beslaat"),
        ({"van": "3000"}, (2024, 2025), "Voor 3000 zijn geen cijfers; Een periode beslaat"),
        ({"van": "1990"}, (2015, 2024), "Voor 1990 zijn geen cijfers"),
        ({"tot": "2015"}, (2015, 2016), "Een periode beslaat ten minste twee jaar"),
        ({"van": "1990", "tot": "3000"}, (2015, 2025), "Voor 1990 zijn geen cijfers; Voor 3000"),
    ],
)
def test_a_corrected_period_is_one_whole_period_and_the_notice_names_it(query, period, named):
    view = parse_params(query, YEARS, (2015, 2024))
    assert (view.van, view.tot) == period
    (notice,) = view.notices
    assert named in notice and notice.endswith(f"getoond wordt {period[0]}–{period[1]}."), notice


def test_a_valid_period_is_kept_as_given():
    view = parse_params({"van": "2018"}, YEARS, (2015, 2024))
    assert (view.van, view.tot, view.notices) == (2018, None, ())
