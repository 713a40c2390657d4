"""Dutch numbers and lists in the sentences the dashboard writes about the data.

Every text a user reads is Dutch: ``1.234,5`` with a real minus sign, ``a, b en c``.
"""

from __future__ import annotations

MINUS = "\u2212"  # a real minus sign: a hyphen reads as a dash on a projector


def dutch_number(value: float, decimals: int = 1) -> str:
    """Dutch number (``1.234,5``) with a real minus sign; ``−0,0`` becomes ``0,0``."""
    text = f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if text.startswith("-"):
        text = text[1:] if set(text[1:]) <= set("0,.") else MINUS + text[1:]
    return text


def dutch_percent(value: float, decimals: int = 1) -> str:
    """Dutch percentage without a space: ``12,3%``."""
    return f"{dutch_number(value, decimals)}%"


def dutch_list(words: list[str]) -> str:
    """Dutch enumeration: ``a``, ``a en b``, ``a, b en c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]
