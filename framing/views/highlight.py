"""Render an article's cleaned text with its evidence highlighted, one style per dimension.

Every view (report, worksheet, notebook) marks evidence the same way:

* each highlighted span is underlined in its dimension's colour *and* line style, and is
  followed by a small text marker (``P`` promotional, ``H`` hedging, ...), so highlights can be
  told apart in greyscale, in print and without colour vision;
* the reason(s) appear on hover (``title``), and with ``footnotes=True`` each piece of evidence
  gets a number whose footnote repeats the reason for print;
* overlapping spans are split at every boundary, so a word inside two findings carries both
  underlines and both reasons;
* all text is HTML-escaped.

Styles live in :mod:`framing.views.palette`; :data:`HIGHLIGHT_CSS` holds the CSS these fragments
need (include it once per page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from .palette import DIMENSION_STYLES, dimension_style

#: Pixels between stacked underlines of overlapping dimensions.
_UNDERLINE_STEP = 3


def _dim_class(name: str) -> str:
    # dimension names are identifiers; anything else is made safe for a class attribute
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
    return f"hl-{safe}"


def highlight_css(dimensions: Iterable[str] = ()) -> str:
    """CSS for highlighted text, markers, footnotes and the legend: the known dimensions plus
    any others named in ``dimensions`` (so a page needs no inline ``style`` attributes and can
    keep a strict Content-Security-Policy)."""
    rules = [
        ".hl-text{white-space:pre-wrap;line-height:1.9;overflow-wrap:anywhere}",
        ".hl{border-bottom-width:3px;border-bottom-color:currentColor}",
        ".hl-mk{font-size:.7em;font-weight:bold;vertical-align:super;line-height:0;"
        "margin-left:1px;text-decoration:none}",
        ".hl-mk a{color:inherit;text-decoration:none}",
        ".hl-notes{font-size:.85em}",
        ".hl-notes li{margin:.2em 0}",
        ".hl-legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em}",
        ".hl-legend li{white-space:nowrap}",
        "@media print{.hl{background:none!important}.hl-notes{display:block}}",
    ]
    names = list(dict.fromkeys([*DIMENSION_STYLES, *dimensions]))
    for depth, name in enumerate(names):
        s = dimension_style(name)
        cls = _dim_class(name)
        rules.append(
            f".{cls}{{border-bottom:3px {s.underline} {s.colour};"
            f"padding-bottom:{depth * _UNDERLINE_STEP}px}}"
        )
        rules.append(f".{cls}.hl-first{{background:{s.tint}}}")
        rules.append(f".hl-mk-{cls[3:]}{{color:{s.colour}}}")
    return "\n".join(rules) + "\n"


#: CSS for the built-in dimensions (self-contained, no fonts or URLs).
HIGHLIGHT_CSS = highlight_css()


def _rows(evidence_rows: Any) -> list[Mapping[str, Any]]:
    if hasattr(evidence_rows, "to_dict") and hasattr(evidence_rows, "columns"):
        return evidence_rows.to_dict("records")
    return list(evidence_rows or [])


def _label(row: Mapping[str, Any]) -> str:
    style = dimension_style(str(row.get("dimension", "")))
    category = str(row.get("category") or "").replace("_", " ")
    reason = str(row.get("reason") or "").strip()
    head = f"{style.label}" + (f" ({category})" if category else "")
    return f"{head}: {reason}" if reason else head




def highlight_html(
    text: str,
    evidence_rows: Iterable[Mapping[str, Any]] | Any,
    *,
    dimensions: Sequence[str] | None = None,
    footnotes: bool = False,
    id_prefix: str = "ev",
) -> str:
    """``text`` as an HTML fragment with every evidence span marked.

    ``evidence_rows``: evidence dicts (or an evidence DataFrame) with at least ``dimension``,
    ``start``, ``end``; ``category`` and ``reason`` are shown when present. Rows whose offsets
    fall outside the text, or that are empty, are left out. ``dimensions`` restricts which
    dimensions are shown (in that order of precedence for the background tint).
    ``footnotes=True`` numbers each span and appends an ordered list of reasons; ``id_prefix``
    keeps footnote anchors unique when several articles share a page.
    """
    rows = []
    for row in _rows(evidence_rows):
        dim = str(row.get("dimension", ""))
        if dimensions is not None and dim not in dimensions:
            continue
        try:
            start, end = int(row["start"]), int(row["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= len(text):
            rows.append((start, end, dim, row))
    rows.sort(key=lambda r: (r[0], -r[1], r[2]))
    order = list(dimensions) if dimensions is not None else list(DIMENSION_STYLES)

    def rank(dim: str) -> tuple[int, str]:
        return (order.index(dim) if dim in order else len(order), dim)

    numbers = {i: n for n, i in enumerate(range(len(rows)), start=1)}
    ends: dict[int, list[int]] = {}
    for i, (_, end, _, _) in enumerate(rows):
        ends.setdefault(end, []).append(i)
    bounds = sorted({0, len(text), *(r[0] for r in rows), *(r[1] for r in rows)})

    out: list[str] = []
    active: list[int] = []
    starts: dict[int, list[int]] = {}
    for i, (start, _, _, _) in enumerate(rows):
        starts.setdefault(start, []).append(i)
    for a, b in zip(bounds, bounds[1:]):
        active = [i for i in active if rows[i][1] > a] + starts.get(a, [])
        piece = escape(text[a:b], quote=False)
        if active:
            dims = sorted({rows[i][2] for i in active}, key=rank)
            # nest one span per dimension so each draws its own underline
            title = escape(" | ".join(dict.fromkeys(_label(rows[i][3]) for i in active)))
            for depth, dim in enumerate(reversed(dims)):
                first = " hl-first" if depth == len(dims) - 1 else ""
                attrs = f' title="{title}"' if depth == len(dims) - 1 else ""
                piece = f'<span class="hl {_dim_class(dim)}{first}"{attrs}>{piece}</span>'
        out.append(piece)
        for i in ends.get(b, []):
            dim = rows[i][2]
            style = dimension_style(dim)
            label = escape(_label(rows[i][3]))
            mark = escape(style.marker)
            if footnotes:
                n = numbers[i]
                out.append(
                    f'<sup class="hl-mk hl-mk-{_dim_class(dim)[3:]}" title="{label}">'
                    f'<a href="#{escape(id_prefix)}-{n}" id="{escape(id_prefix)}-ref-{n}">'
                    f"{mark}{n}</a></sup>"
                )
            else:
                out.append(
                    f'<sup class="hl-mk hl-mk-{_dim_class(dim)[3:]}" title="{label}">{mark}</sup>'
                )
    html = f'<div class="hl-text">{"".join(out)}</div>'
    if footnotes and rows:
        items = []
        for i, (start, end, dim, row) in enumerate(rows):
            n = numbers[i]
            style = dimension_style(dim)
            quoted = escape(text[start:end], quote=False)
            items.append(
                f'<li id="{escape(id_prefix)}-{n}" value="{n}"><b>{escape(style.marker)}{n}</b> '
                f"“{quoted}” — {escape(_label(row), quote=False)} "
                f'<a href="#{escape(id_prefix)}-ref-{n}" aria-label="back to text">↩</a></li>'
            )
        html += f'<ol class="hl-notes">{"".join(items)}</ol>'
    return html


def legend_html(dimensions: Iterable[str]) -> str:
    """A legend: for each dimension its marker, underline and name."""
    items = []
    for name in dimensions:
        style = dimension_style(name)
        items.append(
            f'<li><span class="hl {_dim_class(name)} hl-first">{escape(style.label)}</span>'
            f'<sup class="hl-mk hl-mk-{_dim_class(name)[3:]}">{escape(style.marker)}</sup>'
            f" {escape(style.underline)} underline</li>"
        )
    return f'<ul class="hl-legend">{"".join(items)}</ul>'


__all__ = ["HIGHLIGHT_CSS", "highlight_css", "highlight_html", "legend_html"]
