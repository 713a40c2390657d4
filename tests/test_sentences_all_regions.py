"""Every generated sentence for all 35 regions on the demo data, checked against the numbers it quotes.

A policy advisor quotes these sentences in a council memo: each number must be the rounded value
of the figure it names, each comparison word must follow the one classification (national line
plus the band of "about equal"), and no hedge may stand where the direction is known.
"""

from __future__ import annotations

import re

import pytest

from regiondata.model.periods import period_change
from regiondata.model.quadrants import CLASS_NAMES, compare_with_national, quadrant_data
from regiondata.model.sentences import describe_region, headline
from regiondata.model.similarity import similar_regions, structural_profile
from regiondata.model.wording import MINUS, dutch_number, dutch_percent
from regiondata.regions import AMR_CODES

PERIODS = [(2015, 2024), (2019, 2023)]
GENERIC_HEDGES = ("sterker gedaald of minder gestegen", "minder gedaald of meer gestegen")
PERCENT = re.compile(r"\d{1,3}(?:\.\d{3})*,\d%")


def _changes(regions, key: str, a: int, b: int) -> tuple[dict[str, float], float]:
    amr = period_change(regions, key, a, b).set_index("region_code")["change_pct"].to_dict()
    nl = float(period_change(regions, key, a, b, level="nl")["change_pct"].iloc[0])
    return amr, nl


def _comparison_agrees(text: str, value: float, national: float) -> None:
    side = compare_with_national(value, national)
    r, n = round(value, 1), round(national, 1)
    if r == n:
        assert "evenveel als landelijk" in text or "net als landelijk" in text, text
    elif side == 0:
        assert "ongeveer" in text, text
        assert not re.search(r"(meer|minder|sterker|minder sterk) dan landelijk", text), text
    else:
        assert "ongeveer" not in text, text
    # The sentence's own figure and the national one, as sizes without sign.
    assert f"met {dutch_percent(abs(r))}" in text or "bleef" in text, text
    assert dutch_percent(abs(n)) in text, text


@pytest.mark.parametrize(("a", "b"), PERIODS)
def test_sentences_for_all_35_regions_agree_with_their_numbers(demo_snapshot, a, b):
    regions = demo_snapshot.derived.regions
    jobs, nl_jobs = _changes(regions, "jobs_count", a, b)
    bijstand, nl_bijstand = _changes(regions, "bijstand_count", a, b)
    classes = quadrant_data(regions, "banen", a, b).frame.set_index("region_code")
    assert len(AMR_CODES) == 35
    for code in AMR_CODES:
        facts = {f.kind: f.text for f in describe_region(regions, code, a, b)}
        for text in facts.values():
            assert not any(h in text for h in GENERIC_HEDGES), text
            assert MINUS not in text and "-" not in re.sub(r"[A-Za-z]-[A-Za-z]", "", text), text
            assert f"tussen {a} en {b}" in text or f"In {b}" in text or "periode" in text, text
        jobs_text, bijstand_text = facts["jobs"], facts["bijstand"]
        _comparison_agrees(jobs_text, jobs[code], nl_jobs)
        assert ("groeide" in jobs_text.split(",")[0]) == (round(jobs[code], 1) > 0), jobs_text
        _comparison_agrees(bijstand_text, bijstand[code], nl_bijstand)
        assert ("steeg" in bijstand_text.split(",")[0]) == (round(bijstand[code], 1) > 0), bijstand_text
        # Every percentage quoted is one of the figures the sentence is about.
        for text, values in (
            (jobs_text, (jobs[code], nl_jobs)),
            (bijstand_text, (bijstand[code], nl_bijstand)),
        ):
            quoted = set(PERCENT.findall(text))
            assert quoted <= {dutch_percent(abs(round(v, 1))) for v in values}, text

        # The growth sentence names the same class as the quadrant chart and the maps.
        reach = facts["growth_reach"]
        g, c = (int(x) for x in classes.loc[code, "class_code"].split("-"))
        assert reach.startswith(f"{classes.loc[code, 'region_name']} had tussen {a} en {b} ")
        growth_words = ("minder banengroei", "ongeveer evenveel banengroei", "meer banengroei")
        assert growth_words[g] in reach, reach
        assert ("ontwikkelde zich ongeveer als landelijk" in reach) == (c == 1), reach
        assert ("lijkt de mensen in de bijstand hier minder te bereiken" in reach) == (g == 2 and c == 2), (
            reach
        )
        assert classes.loc[code, "quadrant_label"] == CLASS_NAMES[f"{g}-{c}"]

        density = facts["bijstand_density"]
        now = regions[(regions["region_code"] == code) & (regions["year"] == b)]["bijstand_per_1000"].iloc[0]
        assert f"{dutch_number(now)} mensen in de bijstand (tot de AOW-leeftijd) per 1.000" in density

        title = headline(quadrant_data(regions, "banen", a, b), code)
        assert ("ongeveer" in title or "even " in title) == (g == 1 or c == 1), title


def test_similar_region_reasons_are_specific_and_name_their_period(demo_snapshot):
    regions = demo_snapshot.derived.regions
    years = structural_profile(regions, 2024).attrs["years"]["jobs_growth_5y_pct"]
    for code in AMR_CODES:
        reasons = similar_regions(regions, code, 2024, n=5)["reason"].tolist()
        assert len(set(reasons)) == len(reasons), reasons  # no reason repeated for every region
        for reason in reasons:
            assert "Over alle kenmerken samen" not in reason
            assert PERCENT.search(reason) or "inwoners" in reason or "per 1.000" in reason, reason
            if "banengroei" in reason:
                assert f"banengroei {years[0]}–{years[1]}" in reason, reason
