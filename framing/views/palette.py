"""The one place that says how each dimension and category looks, in HTML and in charts.

Colours come from the Okabe–Ito palette (safe for the common forms of colour blindness), and
every colour is paired with something that survives greyscale and print: a text marker and an
underline style in HTML, a hatch and a point marker in matplotlib charts.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable by most readers.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}


@dataclass(frozen=True)
class DimensionStyle:
    """How one dimension is drawn.

    ``marker`` is the short text label placed after each highlighted span (readable in
    greyscale); ``underline`` a CSS border style; ``hatch`` and ``point`` the matplotlib hatch
    and marker; ``tint`` a light background for highlighted text.
    """

    name: str
    label: str
    colour: str
    tint: str
    marker: str
    underline: str
    hatch: str
    point: str


DIMENSION_STYLES: dict[str, DimensionStyle] = {
    s.name: s
    for s in (
        DimensionStyle("promotional", "Promotional phrasing", OKABE_ITO["vermillion"],
                       "#F8DCC8", "P", "solid", "//", "o"),
        DimensionStyle("hedging", "Hedging and certainty", OKABE_ITO["blue"],
                       "#CCE1F0", "H", "dashed", "..", "s"),
        DimensionStyle("attribution", "Attribution", OKABE_ITO["bluish_green"],
                       "#CCEBE3", "A", "dotted", "xx", "^"),
        DimensionStyle("criticism", "Criticism coverage", OKABE_ITO["reddish_purple"],
                       "#F4E2EC", "C", "double", "\\\\", "D"),
        DimensionStyle("classifier", "Classifier", OKABE_ITO["orange"],
                       "#FAECCC", "M", "solid", "++", "v"),
        DimensionStyle("frames", "Policy frames", OKABE_ITO["sky_blue"],
                       "#DDF0FB", "F", "dashed", "oo", "P"),
    )
}

_FALLBACK = [
    (OKABE_ITO["sky_blue"], "#DDF0FB", "oo", "P"),
    (OKABE_ITO["yellow"], "#FCFAD9", "--", "X"),
    (OKABE_ITO["black"], "#E6E6E6", "||", "*"),
]


def dimension_style(name: str) -> DimensionStyle:
    """The style of a dimension; a dimension without one gets a stable fallback style."""
    if name in DIMENSION_STYLES:
        return DIMENSION_STYLES[name]
    # stable across runs (no hash randomisation): sum of code points picks the fallback
    colour, tint, hatch, point = _FALLBACK[sum(map(ord, name)) % len(_FALLBACK)]
    marker = (name[:1] or "?").upper()
    return DimensionStyle(name, name.replace("_", " ").capitalize(), colour, tint, marker,
                          "solid", hatch, point)


#: Categories inside a chart (cue classes, criticism status, source types, hedge/booster):
#: colour, hatch, in a fixed order so the same category looks the same in every chart.
CATEGORY_STYLES: dict[str, tuple[str, str]] = {
    # attribution cue classes
    "neutral": (OKABE_ITO["sky_blue"], ""),
    "emphatic": (OKABE_ITO["orange"], ".."),
    "endorsing": (OKABE_ITO["vermillion"], "//"),
    "distancing": (OKABE_ITO["blue"], "\\\\"),
    # hedging
    "hedge": (OKABE_ITO["blue"], ".."),
    "booster": (OKABE_ITO["vermillion"], "//"),
    # criticism status (dark = more present)
    "voiced": (OKABE_ITO["bluish_green"], ""),
    "mentioned": (OKABE_ITO["sky_blue"], ".."),
    "dismissed": (OKABE_ITO["vermillion"], "//"),
    "absent": ("#FFFFFF", ""),
    # source types
    "official": (OKABE_ITO["vermillion"], "//"),
    "state_media": (OKABE_ITO["orange"], "\\\\"),
    "expert": (OKABE_ITO["blue"], ".."),
    "business": (OKABE_ITO["yellow"], "xx"),
    "civil_society": (OKABE_ITO["bluish_green"], "oo"),
    "international_org": (OKABE_ITO["sky_blue"], "--"),
    "ordinary_people": (OKABE_ITO["reddish_purple"], "++"),
    "anonymous": ("#555555", "||"),
    "unknown": ("#BBBBBB", ""),
}


def category_style(category: str, index: int = 0) -> tuple[str, str]:
    """(colour, hatch) of a chart category; unknown categories cycle through the palette."""
    if category in CATEGORY_STYLES:
        return CATEGORY_STYLES[category]
    colours = list(OKABE_ITO.values())
    hatches = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
    return colours[index % len(colours)], hatches[index % len(hatches)]
