"""HTML pages: the article's text through trafilatura, cleaned like plain text, and its metadata.

trafilatura extracts the main text and the page's metadata (favouring recall, no network);
the text then goes through the same rules as plain text (:mod:`.cleaning`) and the metadata
through :mod:`.metadata`, page tags first and the text second.
"""

from __future__ import annotations

from collections.abc import Callable

from .cleaning import R_TITLE, Cleaned, Cleaner, Removed, normalize
from .metadata import Inferred, infer_from_html, split_title_suffix


def clean_html(html: str) -> tuple[Cleaned, dict[str, Inferred]]:
    """Extract the article from an HTML page with trafilatura (favouring recall, no network),
    clean the extracted text with the same rules as :func:`clean_text`, and infer metadata from
    the page's own metadata first and the text second. Line numbers are 0."""
    page = _extract_html(html)
    title = page.get("title")
    titles = tuple(
        t
        for raw in (title, page.get("raw_title"), page.get("og_title"))
        if raw
        for t in (raw, split_title_suffix(raw)[0])
    )
    cleaner = Cleaner(page.get("text") or "", html_titles=titles, line_numbers=False)
    cleaned = cleaner.run()
    if title and cleaned.title is None:
        cleaned.removed.insert(
            0, Removed(page.get("raw_title") or title, f"{R_TITLE} (html)", "title", 0)
        )
    return cleaned, infer_from_html(page, cleaned)


_HTML_META: tuple[tuple[str, str], ...] = (
    # (field, XPath) for the few meta tags read directly, to tell a title suffix from a site name
    ("raw_title", "//head/title/text()"),
    ("og_site_name", "//meta[@property='og:site_name']/@content"),
    ("og_title", "//meta[@property='og:title']/@content"),
)


def _extract_html(html: str) -> dict[str, str | None]:
    """Text and metadata of a page: trafilatura's, or lxml's when trafilatura cannot load."""
    import lxml.html

    page: dict[str, str | None] = {}
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        tree = None
    if tree is not None:
        for name, xpath in _HTML_META:
            found = tree.xpath(xpath)
            page[name] = normalize(str(found[0])) if found else None
    try:
        from trafilatura import bare_extraction
    except ImportError:  # e.g. lxml without lxml_html_clean: degrade, do not crash
        bare_extraction = None
    if bare_extraction is not None:
        doc = bare_extraction(
            html,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            with_metadata=True,
            deduplicate=False,
        )
        if doc is not None:
            data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            for name in ("text", "title", "author", "date", "sitename", "hostname", "url"):
                page[name] = data.get(name)
            page["extractor"] = "trafilatura"
            return page
    page.update(_lxml_fallback(tree))
    return page


_SKIP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "figure")
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "tr", "figcaption")


def _lxml_fallback(tree) -> dict[str, str | None]:  # noqa: ANN001 - lxml element or None
    if tree is None:
        return {"text": "", "extractor": "none"}
    for bad in tree.xpath("|".join(f"//{t}" for t in _SKIP_TAGS)):
        bad.drop_tree()
    root = (tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree])[0]
    blocks = [normalize(b.text_content()) for b in root.iter(*_BLOCK_TAGS)]
    h1 = tree.xpath("//h1")
    meta: Callable[[str], str | None] = lambda xp: (tree.xpath(xp) or [None])[0]  # noqa: E731
    return {
        "text": "\n".join(b for b in blocks if b),
        "title": normalize(h1[0].text_content()) if h1 else None,
        "author": meta("//meta[@name='author']/@content"),
        "date": meta("//meta[@property='article:published_time']/@content"),
        "sitename": None,
        "extractor": "lxml",
    }
