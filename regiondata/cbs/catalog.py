"""Choosing tables from the CBS catalog by title, so new yearly editions are found automatically."""

from __future__ import annotations

import re
from typing import Any

from regiondata.cbs.sources import SourceSpec
from regiondata.errors import DataUnavailableError

_YEAR = re.compile(r"(\d{4})\s*$")


def catalog_filter(spec: SourceSpec) -> str:
    """The ``$filter`` for the catalog that finds the candidate tables of a source."""
    title = (spec.catalog_title or "").replace("'", "''")
    return f"substringof('{title}',tolower(Title))"


def choose_tables(spec: SourceSpec, catalog: list[dict[str, Any]]) -> dict[int | None, str]:
    """Pick the table id(s) for a source from catalog rows.

    Args:
        spec: The source (its ``table_id`` or ``catalog_title`` and ``pick`` rule).
        catalog: Catalog rows with at least ``Identifier``, ``Title`` and ``OutputStatus``.

    Returns:
        ``{None: id}`` for a single table, or ``{year: id}`` for one table per year.

    Raises:
        DataUnavailableError: When the catalog has no matching table.
    """
    if spec.pick == "fixed":
        return {None: str(spec.table_id)}
    prefix = (spec.catalog_title or "").casefold()
    rows = [r for r in catalog if str(r.get("Title", "")).strip().casefold().startswith(prefix)]
    if not rows:
        raise DataUnavailableError(
            f"De CBS-catalogus bevat geen tabel met de titel '{spec.catalog_title}'. "
            "Mogelijk heeft CBS de tabel hernoemd; de vorige gegevens blijven in gebruik."
        )

    def year_of(row: dict[str, Any]) -> int | None:
        m = _YEAR.search(str(row.get("Title", "")).strip())
        return int(m.group(1)) if m else None

    if spec.pick == "per_year":
        out: dict[int | None, str] = {}
        for row in sorted(rows, key=lambda r: str(r.get("Modified", ""))):
            year = year_of(row)
            if year is not None:
                out[year] = str(row["Identifier"])
        return dict(sorted(out.items()))
    if spec.pick == "newest":
        best = max(rows, key=lambda r: (year_of(r) or 0, str(r.get("Modified", ""))))
        return {None: str(best["Identifier"])}
    current = [r for r in rows if str(r.get("OutputStatus", "")).casefold() == "regulier"] or rows
    best = max(current, key=lambda r: str(r.get("Modified", "")))
    return {None: str(best["Identifier"])}
