"""The answer key's items: what each finding of an article asks of a student, explained in
plain words, corrected by the reviewed key of the bundled sample, cleared of what would teach
an error, and chosen for the handout (the rest are an extension). Also the vocabulary every
worksheet, key and grade shares: the focuses and the categories' labels.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from ..dimensions.attribution.dimension import attributions_of
from ..dimensions.criticism.part import criticism_of
from ..dimensions.hedging import kind as hedging_kind
from ..textunits import split_sentences

#: What a worksheet asks about by default, one focus per dimension, in the order tasks appear.
FOCUSES = ("promotional", "hedging", "attribution", "criticism")
#: Tasks a teacher adds by name (``--focus ...,frames``), off by default: "frames" asks which
#: policy frame a paragraph uses (the frames dimension).
OPTIONAL_FOCUSES = ("frames",)
ALL_FOCUSES = FOCUSES + OPTIONAL_FOCUSES

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

HEDGING_FAMILIES = ("hedge", "booster")
CUE_CLASSES = ("neutral", "emphatic", "endorsing", "distancing")


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))




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


def sentence_of(ev: Mapping[str, Any], sentences: Sequence[Mapping[str, int]]) -> int:
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
        if category not in HEDGING_FAMILIES:
            return None
    elif dim == "attribution":
        role = str(extra.get("role", ""))
        if role == "source":
            category = str(extra.get("source_type") or "unknown")
            if category == "unknown" and extra.get("kind") == "document":
                category = "document"
        elif role == "cue":
            if category not in CUE_CLASSES:
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


def aspects_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
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
    labels = {a["aspect"]: a.get("label") or a["aspect"] for a in aspects_of(record)}
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
        item["sentence"] = sentence_of(ev, sentences)
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
