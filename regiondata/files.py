"""Writing files so that a reader sees either the old or the complete new file."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that it is either the old or the complete new file, never half of one.

    Raises:
        OSError: When the file cannot be written (the temporary file is removed again).
    """
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(tmp, "xb") as fh:  # mode from the umask, like any new file
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# OWASP "CSV injection": a spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?[\d.,\s]*%?")


def csv_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP's rule).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, which Excel and LibreOffice hide and read as "this is text". Numbers are left
    alone, also as text ("-1,5", "+3 %", "-"): a negative growth rate is no formula, and a
    formula that does harm needs a letter or a bracket.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_safe_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame with :func:`csv_safe` applied to every text cell and header."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype) in ("string", "str"):
            safe[column] = safe[column].map(csv_safe)
    safe.columns = [csv_safe(c) for c in safe.columns]
    return safe
