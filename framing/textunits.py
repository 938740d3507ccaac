"""Sentences, tokens and quotations with character offsets into the cleaned text.

Sentence ends are decided as NLTK's Punkt decides them with hand-set parameters
(abbreviations), without importing NLTK; words come from one regular expression. Every
offset slices ``Document.text`` exactly, so evidence can always be shown in place.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress, count, filterfalse
from operator import itemgetter
from typing import NamedTuple

#: Abbreviations that end with a full stop without ending a sentence (lower case, no final dot).
ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u u.s.a u.a.e p.r.c d.c a.m p.m e.g i.e etc vs cf al approx jan feb mar
    apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col maj capt sgt rep sen
    gov pres amb st jr sr no nos vol pp inc ltd co corp bros dept univ assn est fig
    """.split()
)


# --------------------------------------------------------------------------------------------
# Sentence ends: NLTK's Punkt at run time with the shipped parameters (the abbreviations above;
# no collocations, sentence starters or orthographic context), written out as one pass over
# the candidate ends. Punkt builds a token object per word, chains four generators and runs
# every pattern through NLTK's ReDoS guard; here each candidate is decided in place, most of
# them without tokenising their context at all. Decisions are NLTK's, candidate by candidate
# (tests/test_punkt.py compares the two on real and generated text). The patterns are
# NLTK's (PunktLanguageVars), for the ``re`` engine: NLTK compiles them with the ``regex``
# engine, whose ``\s`` is Unicode White_Space, which leaves out U+001C-U+001F.

_SPACE = r"[^\S\x1c-\x1f]"
_NON_SPACE = r"[\S\x1c-\x1f]"
#: Characters that cannot appear within words; NLTK's ``_re_non_word_chars``.
_NON_WORD = "[)\";}\\]*:@'({\\[\u2018\u2019\u201c\u201d\xab\xbb?!]"
_MULTI_CHAR = rf"(?:-{{2,}}|\.{{2,}}|(?:\.{_SPACE}){{2,}}\.)"
#: A possible sentence end, then punctuation or a space and the next token.
_PERIOD_CONTEXT_RE = re.compile(
    rf"[.?!](?=({_NON_WORD}|{_SPACE}+({_NON_SPACE}+)))"
)
#: Punkt's word tokens (periods stay on their word).
_PUNKT_WORD_RE = re.compile(
    rf"{_MULTI_CHAR}"
    rf"|(?=[^(\"`{{\[:;&#*@)}}\]\-,]){_NON_SPACE}+?"
    rf"(?={_SPACE}|$|{_NON_WORD}|{_MULTI_CHAR}|,(?=$|{_SPACE}|{_NON_WORD}|{_MULTI_CHAR}))"
    rf"|{_NON_SPACE}"
)
#: Closing punctuation after a sentence end that belongs to the sentence: "(Sent1.) Sent2."
_REALIGN_RE = re.compile(
    rf"[\"')\]}}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:{_SPACE}+|(?=--)|$)", re.MULTILINE
)
_NUMERIC_RE = re.compile(r"-?[.,]?\d[\d,.-]*\.?$")
_INITIAL_RE = re.compile(r"[^\W\d]\.$")
_PLAIN_WORD_RE = re.compile(r"\w*")
#: Tokens that never start a sentence (Punkt's PUNCTUATION).
_PUNCTUATION = frozenset(";:,.!?")
_ASCII_SPACE = re.compile(r"[\t\n\r\x0b\x0c]")  # string.whitespace but " "
_ASCII_INLINE_SPACE = re.compile(r"[\t\r\x0b\x0c]")  # the same but "\n", within lines


def _is_initial(token: str) -> bool:
    r"""A letter and a period ("J."): Punkt's ``[^\W\d]\.$``. NLTK matches with the ``regex``
    engine, whose ``\w`` differs from ``re``'s outside ASCII (combining marks are word
    characters there, "²" is not): letters are, punctuation, symbols, spaces and other
    numbers are not, and the few classes between (marks, letter numbers, some symbols,
    characters this Python does not know) are asked of ``regex`` when it is installed."""
    if len(token) != 2 or token[1] != ".":
        return False
    if token.isascii():
        return token[0].isalpha() or token[0] == "_"
    category = unicodedata.category(token[0])
    if category[0] == "L":
        return True
    if category not in _REGEX_WORD_CATEGORIES:
        return False
    try:
        import regex
    except ImportError:  # pragma: no cover - installed with nltk
        return _INITIAL_RE.match(token) is not None
    return regex.match(_INITIAL_RE.pattern, token) is not None


#: Categories that hold characters ``regex`` reads as word characters, other than letters.
_REGEX_WORD_CATEGORIES = frozenset("Cf Cn Mc Me Mn Nl Pc So".split())


def _is_number(token: str) -> bool:
    """Punkt's type of a period-final token is "##number##" (its number rule applies)."""
    low = token.lower()
    if low == "##number##." or _NUMERIC_RE.match(low) is not None:
        return True
    # NLTK's regex engine knows digits that this Python's Unicode tables do not have yet
    if low.isascii() or not any(unicodedata.category(c) == "Cn" for c in low):
        return False
    try:
        import regex
    except ImportError:  # pragma: no cover - installed with nltk
        return False
    return regex.match(_NUMERIC_RE.pattern, low) is not None


def _context_breaks(ctx: str) -> bool:
    """Punkt's ``text_contains_sentbreak`` for one candidate's context (the word before the
    candidate, the candidate, and what follows): does a token other than the last end a
    sentence, after Punkt's first pass (type-based) and second pass (the next token)?"""
    tokens = _PUNKT_WORD_RE.findall(ctx)
    for i in range(len(tokens) - 1):
        tok = tokens[i]
        if tok == "." or tok == "?" or tok == "!":
            return True
        if tok[-1] != "." or tok[-2:] == "..":
            continue  # not period-final, or an ellipsis
        word = tok[:-1].lower()
        if word in ABBREVIATIONS or word.split("-")[-1] in ABBREVIATIONS:
            continue
        initial = _is_initial(tok)
        if initial or _is_number(tok):  # "J. Bach", "5. in line": not when lower case follows
            nxt = tokens[i + 1]
            if nxt in _PUNCTUATION or nxt[0].islower() or initial and nxt[0].isupper():
                continue
        return True
    return False


def _candidate_breaks(text: str, word_start: int, m: re.Match) -> bool:
    """Whether Punkt breaks at candidate ``m`` whose context starts at ``word_start``.

    The common shapes are settled without tokenising: "?" and "!" always break (they are
    tokens of their own with a token after them), and "word." followed by punctuation or by a
    token with no sentence-end character is one token whose break Punkt decides from the word
    and the next token's first character alone. Anything else goes through
    :func:`_context_breaks`."""
    end = m.start()
    if text[end] != ".":
        return True
    nxt = m.group(2)
    if (nxt is not None and ("." in nxt or "?" in nxt or "!" in nxt)) or (
        _PLAIN_WORD_RE.fullmatch(text, word_start, end) is None
    ):
        return _context_breaks(text[word_start:m.end(1)])
    if word_start == end:
        return True  # a lone "."
    word = text[word_start:end]
    if word.lower() in ABBREVIATIONS:
        return False
    initial = end - word_start == 1 and _is_initial(word + ".")
    # the word is all digits, or (outside ASCII) what NLTK's engine reads as digits
    if initial or word.isdecimal() or not word.isascii() and _is_number(word + "."):
        first = m.group(1)[0] if nxt is None else nxt[0]
        if nxt is None and first in _PUNCTUATION or nxt is not None and first in ",;:":
            return False
        if first.islower() or initial and first.isupper():
            return False
    return True


def _punkt_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, a paragraph (no line break), as offsets into
    ``text``: what NLTK's ``PunktSentenceTokenizer.span_tokenize`` with the shipped
    parameters gives for that slice (boundaries realigned)."""
    end = len(text) if end is None else end
    stop = start + len(text[start:end].rstrip())
    return _punkt_block(text, start, end, stop, _ASCII_SPACE.search(text, start, end) is not None)


#: What may open a realigned piece ("(Sent1.) Sent2."): the first characters of _REALIGN_RE.
_CLOSERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")


def _punkt_block(
    text: str, start: int, end: int, stop: int, other_spaces: bool
) -> list[tuple[int, int]]:
    """:func:`_punkt_spans` of ``text[start:end]`` whose last non-space character ends at
    ``stop``; ``other_spaces``: the block may hold ASCII spaces other than " "."""
    last_break = start
    slices = []
    prev: re.Match | None = None
    prev_start = prev_stop = start
    for m in _PERIOD_CONTEXT_RE.finditer(text, start, end):
        at = m.start()
        # the word before: after the last ASCII space since the previous candidate
        space = text.rfind(" ", prev_stop, at)
        if other_spaces:
            space = max(space, *(text.rfind(c, prev_stop, at) for c in "\t\r\x0b\x0c\n"))
        word_start = space + 1 if space > prev_stop else prev_start
        if prev is not None and prev_stop <= word_start and _candidate_breaks(
                text, prev_start, prev):
            slices.append((last_break, prev.end()))
            last_break = prev.start(2) if prev.start(2) >= 0 else prev.end()
        prev, prev_start, prev_stop = m, word_start, at
    if prev is None:  # no candidate: one sentence
        return [(start, stop)] if start < stop else []
    if _candidate_breaks(text, prev_start, prev):
        slices.append((last_break, prev.end()))
        last_break = prev.start(2) if prev.start(2) >= 0 else prev.end()
    slices.append((last_break, stop))
    # closing quotes and brackets after a sentence end stay with that sentence
    spans = []
    realign = 0
    last = len(slices) - 1
    for k, (a, b) in enumerate(slices):
        a += realign
        if k < last:
            c, d = slices[k + 1]
            m = _REALIGN_RE.match(text, c, d) if c < d and text[c] in _CLOSERS else None
            if m is not None:
                spans.append((a, c + len(m.group().rstrip())))
                realign = m.end() - c
                continue
            realign = 0
        if a < b:
            spans.append((a, b))
    return spans


# A sentence boundary with no space after the stop: "advancement.In 2024". The stop must follow
# a lower-case letter or digit and precede a capitalised word.
_GLUED_BOUNDARY = re.compile(r"(?<=[a-z0-9%)\]][.!?])(?=[A-Z][a-z])")
_GLUED_STOP = re.compile(r"[.!?](?<=[a-z0-9%)\]][.!?])(?=[A-Z][a-z])")  # ends where that matches
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

#: Word tokens: numbers with decimals/thousands, words with inner hyphens or apostrophes;
#: any other non-space character is a punctuation token.
WORD_PATTERN = r"\d+(?:[.,]\d+)*%?|\w+(?:[-'’]\w+)*"
TOKEN_PATTERN = WORD_PATTERN + r"|[^\w\s]"
# The tokens of TOKEN_PATTERN (in ``re``; tests/test_punkt.py checks) from a pattern that
# opens with one character class, so the engine skips spaces without trying each alternative
# there: the first character is taken, and a look-behind tells which alternative it began.
# NLTK's RegexpTokenizer(TOKEN_PATTERN) gives the same spans on ordinary text but passes every
# call through NLTK's ReDoS guard (and reads \s and \w with the ``regex`` engine).
_TOKEN_RE = re.compile(
    r"\S(?:(?<=\d)\d*(?:[.,]\d+)*%?|(?<=\w)\w*(?:[-'’]\w+)*|)",
    re.UNICODE | re.MULTILINE | re.DOTALL,
)
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})", _TOKEN_RE.flags)
_IS_WORD = re.compile(r"\w")

# --------------------------------------------------------------------------------------------
# Normalising for matching. Lexicons, cues and rules compare the token norms; the norms come
# from a matching form of the text in which invisible characters are gone, compatibility forms
# are folded (NFKC: full-width letters, ligatures) and look-alike Cyrillic or Greek letters
# inside Latin words are made Latin. Offsets stay in the text the reader sees.

#: Default-ignorable code points: soft hyphen, zero-width space/joiners, word joiner, bidi
#: controls, variation selectors, byte order mark, tags. They hide words from matching.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# What may change: a non-ASCII character (invisible ones included) with the combining marks
# that follow it, and the ASCII letter before a mark (NFKC composes "e" + U+0301 into "é").
# Quotation marks, dashes, spaces and "…" never change (and are skipped, for speed).
_KEPT = "\u00a0\u2000-\u200a\u2010-\u2023\u2026\u202f"
_SPECIAL_RE = re.compile(f"[^\x00-\x7f{_KEPT}][{_COMBINING}{INVISIBLE}]*")
_LEFT_MARKS_RE = re.compile(f"[{_COMBINING}]")
_HIDING_RE = re.compile(f"[{INVISIBLE}{_COMBINING}]")

#: Cyrillic and Greek letters that look like Latin ones, for words that mix the scripts.
CONFUSABLES = str.maketrans(
    "АВЕКМНОРСТХУІЈЅԚԜҮаеорсухіјѕһԁԛԝӏүΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιινκρυ",
    "ABEKMHOPCTXYIJSQWYaeopcyxijshdqwlyABEZHIKMNOPTYXaoiivkpu",
)
_CYRILLIC_GREEK_RE = re.compile("[\u0370-\u03ff\u0400-\u052f]")
_LATIN_RE = re.compile("[A-Za-z]")


def _fold(cluster: str) -> str:
    """The matching form of one character with its combining marks ("" if invisible)."""
    visible = _INVISIBLE_RE.sub("", cluster)
    if not visible:
        return ""
    if visible.isspace():  # a no-break or ideographic space already separates words
        return cluster
    folded = unicodedata.normalize("NFKC", visible)
    if len(folded) != 1 and not (visible[0].isalnum() and folded.isalnum()):
        # "…" -> "...", "½" -> "1⁄2", "™" -> "TM" would add or join tokens: keep the original
        folded = visible
    if len(folded) > 1 and folded[0].isascii() and _LEFT_MARKS_RE.search(folded):
        folded = _LEFT_MARKS_RE.sub("", folded)  # marks that do not compose: "e̲" reads as "e"
    return folded


def matching_text(text: str) -> tuple[str, list[int], list[int]] | None:
    """The text as lexicons see it, with each of its characters' span in ``text``.

    Returns ``(folded, starts, ends)`` where ``folded[k]`` comes from ``text[starts[k]:
    ends[k]]``, or None when the text needs no change (all ASCII, or already NFKC with no
    invisible characters: the common case costs one scan).
    """
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not _HIDING_RE.search(text)
    ):
        return None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SPECIAL_RE.finditer(text):
        a, b = m.span()
        if a > pos and text[a - 1].isascii() and text[a - 1].isalpha() and (
            _LEFT_MARKS_RE.match(text, a)
        ):
            a -= 1  # an ASCII letter with the marks after it: "e" + U+0301
        cluster = text[a:b]
        folded = _fold(cluster)
        if folded == cluster:
            continue
        if a > pos:
            pieces.append(text[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        pieces.append(folded)
        starts.extend([a] * len(folded))
        ends.extend([b] * len(folded))
        pos = b
    if pos == 0:
        return None
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(pieces), starts, ends


def _unconfuse(word: str) -> str:
    """A word that mixes Latin with look-alike Cyrillic or Greek letters, made all Latin."""
    if _CYRILLIC_GREEK_RE.search(word) and _LATIN_RE.search(word):
        latin = word.translate(CONFUSABLES)
        if not _CYRILLIC_GREEK_RE.search(latin):
            return latin
    return word


# --------------------------------------------------------------------------------------------
# Is it English? framing's lexicons, cues and models are English; any other language scores
# zero everywhere, which reads as "neutral". Two cheap signals, no model: the script of the
# letters, and the share of words that are English function words.

#: The commonest English function words; in English news they make up a third of all words.
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the of and to a an in is are was were be been that this these those for on it its with as
    by at from or but not no he she his her they their them we our you your i my me which who
    whom what when where there here has have had will would can could should may might do does
    did than then so if about into over after before also only more most other some such any
    all up out one two new said
    """.split()
)
#: Function words of other languages written in Latin letters (French, Spanish, Portuguese,
#: Italian, German, Dutch, Turkish, Indonesian/Malay, Kazakh in Latin letters, Polish), minus
#: any that are English words too ("a", "in", "on", "men", "die", "was").
FOREIGN_FUNCTION_WORDS = frozenset(
    """
    le la les des du et est une dans pour par pas sur qui que avec sont ont au aux ce cette ces
    il elle ils nous vous leur selon mais été être
    el los las del y en es un por para con una su sus se lo al más como pero fue según han
    o os da das dos em um uma não com na nas nos pelo pela foi são ao
    il di che della delle gli nel con non sono per anche ha è
    der das und ist nicht mit den dem sich auf für ein eine eines einer zu im auch wird sind
    hat vom zum zur bei nach aus wie dass oder
    de het een van en niet met zijn voor op aan dat ook bij
    ve bir bu ile için olarak gibi daha çok ancak ise olan
    yang dan di ke dari untuk dengan pada ini itu akan tidak oleh dalam adalah juga
    jáne bul osy úshin degen eken turaly ǵana bolyp
    się nie jest na że z w do od po przez jak
    """.split()
) - ENGLISH_FUNCTION_WORDS - frozenset("men die was an so will also".split())
#: Letters in an article below which the script is not judged; words below which the share of
#: function words is not judged (a headline, a caption or a list of names can have none).
MIN_LETTERS = 40
MIN_WORDS = 40
#: Not English when more than this share of the letters are not Latin ...
MAX_OTHER_SCRIPT = 0.5
#: ... or, in Latin script, fewer than this share of the words are English function words and
#: other languages' function words outnumber them; or fewer than ``MIN_ANY_SHARE`` at all.
MIN_FUNCTION_SHARE = 0.08
MIN_ANY_SHARE = 0.03


_FIRST = itemgetter(slice(0, 1))  # a string's first character ("" for "")


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch < "\u1f00"


def language_problem(doc: Document) -> str | None:
    """Why ``doc`` is not English text ("not English (…)"), or None: English, or too short to
    tell. English with many names or numbers passes: only function words are counted."""
    norms = doc.norms
    words = list(compress(norms, map(str.isalpha, doc._first_chars)))  # words, not numbers
    latin = other = 0
    others: list[str] = []
    foreign_script = list(filterfalse(str.isascii, words))
    if foreign_script:  # else every letter is Latin: no script to weigh
        latin = sum(map(len, words)) - sum(map(len, foreign_script))
        for word in foreign_script:
            letters = [c for c in word if c.isalpha()]
            n_latin = sum(map(_is_latin, letters))
            latin += n_latin
            other += len(letters) - n_latin
            if n_latin < len(letters) and len(others) < 200:
                others.extend(c for c in letters if not _is_latin(c))
    if latin + other >= MIN_LETTERS and other > MAX_OTHER_SCRIPT * (latin + other):
        scripts: dict[str, int] = {}
        for c in others:
            script = unicodedata.name(c, "OTHER").split()[0]
            scripts[script] = scripts.get(script, 0) + 1
        script = max(scripts, key=scripts.get).title() if scripts else "other"
        script = {"Cjk": "Chinese (CJK)"}.get(script, script)
        share = round(100 * other / (latin + other))
        return f"not English ({share}% of the letters are {script}, not Latin)"
    n = len(words)
    if n < MIN_WORDS:
        return None
    function = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words))
    if function < MIN_ANY_SHARE * n or function < MIN_FUNCTION_SHARE * n and sum(
        map(FOREIGN_FUNCTION_WORDS.__contains__, words)
    ) > function:
        return (
            f"not English (only {function} of {n} words are common English words such as "
            "the, of, and)"
        )
    return None


#: Opening mark -> closing mark for quotations.
QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“", "'": "'"}
#: How far a straight single quote looks for its closing mark (British 'quotes' in plain text).
SINGLE_QUOTE_REACH = 600
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
    # from the first to the last non-space character of each line, as str.strip() would cut it
    return [m.span() for m in _BLOCK_RE.finditer(text)]


_BLOCK_RE = re.compile(r"\S(?:[^\n]*\S)?")


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
    return _sentences(text, paragraph_spans(text))


def _sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    sentences: list[Sentence] = []
    glued = [m.end() for m in _GLUED_STOP.finditer(text)]
    other_spaces = _ASCII_INLINE_SPACE.search(text) is not None
    for p, (pstart, pend) in enumerate(paragraphs):
        first = len(sentences)
        for a, b in _punkt_block(text, pstart, pend, pend, other_spaces):
            if glued and bisect_left(glued, a) < bisect_right(glued, b - 2):
                pieces = _split_glued(text, a, b)
            else:
                pieces = ((a, b),)
            for a, b in pieces:
                if a >= b:
                    continue
                if text[a].isspace() or text[b - 1].isspace():
                    seg = text[a:b]
                    lead = len(seg) - len(seg.lstrip())
                    trail = len(seg.rstrip())
                    if trail <= lead:
                        continue
                    a, b = a + lead, a + trail
                if len(sentences) > first and _bracket_cut(text, sentences[-1].end, a):
                    sentences[-1] = Sentence(sentences[-1].start, b, p)  # "(D-Wis.) said"
                else:
                    sentences.append(Sentence(a, b, p))
    return sentences


def _bracket_cut(text: str, end: int, start: int) -> bool:
    """The splitter cut inside or right after a bracketed abbreviation, "Rep. Gwen Moore
    (D-Wis.) said" or "(D-N.Y.), chairman …": the next piece opens with the bracket's close
    or goes on in lower case."""
    nxt = text[start:start + 1]
    if nxt == ")":
        return text[:end].rstrip().endswith(".") and "(" in text[max(0, end - 12):end]
    return text[:end].endswith(".)") and nxt.islower() and (
        "(" in text[max(0, end - 14):end])


def find_quotes(text: str) -> list[Quote]:
    """Quotations, including ones that run across paragraphs and ones left unclosed.

    A quote that reaches the end of its paragraph continues when the next paragraph opens
    with a quotation mark (the English convention for multi-paragraph quotes); otherwise it is
    closed at the paragraph end and marked ``closed=False``.
    """
    return _quotes(text, paragraph_spans(text))


#: Every character that can open or close a quotation: only these are looked at.
_QUOTE_CHARS = "".join(sorted({*QUOTE_PAIRS, *QUOTE_PAIRS.values()}))
_QUOTE_CHAR_RE = re.compile(f"[{re.escape(_QUOTE_CHARS)}]")


def _quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    marks = [m.start() for m in _QUOTE_CHAR_RE.finditer(text)]
    n_marks = len(marks)
    k = 0  # the next mark to look at
    open_at: int | None = None
    closer = ""
    reopened = -1  # offset of a continuation mark that opens the next paragraph of a quote
    for idx, (pstart, pend) in enumerate(paragraphs):
        if k == n_marks and open_at is None:
            break
        i = pstart + 1 if pstart == reopened else pstart
        while k < n_marks and marks[k] < i:
            k += 1
        while k < n_marks and marks[k] < pend:
            i = marks[k]
            k += 1
            ch = text[i]
            if open_at is None:
                if ch in QUOTE_PAIRS and _can_open(text, i, pstart):
                    open_at, closer = i, QUOTE_PAIRS[ch]
            elif ch == closer and _can_close(text, i, pend):
                quotes.append(_make_quote(text, open_at, i + 1, closed=True))
                open_at = None
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
    if ch == "'":
        # a British quotation in straight marks ('We will go,' he said) opens before a word,
        # not after one ("don't") nor beside another mark (''NYT style''), and only when its
        # closing mark is found in the same paragraph ("'90s" and "rock 'n' roll" stay apostrophes)
        if before.isalnum() or before == "'" or not after.isalpha() or after.islower() and (
                text[i - 2:i] == "n "):
            return False
        end = text.find("\n", i, i + SINGLE_QUOTE_REACH)
        end = min(len(text), i + SINGLE_QUOTE_REACH) if end < 0 else end
        k = text.find("'", i + 2, end)
        while k >= 0:
            if _can_close(text, k, end):
                return True
            k = text.find("'", k + 1, end)
        return False
    return not before.isalnum() and not after.isspace()  # straight double quote


def _can_close(text: str, i: int, pend: int) -> bool:
    ch = text[i]
    if ch == "’":  # "China’s" is an apostrophe, not a closing quote
        after = text[i + 1] if i + 1 < pend else " "
        return not after.isalnum()
    if ch == "'":
        before = text[i - 1]
        after = text[i + 1] if i + 1 < pend else " "
        after2 = text[i + 2] if i + 2 < pend else " "
        if before.isspace() or before == "'" or after.isalnum() or after == "'":
            return False  # "don't", "''", a mark that opens the next word
        return not (before == "s" and after == " " and after2.islower())  # "the students' union"
    return True


_TITLE_WORD_RE = re.compile(r"[A-Za-z][\w'-]*")


def _make_quote(text: str, start: int, end: int, *, closed: bool) -> Quote:
    inner_start = start + 1
    inner_end = end - 1 if closed else end
    inner = text[inner_start:inner_end]
    words = len(inner.split()) if _IS_WORD.search(inner) else 0
    # four to six words all capitalised (the short ones aside) name something: not speech
    speech = words >= MIN_SPEECH_WORDS and not (words <= 6 and all(
        w[:1].isupper() for w in _TITLE_WORD_RE.findall(inner) if len(w) > 3))
    return Quote(start, end, inner_start, inner_end, words, speech, closed)


def _matching_tokens(
    text: str, folded: tuple[str, list[int], list[int]] | None
) -> tuple[list[int], list[int], list[str]]:
    """Token spans and norms from the matching form of ``text`` (see :func:`matching_text`),
    with look-alike letters made Latin in words that mix scripts."""
    starts: list[int] = []
    ends: list[int] = []
    norms: list[str] = []
    mixed = not text.isascii() and _CYRILLIC_GREEK_RE.search(text) is not None
    for m in _TOKEN_RE.finditer(text if folded is None else folded[0]):
        start, end = m.span()
        word = m.group()
        if folded is not None:
            start, end = folded[1][start], folded[2][end - 1]
        if mixed and not word.isascii():
            word = _unconfuse(word)
        starts.append(start)
        ends.append(end)
        norms.append(word.lower().replace("’", "'"))  # = normalize(), inlined
    return starts, ends, norms


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
        paragraphs = paragraph_spans(text)
        sentences = _sentences(text, paragraphs)
        folded = matching_text(text)
        if folded is None and (text.isascii() or _CYRILLIC_GREEK_RE.search(text) is None):
            # text = space, token, space, token, ..., space: the running lengths are offsets.
            # "’" and "'" play the same part in TOKEN_PATTERN (and in lower()): straightening
            # the apostrophes first gives the same spans and normalize()'s norms.
            parts = _TOKEN_SPLIT_RE.split(text.replace("’", "'") if "’" in text else text)
            offsets = list(accumulate(map(len, parts)))
            starts, ends = offsets[0:-1:2], offsets[1::2]
            norms = list(map(str.lower, parts[1::2]))
        else:
            starts, ends, norms = _matching_tokens(text, folded)
        # each token's sentence: the last one that starts at or before it (the first if none)
        sent_of: list[int] = []
        done = 0
        for si in range(len(sentences) - 1):
            upto = bisect_left(starts, sentences[si + 1].start, done)
            sent_of += [si] * (upto - done)
            done = upto
        sent_of += [max(len(sentences) - 1, 0)] * (len(starts) - done)
        return cls(text=text, sentences=sentences, token_starts=starts, token_ends=ends,
                   norms=norms, token_sentence=sent_of, quotes=_quotes(text, paragraphs),
                   meta=dict(meta or {}))

    @cached_property
    def word_indices(self) -> list[int]:
        """Indices of tokens that are words or numbers (not punctuation)."""
        firsts = self._first_chars
        if "_" in firsts:
            return [i for i, c in enumerate(firsts) if c.isalnum() or c == "_"]
        return list(compress(count(), map(str.isalnum, firsts)))

    @cached_property
    def _first_chars(self) -> list[str]:
        """Each norm's first character ("" for an empty one)."""
        return list(map(_FIRST, self.norms))

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

