"""Classroom worksheets: any article becomes an exercise, an answer key and a gradable key.

A worksheet shows the cleaned text with numbered sentences and asks students, per focus, to
find what the article's own analysis found: promotional phrases, hedges and boosters, who is
quoted and how, concerns raised and dismissed, perspectives left out. The questions point at
sentences (``intro``) or paragraphs (``advanced``) without giving the words away. The answer
key highlights the evidence and explains each item in plain language; ``key.json`` lists the
items that :mod:`framing.classroom.grading` grades students' answers against.

Sentence numbers are 1-based, as printed on the worksheet. In a two-article (``compare``)
worksheet the numbering runs on from the first article into the second, so a sentence number
alone says which article an answer is about.
"""

from __future__ import annotations

import csv
import io
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .. import dimensions
from ..dimensions.attribution.dimension import attributions_of
from ..dimensions.criticism.part import criticism_of
from ..dimensions.frames.dimension import frames_of
from ..dimensions.hedging import kind as hedging_kind
from ..errors import FramingError, InputError, UnknownNameError
from ..output import dumps, write_files
from ..textunits import split_sentences

#: What a worksheet asks about by default, one focus per dimension, in the order tasks appear.
FOCUSES = ("promotional", "hedging", "attribution", "criticism")
#: Tasks a teacher adds by name (``--focus ...,frames``), off by default: "frames" asks which
#: policy frame a paragraph uses (the frames dimension).
OPTIONAL_FOCUSES = ("frames",)
ALL_FOCUSES = FOCUSES + OPTIONAL_FOCUSES
LEVELS = ("intro", "advanced")
PAPERS = {"a4": "A4", "letter": "letter"}
#: Columns of the students' answer file (see framing.classroom.grading).
ANSWER_COLUMNS = ("student", "sentence", "category", "phrase")
KEY_FORMAT = "framing-worksheet-key"
#: Longest article a worksheet takes, in characters (about 10,000 words; a two-page handout
#: holds about a tenth of that). Above it framing says so instead of working for minutes.
MAX_ARTICLE_CHARS = 60_000
KEY_VERSION = 1

#: Plain names of categories, for students (anything missing is shown with its id).
CATEGORY_LABELS = {
    "hyperbole": "exaggeration",
    "glittering_generality": "glittering generality (warm, vague praise)",
    "slogan": "slogan",
    "metaphor": "metaphor (a picture instead of facts)",
    "flag_waving": "flag-waving (national pride instead of an argument)",
    "pr_language": "PR language (marketing talk)",
    "loaded": "loaded word (judges while seeming to describe)",
    "hedge": "hedge (shows doubt)",
    "booster": "booster (claims certainty)",
    "neutral": "neutral verb (\"said\")",
    "emphatic": "emphatic verb (\"stressed\")",
    "endorsing": "endorsing verb (the writer agrees: \"hailed\")",
    "distancing": "distancing verb (the writer doubts: \"claimed\")",
    "official": "government official or body",
    "state_media": "state media",
    "expert": "expert",
    "business": "business",
    "civil_society": "civil society (activists, NGOs, unions)",
    "international_org": "international organisation",
    "ordinary_people": "ordinary people",
    "anonymous": "anonymous or vague source",
    "document": "document, data or figures",
    "unknown": "unknown kind of source",
    "unsourced_claim": "claim with no source",
    "dismissal": "words that wave a concern away",
}

#: What each task asks, in one line (the worksheet adds where to look).
TASK_TITLES = {
    "promotional": "Find and classify promotional phrases",
    "hedging": "Sort hedges and boosters",
    "attribution": "Who is quoted, how are they introduced, what kind of source?",
    "criticism": "Concerns raised, dismissed and missing",
    "frames": "Which frame does this paragraph use?",
}

_HEDGING_FAMILIES = ("hedge", "booster")
_CUE_CLASSES = ("neutral", "emphatic", "endorsing", "distancing")


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


# ------------------------------------------------------------------------------------------
# which focuses can be asked


def resolve_focus(focus: str | Sequence[str] | None) -> list[str]:
    """The focuses asked for (comma-separated string or list), checked against ALL_FOCUSES;
    None: the default FOCUSES (the optional ones only when named)."""
    if focus is None:
        return list(FOCUSES)
    names = focus.split(",") if isinstance(focus, str) else list(focus)
    names = [n.strip() for n in names if n.strip()]
    for name in names:
        if name not in ALL_FOCUSES:
            raise UnknownNameError("focus", name, ALL_FOCUSES)
    return [n for n in ALL_FOCUSES if n in names]


def split_available(focus: Sequence[str], records: Sequence[Mapping[str, Any]] = ()
                    ) -> tuple[list[str], dict[str, str]]:
    """(focuses whose dimension is registered and, in scored ``records``, ran;
    {skipped focus: one-line reason})."""
    present = set(dimensions.available())
    for record in records:
        ran = (record.get("versions") or {}).get("dimensions")
        if ran is not None:
            present &= set(ran)
    keep, skipped = [], {}
    for name in focus:
        if name in present:
            keep.append(name)
        else:
            skipped[name] = (
                f"skipping the {name} tasks: the {name} dimension is not available "
                f"(available: {', '.join(sorted(present)) or 'none'})"
            )
    return keep, skipped


def score_articles(articles: Sequence[Any], *, lexicons: Sequence[Any] = (),
                   options: Mapping[str, Mapping[str, Any]] | None = None,
                   focus: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Score articles with every available dimension (later ones may build on earlier ones);
    ``lexicons`` and ``options`` as for :class:`framing.scoring.Scorer`; an optional focus
    (OPTIONAL_FOCUSES) runs its dimension only when it is in ``focus``."""
    from ..scoring import Scorer

    # the focus dimensions only (criticism may read attribution's results, so all four run
    # whatever the focus); the classifier adds nothing a worksheet asks about
    dims = [d for d in dimensions.available()
            if d in FOCUSES or (d in OPTIONAL_FOCUSES and d in focus)]
    scorer = Scorer(dims, lexicons=lexicons, options=options)
    return [scorer.score(a) for a in articles]


# ------------------------------------------------------------------------------------------
# the sample corpus key: its notes explain items in the sample articles


@lru_cache(maxsize=1)
def _sample_key() -> tuple[dict[str, Any], ...]:
    text = resources.files("framing.data").joinpath("sample/key.jsonl").read_text("utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def sample_items(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The sample key's items found in this article's text: dimension, start, end, note,
    category and attrs (see framing/data/sample/README.md).

    Only for articles of the bundled sample (matched on id, and each passage is checked
    against the text, so an edited copy never gets a wrong note)."""
    text = record.get("text") or ""
    out = []
    for item in _sample_key():
        if item.get("article") != record.get("id"):
            continue
        pos = -1
        for _ in range(int(item.get("occurrence", 1))):
            pos = text.find(item["text"], pos + 1)
            if pos < 0:
                break
        if pos >= 0:
            out.append({"dimension": item["dimension"], "start": pos,
                        "end": pos + len(item["text"]), "note": item.get("note") or "",
                        "category": item.get("category", ""), "attrs": item.get("attrs") or {}})
    return out


def sample_notes(record: Mapping[str, Any]) -> list[tuple[str, int, int, str]]:
    """(dimension, start, end, note) of the sample key's items found in this article's text."""
    return [(i["dimension"], i["start"], i["end"], i["note"]) for i in sample_items(record)
            if i["note"]]


# ------------------------------------------------------------------------------------------
# key items


def _plain_reason(reason: str, category: str) -> str:
    """The evidence reason without its leading 'category:' tag, as a sentence."""
    reason = (reason or "").strip()
    head, sep, rest = reason.partition(": ")
    if sep and " " not in head.strip():
        reason = rest
    if reason and not reason.endswith((".", "!", "?")):
        reason += "."
    return reason[:1].upper() + reason[1:]


def explain(item: Mapping[str, Any], note: str | None = None) -> str:
    """A plain-language explanation of one key item for the answer key."""
    label = category_label(item["category"])
    text = note or _plain_reason(item.get("reason", ""), item["category"])
    lead = ""
    if item["task"] in ("promotional", "hedging"):
        lead = f"{label[:1].upper()}{label[1:]} —"
    elif item["task"] == "attribution" and item.get("role") == "source":
        lead = f"The source is: {label}."
    elif item["task"] == "attribution" and item.get("role") == "cue":
        lead = f"The words that introduce the source: {label}."
    elif item["task"] == "criticism" and item["category"] == "dismissal":
        lead = "These words wave a concern away."
    elif item["task"] == "criticism":
        lead = f"A concern about {item.get('label') or label} is raised."
    parts = [p for p in (lead, text) if p]
    if item["task"] == "frames" and item.get("accept"):
        parts.append("This paragraph also carries "
                     + ", ".join(a.replace("_", " ") for a in item["accept"])
                     + " (accepted too).")
    if item.get("voice") == "quoted":
        parts.append("These are the words of someone quoted, not the writer's own.")
    return " ".join(parts)


def _sentence_of(ev: Mapping[str, Any], sentences: Sequence[Mapping[str, int]]) -> int:
    idx = ev.get("sentence", -1)
    if isinstance(idx, int) and 0 <= idx < len(sentences):
        return idx
    for i, s in enumerate(sentences):
        if s["start"] <= ev["start"] < s["end"] + 1:
            return i
    return max(len(sentences) - 1, 0)


def _item_for(ev: Mapping[str, Any], focus: Sequence[str], level: str,
              labels: Mapping[str, str]) -> dict[str, Any] | None:
    dim = ev.get("dimension")
    if dim not in focus:
        return None
    extra = ev.get("extra") or {}
    category = str(ev.get("category", ""))
    role = ""
    kind = category
    if dim == "hedging":
        if hedging_kind(category, str(ev.get("text", ""))) not in ("epistemic", "booster"):
            return None  # approximators, vague sources and "potential" are not doubt
        category = category.split(".", 1)[0]
        if category not in _HEDGING_FAMILIES:
            return None
    elif dim == "attribution":
        role = str(extra.get("role", ""))
        if role == "source":
            category = str(extra.get("source_type") or "unknown")
            if category == "unknown" and extra.get("kind") == "document":
                category = "document"
        elif role == "cue":
            if category not in _CUE_CLASSES:
                return None
        elif role == "claim" and level == "advanced":
            category = "unsourced_claim"
        else:
            return None  # the quoted content itself is not something to find
    elif dim == "criticism":
        role = str(extra.get("role", "raise"))
        if role == "rebuttal":
            category = "dismissal"
    phrase = ev["text"]
    if dim == "frames":  # the sentence carries the frame; its cue words show it
        phrase = ", ".join(dict.fromkeys(str(c[2]) for c in extra.get("cues") or [])) or phrase
    return {
        "task": dim, "category": category, "phrase": phrase, "start": ev["start"],
        "end": ev["end"], "role": role, "voice": ev.get("voice", "author"),
        "reason": ev.get("reason", ""), "status": extra.get("status"),
        "label": labels.get(str(ev.get("category"))) if dim == "criticism" else None,
        "attribution": extra.get("attribution") if dim == "attribution" else None,
        "name": extra.get("name") if dim == "attribution" else None,
        "kind": kind,
        "probability": float(ev.get("weight") or 0.0) if dim == "frames" else None,
        "contribution": float(extra.get("contribution") or 0.0) if dim == "frames" else None,
    }


def _aspects(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The criticism dimension's aspects of a scored record ([] when it did not run)."""
    part = criticism_of(record)
    return part.aspects if part else []


def key_items(record: Mapping[str, Any], focus: Sequence[str], *, level: str = "intro",
              first_sentence: int = 1, article: str = "") -> list[dict[str, Any]]:
    """The gradable items of one scored article, sentences numbered from ``first_sentence``.

    Items come from the article's evidence, corrected where a reviewed key exists (the bundled
    sample: :func:`apply_reviewed_key`) and cleared of what would teach an error
    (:func:`drop_misleading`). Each item's ``part`` says whether it is on the handout
    (``core``, the few best per task: :func:`choose_handout`) or an ``extension``."""
    sentences = record.get("sentences") or []
    labels = {a["aspect"]: a.get("label") or a["aspect"] for a in _aspects(record)}
    items = []
    seen = set()
    for ev in record.get("evidence") or []:
        item = _item_for(ev, focus, level, labels)
        if item is None:
            continue
        where = (item["task"], item["category"], item["start"], item["end"])
        if where in seen:
            continue
        seen.add(where)
        item["sentence"] = _sentence_of(ev, sentences)
        items.append(item)
    items = apply_reviewed_key(items, record, focus)
    items = drop_misleading(items, record, focus)
    items = one_frame_per_paragraph(items, record.get("text") or "")
    for item in items:
        item["sentence"] += first_sentence
        if "paragraph" in item:
            item["paragraph"] = [n + first_sentence for n in item["paragraph"]]
        item["article"] = article
        item["explanation"] = explain(item, item.pop("note", None) or None)
    items.sort(key=lambda i: (ALL_FOCUSES.index(i["task"]), i["start"], i["end"]))
    choose_handout(items)
    for n, item in enumerate(items, start=1):
        item["id"] = f"{article}{n}" if article else str(n)
    return items


def one_frame_per_paragraph(items: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The frames items reduced to one per paragraph: the frame whose sentence carries the
    largest share of its score (``contribution``). The paragraph's other frames are
    ``accept``-ed as answers too, and ``paragraph`` gives its first and last sentence
    (0-based, like ``sentence``)."""
    frames = [i for i in items if i["task"] == "frames"]
    if not frames:
        return items
    span: dict[int, tuple[int, int]] = {}
    for para in numbered_paragraphs(text, 0):
        numbers = [s["number"] for s in para["sentences"]]
        for n in numbers:
            span[n] = (numbers[0], numbers[-1])
    by_para: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for i in frames:
        by_para.setdefault(span.get(i["sentence"], (i["sentence"], i["sentence"])), []).append(i)
    kept = []
    for (low, high), group in by_para.items():
        best = max(group, key=lambda i: (i["contribution"] or 0.0, i["probability"] or 0.0))
        best["paragraph"] = [low, high]
        best["accept"] = sorted({i["category"] for i in group} - {best["category"]})
        kept.append(best)
    return [i for i in items if i["task"] != "frames"] + kept


def _sentence_at(start: int, sentences: Sequence[Mapping[str, int]]) -> int:
    """0-based index of the sentence holding offset ``start``."""
    starts = [s["start"] for s in sentences]
    return max(bisect_right(starts, start) - 1, 0)


#: Source types of the sample key (framing/data/sample/README.md) as the worksheet names them.
_KEY_SOURCE_TYPES = {"government": "official"}


def apply_reviewed_key(items: list[dict[str, Any]], record: Mapping[str, Any],
                       focus: Sequence[str]) -> list[dict[str, Any]]:
    """Items corrected by the reviewed sample key, for the bundled sample articles.

    A reviewed promotional or hedging passage replaces the evidence items it overlaps (one
    item with the reviewed words, category and note: "unleash enormous potential" is PR
    language, not an exaggeration plus a hedge); a reviewed attribution gives its cue class
    and its source type to the items of that attribution ("founder of the … group Clean
    Valleys" is civil society, not business); a reviewed criticism passage lends its note."""
    reviewed = sample_items(record)
    if not reviewed:
        return items
    text = record.get("text") or ""
    sentences = record.get("sentences") or []
    evidence = record.get("evidence") or []
    for h in reviewed:
        dim, hs, he = h["dimension"], h["start"], h["end"]
        if dim not in focus:
            continue
        if dim in ("promotional", "hedging"):
            over = [i for i in items if i["task"] == dim and i["start"] < he and i["end"] > hs]
            voice = next((i["voice"] for i in over), None) or next(
                (e.get("voice") for e in evidence if e["start"] < he and e["end"] > hs
                 and e.get("voice")), "author")
            items = [i for i in items if not any(i is o for o in over)]
            items.append({"task": dim, "category": h["category"].split(".", 1)[0],
                          "phrase": text[hs:he], "start": hs, "end": he, "role": "",
                          "voice": voice, "reason": "", "status": None, "label": None,
                          "attribution": None, "note": h["note"], "reviewed": True,
                          "sentence": _sentence_at(hs, sentences)})
        elif dim == "attribution":
            for cue in [i for i in items if i["task"] == dim and i["role"] == "cue"
                        and i["start"] < he and i["end"] > hs]:
                cue.update(category=h["category"], note=h["note"], reviewed=True)
                kind = h["attrs"].get("source_type")
                for src in items:
                    if (src["task"] == dim and src["role"] == "source" and kind
                            and src["attribution"] == cue["attribution"]):
                        _retype(src, _KEY_SOURCE_TYPES.get(kind, kind))
        elif dim == "criticism":
            for i in items:
                if i["task"] == dim and i["start"] < he and i["end"] > hs:
                    i.setdefault("note", h["note"])
                    i["reviewed"] = True
    # a pronoun or a surname that refers back to a reviewed source is of the same kind
    kinds = {i["name"]: i["category"] for i in items if i.get("reviewed") and i.get("name")
             and i["role"] == "source"}
    for i in items:
        if i["task"] == "attribution" and i["role"] == "source" and i.get("name") in kinds:
            _retype(i, kinds[i["name"]])
    return items


def _retype(source: dict[str, Any], kind: str) -> None:
    """Give a source item a reviewed kind, and drop the kind the rules gave from its reason."""
    if source["category"] != kind:
        source["reason"] = re.sub(r"; type: [a-z_ ]+", "", source.get("reason") or "")
    source.update(category=kind, reviewed=True)


#: Reporting words that deny or reject a point ("have repeatedly rejected", "has denied").
_DENIAL = re.compile(r"\b(?:reject|den(?:y|ies|ied)|dismiss|refut|rebuff)", re.IGNORECASE)
#: Sources that answer for the side a concern is about, in the stories framing's profiles cover.
_ANSWERING_TYPES = frozenset({"official", "business", "state_media"})


def _speakers(record: Mapping[str, Any], types: Mapping[Any, str] | None = None
              ) -> dict[int, list[dict[str, Any]]]:
    """0-based sentence index -> the sources of the attributions whose cue lies in it, as
    {name, type, kind, vague, cue}. ``types``: corrected source types by attribution id.

    Only the cue's sentence: the content spans the rules give are less sure than the cue."""
    sentences = record.get("sentences") or []
    types = types or {}
    out: dict[int, list[dict[str, Any]]] = {}
    for att in attributions_of(record) or []:
        cue, src = att.get("cue") or {}, att.get("source") or {}
        if not isinstance(cue.get("start"), int):
            continue
        out.setdefault(_sentence_at(cue["start"], sentences), []).append({
            "name": src.get("name") or src.get("text") or "a source",
            "type": types.get(att.get("id"), src.get("type")), "kind": src.get("kind"),
            "vague": bool(src.get("vague")), "cue": cue.get("text") or ""})
    return out


def drop_misleading(items: list[dict[str, Any]], record: Mapping[str, Any],
                    focus: Sequence[str] = FOCUSES) -> list[dict[str, Any]]:
    """Items cleared of what would teach a student an error.

    * A hedge inside or right after a promotional phrase ("enormous potential", "never
      before") sells rather than doubts: dropped.
    * An unnamed source ("observers say") is not a word that shows doubt: when the attribution
      task asks about sources, it is asked there (as anonymous), not as a hedge.
    * A source of unknown kind is not a category the worksheet offers: dropped, and with it
      the cue when the "source" is not a person ("The summit … showed").
    * A sentence in which an official, a company or state media answers a concern that was
      raised before, or denies it ("Every project has passed an environmental review", "have
      repeatedly rejected the idea"), waves the concern away: it becomes a ``dismissal`` item
      instead of raising the concern.
    """
    text = record.get("text") or ""
    promo = [(e["start"], e["end"]) for e in record.get("evidence") or []
             if e.get("dimension") == "promotional"]
    promo += [(i["start"], i["end"]) for i in items if i["task"] == "promotional"]

    def sells(item: Mapping[str, Any]) -> bool:
        return any((s < item["end"] and e > item["start"])
                   or (e <= item["start"] <= e + 2 and not text[e:item["start"]].strip())
                   for s, e in promo)

    sources = {(e.get("extra") or {}).get("attribution"): e.get("extra") or {}
               for e in record.get("evidence") or []
               if e.get("dimension") == "attribution"
               and (e.get("extra") or {}).get("role") == "source"}
    reviewed_attr = {i["attribution"] for i in items if i.get("reviewed")
                     and i["task"] == "attribution"}
    keep = []
    for item in items:
        if item["task"] == "hedging" and not item.get("reviewed") and (
                sells(item) or (item.get("kind") == "hedge.vague_source"
                                and "attribution" in focus)):
            continue
        if item["task"] == "attribution" and item["attribution"] not in reviewed_attr:
            src = sources.get(item["attribution"]) or {}
            if item["role"] == "source" and item["category"] == "unknown":
                continue
            if (item["role"] == "cue" and src.get("source_type", "unknown") == "unknown"
                    and src.get("kind") not in ("person", "document")):
                continue
        keep.append(item)
    speakers = _speakers(record, {i["attribution"]: i["category"] for i in items
                                  if i["task"] == "attribution" and i["role"] == "source"})
    raised: set[str] = set()
    for item in sorted(keep, key=lambda i: i["start"]):
        if item["task"] != "criticism" or item["category"] == "dismissal":
            continue
        answering = [a for a in speakers.get(item["sentence"], ())
                     if a["type"] in _ANSWERING_TYPES]
        denies = any(_DENIAL.search(a["cue"]) for a in answering)
        replies = item["category"] in raised and any(
            a["kind"] in ("person", "organisation") and not a["vague"] for a in answering)
        raised.add(item["category"])
        if denies or replies:
            about = item.get("label") or category_label(item["category"])
            item.update(category="dismissal", role="answer", note=None, reason=(
                f"An answer from {answering[0]['name']} ({category_label(answering[0]['type'])})"
                f" to the concern about {about[:1].lower() + about[1:]}: it speaks for the side "
                "the concern is about, and it is not evidence that the concern is wrong."))
    return keep


#: Items per task and article on the handout; the others are offered as an extension.
CORE_ITEMS = {"promotional": 5, "hedging": 4, "attribution": 2, "criticism": 3, "frames": 3}


def _pick(candidates: Sequence[dict[str, Any]], n: int, kind, score) -> list[dict[str, Any]]:
    """Up to ``n`` candidates, best first: first one per kind and sentence, then one per
    sentence, then any."""
    ranked = sorted(candidates, key=lambda c: (-score(c), c["start"]))
    chosen: list[dict[str, Any]] = []
    for need_new_kind, need_new_sentence in ((True, True), (False, True), (False, False)):
        kinds = {kind(c) for c in chosen}
        sents = {c["sentence"] for c in chosen}
        for c in ranked:
            if len(chosen) >= n:
                return chosen
            if any(c is x for x in chosen):
                continue
            if (need_new_kind and kind(c) in kinds) or (need_new_sentence
                                                        and c["sentence"] in sents):
                continue
            chosen.append(c)
            kinds.add(kind(c))
            sents.add(c["sentence"])
    return chosen


def choose_handout(items: list[dict[str, Any]]) -> None:
    """Mark each item ``part = "core"`` (on the handout) or ``"extension"``.

    Per task, the CORE_ITEMS best: reviewed items first, the writer's own words before
    quotations, longer phrases, different categories and sentences. For attribution whole
    attributions are chosen (source and cue together), a non-neutral cue and a first mention
    by name first; for criticism one item per concern, a dismissal among them when there is
    one."""
    for item in items:
        item["part"] = "extension"

    def base(i: Mapping[str, Any]) -> float:
        return (2.0 * bool(i.get("reviewed")) + (i.get("voice") == "author")
                + 0.25 * min(len(i["phrase"].split()), 4))

    def reviewed_first(mine: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Where a reviewer annotated this task in this article, only reviewed items go on
        the handout: the others may be right, but nobody checked them."""
        checked = [i for i in mine if i.get("reviewed")]
        return checked or mine

    for task in ("promotional", "hedging"):
        mine = reviewed_first([i for i in items if i["task"] == task])
        for i in _pick(mine, CORE_ITEMS[task], lambda i: i["category"], base):
            i["part"] = "core"
    groups: dict[Any, list[dict[str, Any]]] = {}
    for i in reviewed_first([i for i in items if i["task"] == "attribution"]):
        if i["task"] == "attribution":
            groups.setdefault(i["attribution"], []).append(i)
    heads = []
    for group in groups.values():
        cue = next((i for i in group if i["role"] == "cue"), None)
        src = next((i for i in group if i["role"] == "source"), None)
        if cue is None:
            continue
        heads.append({"start": cue["start"], "sentence": cue["sentence"], "group": group,
                      "kind": (src or cue)["category"],
                      "score": 2.0 * bool(cue.get("reviewed"))
                      + 2.0 * (cue["category"] != "neutral")
                      + (src is not None and src["phrase"][:1].isupper()
                         and src["phrase"].lower() not in ("he", "she", "they", "it"))})
    for head in _pick(heads, CORE_ITEMS["attribution"], lambda h: h["kind"],
                      lambda h: h["score"]):
        for i in head["group"]:
            i["part"] = "core"
    crit = [i for i in items if i["task"] == "criticism"]
    for i in _pick(crit, CORE_ITEMS["criticism"], lambda i: i["category"],
                   lambda i: base(i) + 3.0 * (i["category"] == "dismissal")):
        i["part"] = "core"
    # frames: paragraphs whose frame the model is surest of, different frames first
    frames = [i for i in items if i["task"] == "frames"]
    for i in _pick(frames, CORE_ITEMS["frames"], lambda i: i["category"],
                   lambda i: (i["probability"] or 0.0) + 0.1 * (i["contribution"] or 0.0)):
        i["part"] = "core"


# ------------------------------------------------------------------------------------------
# the article as numbered sentences in paragraphs


def numbered_paragraphs(text: str, first_sentence: int = 1) -> list[dict[str, Any]]:
    """Paragraphs as {number, sentences: [{number, start, end, text}]}."""
    paragraphs: dict[int, dict[str, Any]] = {}
    for i, s in enumerate(split_sentences(text)):
        para = paragraphs.setdefault(s.paragraph, {"number": len(paragraphs) + 1,
                                                   "sentences": []})
        para["sentences"].append({"number": first_sentence + i, "start": s.start,
                                  "end": s.end, "text": text[s.start:s.end]})
    return list(paragraphs.values())


def _ranges(numbers: Iterable[int]) -> str:
    """'1–3, 7, 9–10' from a set of numbers."""
    nums = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


# ------------------------------------------------------------------------------------------
# tasks: where to look, never what to find


def _where(items: Sequence[Mapping[str, Any]], level: str,
           para_of: Mapping[int, int]) -> str:
    sentences = {i["sentence"] for i in items}
    if level == "intro":
        word = "sentence" if len(sentences) == 1 else "sentences"
        return f"{word} {_ranges(sentences)}"
    paras = {para_of[s] for s in sentences if s in para_of}
    word = "paragraph" if len(paras) == 1 else "paragraphs"
    return f"{word} {_ranges(paras)}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _task_promotional(items, level, para_of, categories) -> dict[str, Any]:
    steps = []
    if items:
        where = _where(items, level, para_of)
        if level == "intro":
            steps.append(f"Read {where}. Together they hold "
                         f"{_plural(len(items), 'promotional phrase')}: words that sell the "
                         "story instead of just telling it. Underline each one.")
        else:
            steps.append(f"Promotional phrasing appears in {where}. Find every phrase that "
                         "sells the story instead of telling it.")
        steps.append("Write each phrase in the answer sheet with its sentence number and its "
                     "kind (category) from the list below.")
        if level == "advanced":
            steps.append("Mark which phrases are the writer's own words and which are inside a "
                         "quotation. Does the difference matter?")
    else:
        steps.append("The analysis found no promotional phrases here. Look for any word you "
                     "think sells the story, and explain why you chose it.")
    return {"id": "promotional", "title": TASK_TITLES["promotional"], "steps": steps,
            "categories": [(c, _without_answers(d, items), "") for c, d in categories.items()]}


def _without_answers(description: str, items: Sequence[Mapping[str, Any]]) -> str:
    """A category description without its examples when one of them is an answer here."""
    low = description.lower()
    if any(f'"{i["phrase"].lower()}"' in low for i in items):
        return re.sub(r"\s*\([^)]*\)", "", description)
    return description


def _task_hedging(items, level, para_of) -> dict[str, Any]:
    hedges = [i for i in items if i["category"] == "hedge"]
    boosters = [i for i in items if i["category"] == "booster"]
    steps = []
    if items:
        where = _where(items, level, para_of)
        if level == "intro":
            steps.append(f"Read {where}. They hold {_plural(len(hedges), 'hedge')} (words that "
                         f"show doubt, like \"may\") and {_plural(len(boosters), 'booster')} "
                         "(words that claim certainty, like \"clearly\").")
        else:
            steps.append(f"Hedges and boosters appear in {where}. Find them all.")
        steps.append("Write each one in the answer sheet with its sentence number and the "
                     "category hedge or booster.")
        if level == "advanced":
            steps.append("For each booster: does the article show the evidence for the "
                         "certainty it claims? Whose certainty is it?")
    else:
        steps.append("The analysis found no hedges or boosters. Is the article certain or "
                     "careful about its claims? How can you tell?")
    return {"id": "hedging", "title": TASK_TITLES["hedging"], "steps": steps,
            "categories": [(c, category_label(c), "") for c in _HEDGING_FAMILIES]}


def _task_attribution(items, level, para_of, record_rows) -> dict[str, Any]:
    cues = [i for i in items if i["role"] == "cue"]
    steps = []
    rows: list[dict[str, Any]] = []
    if cues:
        where = _where(cues, level, para_of)
        steps.append(f"People and documents are quoted or cited in {where}. For each, find "
                     "who it is, the words that introduce them, and what kind of source they "
                     "are." + (" Fill one row of the table for each." if level == "advanced"
                               else ""))
        steps.append("In the answer sheet, write the source's name with its kind as category "
                     "(for example expert), and the introducing words with their kind (for "
                     "example neutral).")
        if level == "advanced":
            steps.append("Which sources are named and which are vague (\"experts say\")? Does "
                         "the writer agree or keep a distance through the verbs chosen?")
        rows = record_rows if level == "intro" else [{"sentence": ""} for _ in record_rows]
    else:
        steps.append("The analysis found nobody quoted or cited. Whose words could the writer "
                     "have included?")
    cats = [(c, category_label(c), "") for c in (*_CUE_CLASSES, "official", "state_media",
                                                  "expert", "business", "civil_society",
                                                  "international_org", "ordinary_people",
                                                  "anonymous", "document")]
    if level == "advanced":
        cats.append(("unsourced_claim", category_label("unsourced_claim"), ""))
    return {"id": "attribution", "title": TASK_TITLES["attribution"], "steps": steps,
            "categories": cats, "table": rows,
            "columns": ["Sentence", "Who?", "Introduced with which words?",
                        "What kind of source?"]
            + (["Named or vague?"] if level == "advanced" else [])}


def _task_criticism(items, level, para_of, aspects) -> dict[str, Any]:
    raised = [i for i in items if i["category"] != "dismissal"]
    dismissed = [a for a in aspects if a.get("status") == "dismissed"]
    absent = [a for a in aspects if a.get("status") == "absent"]
    steps = []
    if raised:
        steps.append(f"Concerns about the story are raised in {_where(raised, level, para_of)}."
                     " Write each concern in the answer sheet with its sentence number and "
                     "what it is about (category).")
    answers = [i for i in items if i["category"] == "dismissal"]
    if answers:
        steps.append(f"In {_where(answers, level, para_of)} a concern is answered or waved "
                     "away. Which concern, who answers it, and with which words? Write those "
                     "words with the category dismissal.")
    elif dismissed:
        at = {s + 1 for a in dismissed for s in _aspect_sentences(a, items)}
        where = (f"in sentences {_ranges(at)}" if level == "intro" and at
                 else "somewhere in the article")
        steps.append(f"{_plural(len(dismissed), 'concern is', 'concerns are')} raised and then "
                     f"waved away {where}. Which one, who dismisses it, and with which words? "
                     "Write the dismissing words with the category dismissal.")
    if absent:
        steps.append("Name a perspective that is missing: a concern this article never "
                     "mentions. Who could speak for it?")
        if level == "intro":
            steps.append("Hint: the categories below are what reports on topics like this "
                         "often discuss. Which of them does this article leave out?")
    if not steps:
        steps.append("The analysis found no concerns about the story. Who might disagree with "
                     "it, and what would they say?")
    labels = {a["aspect"]: a.get("label") or a["aspect"] for a in aspects}
    cats = [(c, labels[c], "") for c in labels] + [("dismissal", category_label("dismissal"),
                                                    "")]
    return {"id": "criticism", "title": TASK_TITLES["criticism"], "steps": steps,
            "categories": cats}


def frame_categories() -> list[tuple[str, str, str]]:
    """(frame id, title, codebook definition) of the 14 policy frames, from the frames
    lexicon's category lines (the codebook's wording as framing ships it)."""
    from ..lexicon import load_lexicon

    out = []
    for frame, line in load_lexicon("frames").categories.items():
        title, _, definition = line.partition(": ")
        out.append((frame, title, definition))
    return out


def _task_frames(items, para_of) -> dict[str, Any]:
    steps = []
    if items:
        paras = sorted({para_of.get(i["sentence"], 0) for i in items} - {0})
        word = "paragraph" if len(paras) == 1 else "paragraphs"
        steps.append(f"Read {word} {_ranges(paras)}. A frame is the angle a story is told "
                     "from: as a question of money, of law, of security, of fairness… For each "
                     "paragraph, decide which frame from the list below it uses.")
        steps.append("In the answer sheet write, for each paragraph, the number of the "
                     "sentence that shows the frame best, the frame as category (for example "
                     "economic), and the words that show it as phrase.")
        steps.append("Could the same facts be told in another frame? Pick one paragraph and "
                     "say how.")
    else:
        steps.append("The analysis found no paragraph that clearly carries one frame. Choose a "
                     "paragraph, say which frame from the list below you think it uses, and "
                     "which words make you think so.")
    return {"id": "frames", "title": TASK_TITLES["frames"], "steps": steps,
            "categories": frame_categories()}


def _aspect_sentences(aspect: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> set[int]:
    """0-based sentence indices of the key items that raise or dismiss ``aspect``."""
    return {i["sentence"] - 1 for i in items
            if i["task"] == "criticism" and (i["category"] == aspect["aspect"]
                                             or (i["category"] == "dismissal"
                                                 and i.get("status") == "dismissed"))}


def _attribution_rows(record: Mapping[str, Any], first_sentence: int) -> list[dict[str, Any]]:
    sentences = record.get("sentences") or []
    rows = []
    for att in attributions_of(record) or []:
        cue = att.get("cue") or {}
        if "start" not in cue:
            continue
        rows.append({"sentence": first_sentence + _sentence_of({"start": cue["start"]},
                                                                sentences)})
    return rows


def build_tasks(record, items, focus, level, para_of, first_sentence=1) -> list[dict[str, Any]]:
    """The tasks of one article: each asks for its handout (``core``) items and offers the
    others as an extension."""
    from ..lexicon import load_lexicon

    tasks = []
    by_task = {f: [i for i in items if i["task"] == f and i.get("part", "core") == "core"]
               for f in focus}
    for name in focus:
        if name == "promotional":
            cats = load_lexicon("promotional").categories
            tasks.append(_task_promotional(by_task[name], level, para_of, cats))
            # the handout names each kind in a few words; the answer key explains
            tasks[-1]["categories"] = [(c, category_label(c), "") for c in cats]
        elif name == "hedging":
            tasks.append(_task_hedging(by_task[name], level, para_of))
        elif name == "attribution":
            rows = [{"sentence": i["sentence"]} for i in by_task[name] if i["role"] == "cue"]
            tasks.append(_task_attribution(by_task[name], level, para_of, rows))
        elif name == "criticism":
            tasks.append(_task_criticism(by_task[name], level, para_of,
                                         _aspects(record)))
        elif name == "frames":
            tasks.append(_task_frames(by_task[name], para_of))
        more = [i for i in items if i["task"] == name and i.get("part") == "extension"]
        tasks[-1]["extension"] = _extension(name, more, level, para_of)
    return tasks


def _extension(task: str, more: Sequence[Mapping[str, Any]], level: str,
               para_of: Mapping[int, int]) -> str:
    """The extension line of a task: how many more items there are, and where."""
    if not more:
        return ""
    if task == "attribution":
        n = sum(i["role"] == "cue" for i in more)
        what = _plural(n, "more source is", "more sources are") + " quoted or cited"
    else:
        what = {"promotional": _plural(len(more), "more promotional phrase"),
                "hedging": _plural(len(more), "more hedge or booster", "more hedges and boosters"),
                "criticism": _plural(len(more), "more sentence", "more sentences")
                + " raising or answering a concern",
                "frames": _plural(len(more), "more paragraph carries", "more paragraphs carry")
                + " a frame"}[task]
        if task == "frames":  # always by paragraph: the question is about paragraphs
            level = "advanced"
    return f"Extension, if you finish early: {what} in {_where(more, level, para_of)}."


# ------------------------------------------------------------------------------------------
# discussion prompts (answer key)


def _names(value: Any) -> str:
    """Who voices or dismisses a concern: a name, a list of names, or nothing."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(str(v) for v in value if v)


def discussion_prompts(record: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
                       focus: Sequence[str]) -> list[str]:
    prompts = []
    promo = [i for i in items if i["task"] == "promotional"]
    if "promotional" in focus and promo:
        top = max(promo, key=lambda i: (len(i["phrase"]), -i["start"]))
        prompts.append(f"Read sentence {top['sentence']} aloud without \u201c{top['phrase']}\u201d."
                       " Which facts are left, and how does it sound now?")
        prompts.append("Who gains when a report describes events in words like these?")
    if "hedging" in focus:
        h = sum(i["category"] == "hedge" for i in items if i["task"] == "hedging")
        b = sum(i["category"] == "booster" for i in items if i["task"] == "hedging")
        if b > h:
            prompts.append(f"The text sounds sure more often than unsure ({_plural(b, 'booster')}"
                           f", {_plural(h, 'hedge')}). Which of its certain claims show their "
                           "evidence?")
        elif h:
            prompts.append(f"The text hedges often ({_plural(h, 'hedge')}, "
                           f"{_plural(b, 'booster')}). Is that honest caution, or a way to avoid "
                           "saying who claims what?")
    if "attribution" in focus and attributions_of(record) is not None:
        vague = [a for a in attributions_of(record) or []
                 if (a.get("source") or {}).get("vague")]
        prompts.append("Count the sources by kind. Whose voices are heard most, and who is "
                       "never quoted?")
        if vague:
            words = (vague[0].get("source") or {}).get("text", "")
            prompts.append(f"Some sources are not named (\u201c{words}\u201d). Why might a writer "
                           "do that, and should a reader trust such claims less?")
    if "criticism" in focus and criticism_of(record) is not None:
        for a in _aspects(record):
            if a.get("status") == "dismissed":
                by = _names(a.get("dismissed_by")) or "the writer"
                prompts.append(f"A worry about {a.get('label') or a['aspect']} is raised and "
                               f"answered by {by}. Is the answer an argument or a wave of the "
                               "hand?")
                break
        if any(a.get("status") == "absent" for a in _aspects(record)):
            prompts.append("Which people affected by this story might disagree with it, and "
                           "where could you find what they say?")
    if "frames" in focus and (frames_of(record) or {}).get("primary"):
        primary = frames_of(record)["primary"].replace("_", " ")
        prompts.append(f"The model reads the article as a whole mostly in the {primary} frame. "
                       "Do you agree? Which frame does it leave out, and who would tell the "
                       "story that way?")
    prompts.append("This tool counts words; it cannot tell you whether the article is true. "
                   "What would you check, and where?")
    return prompts


# ------------------------------------------------------------------------------------------
# the worksheet


@dataclass
class Worksheet:
    """A built worksheet: the three HTML/JSON/CSV documents and what was left out, and why."""

    key: dict[str, Any]
    worksheet_html: str
    answer_key_html: str
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.key["items"]

    def template_csv(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(ANSWER_COLUMNS)
        return buf.getvalue()

    def write(self, directory: str | Path) -> list[Path]:
        """Write worksheet.html, answer_key.html, key.json and answers_template.csv: all four
        or, on an error or an interruption, none (the folder is left as it was)."""
        return write_files(directory, {
            "worksheet.html": self.worksheet_html,
            "answer_key.html": self.answer_key_html,
            "key.json": dumps(self.key, indent=1) + "\n",
            "answers_template.csv": self.template_csv(),
        })

    def _repr_html_(self) -> str:  # notebooks show the worksheet itself
        return self.worksheet_html


def _article_meta(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": record.get("id"), "title": record.get("title") or record.get("id"),
            "outlet": record.get("outlet") or "unknown outlet",
            "published": record.get("published") or "date unknown",
            "author": record.get("author")}


def _highlighted_sentences(record, items, paragraphs, focus) -> list[dict[str, Any]]:
    """Paragraphs whose sentences carry the key items highlighted (HTML from highlight)."""
    from ..views.highlight import highlight_html

    text = record["text"]
    starts = [s["start"] for p in paragraphs for s in p["sentences"]]
    by_sentence: dict[int, list[Mapping[str, Any]]] = {}
    for i in items:  # each item under every sentence it touches, found by bisection
        k = max(bisect_right(starts, i["start"]) - 1, 0)
        while k < len(starts) and (k == 0 or starts[k] < i["end"]):
            by_sentence.setdefault(k, []).append(i)
            k += 1
            if k < len(starts) and starts[k] >= i["end"]:
                break
    out = []
    n = 0
    for para in paragraphs:
        sents = []
        for s in para["sentences"]:
            mine = by_sentence.get(n, ())
            n += 1
            rows = [{"dimension": i["task"], "category": i["category"],
                     "reason": i["explanation"], "start": max(i["start"], s["start"]) - s["start"],
                     "end": min(i["end"], s["end"]) - s["start"]}
                    for i in mine if i["start"] < s["end"] and i["end"] > s["start"]]
            html = highlight_html(text[s["start"]:s["end"]], rows, dimensions=list(focus),
                                  id_prefix=f"{record.get('id')}-s{s['number']}")
            sents.append({"number": s["number"], "html": html})
        out.append({"number": para["number"], "sentences": sents})
    return out


def template_environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("framing", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def build_worksheet(
    records: Sequence[Mapping[str, Any]],
    *,
    focus: str | Sequence[str] | None = None,
    level: str = "intro",
    paper: str = "a4",
    skipped: Mapping[str, str] | None = None,
) -> Worksheet:
    """A worksheet for one scored article record, or a compare worksheet for two.

    Focuses whose dimension is not registered, or did not run on the records (their
    ``versions``), are skipped with a one-line reason in ``Worksheet.skipped``.
    """
    from markupsafe import Markup

    from ..views.highlight import highlight_css, legend_html

    if level not in LEVELS:
        raise UnknownNameError("level", level, LEVELS)
    if paper not in PAPERS:
        raise UnknownNameError("paper size", paper, PAPERS)
    if not 1 <= len(records) <= 2:
        raise FramingError("a worksheet is for one article, or two with --compare")
    for record in records:
        _check_size(record.get("source") or record.get("id") or "article",
                    record.get("text") or "")
    wanted = resolve_focus(focus)
    focus_list, skipped_now = split_available(wanted, records)
    skipped_all = {**skipped_now, **dict(skipped or {})}
    focus_list = [f for f in focus_list if f not in skipped_all]

    compare = len(records) == 2
    articles, all_items, tasks_by_article = [], [], []
    first = 1
    for n, record in enumerate(records):
        label = "AB"[n] if compare else ""
        paragraphs = numbered_paragraphs(record["text"], first)
        para_of = {s["number"]: p["number"] for p in paragraphs for s in p["sentences"]}
        items = key_items(record, focus_list, level=level, first_sentence=first, article=label)
        tasks = build_tasks(record, items, focus_list, level, para_of, first)
        articles.append({
            "label": label, "meta": _article_meta(record), "paragraphs": paragraphs,
            "highlighted": [
                {"number": p["number"], "sentences": [
                    {"number": s["number"], "html": Markup(s["html"])} for s in p["sentences"]]}
                for p in _highlighted_sentences(record, items, paragraphs, focus_list)],
            "prompts": discussion_prompts(record, items, focus_list),
            "missing": [a.get("label") or a["aspect"] for a in _aspects(record)
                        if a.get("status") == "absent"],
            "dismissed": [{"label": a.get("label") or a["aspect"],
                           "by": _names(a.get("dismissed_by")) or "not stated"}
                          for a in _aspects(record)
                          if a.get("status") == "dismissed"],
            "first": first,
            "last": first + sum(len(p["sentences"]) for p in paragraphs) - 1,
        })
        tasks_by_article.append(tasks)
        all_items.extend(items)
        first = articles[-1]["last"] + 1
    comparisons = compare_questions(records, all_items, focus_list) if compare else []
    context = {
        "articles": articles, "tasks": tasks_by_article, "level": level,
        "paper": PAPERS[paper], "compare": compare, "comparisons": comparisons,
        "skipped": list(skipped_all.values()), "items": all_items,
        "columns": ANSWER_COLUMNS, "focus": focus_list,
        "css": Markup(highlight_css(focus_list)), "legend": Markup(legend_html(focus_list)),
        "today": date.today().isoformat(),
        "answer_rows": min(max(sum(i["part"] == "core" for i in all_items), 6), 40),
    }
    env = template_environment()
    worksheet_html = env.get_template("worksheet.html.j2").render(**context)
    answer_html = env.get_template("answer_key.html.j2").render(**context)
    key = {
        "format": KEY_FORMAT, "version": KEY_VERSION, "level": level, "focus": focus_list,
        "skipped": skipped_all,
        "articles": [{**a["meta"], "label": a["label"], "sentences": [a["first"], a["last"]]}
                     for a in articles],
        "tasks": {t["id"]: [c for c, _, _ in t["categories"]] for t in tasks_by_article[0]},
        "items": [{**{k: i[k] for k in ("id", "article", "sentence", "task", "category",
                                         "phrase", "start", "end", "explanation", "part")},
                   **{k: i[k] for k in ("paragraph", "accept") if k in i}}
                  for i in all_items],
    }
    if "frames" in focus_list:  # the codebook's names, which grading accepts as well
        key["labels"] = {f: title for f, title, _ in frame_categories()}
    for tasks in tasks_by_article[1:]:
        for t in tasks:
            key["tasks"][t["id"]] = list(dict.fromkeys(
                [*key["tasks"].get(t["id"], []), *(c for c, _, _ in t["categories"])]))
    return Worksheet(key, worksheet_html, answer_html, skipped_all)


def compare_questions(records, items, focus) -> list[dict[str, str]]:
    """Questions about the two articles side by side, with their answers for the key."""
    out = []
    names = [r.get("outlet") or r.get("id") for r in records]
    for name in focus:
        counts = [sum(1 for i in items if i["task"] == name and i["article"] == lab)
                  for lab in "AB"]
        words = [max(int(r.get("n_words") or 0), 1) for r in records]
        rates = [1000 * c / w for c, w in zip(counts, words)]
        more = names[0] if rates[0] > rates[1] else names[1] if rates[1] > rates[0] else None
        question = {
            "promotional": "Which article uses more promotional phrasing for its length?",
            "hedging": "Which article hedges more, and which sounds more certain?",
            "attribution": "Which article quotes more sources, and of which kinds?",
            "criticism": "Which concerns does one article raise that the other leaves out?",
            "frames": "Do the two articles tell the story in the same frames?",
        }[name]
        answer = (f"A ({names[0]}): {counts[0]} items, {rates[0]:.1f} per 1,000 words; "
                  f"B ({names[1]}): {counts[1]} items, {rates[1]:.1f} per 1,000 words."
                  + (f" More in {more}." if more else " About the same."))
        if name == "criticism":
            sets = [{a["aspect"]: a.get("label") or a["aspect"] for a in _aspects(r)
                     if a.get("status") in ("mentioned", "voiced", "dismissed")}
                    for r in records]
            only_a = [sets[0][k] for k in sets[0] if k not in sets[1]]
            only_b = [sets[1][k] for k in sets[1] if k not in sets[0]]
            answer = (f"Only in A: {', '.join(only_a) or 'none'}. "
                      f"Only in B: {', '.join(only_b) or 'none'}.")
        if name == "frames":
            used = [(frames_of(r) or {}) for r in records]
            answer = " ".join(
                f"{lab} ({names[k]}): mostly {(u.get('primary') or 'none').replace('_', ' ')}"
                f"; uses {', '.join(f.replace('_', ' ') for f in u.get('used') or []) or 'none'}."
                for k, (lab, u) in enumerate(zip("AB", used)))
        out.append({"question": question, "answer": answer})
    return out


def _check_size(where: str, text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(where, f"the article has {len(text):,} characters; a worksheet takes at "
                         f"most {MAX_ARTICLE_CHARS:,} (about 10,000 words): cut it to the "
                         "passage you want to teach")


def make_worksheet(articles: Any, *, focus=None, level: str = "intro", paper: str = "a4",
                   lexicons: Sequence[Any] = (),
                   options: Mapping[str, Mapping[str, Any]] | None = None) -> Worksheet:
    """Score one article (or two, for a compare worksheet) and build its worksheet.

    ``lexicons`` (a teacher's own lexicon files) and ``options`` (for example
    ``{"criticism": {"topic": "my-topic.toml"}}``) go to the scorer."""
    from ..article import Article

    if isinstance(articles, Article):
        articles = [articles]
    articles = list(articles)
    for a in articles:
        _check_size(getattr(a, "source", "") or getattr(a, "id", "article"), a.text)
    wanted = resolve_focus(focus)
    _, skipped = split_available(wanted)
    records = score_articles(articles, lexicons=lexicons, options=options, focus=wanted)
    return build_worksheet(records, focus=wanted, level=level, paper=paper, skipped=skipped)


__all__ = ["ALL_FOCUSES", "FOCUSES", "OPTIONAL_FOCUSES", "LEVELS", "Worksheet",
           "build_worksheet", "make_worksheet", "key_items", "numbered_paragraphs",
           "resolve_focus"]
