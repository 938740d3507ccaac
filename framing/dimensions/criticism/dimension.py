"""Omitted criticism: which critical aspects of a topic an article leaves out, mentions, voices
or raises only to dismiss — and who voices or dismisses them.

The aspects and their cue phrases come from a topic profile
(:mod:`framing.dimensions.criticism.profiles`). For each
sentence that raises an aspect the dimension decides:

* **mentioned** — stated in passing, or listed as an item under a "challenges" heading;
* **voiced** — somebody argues it: a concern word ("worry", "criticism"), a reporting verb
  ("economists say"), the author's own stance ("arguably"), or it sits inside a quotation;
* **dismissed** — answered away: in the same sentence ("so-called 'debt trap'", "While
  concerns … exist, the partnership …", a denied cue "never attached political strings") or
  in a following sentence that declares the worry unfounded or overcome ("Such concerns are
  unnecessary", "However, these challenges are by no means insurmountable", "… legitimate.
  However, …").

An aspect is *voiced* when at least one of its raising sentences is voiced and not answered,
else *dismissed* when one was answered away, else *mentioned*; *absent* when no sentence raises
it. A plain denial reported next to a named critic ("officials rejected the idea") does not
count as a dismissal: the critic keeps the floor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import LexiconError
from ...evidence import Evidence
from ...registry import DimensionResult, register
from ...textunits import Document
from ..attribution.dimension import attributions_of
from .part import PARTS
from .profiles import Aspect, Profile, load_profile, shipped_profiles, topic_choice

STATUSES = ("absent", "mentioned", "voiced", "dismissed")
#: How far after a raising sentence an answer may come, in paragraphs (a bullet list is one).
ANSWER_UNITS = 2
#: How far a "However, …" answer with no word pointing back may come, in sentences.
COUNTER_SENTENCES = 2
_BULLET = re.compile(r"^\s*(?:[-•*–—▪●]|\d{1,2}[.)])\s+")
_OPENER_SKIP = frozenset({'"', "“", "‘", "'", "(", "—", "-", "–", "and", "so"})


@dataclass
class _Raise:
    aspect: str
    sentence: int
    cue_start: int
    cue_end: int
    cue: str
    status: str = "mentioned"
    why: str = ""
    rebuttal: int | None = None
    rebuttal_marker: str = ""
    rebuttal_span: tuple[int, int] | None = None  # the words that answer it away


@dataclass
class _Sentence:
    kinds: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    opener: str = ""  # discourse kind that opens the sentence (counter / concessive)
    opener_end: int = -1


def omission_index(statuses: list[str]) -> float | None:
    """(absent + dismissed + ½·mentioned) / aspects: 1 when no aspect is argued, 0 when all are."""
    if not statuses:
        return None
    score = sum(1.0 if s in ("absent", "dismissed") else 0.5 if s == "mentioned" else 0.0
                for s in statuses)
    return round(score / len(statuses), 4)


def criticism_metrics(statuses: list[str]) -> dict[str, float | None]:
    """Coverage, dismissed share and omission index from the aspects' statuses."""
    if not statuses:
        return {"criticism_coverage": None, "criticism_dismissed_share": None,
                "criticism_omission_index": None}
    covered = [s for s in statuses if s != "absent"]
    return {
        "criticism_coverage": round(len(covered) / len(statuses), 4),
        "criticism_dismissed_share": (
            round(covered.count("dismissed") / len(covered), 4) if covered else None
        ),
        "criticism_omission_index": omission_index(statuses),
    }


@register("criticism", order=40, requires=("attribution",), assigns=PARTS)
class Criticism:
    """Statuses of a topic profile's critical aspects in each article (see module docstring).

    ``topic``: a shipped profile name or a profile file; None chooses one per article when the
    article clearly matches a shipped profile (the choice is recorded).
    """

    name = "criticism"

    def __init__(self, *, lexicons: Any = (), topic: str | Path | Profile | None = None):
        if lexicons:
            raise LexiconError(
                str(getattr(lexicons[0], "path", lexicons[0])), None,
                "the criticism dimension reads topic profiles, not lexicons: use --topic PATH",
            )
        self.topic = topic
        self.profile = load_profile(topic) if topic is not None else None

    def describe(self) -> dict[str, Any]:
        if self.profile is not None:
            profiles = [self.profile.versioned_id]
        else:
            profiles = [load_profile(n).versioned_id for n in shipped_profiles()]
        return {"dimension": self.name, "lexicons": profiles}

    # ----------------------------------------------------------------------------------------

    def analyze(self, doc: Document) -> DimensionResult:
        if self.profile is not None:
            profile = self.profile
            topic = {"id": profile.id, "version": profile.version, "chosen": "given"}
        else:
            choice = topic_choice(doc)
            profile, topic = choice.profile, choice.record()
            if profile is None:
                return DimensionResult([], criticism_metrics([]), {
                    "topic": None, "topic_reason": choice.reason, "aspects": []})
        sentences = self._discourse(doc, profile)
        units = _units(doc)
        raises, context = self._raises(doc, profile)
        attributions = _attributions(doc)
        for r in raises:
            _judge(doc, r, sentences, units, raises, context[r.aspect])
        evidence: list[Evidence] = []
        aspects = []
        for aspect in profile.aspects:
            mine = [r for r in raises if r.aspect == aspect.id]
            status, voiced_by, dismissed_by = _aggregate(doc, mine, attributions)
            aspects.append(self._aspect_record(doc, aspect, status, mine, voiced_by,
                                               dismissed_by))
            evidence.extend(self._evidence(doc, profile, aspect, mine, status))
        record = {"topic": topic, "topic_reason": None, "aspects": aspects}
        if self.profile is None:
            record["topic_reason"] = choice.reason
        metrics = criticism_metrics([a["status"] for a in aspects])
        return DimensionResult(evidence, metrics, record)

    # ----------------------------------------------------------------------------------------

    @staticmethod
    def _discourse(doc: Document, profile: Profile) -> list[_Sentence]:
        out = [_Sentence() for _ in doc.sentences]
        first = _first_words(doc)
        for m in profile.discourse_matcher.find(doc):
            s = doc.token_sentence[m.i]
            kind = m.entry.category
            start, end = doc.token_starts[m.i], doc.token_ends[m.j - 1]
            out[s].kinds.setdefault(kind, []).append((start, end, m.entry.pattern))
            if kind in ("counter", "concessive") and first.get(s) == m.i:
                out[s].opener, out[s].opener_end = kind, end
        return out

    @staticmethod
    def _raises(doc: Document, profile: Profile
                ) -> tuple[list[_Raise], dict[str, dict[int, set[str]]]]:
        """Sentences that raise an aspect, and per aspect the sentences' context/answer words."""
        context: dict[str, dict[int, set[str]]] = {}
        answered: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for aspect in profile.aspects:
            per: dict[int, set[str]] = defaultdict(set)
            for m in profile.side_matcher(aspect).find(doc):
                per[doc.token_sentence[m.i]].add(m.entry.category)
                if m.entry.category == "answer":
                    answered[aspect.id].append((m.i, m.j))
            context[aspect.id] = per
        out = []
        for m in profile.cue_matcher.find(doc):
            aspect_id, kind = m.entry.category.split("\t")
            s = doc.token_sentence[m.i]
            if kind == "not":
                continue
            if any(i < m.j and m.i < j for i, j in answered[aspect_id]):
                continue  # part of an answer ("help partner countries repay and grow")
            if kind == "weak" and "context" not in context[aspect_id].get(s, ()):
                continue
            start, end = doc.token_starts[m.i], doc.token_ends[m.j - 1]
            r = _Raise(aspect_id, s, start, end, doc.text[start:end])
            denial = _denied(doc, m.i) if kind == "cue" else None
            if denial:
                r.rebuttal, r.rebuttal_marker = s, f"the denial '{denial}' before the cue"
            out.append(r)
        return out, context

    # ----------------------------------------------------------------------------------------

    # ----------------------------------------------------------------------------------------

    @staticmethod
    def _aspect_record(doc: Document, aspect: Aspect, status: str, mine: list[_Raise],
                       voiced_by: str | None, dismissed_by: str | None) -> dict[str, Any]:
        spans: dict[tuple[int, str], None] = {}
        for r in mine:
            spans[(r.sentence, "raise")] = None
            if r.rebuttal is not None:
                spans[(r.rebuttal, "rebuttal")] = None
        sentences = []
        for s, role in sorted(spans):
            sent = doc.sentences[s]
            sentences.append({"start": sent.start, "end": sent.end,
                              "text": doc.text[sent.start:sent.end], "role": role})
        return {"aspect": aspect.id, "label": aspect.label, "status": status,
                "voiced_by": voiced_by, "dismissed_by": dismissed_by, "sentences": sentences}

    def _evidence(self, doc: Document, profile: Profile, aspect: Aspect, mine: list[_Raise],
                  status: str) -> list[Evidence]:
        out = []
        seen: set[tuple[int, str]] = set()
        label = aspect.label.lower()
        for r in mine:
            sent = doc.sentences[r.sentence]
            if (r.sentence, "raise") not in seen:
                seen.add((r.sentence, "raise"))
                state = "dismissed" if r.rebuttal is not None else r.status
                out.append(Evidence(
                    dimension=self.name, category=aspect.id, start=sent.start, end=sent.end,
                    text=doc.text[sent.start:sent.end], weight=1.0,
                    reason=f"{label}: raised ('{r.cue}'), {r.why}"
                    + (" — then answered away" if r.rebuttal is not None else ""),
                    entry=r.cue.lower(), lexicon=profile.versioned_id,
                    voice=doc.voice(r.cue_start, r.cue_end), sentence=r.sentence,
                    extra={"status": state, "aspect": aspect.id, "role": "raise",
                           "aspect_status": status, "cue_start": r.cue_start,
                           "cue_end": r.cue_end},
                ))
            if r.rebuttal is not None and (r.rebuttal, "rebuttal") not in seen:
                seen.add((r.rebuttal, "rebuttal"))
                reb = doc.sentences[r.rebuttal]
                out.append(Evidence(
                    dimension=self.name, category=aspect.id, start=reb.start, end=reb.end,
                    text=doc.text[reb.start:reb.end], weight=1.0,
                    reason=f"{label}: dismissed by {r.rebuttal_marker}, answering the point "
                    f"raised in sentence {r.sentence + 1}",
                    entry=r.rebuttal_marker, lexicon=profile.versioned_id,
                    voice=doc.voice(reb.start, reb.end), sentence=r.rebuttal,
                    extra={"status": "dismissed", "aspect": aspect.id, "role": "rebuttal",
                           "aspect_status": status, "raise_sentence": r.sentence},
                ))
        return out


# --------------------------------------------------------------------------------------------
# Helpers


def _judge(doc: Document, r: _Raise, sentences: list[_Sentence], units: list[int],
           raises: list[_Raise], context: dict[int, set[str]]) -> None:
    """Set a raising sentence's status (mentioned/voiced) and find what answers it, if any."""
    s = r.sentence
    here = sentences[s]
    listed = _in_challenge_list(doc, s, sentences)
    if listed:
        r.status, r.why = "mentioned", "listed as one item under a heading of challenges"
    elif doc.voice(r.cue_start, r.cue_end) == "quoted":
        r.status, r.why = "voiced", "inside a quotation: a source says it"
    else:
        for kind, why in (("concern", "presented as a problem"),
                          ("reporting", "put in a source's mouth"),
                          ("stance", "argued in the author's own voice")):
            # the cue's own words ("distrust of Chinese projects") do not argue it
            spans = [sp for sp in here.kinds.get(kind, ())
                     if sp[1] <= r.cue_start or sp[0] >= r.cue_end]
            if spans:
                r.status, r.why = "voiced", f"{why} ('{_words(doc, spans[0])}')"
                break
        else:
            r.status, r.why = "mentioned", "stated in passing; nobody argues it"
    if r.rebuttal is not None:  # a denied cue
        return
    # answered in the same sentence
    if "dismissal" in here.kinds:
        span = here.kinds["dismissal"][0]
        r.rebuttal, r.rebuttal_marker = s, f"'{_words(doc, span)}'"
        r.rebuttal_span = (span[0], span[1])
        return
    if here.opener == "concessive":
        comma = doc.text.find(",", here.opener_end, doc.sentences[s].end)
        if comma > r.cue_end and doc.text[comma + 1:doc.sentences[s].end].strip():
            r.rebuttal, r.rebuttal_marker = s, "a granted clause: '" + doc.text[
                doc.sentences[s].start:here.opener_end] + " …, …'"
            return
    conceded = "concession" in here.kinds
    topical = _topical_sentences(r.aspect, raises)
    for t in range(s + 1, len(doc.sentences)):
        if units[t] > units[s] + ANSWER_UNITS:
            break
        there = sentences[t]
        near = t - s <= COUNTER_SENTENCES
        answers = "answer" in context.get(t, ())
        on_topic = t in topical or answers
        counter = there.opener == "counter"
        # "Challenges remain, including … Yet, … offers a path forward": an answer that opens
        # with a counter word covers what its own paragraph raised
        same_para = doc.sentences[t].paragraph == doc.sentences[s].paragraph
        if "dismissal" in there.kinds and (
            "anaphora" in there.kinds or on_topic or ((near or same_para) and counter)
        ):
            span = there.kinds["dismissal"][0]
            r.rebuttal, r.rebuttal_marker = t, f"'{_words(doc, span)}'"
            r.rebuttal_span = (span[0], span[1])
            return
        if counter and on_topic and r.status == "mentioned":
            r.rebuttal, r.rebuttal_marker = t, "'" + _words(doc, _opener(there)) + \
                "' followed by an answer on the same point"
            return
        if counter and near and (conceded or "concession" in sentences[t - 1].kinds):
            r.rebuttal, r.rebuttal_marker = t, "a concession followed by '" + \
                _words(doc, _opener(there)) + "'"
            return



#: Words that deny a point outright when they come just before its cue ("never attached
#: political strings", "no strings attached"). "not" and "cannot" are left out: in "debt they
#: cannot repay" or "did not get new contracts" the negation *is* the complaint.
DENIALS = frozenset({"never", "no", "without"})


def _denied(doc: Document, i: int, window: int = 3) -> str | None:
    """The denial word among the three words before token ``i`` in its sentence, if any."""
    sent = doc.token_sentence[i]
    for k in range(1, window + 1):
        if i - k < 0 or doc.token_sentence[i - k] != sent:
            return None
        if doc.norms[i - k] in DENIALS:
            return doc.text[doc.token_starts[i - k]:doc.token_ends[i - k]]
    return None


def _words(doc: Document, span: tuple[int, int, str]) -> str:
    return doc.text[span[0]:span[1]]


def _opener(sentence: _Sentence) -> tuple[int, int, str]:
    for kind in ("counter", "concessive"):
        for span in sentence.kinds.get(kind, ()):
            if span[1] == sentence.opener_end:
                return span
    return (0, 0, "")


def _first_words(doc: Document) -> dict[int, int]:
    """Token index of each sentence's first word (skipping an opening quote, dash or 'And')."""
    first: dict[int, int] = {}
    for i, s in enumerate(doc.token_sentence):
        if s in first and first[s] >= 0:
            continue
        if doc.norms[i] in _OPENER_SKIP or not doc.norms[i][:1].isalnum():
            first.setdefault(s, -1)
            continue
        first[s] = i
    return {s: i for s, i in first.items() if i >= 0}


def _units(doc: Document) -> list[int]:
    """Per sentence, the paragraph unit it belongs to; consecutive bullet items are one unit."""
    unit, last_para, last_bullet = -1, -1, False
    out = []
    for sent in doc.sentences:
        if sent.paragraph != last_para:
            bullet = _is_bullet(doc, sent.start)
            if not (bullet and last_bullet):
                unit += 1
            last_para, last_bullet = sent.paragraph, bullet
        out.append(unit)
    return out


def _is_bullet(doc: Document, start: int) -> bool:
    line_start = doc.text.rfind("\n", 0, start) + 1
    return bool(_BULLET.match(doc.text[line_start:start + 3]))


def _in_challenge_list(doc: Document, s: int, sentences: list[_Sentence]) -> bool:
    """A bullet item whose list is introduced by a heading or line about challenges."""
    sent = doc.sentences[s]
    if not _is_bullet(doc, sent.start):
        return False
    para = sent.paragraph
    k = s
    while k >= 0 and (doc.sentences[k].paragraph == para
                      or _is_bullet(doc, doc.sentences[k].start)):
        k -= 1
    # up to two paragraphs before the run of bullets: the heading and its introduction
    paras_seen = set()
    while k >= 0 and len(paras_seen) <= 2:
        paras_seen.add(doc.sentences[k].paragraph)
        if len(paras_seen) > 2:
            break
        if "challenge" in sentences[k].kinds:
            return True
        k -= 1
    return False


def _topical_sentences(aspect: str, raises: list[_Raise]) -> set[int]:
    return {r.sentence for r in raises if r.aspect == aspect}


def _attributions(doc: Document) -> list[dict[str, Any]] | None:
    """The attribution dimension's attributions when it ran, else None."""
    result = doc.results.get("attribution")
    if result is None:
        return None
    return list(attributions_of(result.record) or [])


def _who(doc: Document, start: int, end: int, attributions: list[dict[str, Any]] | None,
         cue: tuple[int, int] | None = None) -> str | None:
    """Who says the words in [start, end): the source of an attribution whose content
    overlaps them, else the author (the article's author when known); None without
    attribution results."""
    if attributions is None:
        return None
    lo, hi = cue if cue else (start, end)
    best = None
    narrowest = None
    for att in attributions:
        content = att.get("content") or {}
        c0, c1 = content.get("start", -1), content.get("end", -1)
        # the innermost attribution around the words: in "Some fishermen have raised concerns
        # about X, but the operator said those worries are unfounded" the operator's content
        # sits inside the fishermen's, and the operator says "unfounded"
        if c0 < hi and c1 > lo and (narrowest is None or c1 - c0 < narrowest):
            best, narrowest = att, c1 - c0
        if narrowest is None and best is None and c0 < end and c1 > start:
            best = att
    if best is not None:
        return _source_words(best.get("source") or {})
    author = doc.meta.get("author")
    return f"the author ({author})" if author else "the author"


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them"})


def _source_words(src: dict[str, Any]) -> str:
    """How to name a source: its full name when the text is part of it ("Raman" -> "Priya
    Raman") or a pronoun, else the words the article uses ("Some Western media outlets")."""
    text, name = (src.get("text") or "").strip(), (src.get("name") or "").strip()
    if name and (text.lower() in _PRONOUNS or (text and text.lower() in name.lower())):
        return name
    return text or name or "unnamed source"


def _aggregate(doc: Document, mine: list[_Raise], attributions: list[dict[str, Any]] | None
               ) -> tuple[str, str | None, str | None]:
    if not mine:
        return "absent", None, None
    open_voiced = [r for r in mine if r.status == "voiced" and r.rebuttal is None]
    rebutted = [r for r in mine if r.rebuttal is not None]
    voiced_any = [r for r in mine if r.status == "voiced"]
    voiced_by = dismissed_by = None
    # who voices it: the first raise a source is credited with, else the first raise
    for r in open_voiced or voiced_any:
        sent = doc.sentences[r.sentence]
        who = _who(doc, sent.start, sent.end, attributions, (r.cue_start, r.cue_end))
        if voiced_by is None:
            voiced_by = who
        if who is not None and not who.startswith("the author"):
            voiced_by = who
            break
    if rebutted:
        # the dismisser is who says the words that answer the point away ("…, but the
        # operator said those worries are unfounded"), not the first source in the sentence
        first = rebutted[0]
        reb = doc.sentences[first.rebuttal]
        dismissed_by = _who(doc, reb.start, reb.end, attributions, first.rebuttal_span)
    if open_voiced:
        return "voiced", voiced_by, None
    if rebutted:
        # raised only by the one who dismisses it ("views that … — such concerns are
        # unnecessary", Tokayev told CGTN): nobody is on record voicing it
        return "dismissed", None if voiced_by == dismissed_by else voiced_by, dismissed_by
    return "mentioned", None, None
