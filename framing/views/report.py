"""The outlet comparison report: one self-contained HTML page, Markdown with PNG charts, and the
data tables behind them (articles.csv, evidence.csv, outlets.csv, and Parquet with pyarrow).

Scored records stream through :class:`ReportBuilder`; it never holds the corpus. Per article it
keeps the metric row, the evidence rows, the aspects of omitted criticism, a reprint fingerprint
(a few hashes per content word, see :mod:`framing.comparison.reprints`) and the offsets of the
text in a spool file on disk; each article's section is rendered as the record arrives and
spooled to disk too. Per outlet it keeps one term counter (grows with the vocabulary). So memory
grows linearly with the number of articles at roughly the size of their evidence plus fingerprint
(a few KB per article), not with their text, and the cross-article steps are sub-quadratic
(reprint candidates come from an LSH index).

Output is deterministic: no timestamp unless ``stamp`` is given, a seeded bootstrap, fixed
float formats, input order for articles, sorted order for outlets; PNGs carry no software
metadata. A failure leaves no partial report: everything is built in a temporary folder that
replaces the output folder only when complete.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd
from markupsafe import Markup

from ..comparison.distinctive import count_terms, log_odds
from ..comparison.outlets import compare, metric_columns, wide
from ..comparison.reprints import ReprintFinder, fingerprint
from ..dimensions.attribution.dimension import attributions_of
from ..dimensions.criticism.part import CriticismPart, criticism_of
from ..dimensions.frames.dimension import frames_of
from ..errors import FramingError
from ..evidence import EVIDENCE_COLUMNS
from ..output import atomic_directory, check_replaceable, csv_frame, dumps, md_code, md_text
from ..record import ScoredArticle
from .highlight import highlight_css, highlight_html, legend_html
from .palette import dimension_style

#: Defaults (one place): terms per outlet, aligned examples per pair, classifier sentences
#: highlighted from this probability, article count below which an outlet is flagged (and not
#: judged for a distinctive frame), the smallest gap in mean frame probability that makes a
#: frame distinctive, the days that inferred same-event groups may span
#: (:mod:`framing.comparison.frames`).
DEFAULTS = {"top_terms": 10, "examples": 6, "classifier_show": 0.5, "min_articles": 3,
            "n_boot": 2000, "seed": 0, "frame_gap": 0.10, "event_days": 7}

#: What each dimension measures, for the method section.
METHOD = {
    "promotional": "loaded, hyperbolic and slogan phrases from a curated lexicon, per 1,000 "
                   "words and as the share of sentences with at least one; quoted words are "
                   "counted apart from the author's own.",
    "hedging": "hedges (may, reportedly, arguably) and boosters (undoubtedly, a given) per 1,000 "
               "words; the certainty balance is (boosters − hedges) / (boosters + hedges).",
    "attribution": "who is cited (named or vague; official, expert, ordinary people, ...) and "
                   "with which verb (neutral 'said', endorsing 'pointed out', distancing "
                   "'claimed'); evaluative author sentences with no source are counted too.",
    "criticism": "which critical aspects of the topic an article voices, mentions, dismisses or "
                 "leaves out; 'absent' means this article does not raise it, not that it is "
                 "hidden.",
    "classifier": "sentence classifiers trained on public labelled data give each sentence a "
                  "probability; they are a second opinion beside the lexicons, with the features "
                  "that drove each decision.",
    "frames": "which of the 14 policy frames (Boydstun et al. 2014: economic, legality, security, "
              "...) each article uses: a model trained on SemEval-2023 articles gives each frame "
              "a probability (an outlet's mean estimates the share of its articles using the "
              "frame); the sentences that carry most of a used frame's score are shown with "
              "its cue words.",
}
_EXTRA_METHOD = [
    ("Intervals", "percentile bootstrap over an outlet's articles (2,000 resamples, fixed seed). "
     "With one or two articles there is no real interval: such outlets are marked ⚠."),
    ("Distinctive language", "weighted log-odds with an informative Dirichlet prior from the "
     "whole corpus (Monroe, Colaresi & Quinn 2008), one outlet against all others."),
    ("Reprints", "MinHash LSH over sentence stems proposes pairs; sentences are then aligned by "
     "TF-IDF cosine of stems plus shared figures, keeping only order-preserving chains."),
]
_CHART_NOTE = {
    "attribution": "attribution (no source-type or cue-verb charts, no source tables)",
    "criticism": "criticism (no outlet × aspect heatmap, no criticism tables)",
    "hedging": "hedging (no hedges vs boosters chart)",
    "frames": "frames (no frame shares per outlet, distinctive frames or frame mix of "
              "articles on the same event)",
}

_PAGE_CSS = """
:root{--ink:#111;--muted:#444;--rule:#999}
*{box-sizing:border-box}
body{font-family:Georgia,"Times New Roman",serif;color:var(--ink);margin:0 auto;max-width:60rem;
padding:0 1rem 3rem;font-size:clamp(15px,1rem + .3vw,22px);line-height:1.5}
h1{font-size:1.7em;margin:.8em 0 .2em}h2{font-size:1.3em;border-bottom:2px solid var(--rule);
margin-top:2em}h3{font-size:1.08em;margin:1.4em 0 .3em}h4{font-size:1em;margin:.8em 0 .2em}
.lead{margin:.2em 0}.caveat{border-left:4px solid var(--rule);padding:.3em .8em;color:var(--muted)}
nav{font-size:.9em;margin:1em 0}nav a{white-space:nowrap}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0;width:100%}
th,td{border:1px solid #bbb;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#eee}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}.warn{font-weight:bold}tr.few td{font-style:italic}
figure{margin:1em 0;break-inside:avoid}figure img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption{font-size:.85em;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.8em}
.card h3{margin-top:.4em}.pair{break-inside:avoid}table.side td{width:47%}
article{border-top:1px solid var(--rule);margin-top:1.5em}.meta{color:var(--muted);margin:.2em 0}
.url{font-size:.8em;overflow-wrap:anywhere}.small{font-size:.85em;color:var(--muted)}
details.metrics{margin:.4em 0}ul.cols{columns:2 18rem;font-size:.9em}
tr.st-dismissed td:nth-child(2){font-weight:bold}tr.st-absent td{color:var(--muted)}
@media print{body{max-width:none;font-size:10.5pt}nav{display:none}
article{break-before:page}details.metrics>*{display:block}a{color:inherit;text-decoration:none}}
"""


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _md(value: Any) -> Markup:
    """Text safe inside a Markdown table cell or paragraph (no markup, no raw HTML)."""
    return Markup(md_text(value))


def _md_finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a Markdown template: text is escaped (:func:`md_text`) unless
    it is Markup, i.e. already escaped or rendered Markdown (filters ``md``, ``code``)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return md_text(value)


@functools.lru_cache(maxsize=1)  # templates compile once per process, not per report
def _environments():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    html = Environment(loader=PackageLoader("framing", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)
    md = Environment(loader=PackageLoader("framing", "templates"), autoescape=False,
                     undefined=StrictUndefined, keep_trailing_newline=True,
                     finalize=_md_finalize)
    md.filters["md"] = _md
    md.filters["code"] = lambda value: Markup(md_code(value))
    return html, md


class _Spool:
    """Strings appended to an anonymous temporary file and read back in order or by offset."""

    def __init__(self) -> None:
        self.fh: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.spans: list[tuple[int, int]] = []

    def append(self, text: str) -> int:
        data = text.encode("utf-8")
        self.fh.seek(0, os.SEEK_END)
        self.spans.append((self.fh.tell(), len(data)))
        self.fh.write(data)
        return len(self.spans) - 1

    def get(self, index: int) -> str:
        offset, size = self.spans[index]
        self.fh.seek(offset)
        return self.fh.read(size).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for k in range(len(self.spans)):
            yield self.get(k)

    def close(self) -> None:
        self.fh.close()


class ReportBuilder:
    """Collect scored records one by one (:meth:`add`), then :meth:`write` the report files."""

    def __init__(self, *, by: str = "outlet", reprint_options: Mapping[str, Any] | None = None,
                 **options: Any):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown option(s) {sorted(unknown)}; options: {sorted(DEFAULTS)}")
        self.options = {**DEFAULTS, **options}
        self.by = by
        self.rows: list[dict[str, Any]] = []
        self.evidence: list[dict[str, Any]] = []
        self.aspects: list[dict[str, Any]] = []
        self.terms: dict[str, Counter[str]] = {}
        self.removed: list[Counter[str]] = []
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.finder = ReprintFinder(**dict(reprint_options or {}))
        self.texts = _Spool()
        self.html_sections = _Spool()
        self.md_sections = _Spool()
        self.versions: dict[str, list[str]] = {"framing": [], "dimensions": [], "lexicons": [],
                                               "models": []}
        self.topics: list[str] = []
        self.topic_counts: Counter[str | None] = Counter()  # profile id (None: no profile)
        self.aspect_records: list[dict[str, Any]] = []
        #: per article: what the frames section needs (event, topic, date, used frames)
        self.frame_items: list[dict[str, Any]] = []
        self._html, self._md = _environments()
        self._ids: set[str] = set()

    # -- per article --------------------------------------------------------------------------

    def add(self, record: ScoredArticle | Mapping[str, Any]) -> None:
        """Take what the report needs from one scored article (a ScoredArticle, or a record as
        ``framing score`` writes it)."""
        record = ScoredArticle.of(record)
        rid = str(record.id)
        if rid in self._ids:
            raise FramingError(f"two articles have the id {rid!r}: ids must be unique in a report")
        self._ids.add(rid)
        index = len(self.rows)
        row = record.to_row()
        self.rows.append(row)
        ev = record.evidence_rows()
        self.evidence.extend(ev)
        outlet = self._outlet(row)
        text = record.text or ""
        counts = count_terms(text)
        self.terms.setdefault(outlet, Counter()).update(counts)
        self.finder.add(fingerprint(rid, text, record.sentences))
        self.texts.append(text)
        removed = [r for r in record.removed or [] if r.get("kind") != "title"]
        self.removed.append(Counter(r.get("kind", "removed") for r in removed))
        for r in removed:
            self.reasons[(r.get("kind", "removed"), r.get("reason", ""))] += 1
        criticism = criticism_of(record)
        for a in criticism.aspects if criticism else []:
            self.aspects.append({"article_id": rid, "aspect": a.get("aspect"),
                                 "label": a.get("label") or a.get("aspect"),
                                 "status": a.get("status", "absent")})
        if criticism and criticism.topic and criticism.aspects:
            self.aspect_records.append({
                "id": rid, "outlet": row.get(self.by) or None, "topic": criticism.topic,
                "aspects": [{"aspect": a.get("aspect"), "label": a.get("label", ""),
                             "status": a.get("status", "absent")} for a in criticism.aspects],
            })
        versions = record.versions or {}
        for key in self.versions:
            value = versions.get(key, [])
            for v in [value] if isinstance(value, str) else value:
                if v not in self.versions[key]:
                    self.versions[key].append(v)
        topic = criticism.topic_id if criticism else None
        if criticism is not None:  # the criticism dimension ran on this article
            if topic and topic not in self.topics:
                self.topics.append(topic)
            self.topic_counts[topic] += 1
        frames = frames_of(record) or {}
        self.frame_items.append({
            "id": rid, "event": (record.meta or {}).get("event") or row.get("event"),
            "topic": topic, "published": row.get("published"),
            "used": list(frames.get("used") or []), "primary": frames.get("primary"),
            # the article's most repeated terms, to show what grouped articles share
            "terms": [t for t, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:20]
                      if n >= 2] if "frames" in (versions.get("dimensions") or []) else []})
        context = self._article_context(index, record, row, ev, criticism)
        self.html_sections.append(self._html.get_template("report_article.html.j2")
                                  .render(**context))
        self.md_sections.append(self._md.get_template("report_article.md.j2").render(**context))

    def _outlet(self, row: Mapping[str, Any]) -> str:
        value = row.get(self.by)
        return str(value) if value not in (None, "") else "(unknown)"

    def _shown(self, ev: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """Evidence worth highlighting: not the whole quoted content of an attribution, and
        classifier sentences only when likely."""
        out = []
        for e in ev:
            extra = e.get("extra") or {}
            if e["dimension"] == "attribution" and extra.get("role") == "content":
                continue
            if e["dimension"] == "classifier" and float(e.get("weight") or 0) < \
                    self.options["classifier_show"]:
                continue
            out.append(e)
        return out

    def _article_context(self, index: int, record: ScoredArticle, row: Mapping[str, Any],
                         ev: Sequence[Mapping[str, Any]],
                         criticism: CriticismPart | None) -> dict[str, Any]:
        metrics = [{"name": k, "value": _fmt(v, 3) if isinstance(v, float) else _fmt(v)}
                   for k, v in (record.metrics or {}).items()]
        sources = []
        for a in attributions_of(record) or []:
            src = a.get("source") or {}
            cue = a.get("cue") or {}
            sources.append({
                "source": src.get("name") or src.get("text") or "(unnamed)",
                "type": (src.get("type") or "unknown").replace("_", " "),
                "named": "named" if src.get("named") else ("vague" if src.get("vague")
                                                           else "unnamed"),
                "cue": " ".join(filter(None, [cue.get("text"), f"({cue['class']})"
                                              if cue.get("class") else None])),
                "direct": "direct" if a.get("direct") else "paraphrase",
            })
        aspects = [{"label": a.get("label") or a.get("aspect"),
                    "status": a.get("status", "absent"),
                    "voiced_by": _names(a.get("voiced_by")),
                    "dismissed_by": _names(a.get("dismissed_by"))}
                   for a in (criticism.aspects if criticism else [])]
        shown = self._shown(ev)
        removed = self.removed[index]
        text = record.text or ""
        return {
            "anchor": index + 1,
            "id": str(record.id),
            "title": row.get("title") or str(record.id),
            "outlet": self._outlet(row),
            "published": row.get("published") or "",
            "author": row.get("author") or "",
            "url": row.get("url") or "",
            "n_words": record.n_words or 0,
            "not_scored": record.not_scored or "",
            "metrics": metrics,
            "text_html": highlight_html(text, shown, footnotes=True, id_prefix=f"a{index + 1}"),
            "evidence": [{"dimension": e["dimension"], "category": e.get("category", ""),
                          "text": e.get("text", ""), "reason": e.get("reason", "")}
                         for e in shown],
            "sources": sources,
            "aspects": aspects,
            "topic": (criticism.topic_id if criticism else None) or "",
            "topic_reason": (criticism.topic_reason if criticism else None) or "",
            "removed": ", ".join(f"{n} {k}" for k, n in sorted(removed.items())),
        }

    # -- corpus -------------------------------------------------------------------------------

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(articles, evidence, aspects) as DataFrames: the Python API's tables."""
        articles = pd.DataFrame(self.rows)
        if articles.empty:
            articles = pd.DataFrame(columns=["id", "outlet"])
        articles = articles.set_index("id")
        evidence = pd.DataFrame(self.evidence, columns=["article_id", *EVIDENCE_COLUMNS])
        aspects = pd.DataFrame(self.aspects, columns=["article_id", "aspect", "label", "status"])
        return articles, evidence, aspects

    def _context(self, articles, evidence, aspects, outlets_df, pairs, charts, *, title, stamp):
        by = self.by
        groups = articles[by].fillna("(unknown)").astype(str).replace("", "(unknown)")
        overview = []
        for outlet in sorted(groups.unique()):
            part = articles[groups == outlet]
            dates = sorted(str(d) for d in part.get("published", pd.Series(dtype=str)).dropna()
                           if str(d))
            removed: Counter[str] = Counter()
            for k in [i for i, g in enumerate(groups) if g == outlet]:
                removed.update(self.removed[k])
            overview.append({
                "outlet": outlet, "n": len(part),
                "dates": (dates[0] if dates and dates[0] == dates[-1]
                          else f"{dates[0]} to {dates[-1]}") if dates else "no date",
                "words": int(round(part["n_words"].mean())) if len(part) else 0,
                "removed": ", ".join(f"{n} {k}" for k, n in sorted(removed.items())) or "nothing",
            })
        shown_metrics = _headline_metrics(articles)
        comp_rows = []
        few: list[str] = []
        for outlet in sorted(groups.unique()):
            cells = []
            part = outlets_df[outlets_df["outlet"] == outlet].set_index("metric")
            n = int((groups == outlet).sum())
            warning = part["warning"].iloc[0] if len(part) else ""
            for m in shown_metrics:
                if m not in part.index or not part.at[m, "n"]:
                    cells.append("–")
                    continue
                r = part.loc[m]
                cell = (f"{_fmt(r['mean'])} [{_fmt(r['ci_low'])}, {_fmt(r['ci_high'])}]"
                        if r["n"] > 1 else _fmt(r["mean"]))
                # a mean over fewer articles than the outlet has says so
                cells.append(cell + (f" (n={int(r['n'])})" if r["n"] < n else ""))
            comp_rows.append({"outlet": outlet, "n": n, "cells": cells, "warning": warning})
            if warning:
                few.append(f"{outlet} ({n})")
        warnings = [f"Too few articles to compare (fewer than {self.options['min_articles']}): "
                    f"{', '.join(few)}. Their intervals are missing or unreliable."] if few else []
        distinctive = []
        terms = log_odds(self.terms, top=self.options["top_terms"])
        for outlet, part in terms.groupby("outlet", sort=True):
            distinctive.append({"outlet": outlet, "terms": [
                {"term": t.term, "z": f"{t.z:.2f}", "count": t.count, "count_rest": t.count_rest}
                for t in part.itertuples()]})
        label = {rid: f"{self._outlet(r)}: {r.get('title') or rid}"
                 for rid, r in zip(articles.index, self.rows)}
        position = {rid: k for k, rid in enumerate(articles.index)}
        reprints = []
        for p in pairs.itertuples():
            ta = self.texts.get(position[p.article_a])
            tb = self.texts.get(position[p.article_b])
            examples = [{"a": ta[x["a_start"]:x["a_end"]], "b": tb[x["b_start"]:x["b_end"]],
                         "similarity": f"{x['similarity']:.2f}"}
                        for x in p.alignment[:self.options["examples"]]]
            reprints.append({
                "a_label": label[p.article_a], "b_label": label[p.article_b], "kind": p.kind,
                "aligned": p.aligned_sentences, "share_a": f"{p.share_a:.0%}",
                "share_b": f"{p.share_b:.0%}", "similarity": f"{p.mean_similarity:.2f}",
                "examples": examples, "more": max(0, len(p.alignment) - len(examples)),
            })
        omissions = []
        if self.aspect_records:
            from ..dimensions.criticism.gaps import corpus_gaps

            gaps = corpus_gaps(self.aspect_records)
            gaps = gaps[gaps["omitted"]]
            for rid in articles.index:
                part = gaps[gaps["article_id"] == rid].sort_values(
                    ["covered_by", "label"], ascending=[False, True], kind="stable")
                if len(part):
                    omissions.append({"article": label[rid], "aspects": [
                        f"{g.label or g.aspect} ({g.covered_by} of {g.n_others} other outlets)"
                        for g in part.itertuples()]})
        ran = self.versions["dimensions"]
        missing = [_CHART_NOTE.get(d, d) + " was not run" for d in
                   ("attribution", "criticism", "frames") if d not in ran]
        frames = (self._frames_section(articles, evidence, outlets_df, pairs, label)
                  if "frames" in ran else None)
        topic_note = topic_sentences(self.topic_counts) if "criticism" in ran else []
        dims = [d for d in ran]
        method = [{"label": dimension_style(d).label, "text": METHOD.get(d, "see its docs.")}
                  for d in dims]
        method += [{"label": a, "text": b} for a, b in _EXTRA_METHOD]
        if self.topics:
            method.append({"label": "Topic", "text": ", ".join(
                f"{_profile_title(t)} ({t})" for t in self.topics)})
        return {
            "title": title, "stamp": stamp, "n_articles": len(articles),
            "outlets": sorted(groups.unique()),
            "dimension_labels": [dimension_style(d).label for d in dims],
            "overview": overview,
            "removal_reasons": [{"kind": k, "reason": r, "count": n} for (k, r), n in
                                sorted(self.reasons.items(), key=lambda x: (-x[1], x[0]))][:20],
            "comparison": {"columns": [m.replace("_", " ") for m in shown_metrics],
                           "rows": comp_rows},
            "warnings": warnings, "charts": charts, "distinctive": distinctive,
            "reprints": reprints, "omissions": omissions, "frames": frames,
            "frame_gap": f"{100 * self.options['frame_gap']:g}",
            "min_articles": self.options["min_articles"],
            "has_aspects": bool(self.aspect_records), "method": method, "missing": missing,
            "criticism_ran": "criticism" in ran, "topic_note": topic_note,
            "versions": {"framing": ", ".join(self.versions["framing"]),
                         "lexicons": self.versions["lexicons"],
                         "models": self.versions["models"]},
            "legend": legend_html(dims),
        }

    def _frames_section(self, articles, evidence, outlets_df, pairs, label) -> dict[str, Any]:
        """The policy frames section: shares per outlet with intervals, each outlet's most
        distinctive frame with the sentences that carry it, and the frame mix of articles on
        the same event (:mod:`framing.comparison.frames` decides both)."""
        from ..comparison.frames import distinctive_frames, event_groups, frame_columns

        columns = frame_columns(articles)
        values = articles[columns].apply(pd.to_numeric, errors="coerce").astype(float)
        scored = values.notna().any(axis=1) if columns else pd.Series(False, articles.index)
        out: dict[str, Any] = {"n_scored": int(scored.sum()), "n_articles": len(articles)}
        if not columns or not scored.any():
            return {**out, "shares": None, "distinctive": [], "notes": [], "events": None}
        used = {i["id"]: i["used"] for i in self.frame_items}
        n_used = Counter(f for fs in used.values() for f in fs)
        shown = [c for c in columns if n_used[c[len("frames_"):]]]
        if not shown:  # no frame reaches its threshold anywhere: the likeliest few
            shown = list(values.mean().sort_values(ascending=False, kind="stable").index[:4])
        by = self.by
        groups = articles[by].fillna("(unknown)").astype(str).replace("", "(unknown)")
        cells: dict[str, list[str]] = {}
        heads = []
        for outlet in sorted(groups.unique()):
            part = outlets_df[outlets_df["outlet"] == outlet].set_index("metric")
            row = cells.setdefault(outlet, [])
            for m in shown:
                if m not in part.index or not part.at[m, "n"]:
                    row.append("–")
                    continue
                r = part.loc[m]
                row.append(f"{r['mean']:.0%} [{r['ci_low']:.0%}–{r['ci_high']:.0%}]"
                           if r["n"] > 1 else f"{r['mean']:.0%}")
            n = int((scored & (groups == outlet)).sum())
            warning = part["warning"].iloc[0] if len(part) else ""
            heads.append(f"{outlet} (n={n})" + (" ⚠" if warning else ""))
        names = [_frame_label(c) for c in shown]
        if len(cells) <= _FRAMES_AS_ROWS:  # few outlets: one column each, a row per frame
            table = {"head": ["frame", *heads],
                     "rows": [{"label": f, "cells": [cells[o][k] for o in cells]}
                              for k, f in enumerate(names)]}
        else:  # many outlets: a row each
            table = {"head": ["outlet", *names],
                     "rows": [{"label": h, "cells": cells[o]} for h, o in zip(heads, cells)]}
        out["shares"] = {**table, "used": [f"{_frame_label(c)} {n_used[c[len('frames_'):]]}"
                                           for c in shown]}
        out["none_used"] = not any(n_used.values())
        # each outlet's most distinctive frame, with the sentences that carry it
        table = distinctive_frames(articles, by=by, min_articles=self.options["min_articles"],
                                   min_gap=self.options["frame_gap"])
        frame_ev = evidence[evidence["dimension"] == "frames"]
        items, few, plain = [], [], []
        for r in table.itertuples():
            if r.status == "alone":
                out["notes"] = [f"All articles come from one outlet ({r.outlet}): there is no "
                                "other outlet to compare its frames with."]
                break
            if r.status == "few":
                few.append(f"{r.outlet} ({r.n})")
                continue
            if r.status == "none":
                plain.append(f"{r.outlet} ({_frame_label(r.frame)} "
                             f"{100 * r.gap:+.0f} points, interval {100 * r.gap_low:+.0f} to "
                             f"{100 * r.gap_high:+.0f})")
                continue
            ids = set(articles.index[groups == r.outlet])
            n_with = sum(1 for rid in ids if r.frame in used.get(rid, []))
            n_rest = sum(1 for rid, fs in used.items() if rid not in ids and r.frame in fs)
            items.append({
                "outlet": r.outlet, "frame": _frame_label(r.frame),
                "line": (f"mean probability {r.share:.0%} against {r.share_rest:.0%} in the "
                         f"other outlets' articles ({100 * r.gap:+.0f} points, 95% interval "
                         f"{100 * r.gap_low:+.0f} to {100 * r.gap_high:+.0f}); the model "
                         f"finds it in {n_with} of its {r.n} articles and in {n_rest} of "
                         f"the other {r.n_rest}."),
                "sentences": _carrying_sentences(frame_ev, ids, r.frame, label),
            })
        notes = out.get("notes", [])
        if few:
            notes.append(f"Too few articles to tell (fewer than {self.options['min_articles']}"
                         f" with frame probabilities, or too few in the other outlets): "
                         f"{', '.join(few)}.")
        if plain:
            notes.append("No frame stands out (largest gap against the other outlets): "
                         + "; ".join(plain) + ".")
        out["distinctive"], out["notes"] = items, notes
        # frame mix of articles on the same event
        basis, found = event_groups(
            [i for i in self.frame_items if scored.get(i["id"], False)],
            pairs=list(zip(pairs["article_a"], pairs["article_b"], pairs["kind"])),
            days=self.options["event_days"])
        out["events"] = _event_tables(found, basis, values, used, label,
                                      self.frame_items, self.options["event_days"])
        return out

    def write(self, out_dir: str | Path, *, title: str | None = None,
              stamp: str | None = None, parquet: bool | None = None,
              inputs: Sequence[str | Path] = (), csv_raw: bool = False) -> Path:
        """Write every file of the report into ``out_dir`` (replaced whole, or left alone on
        failure). ``parquet``: also write Parquet tables (default: when pyarrow is installed).
        ``out_dir`` may only replace a report framing wrote, never ``inputs`` or a folder
        holding anything else (:func:`framing.output.check_replaceable`). ``csv_raw``: write CSV
        text cells as they are, without the apostrophe that keeps a spreadsheet from running a
        cell as a formula (see :func:`framing.output.csv_cell`). Returns the folder."""
        if not self.rows:
            raise FramingError("no articles to report on")
        articles, evidence, aspects = self.frames()
        outlets_df = compare(articles, by=self.by, n_boot=self.options["n_boot"],
                             seed=self.options["seed"],
                             min_articles=self.options["min_articles"])
        pairs = self.finder.pairs()
        title = title or "How outlets framed the story"
        with atomic_directory(out_dir, kind="report", inputs=inputs) as tmp:
            charts = _render_charts(articles, evidence, aspects, self.by, tmp)
            context = self._context(articles, evidence, aspects, outlets_df, pairs, charts,
                                    title=title, stamp=stamp)
            css = _PAGE_CSS + highlight_css(self.versions["dimensions"])
            digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
            page = self._html.get_template("report.html.j2")
            with open(tmp / "report.html", "w", encoding="utf-8", newline="\n") as fh:
                for chunk in page.generate(**context, css=css, css_hash=f"sha256-{digest}",
                                           article_sections=iter(self.html_sections)):
                    fh.write(chunk)
            md_charts = [{**c, "data": ""} for c in charts]
            md = self._md.get_template("report.md.j2")
            with open(tmp / "report.md", "w", encoding="utf-8", newline="\n") as fh:
                for chunk in md.generate(**{**context, "charts": md_charts},
                                         article_sections=map(Markup, self.md_sections)):
                    fh.write(chunk)
            _write_tables(tmp, articles, evidence, outlets_df, pairs, parquet=parquet,
                          csv_raw=csv_raw)
        return Path(out_dir)

    def close(self) -> None:
        for spool in (self.texts, self.html_sections, self.md_sections):
            spool.close()


#: Folder names that say nothing about a corpus: the title takes their parent's name.
_GENERIC_FOLDERS = frozenset({"articles", "texts", "text", "corpus", "data", "input", "inputs",
                              "docs", "files", "raw", "clean", "src"})


def corpus_title(paths: Sequence[str | Path]) -> str:
    """A report title from the corpus it reads: "How outlets framed the story: climate-bill"
    for ``climate-bill/articles/``; the plain title for stdin or no usable name."""
    names = []
    for p in paths:
        if str(p) in ("", "-"):
            continue
        path = Path(p).resolve()
        stem = path.stem if path.suffix else path.name
        while stem.lower() in _GENERIC_FOLDERS and path.parent != path:
            path = path.parent
            stem = path.name
        if stem and stem.lower() not in _GENERIC_FOLDERS and stem not in names:
            names.append(stem)
    base = "How outlets framed the story"
    if not names:
        return base
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"{base}: {shown}"


def _frame_label(column: str) -> str:
    """A frame's name for a reader: ``frames_quality_of_life`` -> "quality of life"."""
    return str(column).removeprefix("frames_").replace("_", " ")


#: Sentences shown per distinctive frame, same-event groups shown, articles per group; up to
#: this many outlets the frame shares table has a column per outlet (else a row per outlet).
_FRAME_SENTENCES, _EVENT_GROUPS, _EVENT_ROWS, _FRAMES_AS_ROWS = 3, 12, 30, 6


def _carrying_sentences(frame_ev: pd.DataFrame, ids: set[str], frame: str,
                        label: Mapping[str, str]) -> list[dict[str, str]]:
    """The sentences that carry most of ``frame`` in the articles ``ids``: the frames
    evidence rows by their share of the frame's score, one per article before a second."""
    rows = frame_ev[(frame_ev["category"] == frame) & frame_ev["article_id"].isin(ids)]
    ranked = sorted(rows.itertuples(), key=lambda e: -float(
        (e.extra or {}).get("contribution", 0.0)))
    seen: Counter[str] = Counter()
    order = []
    for e in ranked:
        order.append((seen[e.article_id], len(order), e))
        seen[e.article_id] += 1
    out = []
    for _, _, e in sorted(order, key=lambda x: x[:2])[:_FRAME_SENTENCES]:
        cues = list(dict.fromkeys(str(c[2]) for c in (e.extra or {}).get("cues", [])))
        out.append({"article": label.get(e.article_id, e.article_id), "text": e.text,
                    "cues": ", ".join(f"'{c}'" for c in cues)})
    return out


def _event_tables(groups, basis, values, used, label, items, days) -> dict[str, Any]:
    """The same-event part of the frames section: how groups were made, and per group a
    table of its articles' frame probabilities (✓ where the frame is used)."""
    if basis == "event":
        n = sum(1 for i in items if str(i.get("event") or "").strip())
        rule = (f"Grouped by the event column of the manifest ({n} of {len(items)} articles "
                "have one; the others are not grouped).")
    else:
        rule = ("No article has an event value (a manifest column named event), so groups are "
                "inferred: two articles are together when one is a reprint or rewrite of the "
                "other (see Reprints and rewrites), or when both match the same topic profile "
                f"and were published within {days} days of the first such article. The same "
                "topic in the same week is often the same event in a corpus gathered around "
                "one story, less often in a broad one: the words the articles of a group share "
                "are listed to check it. Give the manifest an event column to decide the "
                "groups yourself.")
        if not any(i.get("topic") and i.get("published") for i in items):
            rule += (" No article has both a topic profile and a date here, so only reprints "
                     "and rewrites can group articles.")
    df = Counter(t for i in items for t in i.get("terms") or [])
    common = {t for t, n in df.items() if n > len(items) / 2}  # "said", the corpus' subject
    terms_of = {i["id"]: i.get("terms") or [] for i in items}
    tables = []
    for g in groups[:_EVENT_GROUPS]:
        ids = g["ids"]
        shared = Counter(t for rid in ids for t in terms_of.get(rid, []) if t not in common)
        words = [t for t, n in sorted(shared.items(), key=lambda x: (-x[1], x[0])) if n > 1][:8]
        part = values.loc[ids]
        cols = [c for c in values.columns
                if any(c.removeprefix("frames_") in used.get(i, []) for i in ids)]
        if not cols:
            cols = list(part.mean().sort_values(ascending=False, kind="stable").index[:3])
        rows = []
        for rid in ids[:_EVENT_ROWS]:
            cells = []
            for c in cols:
                v = part.at[rid, c]
                mark = " ✓" if c.removeprefix("frames_") in used.get(rid, []) else ""
                cells.append("–" if v != v else f"{v:.0%}{mark}")
            rows.append({"article": label.get(rid, rid), "cells": cells})
        title = g["name"] or label.get(ids[0], ids[0])
        because = list(g["because"])
        if basis != "event":
            because.append("words they share: " + (", ".join(words) or "none of their most "
                                                   "repeated words"))
        tables.append({"title": title, "n": len(ids), "because": "; ".join(because),
                       "columns": [_frame_label(c) for c in cols], "rows": rows,
                       "more": max(0, len(ids) - _EVENT_ROWS)})
    return {"rule": rule, "groups": tables, "more": max(0, len(groups) - _EVENT_GROUPS)}


def _names(value: Any) -> str:
    """Who voiced or dismissed an aspect: a name (str) or, from older records, a list."""
    if not value:
        return ""
    return str(value) if isinstance(value, str) else ", ".join(map(str, value))


def _profile_title(profile_id: str) -> str:
    from ..dimensions.criticism.profiles import load_profile, shipped_profiles

    if profile_id in shipped_profiles():
        return load_profile(profile_id).title
    return profile_id


def topic_sentences(counts: Mapping[str | None, int]) -> list[str]:
    """What the report can and cannot tell about omitted criticism, in words: how many
    articles a topic profile covers, and what to do about the others."""
    total = sum(counts.values())
    if not total:
        return []
    none = counts.get(None, 0)
    profiled = sorted(((n, t) for t, n in counts.items() if t is not None), reverse=True)
    out = []
    if profiled:
        parts = ", ".join(f"{_profile_title(t)} ({n})" for n, t in profiled)
        out.append(f"{total - none} of {total} articles were checked against a topic profile "
                   f"of the critical points their topic raises: {parts}.")
    if none:
        whom = "No article" if none == total else f"{none} of {total} articles"
        out.append(
            f"{whom} matched a topic profile (a profile is chosen only when its subject terms "
            "recur in the article), so this report cannot say which criticism "
            f"{'they' if none > 1 else 'it'} leave{'' if none > 1 else 's'} out. To check, "
            "give a profile with --topic (framing topics list), or draft one from the corpus "
            "with framing topics suggest.")
    return out


def _headline_metrics(articles: pd.DataFrame) -> list[str]:
    from .charts import profile_metrics

    shown = profile_metrics(articles)
    return shown or metric_columns(articles)[:6]


#: Charts of the report: file stem, caption, the function and what it needs.
def _render_charts(articles, evidence, aspects, by, folder: Path) -> list[dict[str, str]]:
    import matplotlib.pyplot as plt

    from . import charts as ch

    plans = []
    if ch.profile_metrics(articles):
        plans.append(("profile", "Each dimension's headline metrics per outlet: numbers are "
                      "means per article (n = articles with a value, when fewer than the "
                      "outlet has); shading is proportional to the value on the scale named "
                      "in brackets.",
                      lambda: ch.dimension_profile(articles, by=by)))
    if {"hedging_hedges_per_1k", "hedging_boosters_per_1k"} <= set(articles.columns):
        plans.append(("hedges-boosters", "Hedges (doubt) and boosters (certainty) per 1,000 "
                      "words.", lambda: ch.hedges_boosters(articles, by=by)))
    attribution = evidence[evidence["dimension"] == "attribution"]
    if (attribution["category"] == "source").any():
        plans.append(("source-types", "Who is cited: share of each source type among the "
                      "sources an outlet's articles cite.",
                      lambda: ch.source_type_mix(evidence, articles, by=by)))
    if attribution["category"].isin(ch.CUE_CLASSES).any():
        plans.append(("cue-verbs", "How sources are introduced: neutral ('said') against "
                      "endorsing ('pointed out'), emphatic and distancing ('claimed') verbs.",
                      lambda: ch.cue_classes(evidence, articles, by=by)))
    from ..comparison.frames import frame_columns

    frame_cols = frame_columns(articles)
    if frame_cols and articles[frame_cols].apply(pd.to_numeric, errors="coerce").notna().any(
            axis=None):
        plans.append(("frames", "Policy frames per outlet: mean probability per article in "
                      "percent, which estimates the share of its articles told in each frame "
                      "(n = articles with frame probabilities).",
                      lambda: ch.frame_shares(articles, by=by)))
    if not aspects.empty:
        plans.append(("criticism", "Critical aspects of the topic per outlet: the most present "
                      "status among its articles.",
                      lambda: ch.criticism_heatmap(aspects, articles, by=by)))
    out = []
    for stem, caption, draw in plans:
        ax = draw()
        fig = ax.figure
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
        plt.close(fig)
        data = buf.getvalue()
        (folder / f"chart-{stem}.png").write_bytes(data)
        out.append({"file": f"chart-{stem}.png", "caption": caption, "alt": caption,
                    "data": base64.b64encode(data).decode("ascii")})
    return out


def _write_tables(folder: Path, articles, evidence, outlets_df, pairs, *,
                  parquet: bool | None = None, csv_raw: bool = False) -> None:
    ev = evidence.copy()
    ev["extra"] = ev["extra"].map(lambda e: dumps(e or {}, sort_keys=True))
    reprints = pairs.copy()
    reprints["alignment"] = reprints["alignment"].map(lambda a: dumps(a, ensure_ascii=True))
    # outlets: one row per outlet (a spreadsheet's shape): n_articles, then per metric its
    # mean, <metric>_ci_low and <metric>_ci_high, then warning (framing.comparison.outlets.wide)
    tables = {"articles": articles.reset_index(), "evidence": ev,
              "outlets": wide(outlets_df).reset_index()}
    for name, frame in {**tables, "reprints": reprints}.items():
        # text cells that a spreadsheet would run as a formula get an apostrophe (csv_cell)
        csv_frame(frame, raw=csv_raw).to_csv(folder / f"{name}.csv", index=False,
                                             float_format="%.6g", lineterminator="\n")
    if parquet is False:
        return
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        if parquet:
            raise FramingError(
                "Parquet tables need pyarrow: pip install 'news-framing[parquet]'") from None
        return
    for name, frame in {**tables, "reprints": reprints}.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)


def build_report(records: Iterable[Mapping[str, Any]], out_dir: str | Path, *,
                 title: str | None = None, stamp: str | None = None, by: str = "outlet",
                 parquet: bool | None = None, inputs: Sequence[str | Path] = (),
                 csv_raw: bool = False, **options: Any) -> Path:
    """Write the report of already scored ``records`` into ``out_dir``.

    The folder is checked before the first record is read, so a refused ``out_dir`` costs no
    scoring; it may only replace a report framing wrote (never ``inputs``)."""
    check_replaceable(out_dir, kind="report", inputs=inputs)
    builder = ReportBuilder(by=by, **options)
    try:
        for record in records:
            builder.add(record)
        return builder.write(out_dir, title=title, stamp=stamp, parquet=parquet, inputs=inputs,
                             csv_raw=csv_raw)
    finally:
        builder.close()


def report(corpus: Any, out_dir: str | Path, *, dimensions: Sequence[str] | None = None,
           lexicons: Sequence[Any] = (), options: Mapping[str, Mapping[str, Any]] | None = None,
           topic: str | None = None, title: str | None = None, stamp: str | None = None,
           jobs: int | None = 1, parquet: bool | None = None, **report_options: Any) -> Path:
    """Score ``corpus`` (a Corpus, articles, a path) and write its report into ``out_dir``.

    ``topic`` goes to the criticism dimension (when it runs). Returns the report folder.
    """
    from ..engines.local import score_records
    from ..scoring import articles_from

    options = {k: dict(v) for k, v in (options or {}).items()}
    if title is None and isinstance(corpus, (str, Path)):
        title = corpus_title([corpus])
    if topic:
        options.setdefault("criticism", {}).update(topic=topic)
    inputs = [corpus] if isinstance(corpus, (str, Path)) else []
    check_replaceable(out_dir, kind="report", inputs=inputs)
    articles = articles_from(corpus, "text", None)
    records = score_records(articles, dimensions=dimensions, lexicons=lexicons,
                            options=options or None, jobs=jobs)
    return build_report(records, out_dir, title=title, stamp=stamp, parquet=parquet,
                        inputs=inputs, **report_options)


__all__ = ["ReportBuilder", "build_report", "report", "corpus_title", "DEFAULTS"]
