"""Similar regions: the arbeidsmarktregio's most like a region on a structural profile.

The profile (``PROFILE_FEATURES``, method in ``PROFILE_METHOD``) is z-scored across the regions;
the nearest regions come with a Dutch sentence on why they are alike: the features that are close,
the closest one with its numbers, and the largest difference with its numbers, each growth figure
with its years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiondata.errors import BadInputError
from regiondata.model.periods import available_years, latest_names, period_change
from regiondata.model.wording import dutch_list, dutch_number, dutch_percent
from regiondata.regions import parse_amr_code


@dataclass(frozen=True)
class ProfileFeature:
    """One feature of the structural profile used to find similar regions.

    Attributes:
        key: Column in ``structural_profile``.
        label: Dutch noun for sentences ("omvang").
        title: Dutch table header.
        description: Dutch definition for the sources page.
        indicator_key: Registry key it comes from (for source lines).
    """

    key: str
    label: str
    title: str
    description: str
    indicator_key: str


#: Years of job growth in the profile.
PROFILE_JOBS_YEARS = 5
#: Half a standard deviation: closer than this, a feature is called "vergelijkbaar".
SIMILAR_Z = 0.5

PROFILE_FEATURES: tuple[ProfileFeature, ...] = (
    ProfileFeature(
        "population_count",
        "omvang",
        "Inwoners",
        "Aantal inwoners op 1 januari, op een logaritmische schaal: het verschil tussen 200.000 en "
        "400.000 inwoners weegt even zwaar als dat tussen 500.000 en 1 miljoen.",
        "population_count",
    ),
    ProfileFeature(
        "bijstand_per_1000",
        "bijstandsdichtheid",
        "Bijstand per 1.000",
        "Personen met bijstand per 1.000 inwoners van 15 jaar en ouder.",
        "bijstand_per_1000",
    ),
    ProfileFeature(
        "jobs_growth_5y_pct",
        "banengroei",
        "Banengroei (laatste 5 jaar)",
        "Procentuele groei van het aantal banen van werknemers over de laatste vijf jaar met "
        "cijfers (korter als er minder jaren zijn).",
        "jobs_count",
    ),
    ProfileFeature(
        "unemployment_pct",
        "werkloosheid",
        "Werkloosheid",
        "Werkloze beroepsbevolking als percentage van de beroepsbevolking.",
        "unemployment_pct",
    ),
)

PROFILE_METHOD = (
    "Hoe we vergelijkbare regio's vinden: we kijken naar vier kenmerken, namelijk het aantal "
    "inwoners, de bijstand per 1.000 inwoners, de banengroei over de laatste vijf jaar en de "
    "werkloosheid. Per kenmerk meten we hoe ver twee regio's uit elkaar liggen, vergeleken met hoe "
    "ver alle 35 regio's gewoonlijk uit elkaar liggen; zo weegt elk kenmerk even zwaar. Die "
    "verschillen tellen we op tot één getal, de afstand: hoe kleiner, hoe meer de regio's op elkaar "
    "lijken. Ontbreekt een kenmerk bij een van beide, dan tellen de andere kenmerken naar verhouding "
    "mee; met minder dan twee gedeelde kenmerken vergelijken we niet. Elk kenmerk komt uit het "
    "nieuwste jaar met cijfers tot en met het gekozen jaar. Voor de statisticus: z-scores en "
    "euclidische afstand."
)


def _year_upto(regions: pd.DataFrame, key: str, year: int) -> int | None:
    years = [y for y in available_years(regions, key) if y <= year]
    return years[-1] if years else None


def structural_profile(regions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The profile of every arbeidsmarktregio that ``similar_regions`` compares.

    Each feature comes from its own newest available year up to ``year``; job growth runs over
    the last ``PROFILE_JOBS_YEARS`` years with data (fewer when the series is shorter).

    Returns:
        ``region_code``, ``region_name`` and one column per ``PROFILE_FEATURES`` key (raw values;
        the population is not logged here). ``attrs["years"]`` maps each feature key to the
        ``(from, to)`` years used.
    """
    amr = regions[regions["level"] == "amr"]
    names = latest_names(amr)
    out = pd.DataFrame({"region_code": names.index.to_numpy(), "region_name": names.to_numpy()})
    years: dict[str, tuple[int, int]] = {}
    for feature in PROFILE_FEATURES:
        y = _year_upto(regions, feature.indicator_key, year)
        values = pd.Series(np.nan, index=out["region_code"])
        if y is not None and feature.key == "jobs_growth_5y_pct":
            first = available_years(regions, "jobs_count")[0]
            start = max(y - PROFILE_JOBS_YEARS, first)
            if start < y:
                change = period_change(regions, "jobs_count", start, y).set_index("region_code")
                values = change["change_pct"].reindex(out["region_code"])
                years[feature.key] = (start, y)
        elif y is not None:
            at = amr[amr["year"] == y].set_index("region_code")[feature.indicator_key]
            values = at.reindex(out["region_code"])
            years[feature.key] = (y, y)
        out[feature.key] = values.to_numpy(dtype=float)
    out.attrs["years"] = years
    return out


def _zscores(profile: pd.DataFrame) -> pd.DataFrame:
    data = profile.set_index("region_code")[[f.key for f in PROFILE_FEATURES]].astype(float)
    # Size works in ratios: a region twice as large is equally "further" at any size.
    data["population_count"] = np.log(data["population_count"].where(data["population_count"] > 0))
    std = data.std(ddof=0)
    usable = [k for k in data.columns if std[k] > 0]  # a constant or empty feature tells nothing
    return (data[usable] - data[usable].mean()) / std[usable]


def _format_pair(feature: ProfileFeature, value: float, other: float) -> str:
    if feature.key == "population_count":
        # Rounded to thousands: the exact count suggests a precision nobody needs here.
        return f"{dutch_number(round(value, -3), 0)} tegen {dutch_number(round(other, -3), 0)} inwoners"
    if feature.key == "bijstand_per_1000":
        return f"{dutch_number(value)} tegen {dutch_number(other)} per 1.000"
    return f"{dutch_percent(value)} tegen {dutch_percent(other)}"


_MORE_LESS = {
    "population_count": ("groter", "kleiner"),
    "bijstand_per_1000": ("meer bijstand", "minder bijstand"),
    "jobs_growth_5y_pct": ("meer banengroei", "minder banengroei"),
    "unemployment_pct": ("hogere werkloosheid", "lagere werkloosheid"),
}


def _label(feature: ProfileFeature, years: dict[str, tuple[int, int]]) -> str:
    """The feature's noun; a growth figure names its period (``banengroei 2019–2024``)."""
    if feature.key == "jobs_growth_5y_pct" and feature.key in years:
        a, b = years[feature.key]
        return f"{feature.label} {a}–{b}"
    return feature.label


def _reason(
    diffs: pd.Series,
    candidate: pd.Series,
    target: pd.Series,
    target_name: str,
    years: dict[str, tuple[int, int]],
) -> str:
    """Why a region is similar, in its own numbers: the close features (the closest with both
    values), then the largest difference with both values."""
    by_key = {f.key: f for f in PROFILE_FEATURES}
    shared = diffs.dropna().abs().sort_values(kind="stable")
    near_key = shared.index[0]
    near_pair = _format_pair(by_key[near_key], candidate[near_key], target[near_key])
    near = f"{_label(by_key[near_key], years)} ({near_pair})"
    close = [_label(by_key[k], years) for k, d in shared.items() if d <= SIMILAR_Z and k != near_key]
    if shared.iloc[0] <= SIMILAR_Z:
        first = f"Vergelijkbare {dutch_list([near, *close])}"
    else:
        first = f"Het dichtst bij in {near}"
    far_key = shared.index[-1]
    feature = by_key[far_key]
    pair = f"{_format_pair(feature, candidate[far_key], target[far_key])} in {target_name}"
    if far_key == near_key:
        return f"{first}."
    if shared.iloc[-1] > SIMILAR_Z:
        more, less = _MORE_LESS[far_key]
        word = more if candidate[far_key] > target[far_key] else less
        if far_key == "jobs_growth_5y_pct" and far_key in years:
            word += f" {years[far_key][0]}–{years[far_key][1]}"
        return f"{first}; wel {word} ({pair})."
    return f"{first}; grootste verschil in {_label(feature, years)}: {pair}."


def similar_regions(regions: pd.DataFrame, amr_code: str, year: int, n: int = 5) -> pd.DataFrame:
    """The arbeidsmarktregio's most like a region on the structural profile.

    Profile (``PROFILE_FEATURES``, method in ``PROFILE_METHOD``): log population, bijstand per
    1.000, job growth over the last five years with data and unemployment, each z-scored across
    the regions and weighted equally; the distance is Euclidean over the features both regions
    have, scaled up for missing ones (at least two shared features needed). Ties are broken by
    region code.

    Returns:
        ``region_code``, ``region_name``, ``distance`` and ``reason`` (a Dutch sentence), nearest
        first, without the region itself.

    Raises:
        BadInputError: Unknown region, ``n`` below 1, or too few data to compare the region.
    """
    code = parse_amr_code(amr_code)
    if int(n) < 1:
        raise BadInputError("Het aantal vergelijkbare regio's moet ten minste 1 zijn.")
    profile = structural_profile(regions, int(year))
    z = _zscores(profile)
    if code not in z.index or z.loc[code].notna().sum() < 2:
        raise BadInputError(
            f"Voor {code} zijn in {year} te weinig cijfers om vergelijkbare regio's te zoeken. "
            "Kies een ander jaar."
        )
    diffs = z - z.loc[code]
    shared = diffs.notna().sum(axis=1)
    distance = np.sqrt((diffs**2).sum(axis=1) * len(z.columns) / shared.where(shared >= 2))
    raw = profile.set_index("region_code")
    names = raw["region_name"]
    result = pd.DataFrame({"region_code": z.index, "distance": distance.to_numpy()})
    result = result[(result["region_code"] != code) & result["distance"].notna()]
    result = result.sort_values(["distance", "region_code"], kind="stable").head(int(n))
    result.insert(1, "region_name", names.reindex(result["region_code"]).to_numpy())
    years = profile.attrs["years"]
    result["reason"] = [
        _reason(diffs.loc[c], raw.loc[c], raw.loc[code], str(names[code]), years)
        for c in result["region_code"]
    ]
    return result.reset_index(drop=True)
