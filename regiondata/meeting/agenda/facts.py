"""From the data snapshot to the agenda: cited fact blocks, monitoring baselines, place names.

The agenda page shows facts about the agenda's region next to the group's own text. This module
turns the dashboard's plain-Dutch sentences (``sentences.describe_region``) into
:class:`DataFact` objects that carry their CBS source line, so that inserting one into the
agenda gives a :class:`~regiondata.meeting.agenda.steps.FactBlock` with text, citation and indicator
key. It also fills in a monitoring row's baseline (nulmeting) from the newest year with data,
and lists the place names the aantrekkelijkheidstoets recognises in an opgave.

Never imports Streamlit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from regiondata.derive.snapshot import Snapshot
from regiondata.indicators import INDICATORS, INDICATORS_BY_KEY
from regiondata.meeting.agenda.model import SHORT_TEXT_MAX_CHARS
from regiondata.meeting.agenda.steps import FactBlock, MonitoringRow
from regiondata.model.sentences import describe_region
from regiondata.model.views import latest_year, national_value, source_line
from regiondata.regions import AMR_NAMES, parse_amr_code

MONITORING_KEYS: tuple[str, ...] = tuple(
    i.key for i in INDICATORS if i.key not in ("population_count", "ww_count", "ao_count")
)
"""Indicators offered for monitoring: every registry indicator except pure context counts."""

_SUFFIX_RE = re.compile(r"\s*\([^)]*\)$")


@dataclass(frozen=True)
class DataFact:
    """One fact about a region, ready to be cited in an agenda.

    Attributes:
        text: A self-contained Dutch sentence (region, years and numbers in it).
        source: The credit line, "Bron: CBS, tabel …, opgehaald …" (demo data says so).
        indicator_keys: Registry keys behind the fact; the first one is the main indicator.
        kind: What the sentence is about (see ``sentences.Fact.kind``); ``missing`` marks a note
            on data that is absent rather than a fact.
        years: ``(from, to)`` years the fact covers.
    """

    text: str
    source: str
    indicator_keys: tuple[str, ...]
    kind: str
    years: tuple[int, int]

    @property
    def is_note(self) -> bool:
        """Whether this is a note about missing data rather than a fact to cite."""
        return self.kind == "missing"

    def to_block(self) -> FactBlock:
        """Return the fact as a block to insert into the agenda's step 1."""
        return FactBlock(
            text=self.text,
            source=cite(self.source),
            indicator_key=self.indicator_keys[0] if self.indicator_keys else "",
        )


def cite(text: str) -> str:
    """Return a source line that fits the agenda's source field (cut with "…" if too long)."""
    if len(text) <= SHORT_TEXT_MAX_CHARS:
        return text
    return text[: SHORT_TEXT_MAX_CHARS - 1].rstrip() + "…"


def region_facts(snapshot: Snapshot, amr_code: str, from_year: int, to_year: int) -> list[DataFact]:
    """Facts about a region over a period, against the Netherlands, each with its source line.

    Args:
        snapshot: The data snapshot in use.
        amr_code: Arbeidsmarktregio code, e.g. "AM18".
        from_year: First year of the period.
        to_year: Last year of the period (after ``from_year``).

    Returns:
        The facts in reading order (jobs, bijstand, whether growth reaches the bijstand,
        bijstand density, unemployment, GDP), then possibly a note on missing data.

    Raises:
        BadInputError: Unknown region or a bad period (Dutch message).
    """
    facts = describe_region(snapshot.derived.regions, amr_code, from_year, to_year)
    return [
        DataFact(
            text=f.text,
            source=source_line(snapshot, list(f.indicator_keys)) if f.indicator_keys else "",
            indicator_keys=tuple(f.indicator_keys),
            kind=f.kind,
            years=tuple(f.years),
        )
        for f in facts
    ]


def _region_value(regions: pd.DataFrame, code: str, key: str, upto: int | None) -> tuple[float, int] | None:
    rows = regions[(regions["level"] == "amr") & (regions["region_code"] == code) & regions[key].notna()]
    if upto is not None:
        rows = rows[rows["year"] <= upto]
    if rows.empty:
        return None
    row = rows.sort_values("year").iloc[-1]
    return float(row[key]), int(row["year"])


def baseline(snapshot: Snapshot, amr_code: str, indicator_key: str) -> MonitoringRow:
    """A monitoring row for an indicator with the region's baseline filled in from the data.

    The baseline is the region's value in the newest year in which most regions have a value
    (so a half-published year is not used); when the region itself lacks that year, its own
    newest earlier value is used. Target and date stay empty for the group to set.

    Args:
        snapshot: The data snapshot in use.
        amr_code: Arbeidsmarktregio code, e.g. "AM18".
        indicator_key: Key in the indicator registry.

    Returns:
        A :class:`MonitoringRow`; ``baseline_value`` is ``None`` when the data have no value.

    Raises:
        BadInputError: Unknown region.
        KeyError: Unknown indicator key.
    """
    code = parse_amr_code(amr_code)
    indicator = INDICATORS_BY_KEY[indicator_key]
    regions = snapshot.derived.regions
    found = _region_value(regions, code, indicator_key, latest_year(regions, indicator_key))
    row = MonitoringRow(
        indicator_key=indicator.key,
        indicator_title=indicator.title,
        unit=indicator.unit,
        baseline_source=cite(source_line(snapshot, [indicator.key])),
    )
    if found is not None:
        value, year = found
        row.baseline_value = round(value, indicator.decimals)
        row.baseline_year = str(year)
    return row


def national_baseline(snapshot: Snapshot, indicator_key: str, year: str) -> float | None:
    """The national value of an indicator in the baseline year (for context), if any."""
    if not year.isdigit():
        return None
    value = national_value(snapshot, indicator_key, int(year))
    return None if value is None or math.isnan(value) else value


def place_names(snapshot: Snapshot, amr_code: str) -> tuple[str, ...]:
    """The region's name and the names of its gemeenten (newest membership year).

    These count as "a place" when the aantrekkelijkheidstoets checks whether an opgave is
    concrete.
    """
    code = parse_amr_code(amr_code)
    names = [AMR_NAMES[code]]
    membership = snapshot.derived.membership
    if not membership.empty:
        newest = membership[membership["amr_code"] == code]
        if not newest.empty:
            newest = newest[newest["year"] == newest["year"].max()]
            for name in sorted(str(n) for n in newest["gemeente_naam"].dropna().unique()):
                names.append(name)
                # CBS tells namesakes apart with a suffix ("Middelburg (Z.)"); people write "Middelburg".
                short = _SUFFIX_RE.sub("", name)
                if short != name:
                    names.append(short)
    return tuple(dict.fromkeys(names))


__all__ = [
    "MONITORING_KEYS",
    "DataFact",
    "baseline",
    "cite",
    "national_baseline",
    "place_names",
    "region_facts",
]


def dna_facts(snapshot: Snapshot, amr_code: str, from_year: int, to_year: int) -> list[DataFact]:
    """Regio-DNA facts for the partner step: growing sectors and main commuting partner regions.

    Cited and insertable like ``region_facts``; empty when the snapshot has no DNA data.
    """
    from regiondata.model.dna import partner_sentences

    code = parse_amr_code(amr_code)
    keys = {"dna_sectors": ("jobs_count",), "dna_commuting": ("resident_job_share_pct",)}
    derived = snapshot.derived
    return [
        DataFact(text, source_line(snapshot, list(keys[kind])), keys[kind], kind, (from_year, to_year))
        for kind, text in partner_sentences(derived.flows, derived.sectors, code, from_year, to_year)
    ]
