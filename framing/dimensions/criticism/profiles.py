"""Topic profiles: what a topic's critical aspects are and which words raise them.

A profile is a TOML file (format documented in ``lexicons/topics/README.md``): a ``[profile]``
table (id, version, title), a ``[topic]`` table whose cue phrases decide whether an article is
on the topic, and one ``[[aspect]]`` table per critical aspect with its cue phrases, the
phrases that look like cues but are not, typical critics and public references. Cue phrases use
the lexicon pattern syntax (``pollut*``, ``[external] debt``, ``loan(s)``) and compile into the
same token matcher as the lexicons, so there is one pattern language in framing.

The words that show *how* an aspect is treated — concern, concession, dismissal, "However" —
are not topic-specific; they live in ``discourse.toml`` beside the profiles, and a profile's
own ``[discourse]`` table adds to them.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import LexiconError, UnknownNameError
from ...lexicon import Entry, Lexicon, Matcher, parse_pattern
from ...textunits import Document
from .part import criticism_of

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

#: File of shared discourse markers beside the shipped profiles (not a profile itself).
DISCOURSE_FILE = "discourse.toml"
#: Kinds of discourse markers and what each does.
DISCOURSE_KINDS = {
    "concern": "a word that presents something as a problem or worry (concern, risk, fear)",
    "reporting": "a verb that puts a claim in someone's mouth (say, argue, warn)",
    "dismissal": "a phrase that declares a worry unfounded or overcome (unnecessary, so-called)",
    "stance": "a phrase with which the author argues in their own voice (arguably, in my view)",
    "concession": "a phrase that grants a worry before answering it (legitimate, admittedly)",
    "concessive": "a sentence opener that grants its first clause (while, although, despite)",
    "counter": "a word that opens an answer to what came before (however, yet)",
    "anaphora": "a phrase that points back at the worries just raised (such concerns)",
    "challenge": "a heading word that introduces a list of problems (challenges, risks)",
}
ASPECT_LISTS = ("cues", "weak_cues", "context", "not", "answers")
ASPECT_TEXT = ("id", "label", "description")
PROFILE_KEYS = ("id", "version", "title", "description", "licence", "authors")
_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")


class ProfileError(LexiconError):
    """A topic profile with a problem at a given line."""


@dataclass(frozen=True)
class Aspect:
    id: str
    label: str
    description: str
    cues: tuple[str, ...]
    weak_cues: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    not_: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    critics: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    dismissers: tuple[str, ...] = ()


@dataclass
class Profile:
    id: str
    version: str
    title: str
    path: str
    description: str = ""
    topic_cues: tuple[str, ...] = ()
    topic_required: tuple[str, ...] = ()
    min_hits: int = 3
    min_distinct: int = 2
    min_share: float = 0.1
    specificity: int = 1
    aspects: list[Aspect] = field(default_factory=list)
    discourse: dict[str, tuple[str, ...]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def versioned_id(self) -> str:
        return f"{self.id}@{self.version}"

    def aspect(self, aspect_id: str) -> Aspect:
        for a in self.aspects:
            if a.id == aspect_id:
                return a
        raise UnknownNameError("aspect", aspect_id, [a.id for a in self.aspects])

    # Compiled matchers, built on first use -------------------------------------------------

    def _lexicon(self, name: str, rows: list[tuple[str, str, str]]) -> Lexicon:
        lex = Lexicon(name=name, version=self.version, dimension="criticism", path=self.path)
        for pattern, category, note in rows:
            lex.entries.append(Entry(pattern, category, 1.0, (), note, self.path, 0,
                                     self.versioned_id, note))
        return lex

    @property
    def cue_matcher(self) -> Matcher:
        """Cues, weak cues and look-alikes of every aspect (category ``aspect<TAB>kind``)."""
        if "_cues" not in self.info:
            rows = [
                (p, f"{a.id}\t{kind}", a.label)
                for a in self.aspects
                for kind, pats in (("cue", a.cues), ("weak", a.weak_cues), ("not", a.not_))
                for p in pats
            ]
            self.info["_cues"] = Matcher([self._lexicon(self.id, rows)])
        return self.info["_cues"]

    def side_matcher(self, aspect: Aspect) -> Matcher:
        """An aspect's context words and answer phrases."""
        key = f"_side_{aspect.id}"
        if key not in self.info:
            rows = [(p, "context", aspect.label) for p in aspect.context]
            rows += [(p, "answer", aspect.label) for p in aspect.answers]
            self.info[key] = Matcher([self._lexicon(self.id, rows)])
        return self.info[key]

    @property
    def discourse_matcher(self) -> Matcher:
        if "_discourse" not in self.info:
            rows = [(p, kind, DISCOURSE_KINDS[kind]) for kind, pats in self.discourse.items()
                    for p in pats]
            self.info["_discourse"] = Matcher([self._lexicon("discourse", rows)])
        return self.info["_discourse"]

    @property
    def topic_matcher(self) -> Matcher:
        if "_topic" not in self.info:
            rows = [(p, "topic", "topic cue") for p in self.topic_cues]
            rows += [(p, "required", "required topic word") for p in self.topic_required]
            self.info["_topic"] = Matcher([self._lexicon(self.id, rows)])
        return self.info["_topic"]

    def topic_hits(self, doc: Document) -> tuple[int, int]:
        """(cue hits, distinct cues) of the topic in a document; (0, 0) when the profile has
        ``required`` words and none occurs."""
        evidence = self.topic_evidence(doc)
        if not evidence.required_ok:
            return 0, 0
        return evidence.hits, evidence.distinct

    def topic_evidence(self, doc: Document) -> TopicEvidence:
        """How much of a document is about this profile's subject: hits of its topic cues,
        the words that matched, and the share of sentences that hold one."""
        found = self.topic_matcher.find(doc)
        required = [m for m in found if m.entry.category == "required"]
        matches = [m for m in found if m.entry.category == "topic"]
        terms: dict[str, int] = {}
        for m in matches:
            word = " ".join(doc.norms[m.i:m.j])
            terms[word] = terms.get(word, 0) + 1
        sentences = {doc.token_sentence[m.i] for m in matches}
        share = len(sentences) / len(doc.sentences) if doc.sentences else 0.0
        return TopicEvidence(self, len(matches), terms, round(share, 4),
                             bool(required) or not self.topic_required,
                             len({m.entry.pattern for m in matches}))

    def qualifies(self, evidence: TopicEvidence) -> bool:
        return (evidence.required_ok and evidence.hits >= self.min_hits
                and evidence.distinct >= self.min_distinct and evidence.share >= self.min_share)


@dataclass
class TopicEvidence:
    """A profile's topic cues in one document (see :meth:`Profile.topic_evidence`)."""

    profile: Profile
    hits: int
    terms: dict[str, int]
    share: float
    required_ok: bool
    distinct: int = 0

    @property
    def confidence(self) -> float:
        """0.5 at the profile's thresholds, 1.0 at twice them (hits and sentence share)."""
        p = self.profile
        return round(min(1.0, 0.5 * min(self.hits / p.min_hits, self.share / p.min_share)), 2)

    def shortfall(self) -> str:
        """Why the profile was not chosen, in words."""
        p = self.profile
        if not self.required_ok:
            return f"none of its required words ({', '.join(p.topic_required)})"
        if self.hits < p.min_hits or self.distinct < p.min_distinct:
            return (f"{self.hits} subject-term hits ({self.distinct} different); needs "
                    f"{p.min_hits} ({p.min_distinct} different)")
        return (f"subject terms in {self.share:.0%} of sentences; needs {p.min_share:.0%}")


# --------------------------------------------------------------------------------------------
# Reading and validating


class _Locator:
    """Finds the line of a key (or a value) in the TOML text, for file:line error messages."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def table(self, header: str, nth: int = 0) -> int:
        seen = -1
        for no, line in enumerate(self.lines, 1):
            if line.strip().replace(" ", "") == header:
                seen += 1
                if seen == nth:
                    return no
        return 1

    def key(self, start: int, key: str, value: str | None = None) -> int:
        """The line of ``key = …`` in the table that starts at line ``start`` (or of ``value``
        inside that key's list); the table's own line when not found."""
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        found = None
        for no in range(start, len(self.lines) + 1):
            line = self.lines[no - 1]
            if no > start and line.lstrip().startswith("["):
                break
            if found is None and pat.match(line):
                found = no
                if value is None:
                    return no
            if found is not None and value is not None and value in line:
                return no
        return found or start


def _strings(path: str, loc: _Locator, where: int, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(path, loc.key(where, key), f"{key} must be a list of strings")
    return tuple(" ".join(v.split()) for v in value if v.strip())


def _patterns(path: str, loc: _Locator, where: int, key: str, value: Any,
              seen: dict[tuple, tuple[int, str]] | None = None) -> tuple[str, ...]:
    """Validate a list of cue patterns; ``seen`` catches one phrase in two places."""
    out = _strings(path, loc, where, key, value)
    for pattern in out:
        line = loc.key(where, key, pattern)
        try:
            sequences = parse_pattern(pattern)
        except ValueError as exc:
            raise ProfileError(path, line, f"{key} pattern {pattern!r}: {exc}") from None
        if seen is None:
            continue
        for seq in sequences:
            other = seen.get(tuple(seq))
            if other is not None:
                raise ProfileError(
                    path, line,
                    f"{key} pattern {pattern!r} is already listed on line {other[0]} "
                    f"({other[1]}); a phrase can belong to one aspect only",
                )
            seen[tuple(seq)] = (line, key)
    return out


def _discourse(path: str, text: str, data: Any) -> dict[str, tuple[str, ...]]:
    loc = _Locator(text)
    where = loc.table("[discourse]")
    if not isinstance(data, dict):
        raise ProfileError(path, where, "[discourse] must be a table of lists")
    out = {}
    for kind, value in data.items():
        if kind not in DISCOURSE_KINDS:
            raise ProfileError(path, loc.key(where, kind),
                               f"unknown discourse kind {kind!r}. Available names: "
                               f"{', '.join(DISCOURSE_KINDS)}")
        out[kind] = _patterns(path, loc, where, kind, value)
    return out


def read_profile(path: str | Path, *, text: str | None = None,
                 base_discourse: dict[str, tuple[str, ...]] | None = None) -> Profile:
    """Read and validate one profile; problems raise ProfileError naming file:line."""
    path = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(path, None, f"cannot read profile: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ProfileError(path, int(m.group(1)) if m else None,
                           f"not valid TOML: {msg}") from None
    loc = _Locator(text)
    head = data.get("profile")
    if not isinstance(head, dict):
        raise ProfileError(path, 1, "no [profile] table (id, version, title)")
    where = loc.table("[profile]")
    for key in ("id", "version", "title"):
        if not isinstance(head.get(key), str) or not head[key].strip():
            raise ProfileError(path, where, f"[profile] needs {key} = \"…\"")
    if not _ID.match(head["id"]):
        raise ProfileError(path, loc.key(where, "id"),
                           f"id {head['id']!r}: use lower-case letters, digits, - and _")
    if not _VERSION.match(head["version"]):
        raise ProfileError(path, loc.key(where, "version"),
                           f"version {head['version']!r}: write it like 1.0.0")
    unknown = sorted(set(data) - {"profile", "topic", "aspect", "discourse"})
    if unknown:
        raise ProfileError(path, loc.table(f"[{unknown[0]}]"),
                           f"unknown table [{unknown[0]}]; a profile has [profile], [topic], "
                           "[[aspect]] and optionally [discourse]")
    topic = data.get("topic") or {}
    twhere = loc.table("[topic]")
    topic_seen: dict[tuple, tuple[int, str]] = {}
    cues = _patterns(path, loc, twhere, "cues", topic.get("cues"), topic_seen)
    required = _patterns(path, loc, twhere, "required", topic.get("required"), topic_seen)
    if not cues:
        raise ProfileError(path, twhere, "[topic] needs cues = [\"…\"] that show an article "
                           "is on the topic")
    numbers = {}
    for key, default in (("min_hits", 3), ("min_distinct", 2), ("specificity", 1)):
        value = topic.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ProfileError(path, loc.key(twhere, key), f"{key} must be a whole number ≥ 1")
        numbers[key] = value
    share = topic.get("min_share", 0.1)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise ProfileError(path, loc.key(twhere, "min_share"),
                           "min_share must be a number from 0 to 1")
    numbers["min_share"] = float(share)
    discourse = {k: tuple(v) for k, v in (base_discourse or {}).items()}
    if "discourse" in data:
        for kind, pats in _discourse(path, text, data["discourse"]).items():
            discourse[kind] = discourse.get(kind, ()) + pats
    profile = Profile(
        id=head["id"], version=head["version"], title=head["title"], path=path,
        description=str(head.get("description", "")), topic_cues=cues, topic_required=required,
        discourse=discourse, info={k: head[k] for k in PROFILE_KEYS if k in head}, **numbers,
    )
    aspects = data.get("aspect")
    if not isinstance(aspects, list) or not aspects:
        raise ProfileError(path, None, "profile has no [[aspect]] tables")
    seen_cues: dict[tuple, tuple[int, str]] = {}
    ids: dict[str, int] = {}
    for n, item in enumerate(aspects):
        awhere = loc.table("[[aspect]]", n)
        for key in ASPECT_TEXT:
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ProfileError(path, awhere, f"aspect needs {key} = \"…\"")
        aid = item["id"]
        if not _ID.match(aid):
            raise ProfileError(path, loc.key(awhere, "id"),
                               f"aspect id {aid!r}: use lower-case letters, digits, - and _")
        if aid in ids:
            raise ProfileError(path, loc.key(awhere, "id"),
                               f"aspect id {aid!r} is already used on line {ids[aid]}")
        ids[aid] = loc.key(awhere, "id")
        extra = sorted(set(item) - set(ASPECT_TEXT) - set(ASPECT_LISTS)
                       - {"critics", "dismissers", "references"})
        if extra:
            raise ProfileError(path, loc.key(awhere, extra[0]),
                               f"unknown aspect key {extra[0]!r}. Available names: "
                               f"{', '.join(ASPECT_TEXT + ASPECT_LISTS)}, critics, "
                               "dismissers, references")
        lists = {}
        for key in ASPECT_LISTS:
            shared = seen_cues if key in ("cues", "weak_cues", "not") else None
            lists[key] = _patterns(path, loc, awhere, key, item.get(key), shared)
        if not lists["cues"] and not lists["weak_cues"]:
            raise ProfileError(path, awhere, f"aspect {aid!r} has no cues or weak_cues")
        if lists["weak_cues"] and not lists["context"] and not discourse.get("concern"):
            raise ProfileError(path, loc.key(awhere, "weak_cues"),
                               f"aspect {aid!r}: weak_cues need context words or concern "
                               "markers to count")
        refs = _strings(path, loc, awhere, "references", item.get("references"))
        if not refs:
            raise ProfileError(path, awhere, f"aspect {aid!r} needs references = [\"…\"]: "
                               "public sources on why the aspect matters")
        profile.aspects.append(Aspect(
            id=aid, label=item["label"].strip(), description=" ".join(item["description"].split()),
            cues=lists["cues"], weak_cues=lists["weak_cues"], context=lists["context"],
            not_=lists["not"], answers=lists["answers"],
            critics=_strings(path, loc, awhere, "critics", item.get("critics")), references=refs,
            dismissers=_strings(path, loc, awhere, "dismissers", item.get("dismissers")),
        ))
    return profile


# --------------------------------------------------------------------------------------------
# Shipped profiles


def _shipped_dir():
    try:
        return resources.files("framing.lexicons").joinpath("topics")
    except ModuleNotFoundError:  # a source checkout that was not installed
        return Path(__file__).resolve().parents[3] / "lexicons" / "topics"


def shipped_profiles() -> dict[str, str]:
    """Name -> file name of every profile shipped with framing."""
    return dict(_shipped_names())


@functools.lru_cache(maxsize=1)
def _shipped_names() -> tuple[tuple[str, str], ...]:
    # read once: the installed package does not change while framing runs, and listing the
    # folder for every profile of every article cost about 2 ms per article
    return tuple(
        (p.name[: -len(".toml")], p.name)
        for p in sorted(_shipped_dir().iterdir(), key=lambda p: p.name)
        if p.name.endswith(".toml") and p.name != DISCOURSE_FILE
    )


def load_discourse() -> dict[str, tuple[str, ...]]:
    """The shared discourse markers (``lexicons/topics/discourse.toml``)."""
    resource = _shipped_dir().joinpath(DISCOURSE_FILE)
    name = f"framing/lexicons/topics/{DISCOURSE_FILE}"
    text = resource.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(name, None, f"not valid TOML: {exc}") from None
    return _discourse(name, text, data.get("discourse"))


_CACHE: dict[str, Profile] = {}


def load_profile(name_or_path: str | Path | Profile) -> Profile:
    """A shipped profile by name ("china-central-asia") or any profile file by path."""
    if isinstance(name_or_path, Profile):
        return name_or_path
    path = Path(name_or_path)
    if path.suffix == ".toml":
        if not path.exists():
            raise ProfileError(str(path), None, "no such profile file")
        return read_profile(path, base_discourse=load_discourse())
    name = str(name_or_path)
    shipped = shipped_profiles()
    if name not in shipped:
        raise UnknownNameError("topic profile", name, shipped)
    if name not in _CACHE:
        resource = _shipped_dir().joinpath(shipped[name])
        _CACHE[name] = read_profile(
            f"framing/lexicons/topics/{resource.name}",
            text=resource.read_text(encoding="utf-8"), base_discourse=load_discourse(),
        )
    return _CACHE[name]


@dataclass
class TopicChoice:
    """The automatic choice for one article: the profile (or None), how sure, and why."""

    profile: Profile | None
    confidence: float | None = None
    terms: dict[str, int] = field(default_factory=dict)
    share: float | None = None
    reason: str = ""

    def record(self) -> dict[str, Any]:
        """The ``topic`` field of a scored record (None when no profile fits)."""
        if self.profile is None:
            return {}
        return {"id": self.profile.id, "version": self.profile.version, "chosen": "auto",
                "confidence": self.confidence, "terms": dict(self.terms),
                "sentence_share": self.share}


def topic_choice(doc: Document, profiles: list[Profile] | None = None) -> TopicChoice:
    """Which profile an article is about, on the evidence of the profiles' subject terms.

    A profile qualifies when its topic cues occur at least ``min_hits`` times, with at least
    ``min_distinct`` different cues, in at least ``min_share`` of the sentences (and one of
    its ``required`` words, when it lists any). Among those the most specific wins (a
    China–Central Asia profile before a general summits one), then the one with more hits.
    When none qualifies, ``reason`` names the closest profile and what it lacked.
    """
    if profiles is None:
        profiles = [load_profile(n) for n in shipped_profiles()]
    best: tuple[int, int, str] | None = None
    chosen: TopicEvidence | None = None
    closest: TopicEvidence | None = None
    for profile in profiles:
        ev = profile.topic_evidence(doc)
        if profile.qualifies(ev):
            key = (profile.specificity, ev.hits, profile.id)
            if best is None or key > best:
                best, chosen = key, ev
        elif ev.hits and (closest is None or (ev.hits, ev.share) > (closest.hits, closest.share)):
            closest = ev
    if chosen is not None:
        terms = dict(sorted(chosen.terms.items(), key=lambda kv: (-kv[1], kv[0])))
        reason = (f"{chosen.hits} hits of its subject terms in {chosen.share:.0%} of "
                  "sentences: " + ", ".join(f"{t} ({n})" for t, n in list(terms.items())[:6]))
        return TopicChoice(chosen.profile, chosen.confidence, terms, chosen.share, reason)
    if closest is None:
        reason = "no topic profile's subject terms occur in the text"
    else:
        reason = (f"no topic profile fits; closest: {closest.profile.id} with "
                  f"{closest.shortfall()}")
    return TopicChoice(None, reason=reason)


class TopicTally:
    """Counts scored records the criticism dimension found no profile for, and says so in one
    line at the end of a run (``framing score`` and ``framing report``)."""

    def __init__(self) -> None:
        self.checked = 0
        self.without = 0

    def count(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            part = criticism_of(record) if isinstance(record, dict) else None
            if part is not None:
                self.checked += 1
                self.without += part.topic is None
            yield record

    def message(self) -> str | None:
        if not self.without:
            return None
        return (f"framing: {self.without} of {self.checked} articles matched no topic profile, "
                "so their omitted criticism was not checked; give one with --topic NAME|FILE "
                "(framing topics list) or draft one with framing topics suggest")

    def report(self, stream: Any = None) -> None:
        message = self.message()
        if message:
            print(message, file=stream or sys.stderr)


def choose_profile(doc: Document, profiles: list[Profile] | None = None) -> Profile | None:
    """The profile an article clearly matches, or None (see :func:`topic_choice`)."""
    return topic_choice(doc, profiles).profile


__all__ = ["Aspect", "Profile", "ProfileError", "read_profile", "load_profile",
           "shipped_profiles", "choose_profile", "topic_choice", "TopicChoice", "TopicTally",
           "load_discourse"]
