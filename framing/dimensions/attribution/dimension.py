"""Attribution: who speaks, how they are introduced, and what the author says with no source.

Every attribution becomes three kinds of evidence linked by ``extra["attribution"]`` (its
0-based index in the article): the cue (category neutral, emphatic, endorsing or distancing),
the source (category "source", with its type, name, role and affiliation) and the content (one
row per part: a quotation split around its cue has two). Evaluative author sentences with no
attribution in or next to them are "unsourced_claim" rows. The finding rules live in
:mod:`framing.dimensions.attribution.rules`; this module turns them into evidence, the
``attributions``
record field and metrics that are a pure function of the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...evidence import Evidence
from ...lexicon import Lexicon, load_for_dimension
from ...record import part_of
from ...registry import DimensionResult, register
from ...textunits import Document
from .rules import RULE_ID, SOURCE_TYPES, Extractor, Found
from .tagger import SpanTagger, load_tagger

#: The field of the scored record this dimension writes: one dict per attribution (id, cue,
#: source, content, direct, form, ...), in the order of their cues.
PART = "attributions"


def attributions_of(record: Any) -> list[dict[str, Any]] | None:
    """The attributions of a scored record (a ScoredArticle or a JSONL record); None when the
    attribution dimension did not run on it."""
    return part_of(record, PART)


CUE_CATEGORIES = ("neutral", "emphatic", "endorsing", "distancing")
FORMS = {
    "subject": "the source is named before the reporting words",
    "inverted": "the source is named after the reporting words",
    "according to": "'according to' names the source",
    "possessive": "the source owns the statement ('his claim that …')",
    "participle": "the reporting words share the source of the clause before ('…, adding')",
    "signed": "a quotation signed with a dash and the speaker's name",
    "colon": "a line opens with the source's name and a colon",
    "speaker": "a transcript line opens with the speaker's label and a colon",
    "coordinated": "the reporting words share the subject of the sentence ('… and said')",
    "tagger": "found by the learned tagger, not by a rule: the words around it look like the "
              "reporting words of news articles it was trained on",
}


@register("attribution", order=30, requires=("promotional",), assigns=(PART,))
class Attribution:
    """Find attributions, describe sources and cues, and mark unsourced evaluative sentences."""

    name = "attribution"
    lexicon_names = ("attribution_cues", "attribution_sources")

    def __init__(
        self,
        *,
        lexicons: Sequence[str | Path | Lexicon] = (),
        tagger: bool | str | Path | SpanTagger = True,
    ):
        """``tagger``: True uses the shipped cue tagger (trained on PolNeAR) to add cues the
        rules miss; False uses the rules only; a path or a SpanTagger uses that tagger."""
        loaded = load_for_dimension(self.name, self.lexicon_names, lexicons)
        self.lexicons = loaded
        # a lexicon whose categories are all cue classes extends the cues; others the sources
        cues = [lex for lex in loaded if set(lex.categories) <= set(CUE_CATEGORIES)]
        sources = [lex for lex in loaded if lex not in cues]
        if tagger is True:
            tagger = load_tagger()
        elif isinstance(tagger, (str, Path)):
            tagger = load_tagger(tagger)
        self.tagger = tagger or None
        self.extractor = Extractor(cues, sources, self.tagger)

    def describe(self) -> dict[str, Any]:
        return {"dimension": self.name, "lexicons": [lex.id for lex in self.lexicons],
                "rules": RULE_ID, "tagger": self.tagger.id if self.tagger else None}

    # ----------------------------------------------------------------------------------------
    def analyze(self, doc: Document) -> DimensionResult:
        found = self.extractor.find(doc)
        evidence: list[Evidence] = []
        records = []
        for k, item in enumerate(found):
            rows, record = _evidence_for(doc, k, item)
            evidence.extend(rows)
            records.append(record)
        evidence.extend(_unsourced_claims(doc, evidence))
        evidence.sort(key=lambda e: (e.start, e.end))
        return DimensionResult(evidence, self.metrics(evidence, doc), {PART: records})

    def metrics(self, evidence: list[Evidence], doc: Document) -> dict[str, float | None]:
        """Pure function of the attribution and promotional evidence and the text length.

        ``attribution_unsourced_share`` = unsourced claims / sentences with promotional words
        in the author's voice (None when there are none, or the promotional dimension did not
        run). Every share is None when it has no base: an article with no attributions has no
        direct share, not a direct share of 0.
        """
        sources = [e for e in evidence if e.extra and e.extra.get("role") == "source"]
        cues = [e for e in evidence if e.extra and e.extra.get("role") == "cue"]
        contents = [e for e in evidence if e.extra and e.extra.get("role") == "content"]
        claims = [e for e in evidence if e.category == "unsourced_claim"]
        n = len(cues)

        def share(count: int, total: int) -> float | None:
            # a share of nothing is no share: None (an empty cell), not 0.0 (issue 22)
            return round(count / total, 4) if total else None

        names = {e.extra.get("name") for e in sources if e.extra.get("named")}
        quoted = sum(e.end - e.start for e in contents if e.extra.get("direct"))
        promo = doc.results.get("promotional")
        # evaluative sentences: those with promotional words in the author's voice
        evaluative = {e.sentence for e in promo.evidence if e.voice == "author"} if promo else set()
        m = {
            "attribution_count": float(n),
            "attribution_direct_share": share(
                sum(bool(e.extra.get("direct")) for e in cues), n),
            "attribution_named_sources": float(len(names - {None, ""})),
            "attribution_vague_share": share(sum(bool(e.extra.get("vague")) for e in sources), n),
            "attribution_self_citations": float(
                sum(bool(e.extra.get("self_citation")) for e in sources)),
            "attribution_quoted_text_share": share(quoted, len(doc.text)),
            "attribution_unsourced_claims": float(len(claims)),
            "attribution_unsourced_share": share(len(claims), len(evaluative)),
        }
        for cat in CUE_CATEGORIES:
            m[f"attribution_{cat}_share"] = share(sum(e.category == cat for e in cues), n)
        for typ in SOURCE_TYPES:
            m[f"attribution_type_{typ}_share"] = share(
                sum(e.extra.get("source_type") == typ for e in sources), n)
        return m


# --------------------------------------------------------------------------------------------


def _span(doc: Document, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": doc.text[start:end]}


def _evidence_for(doc: Document, k: int, item: Found) -> tuple[list[Evidence], dict[str, Any]]:
    ts, te = doc.token_starts, doc.token_ends
    c_start, c_end = ts[item.cue[0]], te[item.cue[1] - 1]
    cue_text = doc.text[c_start:c_end]
    if item.source is not None:
        s_start, s_end = ts[item.source[0]], te[item.source[1] - 1]
        source_text = doc.text[s_start:s_end]
    else:
        source_text = ""
    who = item.name or source_text or "an unidentified source"
    link = {"attribution": k, "direct": item.direct, "form": item.form}
    if item.found_by == "tagger":
        link["found_by"] = "tagger"
    rows = [
        Evidence(
            dimension="attribution", category=item.cue_category, start=c_start, end=c_end,
            text=cue_text, weight=item.cue_weight, reason=_cue_reason(item, cue_text, who),
            entry=item.cue_entry, lexicon=item.cue_lexicon, voice=doc.voice(c_start, c_end),
            sentence=doc.token_sentence[item.cue[0]],
            extra={**link, "role": "cue", "source_text": source_text,
                   **({"probability": item.probability,
                       "clues": [list(c) for c in item.clues]}
                      if item.found_by == "tagger" else {})},
        ),
    ]
    if item.source is not None:
        rows.append(Evidence(
            dimension="attribution", category="source", start=s_start, end=s_end,
            text=source_text, weight=1.0, reason=_source_reason(item, source_text),
            entry=item.form, lexicon=RULE_ID, voice=doc.voice(s_start, s_end),
            sentence=doc.token_sentence[item.source[0]],
            extra={
                **link, "role": "source", "source_type": item.type, "named": item.named,
                "vague": item.vague, "name": item.name, "kind": item.kind,
                "role_text": item.role, "affiliation": item.affiliation,
                "origin": item.origin, "self_citation": item.self_citation,
                "resolved_from": item.resolved_from,
            },
        ))
    for part, (a, b) in enumerate(item.content):
        rows.append(Evidence(
            dimension="attribution", category="content", start=a, end=b, text=doc.text[a:b],
            weight=1.0,
            reason=(f"what {who} is reported to say" + (" (direct quotation)" if item.direct
                                                       else " (in the author's words)")),
            entry=item.form, lexicon=RULE_ID, voice=doc.voice(a, b),
            sentence=doc.sentence_at(a), extra={**link, "role": "content", "part": part},
        ))
    record = {
        "id": k,
        "direct": item.direct,
        "source": None if item.source is None else {
            **_span(doc, s_start, s_end), "name": item.name, "type": item.type,
            "named": item.named, "vague": item.vague, "affiliation": item.affiliation,
            "role": item.role, "origin": item.origin, "kind": item.kind,
            "resolved_from": item.resolved_from,
        },
        "cue": {**_span(doc, c_start, c_end), "class": item.cue_category},
        "content": None,
        "self_citation": item.self_citation,
        "found_by": item.found_by,
    }
    if item.content:
        a, b = item.content[0][0], item.content[-1][1]
        record["content"] = {**_span(doc, a, b),
                             "parts": [_span(doc, x, y) for x, y in item.content]}
    return rows, record


_PRONOUN_POSSESSIVE = {"he": "his", "she": "her", "they": "their", "it": "its", "i": "my",
                       "we": "our", "you": "your"}


def _possessive(who: str) -> str:
    """ "Experts' words", "Ju Hao's words", "their words"; never "Experts's"."""
    if who.lower() in _PRONOUN_POSSESSIVE:
        return _PRONOUN_POSSESSIVE[who.lower()]
    if who.endswith(("'s", "’s")):
        return who
    return who + ("'" if who.endswith("s") and not who.endswith("ss") else "'s")


def _cue_reason(item: Found, cue_text: str, who: str) -> str:
    who_s = _possessive(who)
    note = {
        "neutral": f"'{cue_text}' reports {who_s} words without judging them",
        "emphatic": f"'{cue_text}' makes {who_s} words sound firm or important",
        "endorsing": f"'{cue_text}' presents {who_s} words as praise worth sharing",
        "distancing": f"'{cue_text}' casts doubt on {who_s} words",
    }[item.cue_category]
    if item.found_by == "tagger":
        clues = ", ".join(_clue(name) for name, _ in item.clues[:3])
        note += (f" (found by the learned tagger with probability {item.probability:.2f}, "
                 "not by a rule" + (f"; strongest clues: {clues}" if clues else "") + ")")
    return f"{item.cue_category} cue: {note}"


def _clue(feature: str) -> str:
    """A tagger feature in words: "w-1=officials" -> "the word before is 'officials'"."""
    name, _, value = feature.partition("=")
    words = {
        "w": "the word is '{}'", "w-1": "the word before is '{}'",
        "w+1": "the word after is '{}'", "w-2": "two words before is '{}'",
        "w+2": "two words after is '{}'", "p3": "it ends in '-{}'", "p2": "it ends in '-{}'",
        "b3": "it starts with '{}-'", "lex": "a cue-lexicon word ({})",
        "lexw": "the cue-lexicon word '{}'", "rule": "the rules mark it as {}",
        "rcue": "a rule cue nearby ({})", "w-1w": "the word pair '{}'",
        "ww+1": "the word pair '{}'",
    }
    if feature == "inq":
        return "it is inside a quotation"
    if name.startswith("q"):
        return "a quotation mark next to it"
    if name.startswith("lex") and name not in words:
        return f"a cue-lexicon word nearby ({value})"
    template = words.get(name)
    return template.format(value.replace("|", " ")) if template else feature


def _source_reason(item: Found, source_text: str) -> str:
    parts = []
    if item.vague:
        parts.append("a vague source: the reader cannot check who this is")
    elif item.resolved_from:
        parts.append(f"'{source_text}' refers back to {item.resolved_from['text']}")
    elif item.kind == "pronoun":
        parts.append(f"'{source_text}' does not clearly refer to a named source")
    elif item.named:
        parts.append(f"a named source ({item.name})")
    else:
        parts.append("a source described but not named")
    if item.type != "unknown":
        parts.append(f"type: {item.type.replace('_', ' ')}")
    if item.role:
        parts.append(f"role: {item.role}")
    if item.affiliation:
        parts.append(f"affiliation: {item.affiliation}")
    if item.self_citation:
        parts.append("the outlet quotes its own interview (self-citation)")
    return "source: " + "; ".join(parts) + f" ({FORMS.get(item.form, item.form)})"


def _unsourced_claims(doc: Document, evidence: list[Evidence]) -> list[Evidence]:
    """Author-voice sentences with promotional evidence and no attribution in or next to them.

    "Next to" means the sentence holds a cue, lies inside a content span, or is the sentence
    before or after one that holds a cue of a direct quotation (a quote's frame).
    """
    promo = doc.results.get("promotional")
    if promo is None:
        return []
    attributed: set[int] = set()
    for e in evidence:
        role = e.extra.get("role") if e.extra else None
        if role == "cue":
            attributed.add(e.sentence)
            if e.extra.get("direct"):
                attributed.update({e.sentence - 1, e.sentence + 1})
        elif role == "content":
            first, last = doc.sentence_at(e.start), doc.sentence_at(max(e.end - 1, e.start))
            attributed.update(range(first, last + 1))
    by_sentence: dict[int, list[Evidence]] = {}
    for e in promo.evidence:
        if e.voice == "author":
            by_sentence.setdefault(e.sentence, []).append(e)
    rows = []
    for s, hits in sorted(by_sentence.items()):
        if s >= len(doc.sentences):
            continue
        sent = doc.sentences[s]
        words = ", ".join(f"'{h.text}'" for h in hits[:4])
        if s in attributed:
            continue
        rows.append(Evidence(
            dimension="attribution", category="unsourced_claim", start=sent.start,
            end=sent.end, text=doc.text[sent.start:sent.end], weight=1.0,
            reason=(f"unsourced claim: the author's own evaluative words ({words}) with no "
                    "source in or around the sentence"),
            entry="evaluative sentence without attribution", lexicon=RULE_ID, voice="author",
            sentence=s,
            extra={"role": "claim", "promotional": [h.text for h in hits]},
        ))
    return rows
