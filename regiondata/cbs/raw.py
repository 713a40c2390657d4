"""The raw stage: one CBS table as the OData v3 feed delivers it (padded keys, numbered measures).

Both the CBS download (``cbs``) and the demo generator (``demo``) produce ``RawTable``s, so demo
data goes through exactly the same cleaning and aggregation code as real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawTable:
    """One downloaded CBS table.

    Attributes:
        source_key: Our source name (``bijstand``); Gebieden tables add the year (``gebieden``).
        table_id: CBS table id as CBS spells it (``80794ned``).
        info: The ``TableInfos`` row (Title, Modified, OutputStatus, ...).
        properties: ``DataProperties`` rows.
        dimensions: Dimension key → its category rows (``Key``, ``Title``, ``Status`` ...).
        rows: ``TypedDataSet`` rows, keys still padded as CBS sends them.
        retrieved_at: ISO timestamp (UTC) of the download.
    """

    source_key: str
    table_id: str
    info: dict[str, Any]
    properties: list[dict[str, Any]]
    dimensions: dict[str, list[dict[str, Any]]]
    rows: list[dict[str, Any]]
    retrieved_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The CBS title of the table."""
        return str(self.info.get("Title") or self.table_id)
