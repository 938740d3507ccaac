"""The document build gives what it gave before it was made faster (issue 19).

textunits decides Punkt's sentence ends itself, without NLTK, and finds tokens, quotations and
paragraphs with fewer passes. These tests hold each piece to what it replaced: the splitter
to NLTK's PunktSentenceTokenizer with the same parameters (on real paragraphs and on generated
ones full of periods, abbreviations, initials, numbers, quotes and odd spaces), and
``split_sentences``, the tokens and ``find_quotes`` to the NLTK-based code they replaced
(kept below as the reference). ``benchmarks/compare_units.py`` runs the same comparison
against another source tree on every shared corpus.
"""

from __future__ import annotations

import pytest

from framing import textunits as tu

punkt = pytest.importorskip("nltk.tokenize.punkt")


def _reference_punkt():
    params = punkt.PunktParameters()
    params.abbrev_types = set(tu.ABBREVIATIONS)
    return punkt.PunktSentenceTokenizer(params)


REF = _reference_punkt()


def nltk_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [(start + a, start + b) for a, b in REF.span_tokenize(text[start:end])]


# --------------------------------------------------------------------------------------------
# The code that was replaced, as the reference.

def old_paragraph_spans(text):
    spans = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def old_split_sentences(text):
    sentences = []
    for p, (pstart, pend) in enumerate(old_paragraph_spans(text)):
        for s, e in REF.span_tokenize(text[pstart:pend]):
            for a, b in tu._split_glued(text, pstart + s, pstart + e):
                seg = text[a:b]
                lead = len(seg) - len(seg.lstrip())
                trail = len(seg.rstrip())
                if trail > lead:
                    a, b = a + lead, a + trail
                    prev = sentences[-1] if sentences and sentences[-1].paragraph == p else None
                    if prev is not None and tu._bracket_cut(text, prev.end, a):
                        sentences[-1] = tu.Sentence(prev.start, b, p)
                    else:
                        sentences.append(tu.Sentence(a, b, p))
    return sentences


def old_make_quote(text, start, end, *, closed):
    import re

    inner_start = start + 1
    inner_end = end - 1 if closed else end
    inner = text[inner_start:inner_end]
    words = int(re.findall(r"\w", inner) and len(inner.split()) or 0)
    titled = all(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w'-]*", inner) if len(w) > 3)
    speech = words >= tu.MIN_SPEECH_WORDS and not (titled and words <= 6)
    return tu.Quote(start, end, inner_start, inner_end, words, speech, closed)


def old_find_quotes(text):
    quotes = []
    paragraphs = old_paragraph_spans(text)
    open_at = None
    closer = ""
    reopened = -1
    for idx, (pstart, pend) in enumerate(paragraphs):
        i = pstart + 1 if pstart == reopened else pstart
        while i < pend:
            ch = text[i]
            if open_at is None:
                if ch in tu.QUOTE_PAIRS and tu._can_open(text, i, pstart):
                    open_at, closer = i, tu.QUOTE_PAIRS[ch]
            elif ch == closer and tu._can_close(text, i, pend):
                quotes.append(old_make_quote(text, open_at, i + 1, closed=True))
                open_at = None
            i += 1
        if open_at is not None:
            nxt = paragraphs[idx + 1][0] if idx + 1 < len(paragraphs) else None
            if nxt is not None and text[nxt] in tu.QUOTE_PAIRS:
                reopened = nxt
                continue
            quotes.append(old_make_quote(text, open_at, pend, closed=False))
            open_at = None
    return quotes


def old_tokens(text):
    r"""Spans, norms and sentence of every token, as Document.from_text gave them (with
    TOKEN_PATTERN in ``re``: NLTK's RegexpTokenizer reads ``\s`` and ``\w`` its own way)."""
    import re

    pattern = re.compile(tu.TOKEN_PATTERN, re.UNICODE | re.MULTILINE | re.DOTALL)
    sentences = old_split_sentences(text)
    starts = [s.start for s in sentences]
    folded = tu.matching_text(text)
    mixed = not text.isascii() and tu._CYRILLIC_GREEK_RE.search(text) is not None
    spans = [m.span() for m in pattern.finditer(text if folded is None else folded[0])]
    out = []
    si = 0
    for start, end in spans:
        word = (text if folded is None else folded[0])[start:end]
        if folded is not None:
            start, end = folded[1][start], folded[2][end - 1]
        if mixed and not word.isascii():
            word = tu._unconfuse(word)
        while si + 1 < len(starts) and starts[si + 1] <= start:
            si += 1
        out.append((start, end, tu.normalize(word), si))
    return out


def check_document(text):
    doc = tu.Document.from_text(text)
    assert doc.sentences == old_split_sentences(text)
    assert tu.split_sentences(text) == doc.sentences
    assert list(zip(doc.token_starts, doc.token_ends, doc.norms, doc.token_sentence)) == (
        old_tokens(text))
    assert doc.word_indices == [
        i for i, n in enumerate(doc.norms) if n[:1].isalnum() or n[:1] == "_"]
    assert doc.quotes == old_find_quotes(text) == tu.find_quotes(text)
    assert tu.paragraph_spans(text) == old_paragraph_spans(text)


# --------------------------------------------------------------------------------------------
# Real text

def test_punkt_decisions_on_the_sample_corpus():
    """The sample articles as read from their files and as cleaned for scoring."""
    import framing as fr
    from framing.ingest.reading import sample_dir

    texts = [p.read_text(encoding="utf-8") for p in sorted((sample_dir() / "articles").iterdir())]
    texts += [a.text for a in fr.load_sample()]
    for text in texts:
        for start, end in tu.paragraph_spans(text):
            assert tu._punkt_spans(text, start, end) == nltk_spans(text, start, end)
        check_document(text)


def test_punkt_decisions_on_shared_news(eval_dir, seeds_dir):
    import json

    paths = sorted(seeds_dir.glob("*.txt"))
    paths += sorted((eval_dir / "polnear").glob("*/text/*.txt"))[::8]
    paths += sorted((eval_dir / "semeval2023" / "train-articles-subtask-3").glob("*.txt"))[::8]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    for p in sorted((eval_dir / "basil" / "articles").rglob("*.json"))[::3]:
        paragraphs = json.loads(p.read_text(encoding="utf-8"))["body-paragraphs"]
        texts.append("\n\n".join(" ".join(map(str, para)) for para in paragraphs))
    assert len(texts) > 150
    for text in texts:
        for start, end in tu.paragraph_spans(text):
            assert tu._punkt_spans(text, start, end) == nltk_spans(text, start, end), (
                text[start:end])
        assert tu.split_sentences(text) == old_split_sentences(text)


@pytest.mark.parametrize("text", [
    "Mr. Smith left at 5 p.m. on Monday. He ran.",
    "J. S. Bach wrote it. a. b. c. The end.",
    "In 2024. the count rose; 5. And then?! Yes... no.. maybe. Fine.",
    "He said (D-Wis.) that. (Yes.) \"No.\" 'Maybe.' “Quite.” «Oui.» Done.",
    "Prices rose 3.5%. Then fell.  Twice.\tAgain.\xa0Once.\x1cMore. Ünal. É. é. ². x.",
    "U.S. officials met Jan. 5. E.U. nations agreed. No. 10 said no. etc. Next.",
    "Wait... what? Really!? -- Yes. --Indeed. .5 is half. ,start. ;end. :colon.",
    "Garay digit \U00010d40. then. Arabic \u0663. then. combining \u0301. then.",
    "He was born in 1990s. The end. ##number##. Then. ..a. b.",
    "In 5. :colon. J. ;x. Q. ,y. 7. (z. K. “Q. 8. ?no. B. !x. 9.) c. D.’ e.",
    "In 5. :colon and J. ;x or Q. ,y then 7. (z K. “Q 8. ?no B. !x c 9.) c D.’ e",
])
def test_punkt_decisions_on_hard_cases(text):
    assert tu._punkt_spans(text) == nltk_spans(text)
    check_document(text)


@pytest.mark.parametrize("token", [
    "J.", "j.", "_.", "5.", "é.", "\u0301.", "².", "Ⅻ.", "\u0663.", "\U00010d40.", "-1.5.",
    ",5.", "1,000.", "##number##.", "a5.", "x²5.", "\U00010d401.",
])
def test_initials_and_numbers_read_as_nltk_reads_them(token):
    aug = REF._Token(token)
    assert tu._is_initial(token) == bool(aug.is_initial)
    assert tu._is_number(token) == (aug.type_no_period == "##number##")


# --------------------------------------------------------------------------------------------
# Generated text

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test extras
    given = None

if given is not None:
    _WORDS = [
        "the", "said", "Mr", "mr", "U.S", "u.s", "J", "j", "A", "é", "É", "Ünal", "5", "1990",
        "1,000", "3.5", "-2", "No", "etc", "Dr", "e.g", "a.m", "co", "Inc", "D-Wis", "R-N.Y",
        "x²", "²", "٣", "\u0301", "_a", "He", "It", "in", "Apr", "St", "##number##", "ok.",
        "China.org.cn", "’90s", "don't", "Kazakhstan’s", "(D-Wis.)", "[NYT.]", "p.m.:",
        "J. ", "5. ", "x. ", "12. ", "Mr. ", "etc. ",
    ]
    _PUNCT = [
        ".", ".", ".", "..", "...", "?", "!", "?!", ",", ";", ":", "—", "-", "--", "(", ")",
        "[", "]", '"', "'", "“", "”", "‘", "’", "«", "»", "*", "@", "#", "&", "`", "{", "}",
        "%", ".)", '."', ".”", "?’", ".'",
    ]
    _SPACES = [" ", " ", " ", "", "  ", "\t", "\xa0", "\x1c", "\u2009", "\r", "\x0b", "\x0c"]
    _piece = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_PUNCT))
    paragraphs = st.lists(st.tuples(_piece, st.sampled_from(_SPACES)), max_size=40).map(
        lambda parts: "".join(p + s for p, s in parts))
    scrambles = st.text(alphabet=st.sampled_from(list("aAbJ5.?!.. \t\"')(-,;:é\xa0\x1c’“”")),
                        max_size=60)

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(paragraphs, scrambles))
    def test_punkt_decisions_on_generated_paragraphs(text):
        assert tu._punkt_spans(text) == nltk_spans(text)

    @settings(max_examples=300, deadline=None)
    @given(st.characters(), st.sampled_from([".", "5.", "-1."]))
    def test_any_character_as_an_initial_or_a_digit(ch, tail):
        for token in (ch + ".", ch + tail, "-" + ch + tail):
            aug = REF._Token(token)
            assert tu._is_initial(token) == bool(aug.is_initial), token
            assert tu._is_number(token) == (aug.type_no_period == "##number##"), token

    @settings(max_examples=120, deadline=None)
    @given(st.lists(st.one_of(paragraphs, scrambles), min_size=1, max_size=5),
           st.sampled_from(["\n", "\n\n", " \n ", "\r\n", "\n\x1c\n"]))
    def test_document_on_generated_text(parts, joint):
        check_document(joint.join(parts))
