"""View state in the URL: parse and validate query parameters, with Dutch notices for bad input.

The dashboard keeps page, region, period and indicator choices in the URL (``?regio=AM18&van=2015
&tot=2024&indicator=bijstand_per_1000``) so a copied link reopens the same view. Anything unknown
or malformed falls back to a sensible default with a short Dutch notice — never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from regiondata.errors import BadInputError
from regiondata.indicators import INDICATORS_BY_KEY
from regiondata.regions import AMR_NAMES, parse_amr_code

DEFAULT_REGION = "AM18"
MAX_COMPARE = 6
MAP_KINDS = ("tegel", "geo")
COLOR_MODES = ("indicator", "bivariaat")
GROWTH_KEYS = ("banen", "bbp", "vestigingen")
MAX_PARAM_LENGTH = 200


@dataclass(frozen=True)
class ViewParams:
    """Everything a view can be restored from."""

    regio: str = DEFAULT_REGION
    van: int | None = None
    tot: int | None = None
    indicator: str = "bijstand_per_1000"
    groei: str = "banen"
    kaart: str = "tegel"
    kleur: str = "indicator"
    vergelijk: tuple[str, ...] = ()
    vergelijkbaar: bool = False
    modus: str = "normaal"
    agenda: str | None = None
    plan: str | None = None
    stap: int | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        """The query parameters for this view (defaults left out to keep links short)."""
        out: dict[str, str] = {"regio": self.regio}
        if self.van is not None:
            out["van"] = str(self.van)
        if self.tot is not None:
            out["tot"] = str(self.tot)
        defaults = ViewParams()
        for name in ("indicator", "groei", "kaart", "kleur", "modus"):
            if getattr(self, name) != getattr(defaults, name):
                out[name] = str(getattr(self, name))
        if self.vergelijk:
            out["vergelijk"] = ",".join(self.vergelijk)
        if self.vergelijkbaar:
            out["vergelijkbaar"] = "ja"
        if self.agenda:
            out["agenda"] = self.agenda
        if self.plan:
            out["plan"] = self.plan
            out["stap"] = str(self.stap or 1)
        return out

    @property
    def presenting(self) -> bool:
        """Whether the dashboard is in presentation mode (large type, no sidebar)."""
        return self.modus == "presentatie"


def _choice(value: str, allowed: tuple[str, ...] | set[str], what: str, notices: list[str]) -> str | None:
    if value in allowed:
        return value
    notices.append(f"Onbekende {what} '{value[:30]}' in de link; de standaardkeuze wordt getoond.")
    return None


def _is_id(value: str) -> bool:
    """An id in a link: short, letters, digits, ``-`` and ``_`` only (never a path or markup)."""
    return bool(value) and len(value) <= 40 and all(c.isalnum() or c in "-_" for c in value)


def _flatten(query: dict[str, Any], notices: list[str]) -> dict[str, str]:
    """One stripped text per parameter: lists take their last value, overlong values are dropped."""
    flat: dict[str, str] = {}
    for key, value in query.items():
        if isinstance(value, list):
            value = value[-1] if value else ""
        text = str(value)
        if len(text) > MAX_PARAM_LENGTH:
            notices.append(f"De parameter '{str(key)[:20]}' in de link is te lang en wordt genegeerd.")
            continue
        flat[str(key)] = text.strip()
    return flat


def _period(
    q: dict[str, str], years: tuple[int, int], notices: list[str], default: tuple[int, int] | None = None
) -> dict[str, int]:
    """``van`` and ``tot`` clamped to the years with data, as one valid period of two years or more.

    A corrected year fixes the whole period, so notice, menus and content show the same one: the
    notice names it (``getoond wordt 2015–2016``) and both years go into the view. A lone year
    that lands on the other end of the data (``?tot=1800`` → 2015) takes the nearest valid
    partner; both years in the wrong order give the default period.
    """
    first, last = years
    base = default or years
    values: dict[str, int] = {}
    corrected: list[str] = []
    for name in ("van", "tot"):
        if name in q:
            # ASCII digits only: "²²²²".isdigit() is True, but int() refuses it.
            if re.fullmatch(r"[0-9]{4}", q[name]):
                year = int(q[name])
                values[name] = min(max(year, first), last)
                if values[name] != year:
                    corrected.append(f"Voor {year} zijn geen cijfers")
            else:
                notices.append(f"'{q[name][:10]}' is geen geldig jaar voor '{name}'.")
    if "van" in values and "tot" in values and values["van"] >= values["tot"]:
        notices.append(
            "Het beginjaar moet vóór het eindjaar liggen; de standaardperiode wordt getoond"
            + (f" ({base[0]}–{base[1]})." if default else ".")
        )
        return {}
    van, tot = values.get("van", base[0]), values.get("tot", base[1])
    if van >= tot and first < last:
        corrected.append("Een periode beslaat ten minste twee jaar")
        if "tot" in values:
            van = max(first, min(base[0], tot - 1))
            tot = max(tot, van + 1)
        else:
            tot = min(last, max(base[1], van + 1))
            van = min(van, tot - 1)
    if corrected:
        notices.append(f"{'; '.join(corrected)}; getoond wordt {van}–{tot}.")
        return {"van": van, "tot": tot}
    return values


def _compare(text: str, notices: list[str]) -> tuple[str, ...]:
    """The valid region codes of ``vergelijk``, without repeats, at most ``MAX_COMPARE``."""
    codes: list[str] = []
    for part in text.split(",")[: MAX_COMPARE + 4]:
        try:
            code = parse_amr_code(part)
        except BadInputError:
            notices.append(f"Onbekende regio '{part[:10]}' in de vergelijking genegeerd.")
            continue
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_COMPARE:
        notices.append(f"Er kunnen hoogstens {MAX_COMPARE} regio's tegelijk vergeleken worden.")
    return tuple(codes[:MAX_COMPARE])


def parse_params(
    query: dict[str, Any], years: tuple[int, int], default_period: tuple[int, int] | None = None
) -> ViewParams:
    """Turn URL query parameters into a valid view.

    Args:
        query: The raw query parameters (values are strings; lists take their last value).
        years: The first and last year with data, to clamp ``van``/``tot``.
        default_period: The period shown when the link names none (default ``years``); a
            corrected period is completed from it.

    Returns:
        A valid ``ViewParams``; ``notices`` holds Dutch messages for every parameter that was
        ignored or corrected.
    """
    notices: list[str] = []
    values: dict[str, Any] = {}
    q = _flatten(query, notices)
    if "regio" in q:
        try:
            values["regio"] = parse_amr_code(q["regio"])
        except BadInputError as err:
            notices.append(str(err) + f" Getoond: {AMR_NAMES[DEFAULT_REGION]}.")
    values |= _period(q, years, notices, default_period)
    if "indicator" in q and _choice(q["indicator"], set(INDICATORS_BY_KEY), "indicator", notices):
        values["indicator"] = q["indicator"]
    for name, allowed, what in (
        ("groei", GROWTH_KEYS, "groeimaat"),
        ("kaart", MAP_KINDS, "kaartsoort"),
        ("kleur", COLOR_MODES, "kleurkeuze"),
        ("modus", ("normaal", "presentatie"), "modus"),
    ):
        if name in q and _choice(q[name], allowed, what, notices):
            values[name] = q[name]
    if q.get("vergelijk"):
        values["vergelijk"] = _compare(q["vergelijk"], notices)
    if q.get("vergelijkbaar") in ("ja", "1", "true"):
        values["vergelijkbaar"] = True
    if "agenda" in q:
        if _is_id(q["agenda"]):
            values["agenda"] = q["agenda"]
        else:
            notices.append("De agenda in de link is ongeldig; kies een agenda uit de lijst.")
    if "plan" in q:
        if _is_id(q["plan"]):
            values["plan"] = q["plan"]
            stap = q.get("stap", "1")
            values["stap"] = int(stap) if re.fullmatch(r"[0-9]{1,3}", stap) and int(stap) > 0 else 1
        else:
            notices.append("Het sessieplan in de link is ongeldig.")
    return replace(ViewParams(), **values, notices=tuple(notices))
