"""The worksheet's tasks in words: numbered paragraphs, the questions of each focus (pointing at
sentences or paragraphs without giving the words away), their extensions, the discussion
prompts and the questions that compare two articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..dimensions.attribution.dimension import attributions_of
from ..dimensions.criticism.part import criticism_of
from ..dimensions.frames.dimension import frames_of
from .items import (
    CUE_CLASSES,
    HEDGING_FAMILIES,
    TASK_TITLES,
    aspects_of,
    category_label,
    sentence_of,
)


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
            "categories": [(c, category_label(c), "") for c in HEDGING_FAMILIES]}


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
    cats = [(c, category_label(c), "") for c in (*CUE_CLASSES, "official", "state_media",
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
        rows.append({"sentence": first_sentence + sentence_of({"start": cue["start"]},
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
                                         aspects_of(record)))
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


def names_of(value: Any) -> str:
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
        for a in aspects_of(record):
            if a.get("status") == "dismissed":
                by = names_of(a.get("dismissed_by")) or "the writer"
                prompts.append(f"A worry about {a.get('label') or a['aspect']} is raised and "
                               f"answered by {by}. Is the answer an argument or a wave of the "
                               "hand?")
                break
        if any(a.get("status") == "absent" for a in aspects_of(record)):
            prompts.append("Which people affected by this story might disagree with it, and "
                           "where could you find what they say?")
    primary = (frames_of(record) or {}).get("primary") if "frames" in focus else None
    if primary:
        primary = primary.replace("_", " ")
        prompts.append(f"The model reads the article as a whole mostly in the {primary} frame. "
                       "Do you agree? Which frame does it leave out, and who would tell the "
                       "story that way?")
    prompts.append("This tool counts words; it cannot tell you whether the article is true. "
                   "What would you check, and where?")
    return prompts




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
            sets = [{a["aspect"]: a.get("label") or a["aspect"] for a in aspects_of(r)
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

