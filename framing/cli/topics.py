"""``framing topics list|show|validate|suggest|gaps``: topic profiles of the criticism dimension.

``suggest`` finds the critical sentences of a corpus (cost, harm, risk, disagreement,
opposition voices) and groups them into candidate aspects with cue words and example
sentences, for a person to review; it prints them and never writes a profile.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

EXAMPLES = """examples:
  framing topics list
  framing topics show china-central-asia
  framing topics validate my-topic.toml
  framing topics suggest articles/ --manifest m.csv
  framing topics suggest articles/ --topic my-topic.toml --phrases
  framing topics gaps articles/ --manifest m.csv
"""


def add_command(sub: Any) -> None:
    from . import add_input_args, add_output_args

    p = sub.add_parser("topics", help="list, show, validate topic profiles; suggest cues",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True,
                            parser_class=type(p))
    tsub.add_parser("list", help="shipped profiles with version and aspects").set_defaults(
        func=cmd_list)
    q = tsub.add_parser("show", help="a profile's aspects, cues, critics and references")
    q.add_argument("name", help="shipped name or path to a .toml file")
    q.set_defaults(func=cmd_show)
    q = tsub.add_parser("validate", help="check profile files; errors name file:line")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.set_defaults(func=cmd_validate)
    q = tsub.add_parser("suggest", help="candidate aspects and cue words from a corpus's "
                        "critical sentences, for review")
    add_input_args(q)
    q.add_argument("--topic", metavar="NAME|PATH",
                   help="profile whose cues are left out of the suggestions")
    q.add_argument("--top", type=int, default=None, metavar="N",
                   help="how many aspects (default 8) or phrases per group (default 30)")
    q.add_argument("--phrases", action="store_true",
                   help="a table of single phrases (log-odds) instead of grouped aspects")
    q.add_argument("--by-outlet", action="store_true",
                   help="phrases that distinguish the outlets instead")
    q.set_defaults(func=cmd_suggest)
    q = tsub.add_parser("gaps", help="aspects other outlets cover and an article leaves out")
    add_input_args(q)
    add_output_args(q, ("table", "csv", "jsonl"))
    q.add_argument("--topic", metavar="NAME|PATH", help="profile (default: chosen per article)")
    q.add_argument("--all", action="store_true", help="every aspect, not only the omitted ones")
    q.set_defaults(func=cmd_gaps)


def cmd_list(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import load_profile, shipped_profiles

    for name in shipped_profiles():
        prof = load_profile(name)
        print(f"{prof.versioned_id:<40} {len(prof.aspects):>2} aspects  {prof.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import load_profile

    prof = load_profile(args.name)
    print(f"{prof.versioned_id}  {prof.title}")
    if prof.description:
        print(prof.description)
    print(f"topic cues (≥{prof.min_hits} hits, ≥{prof.min_distinct} different, in "
          f"≥{prof.min_share:.0%} of sentences): " + ", ".join(prof.topic_cues))
    if prof.topic_required:
        print("and at least one of: " + ", ".join(prof.topic_required))
    for a in prof.aspects:
        print(f"\n[{a.id}] {a.label}\n  {a.description}")
        for key, values in (("cues", a.cues), ("weak cues", a.weak_cues),
                            ("only with", a.context), ("never", a.not_),
                            ("answers", a.answers), ("critics", a.critics),
                            ("dismissed by", a.dismissers)):
            if values:
                print(f"  {key}: " + ", ".join(values))
        for ref in a.references:
            print(f"  - {ref}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import load_discourse, read_profile
    from . import validate_files

    discourse = load_discourse()
    return validate_files(
        args.files, lambda path: read_profile(path, base_discourse=discourse),
        lambda prof: f"{prof.versioned_id}, {len(prof.aspects)} aspects",
    )


def candidate_phrases(docs: list[Any], profile: Any, *, top: int = 30,
                      by_outlet: bool = False) -> pd.DataFrame:
    """Candidate cue phrases for a person to review, leaving out what the profile lists.

    Default: phrases that sit in sentences raising, conceding or dismissing a worry more
    often than in the rest of the corpus. ``by_outlet``: phrases that distinguish each outlet
    from the others. Both rank by the weighted log-odds z-score of
    :mod:`framing.comparison.distinctive`.
    """
    from ..comparison.distinctive import count_terms, log_odds

    marked_kinds = {"concern", "concession", "dismissal"}
    groups: dict[str, Counter[str]] = {}
    examples: list[tuple[str, str]] = []  # (group, sentence)
    for doc in docs:
        marked = {doc.token_sentence[m.i] for m in profile.discourse_matcher.find(doc)
                  if m.entry.category in marked_kinds}
        if by_outlet:
            outlet = str(doc.meta.get("outlet") or doc.meta.get("id") or "unknown")
            groups.setdefault(outlet, Counter()).update(count_terms(doc.text, ngrams=3))
        for s, sent in enumerate(doc.sentences):
            text = doc.text[sent.start:sent.end]
            if by_outlet:
                examples.append((outlet, text))
                continue
            group = "critical sentences" if s in marked else "other sentences"
            examples.append((group, text))
            groups.setdefault(group, Counter()).update(count_terms(text, ngrams=3))
    frame = log_odds(groups, top=None, min_count=2)
    if not by_outlet:
        frame = frame[frame["outlet"] == "critical sentences"]
    frame = frame[(frame["count"] > 0) & (frame["z"] > 0)]
    frame = frame[~frame["term"].map(lambda t: _listed(t, profile))]
    frame = frame.sort_values(["outlet", "z", "term"], ascending=[True, False, True])
    frame = frame.groupby("outlet", sort=True).head(top).reset_index(drop=True)
    lowered = [(g, e.lower()) for g, e in examples]
    frame["example"] = [
        next((examples[k][1] for k, (g, e) in enumerate(lowered) if g == group and term in e),
             "")
        for group, term in zip(frame["outlet"], frame["term"])
    ]
    return frame.rename(columns={"outlet": "group"})


def _listed(phrase: str, profile: Any) -> bool:
    """True when the profile's cues or the discourse markers already match the phrase."""
    from ..textunits import Document

    doc = Document.from_text(phrase)
    return bool(profile.cue_matcher.find(doc) or profile.discourse_matcher.find(doc))


#: Words that mark a sentence as critical, by kind (lexicon pattern syntax). The shared
#: discourse markers of ``discourse.toml`` (concern, concession, dismissal) count too.
CRITICAL_MARKERS = {
    "cost": [
        "cost(s)", "costly", "over budget", "overrun(s)", "pay more", "more expensive",
        "expensive", "higher prices", "prices rose", "bills", "afford*", "burden", "debt(s)",
        "more than they receive",
    ],
    "harm": [
        "harm*", "damag*", "hurt*", "pollut*", "injur*", "lose|lost|losing jobs", "cost jobs",
        "job losses", "closure(s)", "left behind", "leaves|leave poorer", "suffer*",
        "victim(s)", "displac*", "killed",
    ],
    "risk": ["risk(s|y)", "threat*", "danger*", "warn*", "fear*", "unsafe", "uncertain*"],
    "disagreement": [
        "critic*", "criticis*", "criticiz*", "complain*", "object*", "disput*", "reject*",
        "falls|fall|fell short", "too weak", "not enough", "no money", "nothing has come",
        "broken promise(s)", "fail*", "vague", "no enforcement", "unfair", "questioned",
    ],
    "opposition": [
        "opposition", "oppos*", "protest*", "unions", "residents", "campaigners",
        "activists", "environmental groups", "consumer groups", "lawsuit(s)", "sued",
        "opponents",
    ],
}
_GENERIC = frozenset({
    "said", "says", "say", "told", "according", "percent", "year", "years", "week", "day",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "ms",
    "mrs", "new", "just", "like", "also", "would", "could", "may", "might", "one", "two",
})


def _critical_matcher(profile: Any | None) -> Any:
    from ..dimensions.criticism.profiles import load_discourse
    from ..lexicon import Entry, Lexicon, Matcher

    lex = Lexicon(name="critical", version="1", dimension="criticism", path="suggest")
    rows = [(p, kind) for kind, pats in CRITICAL_MARKERS.items() for p in pats]
    discourse = profile.discourse if profile is not None else load_discourse()
    rows += [(p, kind) for kind in ("concern", "concession", "dismissal")
             for p in discourse.get(kind, ())]
    for pattern, kind in rows:
        lex.entries.append(Entry(pattern, kind, 1.0, (), kind, "suggest", 0, "suggest", kind))
    return Matcher([lex])


def critical_sentences(docs: list[Any], profile: Any | None = None) -> list[dict[str, Any]]:
    """Every sentence with a mark of cost, harm, risk, disagreement or opposition (or a
    concern, concession or dismissal marker): article, sentence text, kinds, marker words."""
    matcher = _critical_matcher(profile)
    out = []
    for k, doc in enumerate(docs):
        found: dict[int, list[tuple[str, str]]] = {}
        for m in matcher.find(doc):
            s = doc.token_sentence[m.i]
            words = doc.text[doc.token_starts[m.i]:doc.token_ends[m.j - 1]].lower()
            found.setdefault(s, []).append((m.entry.category, words))
        for s, marks in sorted(found.items()):
            sent = doc.sentences[s]
            out.append({"article": k, "id": str(doc.meta.get("id") or k), "sentence": s,
                        "text": " ".join(doc.text[sent.start:sent.end].split()),
                        "kinds": sorted({kind for kind, _ in marks}),
                        "markers": sorted({w for _, w in marks})})
    return out


def suggest_aspects(docs: list[Any], profile: Any | None = None, *, top: int = 8
                    ) -> tuple[list[dict[str, Any]], int]:
    """Candidate aspects: the corpus's critical sentences grouped by the words they share.

    A word or phrase (up to three words) that occurs in critical sentences of at least two
    articles, and more often there than in the rest of the corpus, seeds a group; the group
    takes the not yet grouped critical sentences holding it, and its cue words are the
    phrases most of its sentences share (marker phrases such as "over budget" included).
    Returns (aspects, number of critical sentences); each aspect has ``label``, ``kinds``
    (cost, harm, ...), ``cues``, ``n_sentences``, ``n_articles`` and ``examples``.
    """
    from ..comparison.distinctive import count_terms

    critical = critical_sentences(docs, profile)
    crit_keys = {(c["article"], c["sentence"]) for c in critical}
    rest: Counter[str] = Counter()
    for k, doc in enumerate(docs):
        for s, sent in enumerate(doc.sentences):
            if (k, s) not in crit_keys:
                rest.update(count_terms(doc.text[sent.start:sent.end], ngrams=3))
    terms_of = []
    where: dict[str, set[int]] = {}
    for n, c in enumerate(critical):
        terms = {t for t in count_terms(c["text"], ngrams=3)
                 if t.split()[0] not in _GENERIC and t.split()[-1] not in _GENERIC
                 and (profile is None or not _listed(t, profile))}
        terms |= {m for m in c["markers"] if " " in m}
        terms_of.append(terms)
        for t in terms:
            where.setdefault(t, set()).add(n)
    n_crit = max(1, sum(len(t) for t in terms_of))
    n_rest = sum(rest.values())
    marker_words = {w for c in critical for m in c["markers"] for w in m.split()}

    def lift(t: str) -> float:
        """How much more often the term is in critical sentences than in the corpus."""
        inside = len(where[t])
        return (inside / n_crit) / ((inside + rest.get(t, 0)) / (n_crit + n_rest))

    def weight(t: str) -> tuple:
        articles = {critical[i]["article"] for i in where[t]}
        # a phrase with a word of cost, harm or dissent ("cost jobs", "over budget") says
        # more than a topic phrase ("climate change") or a lone word ("warned")
        return (bool(set(t.split()) & marker_words), " " in t, min(len(articles), 3),
                lift(t), t)

    seeds = sorted((t for t, rows in where.items()
                    if len({critical[i]["article"] for i in rows}) >= 2 and lift(t) >= 1.0),
                   key=weight, reverse=True)
    covered: set[int] = set()
    aspects = []
    for seed in seeds:
        rows = sorted(where[seed] - covered)
        if len({critical[i]["article"] for i in rows}) < 2:
            continue
        shared = Counter(t for i in rows for t in terms_of[i])
        cues = [t for t, n in sorted(shared.items(), key=lambda x: (-x[1], -len(x[0]), x[0]))
                if n >= 2 and not set(t.split()) <= _GENERIC][:8]
        kinds = Counter(k for i in rows for k in critical[i]["kinds"])
        seen_articles: set[int] = set()
        examples = []
        for i in rows:  # one example per article first
            if critical[i]["article"] not in seen_articles:
                seen_articles.add(critical[i]["article"])
                examples.append(critical[i]["text"])
        aspects.append({
            "label": seed, "kinds": [k for k, _ in kinds.most_common()],
            "cues": cues or [seed], "n_sentences": len(rows),
            "n_articles": len({critical[i]["article"] for i in rows}),
            "examples": examples[:3],
        })
        covered.update(rows)
        if len(aspects) >= top:
            break
    return aspects, len(critical)


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import load_profile
    from ..textunits import Document
    from . import input_articles

    failures: list[Any] = []
    docs = [Document.from_text(a.text, {"id": a.id, **a.meta})
            for a in input_articles(args, failures)]
    if not (args.phrases or args.by_outlet):
        profile = load_profile(args.topic) if args.topic else None
        aspects, n_critical = suggest_aspects(docs, profile, top=args.top or 8)
        n_sentences = sum(len(d.sentences) for d in docs)
        print(f"# {len(aspects)} candidate aspects from {n_critical} critical sentences (cost, "
              f"harm, risk, disagreement, opposition) of {n_sentences} in {len(docs)} "
              "articles. Nothing was written: decide which are aspects, name them, and copy "
              "the cue words you agree with into a profile (lexicons/topics/README.md).")
        for k, a in enumerate(aspects, 1):
            print(f"\n## {k}. {a['label']} — {', '.join(a['kinds'])} "
                  f"({a['n_sentences']} sentences, {a['n_articles']} articles)")
            print("   cue words: " + ", ".join(a["cues"]))
            for ex in a["examples"]:
                ex = ex if len(ex) <= 160 else ex[:157] + "..."
                print(f"   e.g. {ex}")
        if not aspects:
            print("\nNo critical phrase recurs in two articles; try more articles.")
        return 1 if failures else 0
    profile = load_profile(args.topic or "china-central-asia")
    frame = candidate_phrases(docs, profile, top=args.top or 30, by_outlet=args.by_outlet)
    what = ("phrases that distinguish each outlet from the others" if args.by_outlet else
            "phrases of sentences that raise, concede or dismiss a worry, against the rest")
    print(f"# candidate cue phrases for review ({len(docs)} articles): {what}; "
          "z = weighted log-odds z-score. Nothing was written.")
    print("group\tphrase\tcount\tcount_rest\tz\texample")
    for r in frame.itertuples(index=False):
        ex = " ".join(r.example.split())
        ex = ex if len(ex) <= 120 else ex[:117] + "..."
        print(f"{r.group}\t{r.term}\t{r.count}\t{r.count_rest}\t{r.z}\t{ex}")
    return 1 if failures else 0


def cmd_gaps(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.gaps import corpus_gaps
    from ..output import RowWriter, atomic_output, format_for
    from ..scoring import Scorer
    from . import input_articles

    options = {"criticism": {"topic": args.topic}} if args.topic else None
    scorer = Scorer(["criticism"], options=options)
    failures: list[Any] = []
    records = list(scorer.score_all(input_articles(args, failures)))
    frame = corpus_gaps(records)
    if not args.all:
        frame = frame[frame["omitted"]]
    fmt = format_for(args.output, args.format, "table" if args.output in (None, "-") else "csv")
    with atomic_output(args.output) as fh:
        if fmt == "table":
            if frame.empty:
                fh.write("no aspect is left out that other outlets cover\n")
            for row in frame.itertuples(index=False):
                fh.write(f"{row.article_id}  {row.outlet or '-'}  {row.aspect}: {row.note}\n")
        else:
            writer = RowWriter(fh, fmt, csv_raw=args.csv_raw)
            for row in frame.to_dict(orient="records"):
                writer.write(row)
    return 1 if failures else 0
