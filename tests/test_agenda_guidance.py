"""Guidance texts: complete, consistent with the model, our own words, and no Streamlit import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from regiondata.meeting.agenda import (
    FIELD_PLACEHOLDERS,
    PERSPECTIVE_INFO,
    PERSPECTIVES,
    STEP_KEYS,
    STEPS,
    TEXT_FIELDS,
    WORLD_INFO,
    WORLDS,
    perspective_info,
    step_guidance,
    world_info,
)

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"


def test_five_steps_in_model_order_with_questions_and_pitfall():
    assert tuple(s.key for s in STEPS) == STEP_KEYS
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5]
    for step in STEPS:
        assert step.title and len(step.explanation) > 100
        assert 3 <= len(step.questions) <= 4
        assert all(q.endswith("?") for q in step.questions)
        assert len(step.pitfall) > 40
    assert step_guidance("borgen").title == "Borgen en verbinden"
    with pytest.raises(KeyError):
        step_guidance("stap6")


def test_guidance_covers_the_domain_story():
    text = " ".join(s.explanation + " ".join(s.questions) + s.pitfall for s in STEPS)
    for needed in ("twee werelden", "weefsel", "opgave", "Regionaal Werkcentrum", "meerjarenagenda"):
        assert needed in text
    assert "meerjarenagenda" in step_guidance("borgen").explanation


def test_worlds_and_perspectives_match_the_model():
    assert tuple(w.key for w in WORLD_INFO) == WORLDS
    assert tuple(p.key for p in PERSPECTIVE_INFO) == PERSPECTIVES
    assert perspective_info("rechtmatig").label == "Rechtmatig"
    assert world_info("economisch").label == "Economische wereld"
    assert all(p.explanation.count(".") == 1 for p in PERSPECTIVE_INFO)  # one line each


def test_placeholders_belong_to_real_fields():
    assert set(FIELD_PLACEHOLDERS) <= set(TEXT_FIELDS)


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="seed article not available beside the project")
def test_guidance_does_not_copy_the_seed_article():
    def shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}

    seed = " ".join(p.read_text(encoding="utf-8") for p in SEED_DIR.glob("*.txt"))
    ours = [s.explanation for s in STEPS] + [q for s in STEPS for q in s.questions]
    ours += [s.pitfall for s in STEPS] + [p.explanation for p in PERSPECTIVE_INFO]
    ours += [w.explanation for w in WORLD_INFO] + list(FIELD_PLACEHOLDERS.values())
    copied = shingles(seed) & set().union(*(shingles(t) for t in ours))
    assert not copied, f"seven-word runs copied from the seed: {copied}"


def test_agenda_package_does_not_import_streamlit():
    code = "import sys, regiondata.meeting.agenda; sys.exit('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "regiondata.meeting.agenda imported streamlit"
