"""``framing topics list|show|validate|suggest|gaps``: topic profiles of the criticism dimension.

``suggest`` proposes candidate cue phrases from a corpus for a person to review; it prints
them and never writes a profile.
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
  framing topics suggest articles/ --manifest m.csv --topic china-central-asia
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
    q = tsub.add_parser("suggest", help="candidate cue phrases from a corpus, for review")
    add_input_args(q)
    q.add_argument("--topic", metavar="NAME|PATH", default="china-central-asia",
                   help="profile whose cues are left out of the suggestions")
    q.add_argument("--top", type=int, default=30, metavar="N",
                   help="how many per group (default 30)")
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
    print(f"topic cues (≥{prof.min_hits} hits, ≥{prof.min_distinct} different): "
          + ", ".join(prof.topic_cues))
    if prof.topic_required:
        print("and at least one of: " + ", ".join(prof.topic_required))
    for a in prof.aspects:
        print(f"\n[{a.id}] {a.label}\n  {a.description}")
        for key, values in (("cues", a.cues), ("weak cues", a.weak_cues),
                            ("only with", a.context), ("never", a.not_),
                            ("answers", a.answers), ("critics", a.critics)):
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
    :mod:`framing.compare.distinctive`.
    """
    from ..compare.distinctive import count_terms, log_odds

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


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import load_profile
    from ..textunits import Document
    from . import input_articles

    profile = load_profile(args.topic)
    failures: list[Any] = []
    docs = [Document.from_text(a.text, a.meta) for a in input_articles(args, failures)]
    frame = candidate_phrases(docs, profile, top=args.top, by_outlet=args.by_outlet)
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
            writer = RowWriter(fh, fmt)
            for row in frame.to_dict(orient="records"):
                writer.write(row)
    return 1 if failures else 0
