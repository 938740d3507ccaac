"""Lexicon files: a documented tab-separated format, validation, and one compiled matcher.

A lexicon is a ``.tsv`` file whose ``#`` header states what it is::

    # name: hedging
    # version: 1.0.0
    # dimension: hedging
    # description: Hedges and boosters after Hyland (2005).
    # provenance: where the entries come from
    # category: booster.adverb = booster: an adverb that states certainty without a source
    pattern	category	weight	rules	note	source
    undoubtedly	booster.adverb	1.0		states there is no room for doubt	Hyland 2005

Patterns are words separated by spaces, matched case-insensitively against word tokens:
``soar*`` any word starting with "soar"; ``reach(es|ed|ing)`` a word with optional endings;
``[new]`` an optional word; ``hail|praise`` alternatives for one word. They compile into a
token trie, so matching uses no regular expressions (nothing can backtrack) and the longest
match wins. Every matcher reads the same list of a document's distinct words
(:func:`vocabulary`), picks out with set operations those that can begin one of its patterns,
and walks its trie only from the tokens that hold them.
``rules`` names context rules from ``RULES``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import compress
from operator import itemgetter
from pathlib import Path

from .errors import LexiconError, UnknownNameError
from .textunits import Document

REQUIRED_COLUMNS = ("pattern", "category", "weight", "note", "source")
OPTIONAL_COLUMNS = ("rules",)
MAX_WEIGHT = 5.0
MIN_PREFIX = 3  # a wildcard needs at least this many letters before the *
#: A pattern may stand for at most this many word sequences (the largest shipped one has 350):
#: ``[w0] [w1] … [w29]`` would otherwise expand to 2**30 sequences and exhaust memory.
MAX_SEQUENCES = 1000
#: ... and one lexicon file for at most this many in all (the shipped ones: under 2,500).
MAX_FILE_SEQUENCES = 100_000

_ATOM = re.compile(r"^([\w][\w'.&-]*)(?:\(([\w'|-]+)\))?(\*)?$")

# --------------------------------------------------------------------------------------------
# Context rules: named, so a lexicon row says which apply and a reader can look them up.
# Each takes the document, the matched token range [i, j) and returns None (keep), "drop", or
# "negated" (the dimension decides what negation means for its categories).

NEGATORS = frozenset({"not", "n't", "no", "never", "hardly", "without", "nor", "cannot"})
#: Words that only make "a"/"an" a quantity: "about a third", "around a dozen".
AMOUNT_WORDS = frozenset(
    """
    half third quarter dozen hundred thousand million billion trillion fifth tenth score
    """.split()
)
NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred hundreds thousand thousands million millions billion billions half third
    quarter dozen dozens
    """.split()
)


def _is_number(norm: str) -> bool:
    return norm[:1].isdigit() or norm in NUMBER_WORDS or norm in {"$", "€", "£", "¥"}


def _is_negator(norm: str) -> bool:
    # the tokenizer keeps contractions whole: "isn't", "doesn't", "can't", "won't"
    return norm in NEGATORS or norm.endswith("n't") or norm.endswith("n’t")


def _prev(doc: Document, i: int, k: int = 1) -> str:
    return doc.norms[i - k] if i - k >= 0 else ""


def _next(doc: Document, j: int) -> str:
    return doc.norms[j] if j < len(doc.norms) else ""


def _sentence_initial(doc: Document, i: int) -> bool:
    return i == 0 or doc.token_sentence[i - 1] != doc.token_sentence[i]


def rule_not_month(doc: Document, i: int, j: int) -> str | None:
    """Drop "May" with a capital: the month, Theresa May, or the wish "May God ..."."""
    word = doc.text[doc.token_starts[i]:doc.token_ends[i]]
    # the epistemic modal does not open a news sentence ("May said", "May 5"), so a capital
    # means a name, a date or a wish wherever it stands
    return "drop" if word[:1].isupper() else None


def rule_before_number(doc: Document, i: int, j: int) -> str | None:
    """Keep approximators only before a quantity: "about 40%", "around a third"."""
    nxt = _next(doc, j)
    if nxt in {"a", "an"}:  # "about a third" is a quantity, "about a plan" is not
        return None if _next(doc, j + 1) in AMOUNT_WORDS else "drop"
    return None if _is_number(nxt) else "drop"


def rule_lowercase_only(doc: Document, i: int, j: int) -> str | None:
    """Drop a capitalised use inside a sentence: a name ("Golden Gate"), not the word.

    At the start of a sentence only the first word is capitalised by the sentence itself, so
    a capital word right after it ("New Horizons was launched", "Justice Anthony Kennedy
    said") still marks a name."""
    word = doc.text[doc.token_starts[i]:doc.token_ends[i]]
    if not word[:1].isupper():
        return None
    if not _sentence_initial(doc, i):
        return "drop"
    k = i + 1
    if k >= len(doc.norms) or doc.token_sentence[k] != doc.token_sentence[i]:
        return None
    second = doc.text[doc.token_starts[k]:doc.token_ends[k]]
    return "drop" if second[:1].isupper() else None


def _negated(doc: Document, i: int, window: int = 3) -> bool:
    sent = doc.token_sentence[i]
    for k in range(1, window + 1):
        if i - k < 0 or doc.token_sentence[i - k] != sent:
            return False
        if _is_negator(doc.norms[i - k]):
            return True
    return False


def rule_negation_flips(doc: Document, i: int, j: int) -> str | None:
    """A negation just before ("not certain", "not without doubt") turns the meaning round."""
    return "negated" if _negated(doc, i) else None


def rule_negation_cancels(doc: Document, i: int, j: int) -> str | None:
    """A negation just before ("not remarkable") removes the finding."""
    return "drop" if _negated(doc, i) else None


def rule_not_before_not(doc: Document, i: int, j: int) -> str | None:
    """Drop a modal that negates a comparison of certainty: "could not be clearer"."""
    nxt = _next(doc, j)
    if nxt in {"not", "n't"} and _next(doc, j + 1) == "be":
        return "drop"
    return "drop" if _is_negator(nxt) and nxt != "no" and _next(doc, j + 1) == "be" else None


def rule_neutral_sense(doc: Document, i: int, j: int) -> str | None:
    """A neutral sense of a word counted elsewhere ("obstruction of justice"): never a finding.

    The row's words win over the shorter entry inside them (the longest match wins), and then
    this rule drops them, so the row documents the sense that is not counted."""
    return "drop"


def rule_not_before_ing(doc: Document, i: int, j: int) -> str | None:
    """Drop a verb that takes an -ing form: "considered running" weighs a plan, no claim."""
    nxt = _next(doc, j)
    return "drop" if len(nxt) > 4 and nxt.endswith("ing") else None


#: Words before "believes" or "thinks" that make it a report of someone's view, which the
#: attribution dimension shows, rather than a hedge of the writer.
REPORTED_SUBJECTS = frozenset({"he", "she", "they", "who", "it"})


def rule_not_reported(doc: Document, i: int, j: int) -> str | None:
    """Drop a belief verb reported of a third person ("he believes", "Tokayev believes")."""
    if i == 0 or doc.token_sentence[i - 1] != doc.token_sentence[i]:
        return None
    prev = doc.text[doc.token_starts[i - 1]:doc.token_ends[i - 1]]
    if prev.lower() in REPORTED_SUBJECTS:
        return "drop"
    if prev == "I":
        return None
    return "drop" if prev[:1].isupper() and not _sentence_initial(doc, i - 1) else None


#: Words of the King James Bible that modern English does not use: a sentence with one of them
#: quotes or imitates scripture.
SCRIPTURE_WORDS = frozenset(
    """
    thou thee thy thine ye hath doth doeth unto shalt wilt saith art hast dost wherefore
    verily lo behold peradventure
    """.split()
)
#: Books of the Bible as they are cited in running text: "(Jeremiah 5)", "(Prov. 8:7)".
BIBLE_BOOKS = frozenset(
    """
    genesis exodus leviticus numbers deuteronomy deut joshua judges ruth samuel kings
    chronicles ezra nehemiah esther job psalm psalms ps proverbs prov ecclesiastes isaiah isa
    jeremiah jer lamentations ezekiel ezek daniel hosea joel amos obadiah jonah micah nahum
    habakkuk zephaniah haggai zechariah malachi matthew matt mark luke john acts romans rom
    corinthians cor galatians gal ephesians eph philippians phil colossians col thessalonians
    timothy tim titus philemon hebrews heb james peter jude revelation rev
    """.split()
)


def _quotes_scripture(doc: Document, i: int) -> bool:
    sent = doc.token_sentence[i]
    k = i
    while k > 0 and doc.token_sentence[k - 1] == sent:
        k -= 1
    norms = doc.norms
    end = len(norms)
    while k < end and doc.token_sentence[k] == sent:
        word = norms[k]
        if word in SCRIPTURE_WORDS and word != "art":
            return True
        if word == "art" and k + 1 < end and norms[k + 1] in {"thou", "not"}:
            return True
        # "(Jeremiah 5)", "Proverbs 6:17": a book of the Bible followed by a chapter number
        if (word in BIBLE_BOOKS and k + 1 < end and norms[k + 1][:1].isdigit()
                and doc.text[doc.token_starts[k]:doc.token_starts[k] + 1].isupper()):
            return True
        k += 1
    return False


def rule_not_scripture(doc: Document, i: int, j: int) -> str | None:
    """Drop a word in a sentence that quotes the Bible ("thou", "hath", "(Jeremiah 5)"): there
    "evil", "wicked" and "righteous" are the words of the text quoted, not the writer's charge."""
    return "drop" if _quotes_scripture(doc, i) else None


def rule_sense(doc: Document, i: int, j: int) -> str | None:
    """A word with a loaded and a plain sense: the promotional sense model decides, from the
    words around it, whether it is a finding (framing/dimensions/sense.py; the finding's
    reason gives the model's probability, and a hit under its threshold is not reported)."""
    return None


RULES: dict[str, Callable[[Document, int, int], str | None]] = {
    "not_month": rule_not_month,
    "before_number": rule_before_number,
    "lowercase_only": rule_lowercase_only,
    "negation_flips": rule_negation_flips,
    "negation_cancels": rule_negation_cancels,
    "not_before_not_be": rule_not_before_not,
    "neutral_sense": rule_neutral_sense,
    "not_before_ing": rule_not_before_ing,
    "not_reported": rule_not_reported,
    "not_scripture": rule_not_scripture,
    "sense": rule_sense,
}


# --------------------------------------------------------------------------------------------
# The file format


@dataclass(frozen=True)
class Entry:
    pattern: str
    category: str
    weight: float
    rules: tuple[str, ...]
    note: str
    source: str
    line: int
    lexicon: str  # versioned id, "hedging@1.0.0"
    reason: str  # what a student reads next to the highlighted words


@dataclass
class Lexicon:
    name: str
    version: str
    dimension: str
    path: str
    description: str = ""
    provenance: str = ""
    categories: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"


_GROUP = re.compile(r"\[[^\[\]]*\]|[^\s\[\]]+|\S")


#: Patterns already expanded (a lexicon's are expanded when it is read and again when its
#: matcher is built): pattern -> its sequences.
_EXPANDED: dict[str, tuple[tuple[tuple[str, str], ...], ...]] = {}


def parse_pattern(pattern: str) -> list[list[tuple[str, str]]]:
    """Expand a pattern into token sequences of atoms ("w", word) or ("p", prefix).

    ``[there is] no doubt``: a bracketed group of one or more words is optional. Raises
    ValueError with a short explanation when the pattern is malformed.
    """
    done = _EXPANDED.get(pattern)
    if done is None:
        done = tuple(map(tuple, _expand(pattern)))
        if len(_EXPANDED) < 20_000:  # the shipped lexicons and profiles hold ~4,000
            _EXPANDED[pattern] = done
    return [list(seq) for seq in done]


def _expand(pattern: str) -> list[list[tuple[str, str]]]:
    groups = _GROUP.findall(pattern)
    if not groups:
        raise ValueError("empty pattern")
    parsed: list[tuple[bool, list[list[tuple[str, str]]]]] = []
    total = 1
    for group in groups:
        optional = group.startswith("[")
        if optional and not group.endswith("]") or group in "[]":
            raise ValueError(f"unbalanced brackets near {group!r}: write [optional words]")
        words = group[1:-1].split() if optional else [group]
        if not words:
            raise ValueError("empty optional group []")
        alts = [_parse_word(word) for word in words]
        # count before expanding: the product grows with every group, the lists would too
        for a in alts:
            total *= len(a)
        total *= 2 if optional else 1
        if total > MAX_SEQUENCES:
            raise ValueError(
                f"expands to more than {MAX_SEQUENCES} word sequences (optional words and "
                "alternatives multiply): split it into several entries"
            )
        parsed.append((optional, alts))
    sequences: list[list[tuple[str, str]]] = [[]]
    for optional, alts in parsed:
        variants: list[list[tuple[str, str]]] = [[]]
        for word_alts in alts:
            variants = [v + [atom] for v in variants for atom in word_alts]
        new = [seq + v for seq in sequences for v in variants]
        sequences = new + (sequences if optional else [])
    sequences = [s for s in sequences if s]
    if not sequences:
        raise ValueError("every word is optional")
    return sequences


def _parse_word(word: str) -> list[tuple[str, str]]:
    alts: list[tuple[str, str]] = []
    for alt in _split_alternatives(word):
        m = _ATOM.match(unicodedata.normalize("NFKC", alt).lower())  # as the text is folded
        if not m:
            raise ValueError(
                f"bad word {alt!r}: use letters, digits, - and ', with (endings) or a final *"
            )
        stem, endings, star = m.groups()
        forms = [stem] + ([stem + e for e in endings.split("|")] if endings else [])
        for form in forms:
            if star:
                if len(form) < MIN_PREFIX:
                    raise ValueError(f"wildcard {alt!r} needs {MIN_PREFIX}+ letters before *")
                alts.append(("p", form))
            else:
                alts.append(("w", form.replace("’", "'")))
    return alts


def _split_alternatives(body: str) -> list[str]:
    """Split on | outside parentheses: "hail(ed|s)|praise*" -> ["hail(ed|s)", "praise*"]."""
    if body and "|" not in body and "(" not in body and ")" not in body:
        return [body]  # one alternative: nothing to split
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    if depth != 0 or any(not p for p in parts):
        raise ValueError(f"unbalanced parentheses or empty alternative in {body!r}")
    return parts


def read_lexicon(path: str | Path, *, text: str | None = None) -> Lexicon:
    """Read and validate one lexicon file; problems raise LexiconError naming file:line."""
    path = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(path, None, f"cannot read lexicon: {exc}") from None
    header: dict[str, str] = {}
    categories: dict[str, str] = {}
    columns: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if columns is None:
                key, sep, value = line[1:].partition(":")
                key = key.strip().lower()
                if sep and key == "category":
                    cat, eq, desc = value.partition("=")
                    if not eq or not cat.strip() or not desc.strip():
                        raise LexiconError(path, lineno, "write '# category: id = description'")
                    categories[cat.strip()] = desc.strip()
                elif sep and re.fullmatch(r"[a-z_]+", key):
                    header[key] = value.strip()
            continue
        cells = line.split("\t")
        if columns is None:
            columns = [c.strip().lower() for c in cells]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
            if missing or unknown:
                raise LexiconError(
                    path, lineno,
                    f"column header must name {', '.join(REQUIRED_COLUMNS)} (and optionally "
                    f"rules), tab-separated; missing {missing or 'none'}, "
                    f"unknown {unknown or 'none'}",
                )
            continue
        rows.append((lineno, cells))
    for key in ("name", "version", "dimension"):
        if not header.get(key):
            raise LexiconError(path, 1, f"header has no '# {key}: …' line")
    if columns is None:
        raise LexiconError(path, None, "no column header line (pattern<TAB>category<TAB>…)")
    if not categories:
        raise LexiconError(path, 1, "header declares no '# category: id = description' lines")
    lex = Lexicon(
        name=header["name"], version=header["version"], dimension=header["dimension"],
        path=path, description=header.get("description", ""),
        provenance=header.get("provenance", ""), categories=categories, info=header,
    )
    seen: dict[tuple, int] = {}
    expanded = 0
    for lineno, cells in rows:
        if len(cells) != len(columns):
            raise LexiconError(
                path, lineno, f"expected {len(columns)} tab-separated cells, found {len(cells)}"
            )
        row = {c: v.strip() for c, v in zip(columns, cells)}
        pattern = " ".join(row["pattern"].split())
        try:
            sequences = parse_pattern(pattern)
        except ValueError as exc:
            raise LexiconError(path, lineno, f"pattern {pattern!r}: {exc}") from None
        expanded += len(sequences)
        if expanded > MAX_FILE_SEQUENCES:
            raise LexiconError(
                path, lineno,
                f"the patterns up to this line expand to more than {MAX_FILE_SEQUENCES} word "
                "sequences: split the lexicon into several files",
            )
        cat = row["category"]
        if cat not in categories:
            raise LexiconError(
                path, lineno,
                f"unknown category {cat!r}. Declared: {', '.join(sorted(categories))}",
            )
        try:
            weight = float(row["weight"])
        except ValueError:
            weight = float("nan")
        if not 0 < weight <= MAX_WEIGHT:
            raise LexiconError(
                path, lineno, f"weight {row['weight']!r} must be a number above 0 and at most 5"
            )
        rules = tuple(r.strip() for r in row.get("rules", "").split(",") if r.strip())
        bad = [r for r in rules if r not in RULES]
        if bad:
            raise LexiconError(
                path, lineno, f"unknown rule {bad[0]!r}. Available names: {', '.join(RULES)}"
            )
        for seq in sequences:
            key = tuple(seq)
            if key in seen:
                raise LexiconError(
                    path, lineno, f"pattern {pattern!r} duplicates the entry on line {seen[key]}"
                )
            seen[key] = lineno
        note = row["note"]
        label = cat.split(".")[0]
        reason = f"{label}: {note}" if note else f"{label}: {categories[cat]}"
        lex.entries.append(
            Entry(pattern, cat, weight, rules, note, row["source"], lineno, lex.id, reason)
        )
    if not lex.entries:
        raise LexiconError(path, None, "lexicon has no entries")
    return lex


# --------------------------------------------------------------------------------------------
# Shipped lexicons


def _shipped_dir():
    try:
        return resources.files("framing.lexicons")
    except ModuleNotFoundError:  # running from a source checkout that was not installed
        return Path(__file__).resolve().parent.parent / "lexicons"


def shipped_lexicons() -> dict[str, str]:
    """Name -> file name of every lexicon shipped with framing."""
    base = _shipped_dir()
    return {
        p.name[: -len(".tsv")]: p.name
        for p in sorted(base.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".tsv")
    }


def load_lexicon(name_or_path: str | Path) -> Lexicon:
    """A shipped lexicon by name ("hedging") or any lexicon file by path."""
    path = Path(name_or_path)
    if path.suffix == ".tsv" and path.exists():
        return read_lexicon(path)
    shipped = shipped_lexicons()
    if str(name_or_path) not in shipped:
        if path.suffix == ".tsv":
            raise LexiconError(str(path), None, "no such lexicon file")
        raise UnknownNameError("lexicon", str(name_or_path), shipped)
    resource = _shipped_dir().joinpath(shipped[str(name_or_path)])
    return read_lexicon(
        f"framing/lexicons/{resource.name}", text=resource.read_text(encoding="utf-8")
    )


def load_for_dimension(
    dimension: str, shipped: Sequence[str], extra: Sequence[str | Path | Lexicon] = ()
) -> list[Lexicon]:
    """The shipped lexicons of a dimension plus the user's; a user lexicon whose header names
    another dimension is refused, so a teacher's file never lands in the wrong scores."""
    loaded = [load_lexicon(n) for n in shipped]
    for lex in extra:
        lex = lex if isinstance(lex, Lexicon) else load_lexicon(lex)
        if lex.dimension != dimension:
            raise LexiconError(
                lex.path, None,
                f"lexicon {lex.id} is for dimension {lex.dimension!r}, not {dimension!r}",
            )
        loaded.append(lex)
    return loaded


# --------------------------------------------------------------------------------------------
# Matching


class _Node:
    __slots__ = ("words", "prefixes", "entry")

    def __init__(self) -> None:
        self.words: dict[str, _Node] = {}
        self.prefixes: dict[str, list[tuple[str, _Node]]] = {}
        self.entry: Entry | None = None


@dataclass(frozen=True)
class Match:
    i: int  # first token
    j: int  # one past the last token
    entry: Entry


class Matcher:
    """All entries of one lexicon family compiled into a token trie; one pass finds them all.

    Later lexicons override earlier ones for identical patterns, so a user's file can reweight
    or recategorise a shipped entry.
    """

    def __init__(self, lexicons: Iterable[Lexicon]):
        self.lexicons = list(lexicons)
        self._root = _Node()
        for lex in self.lexicons:
            for entry in lex.entries:
                for seq in parse_pattern(entry.pattern):
                    self._insert(seq, entry)
        #: First words that only begin longer patterns, each with the words that can follow
        #: it ("the" -> {"best", "finest", ...}): a match can start there only before one.
        self._gates = {w: node.words for w, node in self._root.words.items()
                       if node.entry is None and not node.prefixes}

    def _insert(self, seq: Sequence[tuple[str, str]], entry: Entry) -> None:
        node = self._root
        for kind, form in seq:
            if kind == "w":
                node = node.words.setdefault(form, _Node())
            else:
                bucket = node.prefixes.setdefault(form[:MIN_PREFIX], [])
                for pre, child in bucket:
                    if pre == form:
                        node = child
                        break
                else:
                    child = _Node()
                    bucket.append((form, child))
                    node = child
        node.entry = entry

    def _children(self, node: _Node, tok: str) -> list[_Node]:
        out = []
        child = node.words.get(tok)
        if child is not None:
            out.append(child)
        if node.prefixes:
            for pre, kid in node.prefixes.get(tok[:MIN_PREFIX], ()):
                if tok.startswith(pre):
                    out.append(kid)
        return out

    def _start_kids(self, doc: Document) -> tuple[dict[str, tuple[_Node, ...]], list[str]]:
        """Each distinct word of ``doc`` that can begin a match, with the trie nodes it leads to
        from the root (its word's node first, then each matching prefix's, in the order
        :meth:`_children` gives them), and those of them that both a word and a wildcard
        pattern begin with. Made from the document's :func:`vocabulary` (shared by every
        matcher), not from its tokens: a word is looked at once however often it occurs."""
        mixed: list[str] = []
        vocab = vocabulary(doc)
        root = self._root
        words = root.words
        kids: dict[str, tuple[_Node, ...]] = {w: (words[w],) for w in words.keys() & vocab.keys()}
        prefixes = root.prefixes
        if prefixes:
            words, letters, present = _first_letters(doc)
            if prefixes.keys().isdisjoint(present):
                return kids, mixed  # no word of the document begins like a wildcard pattern
            for w in compress(words, map(prefixes.__contains__, letters)):
                more = tuple(kid for pre, kid in prefixes[w[:MIN_PREFIX]] if w.startswith(pre))
                if more:
                    if w in kids:
                        mixed.append(w)
                    kids[w] = kids.get(w, ()) + more
        return kids, mixed

    def starts(self, doc: Document) -> list[int]:
        """The tokens where a match may begin, in order: those whose word or first letters
        begin a pattern (each once)."""
        return list(_tokens_of(doc.norms, self._start_kids(doc)[0]))

    def find(self, doc: Document) -> list[Match]:
        """Longest non-overlapping matches, left to right, with context rules applied."""
        norms = doc.norms
        sentence_of = doc.token_sentence
        n = len(norms)
        kids_of, mixed = self._start_kids(doc)
        if not kids_of:
            return []
        gates = self._gates
        if mixed:  # a first word that a wildcard pattern also begins with: walk it
            gates = {w: after for w, after in gates.items() if w not in mixed}
        matches: list[Match] = []
        i = 0
        for start in _tokens_of(norms, kids_of):
            if start < i:
                continue  # inside the previous match
            gate = gates.get(norms[start])
            if gate is not None:
                # most starts are common words ("the", "in") that begin only longer patterns:
                # no match here unless the next word of the sentence continues one
                j = start + 1
                if j >= n or norms[j] not in gate or sentence_of[j] != sentence_of[start]:
                    i = j
                    continue
            i = start
            sentence = sentence_of[i]
            kids = kids_of[norms[i]]
            best_j, best = -1, None
            stack = [(kid, i + 1) for kid in kids]
            while stack:
                node, j = stack.pop()
                if node.entry is not None and (j > best_j):
                    best_j, best = j, node.entry
                if j < n and sentence_of[j] == sentence:
                    # self._children(node, norms[j]) written out: this loop is the hot path
                    tok = norms[j]
                    kid = node.words.get(tok)
                    if kid is not None:
                        stack.append((kid, j + 1))
                    if node.prefixes:
                        for pre, kid in node.prefixes.get(tok[:MIN_PREFIX], ()):
                            if tok.startswith(pre):
                                stack.append((kid, j + 1))
            if best is None:
                i += 1
                continue
            matches.append(Match(i, best_j, best))
            i = best_j
        return matches


def vocabulary(doc: Document) -> dict[str, None]:
    """The distinct words of ``doc`` (as keys, in order of first use), made on first use and
    kept with the document, so that every matcher of every dimension looks at each word once
    and finds where its patterns can begin with set operations instead of a pass of its own."""
    norms = doc.norms
    cached = doc.__dict__.get("_vocabulary")
    if cached is not None and cached[0] is norms and cached[1] == len(norms):
        return cached[2]
    vocab = dict.fromkeys(norms)
    doc.__dict__["_vocabulary"] = (norms, len(norms), vocab)
    return vocab


def _first_letters(doc: Document) -> tuple[list[str], list[str], set[str]]:
    """The distinct words of ``doc``, for each its first MIN_PREFIX letters (by which prefix
    patterns are filed), and the set of those: made once per document for every matcher with
    wildcards."""
    vocab = vocabulary(doc)
    cached = doc.__dict__.get("_first_letters")
    if cached is not None and cached[0] is vocab:
        return cached[1]
    words = list(vocab)
    letters = list(map(_FIRST_LETTERS, words))
    made = (words, letters, set(letters))
    doc.__dict__["_first_letters"] = (vocab, made)
    return made


#: Up to this many distinct words, their tokens are found with list.index (a C scan per
#: word) rather than one pass testing every token (a topic matcher often has one or two).
FEW_WORDS = 3


def _tokens_of(norms: list[str], words: dict[str, object]) -> Iterable[int]:
    """The tokens (of a document's ``norms``) that hold one of ``words``, in order."""
    if len(words) > FEW_WORDS:
        return compress(range(len(norms)), map(words.__contains__, norms))
    found: list[int] = []
    for word in words:
        at = norms.index(word)  # a word of the document: it is there
        while True:
            found.append(at)
            try:
                at = norms.index(word, at + 1)
            except ValueError:
                break
    found.sort()  # distinct words: each token once
    return found


#: A word's first MIN_PREFIX letters (``word[:MIN_PREFIX]``).
_FIRST_LETTERS = itemgetter(slice(None, MIN_PREFIX))


def token_index(doc: Document) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Where each word and each first-three-letters occurs in ``doc``: (word -> its tokens,
    letters -> the tokens that begin with them), built in one pass over the tokens on first
    use and kept with the document. The matchers no longer read it (they use
    :func:`vocabulary`); it stays for code that wants every occurrence of a word."""
    norms = doc.norms
    cached = doc.__dict__.get("_token_index")
    if cached is not None and cached[0] is norms and cached[1] == len(norms):
        return cached[2]
    at_word: dict[str, list[int]] = {}
    for t, tok in enumerate(norms):
        here = at_word.get(tok)
        if here is None:
            at_word[tok] = [t]
        else:
            here.append(t)
    at_prefix: dict[str, list[int]] = {}
    for tok, here in at_word.items():
        key = tok[:MIN_PREFIX]
        both = at_prefix.get(key)
        if both is None:
            at_prefix[key] = list(here)
        else:
            both.extend(here)
    doc.__dict__["_token_index"] = (norms, len(norms), (at_word, at_prefix))
    return at_word, at_prefix


def apply_rules(doc: Document, match: Match) -> str | None:
    """Run a match's context rules: None (keep), "drop" or "negated"."""
    outcome = None
    for name in match.entry.rules:
        result = RULES[name](doc, match.i, match.j)
        if result == "drop":
            return "drop"
        outcome = outcome or result
    return outcome
