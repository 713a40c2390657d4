"""What the bivariate maps share (tile map and geographic map): classes, hover, table, notes, legend.

Growth class × bijstand class in 3×3 colours (``BIVARIATE_COLORS``); the combination "high growth,
bijstand not falling" is the darkest and is outlined, so it does not rely on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from regiondata.charts.colors import (
    BIJSTAND_COLOR,
    BIVARIATE_COLORS,
    ECONOMY_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
)
from regiondata.charts.style import ChartStyle
from regiondata.charts.tables import require_columns, table_column
from regiondata.charts.text import dedupe, escape_text, format_number, region_hover
from regiondata.errors import BadInputError

#: Default Dutch names of the classes: (growth classes, bijstand classes), class 0 first. The
#: classes compare each region with Nederland (``regiondata.model.quadrants.class_of``).
CLASS_LABELS: tuple[tuple[str, str, str], tuple[str, str, str]] = (
    ("minder groei dan landelijk", "groei ongeveer als landelijk", "meer groei dan landelijk"),
    (
        "bijstand gunstiger dan landelijk",
        "bijstand ongeveer als landelijk",
        "bijstand ongunstiger dan landelijk",
    ),
)
#: Short words under the legend's columns (growth) and beside its rows (bijstand), class 0 first.
CLASS_WORDS: tuple[tuple[str, str, str], tuple[str, str, str]] = (
    ("minder", "gelijk", "meer"),
    ("gaat mee", "gelijk", "achter"),
)
#: Default names of the legend's axes: (growth, bijstand).
LEGEND_LABELS: tuple[str, str] = ("Groei", "Bijstand")
#: Default title of both bivariate maps.
TITLE = "Groei en bijstand samen: waar daalt de bijstand niet mee?"


def class_frame(classes: pd.DataFrame) -> pd.DataFrame:
    """Validate a bivariate class table and add its colour (shared by tile map and choropleth)."""
    require_columns(
        classes,
        ["region_code", "region_name", "growth_class", "bijstand_class", "growth_pct", "bijstand_change_pct"],
        "de tweedimensionale kaart",
    )
    frame = classes.sort_values("region_code").reset_index(drop=True)

    def color(g: Any, b: Any) -> str:
        if pd.isna(g) or pd.isna(b):
            return MISSING_COLOR
        gi, bi = int(g), int(b)
        if not (0 <= gi <= 2 and 0 <= bi <= 2):
            raise BadInputError("Klassen van de tweedimensionale kaart moeten 0, 1 of 2 zijn.")
        return BIVARIATE_COLORS[bi][gi]

    frame["color"] = [
        color(g, b) for g, b in zip(frame["growth_class"], frame["bijstand_class"], strict=True)
    ]
    frame["standout"] = [
        not (pd.isna(g) or pd.isna(b)) and int(g) == 2 and int(b) == 2
        for g, b in zip(frame["growth_class"], frame["bijstand_class"], strict=True)
    ]
    return frame


def hover(
    row: Mapping[str, Any],
    legend_labels: tuple[str, str],
    class_labels: tuple[Sequence[str], Sequence[str]],
) -> str:
    """Hover text for one region of a bivariate map: both values and the class meaning."""
    lines = [
        f"{escape_text(legend_labels[0])}: {format_number(row['growth_pct'], 1, signed=True)}%",
        f"{escape_text(legend_labels[1])}: {format_number(row['bijstand_change_pct'], 1, signed=True)}%",
    ]
    if not (pd.isna(row["growth_class"]) or pd.isna(row["bijstand_class"])):
        meaning = (
            f"{class_labels[0][int(row['growth_class'])]}, {class_labels[1][int(row['bijstand_class'])]}"
        )
        lines.append(f"<i>{escape_text(meaning)}</i>")
    else:
        lines.append("geen gegevens")
    return region_hover(str(row["region_code"]), str(row["region_name"]), lines)


def table(
    frame: pd.DataFrame, legend_labels: tuple[str, str], class_labels: tuple[Sequence[str], Sequence[str]]
) -> pd.DataFrame:
    """The table alternative of a bivariate map."""

    def name(labels: Sequence[str], value: Any) -> str:
        return "geen gegevens" if pd.isna(value) else labels[int(value)]

    return pd.DataFrame(
        {
            "Code": frame["region_code"].astype(str),
            "Arbeidsmarktregio": frame["region_name"].astype(str),
            f"{legend_labels[0]} (%)": table_column(frame["growth_pct"], 1),
            f"{legend_labels[1]} (%)": table_column(frame["bijstand_change_pct"], 1),
            "Klasse groei": [name(class_labels[0], v) for v in frame["growth_class"]],
            "Klasse bijstand": [name(class_labels[1], v) for v in frame["bijstand_class"]],
        }
    )


def notes(class_labels: tuple[Sequence[str], Sequence[str]], missing: bool, band: float = 0.0) -> list[str]:
    """Notes of a bivariate map: how the classes are made and what the darkest colour means."""
    return dedupe(
        [
            "Kleur: elke regio vergeleken met Nederland, dezelfde indeling als het kwadrantendiagram"
            + (f"; 'gelijk' is hoogstens {format_number(band, 1)} procentpunt verschil" if band > 0 else ""),
            f"Donkerste kleur: {class_labels[0][2]}, maar {class_labels[1][2]}",
            "Grijs: geen gegevens" if missing else "",
        ]
    )


def legend_items(
    x0: float,
    y0: float,
    cell: float,
    legend_labels: tuple[str, str],
    style: ChartStyle,
    *,
    xref: str = "x",
    yref: str = "y",
    xscale: float = 1.0,
    class_words: tuple[Sequence[str], Sequence[str]] = CLASS_WORDS,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shapes and annotations of the 3×3 legend; ``(x0, y0)`` is its lower-left corner.

    Growth runs to the right, bijstand class upward; the standout cell gets a dark outline. Each
    column and row is named in words (``class_words``), so the classes do not rely on colour.
    """
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    w = cell * xscale
    for b in range(3):
        for g in range(3):
            standout = g == 2 and b == 2
            shapes.append(
                {
                    "type": "rect",
                    "xref": xref,
                    "yref": yref,
                    "x0": x0 + g * w,
                    "x1": x0 + (g + 1) * w,
                    "y0": y0 + b * cell,
                    "y1": y0 + (b + 1) * cell,
                    "fillcolor": BIVARIATE_COLORS[b][g],
                    "line": {"color": TEXT_COLOR if standout else "#FFFFFF", "width": 2.5 if standout else 1},
                    "layer": "above",
                    "name": f"legenda {b}{g}",
                }
            )
    font = {"size": style.small + (0 if style.presentation else 1), "color": TEXT_COLOR}
    annotations += _legend_words(x0, y0, cell, w, class_words, font, xref, yref)
    longest = max(len(word) for word in class_words[0])
    # Beside the upright words, at their foot: "minder gelijk meer Groei →" reads as one line.
    annotations.append(
        {
            "xref": xref,
            "yref": yref,
            "x": x0 + 3 * w,
            "y": y0,
            "xanchor": "left",
            "yanchor": "bottom",
            "xshift": 3,
            "yshift": -(longest * font["size"] * 0.55 + 2),
            "text": f"{escape_text(legend_labels[0])} →",
            "showarrow": False,
            "font": {"size": style.small + (0 if style.presentation else 1), "color": ECONOMY_COLOR},
            "name": "legenda x",
        }
    )
    annotations.append(
        {
            "xref": xref,
            "yref": yref,
            "x": x0,
            "y": y0 + 3 * cell,
            "xanchor": "left",
            "yanchor": "bottom",
            "text": f"↑ {escape_text(legend_labels[1])}",
            "showarrow": False,
            "font": {"size": style.small + (0 if style.presentation else 1), "color": BIJSTAND_COLOR},
            "name": "legenda y",
        }
    )
    return shapes, annotations


def _legend_words(
    x0: float,
    y0: float,
    cell: float,
    w: float,
    class_words: tuple[Sequence[str], Sequence[str]],
    font: dict[str, Any],
    xref: str,
    yref: str,
) -> list[dict[str, Any]]:
    """The words naming the legend's columns (upright, under them) and rows (beside them)."""
    annotations: list[dict[str, Any]] = []
    # The columns are narrower than a word: their words stand upright, reading upward.
    for i in range(3):
        annotations.append(
            {
                "xref": xref,
                "yref": yref,
                "x": x0 + (i + 0.5) * w,
                "y": y0,
                "xanchor": "center",
                "yanchor": "top",
                "yshift": -2,
                "textangle": -90,
                "text": escape_text(class_words[0][i]),
                "showarrow": False,
                "font": font,
                "name": f"legenda groei {i}",
            }
        )
        annotations.append(
            {
                "xref": xref,
                "yref": yref,
                "x": x0 + 3 * w,
                "y": y0 + (i + 0.5) * cell,
                "xanchor": "left",
                "yanchor": "middle",
                "xshift": 3,
                "text": escape_text(class_words[1][i]),
                "showarrow": False,
                "font": font,
                "name": f"legenda bijstand {i}",
            }
        )
    return annotations
