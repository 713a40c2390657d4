"""The README documents every indicator and every configuration variable."""

import re

from regiondata.indicators import INDICATORS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_indicator_with_its_title():
    for ind in INDICATORS:
        assert f"| `{ind.key}` | {ind.title} |" in README, ind.key


def test_readme_documents_every_environment_variable():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "regiondata").rglob("*.py"))
    used = set(re.findall(r"""env\.get\("(REGIONDATA_[A-Z_]+|DATABASE_URL)""", code))
    used |= set(re.findall(r"""environ\.get\("(REGIONDATA_[A-Z_]+|DATABASE_URL)""", code))
    assert used, "expected some configuration variables"
    for name in used:
        assert f"`{name}`" in README, name


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
