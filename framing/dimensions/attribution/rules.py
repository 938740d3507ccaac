"""Find attributions in a document: who (source) is reported, with which words (cue), saying what.

Rule-based over framing's sentences, tokens and quotations (no parser model). A cue from the
cue lexicon counts only when a source and a content are found around it:

* ``X said (that) …``, ``X told CGTN …``, ``X, role of Org, said …`` — the subject before
  the verb (auxiliaries such as "has" or "also" skipped; an apposition gives role and
  affiliation);
* ``"…," said X`` and ``…, X said.`` — the source after the verb, or the content before it;
* ``"…," he said, "…"`` — a quotation split around the cue: both parts are content;
* ``according to X`` — the source after the cue, the content on the other side of the comma;
* ``X's claim that …`` — a possessive before a cue noun names the source;
* ``…, adding …`` and ``X did A and said …`` — the subject of the clause before;
* ``"…" ― Name`` (or ``- Name`` on the line after a quoted paragraph), a line ``Name: …``
  when Name is quoted elsewhere or the headline's label names someone the story mentions,
  and transcript turns ``WALLACE: …`` — the dash or the colon is the cue.

Pronouns (he, she, they, it) and short references (a surname, "the minister") resolve to the
nearest earlier source that fits; otherwise they stay unresolved. The source type comes from
the source lexicon's words in the source and its apposition; a source with none stays unknown.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...lexicon import Lexicon, Match, Matcher
from ...textunits import Document, Quote
from .tagger import SpanTagger, token_features

#: Versioned id of the rules below, shown as the "lexicon" of evidence that rules produce.
RULE_ID = "attribution-rules@1.4.0"

#: Source types, most specific first: the first one whose words occur wins.
TYPE_PRIORITY = (
    "state_media", "international_org", "official", "expert", "business", "civil_society",
    "ordinary_people",
)
SOURCE_TYPES = (*TYPE_PRIORITY, "anonymous", "unknown")

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
PERSON_PRONOUNS = frozenset({"he", "she"})
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my"})
DETERMINERS = frozenset(
    """the a an this these those his her their its our my some many several most few both all
    other another each every one two three four five six seven eight nine ten no any""".split()
)
#: Words skipped between a subject and its verb: "has also said", "repeatedly rejected".
AUXILIARIES = frozenset(
    """has have had also would will could can did does do may might should must not never
    just once again already then later previously recently repeatedly publicly further first
    earlier often reportedly both all still even only now today yesterday n't 've 'd
    sometimes always started began kept""".split()
)
#: Verbs that give a label after "as": "described as", "identified as".
LABEL_VERBS = frozenset(
    "described identified known labeled labelled dubbed characterized characterised".split())
#: The words of AUXILIARIES that are adverbs, not verbs: "the pope's very first quote".
ADVERBS = frozenset(
    """also just once again already then later previously recently repeatedly publicly further
    first earlier often reportedly both all still even only now today yesterday sometimes
    always never not""".split())
PASSIVE = frozenset({"is", "was", "were", "are", "been", "be", "being", "'s"})
REFLEXIVES = frozenset(
    "itself himself herself themselves myself ourselves yourself yourselves".split())
#: A modal before the verb ("will highlight", "should acknowledge") is not a report of speech.
MODALS = frozenset({
    "will", "would", "could", "can", "may", "might", "should", "must", "shall", "doesn't",
    "don't", "didn't", "won't", "can't", "cannot", "wouldn't", "couldn't", "isn't", "wasn't",
})
#: Cue words that are also common nouns ("Republican claims as false", "his TV show"): they
#: count only when a clause, a quotation or "that" follows.
NOUN_LIKE = frozenset(
    """claims claim calls call reports report shows show comments remarks questions answers
    notes posts tweets warnings pledges promises demands attacks attack dispute disputes echoes
    """.split()
)
PREPOSITIONS = frozenset(
    "as of into in on at for with from to about over by after before during between among"
    .split()
)
#: Words that end a noun phrase when scanning left from a verb.
CLAUSE_WORDS = frozenset(
    """that which who whom whose and but or nor while because as when if after before since
    where so than though although yet what how why to whether unless until also said says
    says told is was were are be been has have had do does did not by about into against
    over through like without toward towards upon via make makes made let""".split()
)
#: Words that cannot head a subject: "That said", "what he said", "there said".
BAD_HEADS = frozenset(
    """this that these those there what which how why where when here everyone anyone nobody
    something nothing everything one ones thing things way time having worth can will
    would could should must might appears appear seems seem looks look remains remain
    becomes become helps help helped take please history reality logic""".split()
)
#: Capitalised words that are not names when they start a sentence.
NOT_NAMES = frozenset(
    """the a an this that these those his her their its our my some many several most few
    both all other another each every no any international local foreign senior top
    independent regional global former current leading prominent western eastern but and
    one two three four five six seven eight nine ten
    however meanwhile also in on at for of from by with as after before when while
    yesterday today monday tuesday wednesday thursday friday saturday sunday
    beyond aside such simply despite although though instead indeed moreover furthermore
    additionally finally still yet thus hence therefore overall notably similarly likewise
    nevertheless nonetheless besides amid among under over through across against within
    without during since until unlike like following regarding including here there now
    then first second next even only just perhaps maybe article story photo video image
    content copyright""".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december"
    .split())
TIME_WORDS = frozenset(
    """on in at during last this earlier later monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december week month year weekend morning afternoon evening night day""".split()
)
#: Objects of "told" that are not content: "told reporters", "told him".
TOLD_OBJECTS = frozenset(
    """reporters journalists him her them us me you the a an media press audience crowd
    supporters lawmakers""".split()
)
#: Cues whose source follows them ("according to X"); the words of the first token.
PREPOSITIONAL = frozenset({"according"})
#: Cues that never invert ("told X" names the listener, not the source).
NO_INVERSION = frozenset({"told", "tell", "tells", "telling", "according", "citing", "quoting",
                          "called", "calls", "call"})
#: Prepositions that start an affiliation inside an apposition: "fellow in the Academy".
AFFILIATION_PREPS = frozenset({"of", "in", "at", "with", "from", "for"})
DASHES = "—–―-"
#: A relative clause that says the source asked not to be named.
ANONYMITY = re.compile(
    r"anonymity|not to be (?:named|identified)|not authori[sz]ed|declined to be named", re.I
)
#: Abbreviated titles whose full stop does not end a name: "Mr. Obama", "Sen. Perdue".
TITLES = frozenset(
    "mr mrs ms dr sen rep gov gen prof st jr sr lt col capt sgt amb pres rev hon".split()
)
OPEN_MARKS = "“\"‘«„'"
CLOSE_MARKS = "”\"’»“'"
MAX_NP = 20
#: Words ending in -ly that are not adverbs.
LY_NOUNS = frozenset(
    "rally family ally italy july assembly supply reply anomaly monopoly belly bully".split()
)
MAX_APPOSITION = 18
#: Must content that no "that", colon or quotation introduces read as a clause (see
#: _clause_like)? Measured by reading (issue 15): the objects of act-like verbs ("admitted the
#: relationship", "cited this quotation", "tweeted a photo") were the largest family of wrong
#: attributions.
CHECK_CLAUSE = True


@dataclass
class Found:
    """One attribution, in token and character coordinates."""

    cue: tuple[int, int]  # token range
    cue_category: str
    cue_entry: str
    cue_lexicon: str
    cue_weight: float
    source: tuple[int, int] | None = None  # token range of the source words in the text
    apposition: tuple[int, int] | None = None  # token range of a role/affiliation apposition
    content: list[tuple[int, int]] = field(default_factory=list)  # character spans
    direct: bool = False
    form: str = ""  # which rule found it (a short name, shown in the reason)
    # filled by describe()
    name: str = ""
    kind: str = ""  # person, organisation, group, document, pronoun
    type: str = "unknown"
    named: bool = False
    vague: bool = False
    role: str = ""
    affiliation: str = ""
    origin: str = ""
    resolved_from: dict | None = None
    self_citation: bool = False
    type_words: list[str] = field(default_factory=list)
    # "rules", or "tagger" for an attribution only the learned tagger found
    found_by: str = "rules"
    probability: float = 1.0  # the tagger's mean cue probability
    clues: list[tuple[str, float]] = field(default_factory=list)  # the tagger's top features
    clause: bool = False  # the content is introduced by "that" ("the poll shows that …")


class Extractor:
    """Cue and source lexicons compiled once; ``find(doc)`` returns the attributions."""

    def __init__(self, cue_lexicons: Sequence[Lexicon], source_lexicons: Sequence[Lexicon],
                 tagger: SpanTagger | None = None):
        self.cue_matcher = Matcher(cue_lexicons)
        self.source_matcher = Matcher(source_lexicons)
        self.tagger = tagger

    # ----------------------------------------------------------------------------------------
    def find(self, doc: Document) -> list[Found]:
        ctx = _Context(doc, self.source_matcher.find(doc))
        found: list[Found] = []
        taken: set[int] = set()
        cues = self.cue_matcher.find(doc)
        ctx.cue_matches = cues
        ctx.cue_tokens = {t for m in cues for t in range(m.i, m.j)}
        for match in cues:
            if match.i in taken:
                continue
            item = _attribution_at(ctx, match)
            if item is None:
                continue
            found.append(item)
            ctx.by_sentence.setdefault(ctx.sent(item.cue[0]), []).append(item)
            taken.update(range(*item.cue))
        found = _drop_overlapping(found)
        found.extend(_dash_attributions(ctx, found))
        for item in found:
            _describe(ctx, item)
        found = [item for item in found if not _inanimate(item)]
        found.extend(_colon_attributions(ctx, found))
        if self.tagger is not None:
            tagged = _tagged(ctx, found, self.tagger, self.cue_matcher)
            found = _vetoed(ctx, found)
            for item in tagged:
                if item.source is not None:
                    _describe(ctx, item)
            found.extend(tagged)
        found.sort(key=lambda f: f.cue[0])
        _trim_nested(ctx, found)
        _resolve(ctx, found)
        for item in found:
            item.self_citation = _self_citation(ctx, item)
        return found


def _trim_nested(ctx: _Context, found: list[Found]) -> None:
    """Content that runs into another attribution's closing "…, the sources said" ends before
    it: in "The congresswoman told Kiko she had invited the family …, the sources said" what
    she told ends at the comma. Only indirect content is trimmed, and only by a later cue of
    the same sentence whose source sits inside that content after a comma."""
    by_sentence: dict[int, list[Found]] = {}
    for item in found:
        by_sentence.setdefault(ctx.sent(item.cue[0]), []).append(item)
    for items in by_sentence.values():
        if len(items) < 2:
            continue
        for item in items:
            if item.direct or len(item.content) != 1:
                continue
            a, b = item.content[0]
            for other in items:
                if other is not item and other.form == "coordinated" and other.source == (
                        item.source) and a < ctx.start(other.cue[0]) < b:
                    # "Khweis said he regretted his actions and said his decision …": the
                    # second report is its own
                    x = other.cue[0] - 1
                    while x > 0 and ctx.norm(x) != "and" and ctx.start(x) > a:
                        x -= 1
                    cut = ctx.start(x)
                    while cut > a and ctx.text[cut - 1] in " ,":
                        cut -= 1
                    if ctx.norm(x) == "and" and len(ctx.text[a:cut].split()) >= 3:
                        item.content = [(a, cut)]
                        a, b = a, cut
                    continue
                if other is item or other.source is None or other.form not in {
                        "subject", "inverted"}:
                    continue
                edge = ctx.start(min(other.source[0], other.cue[0]))
                if not a < edge < b or other.cue[0] <= item.cue[0]:
                    continue
                cut = edge
                while cut > a and ctx.text[cut - 1].isspace():
                    cut -= 1
                mark = cut > a and ctx.text[cut - 1] in "”\"’"
                comma = cut - 1 - mark
                if comma > a and ctx.text[comma] == "," and len(ctx.text[a:comma].split()) >= 3:
                    item.content = [(a, cut if mark else comma)]  # '… a land deal,”' keeps its mark
                    break


def _inanimate(item: Found) -> bool:
    """A thing, not a speaker, as the subject of a verb that also describes a state: "This
    remarkable growth underscores …", "The receipt shows …". A source that is unnamed, of no
    source type and neither a pronoun nor a document counts only with a plain verb of saying
    (weight 1, neutral or distancing): "Those surveyed said", "The law says"."""
    return item.form in {"subject", "inverted"} and not item.named and item.type == "unknown" \
        and item.kind not in {"pronoun", "document"} and not item.resolved_from and not (
            item.clause and item.cue_category == "neutral") and (
            item.cue_weight < 1.0 or item.cue_category in {"emphatic", "endorsing"})


# --------------------------------------------------------------------------------------------
# Context: the document plus per-token lookups


class _Context:
    def __init__(self, doc: Document, source_matches: list[Match]):
        self.doc = doc
        self.text = doc.text
        self.n = len(doc.norms)
        self._norms, self._sentences = doc.norms, doc.token_sentence
        self._starts, self._ends = doc.token_starts, doc.token_ends
        self.sent_first: dict[int, int] = {}
        self.sent_last: dict[int, int] = {}
        for t, s in enumerate(doc.token_sentence):
            self.sent_first.setdefault(s, t)
            self.sent_last[s] = t
        self.source_cat: dict[int, str] = {}  # token -> source lexicon category
        self.source_word: dict[int, tuple[int, str]] = {}  # token -> (end token, category)
        for m in source_matches:
            if not self._acceptable(m):
                continue
            self.source_word[m.i] = (m.j, m.entry.category)
            for t in range(m.i, m.j):
                self.source_cat[t] = m.entry.category
        self.by_sentence: dict[int, list[Found]] = {}  # attributions found so far
        # sentence -> (source, apposition) of a cue whose content was only an object
        self.subjects: dict[int, tuple[tuple[int, int], tuple[int, int] | None]] = {}
        self.cue_tokens: set[int] = set()  # tokens of every cue candidate
        self.antecedents: dict[int, tuple[int, int]] = {}  # "who" token -> its antecedent
        self.tagger_probs: dict[str, list[float]] = {}  # role -> each token's tagger probability
        self.cue_matches: list[Match] | None = None  # the cue lexicon's matches, once found
        self.cache: dict[tuple[str, str], list[int]] = {}  # lookups done once per document
        self.speech = [q for q in doc.quotes if q.speech]
        # any quotation right next to a cue is speech, however short: '"I would," she said'
        self.quote_by_end = {q.end: q for q in doc.quotes}
        self.quote_by_start = {q.start: q for q in doc.quotes}

    def _acceptable(self, m: Match) -> bool:
        """Short words (UN, WHO, US, Dr) count only with a capital, not sentence-first."""
        if m.j - m.i != 1:
            return True
        word = self.tok(m.i)
        if len(word) > 3:
            return True
        if word.isupper() and len(word) > 1:
            return True
        return word[:1].isupper() and not self.sentence_first(m.i)

    # the helpers below run a few hundred times per article: they read the document's token
    # lists through attributes of their own (bound in __init__) rather than through self.doc
    def tok(self, t: int) -> str:
        return self.text[self._starts[t]:self._ends[t]]

    def norm(self, t: int) -> str:
        return self._norms[t] if 0 <= t < self.n else ""

    def is_word(self, t: int) -> bool:
        return 0 <= t < self.n and self._norms[t][:1].isalnum()

    def cap(self, t: int) -> bool:
        return self.text[self._starts[t]:self._ends[t]][:1].isupper()

    def sent(self, t: int) -> int:
        return self._sentences[t]

    def sentence_first(self, t: int) -> bool:
        s = self.sent(t)
        first = self.sent_first[s]
        while first < t and not self.is_word(first):
            first += 1
        return first == t

    def start(self, t: int) -> int:
        return self._starts[t]

    def end(self, t: int) -> int:
        return self._ends[t]

    def span_text(self, span: tuple[int, int]) -> str:
        return self.text[self.start(span[0]):self.end(span[1] - 1)]

    def quote_ending_before(self, pos: int) -> Quote | None:
        """A quotation that ends just before ``pos`` (spaces, commas, dashes between).

        Falls back to the marks themselves when the document's quotation finder was thrown off
        (an unbalanced mark earlier in the text, or ''double single quotes'')."""
        i = pos
        while i > 0 and (self.text[i - 1].isspace() or self.text[i - 1] in ",;:" + DASHES):
            i -= 1
        quote = self.quote_by_end.get(i)
        if quote is not None or i == 0:
            return quote
        return self._local_quote_before(i)

    def quote_starting_after(self, pos: int) -> Quote | None:
        i = pos
        while i < len(self.text) and (self.text[i].isspace() or self.text[i] in ",;:" + DASHES):
            i += 1
        quote = self.quote_by_start.get(i)
        if quote is not None or i >= len(self.text):
            return quote
        return self._local_quote_after(i)

    def _local_quote_before(self, end: int) -> Quote | None:
        text = self.text
        mark = "''" if text[max(end - 2, 0):end] == "''" else text[end - 1]
        if mark not in {"''", "”", '"'}:
            return None
        line_start = text.rfind("\n", 0, end - len(mark)) + 1
        openers = ["''"] if mark == "''" else ["“", '"']
        best = max(text.rfind(o, line_start, end - len(mark)) for o in openers)
        if best < 0 or end - best < 3:
            return None
        return _local_quote(text, best, end)

    def _local_quote_after(self, start: int) -> Quote | None:
        text = self.text
        mark = "''" if text[start:start + 2] == "''" else text[start]
        if mark not in {"''", "“", '"'}:
            return None
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        closers = ["''"] if mark == "''" else ["”", '"']
        hits = [text.find(c, start + len(mark), line_end) for c in closers]
        hits = [h for h in hits if h >= 0]
        end = min(hits) + (2 if mark == "''" else 1) if hits else line_end
        if end - start < 3:
            return None
        return _local_quote(text, start, end)


def _local_quote(text: str, start: int, end: int) -> Quote:
    inner = text[start:end].strip("'\"“”")
    n = len(inner.split())
    return Quote(start, end, start + 1, end - 1, n, n >= 1, True)


# --------------------------------------------------------------------------------------------
# One cue


def _attribution_at(ctx: _Context, match: Match) -> Found | None:
    i, j = match.i, match.j
    first = ctx.norm(i)
    before = ctx.norm(i - 1) if i > 0 and ctx.sent(i - 1) == ctx.sent(i) else ""
    item = Found(
        cue=(i, j), cue_category=match.entry.category, cue_entry=match.entry.pattern,
        cue_lexicon=match.entry.lexicon, cue_weight=match.entry.weight,
    )
    if first in PREPOSITIONAL:
        return _prepositional(ctx, item)
    if first == "would" and ctx.norm(j - 1) == "like" and not WISHES_ARE_REPORTS:
        return None  # a wish, not words: "I would like to thank …", "who would like to see …"
    if before in {"the", "a", "an", "this", "that", "to", "final", "last"}:
        return None  # "the said agreement", "a claim", "wants to say", "the final say"
    if before in {"in", "of"} and not first.endswith("ed") and (
            before == "in" or first.endswith("ing")) and ctx.sent(i - 1) == ctx.sent(i):
        return None  # a noun or a gerund: "in hopes that …", "a theme of calling for silence"
    if before in POSSESSIVES or before.endswith("'s") and ctx.is_word(i - 1):
        return _possessive(ctx, item)
    if first in NOUN_LIKE and j - i == 1:
        nxt = ctx.tok(j) if j < ctx.n and ctx.sent(j) == ctx.sent(i) else "."
        if nxt in PREPOSITIONS or (not ctx.is_word(j) and nxt not in {":", *OPEN_MARKS}) or (
            first in {"show", "shows"} and ctx.cap(j) and ctx.is_word(j)
        ) or nxt.lower() in {"like", "detailing", "regarding", "concerning", "involving", "and",
                             "or"}:
            return None  # a noun: "Republican claims as false", "his TV show, in which",
            # "the wild claims like a grenade", "spy agency reports detailing visits"
    item = _verbal(ctx, item)
    if item is None or _too_short(ctx, item) or _writers_own(ctx, item):
        return None
    return item


#: Words before a source that make the cue's object a gap: "what she told the FBI about …",
#: "which the department says can be tied to …", "everything the media told Americans".
GAP_OPENERS = frozenset("what whatever which whom everything anything something".split())


def _gapped(ctx: _Context, src: tuple[int, int], j: int) -> bool:
    """Is the source the subject of a relative clause whose object (what was said) is the word
    before it, so that no content of its own follows: "whom she claims was in the same
    house", "which the department says can be tied to …", "what Pope Francis is saying in AL
    303"? Not "in which he said that …", "what it calls “the biggest attack”", nor "which
    Mr. Clarke says he is doing everything to keep open" (a clause with its subject)."""
    x = src[0] - 1
    if x < 0 or ctx.sent(x) != ctx.sent(src[0]) or ctx.norm(src[0]) in {"who", "which"}:
        return False
    w = ctx.norm(x)
    if w not in GAP_OPENERS or w in {"which", "whom"} and ctx.norm(x - 1) in PREPOSITIONS - {
            "of"}:
        return False  # "in which he said …" reports, "some of which prosecutors say occurred" not
    q = ctx.quote_starting_after(ctx.end(j - 1)) if j < ctx.n else None
    if q is not None and q.start - ctx.end(j - 1) <= 2 or j < ctx.n and _quote_after_colon(
            ctx, j, ctx.sent_last[ctx.sent(j - 1)]) is not None:
        return False  # the label is quoted: what it calls “…”; "what Isaiah described, as
        # follows: “…”"
    if w not in {"which", "whom"}:
        return True
    for y in range(j, min(j + 4, ctx.n)):
        v = ctx.norm(y)
        if v in GAP_VERBS or v in FINITE_VERBS - {"said", "says", "told"} or (
                len(v) > 4 and v.endswith("ed") and not ctx.cap(y)):
            return True  # "which advocates say disadvantages …": the content has no subject
        if v in SUBJECT_PRONOUNS | DETERMINERS | {"that"} or ctx.tok(y) in OPEN_MARKS:
            return False
    return False


def _too_short(ctx: _Context, item: Found) -> bool:
    """A content of one or two words outside quotation marks is not what was said: "what he
    promised it would", "feared the most", "blamed mental illness"."""
    if item.direct or len(item.content) != 1:
        return False
    a, b = item.content[0]
    part = ctx.text[a:b]
    return len(part.split()) <= 2 and not any(m in part for m in OPEN_MARKS + CLOSE_MARKS)


def _in_quotation(ctx: _Context, pos: int) -> bool:
    return any(q.start < pos < q.end for q in ctx.doc.quotes)


def _writers_own(ctx: _Context, item: Found) -> bool:
    """"I believe", "we hope", "I ask everyone", "I agree" outside quotation marks: the writer's
    own stance in the present tense, not a source cited (but "I said to him", "I told her",
    "we reported" report words)."""
    src = item.source
    if src is None or src[1] - src[0] > 2 or ctx.norm(src[0]) not in {"i", "we"}:
        return False  # (also "I nonetheless welcome")
    w = ctx.norm(item.cue[0])
    if w.endswith(("ed", "ing")) or w in IRREGULAR_PAST:
        return False
    return not _in_quotation(ctx, ctx.start(item.cue[0]))


def _not_a_report(ctx: _Context, i: int, j: int, k: int) -> bool:
    """Shapes in which a cue word reports nothing, for rule and tagger cues alike; ``k`` is
    the token left of the cue once auxiliaries and adverbs are skipped."""
    s = ctx.sent(i)
    head = ctx.norm(j - 1)
    if any(ctx.norm(x) in {"not", "n't", "never"} for x in range(max(k, 0), j)):
        return True  # "I am not questioning that …": nothing is attributed
    if head in {"agree", "agrees", "agreed", "continue", "continues", "continued"} and (
            ctx.norm(j) == "to"):
        return True  # "You agree to the Terms of Use", "continue to make sense": not words
    if head.startswith(("show", "reveal", "prov")) and ctx.norm(j) in REFLEXIVES:
        return True  # "reveals itself to be rank historicism", "has shown itself willing"
    if head in {"found", "find", "finds", "finding"} and ctx.norm(j) == "out":
        return True  # "found out she emailed the FBI": learning, not a report
    if head.startswith(("respond", "repl", "answer")) and ctx.norm(j) == "by":
        return True  # "responded by suing", "responded by pointing out that …" (which reports)
    if ctx.norm(j) == "with" and ctx.norm(j + 1) == "permission":
        return True  # a credit line: "Article posted with permission from …"
    if head in {"call", "calls", "called", "calling"} and j - i == 1 and (
            ctx.norm(j) in {"together", "back", "up", "off", "in", "out", "police", "911"} or (
                ctx.norm(j) in {"him", "her", "them", "me", "us"} and ctx.tok(j + 1) in {
                    ",", ".", ";"}) or (
                ctx.norm(j) == "the" and ctx.norm(j + 1) in {"police", "cops"}) or (
                ctx.cap(j) and ctx.is_word(j) and _phone_call(ctx, j, s)) or (
                ctx.norm(j) in DETERMINERS | POSSESSIVES and any(
                    ctx.norm(x) in {"again", "back"} for x in range(j + 2, min(j + 5, ctx.n))))):
        return True  # "called together his children", "called Principal Ron Branch and …",
        # "called the principal again"
    if head.endswith("ing") and prev_tok_is_word(ctx, i, s) and not any(
            ctx.norm(x) in PASSIVE | {"am", "'re", "'m"} for x in range(max(k, 0) + 1, i)):
        return True  # a participle after a noun: "Two more women accusing the judge …"
    nxt = ctx.norm(j)
    if j - i == 1 and head.endswith("ed") and prev_tok_is_word(ctx, i, s) and not ctx.cap(
            i - 1) and ctx.norm(i - 1) not in ADVERBS and not ctx.norm(i - 1).endswith("ly") and (
            nxt == "by" or nxt == "out" and ctx.norm(j + 1) == "by" or nxt == "on" and ctx.norm(
                j + 1) not in TIME_WORDS and (
                ctx.norm(i - 1) not in PRONOUNS) or nxt in TIME_WORDS - PREPOSITIONS and (
                head in {"posted", "published", "released", "issued", "filed"}) and ctx.norm(
                i - 2) in DETERMINERS) and (
            not any(ctx.norm(x) in PASSIVE | AUXILIARIES - ADVERBS for x in range(k + 1, i))):
        return True  # a participle after its noun: "views stated by both", "a video posted
        # Thursday on Facebook"
    if j - i == 1 and ctx.norm(j) == "as" and head in LABEL_VERBS and (
            prev_tok_is_word(ctx, i, s) and not ctx.cap(i - 1) and ctx.norm(i - 1) not in (
                PRONOUNS | ADVERBS | AUXILIARIES | PASSIVE) or any(
                ctx.norm(x) in {"what", "which"} for x in range(max(k - 1, 0), k + 1))):
        return True  # "a Haitian woman described as the group's leader", "what he described
        # as phone and email harassment": a label, not words reported
    if head in {"written", "spoken"} and j - i == 1 and prev_tok_is_word(ctx, i, s) and not any(
            ctx.norm(x) in PASSIVE | {"has", "have", "had", "'ve", "'d"}
            for x in range(max(k, 0) + 1, i)):
        return True  # "a letter written to Church authorities …"
    return j - i == 1 and ctx.cap(i) and ctx.sentence_first(i) and not ctx.norm(i).endswith(
        ("s", "d", "ing"))  # an imperative to the reader: "Note the change", "Remember …"


def _phone_call(ctx: _Context, j: int, s: int) -> bool:
    """After "called": a name that ends its clause ("called Principal Ron Branch and
    objected", "called Smith." ) is a telephone call, not a name given to someone."""
    x = j
    while x < ctx.n and ctx.sent(x) == s and x - j < 9 and (ctx.cap(x) and ctx.is_word(x) or (
            ctx.tok(x) == "." and ctx.norm(x - 1) in TITLES)):
        x += 1
    return x >= ctx.n or ctx.sent(x) != s or ctx.norm(x) in {"and", "to", "on", "at", "in"} or (
        ctx.tok(x) in {".", ";"})


def prev_tok_is_word(ctx: _Context, i: int, s: int) -> bool:
    """The token before ``i`` is a word of the same sentence (not a comma or a mark)."""
    return i > 0 and ctx.sent(i - 1) == s and ctx.is_word(i - 1)


def _prepositional(ctx: _Context, item: Found) -> Found | None:
    i, j = item.cue
    src = _np_right(ctx, j)
    if src is None:
        return None
    item.source = src
    item.form = "according to"
    s = ctx.sent(i)
    first, last = ctx.sent_first[s], ctx.sent_last[s]
    before = ctx.tok(i - 1) if i > first else ""
    after = ctx.tok(src[1]) if src[1] <= last else "."
    if before and ctx.is_word(i - 1) and after not in {".", ")", "!", "?"}:
        return None  # "love man according to the Word of God": in accordance with, mid-clause
    if before == "(":
        # 'a "trivialized liturgy" (according to Pope Benedict XVI)': the quoted words only
        q = ctx.quote_ending_before(ctx.start(i - 1))
        if q is None or q.end < ctx.start(first):
            return None
        item.content, item.direct = [(q.start, q.end)], True
        return item
    left = _words_between(ctx, first, i)
    right = _words_between(ctx, src[1], last + 1)
    if before == "," and after == "," and left < 4 and right >= 3:
        return None  # "Two days later, according to the story, on August 4, …": split content
    if before == "," and after == "," and left >= 3 and right >= 3 and not any(
            _verb_word(ctx, x) or ctx.tok(x) in OPEN_MARKS for x in range(first, i)):
        # "High school students in Newton in October 2017, according to Fox News, “pretended
        # to be Muslims …”": the subject is left of the source and its verb right of it
        item.content = [_char_span(ctx, first, i - 1), _clause_end(ctx, *_char_span(
            ctx, src[1] + 1, last + 1))]
    elif left >= 3:
        item.content = [_clause_end(ctx, *_char_span(ctx, first, i), left=True)]
    else:
        k = src[1]
        if k <= last and ctx.norm(k) in {"who", "which", "whose"}:
            # "According to two officials who spoke with the Times, the incident …"
            while k <= last and ctx.tok(k) != ",":
                k += 1
        while k <= last and not ctx.is_word(k):
            k += 1
        if k <= last and _words_between(ctx, k, last + 1) >= 2 and ctx.norm(k) not in (
                FINITE_VERBS | {"posted", "reported", "published"}):
            item.content = [_clause_end(ctx, *_char_span(ctx, k, last + 1))]  # not a bare verb
    return item if item.content else None


def _possessive(ctx: _Context, item: Found) -> Found | None:
    i, j = item.cue
    nxt = ctx.norm(j)
    quote = ctx.quote_starting_after(ctx.end(j - 1))
    if quote is None and nxt not in {"that", ":"}:
        return None
    item.source = (i - 1, i)
    item.form = "possessive"
    if quote is not None:
        item.content, item.direct = [(quote.start, quote.end)], True
    else:
        span = _clause_after(ctx, j + 1)
        if span is None:
            return None
        item.content = [span]
    return item


def _skip_aux_left(ctx: _Context, t: int, s: int, *, progressive: bool = False
                   ) -> tuple[int, bool]:
    """Skip auxiliaries and adverbs left of a verb; report a passive or modal verb.

    With ``progressive`` (the cue ends in -ing) "is"/"are" are part of an active verb:
    "Clinton is stressing that …"."""
    passive = False
    while t >= 0 and ctx.sent(t) == s:
        w = ctx.norm(t)
        if w in MODALS or (w in PASSIVE and not progressive):
            passive = True
        elif w in PASSIVE:
            pass
        elif ctx.cap(t) and not ctx.sentence_first(t) and w in AUXILIARIES:
            break  # part of a name: "USA Today reports"
        elif not (w in AUXILIARIES or (
            w.endswith("ly") and not ctx.cap(t) and len(w) > 4 and w not in LY_NOUNS
        )):
            break
        t -= 1
    return t, passive


def _verbal(ctx: _Context, item: Found) -> Found | None:
    i, j = item.cue
    s = ctx.sent(i)
    k, passive = _skip_aux_left(ctx, i - 1, s, progressive=ctx.norm(i).endswith("ing"))
    if passive:
        return None  # "it was reported", "he was told", "the summit will highlight"
    # "began by saying he would …", "responded by saying …": the subject of the clause speaks
    by_saying = ctx.norm(i) in BY_PARTICIPLES and i > 0 and ctx.sent(i - 1) == s and (
        ctx.norm(i - 1) in {"by", "after", "before", "while"})
    # "a letter saying that …", "footage of Trump saying, “…”": the noun before says it
    noun_saying = ctx.norm(i) in BY_PARTICIPLES and j - i == 1 and prev_tok_is_word(ctx, i, s) and (
        ctx.norm(j) == "that" or ctx.quote_starting_after(ctx.end(j - 1)) is not None and (
            ctx.quote_starting_after(ctx.end(j - 1)).start < ctx.end(ctx.sent_last[s])))
    if not by_saying and not noun_saying and _not_a_report(ctx, i, j, k):
        return None
    if ctx.cap(i) and not ctx.sentence_first(i):
        return None  # part of a name: "State Councilor", "Tell City"
    prev_tok = ctx.tok(i - 1) if i > 0 and ctx.sent(i - 1) == s else ""
    if ctx.norm(i).endswith("ing") and prev_tok == "," or by_saying:
        # a participle after a comma shares the subject of its clause: "X said, adding …"
        earlier = ctx.by_sentence.get(s)
        if earlier and any(ctx.norm(x) in {"until", "when", "while", "after", "before"} and (
                ctx.is_word(x + 1) and not ctx.norm(x + 1).endswith(("ing", "ly")))
                for x in range(earlier[-1].cue[1], i)):
            return None  # "Patel told jokes until organizers stopped him, citing …": not his
        if earlier:
            item.source, item.apposition = earlier[-1].source, earlier[-1].apposition
        elif s in ctx.subjects and ctx.subjects[s][0][1] <= i:
            item.source, item.apposition = ctx.subjects[s]
        else:
            item.source = _sentence_subject(ctx, s, i)
            if item.source is None:
                return None
        item.form = "participle"
        k = j
        last = ctx.sent_last[s]
        if k <= last and ctx.norm(k) == "that":
            k += 1
        elif k <= last and (that := _that_after_adverbial(ctx, k, last)) is not None:
            k = that + 1  # "tweeting in June that …"
        elif CHECK_CLAUSE and _checked_cue(ctx, i, j) and not _clause_like(
                ctx, k, last, ctx.norm(i)) and (
                ctx.quote_starting_after(ctx.end(j - 1)) is None):
            return None  # "…, accusing it of misleading the court": an object
        span = _clause_after(ctx, k)
        if span is None:
            return None
        item.content = [_clause_end(ctx, *span)]
        return item
    if k >= 0 and ctx.sent(k) == s and ctx.norm(k) == "and":
        # "Trump criticized the deals and called for tariffs": the subject of the sentence
        earlier = ctx.by_sentence.get(s)
        if earlier and _embedded(ctx, earlier[-1].source, comma=ctx.tok(k - 1) == ","):
            earlier = None  # "wasn't sure why the ADL wrote that …, and said …"
        subject = earlier[-1].source if earlier else _sentence_subject(ctx, s, k)
        if subject is None:
            return None
        w = ctx.norm(i)
        if not (w.endswith(("s", "ed", "ing")) or w in IRREGULAR_PAST) and any(
                ctx.norm(x) in MODALS | {"to"} for x in range(subject[1], k)):
            return None  # "Francis may come forward one day and declare …": not a report
        item.source = subject
        item.apposition = earlier[-1].apposition if earlier else None
        item.form = "coordinated"
        return item if _find_content(ctx, item, j) else None
    if j < ctx.n and ctx.sent(j) == s and ctx.norm(j) == "not":
        return None  # "asked not to be named"
    inverted = None
    if ctx.norm(i) not in NO_INVERSION and not ctx.norm(i).endswith("ing"):
        prev = ctx.tok(k) if k >= 0 and ctx.sent(k) == s else ""
        if k < 0 or ctx.sent(k) != s or prev in {";", ":"} or prev in CLOSE_MARKS or (
            prev == "," and _subject_left(ctx, k) is None
        ):
            inverted = _np_right(ctx, j, inverted=True)
    if inverted is None and (k < 0 or ctx.sent(k) != s) and i > 0 and k == i - 1 and (
        ctx.tok(i - 1) == ")" or ctx.cap(i - 1) and ctx.is_word(i - 1)
    ) and ctx.text[ctx.end(i - 1):ctx.start(i)] == " ":
        s = ctx.sent(i - 1)  # the splitter cut after "(R-Ga.)": the subject ends there
    if inverted is not None:
        item.source = inverted
        item.form = "inverted"
        after = inverted[1]
    else:
        if k < 0 or ctx.sent(k) != s:
            return None
        nxt = ctx.tok(j) if j < ctx.n and ctx.sent(j) == ctx.sent(i) else "."
        subject = _subject_left(ctx, k, closing=nxt in {".", "!", "?"})
        if subject is None:
            return None
        item.source, item.apposition = subject
        item.form = "subject"
        after = j
        if not any(ctx.norm(x) in AUXILIARIES - ADVERBS for x in range(k + 1, i)) and (
                _disagrees(ctx, item.source, i)):
            return None  # a noun after its modifiers: "the pope's very first quote"
    if item.source[1] - item.source[0] == 1 and ctx.norm(item.source[0]) == "you" and (
            ctx.norm(i) in READER_VERBS):
        return None  # "you recall we reported …": the writer addresses the reader
    if item.form == "subject" and _gapped(ctx, item.source, j):
        return None
    if not _find_content(ctx, item, after):
        return None
    last = ctx.sent_last[s]
    if ctx.tok(last) == "?" and not item.direct:
        return None  # a question reports nothing: "What did the scripture tell me about …?"
    if ctx.norm(item.source[0]) in {"who", "which"} and not item.direct:
        # "X, who says he sold …, was arrested": the content ends with the relative clause
        a, b = item.content[0]
        m = _MAIN_CLAUSE_AFTER_RELATIVE.search(ctx.text, a, b)
        if m is not None:
            item.content = [(a, m.start())]
    return item


#: Cue words that are past tense without "-ed": not a base form.
IRREGULAR_PAST = frozenset(
    "said told wrote written found spoke shown put forecast read made went".split())
#: Plural heads without "-s" ("police say", "some insist", "those who … claim").
PLURAL_HEADS = frozenset(
    """police people children men women staff clergy media data faithful youth personnel folk
    some those these many few others both all several most who which that majority number
    lot plurality handful half third quarter percent rest bulk""".split())


def _disagrees(ctx: _Context, src: tuple[int, int], i: int) -> bool:
    """Does a base-form cue ("quote", "claim", "joke", "say") follow a singular noun phrase, so
    that it is a noun with modifiers and not a verb: "the pope's very first quote was …", "the
    otherwise risible claim Assange is …", "a Sammy Davis Jr joke about …"? A subjunctive in
    a content ("urged that he testify") reports nothing either."""
    w = ctx.norm(i)
    if w.endswith(("s", "ed", "ing")) or w in IRREGULAR_PAST:
        return False
    if ctx.norm(src[0]) in PRONOUNS - {"he", "she", "it"} or src[0] > 0 and ctx.norm(
            src[0] - 1) in AUXILIARIES - ADVERBS:
        return False  # "I nonetheless welcome", "Only then did he announce …"
    # the head is the last word before a preposition or a participle: "some witnesses with
    # first-hand knowledge say", "Emails obtained by The Hill show", "a version of a … joke"
    e = next((x for x in range(src[0] + 1, src[1]) if ctx.norm(x) in PREPOSITIONS or (
        ctx.norm(x).endswith("ed") and not ctx.cap(x) and not ctx.norm(x - 1).endswith("ly")
        and ctx.norm(x - 1) not in DETERMINERS | POSSESSIVES)), src[1])
    head = ctx.norm(e - 1)
    if head in PRONOUNS - {"he", "she", "it"} or head in PLURAL_HEADS or not ctx.is_word(e - 1):
        return False
    if ctx.norm(src[0]) in {"a", "an", "one", "each", "every", "another"} and e - src[0] >= 2:
        return True  # "a public records request": the article makes the phrase singular
    if ctx.norm(src[0]) in PLURAL_HEADS or any(
            ctx.norm(x).endswith("s") and not ctx.norm(x).endswith(("ss", "us", "sis", "'s", "’s"))
            and ctx.is_word(x) for x in range(src[0], e)):
        return False  # "Residents downstream of the mine say", "many Kyrgyz ask"
    if head.endswith("s") and not head.endswith(("ss", "us", "sis")):
        return False
    return not any(ctx.norm(x) in {"and", "&", "or", "nor"} for x in range(*src))


#: A comma and a finite verb: where the main clause resumes after a relative clause.
_MAIN_CLAUSE_AFTER_RELATIVE = re.compile(
    r",\s+(?:was|is|were|are|has|have|had|will|would|did|does|said|says)\b")


#: Prepositions after which the noun phrase before "who" names the person: "too much for
#: O'Malley, who …", "a few feet away from a man who …" (but "chairman of the committee").
PERSON_AFTER = frozenset("for from to with at by on in off among about against".split())


def _person_in(ctx: _Context, ante: tuple[int, int]) -> tuple[int, int]:
    """The antecedent of "who": the noun phrase after the last preposition of ``ante`` when
    there is one ("its endorsement of a congressman" stays, "too much for O'Malley" gives
    "O'Malley")."""
    if any(ctx.source_cat.get(x) in TYPE_PRIORITY for x in range(*ante)):
        return ante  # "a professor at the Institute in Astana, who …" names the person
    for x in range(ante[1] - 2, ante[0], -1):
        if ctx.norm(x) in PERSON_AFTER and not ctx.cap(x):
            tail = (x + 1, ante[1])
            return tail if _valid_subject(ctx, tail) else ante
    return ante


def _embedded(ctx: _Context, src: tuple[int, int] | None, *, comma: bool) -> bool:
    """Is a source inside a phrase of its sentence ("a report on the new CIA head called"), or
    inside a clause that a comma closes before "and" ("wasn't sure why the ADL wrote that …,
    and said …"), so that it is not the subject of the verb after "and"?"""
    if src is None or src[0] == 0 or ctx.sent(src[0] - 1) != ctx.sent(src[0]):
        return False
    if ctx.sentence_first(src[0] - 1) and ctx.norm(src[0] - 1) in {"but", "and", "yet", "so"}:
        return False  # "But Mr Salama said …"
    w = ctx.norm(src[0] - 1)
    return w in PREPOSITIONS - CLAUSE_STOPS or comma and w in CLAUSE_STOPS | {
        "why", "how", "what"}


def _subject_left(ctx: _Context, k: int, *, closing: bool = False
                  ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The subject ending at token ``k``, with an apposition: "Ju Hao, fellow at X, said".

    ``closing``: the cue ends its sentence after a comma ("…, attorneys for the family
    said."), where any short noun phrase between the comma and the verb is the source."""
    s = ctx.sent(k)
    if ctx.tok(k) == ",":
        # NAME , APPOSITION , cue
        a_end = k
        a_start = a_end
        while a_start - 1 >= 0 and ctx.sent(a_start - 1) == s and ctx.tok(a_start - 1) != ",":
            a_start -= 1
            if a_end - a_start > MAX_APPOSITION:
                return None
        if a_start == a_end or a_start - 1 < 0 or ctx.sent(a_start - 1) != s:
            return None
        np = _np_left(ctx, a_start - 2)
        if np is None or not _name_like(ctx, np):
            return None
        if np[1] - np[0] == 1 and np[0] > 0 and ctx.tok(np[0] - 1) == "," and ctx.norm(
                np[0]) not in PRONOUNS and a_end - a_start >= 3:
            return None  # "…, the Archbishop of Utrecht, Netherlands, perhaps …, protested"
        named = _name_before_role(ctx, np)
        if named is not None:
            return named, (np[0], a_end)  # "Robert McManus, Bishop of Worcester, Mass., said"
        return np, (a_start, a_end)  # a role, or a clause: "One banker, who asked …, said"
    np = _np_left(ctx, k)
    if np is None and (ctx.norm(k) in TIME_WORDS or ctx.norm(k).endswith("ed")):
        # "The latest Reuters/Ipsos poll released Friday shows that …": the participle and
        # its time belong to the noun phrase before them
        x = k
        while x > 0 and ctx.sent(x) == s and k - x < 4 and ctx.norm(x) in TIME_WORDS:
            x -= 1
        if x > 0 and ctx.sent(x) == s and ctx.norm(x).endswith("ed") and not ctx.cap(x):
            head = _np_left(ctx, x - 1)
            if head is not None and any(ctx.norm(y) in DOCUMENT_HEADS or y in ctx.source_cat
                                        for y in range(*head)):
                return head, None
    if np is None and closing:
        np = _np_left(ctx, k, check=False)
        if np is None or np[1] - np[0] > 6 or ctx.tok(np[0] - 1) != ",":
            return None
    if np is None:
        return None
    np = _widened(ctx, np)
    c = np[0] - 1
    if c >= 1 and ctx.tok(c) == "," and ctx.sent(c) == s and not ctx.cap(np[0]) and (
        ctx.norm(np[0]) not in DETERMINERS and np[1] - np[0] >= 2
    ) and any(ctx.source_cat.get(x) in TYPE_PRIORITY for x in range(*np)):
        # "Kairat Sarybay, executive director of X told …": the name before the comma
        name = _np_left(ctx, c - 1)
        if name is not None and _name_like(ctx, name) and name[1] - name[0] <= 5 and (
            ctx.norm(name[0]) not in DETERMINERS
        ):
            return name, np
    c = np[0] - 1
    if c >= 1 and ctx.tok(c) == "," and np[1] - np[0] >= 2 and ctx.norm(
            np[0]) not in DETERMINERS and all(ctx.cap(x) or ctx.tok(x) == "." for x in range(*np)):
        role = _np_left(ctx, c - 1, check=False)
        if role is not None and role[1] - role[0] <= 8 and ctx.norm(role[0]) in {
                "the", "a", "an"} and (ctx.sentence_first(role[0]) or ctx.tok(
                role[0] - 1) in CLOSE_MARKS) and any(
                ctx.source_cat.get(x) in TYPE_PRIORITY or ctx.norm(x) == "of"
                for x in range(*role)):
            return np, role  # "…,” the head of the Northern Command, Terrence O'Shaughnessy told"
    named = _name_before_role(ctx, np) if ctx.norm(np[0]) == "the" else None
    if named is not None:
        return named, np  # "Sr. Enrica Rosanna, the representative of X told them …"
    if ctx.norm(np[1] - 1) in {"who", "which"}:
        # "Smith, who said …", "the department which reported …": the antecedent
        c = np[1] - 2
        if c >= 0 and ctx.tok(c) == ",":
            c -= 1
        ante = _np_left(ctx, c) if c >= 0 and ctx.sent(c) == s else None
        if ante is None:
            return None
        if ctx.norm(np[1] - 1) == "who":
            ante = _person_in(ctx, ante)
        ctx.antecedents[np[1] - 1] = ante
        return (np[1] - 1, np[1]), None
    return np, None


def _name_before_role(ctx: _Context, np: tuple[int, int]) -> tuple[int, int] | None:
    """The person's name that opens the sentence before a role and a comma: "Robert McManus,
    Roman Catholic Bishop of Worcester, Massachusetts, said", "Sr. Enrica Rosanna, the
    representative of the Congregation told"; the role must hold a word of the source
    lexicon or "Title of Place", and the name two to five capitalised words."""
    c = np[0] - 1
    if c < 1 or ctx.tok(c) != "," or ctx.sent(c) != ctx.sent(np[0]) or not any(
            ctx.source_cat.get(x) in TYPE_PRIORITY or ctx.norm(x) == "of" and ctx.cap(x - 1)
            for x in range(*np)):
        return None  # a role: "the representative of …", "Roman Catholic Bishop of …"
    name = _np_left(ctx, c - 1)
    if name is None or not 2 <= name[1] - name[0] <= 5 or not ctx.sentence_first(name[0]) or (
            name[1] != c) or not all(ctx.cap(x) or ctx.tok(x) == "." for x in range(*name)) or (
            any(x in ctx.source_cat for x in range(*name)) and ctx.norm(name[0]) not in TITLES):
        return None
    return name


#: Lower-case words inside a name: "Henri de Lubac", "Ursula von der Leyen".
NAME_PARTICLES = frozenset("de del der da di du van von la le al bin ibn".split())
#: Verbs that, with "you" as subject, address the reader: "as you recall", "you know".
READER_VERBS = frozenset("recall recalls remember know see note notice".split())
#: Participles of saying that report after "by", "after", "before", "while".
BY_PARTICIPLES = frozenset(
    """saying arguing claiming insisting noting telling writing declaring stating pointing
    explaining stressing""".split())
#: Nouns of documents and findings that report: "the poll released Friday shows …".
DOCUMENT_HEADS = frozenset(
    "poll polls survey report study analysis data review audit memo letter video".split())
#: Adjectives that link a source to what it is close to: "a source close to the probe".
LINKING = frozenset(
    "close closest connected familiar related linked loyal near tied allied involved".split())


def _widened(ctx: _Context, np: tuple[int, int]) -> tuple[int, int]:
    """The whole source when the noun phrase before the cue is only its tail: "Multiple
    sources connected to [the investigation] told", "an employee assigned to [the city]
    reported", "records filed last fall by [the police] say", "One source close to the White
    House who has previewed [the plan] told", "Those who attempt to explain away [the
    condemnations] claim". At most two steps left, each a short phrase."""
    for _ in range(2):
        t = np[0]
        s = ctx.sent(t)
        x = t - 1
        if x < 1 or ctx.sent(x - 1) != s:
            break
        if ctx.norm(x) in {"to", "with", "by"} or ctx.norm(x) in {"in", "at"} and (
                ctx.norm(x - 1).endswith("ed") and not ctx.cap(x - 1)):  # "stationed in X"
            p = x - 1
            while p > 0 and ctx.sent(p) == s and x - p < 4 and ctx.norm(p) in TIME_WORDS | {
                    "fall", "spring", "summer", "winter"}:
                p -= 1  # "filed last fall by …"
            w = ctx.norm(p)
            role_to = ctx.norm(x) == "to" and (p in ctx.source_cat or w in ROLES_TO)
            document_by = ctx.norm(x) == "by" and w in DOCUMENT_HEADS | {"reports", "analyses"}
            if ctx.sent(p) == s and (w in LINKING or w.endswith("ed") and not ctx.cap(p) or (
                    role_to or document_by)) and (ctx.norm(x) != "by" or w.endswith("ed") or (
                    document_by)):  # (and "a report by the Swedish National Council shows")
                outer = _np_left(ctx, p if document_by else p - 1, check=False)
                if outer is None or not _valid_subject(ctx, outer):
                    break
                if ctx.norm(x) in {"in", "at"} and all(
                        ctx.norm(y) in TIME_WORDS | {"late", "early", "mid"}
                        or ctx.norm(y)[:1].isdigit() for y in range(*np)):
                    return outer  # "A poll released in late August shows": not a place
                np = (outer[0], np[1])
                continue
        # a relative clause without commas: "who has previewed the plan", "which criticised X"
        y = x
        while y > 0 and ctx.sent(y) == s and x - y < 10 and ctx.is_word(y) and (
                ctx.norm(y) not in {"who", "which", "that"}) and not ctx.cap(y):
            y -= 1
        relative = ctx.norm(y) in {"who", "which"} or ctx.norm(y) == "that" and (
            ctx.norm(x).endswith("ed"))
        # "A teenager who supports [President Trump] says": "who" is the clause's subject
        who_verb = y == x and ctx.norm(x) == "who" and not ctx.cap(t) and ctx.norm(t) not in (
            PRONOUNS | DETERMINERS | POSSESSIVES) and ctx.norm(t).endswith("s")
        if (y < x or who_verb) and y >= 1 and ctx.sent(y) == s and relative:
            z = y - 1
            if ctx.tok(z) == ",":
                break  # "X, who …, said" is an apposition, found elsewhere
            ante = _np_left(ctx, z, check=False) if z >= 0 and ctx.sent(z) == s else None
            if ante is None and ctx.norm(z) in {"those", "people", "others", "many", "some"}:
                ante = (z, z + 1)  # "Those who attempt to explain away X claim"
            elif ante is None or not _valid_subject(ctx, ante):
                break
            np = _widened(ctx, ante) if ante[0] > 0 else ante
            break
        break
    return np


#: Roles that take "to" and whom they serve: "the former apostolic nuncio to the United
#: States", "an adviser to the president".
ROLES_TO = frozenset(
    """nuncio adviser advisers advisor advisors aide aides counsel consultant successor heir
    attache delegate delegates liaison secretary""".split())
#: Role nouns between a group's name and a person's: "Irish member Marie Collins".
SUBJECT_ROLES = frozenset(
    "member members leader head chairman chairwoman chair founder director editor".split())


def _sentence_subject(ctx: _Context, s: int, before: int) -> tuple[int, int] | None:
    """The name or pronoun that opens sentence ``s``: "Trump has tried …, saying …"."""
    t = ctx.sent_first[s]
    while t < before and not ctx.is_word(t):
        t += 1
    if t >= before:
        return None
    if ctx.norm(t) in PERSON_PRONOUNS | {"they"}:
        return (t, t + 1)
    e = t
    while e < before and (ctx.cap(e) and ctx.is_word(e) or (
        ctx.tok(e) == "." and ctx.norm(e - 1) in TITLES
    ) or e > t and ctx.norm(e) in NAME_PARTICLES | {"of", "for"} and ctx.cap(e + 1)) and (
            e - t < 6):
        e += 1  # "Cardinal Henri de Lubac", "Nation of Islam leader Louis Farrakhan"
    for _ in range(2):
        # "Irish member Marie Collins resigned … and said": a role between two names
        x = e
        while x < before and x - e < 4 and ctx.is_word(x) and not ctx.cap(x) and (
                ctx.norm(x) in {"of", "and"} or ctx.norm(x) not in PREPOSITIONS | CLAUSE_WORDS
                and not ctx.norm(x).endswith("ed") and x not in ctx.cue_tokens):
            x += 1
        if x == e or x >= before or not ctx.cap(x) or not any(
                x2 in ctx.source_cat or ctx.norm(x2) in SUBJECT_ROLES for x2 in range(e, x)):
            break
        while x < before and ctx.cap(x) and ctx.is_word(x):
            x += 1
        e = x
        if ctx.tok(e) == ",":
            return (t, e)  # "Irish member Marie Collins, another victim, resigned"
    if e > t and ctx.tok(e - 1).lower().endswith(("'s", "’s")) and e < before:
        # "Scott's relatives, including his wife, watched …, and said"
        x = e
        while x < before and x - e < 3 and ctx.is_word(x) and not ctx.cap(x) and (
                ctx.norm(x) not in PREPOSITIONS | CLAUSE_WORDS) and x not in ctx.cue_tokens and (
                not ctx.norm(x).endswith(("ed", "ing"))):
            x += 1
        if x > e and x < before and ctx.tok(x) == ",":
            return (t, x)
    if e == t or e >= before or not ctx.is_word(e) or ctx.cap(e):
        return None
    if ctx.norm(t) in NOT_NAMES | CLAUSE_WORDS | TIME_WORDS or ctx.norm(e - 1).endswith(
            ("ed", "ing")):
        return None  # "Last week, Bolton …": a time, not the subject
    return (t, e)


def _np_left(ctx: _Context, k: int, *, check: bool = True) -> tuple[int, int] | None:
    """A noun phrase ending at token ``k``, scanning left to a clause boundary."""
    if k >= 0 and ctx.tok(k) == ")":
        # "Rep. Gwen Moore (D-Wis.)": the name before the bracket, the bracket kept
        o = k - 1
        while o >= 0 and ctx.sent(o) == ctx.sent(k) and ctx.tok(o) != "(" and k - o < 10:
            o -= 1
        if o <= 0 or ctx.tok(o) != "(":
            return None
        inner = _np_left(ctx, o - 1, check=check)
        return (inner[0], k + 1) if inner is not None else None
    if k < 0 or not ctx.is_word(k):
        return None
    s = ctx.sent(k)
    head = ctx.norm(k)
    if head not in {"who", "which"} and (head in BAD_HEADS or head in CLAUSE_WORDS):
        return None
    if head in {"who", "which"}:
        return (k, k + 1)
    t = k
    while t - 1 >= 0 and ctx.sent(t - 1) == s and k - t < MAX_NP:
        w = ctx.norm(t - 1)
        tok = ctx.tok(t - 1)
        if ctx.is_word(t - 1):
            if w == "and" and ctx.cap(t) and t - 2 >= 0 and ctx.cap(t - 2):
                pass  # inside a name: "Conference on Interaction and Confidence Building"
            elif w in CLAUSE_WORDS or t - 1 in ctx.cue_tokens and (
                    ctx.norm(t - 2) not in {"the", "a", "an", "this", "that"}):
                break  # but a cue word after "the" is a noun: "The report from Great Britain"
            if w.endswith("ing") and len(w) > 4 and not ctx.cap(t - 1) and (
                ctx.norm(t - 2) not in DETERMINERS | POSSESSIVES
            ):
                break  # a verb: "slamming the nominee", "showing Trump making remarks"
            if (w.endswith("ed") and len(w) > 4 and not ctx.cap(t - 1)
                    and t - 1 not in ctx.source_cat
                    and ctx.norm(t - 2) not in DETERMINERS | POSSESSIVES
                    and not (ctx.norm(t - 2).endswith("ly")
                             and ctx.norm(t - 2) not in LY_NOUNS)):
                break  # a verb: "leaders witnessed the signing of a plan"
        elif tok == "." and t - 2 >= 0 and (
            len(ctx.tok(t - 2)) == 1 or ctx.norm(t - 2) in TITLES
        ):
            pass  # initials and titles: "U.S.", "J. Smith", "Mr. Obama"
        elif tok == ")":
            o = t - 1
            while o >= 0 and ctx.sent(o) == s and ctx.tok(o) != "(" and t - o < 8:
                o -= 1
            if o < 0 or ctx.tok(o) != "(":
                break
            t = o  # an acronym in brackets: "Asia (CICA)"
            continue
        elif tok not in {"&", "-"}:
            break
        t -= 1
    while t < k and (not ctx.is_word(t) or ctx.norm(t) in TIME_WORDS and not ctx.cap(t) and (
        ctx.norm(t) != "this" or ctx.norm(t + 1) in TIME_WORDS) or (
        ctx.norm(t) in {"in", "on", "at", "during", "by", "last", "with", "from", "for", "to",
                        "even"}
    )):
        t += 1  # but "like this document says" keeps "this"
    while t < k and ctx.norm(t) in TIME_WORDS and ctx.norm(t + 1) in DETERMINERS | TIME_WORDS:
        t += 1
    while t < k and ctx.norm(t) in TIME_WORDS - MONTHS - {"this"} and not ctx.cap(t):
        t += 1  # "This week Collins tweeted"
    # a relative clause without "that": "the things the minister [says]" -> "the minister"
    for x in range(k, t, -1):
        if ctx.norm(x) in {"the", "a", "an"} and ctx.is_word(x - 1) and ctx.norm(x - 1) not in (
                PREPOSITIONS | AFFILIATION_PREPS | {"and", "or", "&"}) and not ctx.cap(x - 1):
            t = x
            break
    # a year before a name: "In 1961 President Dwight Eisenhower warned"
    while t < k and ctx.norm(t)[:1].isdigit() and ctx.cap(t + 1):
        t += 1
    # a dateline: "BEIJING -- The U.S. State Department", "KINSHASA, Congo — the government"
    for x in range(k, t, -1):
        if ctx.tok(x) in {"—", "–", "--"} or ctx.tok(x) == "-" and ctx.text[
                ctx.start(x) - 1:ctx.start(x)] == " ":
            t = x + 1
            while t < k and not ctx.is_word(t):
                t += 1
            break
    # a time after the name: "Pope Francis on Monday asked"
    while k - 2 >= t and ctx.norm(k) in TIME_WORDS and ctx.norm(k - 1) in {
            "on", "last", "this", "early", "late", "earlier"}:
        k -= 2
    # a year or month after the name: "Farrakhan in 2016 claimed", "the mayor in March said"
    while k - 2 >= t and ctx.norm(k - 1) == "in" and (
            re.fullmatch(r"(1[89]|20)\d\d", ctx.norm(k)) or ctx.norm(k) in MONTHS):
        k -= 2
    np = (t, k + 1)
    if check and not _valid_subject(ctx, np) and t - 1 >= 0 and ctx.norm(t - 1) in {
        "and", "or"
    } and ctx.sent(t - 1) == s:
        # "Experts on North Korea and nuclear nonproliferation said"
        wider = _np_left(ctx, t - 2, check=False)
        if wider is not None and _valid_subject(ctx, (wider[0], k + 1)):
            return (wider[0], k + 1)
    return np if not check or _valid_subject(ctx, np) and not _ends_in_past(ctx, np) else None


def _ends_in_past(ctx: _Context, np: tuple[int, int]) -> bool:
    """Does a phrase left of a cue end in a past verb ("Francis encountered [protests]"), so
    that it is a clause and not a noun phrase?"""
    t, e = np
    head = ctx.norm(e - 1)
    return e - t >= 2 and len(head) > 4 and head.endswith("ed") and not ctx.cap(e - 1) and (
        e - 1 not in ctx.source_cat) and ctx.norm(e - 2) not in DETERMINERS | POSSESSIVES


#: Words that make a "subject" a clause: "I don't hear you guys", "The American people
#: weren't", "I am", "I will sing".
VERBS_IN_SUBJECT = MODALS | frozenset(
    """am is are was were n't not don't weren't aren't hasn't haven't hadn't spoke gave went
    came took knew saw became began ran blew fell grew threw drove""".split())


def _valid_subject(ctx: _Context, np: tuple[int, int]) -> bool:
    t, e = np
    head = ctx.norm(e - 1)
    if e - t == 1 and head in TIME_WORDS - {"may"}:
        return False  # "CNN's suit filed Tuesday says": a day is never the speaker
    if any(ctx.norm(x) in VERBS_IN_SUBJECT and not ctx.cap(x) for x in range(t, e)):
        return False
    if ctx.sentence_first(t) and ctx.norm(t).endswith("ly") and ctx.norm(t) not in LY_NOUNS:
        return False  # "Simply remarking …", "Notably, …"
    if head in PRONOUNS:
        return e - t == 1
    if head in BAD_HEADS:
        return False
    if all(ctx.norm(x) in MONTHS or ctx.norm(x)[:1].isdigit() or not ctx.is_word(x)
           for x in range(t, e)):
        return False  # "on September 11, 2001, told passengers": a date is not a speaker
    if head[:1].isdigit() or head in {"percent", "%"}:
        return True
    for x in range(t, e):
        if x in ctx.source_cat:
            return True
        if ctx.cap(x) and not (ctx.sentence_first(x) and ctx.norm(x) in NOT_NAMES):
            return True
    return ctx.norm(t) in DETERMINERS | POSSESSIVES and e - t >= 2 and head not in (
        DETERMINERS | {"many", "much", "more", "too"}
    )


def _np_right(ctx: _Context, j: int, *, inverted: bool = False) -> tuple[int, int] | None:
    """A noun phrase starting at token ``j``: "according to the ministry", "said Caddell"."""
    if j >= ctx.n or ctx.sent(j) != ctx.sent(j - 1):
        return None
    s = ctx.sent(j)
    first = ctx.norm(j)
    if inverted:
        ok = (ctx.cap(j) and first not in NOT_NAMES - {"the", "a", "an", "his", "her"}) or (
            first in {"the", "a", "an", "his", "her", "their"}) or first in PERSON_PRONOUNS
        if not ok:
            return None
    if not ctx.is_word(j) or first in CLAUSE_WORDS:
        return None
    t = j
    while t + 1 < ctx.n and ctx.sent(t + 1) == s and t + 1 - j < MAX_NP:
        w = ctx.norm(t + 1)
        tok = ctx.tok(t + 1)
        if ctx.is_word(t + 1):
            if w == "by" and not inverted and t > j and (ctx.norm(t).endswith("ed") or ctx.norm(
                    t) in DOCUMENT_HEADS | {"reports", "reporting", "records", "statement"}) and (
                    not ctx.cap(t)):  # (and "according to reports by News4SA")
                pass  # "according to a statement issued by the press secretary": the agent
            elif w == "and" and t > j and ctx.cap(t) and ctx.cap(t + 2) and (
                    ctx.sent(t + 2) == s):
                pass  # inside a name: "the Securities and Exchange Commission"
            elif w in CLAUSE_WORDS and not (inverted and w == "to" and t > j):
                break  # but "said the former top aide to President Bush"
            if inverted and (w in TIME_WORDS and not ctx.cap(t + 1) or (
                w.endswith("ed") and not ctx.cap(t + 1) and t + 1 not in ctx.source_cat
            )):
                break
        elif tok == "." and (len(ctx.tok(t)) == 1 and ctx.cap(t) or ctx.norm(t) in TITLES):
            pass
        elif tok not in {"&", "-"}:
            break
        t += 1
    if first in PERSON_PRONOUNS:
        t = j
    if inverted and t + 1 < ctx.n and ctx.tok(t + 1) == "(" and ctx.cap(t):
        # "said Rep. Joseph Crowley (D-N.Y.), a leading advocate": the bracket is kept
        close = next((x for x in range(t + 2, min(ctx.n, t + 10)) if ctx.tok(x) == ")"), None)
        if close is not None and ctx.sent(close) == s:
            t = close
    np = (j, t + 1)
    if inverted and t + 1 < ctx.n and ctx.sent(t + 1) == s and ctx.tok(t + 1) not in {
        ",", ".", ";", ":", "!", "?", *CLOSE_MARKS, *OPEN_MARKS
    } and not (ctx.norm(t + 1) in {"who", "whose"} and t > j):
        return None  # "said the summit's impact on …" is an object, not a source
    return np if _valid_subject(ctx, np) else None


def _name_like(ctx: _Context, np: tuple[int, int]) -> bool:
    return any(ctx.cap(x) for x in range(*np)) or ctx.norm(np[1] - 1) in PRONOUNS


def _words_between(ctx: _Context, a: int, b: int) -> int:
    return sum(1 for t in range(a, b) if ctx.is_word(t))


def _char_span(ctx: _Context, a: int, b: int) -> tuple[int, int]:
    """Character span of tokens [a, b) without trailing commas or stops."""
    while b - 1 > a and ctx.tok(b - 1) in {",", ".", ";", ":", "—", "–", "-"}:
        b -= 1
    return ctx.start(a), ctx.end(b - 1)


def _clause_after(ctx: _Context, t: int) -> tuple[int, int] | None:
    if t >= ctx.n:
        return None
    s = ctx.sent(t)
    while t <= ctx.sent_last[s] and not ctx.is_word(t) and ctx.tok(t) not in OPEN_MARKS:
        t += 1
    last = ctx.sent_last[s]
    if t > last or _words_between(ctx, t, last + 1) < 2:
        return None
    return _char_span(ctx, t, last + 1)


def _find_content(ctx: _Context, item: Found, after: int) -> bool:
    """Quotes next to the cue first; else the clause after it or before the source."""
    i, j = item.cue
    src = item.source
    assert src is not None
    left_edge = min(src[0], i)
    right_edge = max(after, j)
    if item.apposition is not None:
        left_edge = min(left_edge, item.apposition[0])
    s = ctx.sent(i)
    # 1. a quotation just before the source/cue, maybe continued after it ("…," he said, "…")
    q_before = ctx.quote_ending_before(ctx.start(left_edge))
    q_after = ctx.quote_starting_after(ctx.end(right_edge - 1))
    s_start, s_end = ctx.start(ctx.sent_first[s]), ctx.end(ctx.sent_last[s])
    if q_before is not None and q_before.end <= s_start:
        q_before = None  # a quotation that ends an earlier sentence or paragraph
    if q_after is not None and q_after.start >= s_end and not ctx.text[
            ctx.end(right_edge - 1):q_after.start].strip().startswith(":"):
        q_after = None  # a quotation of a later sentence, with no colon to open it
    if q_before is not None:
        item.content = [(_last_quotation_start(ctx.text, q_before.start, q_before.end),
                         q_before.end)]
        lead = ctx.text[s_start:q_before.start].rstrip()
        if q_before.start > s_start and len(lead.split()) >= 2 and lead[-1:].isalnum() and (
                q_after is None):
            # the quotation is a phrase inside the reported clause: 'he is “glad it’s
            # over,” reported ABC News' reports the whole clause, not the quoted words
            item.content = [(s_start, q_before.end)]
            item.direct = False
            return True
        if q_after is not None and ctx.text[ctx.end(right_edge - 1):q_after.start].strip() in {
            ",", ":"
        }:  # but 'Homan told "Fox & Friends."' names the listener
            item.content.append((q_after.start, q_after.end))
        item.direct = True
        return True
    # 2. object of "told": skip "CGTN", "reporters", "him" … up to "that" or the content
    k = right_edge
    last = ctx.sent_last[s]
    if ctx.norm(i) in {"told", "tell", "tells", "telling"} or ctx.norm(j - 1) in {
        "with", "to", "at", "on"
    }:
        k = _skip_object(ctx, k, last)
    while k <= last and ctx.tok(k) in {",", ":"}:
        k += 1
    introduced = k > right_edge and ctx.tok(k - 1) == ":"
    x = k
    while x <= last and x - k < 3 and ctx.norm(x) in TIME_WORDS - {"may"}:
        x += 1
    if x > k and x <= last and (ctx.norm(x) in SUBJECT_PRONOUNS - {"it", "there"} or (
            ctx.norm(x) in {"the", "a", "an"} | POSSESSIVES and ctx.norm(k) not in PREPOSITIONS)):
        k = x  # "told Fox News on Thursday they had received …", "said Wednesday the …"
    if k <= last and ctx.norm(k) == "that" and not (
            k + 1 <= last and ctx.norm(k + 1) in GAP_VERBS) and not (
            ctx.norm(k + 1) in CONTENT_NOUNS | NOUN_LIKE and not ctx.is_word(k + 2)):
        # (but in "echoed that claim, contending …" "that" is a determiner)
        k += 1
        introduced = item.clause = True
    elif k <= last and (that := _that_after_adverbial(ctx, k, last)) is not None:
        k = that + 1  # "said Tuesday that …", "testified before investigators that …"
        introduced = item.clause = True
    q_next = ctx.quote_starting_after(ctx.end(k - 1)) if k > 0 else None
    if q_next is not None and q_next.start >= s_end and (k > last or ctx.tok(k - 1) != ":"):
        q_next = None  # a later sentence's quotation: "Mr Cruz told the BBC that …"
    if q_next is not None and (k > last or ctx.start(k) >= q_next.start) and not (
            introduced and _clause_goes_on(ctx, q_next.end, s_end)):
        item.content, item.direct = [(q_next.start, q_next.end)], True
        return True
    right_words = _words_between(ctx, k, last + 1) if k <= last else 0
    first = ctx.sent_first[s]
    left_words = _words_between(ctx, first, left_edge)
    sep = left_edge - 1
    if sep > first and ctx.norm(sep) == "as":
        sep -= 1  # "…, as police have said."
    while sep > first and ctx.tok(sep) in CLOSE_MARKS:
        sep -= 1  # a closing mark the quotation finder did not pair
    left_comma = sep >= first and ctx.tok(sep) in {",", "—", "–"}
    tail_is_time = k > last or all(
        ctx.norm(x) in TIME_WORDS or not ctx.is_word(x) or ctx.cap(x) or ctx.norm(x) in {
            "a", "an", "the", "recent", "interview", "statement", "speech", "news", "conference",
            "press", "briefing", "with", "to", "of", "exclusive", "television", "tv", "radio",
            "study", "published", "paper", "journal", "letter", "report", "article", "post",
            "tweet", "court", "traveling", "travelling", "accompanying", "aboard", "him", "her",
            "email", "e-mail", "emails", "message", "op-ed", "book", "memoir", "column", "podcast",
            "filing", "affidavit", "testimony", "remarks", "video", "blog", "broadcast",
            "them"
        } for x in range(k, last + 1)
    )
    if k <= last and ctx.norm(k) in {"who", "whose", "which"} and src[0] > i:
        tail_is_time = True  # "…, said the co-founder of SCOTUSblog who has appeared …"
    if left_comma and 1 <= left_words < 3 and right_words >= 2 and ctx.tok(sep) == "," and (
            right_edge <= last and ctx.tok(right_edge) == ",") and _verb_word(ctx, k):
        # "Morality, Müller explained, is rooted in Grace": the subject is left of the cue
        item.content = [_char_span(ctx, first, sep + 1), _clause_end(ctx, *_char_span(
            ctx, k, last + 1))]
        return True
    if left_comma and left_words >= 3 and right_words >= 3 and not tail_is_time and (
            right_edge <= last and ctx.tok(right_edge) == ","):
        if ctx.norm(sep - 1) in CLAUSE_STOPS - {"who", "which", "whom", "whose", "that"} | {
                "because", "so"}:
            # "Trump … also blasted Sessions because, he said, the former senator …": the
            # writer's clause ends at the subordinator; what was said follows the cue
            item.content = [_clause_end(ctx, *_char_span(ctx, k, last + 1))]
            return True
        # "There is only one Magisterium, he said, and bishops' conferences can only …"
        item.content = [_char_span(ctx, first, sep + 1), _clause_end(ctx, *_char_span(
            ctx, k, last + 1))]
        return True
    if left_comma and left_words >= 3 and (tail_is_time or right_words < 3):
        if ctx.norm(i).startswith("ask") and ctx.tok(sep - 1) != "?":
            return False  # "Unsure about the situation, they asked for help": no question
        if _adverbial_only(ctx, first, sep):
            return False  # "In rating CNN, NewsGuard posts this nonsense": an adverbial
        item.content = [_clause_end(ctx, *_char_span(ctx, first, sep + 1), left=True)]
        if _short_after_semicolon(ctx.text, *item.content[0]):
            return False  # "X has argued that …; additionally, it mentions Y"
        # a quotation ending inside the sentence start is direct speech
        item.direct = ctx.quote_ending_before(ctx.start(left_edge)) is not None
        return True
    if right_words >= 2 and not tail_is_time and not introduced and TOPIC_IS_NOT_CONTENT and (
            ctx.norm(j - 1) in {"about", "of"} and j - i > 1 or ctx.norm(k) in {"about", "on"} and (
                ctx.norm(i).startswith(("report", "writ", "wrote", "talk", "spok", "speak")))) and (
            ctx.tok(k) not in OPEN_MARKS) and ctx.norm(k) not in {"what", "how", "why", "whether"}:
        return False  # a topic, not what was said: "spoke about putting …", "reported on X"
    if right_words >= 2 and not tail_is_time and not introduced and ctx.norm(j - 1) not in {
            "comment", "say"} and (ctx.norm(k) in {"but", "and", "or", "yet"} or ctx.tok(k) in {
                "—", "–", "--"} or ctx.norm(k) == "what" and ctx.norm(i) in {
                "say", "says", "said", "saying"} and ctx.tok(last) != "?"):
        return False  # "Well, I agree, but that gets messy", "have described — but not …",
        # "he said what many of us thought": what was said is not given
    if right_words >= 2 and not tail_is_time:
        if not introduced and ctx.norm(k) in GAP_VERBS and ctx.tok(k - 1) not in {",", ":"} and (
                ctx.norm(i) not in {"said", "says", "say"}) and not (
                src[0] > 0 and ctx.norm(src[0] - 1) in {"which", "that", "who", "whom", "what"}):
            # the cue's object is gapped: "the activities the Post described is …" (but
            # "which the congressman said is designed to …" reports what follows)
            return False
        if CHECK_CLAUSE and not introduced and _checked_cue(ctx, i, j) and (
                not _clause_like(ctx, k, last, ctx.norm(i)) or ctx.tok(last) == ":" and not any(
                    ctx.tok(x) in OPEN_MARKS or ctx.norm(x) in FINITE_VERBS
                    for x in range(k, last))):
            # (and "explains Gillum's gun control views:" names what the next lines say)
            colon = _quote_after_colon(ctx, k, last)
            if colon is not None:
                # 'responded in what one reporter described as a “snippy tone”: “The day …”'
                item.content, item.direct = [(colon.start, colon.end)], True
                return True
            if left_comma and left_words >= 3 and (ctx.cap(k) or ctx.norm(k) in (
                    TIME_WORDS | PREPOSITIONS | CLAUSE_STOPS)) and not _adverbial_only(
                    ctx, first, sep):
                # "…, top lawmakers said Friday, as they bristled …": the content is before
                item.content = [_clause_end(ctx, *_char_span(ctx, first, sep + 1), left=True)]
                item.direct = ctx.quote_ending_before(ctx.start(left_edge)) is not None
                return True
            # an object, not what was said: "admitted the relationship"; its subject is still
            # the subject of a participle that follows ("confirmed this, saying, “…”")
            ctx.subjects.setdefault(s, (src, item.apposition))
            return False
        if not introduced and ctx.norm(k) in ADVERBIAL_PREPS and j - i == 1 and not ctx.norm(
                i).startswith(REQUEST_CUES + ("lash", "point", "refer")) and not ctx.norm(
                k + 1).endswith("ing") and not any(
                _verb_word(ctx, x) or ctx.tok(x) in OPEN_MARKS or ctx.tok(x) == ":"
                for x in range(k, last + 1)):
            # "Sessions said in California this month, addressing Schaaf": an adverbial, not
            # a clause; what was said is before the cue, or not in this sentence
            if left_comma and left_words >= 3 and ctx.norm(src[0]) not in {"who", "which"}:
                item.content = [_clause_end(ctx, *_char_span(ctx, first, sep + 1), left=True)]
                return True
            return False
        item.content = [_clause_end(ctx, *_char_span(ctx, k, last + 1))]
        if _opens_subordinate(ctx, src[0]):
            item.content = [_subordinate_end(ctx, *item.content[0])]
        colon = _quote_after_colon(ctx, k, last)
        if colon is not None and not introduced:
            # "said it on February 8, 2013 …: “Talk about …”", "said this about X: “…”"
            item.content, item.direct = [(colon.start, colon.end)], True
            return True
        if src[1] - src[0] == 1 and ctx.norm(src[0]) in {"who", "which"} and src[0] > 0 and (
                ctx.tok(src[0] - 1) == ","):
            item.content = [_relative_end(ctx, k, last, *item.content[0])]
        q = ctx.quote_by_start.get(item.content[0][0])
        item.direct = q is not None and q.end >= item.content[0][1]
        return True
    # 3. a cue alone in its sentence right after a quotation: '"…." He said.' or 'X said:'
    if left_words == 0 and not right_words:
        q = ctx.quote_ending_before(ctx.start(first))
        if q is not None and ctx.tok(last) != ":":  # "He concludes:" opens what follows
            item.content, item.direct = [(q.start, q.end)], True
            return True
        nxt = ctx.quote_starting_after(ctx.end(last))
        if nxt is not None:
            item.content, item.direct = [(nxt.start, nxt.end)], True
            return True
        if ctx.tok(last) == ":" and last + 1 < ctx.n and "\n" in ctx.text[
                ctx.end(last):ctx.start(last + 1)]:
            # "Limbaugh added:" and a paragraph without quotation marks: that paragraph
            t = last + 1
            e = ctx.sent_last[ctx.sent(t)]
            if _words_between(ctx, t, e + 1) >= 3 and not ctx.tok(t)[:1].islower():
                # (a lower-case line is left-over page text: "take our poll - story …")
                item.content = [_char_span(ctx, t, e + 1)]
                return True
    return False


#: Verbs that cannot open a content: after a cue with no "that", they show that the cue's
#: object is missing ("whose activities the Post described is …"); after "that" they show
#: that "that" is the subject ("I hope that is true").
GAP_VERBS = frozenset(
    "is are was were has have had will would can could should must may might".split())


def _adverbial_only(ctx: _Context, a: int, b: int) -> bool:
    """Are the tokens ``a``..``b`` (left of a cue) only an adverbial with no verb: "In July
    2010, the ADL condemned …", "In rating CNN, NewsGuard posts …"?"""
    return ctx.norm(a) in PREPOSITIONS | TIME_WORDS and not any(
        ctx.norm(x) in FINITE_VERBS or _verb_word(ctx, x) and ctx.norm(x - 1) not in (
            PREPOSITIONS) or ctx.tok(x) in OPEN_MARKS for x in range(a, b))


def _opens_subordinate(ctx: _Context, t: int) -> bool:
    """Is the source at token ``t`` the subject of a clause that opens its sentence with
    "when", "if", "once", "after" …: "When you say follow the money, my suspicion …"?"""
    x = t - 1
    if x >= 1 and ctx.tok(x - 1) == "," and ctx.norm(x - 2) == "yet" and ctx.sentence_first(
            x - 2):
        return ctx.norm(x) in {"though", "although", "while"}  # "Yet, though they claim X, …"
    return x >= 0 and ctx.sent(x) == ctx.sent(t) and ctx.norm(x) in {
        "when", "if", "once", "whenever", "unless", "until", "after", "before", "though",
        "although"} and (
        ctx.sentence_first(x) or ctx.norm(x - 1) in {"but", "and"} and ctx.sentence_first(x - 1))


def _subordinate_end(ctx: _Context, a: int, b: int) -> tuple[int, int]:
    """Such a clause's content ends at its first comma outside quotation marks: the main
    clause follows it."""
    part = ctx.text[a:b]
    for m in re.finditer(",", part):
        if len(part[:m.start()].split()) >= 2 and not _in_quotes(ctx.text, a, a + m.start()):
            return a, a + m.start()
    return a, b


def _last_quotation_start(text: str, a: int, b: int) -> int:
    """Where the last of several quotations in ``text[a:b]`` opens: a quotation finder may
    pair the first mark of an earlier quotation with the last mark of the one before a cue
    ('“I am taking this step now …,” Ellison said in a statement. “These allegations …,"
    he added')."""
    for m in reversed(list(re.finditer(r"(?<=\s)[“\"]", text[a + 1:b - 1]))):
        pos = a + 1 + m.start()
        before = text[a:pos].rstrip()
        if before[-1:] in {"”", '"'} or re.search(r"[”\"][^“\"]*[.!?]$", before):
            return pos
    return a


def _quote_after_colon(ctx: _Context, k: int, last: int) -> Quote | None:
    """A quotation opened by a colon after a short object or adverbial with no verb ("said
    it on February 8: “…”", "said this about X: “…”", "defended the curriculum: “…”"):
    the quotation is what was said."""
    for x in range(k, min(last + 1, k + 25)):
        w = ctx.norm(x)
        if ctx.tok(x) == ":":
            q = ctx.quote_starting_after(ctx.end(x))
            return q if q is not None and q.start < ctx.end(last) + 2 else None
        if w in FINITE_VERBS or w in CLAUSE_STOPS - {"as"}:
            return None  # (a quoted phrase before the colon is part of the adverbial)
    return None


def _clause_goes_on(ctx: _Context, pos: int, s_end: int) -> bool:
    """After "that", does a quotation open the clause rather than hold it: 'reported that
    “Chris Bryant, a senior Labour backbencher,” has written to …'?"""
    rest = ctx.text[pos:s_end].lstrip(" ,")
    return rest[:1].islower()


def _verb_word(ctx: _Context, x: int) -> bool:
    """Does token ``x`` look like a verb of a clause ("is", "speculated", "has")?"""
    w = ctx.norm(x)
    return w in FINITE_VERBS or not ctx.cap(x) and len(w) > 4 and w.endswith("ed")


def _short_after_semicolon(text: str, a: int, b: int) -> bool:
    """Does a content left of its cue keep fewer than three words after its last semicolon
    ("…; additionally,")? Then the cue has no clause of its own on that side."""
    part = text[a:b]
    return ";" in part and len(part.rsplit(";", 1)[1].split()) < 3


def _relative_end(ctx: _Context, k: int, last: int, a: int, b: int) -> tuple[int, int]:
    """The content of a cue in a relative clause between commas ends at the comma that
    returns to the main clause: "Omar Smith, who says he went to college with Gillum,
    reveals …"."""
    for x in range(k + 2, last):
        if ctx.tok(x) == "," and ctx.start(x) < b and ctx.is_word(x + 1) and not ctx.cap(
                x + 1) and (ctx.norm(x + 1) in FINITE_VERBS or len(ctx.norm(x + 1)) > 3 and (
                    ctx.norm(x + 1).endswith(("ed", "es", "s"))
                    and not ctx.norm(x + 1).endswith("ss"))):
            return a, ctx.start(x)
    return a, b


#: Finite verbs that show a clause: "said the plan was …", "believes Obama got help".
FINITE_VERBS = MODALS | frozenset(
    """is are was were am 's 're 'm has have had do does did isn't aren't wasn't weren't hasn't
    haven't hadn't got made went came took gave knew thought told found left felt saw became
    began kept held brought ran met paid sent won lost led stood spent built sold fell meant
    heard wrote said says knows thinks wants needs seems appears remains""".split()
)
#: Words after which a noun phrase ends without having become a clause: "admitted the
#: relationship, but …", "found Campos when they arrived", "echo reports that caused …".
CLAUSE_STOPS = frozenset(
    """when because after before while if since until who which whom whose where though
    although unless that as but""".split()
)
#: Words that open an adverbial before the content: "said via email that …".
ADVERBIAL_STARTS = frozenset(
    "via through again earlier recently yesterday today tonight later however".split())
#: Verbs that also name an act done to an object: "admitted X into the country", "confirmed
#: the nominees", "found Campos", "tweeted a photo", "echo similar reports". Their content is
#: checked for a clause. Verbs of saying, of praise and blame ("Analysts praised the agreement
#: as a model") and of proposing, citing, describing and showing are not: PolNeAR and the
#: sample key count their object as the content.
ACT_VERBS = (
    "admit", "confirm", "reveal", "post", "tweet", "publish", "releas", "shar", "found", "find",
    "echo", "discuss", "report", "list", "issu", "approv", "sign", "quot", "mention", "respond",
    "repl", "wrote", "writ", "read", "announc", "disclos", "detail", "outlin", "unveil", "offer",
    "present", "produc", "provid", "submit", "file", "sent", "send", "relay", "suggest",
    "acknowledg", "recall", "note", "spoke", "speak", "talk", "explain", "add", "continu",
    "conclud", "learn", "heard", "hear", "recogni", "predict", "ask", "testif", "declar",
    "promis", "pledg", "request",
)
#: Nouns whose "that" clause is what the source holds: "reiterated his confidence that …".
CONTENT_NOUNS = frozenset(
    """confidence belief view hope concern fear fears assertion position argument assessment
    conviction expectation insistence idea notion claim claims suggestion allegation
    allegations accusation accusations charge""".split())
#: A subject pronoun that opens a clause: "told reporters she would stay".
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "there", "you"})
#: Cues of asking: "asked X to explain", "urged lawmakers to act" report a request.
REQUEST_CUES = ("ask", "urg", "call", "demand", "request", "implor", "press", "beg", "plead")


#: Verbs of denial, rejection, protest, defence and emphasis whose bare object names what the
#: source was against or for, not what it said: "denied the allegations", "disputed the
#: accusation", "condemned clergy sex abuse", "demanded its release", "defended his ties",
#: "highlights the efforts". Read on the tuning articles, such findings were at best
#: debatable; with OBJECT_CONTENT False their content must be a clause, as for ACT_VERBS.
#: Verbs of praise and of evidence ("applauded X", "have documented X") keep their object,
#: as the sample key counts them.
STANCE_VERBS = (
    "deni", "deny", "disput", "reject", "dismiss", "condemn", "protest", "demand", "defend",
    "highlight", "reiterat", "question", "mock", "point", "object",
)
OBJECT_CONTENT = False
#: "would like to …" states a wish or an intention, which framing leaves out like "wants".
WISHES_ARE_REPORTS = False
#: "spoke about X", "talking about X", "reported on X" name a topic, not what was said; with
#: TOPIC_IS_NOT_CONTENT they are not attributions unless a quotation or "that" follows.
TOPIC_IS_NOT_CONTENT = True


#: Prepositions that open an adverbial after a cue: "said in California this month".
ADVERBIAL_PREPS = frozenset("in on at during after before via through from of".split())
#: Words that open an adverbial between a cue and its "that": "said on Monday that …".
ADVERBIAL_OPENERS = PREPOSITIONS | TIME_WORDS | ADVERBIAL_STARTS | frozenset(
    "then late early again publicly privately repeatedly separately previously".split())


def _that_after_adverbial(ctx: _Context, k: int, last: int) -> int | None:
    """The "that" after a short adverbial that opens the words after a cue ("said Tuesday
    that …", "said then that …", "announced on February 9 that …", "testified before
    numerous Congressional investigators that …"), so that the content starts after it. None
    when the adverbial holds a verb, a quotation or a clause word, or is longer than eight
    words."""
    w = ctx.norm(k)
    if not (w in ADVERBIAL_OPENERS or w.endswith("ly") and w not in LY_NOUNS) or (
            w in {"that", "as", "to", "about", "of", "than"}):
        return None
    for x in range(k + 1, min(last + 1, k + 9)):
        v = ctx.norm(x)
        if v == "that":
            nxt = ctx.norm(x + 1) if x + 1 <= last else ""
            return x if nxt and nxt not in GAP_VERBS | FINITE_VERBS and not (
                nxt.endswith("ed") and len(nxt) > 4) and ctx.norm(x - 1) not in (
                DETERMINERS | PREPOSITIONS) else None  # not "for publications that don't …"
        if not ctx.is_word(x) and ctx.tok(x) not in {",", ".", "-"} or v in FINITE_VERBS or (
                v in CLAUSE_STOPS) or v.endswith("ing") and len(v) > 4:
            return None
    return None


def _checked_cue(ctx: _Context, i: int, j: int) -> bool:
    """Is the content of this cue checked for a clause? For verbs that also name an act (see
    ACT_VERBS) and, unless OBJECT_CONTENT, verbs of stance (STANCE_VERBS)."""
    w = ctx.norm(i)
    return w.startswith(ACT_VERBS) or not OBJECT_CONTENT and w.startswith(STANCE_VERBS)


def _clause_like(ctx: _Context, k: int, last: int, cue_word: str) -> bool:
    """Does the content starting at token ``k`` read as a clause (what someone said or thinks)
    rather than the object of a verb that also names an act: "admitted the relationship",
    "found Campos when …", "cited this quotation", "echo similar reports"? Only used when
    neither "that", a colon nor a quotation introduces the content. Near-linear: at most 16
    words are read."""
    x, seen, prev = k, 0, ""
    while x <= last and not ctx.is_word(x) and ctx.tok(x) not in OPEN_MARKS:
        x += 1
    if x > last:
        return False
    first = ctx.norm(x)
    if first == "to" and not cue_word.startswith(("respond", "repl", "refer", "talk", "spok")):
        nxt = ctx.norm(x + 1) if x + 1 <= last else ""
        if bool(nxt) and nxt not in DETERMINERS | POSSESSIVES and not ctx.cap(x + 1) and (
                ctx.is_word(x + 1)):
            return True  # "declined to comment"; "wrote to the office that …" reads on
    if first in {"whether", "how", "why", "what", "if", "where", "when", "who"}:
        return True  # "questioned whether …", "explained how …"
    if first in SUBJECT_PRONOUNS or first.split("'")[0] in SUBJECT_PRONOUNS - {"it"} and (
            "'" in first):
        nxt = ctx.tok(x + 1) if x + 1 <= last else ""
        return "'" in first or nxt in OPEN_MARKS or bool(nxt) and ctx.is_word(x + 1) and (
            ctx.norm(x + 1) not in PREPOSITIONS | {"as", "or"})  # "she and her husband are"
    adverbial = first in PREPOSITIONS | TIME_WORDS | ADVERBIAL_STARTS or first.endswith("ly")
    while x <= last and seen < 16:
        tok, w = ctx.tok(x), ctx.norm(x)
        if tok in OPEN_MARKS or tok == ":":
            return True  # a quotation, or a colon that opens one: 'quotes from one lesson: "…"'
        if not ctx.is_word(x):
            after = ctx.tok(x + 1) if x + 1 <= last else ""
            if tok == "," and after in OPEN_MARKS:
                return True  # "acknowledged, however, “As they say …”"
            if tok == "," and (adverbial or ctx.norm(x + 1) in {"however", "though", "too"}):
                pass  # "reported at length, nearly all wars …", "says at a stop in X, Y, that"
            elif tok not in {".", "'", "’", "-", "&"} or (
                    tok == "." and ctx.norm(x - 1) not in TITLES and len(ctx.tok(x - 1)) > 1):
                return False  # a comma, a dash, a bracket: the phrase ended as an object
        elif w in FINITE_VERBS:
            return prev != "and"  # "denied any wrongdoing and has …": a new predicate
        elif w == "that" and adverbial:
            return True  # "said on Twitter that …", "announced last week that …"
        elif w == "as" and ctx.norm(x + 1) in {"saying", "telling", "stating", "writing"}:
            return True  # "cited a source as saying …"
        elif w == "to" and (cue_word.startswith(REQUEST_CUES) or ctx.norm(x + 1) == "be"):
            return True  # "asked X to clarify …", "expected the campaign to be …"
        elif w == "that" and prev in CONTENT_NOUNS:
            return True  # "reiterated his confidence that the Saudi government would …"
        elif w in CLAUSE_STOPS and seen:
            return False
        elif seen and prev and not (adverbial and prev[:1].isdigit()) and not ctx.cap(x) and (
                len(w) > 3) and (
                w.endswith("ed") or w.endswith("s") and not w.endswith(("ss", "us", "is"))
        ) and prev not in DETERMINERS | POSSESSIVES | PREPOSITIONS | {"and", "or"} and (
                x + 1 <= last and ctx.is_word(x + 1)) and ctx.norm(x + 1) not in CLAUSE_STOPS | {
                "of"} and (not (w.endswith("ed") and ctx.norm(x + 1) == "by")) and not (
                w.endswith("s") and ctx.norm(x + 1).endswith("ing")):
            return True  # "the island needs to …", but not "reports that …", "tactics employed by",
            # "a second series of tests"
        if ctx.is_word(x):
            prev = w
            seen += 1
        x += 1
    return False


#: Where reported content stops inside its sentence: a new clause of the reporting subject
#: ("…, and was photographed selling …", "…, and has said …").
_NEW_PREDICATE = re.compile(
    r",\s+(?:and|but)\s+(?:has|have|had|was|were|is|are|then|later|also|again)\b"
    r"|,\s+(?:however|prompting|sparking|drawing|leading|without)\b"  # the writer's own clause
    r"|,\s+but\s+(?:in\s+fact|actually|in\s+reality)\b"
    r"|,\s+and\s+(?:\w+ed|put|took|gave|made|sent|left|kept|held)\s+"
    r"(?:the|a|an|his|her|their|him|them|its)\s")  # "…, and put a defiant Abid on the stand"


def _clause_end(ctx: _Context, a: int, b: int, *, left: bool = False) -> tuple[int, int]:
    """Indirect content cut at a semicolon outside quotation marks (on the far side from the
    cue: "X; Y, he said" reports Y; "he said X; Y" reports X) and, after the cue, before a
    new predicate of the reporting subject."""
    text = ctx.text
    depth = 0
    cuts = []
    for m in re.finditer(r"[;“”\"]", text[a:b]):
        ch = m.group()
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            depth = 1 - depth
        elif depth == 0:
            cuts.append(a + m.start())
    if cuts and left:
        start = cuts[-1] + 1
        while start < b and text[start].isspace():
            start += 1
        if len(text[start:b].split()) >= 3:
            a = start
    elif cuts and len(text[a:cuts[0]].split()) >= 3:
        b = cuts[0]
    if not left:
        m = _NEW_PREDICATE.search(text, a, b)
        if m is not None and len(text[a:m.start()].split()) >= 3:
            b = m.start()
    dashes = [(a + m.start(), a + m.end()) for m in _SPACED_DASH.finditer(text[a:b])]
    if len(dashes) % 2 == 1 and not _in_quotes(text, a, dashes[0][0]):
        # a lone dash (a pair encloses an aside) ends the reported clause on the side away
        # from the cue: "The inspectors disagreed — the bridge was unsafe, according to …"
        tail = text[dashes[-1][1]:b].split()
        first = tail[0].lower() if tail else ""
        if left and len(tail) >= 3 and first not in {"or", "and", "but", "not", "if"} and (
                first not in DETERMINERS or _opens_clause(tail)):
            # but "… in Arabic calligraphy — an assignment that …" is an apposition
            a = dashes[-1][1]
        elif not left and len(text[a:dashes[0][0]].split()) >= 3:
            b = dashes[0][0]
    return a, b


def _opens_clause(words: list[str]) -> bool:
    """Do these words open a clause (a finite verb within five words, before a relative word
    or a comma): "the bridge was unsafe", not "an assignment that …"?"""
    for w in words[:5]:
        w = w.lower()
        if w.strip(",;") != w or w in {"that", "who", "which", "whose"}:
            return False
        if w in FINITE_VERBS:
            return True
    return False


_SPACED_DASH = re.compile(r"\s(?:—|–|--)\s")


def _in_quotes(text: str, a: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened after ``a`` (an odd count of marks before it)?"""
    part = text[a:pos]
    return part.count('"') % 2 == 1 or part.count("“") > part.count("”")


def _skip_object(ctx: _Context, k: int, last: int) -> int:
    """Skip the listener after "told": up to "that" within 12 tokens, else a short NP."""
    commas = 0
    for x in range(k, min(last + 1, k + 16)):
        if ctx.norm(x) == "that" and (x < k + 12 or commas):
            return x
        if ctx.tok(x) in OPEN_MARKS and not (
                ctx.tok(x) in "'’" and x > 0 and ctx.end(x - 1) == ctx.start(x)):
            return x  # but "Fox News' Chris Wallace" is a possessive
        if x > k and ctx.norm(x) in SUBJECT_PRONOUNS - {"it", "there", "you"}:
            break  # "told reporters he had learned … that …": the content opens at "he"
        if ctx.tok(x) == "," and x + 1 <= last and ctx.tok(x + 1) in "“\"‘" and x > k:
            return x + 1  # "told the bishops of Buenos Aires in writing, “there is …”"
        if ctx.tok(x) == "," and commas == 0 and x > k and ctx.norm(x + 1) in {"a", "an", "the"}:
            commas = 1  # "told the Final Call, a Nation of Islam publication, that …"
            continue
        if ctx.tok(x) == "," and commas == 1:
            if ctx.norm(x + 1) == "that":
                return x + 1
            break
        if ctx.tok(x) in {",", ";"}:
            break  # "told reporters in Geneva, insisting that …": another clause
    x = k
    while x <= last and x - k < 6 and (ctx.is_word(x) and (
        ctx.cap(x) and (ctx.norm(x) in TIME_WORDS or not (
            x > k and ctx.norm(x - 1) in TOLD_OBJECTS - DETERMINERS))
        or ctx.norm(x) in TOLD_OBJECTS
    ) or x > k and ctx.tok(x) in "'’" and ctx.end(x - 1) == ctx.start(x)):
        x += 1  # "told Fox News' Chris Wallace": the possessive mark is part of the listener
        # (but in "told reporters Bacon had threatened …" the name opens the content)
    return x


def _drop_overlapping(found: list[Found]) -> list[Found]:
    """Two cues sharing one source and content ("said, adding") keep both; a cue inside
    another attribution's source words is dropped."""
    # which attributions have each token in their source words (sources are short)
    covering: dict[int, list[int]] = {}
    for n, other in enumerate(found):
        if other.source is not None:
            for t in range(*other.source):
                covering.setdefault(t, []).append(n)
    return [item for n, item in enumerate(found)
            if not any(m != n for m in covering.get(item.cue[0], ()))]


#: A dash that signs a quotation: after the closing mark on the same line ('…” ― Name'), or
#: opening the line after a paragraph that is one quotation ('"…"' then '- Name.').
_DASH_NAME = re.compile(r"[”\"][ \t\u00a0]*(―|—|–|--)\s*(?=[A-Z])")
_DASH_LINE = re.compile(r"^[ \t\u00a0]*(―|—|–|--|-)[ \t\u00a0]*(?=[A-Z])", re.M)


def _token_at(ctx: _Context, pos: int) -> int | None:
    from bisect import bisect_left

    t = bisect_left(ctx.doc.token_starts, pos)
    return t if t < ctx.n and ctx.start(t) == pos else None


def _signed_quote(ctx: _Context, dash: int, *, own_line: bool) -> Quote | None:
    """The quotation a dash at ``dash`` signs. On the dash's own line: the quotation ending
    before it, else the line itself when it opens with a quotation mark of either kind (a
    reversed opening mark, '”Fear. I am afraid.” ― Name', throws the quotation finder off).
    A dash opening a line signs the paragraph before only when all of it is one quotation."""
    text = ctx.text
    i = dash
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if not own_line and i > 0 and text[i - 1] == ".":
        i -= 1  # '…."' then '.' closing the paragraph: '"… the top 1 percent.".'
    quote = ctx.quote_ending_before(i)
    line_start = text.rfind("\n", 0, i) + 1
    while line_start < i and text[line_start].isspace():
        line_start += 1
    if not own_line:
        return quote if quote is not None and quote.start == line_start else None
    if quote is not None:
        return quote
    if i - line_start > 3 and text[line_start] in OPEN_MARKS + CLOSE_MARKS and (
            text[i - 1] in CLOSE_MARKS):
        return _local_quote(text, line_start, i)
    return None


def _dash_attributions(ctx: _Context, found: list[Found]) -> list[Found]:
    """'"…" ― Sonya Herridge': a quotation signed with a dash and a name (PolNeAR marks the
    dash as the cue). The name is up to six capitalised words on the dash's line; the dash
    may also open the line after a paragraph that is one quotation ('- Bernie Sanders.')."""
    used = {f.cue[0] for f in found}
    out = []
    matches = [(m, True) for m in _DASH_NAME.finditer(ctx.text)]
    matches += [(m, False) for m in _DASH_LINE.finditer(ctx.text)]
    for m, own_line in matches:
        quote = _signed_quote(ctx, m.start(1), own_line=own_line)
        cue = _token_at(ctx, m.start(1))
        name_start = _token_at(ctx, m.end())
        if quote is None or cue is None or name_start is None or cue in used:
            continue
        cue_end = name_start
        e = name_start
        line_end = ctx.text.find("\n", m.end())
        line_end = len(ctx.text) if line_end < 0 else line_end
        while e < ctx.n and ctx.start(e) < line_end and e - name_start < 6 and (
            ctx.cap(e) and ctx.is_word(e) or ctx.tok(e) in {".", "-"}
        ):
            e += 1
        while e > name_start and ctx.tok(e - 1) in {".", "-"}:
            e -= 1  # the full stop closing the line: '- Clinton.'
        rest = ctx.text[ctx.end(e - 1) if e > name_start else m.end():line_end]
        if e == name_start or ctx.norm(name_start) in NOT_NAMES or rest.strip(" .").endswith(
                tuple(DASHES)) or e - name_start >= 6 or any(
                ctx.tok(x).endswith(("'s", "’s")) for x in range(name_start, e)):
            # (and "—Pat Buchanan’s Nixon Book Provides Road Map": a title, not a name)
            continue  # 'The …', or a subheading between dashes: '– An immigrant himself –.'
        used.add(cue)
        out.append(Found(
            cue=(cue, cue_end), cue_category="neutral", cue_entry="quotation ― Name",
            cue_lexicon=RULE_ID, cue_weight=1.0, source=(name_start, e),
            content=[(quote.start, quote.end)], direct=True, form="signed",
        ))
    return out


#: All-capital labels that open a line but name no speaker: "NOTE:", "UPDATE:", "WATCH:".
NOT_SPEAKERS = frozenset(
    """note notes update updated updates correction corrections clarification editor editors
    warning alert breaking exclusive video watch listen read photo photos related source
    sources transcript full speech advertisement disclaimer disclosure summary background
    """.split()
)


def _line_label(ctx: _Context, n: int) -> tuple[int, int] | None:
    """The tokens of a label that opens paragraph ``n`` and ends at a colon ("Ana Ruiz:",
    "SEN. GRAHAM:", '"WALLACE:'), as (first, colon); None when the line opens otherwise."""
    t = ctx.sent_first.get(n)
    if t is None:
        return None
    while t < ctx.n and ctx.sent(t) == n and ctx.tok(t) in OPEN_MARKS:
        t += 1  # a transcript quoted as a whole: '"PENCE: Well, …'
    e = t
    while e < ctx.n and ctx.sent(e) == n and e - t < 5 and (
        ctx.cap(e) and ctx.is_word(e) or ctx.tok(e) == "." and e > t
    ):
        e += 1
    if e == t or e >= ctx.n or ctx.tok(e) != ":":
        return None
    return t, e


def _known_names(found: list[Found]) -> set[str]:
    """Lower-case forms a named source may take in a label: the full name without a
    parenthesis ("Mike Pence (R-IN)" gives "mike pence"), and each word of a person's name."""
    known: set[str] = set()
    for f in found:
        if not f.name:
            continue
        name = re.sub(r"\s*\([^)]*\)", "", f.name).strip().lower()
        known.add(name)
        if f.kind == "person":
            known.update(w for w in name.split() if w.strip(".") not in TITLES)
    return known


def _colon_attributions(ctx: _Context, found: list[Found]) -> list[Found]:
    """A line that opens with a speaker's label and a colon: the rest of the line is what the
    speaker says (PolNeAR marks the label as the source and the colon as the cue).

    * ``Pat Caddell: Democrat voters worried …`` — only when the label names a source found
      elsewhere in the text (a surname or full name) or is a source word of the lexicon
      ("Poll:"), so "Pro Tip:" does not count.
    * ``WALLACE: Let's start …`` — a transcript: a label in capitals counts when it names a
      source found elsewhere, or when lines open with at least two different such labels
      (the turns of a conversation). Labels that name no one never count: "NOTE:",
      "UPDATE:" (see NOT_SPEAKERS), "STAT OF THE WEEK:" (a function word), and the single
      letters of "Q:" and "A:" (4 of the 8 annotation files of PolNeAR train's three Q&A
      interviews mark them, all in one interview)."""
    known = _known_names(found)
    used = {x for f in found for x in range(*f.cue)}
    labels: list[tuple[int, int, int, str]] = []  # (paragraph's first sentence, t, e, words)
    for n, sent in enumerate(ctx.doc.sentences):
        if n and ctx.doc.sentences[n - 1].paragraph == sent.paragraph:
            continue  # only the first sentence of a line
        label = _line_label(ctx, n)
        if label is not None and label[1] not in used:
            labels.append((n, *label, ctx.span_text(label).lower()))
    speakers = {w for _n, t, e, w in labels if _all_caps(ctx, t, e) and len(w) > 1 and not (
        set(re.findall(r"[\w'’]+", w)) & (NOT_SPEAKERS | FUNCTION_WORDS))}
    transcript = len(speakers) >= 2
    para_ends: dict[int, int] = {}
    for sent in ctx.doc.sentences:
        para_ends[sent.paragraph] = max(para_ends.get(sent.paragraph, 0), sent.end)
    out = []
    for n, t, e, words in labels:
        last = re.sub(r"^.*[\s.]", "", words)
        if _all_caps(ctx, t, e):
            if words not in speakers or not (
                    transcript or words in known or last in known or _named_again(ctx, t, e)):
                continue
            form = "speaker"
        elif words in known or last in known or e - t == 1 and ctx.source_cat.get(t) in {
            *TYPE_PRIORITY, "document"
        } or n == 0 and _named_again(ctx, t, e):
            form = "colon"
        else:
            continue
        para_end = para_ends[ctx.doc.sentences[n].paragraph]
        a = ctx.end(e)
        while a < para_end and ctx.text[a].isspace():
            a += 1
        if len(ctx.text[a:para_end].split()) < 3:
            continue
        item = Found(
            cue=(e, e + 1), cue_category="neutral", cue_entry="Name: words",
            cue_lexicon=RULE_ID, cue_weight=1.0, source=(t, e), content=[(a, para_end)],
            direct=form == "speaker", form=form,
        )
        _describe(ctx, item)
        out.append(item)
    return out


def _named_again(ctx: _Context, t: int, e: int) -> bool:
    """The label's last word names someone the text mentions again outside the label's line,
    written as a name in running text: a headline "Kasich: 'We Are Going All The Way'" over
    a story on Kasich, a transcript line "SEN. GRAHAM: …" after "Senator Lindsey Graham".
    Labels with a function word or a place are not names ("The Latest:", "WASHINGTON:")."""
    last = ctx.tok(e - 1)
    if not ctx.is_word(e - 1) or len(last) < 3 or any(
            ctx.norm(x) in NOT_NAMES | TIME_WORDS | FUNCTION_WORDS
            or ctx.norm(x).endswith(("'s", "’s"))
            or ctx.source_cat.get(x) in {"capital", "origin"} for x in range(t, e)):
        return False  # "The Latest:", "Big Win For Bernie:", "Tuesday's Morning Email:"
    line_start = ctx.text.rfind("\n", 0, ctx.start(t)) + 1
    line_end = ctx.text.find("\n", ctx.end(e))
    line_end = len(ctx.text) if line_end < 0 else line_end
    # where the word is written as a name, found once per word for the whole text
    key = ("named again", last)
    hits = ctx.cache.get(key)
    if hits is None:
        pattern = re.compile(r"(?<![\w'’])" + re.escape(last) + r"(?![\w'’])", re.IGNORECASE)
        hits = [m.start() for m in pattern.finditer(ctx.text)
                if m.group()[0].isupper() and (m.group() == last or not m.group().isupper())]
        ctx.cache[key] = hits
    return bool(hits) and (hits[0] < line_start or hits[-1] >= line_end)


def _all_caps(ctx: _Context, t: int, e: int) -> bool:
    """Every word of tokens t..e-1 is in capitals ("JAKE TAPPER", "SEN. GRAHAM", "Q")."""
    return all(ctx.tok(x).isupper() for x in range(t, e) if ctx.is_word(x))


# --------------------------------------------------------------------------------------------
# Describing the source


def _describe(ctx: _Context, item: Found) -> None:
    src = item.source
    assert src is not None
    ante = ctx.antecedents.get(src[0]) if src[1] - src[0] == 1 else None
    if ante is not None:
        # "Stevie Wonder, who joked …": describe the antecedent, keep "who" as the span
        item.source = ante
        _describe(ctx, item)
        item.source = src
        item.resolved_from = {
            "start": ctx.start(ante[0]), "end": ctx.end(ante[1] - 1),
            "text": ctx.span_text(ante),
        }
        return
    tokens = list(range(*src))
    appos = list(range(*item.apposition)) if item.apposition else []
    relative = bool(appos) and ctx.norm(appos[0]) in {"who", "which", "whose"}
    anonymous = relative and bool(ANONYMITY.search(ctx.span_text(item.apposition)))
    if relative:
        appos = []  # "who asked not to be named" is not a role
    head = ctx.norm(src[1] - 1)
    cats = {}
    for x in tokens + appos:
        cat = ctx.source_cat.get(x)
        if cat:
            cats.setdefault(cat, []).append(x)
    if item.form == "possessive":
        word = ctx.tok(src[0])
        if word.lower().endswith(("'s", "’s")):
            word = word[:-2]
        name_tokens = [] if head in POSSESSIVES else tokens
        item.name = word if name_tokens else ""
        item.kind = "pronoun" if head in POSSESSIVES else "person"
    elif len(tokens) == 1 and head in PRONOUNS:
        item.kind = "pronoun"
    else:
        item.name = _name(ctx, tokens)
    origin = [x for x in tokens + appos if ctx.source_cat.get(x) == "origin"]
    if origin:
        for m_start, (m_end, cat) in ctx.source_word.items():
            if cat == "origin" and m_start == origin[0]:
                item.origin = ctx.span_text((m_start, m_end))
                break
    item.named = bool(item.name) or "capital" in cats
    if "capital" in cats and not item.name:
        item.name = ctx.span_text((cats["capital"][0], cats["capital"][0] + 1))
    if not item.kind:
        if "document" in cats and not any(
            c in cats for c in ("official", "expert", "state_media", "business")
        ) or ctx.norm(src[1] - 1) in {"declaration", "report", "statement", "study", "poll"}:
            item.kind = "document"
        elif item.name and ctx.source_cat.get(src[1] - 1) is None:
            item.kind = "person" if _person_name(ctx, item.name) else "organisation"
        elif item.name:
            item.kind = "organisation"
        else:
            item.kind = "group"
    determined = ctx.norm(src[0]) in {"the", "this", "his", "her", "their", "its"}
    plural_head = head.endswith("s") and not head.endswith("ss")
    item.vague = anonymous or (
        not item.named and item.kind != "pronoun" and item.kind != "document"
        and ("anonymous" in cats or (plural_head and not determined))
    )
    if anonymous:
        cats.setdefault("anonymous", [])
    found_type = next((t for t in TYPE_PRIORITY if t in cats), None)
    if "capital" in cats and found_type is None:
        found_type = "official"
    if anonymous or item.vague and (found_type in {None, "expert"} or "anonymous" in cats):
        item.type = "anonymous"
    elif found_type:
        item.type = found_type
    item.type_words = sorted({ctx.tok(x).lower() for c, xs in cats.items() for x in xs
                              if c not in {"origin"}})
    item.role, item.affiliation = _role_affiliation(ctx, tokens, appos, item.name)
    if anonymous:
        # "A manager at Jinshan Mining, who spoke on condition of anonymity": the company is
        # where the source works, not the source's name
        item.affiliation = item.affiliation or item.name
        item.name, item.named, item.kind = "", False, "person"


def _name(ctx: _Context, tokens: list[int]) -> str:
    """The proper name in a source phrase: after its last title word, else its capitalised run."""
    last_role = None
    for x in tokens:
        cat = ctx.source_cat.get(x)
        if cat and cat not in {"origin", "document", "anonymous", "capital"}:
            last_role = x
    if last_role is not None and last_role + 1 < tokens[-1] + 1:
        rest = [x for x in tokens if x > last_role]
        if rest and ctx.norm(rest[0]) not in AFFILIATION_PREPS and all(
            ctx.is_word(x) or ctx.tok(x) in {".", "-"} for x in rest
        ) and ctx.source_cat.get(rest[-1]) is None:
            return ctx.span_text((rest[0], rest[-1] + 1))
    run: list[int] = []
    for x in tokens:
        w = ctx.norm(x)
        is_name = ctx.cap(x) and not (ctx.sentence_first(x) and (
            w in NOT_NAMES or ctx.source_cat.get(x) not in {None, "capital"}
        )) and ctx.source_cat.get(x) != "origin"
        if is_name or (run and (w in {"of", "the", "for", "and", "&", "."} or ctx.tok(x) in "-.")):
            run.append(x)
        elif run:
            break
    while run and (ctx.norm(run[-1]) in {"of", "the", "for", "and", "&"}):
        run.pop()
    if not run:
        return ""
    return ctx.span_text((run[0], run[-1] + 1))


def _person_name(ctx: _Context, name: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][\w'’.-]*\s?){1,4}", name)) and not re.search(
        r"\b(?:News|Times|Post|Press|Party|Campaign|Committee|Council|Institute|University|"
        r"Foundation|Association|Agency|Ministry|Department|Office|Bank|Group|Inc|Corp|Club|"
        r"Organization|Organisation|Union|Network|Television|Radio|Daily|Journal|House)\b",
        name,
    )


def _role_affiliation(
    ctx: _Context, tokens: list[int], appos: list[int], name: str
) -> tuple[str, str]:
    role_tokens: list[int] = []
    if appos:
        role_tokens = appos
    elif name:
        name_start = ctx.text.find(name, ctx.start(tokens[0]))
        role_tokens = [x for x in tokens if ctx.end(x) <= name_start]
        if not role_tokens:
            # "Ju Hao of the Academy", "a spokesperson for the ministry"
            role_tokens = [x for x in tokens if ctx.start(x) >= name_start + len(name)]
    if not role_tokens:
        return "", ""
    while role_tokens and (ctx.norm(role_tokens[0]) in {"the", "a", "an", ","} or (
        ctx.source_cat.get(role_tokens[0]) == "origin" and not appos
    )):
        role_tokens = role_tokens[1:]
    cut = next(
        (n for n, x in enumerate(role_tokens) if ctx.norm(x) in AFFILIATION_PREPS and n > 0),
        None,
    )
    if cut is None:
        text = ctx.span_text((role_tokens[0], role_tokens[-1] + 1)) if role_tokens else ""
        return text, ""
    role = ctx.span_text((role_tokens[0], role_tokens[cut - 1] + 1))
    aff = role_tokens[cut + 1:]
    while aff and ctx.norm(aff[0]) in {"the", "a", "an"}:
        aff = aff[1:]
    affiliation = ctx.span_text((aff[0], aff[-1] + 1)) if aff else ""
    return role, affiliation


# --------------------------------------------------------------------------------------------
# Pronouns and short references


def _resolve(ctx: _Context, found: list[Found]) -> None:
    """Give pronouns and short references the nearest earlier source that fits.

    The earlier sources are indexed as they are passed (by kind, by name word, by role word),
    so each lookup reads the few candidates of one key, not every earlier attribution."""
    by_kind: dict[str, list[Found]] = {}  # kind -> earlier named or resolved sources
    by_name_word: dict[str, list[Found]] = {}  # a word of a person's name -> those persons
    by_noun: dict[str, list[Found]] = {}  # a word of role + name, or a type word -> sources
    for item in found:
        if item.source is None:
            continue  # a tagger cue whose source was not found
        words = [ctx.norm(x) for x in range(*item.source)]
        target = None
        if item.kind == "pronoun":
            head = words[-1] if item.form != "possessive" else words[0]
            if head in PERSON_PRONOUNS | {"his", "her"}:
                target = _last(by_kind, "person")
            elif head in {"they", "their", "it", "its"}:
                target = max((f for f in (_last(by_kind, "organisation"),
                                          _last(by_kind, "group")) if f is not None),
                             key=lambda f: f.cue[0], default=None)
        elif item.kind == "person" and len(item.name.split()) == 1:
            # a surname that repeats an earlier full name: "Zhou" after "Zhou Minghui"
            target = next((f for f in reversed(by_name_word.get(item.name, []))
                           if f.name != item.name), None)
        elif not item.named and words and words[0] in {"the", "this"} and len(words) <= 3:
            # "the minister": the nearest earlier source whose role or words include the noun
            target = _last(by_noun, words[-1])
        if target is not None and not item.resolved_from:
            _take_source(ctx, item, target)
        if item.named or item.resolved_from:
            by_kind.setdefault(item.kind, []).append(item)
            if item.kind == "person":
                for w in set(item.name.split()):
                    by_name_word.setdefault(w, []).append(item)
            for w in {*(item.role + " " + item.name).lower().split(), *item.type_words}:
                by_noun.setdefault(w, []).append(item)


def _last(index: dict[str, list[Found]], key: str) -> Found | None:
    items = index.get(key)
    return items[-1] if items else None


def _take_source(ctx: _Context, item: Found, target: Found) -> None:
    tgt = target.resolved_from or {}
    anchor = target if not tgt else None
    item.resolved_from = tgt or {
        "start": ctx.start(anchor.source[0]), "end": ctx.end(anchor.source[1] - 1),
        "text": ctx.span_text(anchor.source),
    }
    src = target
    item.name = src.name
    item.named = True
    item.vague = False
    item.type = src.type
    item.kind = src.kind
    item.role = item.role or src.role
    item.affiliation = item.affiliation or src.affiliation
    item.origin = item.origin or src.origin


# --------------------------------------------------------------------------------------------
# Self-citation


def outlet_aliases(outlet: str) -> list[list[str]]:
    """Word sequences that name an outlet: "Silk Road Global Television (SRGTV)" gives the
    full name, "SRGTV" and the acronym of its capitalised words."""
    if not outlet:
        return []
    aliases = []
    inner = re.findall(r"\(([^)]+)\)", outlet)
    main = re.sub(r"\([^)]*\)", " ", outlet)
    for part in [main, *inner]:
        words = re.findall(r"[\w'’&-]+", part.lower())
        if words:
            aliases.append(words)
    caps = re.findall(r"\b([A-Z])[\w'’-]*", main)
    if len(caps) >= 2:
        aliases.append(["".join(caps).lower()])
    return aliases


def _self_citation(ctx: _Context, item: Found) -> bool:
    aliases = outlet_aliases(str(ctx.doc.meta.get("outlet") or ""))
    if not aliases:
        return False
    s = ctx.sent(item.cue[0])
    lo = item.source[0] if item.source else item.cue[0]
    hi = min(ctx.sent_last[s] + 1, item.cue[1] + 14)
    norms = [ctx.norm(x) for x in range(lo, hi)]
    for alias in aliases:
        n = len(alias)
        for x in range(len(norms) - n + 1):
            if norms[x:x + n] == alias:
                return True
    return False


# --------------------------------------------------------------------------------------------
# The learned tagger: cues the rules missed


#: Words the tagger may not use as a cue on their own: the verbs of wanting, thinking and
#: seeing the cue lexicon leaves out on purpose (see its header), and auxiliaries.
NOT_TAGGER_CUES = frozenset(
    """want wants wanted wanting think thinks thought thinking know knows knew known knowing
    see sees saw seen seeing plan plans planned planning support supports supported supporting
    is are was were be been being has have had do does did also""".split()
)
#: Words that are never a tagger cue on their own.
FUNCTION_WORDS = frozenset("a an the of to for with by on at as and or but from about in".split())
#: A lone word that is never the source of a tagger cue: expletives and quantities.
NOT_TAGGER_SOURCES = frozenset("it there this that much what which".split())
#: Does the learned tagger add attributions the rules missed? Measured by reading (docs/audit,
#: issue 15), the attributions it added were right 1 time in 30 before the checks below and
#: 5 times in 18 after them (and about 1 in 3 of those read on the tuning articles), against
#: about 2 in 3 for the rules. So no: the tagger only vetoes rule cues (see VETO). Switching
#: this on (with the checks below) adds recall on PolNeAR, the corpus it was trained on: dev
#: cue F1 0.739 and source F1 0.760 instead of 0.698 and 0.727 (measured after issue 15's
#: second round; see docs/quality.md).
TAGGER_ADDS = False

#: May the tagger add a cue with no word of the cue lexicon in it? On PolNeAR train the
#: tagger's cues outside the lexicon are events PolNeAR counts but a reader does not take for
#: a report of words ("declined", "sought", "voted", "pled guilty", "appeared"); on the audit's
#: tuning articles they were almost never right. So no: a tagged cue passes the same cue-class
#: check as a rule cue.
TAGGER_FREE_CUES = 0.5
#: Must a clause ("that", a colon) or a quotation follow a tagger cue?
TAGGER_NEEDS_CLAUSE = False
#: With TAGGER_ADDS: may the tagger add only cues of the cue lexicon whose content reads as a
#: clause (see _clause_like), with a named or typed source? Measured (issue 15): PolNeAR dev
#: cue F1 0.708 and source F1 0.732 (rules alone 0.698, 0.727; additions without this 0.739,
#: 0.760), and 5 of 25 of its additions right by reading on the tuning articles. With the
#: rules of round three: 0.702 and 0.727 (rules alone 0.690, 0.720; without this 0.735, 0.756).
TAGGER_STRICT = False


#: Verbs the tagger takes for cues that name an act rather than a report of words, unless a
#: clause or a quotation follows ("confirmed that …" reports; "confirmed the nominees" acts).
EVENT_STEMS = (
    "pled", "plead", "pore", "confirm", "conclud", "approv", "releas", "sign", "vote", "voting",
    "pass", "issu", "single", "appear", "seem", "fail", "decid", "order", "offer", "disclos",
    "reveal", "show", "find", "found", "sought", "seek", "refus", "declin", "name", "practic",
    "emailed", "doubl", "publish", "list", "made", "make", "gave", "give", "cast", "push",
    "back", "focus", "against", "out", "put", "know", "knew", "remember", "deem", "await",
)


def _cue_in_voice(ctx: _Context, i: int, j: int) -> bool:
    """A cue the tagger found is a report only when it is not modal, passive or negated:
    "will call it", "is expected to", "was asked", "cannot say", "didn't disclose"."""
    s = ctx.sent(i)
    k, passive = _skip_aux_left(ctx, i - 1, s, progressive=ctx.norm(i).endswith("ing"))
    if passive:
        return False
    words = [ctx.norm(t) for t in range(max(k, ctx.sent_first[s]), j)]
    if words and words[0] in {"to", "cannot"}:
        return False  # "are we to think", "cannot say"
    return not any(w in {"not", "n't", "never", "cannot"} or w in MODALS for w in words)


def _tagger_source_ok(ctx: _Context, src: tuple[int, int], cue: int) -> bool:
    """The same checks a rule source passes: a noun phrase that can speak, not "who" with no
    antecedent, not a fragment opening with a preposition or a conjunction ("of the Vatican's
    International", "Republicans and"), not a clause ("I don't hear you guys")."""
    words = [ctx.norm(t) for t in range(*src)]
    if not words or words[0] in PREPOSITIONS | {"and", "or", "but", "who", "which", "that"}:
        return False
    if words[-1] in {"and", "or", "of", "the", "a", "an"} or words[-1] in CLAUSE_WORDS:
        return False
    if any(w in {"n't", "not", "don't", "weren't", "am", "is", "are", "was", "were"}
           for w in words):
        return False
    if not _valid_subject(ctx, src):
        return False
    a, b = src
    s = ctx.sent(a)
    for x in (a - 1, b):
        if x != cue and 0 <= x < ctx.n and ctx.sent(x) == s and ctx.is_word(x) and (
                ctx.cap(x) and not (x == a - 1 and ctx.sentence_first(x))):
            return False  # a cut phrase: "Southern New [Hampshire]", "the Austrian [Catholic]"
    return src[1] <= cue or ctx.sent(src[0]) == ctx.sent(cue)


#: Keep a tagger cue for which no source is found? PolNeAR has relations with no source, but
#: every attribution the dimension reports names its source, so no.
KEEP_SOURCELESS = False


#: A cue of the rules whose every token gets a tagger cue probability under this is dropped.
#: The tagger sees what the rules found and learnt on PolNeAR train where their cues are not
#: attributions ("called it a hoax", "the show", "asked about"); on PolNeAR dev, rule cues
#: under 0.2 were right about one time in four. 0 keeps every rule cue.
VETO = 0.2


def _vetoed(ctx: _Context, found: list[Found]) -> list[Found]:
    """``found`` without the rule cues the tagger is almost sure are not cues (see VETO);
    signed quotations, "Name:" lines and documents as sources ("The Declaration states …")
    are kept whatever the tagger says."""
    probs = ctx.tagger_probs.get("cue")
    if not probs or VETO <= 0:
        return found
    return [item for item in found if item.found_by != "rules"
            or item.form in {"signed", "colon", "speaker"}
            or max(probs[item.cue[0]:item.cue[1]]) >= VETO
            or item.kind == "document"]


def rule_marks(doc: Document, found: Sequence[Found]) -> dict[str, set[int]]:
    """The tokens the rules put in each role (cue, source, content)."""
    marks: dict[str, set[int]] = {"cue": set(), "source": set(), "content": set()}
    starts, ends = doc.token_starts, doc.token_ends
    for item in found:
        marks["cue"].update(range(*item.cue))
        if item.source is not None:
            marks["source"].update(range(*item.source))
        for a, b in item.content:
            lo, hi = bisect_right(ends, a), bisect_left(starts, b)
            marks["content"].update(range(lo, hi))
    return marks


def _nearest(spans: list[tuple[int, int, float]], i: int, j: int) -> tuple[int, int] | None:
    best = min(spans, key=lambda sp: sp[0] - j if sp[0] >= j else i - sp[1], default=None)
    return (best[0], best[1]) if best else None


def _tagged(ctx: _Context, found: list[Found], tagger: SpanTagger, cue_matcher: Matcher,
            *, keep_sourceless: bool = KEEP_SOURCELESS) -> list[Found]:
    """Attributions whose cue only the tagger found, each linked to the nearest source and
    content span in its sentence (the tagger's, else the rules' source and the rest of the
    sentence)."""
    doc = ctx.doc
    marks = rule_marks(doc, found)
    cue_matches = ctx.cue_matches if ctx.cue_matches is not None else cue_matcher.find(doc)
    if not TAGGER_ADDS:
        # the tagger only vetoes rule cues: their tokens' cue probabilities are all it needs
        feats = token_features(doc, cue_matcher, marks, cue_matches=cue_matches,
                               only=marks["cue"])
        ctx.tagger_probs = tagger.probability_table(feats, ("cue",))
        return []
    feats = token_features(doc, cue_matcher, marks, cue_matches=cue_matches)
    probs = tagger.probability_table(feats)
    ctx.tagger_probs = probs
    by_sentence: dict[str, dict[int, list[tuple[int, int, float]]]] = {}
    for role in ("source", "content"):
        by_sentence[role] = {}
        if role in probs:
            for sp in tagger.spans(doc, probs[role], role):
                by_sentence[role].setdefault(ctx.sent(sp[0]), []).append(sp)
    rule_sources: dict[int, list[tuple[int, int, float]]] = {}
    for item in found:
        if item.source is not None:
            rule_sources.setdefault(ctx.sent(item.source[0]), []).append((*item.source, 1.0))
    lexicon_at = {t: m for m in cue_matches for t in range(m.i, m.j)}
    # a rule source's apposition ("X, who asked not to be named, said") is not a new cue
    blocked = marks["cue"] | marks["source"] | {
        t for item in found if item.apposition for t in range(*item.apposition)}
    out = []
    for i, j, p in tagger.spans(doc, probs["cue"], "cue"):
        if blocked & set(range(i, j)):
            continue
        if i > 0 and ctx.sent(i - 1) == ctx.sent(i) and ctx.norm(i - 1) in {
                "the", "a", "an", "this", "that", "to"}:
            continue  # as for the rules: "the said agreement", "wants to say"
        words = {ctx.norm(t) for t in range(i, j) if ctx.is_word(t)}
        if all(w in NOT_TAGGER_CUES or w in MODALS or w.endswith("ly") for w in words):
            continue
        if words <= FUNCTION_WORDS:
            continue  # "an", "of the": no reporting word at all
        if any(ctx.norm(t) in NOT_TAGGER_CUES and ctx.norm(t + 1) == "to" for t in range(i, j)):
            continue  # "wants to say", "plans to announce": an intention, not a report
        s = ctx.sent(i)
        match = next((lexicon_at[t] for t in range(i, j) if t in lexicon_at), None)
        nxt = ctx.norm(j) if j < ctx.n and ctx.sent(j) == s else ""
        clause = nxt in {"that", ":"} or ctx.quote_starting_after(ctx.end(j - 1)) is not None
        if match is None and p < TAGGER_FREE_CUES:
            continue  # not a word of saying or thinking, and the tagger is unsure
        if TAGGER_NEEDS_CLAUSE and not clause:
            continue  # only "X <cue> that …", "X <cue>: …" and "X <cue> “…”"
        if not clause and any(ctx.norm(t).startswith(EVENT_STEMS) for t in range(i, j)):
            continue  # an act, not a report: "pled guilty", "confirmed the nominees"
        if TAGGER_STRICT and (match is None or not clause and not _clause_like(
                ctx, j, ctx.sent_last[s], ctx.norm(i))):
            continue  # only words of the cue lexicon, with a clause or a quotation after
        if nxt in {"of", "for", "in"} or i > 0 and ctx.sent(i - 1) == s and (
                ctx.norm(i - 1) in POSSESSIVES or ctx.norm(i - 1).endswith(("'s", "’s"))):
            continue  # a noun: "request for comment", "hope of", "INSIDER's request"
        if not _cue_in_voice(ctx, i, j) or _not_a_report(
                ctx, i, j, _skip_aux_left(ctx, i - 1, s, progressive=True)[0]):
            continue  # "will call it", "is expected", "cannot say", "was asked"
        item = Found(
            cue=(i, j),
            cue_category=match.entry.category if match else "neutral",
            cue_entry=match.entry.pattern if match else ctx.span_text((i, j)).lower(),
            cue_lexicon=match.entry.lexicon if match else tagger.id,
            cue_weight=round(p, 3), found_by="tagger", probability=round(p, 3),
            form="tagger",
        )
        item.clues = tagger.top_features(feats[i], "cue")
        own = [sp for sp in by_sentence["source"].get(s, []) if sp[1] <= i or sp[0] >= j]
        item.source = _nearest(own, i, j) or _nearest(rule_sources.get(s, []), i, j)
        if item.source is None and i > 0 and ctx.sent(i - 1) == s:
            # the noun phrase just before the cue (auxiliaries skipped): "Officials hope …"
            k, _ = _skip_aux_left(ctx, i - 1, s)
            item.source = _np_left(ctx, k) if k >= 0 and ctx.sent(k) == s else None
        item.source = item.source or _sentence_subject(ctx, s, i)
        if item.source is not None and item.source[1] - item.source[0] == 1 and ctx.norm(
                item.source[0]) in NOT_TAGGER_SOURCES and not (
                item.source[0] == i - 1 and ctx.norm(i - 1) in {"it", "which"}):
            # "It was reported that …", "There is little doubt": no source; but the subject
            # right before the cue speaks: "it issued a paper", "the study, which notes"
            item.source = None
        if item.source is not None and not _tagger_source_ok(ctx, item.source, i):
            # the subject right before the cue, found as the rules find it
            k, _ = _skip_aux_left(ctx, i - 1, s)
            left = _subject_left(ctx, k) if k >= 0 and ctx.sent(k) == s else None
            item.source = left[0] if left and _tagger_source_ok(ctx, left[0], i) else None
        if item.source is None and not keep_sourceless:
            continue
        if TAGGER_STRICT and item.source is not None and not any(
                ctx.cap(x) or x in ctx.source_cat or ctx.norm(x) in PERSON_PRONOUNS | {"they"}
                for x in range(*item.source)):
            continue  # a source that names no one and is of no type: "the confusion"
        taken = set(range(i, j)) | (set(range(*item.source)) if item.source else set())
        parts = [sp for sp in by_sentence["content"].get(s, [])
                 if not taken & set(range(sp[0], sp[1]))]
        content = _nearest(parts, i, j)
        after = _clause_after(ctx, j + (nxt == "that"))
        if after is not None and (item.source is None or item.source[1] <= i) and (
                content is None or ctx.start(content[0]) >= ctx.end(j - 1)):
            # the content follows the cue: it runs to the end of the sentence, as for the
            # rules, not to wherever the tagger's span stopped ("that the extreme")
            a = bisect_left(ctx.doc.token_starts, after[0])
            content = (a, ctx.sent_last[s] + 1)
        if content is not None and sum(ctx.is_word(t) for t in range(*content)) < 3:
            content = None  # a scrap such as "that the": take the rest of the sentence
        if content is None:
            last = ctx.sent_last[s]
            rest = [t for t in range(j, last + 1) if ctx.is_word(t) and t not in taken]
            if rest:
                content = (rest[0], rest[-1] + 1)
        if content is None:
            # the cue ends its sentence: what comes before the source and the cue, as in a
            # headline "Trade Could Double, Minister Says."
            edge = min(i, item.source[0]) if item.source else i
            before = [t for t in range(ctx.sent_first[s], edge) if ctx.is_word(t)]
            if len(before) >= 3:
                content = (before[0], before[-1] + 1)
        if content is None:
            continue  # nothing is reported: "… had not been fully disclosed."
        item.content = [_char_span(ctx, *content)]
        item.direct = doc.quote_at(*item.content[0]) is not None
        out.append(item)
    return out
