"""Sentences, tokens and quotations with character offsets into the cleaned text.

Uses only the parts of NLTK that need no downloaded data: Punkt with hand-set parameters
(abbreviations) and a regular-expression word tokenizer. Every offset slices
``Document.text`` exactly, so evidence can always be shown in place.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import NamedTuple

#: Abbreviations that end with a full stop without ending a sentence (lower case, no final dot).
ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u u.s.a u.a.e p.r.c d.c a.m p.m e.g i.e etc vs cf al approx jan feb mar
    apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col maj capt sgt rep sen
    gov pres amb st jr sr no nos vol pp inc ltd co corp bros dept univ assn est fig
    """.split()
)



def _load_punkt() -> ModuleType:
    """NLTK's Punkt module, without running ``nltk/__init__.py``.

    Importing the ``nltk`` package loads most of NLTK (scipy.stats and scikit-learn among it:
    1.5-4 s, paid by every command and worker). Punkt itself needs only a few small modules.
    When nltk is not imported yet, bare package objects stand in for ``nltk`` and
    ``nltk.tokenize`` while ``nltk.tokenize.punkt`` loads, and then every ``nltk`` entry is
    taken out of ``sys.modules`` again, so a later ``import nltk`` by the user runs the real
    package in full (this module keeps its own copy of Punkt's classes).
    """
    if "nltk" in sys.modules:  # already paid for: use it
        from nltk.tokenize import punkt

        return punkt
    import importlib
    import importlib.util

    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        from nltk.tokenize import punkt  # raises the usual ImportError

        return punkt
    root = list(spec.submodule_search_locations)[0]
    stand_ins = {"nltk": [root], "nltk.tokenize": [f"{root}/tokenize"]}
    try:
        for name, path in stand_ins.items():
            package = ModuleType(name)
            package.__path__ = path
            package.__package__ = name
            sys.modules[name] = package
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
            del sys.modules[name]


_punkt = _load_punkt()
_PUNKT = _punkt.PunktSentenceTokenizer(_punkt.PunktParameters())
_PUNKT._params.abbrev_types = set(ABBREVIATIONS)

# A sentence boundary with no space after the stop: "advancement.In 2024". The stop must follow
# a lower-case letter or digit and precede a capitalised word.
_GLUED_BOUNDARY = re.compile(r"(?<=[a-z0-9%)\]][.!?])(?=[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

#: Word tokens: numbers with decimals/thousands, words with inner hyphens or apostrophes;
#: any other non-space character is a punctuation token.
WORD_PATTERN = r"\d+(?:[.,]\d+)*%?|\w+(?:[-'’]\w+)*"
TOKEN_PATTERN = WORD_PATTERN + r"|[^\w\s]"
# Compiled once with the flags NLTK's RegexpTokenizer uses, and run with re.finditer in the hot
# loop of Document: RegexpTokenizer.span_tokenize gives the same spans but passes every call
# through NLTK's ReDoS guard, which cost an eighth of the scoring time.
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)
_IS_WORD = re.compile(r"\w")

#: Opening mark -> closing mark for quotations.
QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}
QUOTE_MARKS = frozenset("“”\"‘’«»„")
#: A quotation of fewer words is treated as a scare quote or a name, in the author's voice.
MIN_SPEECH_WORDS = 4


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int


class Token(NamedTuple):
    start: int
    end: int
    text: str
    norm: str
    sentence: int


class Quote(NamedTuple):
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    n_words: int
    speech: bool  # False for scare quotes and quoted names ("decoupling", "Digital Kazakhstan")
    closed: bool  # False when the closing mark was missing (best effort)


def normalize(word: str) -> str:
    """The form lexicons match against: lower case, curly apostrophes made straight."""
    return word.lower().replace("’", "'")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Each non-empty line is a block: paragraphs, headings, bullet items and table rows."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def _split_glued(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cut = start
    for m in _GLUED_BOUNDARY.finditer(text, start, end):
        word = _WORD_BEFORE.search(text, cut, m.start())
        if word and normalize(word.group(1)).rstrip(".") in ABBREVIATIONS:
            continue
        pieces.append((cut, m.start()))
        cut = m.start()
    pieces.append((cut, end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Sentences as character spans, never crossing a line break."""
    sentences = []
    for p, (pstart, pend) in enumerate(paragraph_spans(text)):
        block = text[pstart:pend]
        for s, e in _PUNKT.span_tokenize(block):
            for a, b in _split_glued(text, pstart + s, pstart + e):
                seg = text[a:b]
                lead = len(seg) - len(seg.lstrip())
                trail = len(seg.rstrip())
                if trail > lead:
                    sentences.append(Sentence(a + lead, a + trail, p))
    return sentences


def find_quotes(text: str) -> list[Quote]:
    """Quotations, including ones that run across paragraphs and ones left unclosed.

    A quote that reaches the end of its paragraph continues when the next paragraph opens
    with a quotation mark (the English convention for multi-paragraph quotes); otherwise it is
    closed at the paragraph end and marked ``closed=False``.
    """
    quotes: list[Quote] = []
    paragraphs = paragraph_spans(text)
    open_at: int | None = None
    closer = ""
    reopened = -1  # offset of a continuation mark that opens the next paragraph of a quote
    for idx, (pstart, pend) in enumerate(paragraphs):
        i = pstart + 1 if pstart == reopened else pstart
        while i < pend:
            ch = text[i]
            if open_at is None:
                if ch in QUOTE_PAIRS and _can_open(text, i, pstart):
                    open_at, closer = i, QUOTE_PAIRS[ch]
            elif ch == closer and _can_close(text, i, pend):
                quotes.append(_make_quote(text, open_at, i + 1, closed=True))
                open_at = None
            i += 1
        if open_at is not None:
            nxt = paragraphs[idx + 1][0] if idx + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt] in QUOTE_PAIRS:
                reopened = nxt  # the quotation goes on in the next paragraph
                continue
            quotes.append(_make_quote(text, open_at, pend, closed=False))
            open_at = None
    return quotes


def _can_open(text: str, i: int, pstart: int) -> bool:
    ch = text[i]
    if ch in "“«„":
        return True
    before = text[i - 1] if i > pstart else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "‘":  # also an apostrophe-like mark in some typesetting: need a word start
        return not before.isalnum() and after.isalnum()
    return not before.isalnum() and not after.isspace()  # straight double quote


def _can_close(text: str, i: int, pend: int) -> bool:
    ch = text[i]
    if ch == "’":  # "China’s" is an apostrophe, not a closing quote
        after = text[i + 1] if i + 1 < pend else " "
        return not after.isalnum()
    return True


def _make_quote(text: str, start: int, end: int, *, closed: bool) -> Quote:
    inner_start = start + 1
    inner_end = end - 1 if closed else end
    inner = text[inner_start:inner_end]
    words = _IS_WORD.findall(inner) and len(inner.split())
    words = int(words or 0)
    titled = all(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w'-]*", inner) if len(w) > 3)
    speech = words >= MIN_SPEECH_WORDS and not (titled and words <= 6)
    return Quote(start, end, inner_start, inner_end, words, speech, closed)


@dataclass
class Document:
    """The cleaned text of one article cut into units; built once and shared by all dimensions."""

    text: str
    sentences: list[Sentence] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)
    token_ends: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    token_sentence: list[int] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    #: Results of the dimensions that already ran on this document, by name, so a later
    #: dimension can build on an earlier one (attribution reads promotional evidence).
    results: dict = field(default_factory=dict)
    #: What the text cannot say about itself: the article's outlet, title, author, date...
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, meta: dict | None = None) -> Document:
        sentences = split_sentences(text)
        doc = cls(text=text, sentences=sentences, quotes=find_quotes(text), meta=dict(meta or {}))
        sent_starts = [s.start for s in sentences]
        starts, ends, norms, sent_of = (
            doc.token_starts, doc.token_ends, doc.norms, doc.token_sentence
        )
        si, n_sent = 0, len(sent_starts)
        for m in _TOKEN_RE.finditer(text):
            start, end = m.span()
            starts.append(start)
            ends.append(end)
            norms.append(m.group().lower().replace("’", "'"))  # = normalize(), inlined
            while si + 1 < n_sent and sent_starts[si + 1] <= start:  # tokens come in order
                si += 1
            sent_of.append(si)
        return doc

    @cached_property
    def word_indices(self) -> list[int]:
        """Indices of tokens that are words or numbers (not punctuation)."""
        return [i for i, n in enumerate(self.norms) if n[:1].isalnum() or n[:1] == "_"]

    @property
    def n_words(self) -> int:
        return len(self.word_indices)

    @property
    def tokens(self) -> list[Token]:
        return [
            Token(s, e, self.text[s:e], n, si)
            for s, e, n, si in zip(
                self.token_starts, self.token_ends, self.norms, self.token_sentence
            )
        ]

    @cached_property
    def _speech_starts(self) -> list[int]:
        return [q.inner_start for q in self.quotes if q.speech]

    @cached_property
    def _speech(self) -> list[Quote]:
        return [q for q in self.quotes if q.speech]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence that contains (or precedes) a character offset."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The speech quotation that contains the span, if any."""
        i = bisect_right(self._speech_starts, start) - 1
        if i >= 0:
            q = self._speech[i]
            if q.inner_start <= start and end <= q.inner_end:
                return q
        return None

    def voice(self, start: int, end: int) -> str:
        """'quoted' when the span lies inside a quotation of speech, else 'author'."""
        return "quoted" if self.quote_at(start, end) else "author"

