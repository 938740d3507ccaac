"""Page cleaning: keep what a reader of the article reads, record everything else with a reason.

The input is a raw text dump of a news page (or the text trafilatura extracts from HTML). The
output is the article body, paragraphs joined by a blank line, and a list of :class:`Removed`
records saying what was kept out of it, where it stood and why.

The cleaner works on *units*: one per input line (an inline markdown heading run into the end
of a paragraph is split off as its own unit). Steps, each driven by a small rule table below:

1. markup that is not wording is stripped and recorded: markdown heading marks, ``[[n]]``
   citation marks, markdown table rule lines (``---|---|``);
2. **line rules** classify single units: inserted SEO blocks (flagged), editor's notes,
   disclaimers and author bios (notes), photo captions, bylines, datelines, date lines,
   share bars and page furniture. Keyword rules only look at *short* units, and most of them
   only at units that do not read as a sentence, so body prose that mentions "share" or
   "comment" stays;
3. **block rules** take runs of units: navigation menus (runs of short items with nav words),
   lists opened by a header such as "Related Posts" or "Most Popular" (post titles with their
   dates, excerpts, category labels), FAQ blocks with their questions and answers;
4. **headline**: the line a breadcrumb ends with, else the last headline-like line above the
   byline/date block, else the first headline-like line before the first real paragraph.
   Unclaimed lines above it are page header (site name, section labels, taglines); an outlet
   name alone under it ("CGTN") is its credit line;
5. **end of article**: after a hard end marker (comment form, "Source link", copyright line,
   related-posts list) whatever is left is page footer, provided little text follows it;
6. **context rules**: a pull quote repeating a body sentence, repeated lines and captions, a
   date line away from the article head, reader-question prompts, a closing author bio that
   starts with the bylined name.

Whatever no rule claims is body. Wording is never changed: units are only trimmed, runs of
spaces and tabs collapsed, and ``[[n]]`` marks dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

#: What a :class:`Removed` record can be.
KINDS = ("removed", "caption", "byline", "note", "flagged", "title")

# Reasons that other code (metadata inference, the end-of-article rule) keys on.
R_TITLE = "headline"
R_BYLINE = "byline"
R_POST_META = "post meta line"
R_DATELINE = "dateline"
R_DATE_LINE = "date line"
R_SITE_NAME = "site name"
R_CREDIT_LINE = "outlet credit line"
R_SOURCE_CREDIT = "source credit line"
R_EDITORS_NOTE = "editor's note"
R_AUTHOR_BIO = "author bio"
R_DISCLAIMER = "disclaimer"
R_COPYRIGHT = "copyright footer"
R_CAPTION = "photo caption"
R_PAGE_HEADER = "page header (before headline)"
R_PAGE_FOOTER = "page footer (after end of article)"
R_READER_QUESTION = "inserted block: reader question"


@dataclass(frozen=True)
class Removed:
    """One piece of the input kept out of the body."""

    text: str  #: the removed text as it stood in the input (whitespace-trimmed)
    reason: str  #: short and specific: "share bar", "photo caption", "inserted block: Pro Tip"
    kind: str  #: one of :data:`KINDS`
    line: int  #: 1-based line in the raw input where it starts (0 for HTML input)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; allowed kinds: {', '.join(KINDS)}")

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:  # lets `"Xinhua" in caption` read naturally
        return part in self.text


@dataclass
class Cleaned:
    """The article body and everything kept out of it, in input order."""

    text: str
    removed: list[Removed] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Removed]:
        return [r for r in self.removed if r.kind == kind]

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]

    @property
    def captions(self) -> list[Removed]:
        """Photo captions, each once (a caption repeated three times is one entry)."""
        seen: set[str] = set()
        out = []
        for r in self.of_kind("caption"):
            key = _dedup_key(r.text)
            if key not in seen:
                seen.add(key)
                out.append(r)
        return out

    @property
    def notes(self) -> list[Removed]:
        """Editor's notes, disclaimers, author bios."""
        return self.of_kind("note")

    @property
    def flagged(self) -> list[Removed]:
        """Inserted blocks (SEO tips, FAQ, prompts) kept out of the body for a human to see."""
        return self.of_kind("flagged")

    @property
    def byline(self) -> str | None:
        """The byline line ("By Hannan Hussain"); else the first other byline-kind line."""
        bylines = self.of_kind("byline")
        for r in bylines:
            if r.reason == R_BYLINE:
                return r.text
        return bylines[0].text if bylines else None

    @property
    def title(self) -> str | None:
        """The headline line as it stood (any " | Agency" suffix is split off by metadata)."""
        titles = self.of_kind("title")
        return titles[0].text if titles else None


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: The spaces of _SPACES other than " ": a line with none of them and no "  " has no run to
#: collapse.
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BULLET = re.compile(r"^(?:[•·▪◦●■►▸*]|-(?=\s))\s*")
#: The characters a _BULLET match starts with (the cheap test before the pattern).
_BULLET_MARKS = "•·▪◦●■►▸*-"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
#: _WORD for ASCII text, where it is the same pattern (and a faster one).
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['.-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.;](?:[\"”’)\]]{0,2})$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)$")
_PROSE_END = re.compile(r"[.!?…](?:[\"”’)\]■]{0,3})$")
#: Characters from the end of a text that hold any match of the three patterns above (at most
#: four characters, and the line break that ``$`` may stand before): they are searched there only.
_END_REACH = 6
_TABLE_RULE_CHARS = frozenset("|:+= -")

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAYS = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
#: A calendar date: "July 24, 2024", "24 July 2024", "2024-07-24", "2024/7/24".
DATE = (
    rf"(?:{MONTHS}\s\d{{1,2}},?\s\d{{4}}|\d{{1,2}}\s{MONTHS}\s\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s[A-Z]{2,4})?"


def normalize(line: str) -> str:
    """Trim and collapse runs of spaces/tabs; nothing else is touched."""
    if "  " in line or (_ODD_SPACES.search(line) if "\t" not in line else True):
        line = _SPACES.sub(" ", line)  # else every run is one " ": nothing to collapse
    return line.strip()


def _dedup_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _bare(text: str) -> str:
    """The unit without a leading bullet mark, for matching."""
    if text[:1] not in _BULLET_MARKS or not text:
        return text
    return _BULLET.sub("", text, count=1)


def _words(text: str) -> int:
    return len((_ASCII_WORD if text.isascii() else _WORD).findall(text))


def _ends(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` ends as ``pattern`` (_SENTENCE_END, _ELLIPSIS_END or _PROSE_END) says."""
    return pattern.search(text[-_END_REACH:]) is not None


def _reads_as_sentence(text: str, n_words: int | None = None) -> bool:
    """Ends like a sentence (full stop or semicolon, not an ellipsis) or is long; ``n_words``:
    its word count when the caller has it."""
    if _ends(_SENTENCE_END, text) and not _ends(_ELLIPSIS_END, text):
        return True
    return (_words(text) if n_words is None else n_words) > 25


# --------------------------------------------------------------------------------------------
# Line rules: one unit at a time, first match wins
# --------------------------------------------------------------------------------------------


class LineRule(NamedTuple):
    reason: str
    kind: str
    pattern: re.Pattern[str]  #: searched in the unit (without a leading bullet)
    max_words: int  #: the rule only looks at units at most this long
    prose_ok: bool = True  #: False: skip units that read as a sentence (keyword rules)
    also: re.Pattern[str] | None = None  #: a second pattern that must also be found
    #: Lower-case strings one of which every match of ``pattern`` holds (() : none given): a
    #: unit with none of them is passed over without searching. Keep them with the pattern.
    needs: tuple[str, ...] = ()


_I = re.IGNORECASE
_LABEL_END = r"\s*(?:[:：!—–-]|$)"  # "Pro Tip:" / "Pro Tip!" / "Pro Tip" alone on its line

#: SEO blocks that content farms insert into articles. Flagged, never silently dropped.
#: A label alone on its line ("Did You Know?") also flags the unit after it.
INSERTED_BLOCKS: tuple[LineRule, ...] = (
    LineRule(
        "inserted block: Pro Tip", "flagged", re.compile(rf"^pro[ -]tips?{_LABEL_END}", _I), 200
    ),
    LineRule(
        "inserted block: Tip",
        "flagged",
        re.compile(rf"^(?:quick|expert|bonus|top|insider|editor['’]s) tips?{_LABEL_END}", _I),
        200,
    ),
    LineRule(
        "inserted block: Did You Know?",
        "flagged",
        re.compile(r"^did you know\s*(?:[?:：!]|$)", _I),
        200,
    ),
    LineRule(
        "inserted block: Fun Fact",
        "flagged",
        re.compile(rf"^(?:fun|quick|key|bonus) facts?{_LABEL_END}", _I),
        200,
    ),
    LineRule(
        "inserted block: LSI Keywords",
        "flagged",
        re.compile(r"^lsi(?: keywords?)?\s*[:：]", _I),
        200,
    ),
    LineRule(
        "inserted block: keyword list",
        "flagged",
        re.compile(
            r"^(?:seo |related |focus |target |secondary )?key ?(?:words?|phrases?)\s*[:：]", _I
        ),
        200,
    ),
    LineRule(
        "inserted block: SEO metadata",
        "flagged",
        re.compile(r"^(?:meta description|meta title|seo title|slug)\s*[:：]", _I),
        200,
    ),
    LineRule(
        "inserted block: comment prompt",
        "flagged",
        re.compile(
            r"^(?:share your (?:thoughts|views|opinions?|comments?|experiences?|insights)\b"
            r"|let us know (?:what you think|your thoughts|in the comments)\b"
            r"|(?:what do you think|what are your thoughts)\b"
            r"|(?:drop|leave) (?:a|your) comments? below\b"
            r"|join the (?:conversation|discussion) (?:below|in the comments)\b"
            r"|we(?:['’]d| would) love to hear (?:from you|your)\b)",
            _I,
        ),
        40,
    ),
)

#: Notes around the article: out of the body, kept for the reader of the output.
NOTES: tuple[LineRule, ...] = (
    LineRule(R_EDITORS_NOTE, "note", re.compile(r"^\(?editor['’]?s['’]? note\s*[:：.-]", _I), 120),
    LineRule(
        R_DISCLAIMER,
        "note",
        re.compile(
            r"\b(?:views|opinions) expressed\b|\bdo(?:es)? not necessarily (?:reflect|represent)\b"
            r"|\breflects? the (?:views|opinions) of (?:the|their|its) authors?\b",
            _I,
        ),
        80,
        also=re.compile(r"\b(?:author|article|column|writer|opinion|piece|site|publication)", _I),
        needs=("expressed", "necessarily", "reflect"),
    ),
    LineRule(
        R_AUTHOR_BIO,
        "note",
        re.compile(r"^(?:the (?:author|writer)s? (?:is|are|was|were)\b|about the authors?\b)", _I),
        80,
    ),
    LineRule(
        "reporting credits",
        "note",
        re.compile(r"^(?:(?:additional )?reporting|writing|editing|compiled) by\b", _I),
        40,
    ),
    LineRule(
        "reprint note",
        "note",
        re.compile(
            r"^(?:this (?:article|story|piece) (?:was )?(?:first |originally )"
            r"(?:appeared|published)"
            r"|(?:originally|first) published (?:in|on|by|at)\b)",
            _I,
        ),
        60,
    ),
)

#: Photo captions: they end with a photo credit, or start the way wire captions do.
CAPTIONS: tuple[LineRule, ...] = (
    # "... Feb. 4, 2021. (Xinhua/Ding Lei)", "(Photo by Roman/Xinhua)", "(AP Photo/Name)"
    LineRule(
        R_CAPTION,
        "caption",
        re.compile(
            r"\((?:[A-Z][\w.'’ -]{0,40}/[^()/]{1,60}|(?:File )?Photos?\b[^()]{0,60}"
            r"|[^()]{0,40}\bPhotos?\b[^()]{0,40})\)$"
        ),
        120,
        needs=("(",),
    ),
    # "... Belt and Road Initiative. [Photo/Xinhua]"
    LineRule(
        R_CAPTION,
        "caption",
        re.compile(
            r"\[(?:Photos?|Images?|Video)\b[^\]]{0,60}\]$|\[[A-Z][\w ]{0,30}/[^\]]{1,40}\]$"
        ),
        120,
        needs=("[",),
    ),
    # "... Kyrgyzstan, October 27, 2020. /Xinhua", "... /CFP", "... /Getty Images"
    LineRule(
        R_CAPTION, "caption", re.compile(r"\s/\s?[A-Z][\w&.-]{1,20}(?: [A-Z][\w&.-]{1,20})?$"), 120,
        needs=("/",),
    ),
    # a credit on its own line: "Getty/Instagram.", "AP Photo", "Reuters"
    LineRule(
        "photo credit",
        "caption",
        re.compile(
            r"^(?:(?:getty|ap|reuters|afp|epa|shutterstock|istock|instagram|twitter|facebook)"
            r"(?: images| photos?)?\s?/?\s?)+\.?$",
            _I,
        ),
        4,
    ),
    # Xinhua style "Photo taken on May 3, 2024 shows ..." and labelled captions
    LineRule(R_CAPTION, "caption", re.compile(r"^(?:file )?photo (?:taken|shows)\b", _I), 120),
    LineRule(R_CAPTION, "caption", re.compile(r"^(?:photo|image|picture|caption)\s*[:：]", _I), 80),
)

#: Page furniture. Keyword rules (prose_ok=False) only take short units that are not sentences.
FURNITURE: tuple[LineRule, ...] = (
    LineRule(
        "navigation menu",
        "removed",
        re.compile(
            r"^(?:(?:close|open|toggle|main|mobile) menu|menu|skip to (?:main )?content"
            r"|home|homepage|sections)$",
            _I,
        ),
        4,
    ),
    LineRule(
        "breadcrumb",
        "removed",
        re.compile(r"^(?:home|homepage|首页)\s?(?:»|›|>|/|→|\\)\s?\S", _I),
        40,
    ),
    LineRule(
        "table of contents",
        "removed",
        re.compile(r"^(?:table of contents|contents|in this (?:article|story)|jump to)\s*:?$", _I),
        5,
    ),
    LineRule(
        "search box",
        "removed",
        re.compile(
            r"^type (?:above|here) and press enter\b|\bpress esc to cancel\b"
            r"|^search(?: for| here| this site| the site)?\s*(?:\.{3}|…)?$",
            _I,
        ),
        15,
        needs=("press e", "search"),
    ),
    LineRule(
        "trending-searches widget",
        "removed",
        re.compile(
            r"^(?:search trends|trending searches|hot searches|trending topics|hot topics)$", _I
        ),
        4,
    ),
    LineRule(
        "newsletter prompt",
        "removed",
        re.compile(r"\b(?:subscribe|newsletters?|sign up for|signup)\b", _I),
        15,
        prose_ok=False,
        needs=("subscribe", "newsletter", "sign up for", "signup"),
    ),
    LineRule(
        "social follow prompt",
        "removed",
        re.compile(
            r"^follow (?:us\b|\S{1,40} on (?:twitter|facebook|x|instagram|telegram|weibo|wechat"
            r"|youtube|linkedin|tiktok|threads)\b)",
            _I,
        ),
        20,
    ),
    LineRule(
        "app promotion",
        "removed",
        re.compile(
            r"\bapps?\b.{0,30}\bdownload\b|\bdownload\b.{0,30}\bapps?\b|\bget (?:the|our) app\b"
            r"|\bapp store\b|\bgoogle play\b",
            _I,
        ),
        12,
        prose_ok=False,
        needs=("app", "google play"),
    ),
    LineRule(
        "print/e-mail controls",
        "removed",
        re.compile(
            r"\bprint\s?e-?mail\b|^adjust (?:the )?font size|^(?:font|text) size\b|^a\s?a\s?a$", _I
        ),
        12,
    ),
    LineRule(
        "comment form",
        "removed",
        re.compile(
            r"^(?:add|leave|post|write|submit) (?:a |your )?(?:comment|reply|response)s?\b"
            r"|^cancel reply$|^go to forum\b|^no comments?(?: yet)?\.?$"
            r"|^\d+ comments?(?:\(s\))?$|^comments?\s?\(\d+\)$"
            r"|^(?:user ?name|your name|name|e-?mail)\s?(?:\*|\(?required\)?)"
            r"|^your (?:comment|name|e-?mail)\b|^enter the (?:words|code|characters|text) you see\b"
            r"|\bmay be removed by the moderator\b|\bcomments? (?:are|is) moderated\b"
            r"|\bawaiting moderation\b|\bakismet\b|\bhow your comment data is processed\b"
            r"|^(?:be the first to comment|join the discussion|view comments|show comments"
            r"|load comments)\b",
            _I,
        ),
        25,
        needs=("comment", "reply", "response", "forum", "name", "mail", "enter the", "moderat",
               "akismet", "discussion"),
    ),
    LineRule(
        "source link",
        "removed",
        re.compile(
            r"^(?:source link|view (?:original|source)|original (?:article|link|source)"
            r"|read (?:the )?original(?: article)?)\s*[:>»]?$",
            _I,
        ),
        6,
    ),
    LineRule(
        "related-post link",
        "removed",
        re.compile(
            r"^(?:read also|also read|see also|related|recommended|must read|read next)\s*[:：]", _I
        ),
        25,
    ),
    LineRule(
        "read-more link",
        "removed",
        re.compile(
            r"^(?:read more|continue reading|read the full (?:story|article)|click here)\b", _I
        ),
        10,
        prose_ok=False,
    ),
    LineRule(
        R_COPYRIGHT,
        "removed",
        re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", _I),
        30,
        needs=("©", "(c)", "copyright", "all rights reserved"),
    ),
    LineRule(
        "footer links",
        "removed",
        re.compile(
            r"^send your stories|\bget more from\b|^(?:about|contact) us$|\bprivacy policy\b"
            r"|\bterms (?:of|and) (?:use|service|conditions)\b|^advertise(?: with)?\b|^dmca\b"
            r"|^(?:sitemap|rss|careers|imprint)$",
            _I,
        ),
        12,
        prose_ok=False,
        needs=("send your stories", "get more from", " us", "privacy policy", "terms ",
               "advertise", "dmca", "sitemap", "rss", "careers", "imprint"),
    ),
    LineRule(
        "ad-blocker notice",
        "removed",
        re.compile(r"\bad ?-?blockers?\b|\badblock\b|\bdisabl\w{0,4} (?:your )?ad", _I),
        40,
        needs=("block", "disabl"),
    ),
    LineRule(
        "advertisement label",
        "removed",
        re.compile(
            r"^(?:advertising|sponsored|promoted|ads?)$"
            r"|^(?:advertisement|sponsored content|scroll to continue)\b",
            _I,
        ),
        8,
        prose_ok=False,
    ),
    LineRule(
        "tag list",
        "removed",
        re.compile(r"^(?:tags|topics|filed under|categories|category)\s*[:：]", _I),
        25,
    ),
    LineRule(
        "site standards link",
        "removed",
        re.compile(r"^our standards\s*[:：]|^(?:editorial|trust) (?:standards|principles)$", _I),
        15,
    ),
    LineRule("video duration", "removed", re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$"), 3),
    # '<tweet tweet-id="7834…"><tweet/>.': a page's embedded post, flattened to its tags
    LineRule(
        "embedded-post placeholder",
        "removed",
        re.compile(r"^(?:<[^<>\n]{1,200}>\s*)+[.\s]*$"),
        40,
    ),
    LineRule(
        "reading-time label",
        "removed",
        re.compile(r"^\d{1,3}\s?min(?:ute)?s?\s(?:read|reading)\b", _I),
        6,
    ),
    LineRule(
        "stray widget label",
        "removed",
        re.compile(
            r"^(?:download|loading\W{0,3}|more|print|close|back to top|scroll to top|top|next"
            r"|previous|prev|view all|see all|show more|load more|website|expand|collapse"
            r"|share this|listen(?: to this article)?|play|video|photo|audio|gallery"
            r"|分享|分享到|缩略图|分享缩略图|打印|关闭|返回顶部|下载|收藏)$",
            _I,
        ),
        4,
    ),
)

# -- byline-like lines (kind "byline"); each is a named pattern plus a check in Python --------

#: "by Serik Korzhumbayev", "By Jane Doe and John Roe", "Written by …", "Author: …"
BYLINE = re.compile(
    r"^(?:(?:written |text |story |words |reporting )?by\s+"
    r"|(?:author|reporter|writer)s?\s*[:：]\s*)"
    r"(?P<rest>\S.{0,100})$",
    _I,
)
#: Lower-case words allowed inside a name ("Ursula von der Leyen").
NAME_PARTICLES = frozenset("de da del della der di du la le van von bin binti al el ibn y".split())
#: A CMS meta line: "i2wtcBy i2wtcJune 14, 2025No Comments5 Mins Read" (account, then date).
POST_META = re.compile(rf"By\s?(?P<who>[\w.-]{{1,40}}?)\s?(?P<date>{MONTHS}\s\d{{1,2}},\s\d{{4}})")
#: A dateline naming the outlet: "China.org.cn, July 24, 2024" (site name with a dot first).
DATELINE_DOMAIN = re.compile(
    rf"(?P<outlet>[A-Z][A-Za-z0-9-]{{1,30}}(?:\.[A-Za-z]{{2,13}}){{1,3}}),\s(?P<date>{DATE})"
)
#: "CGTN, May 12, 2023" standing alone.
DATELINE_NAME = re.compile(rf"^(?P<outlet>[A-Z][\w&.'’ -]{{1,40}}),\s(?P<date>{DATE})$")
#: A date alone, optionally labelled and timed: "June 15, 2025", "Updated: 2024-07-24 10:21".
DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|date|release time)"
    r"(?:\s(?:on|at))?\s?[:：]?\s?)?"
    rf"(?:{_DAYS},?\s)?{DATE}(?:\s?[,|]?\s?{_TIME})?$",
    _I,
)
#: "Source: Xinhua", "Source: Xinhua | 2024-07-24" - credits where the story came from.
SOURCE_CREDIT = re.compile(r"^(?:source|via)\s*[:：]\s*(?P<source>[^|,;]{2,40})", _I)

#: Words of share bars and social link rows; a short unit made only of these is a share bar.
SHARE_WORDS = frozenset(
    """share shares facebook twitter x instagram pinterest vimeo linkedin tumblr email e-mail mail
    whatsapp copy link google news flipboard threads youtube telegram reddit print bookmark and
    follow us wechat weibo messenger line vk sms tiktok snapchat on via""".split()
)
#: At least one of these must be there (so that "News" alone is not a share bar).
SHARE_ANCHORS = frozenset(
    """share facebook twitter instagram pinterest vimeo linkedin tumblr whatsapp flipboard
    telegram reddit wechat weibo tiktok youtube bookmark email e-mail""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z-]*")


def _is_share_bar(text: str) -> bool:
    if len(text) > 160:
        return False
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if not tokens or len(tokens) > 16:
        return False
    if re.search(r"[^\w\s().,:;|/>»&+-]", text):  # other symbols: not a plain link row
        return False
    return all(t in SHARE_WORDS for t in tokens) and any(t in SHARE_ANCHORS for t in tokens)


def parse_byline_names(rest: str) -> list[str]:
    """Names in what follows "By": "Jane Doe and John Roe" -> both; "blending economic …" -> []."""
    rest = re.split(r"\s[|–—-]\s|[,;]\s?(?=[A-Z]{2,}|\d)|\s(?:in|on|for)\s|\(", rest, maxsplit=1)[0]
    rest = re.split(DATE, rest, maxsplit=1)[0].strip(" ,.")
    names = [n.strip() for n in re.split(r",\s|\s(?:and|&)\s", rest) if n.strip()]
    if not names:
        return []
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 4 or len(name) > 40 or re.search(r"\d", name):
            return []
        for w in words:
            if w.lower() in NAME_PARTICLES:
                continue
            if not (w[0].isupper() and re.fullmatch(r"[\w.'’-]+", w)):
                return []
    return names


def _byline_rule(text: str, n_words: int | None = None) -> str | None:
    """Reason for a byline-like unit (kind "byline"), or None; ``n_words``: its word count
    when the caller has it."""
    if n_words is None:
        n_words = _words(text)
    if n_words > 15:
        return None
    if POST_META.search(text):
        return R_POST_META
    m = BYLINE.match(text)
    if m and n_words <= 12 and parse_byline_names(m.group("rest")):
        return R_BYLINE
    if (m := DATELINE_NAME.match(text)) and not looks_like_outlet(m.group("outlet")):
        return R_DATE_LINE  # "BEIJING, June 14, 2025": a place, not an outlet
    if m := DATELINE_DOMAIN.search(text) or DATELINE_NAME.match(text):
        leftover = normalize(text[: m.start()] + " " + text[m.end() :])
        for rule in FURNITURE:
            if leftover and rule.pattern.search(leftover):
                return f"{R_DATELINE} (with {rule.reason})"
        return R_DATELINE if not leftover or _words(leftover) <= 3 else None
    if DATE_LINE.match(text):
        return R_DATE_LINE
    if SOURCE_CREDIT.match(text) and n_words <= 8:
        return R_SOURCE_CREDIT
    return None


#: The characters outside ASCII that a pattern with re.IGNORECASE takes for an ASCII letter
#: (İ and ı for i, ſ for s, the Kelvin sign for k; tests/ingest check the list): in a text
#: without them, each letter such a pattern matches is the same letter in ``text.lower()``.
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")


def _folded(text: str) -> str | None:
    """``text`` in lower case, in which every match of a rule's pattern holds one of its
    ``needs``; None when it holds a character (_CASE_ODD) for which that may not be so."""
    if not text.isascii() and _CASE_ODD.search(text):
        return None
    return text.lower()


def _match_table(rules: tuple[LineRule, ...], bare: str, n_words: int,
                 sentence: list[bool], folded: str | None = None) -> LineRule | None:
    """The first rule of ``rules`` that claims ``bare`` (a unit without its bullet) of
    ``n_words`` words; ``sentence`` holds whether it reads as a sentence once a rule asked;
    ``folded``: ``_folded(bare)``, by which rules whose ``needs`` it lacks are passed over."""
    for rule in rules:
        if n_words > rule.max_words:
            continue
        if not rule.prose_ok:
            if not sentence:
                sentence.append(_reads_as_sentence(bare, n_words))
            if sentence[0]:
                continue
        if rule.needs and folded is not None:
            for needed in rule.needs:
                if needed in folded:
                    break
            else:
                continue  # no match can be there
        if rule.pattern.search(bare) and (rule.also is None or rule.also.search(bare)):
            return rule
    return None


def classify_line(text: str, *, n_words: int | None = None) -> tuple[str, str] | None:
    """(kind, reason) for one unit on its own, or None when no line rule claims it.

    The unit's bullet is taken off and its words counted once for every rule; ``n_words``:
    the count when the caller has it (a bullet mark holds no word, so with or without it)."""
    bare = _bare(text)
    if n_words is None:
        n_words = _words(bare)
    sentence: list[bool] = []
    folded = _folded(bare)
    for table in (INSERTED_BLOCKS, NOTES, CAPTIONS):
        if rule := _match_table(table, bare, n_words, sentence, folded):
            return rule.kind, rule.reason
    if reason := _byline_rule(bare, n_words):
        return "byline", reason
    if _is_share_bar(bare):
        return "removed", "share bar" if re.search(r"share", text, _I) else "social-media links"
    if rule := _match_table(FURNITURE, bare, n_words, sentence, folded):
        return rule.kind, rule.reason
    return None


# --------------------------------------------------------------------------------------------
# Block rules
# --------------------------------------------------------------------------------------------

#: Headers that open a list of other posts (titles with dates, excerpts, category labels).
#: "{header}" in a reason is replaced by the header as written.
LIST_HEADERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^what['’]?s (?:hot|new|trending)$", _I), "what's-hot list"),
    (
        re.compile(r"^(?:suggested|related|more|trending|popular) (?:topics|tags)\s*:?$", _I),
        "topic list",
    ),
    (
        re.compile(
            r"^(?:related|similar|more) (?:posts?|articles?|stories|news|content|reading|coverage)$"
            r"|^(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy)$"
            r"|^(?:also read|read also|see also|read next|recommended(?: for you| reading)?)$",
            _I,
        ),
        "related-posts list",
    ),
    (
        re.compile(
            r"^(?:top|popular|latest|recent|featured|trending|editor['’]?s) (?:posts|news|stories"
            r"|articles|picks)$|^our picks$"
            r"|^most (?:popular|read|viewed|shared|commented)"
            r"(?: (?:in|this|today|now|on)\b.{0,25})?$"
            r"|^don['’]?t miss(?: this)?$|^trending(?: now)?$|^in case you missed it$"
            r"|^must reads?$",
            _I,
        ),
        "'{header}' list",
    ),
)
#: Headers of a site's self-description; the prose under them goes with them.
BLURB_HEADERS = re.compile(r"^(?:about us|who we are|about (?:the )?(?:site|website))$", _I)
#: FAQ headers; the questions and answers under them are one flagged block.
FAQ_HEADER = re.compile(r"^(?:frequently asked questions|faqs?|common questions)\b.{0,60}$", _I)
_QUESTION_LABEL = re.compile(r"^(?:q|question)\s?\d{0,2}\s?[:.)]", _I)
_ANSWER_LABEL = re.compile(r"^(?:a|answer)\s?\d{0,2}\s?[:.)]", _I)

#: Navigation words: a run of >= 3 short items with >= 2 of these (one strong) is a menu.
NAV_WORDS = frozenset(
    """home news business world politics political tech technology sports sport trend trends
    trending opinion video videos culture travel lifestyle entertainment health science economy
    markets about contact privacy terms policy dmca advertise login register subscribe search
    photos latest""".split()
)
NAV_STRONG = frozenset("home about contact privacy terms dmca advertise login register".split())
MENU_ITEM_MAX_WORDS = 4
LIST_ITEM_MAX_WORDS = 20
BLURB_MAX_UNITS = 6
LIST_UNDATED_MAX_ITEMS = 10
#: A pull quote is a lone sentence of this many words that the article repeats.
PULL_QUOTE_MIN_WORDS, PULL_QUOTE_MAX_WORDS = 8, 60
#: An author bio by name is looked for among the last this many body paragraphs.
AUTHOR_BIO_LAST_UNITS = 3

#: Reasons after which the rest of a page is footer (if little text follows).
END_MARKERS = frozenset(
    {"source link", "comment form", R_COPYRIGHT, "ad-blocker notice", "related-posts list"}
)
#: The end-of-article rule fires only if the unclaimed words after the marker are at most this
#: share of those before it (so a "Related" box in mid-article does not end the article).
END_TAIL_RATIO = 0.35


def _prose(u: _Unit | None) -> bool:
    """A paragraph of the article's running text: free, not a list item, five words or more
    ending like a sentence (not a heading such as "Evergreen Insights on Cooperation")."""
    return u is not None and u.free and not u.is_bullet and u.n_words >= 5 and bool(
        _ends(_PROSE_END, u.text) or u.text.endswith((":", ")")))


@dataclass
class _Unit:
    line: int
    text: str  # normalised text: what goes into the body
    source: str  # the unit as it stood in the input, trimmed
    indent: int
    kind: str | None = None
    reason: str | None = None
    group: int = 0
    _counted: tuple[str, int] | None = field(default=None, repr=False, compare=False)

    @property
    def free(self) -> bool:
        return self.kind is None

    @property
    def n_words(self) -> int:
        """Its words, counted once per text (the rules ask many times)."""
        counted = self._counted
        if counted is None or counted[0] is not self.text:
            counted = self._counted = (self.text, _words(self.text))
        return counted[1]

    @property
    def is_bullet(self) -> bool:
        return bool(_BULLET.match(self.text)) and self.text not in {"-", "*"}

    def claim(self, kind: str, reason: str, group: int) -> None:
        self.kind, self.reason, self.group = kind, reason, group


def _is_substantial(u: _Unit) -> bool:
    """A real paragraph: prose of some length."""
    return (
        u.free
        and not u.is_bullet
        and ((u.n_words >= 15 and _ends(_PROSE_END, u.text)) or u.n_words >= 30)
    )


def _is_headline_like(u: _Unit) -> bool:
    return (
        u.free
        and not u.is_bullet
        and u.text.count("|") < 2  # a table row is not a headline
        and 1 <= u.n_words <= 30
        and not re.search(r"[.,;:]$", u.text)
    )


def _is_title_like_item(u: _Unit) -> bool:
    """A post title in a list: short and not a sentence, or an excerpt ending in an ellipsis."""
    if _ends(_ELLIPSIS_END, u.text):
        return True
    return u.n_words <= LIST_ITEM_MAX_WORDS and not _reads_as_sentence(u.text, u.n_words)


def _is_dated(u: _Unit | None) -> bool:
    return u is not None and u.reason in (R_DATE_LINE, R_POST_META)


class Cleaner:
    """One run of the rules over one input. Use :func:`clean_text`."""

    def __init__(
        self, raw: str, *, html_titles: tuple[str, ...] | None = None, line_numbers: bool = True
    ):
        self.units: list[_Unit] = []
        self.marks: list[Removed] = []  # markup dropped from inside kept units
        self.html_titles = html_titles  # HTML: the page's own title(s); None for text
        self.line_numbers = line_numbers
        self._group = 0
        self._split(raw)

    # -- step 1: units ----------------------------------------------------------------------

    _INLINE_HEADING = re.compile(r"(?<=[.!?”\"’)])[ \t]*(#{2,6})[ \t]+(?=\S)")
    _LEADING_HEADING = re.compile(r"^(#{1,6})[ \t]+(?=\S)")
    _CITATION = re.compile(r"[ \t]?\[\[\d{1,4}\]\]")

    def _mark(self, text: str, reason: str, line: int) -> None:
        self.marks.append(Removed(text, reason, "removed", line))

    def _split(self, raw: str) -> None:
        for number, line in enumerate(raw.removeprefix("\ufeff").splitlines(), start=1):
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip())
            if "#" not in line:  # no heading mark to split off
                self._add_unit(number, line, indent)
                continue
            parts = self._INLINE_HEADING.split(line)
            # split() gives [text, marks, text, marks, text ...]
            pieces = [(parts[0], None)] + [
                (parts[i + 1], parts[i]) for i in range(1, len(parts) - 1, 2)
            ]
            for piece, inline_mark in pieces:
                if inline_mark:
                    self._mark(inline_mark, "markdown heading mark", number)
                self._add_unit(number, piece, indent)

    def _add_unit(self, number: int, piece: str, indent: int) -> None:
        source = piece.strip()
        text = normalize(piece)
        if not text:
            return
        if "---" in text and set(text) <= _TABLE_RULE_CHARS:  # the cheap test first
            self._mark(source, "markdown table rule line", number)
            return
        if text[0] == "#" and (m := self._LEADING_HEADING.match(text)):
            self._mark(m.group(1), "markdown heading mark", number)
            text = text[m.end() :]  # still trimmed and collapsed
        if "[[" in text:
            for m in self._CITATION.finditer(text):
                self._mark(m.group().strip(), "citation mark", number)
            text = normalize(self._CITATION.sub("", text))
        if text:
            self.units.append(_Unit(number, text, source, indent))

    # -- helpers ----------------------------------------------------------------------------

    def _new_group(self) -> int:
        self._group += 1
        return self._group

    def _next(self, i: int) -> _Unit | None:
        return self.units[i + 1] if i + 1 < len(self.units) else None

    # -- step 2: line rules -----------------------------------------------------------------

    def line_rules(self) -> None:
        flag_next: str | None = None
        for u in self.units:
            if flag_next and u.free:
                u.claim("flagged", flag_next, self._group)  # same group as its label
                flag_next = None
                continue
            flag_next = None
            hit = classify_line(u.text, n_words=u.n_words)
            if hit:
                u.claim(*hit, self._new_group())
                if hit[0] == "flagged" and re.fullmatch(
                    r"[\w\s'’?!-]{2,30}[:：?!]?", _bare(u.text)
                ):
                    flag_next = hit[1]  # a bare label: the block is the unit after it

    # -- step 3: block rules ----------------------------------------------------------------

    def block_rules(self) -> None:
        self._menus()
        i = 0
        while i < len(self.units):
            u = self.units[i]
            if BLURB_HEADERS.match(u.text) and (u.free or u.reason == "footer links"):
                i = self._take_blurb(i)
                continue
            if u.free or u.kind == "byline":
                if reason := self._list_header(u.text):
                    i = self._take_list(i, reason)
                    continue
                if u.free and FAQ_HEADER.match(_bare(u.text)):
                    i = self._take_faq(i)
                    continue
            i += 1

    @staticmethod
    def _list_header(text: str) -> str | None:
        for pattern, reason in LIST_HEADERS:
            if pattern.match(text):
                return reason.format(header=text)
        return None

    def _menus(self) -> None:
        """Runs of >= 3 short items (menu entries) holding nav words: navigation menu."""
        run: list[_Unit] = []

        def close() -> None:
            if len(run) < 3:  # too short for a menu: nothing to weigh
                run.clear()
                return
            words = [set(re.findall(r"[a-z]+", x.text.lower())) for x in run]
            nav = sum(1 for w in words if w & NAV_WORDS)
            strong = any(w & NAV_STRONG for w in words)
            if len(run) >= 3 and nav >= 2 and strong:
                group = self._new_group()
                for x in run:
                    x.claim("removed", "navigation menu", group)
            run.clear()

        for u in self.units:
            item = (
                u.n_words <= MENU_ITEM_MAX_WORDS
                and not re.search(r"[.!?:;,]$", u.text)
                and (
                    u.free or u.reason in ("navigation menu", "footer links", "stray widget label")
                )
                and not (u.free and looks_like_outlet(u.text))  # the site name, left for step 4
            )
            if item and run and run[0].is_bullet != u.is_bullet:
                close()  # a bulleted menu ends at the first unbulleted line (and vice versa)
            if item:
                run.append(u)
            else:
                close()
        close()

    def _take_list(self, i: int, reason: str) -> int:
        group = self._new_group()
        self.units[i].claim("removed", reason, group)
        j, undated = i + 1, 0
        while j < len(self.units):
            u, nxt = self.units[j], self._next(j)
            if self._list_header(u.text) or BLURB_HEADERS.match(u.text):
                break
            if not (u.free or u.kind == "byline"):
                break
            if _is_dated(u) or _is_dated(nxt):
                undated = 0
            elif _is_title_like_item(u) and undated < LIST_UNDATED_MAX_ITEMS:
                undated += 1
            else:
                break
            u.claim("removed", reason, group)
            j += 1
        return j

    def _take_blurb(self, i: int) -> int:
        group = self._new_group()
        header = self.units[i].text
        reason = f"site blurb ('{header}')"
        j = i
        while j < len(self.units) and j - i < BLURB_MAX_UNITS:
            u = self.units[j]
            if j > i and not u.free and u.text != header:
                break
            u.claim("removed", reason, group)
            j += 1
        return j

    def _take_faq(self, i: int) -> int:
        """Header, then questions each followed by their answer units."""
        group = self._new_group()
        reason = "inserted block: FAQ"
        self.units[i].claim("flagged", reason, group)
        j, state, q_indent = i + 1, "expect_q", 0
        while j < len(self.units):
            u = self.units[j]
            if not u.free:
                break
            bare = _bare(u.text)
            is_q = bare.endswith("?") or bool(_QUESTION_LABEL.match(bare))
            if is_q:
                state, q_indent = "after_q", u.indent
            elif state == "after_q" or (
                state == "after_a" and (u.indent > q_indent or _ANSWER_LABEL.match(bare))
            ):
                state = "after_a"
            else:
                break
            u.claim("flagged", reason, group)
            j += 1
        return j

    # -- step 4: headline and page header ---------------------------------------------------

    def _first_substantial(self) -> int:
        for i, u in enumerate(self.units):
            if _is_substantial(u):
                return i
        return len(self.units)

    def headline(self) -> int | None:
        """Claim the headline; return its index."""
        limit = self._first_substantial()
        index = None
        if self.html_titles is not None:
            wanted = {_dedup_key(t) for t in self.html_titles}
            for i, u in enumerate(self.units[:limit]):
                if u.free and _dedup_key(u.text) in wanted:
                    index = i
                    break
        else:
            index = self._title_from_breadcrumb(limit)
            if index is None:
                index = self._title_above_byline(limit)
            if index is None:
                candidates = [i for i in range(limit) if _is_headline_like(self.units[i])]
                long_ones = [i for i in candidates if self.units[i].n_words >= 3]
                index = (long_ones or candidates or [None])[0]
        if index is None:
            return None
        if not any(u.free and u.n_words for j, u in enumerate(self.units) if j != index):
            return None  # the only text there is: the article itself, not its headline
        title = self.units[index]
        title.claim("title", R_TITLE, self._new_group())
        key = _dedup_key(title.text)
        for u in self.units[index + 1 :]:
            if u.free and _dedup_key(u.text) == key:
                u.claim("removed", "repeated headline", self._new_group())
        if self.html_titles is None:
            self._page_header(index)
        self._credit_line(index)
        return index

    def _title_above_byline(self, limit: int) -> int | None:
        """The headline sits right above the byline/date block: the last headline-like line
        before the first byline-kind line (site taglines and section names come earlier)."""
        for i, u in enumerate(self.units[:limit]):
            if u.kind == "byline":
                above = [j for j in range(i) if _is_headline_like(self.units[j])]
                long_ones = [j for j in above if self.units[j].n_words >= 3]
                return (long_ones or above or [None])[-1]
        return None

    def _title_from_breadcrumb(self, limit: int) -> int | None:
        for u in self.units[:limit]:
            if u.reason == "breadcrumb":
                last = re.split(r"\s?(?:»|›|>|/|→|\\)\s?", u.text)[-1].strip()
                for i, v in enumerate(self.units[:limit]):
                    if v is not u and v.free and _dedup_key(v.text) == _dedup_key(last):
                        return i
        return None

    def _page_header(self, title_index: int) -> None:
        counts: dict[str, int] = {}
        for u in self.units:
            counts[u.text] = counts.get(u.text, 0) + 1
        for u in self.units[:title_index]:
            if not u.free:
                continue
            if counts[u.text] >= 2 and looks_like_outlet(u.text):
                u.claim("removed", R_SITE_NAME, self._new_group())
            elif u.n_words <= 2 and not _reads_as_sentence(u.text, u.n_words):
                u.claim("removed", "section label", self._new_group())
            else:
                u.claim("removed", R_PAGE_HEADER, self._new_group())

    def _credit_line(self, title_index: int) -> None:
        """An outlet name alone under the headline ("CGTN") credits the outlet."""
        u = self._next(title_index)
        if u is not None and u.free and u.n_words <= 4 and looks_like_outlet(u.text):
            u.claim("byline", R_CREDIT_LINE, self._new_group())

    # -- step 5: end of article -------------------------------------------------------------

    def end_of_article(self) -> None:
        free_words = [u.n_words if u.free else 0 for u in self.units]
        total = sum(free_words)
        before = 0
        seen_body = False
        for i, u in enumerate(self.units):
            if _is_substantial(u):
                seen_body = True
            if seen_body and u.reason in END_MARKERS:
                after = total - before
                if after <= END_TAIL_RATIO * before:
                    group = self._new_group()
                    for v in self.units[i + 1 :]:
                        if v.free or (v.kind == "byline" and v.reason != R_BYLINE):
                            v.claim("removed", R_PAGE_FOOTER, group)
                    return
            before += free_words[i]

    # -- step 6: context rules --------------------------------------------------------------

    def context_rules(self, head_end: int) -> None:
        self._repeats()
        self._pull_quotes()
        self._stray_dates(head_end)
        self._reader_questions()
        self._author_bio_by_name(head_end)

    def _repeats(self) -> None:
        captions = {_dedup_key(u.text) for u in self.units if u.kind == "caption"}
        previous: _Unit | None = None
        for u in self.units:
            if u.free and captions and _dedup_key(u.text) in captions:
                u.claim("caption", R_CAPTION, self._new_group())
            elif u.free and previous is not None and previous.text == u.text and u.n_words >= 3:
                u.claim("removed", "repeated line", self._new_group())
            previous = u

    def _pull_quotes(self) -> None:
        """A sentence shown twice, once alone (a pull quote) and once inside its paragraph."""
        free = [u for u in self.units if u.free]
        joined = "\n".join(u.text for u in free)
        copies: dict[str, int] = {}
        found: dict[str, int] = {}
        for u in free:
            copies[u.text] = copies.get(u.text, 0) + 1
        for u in free:
            if not PULL_QUOTE_MIN_WORDS <= u.n_words <= PULL_QUOTE_MAX_WORDS:
                continue
            if not _ends(_PROSE_END, u.text):
                continue
            # found more often than it stands alone: it is also inside a longer paragraph
            if u.text not in found:
                found[u.text] = joined.count(u.text)
            if found[u.text] > copies[u.text]:
                reason = "pull quote (repeats a sentence of the article)"
                u.claim("removed", reason, self._new_group())

    def _stray_dates(self, head_end: int) -> None:
        """Date lines count as the article's date only in its head (headline to first
        paragraph); a "Source: …" line below the head (a table's source) is article text."""
        for u in self.units[head_end:]:
            if u.reason in (R_DATE_LINE, R_POST_META):
                u.claim("removed", f"{u.reason} (away from the article head)", self._new_group())
            elif u.reason == R_SOURCE_CREDIT:
                u.kind = u.reason = None

    def _reader_questions(self) -> None:
        """A lone one-sentence question, or a run of them, that sits outside the article's
        prose: a reader prompt ("What steps could deepen cooperation?" over a list, "Do you
        agree?" closing the page). A rhetorical question between two prose paragraphs is the
        writer's ("Do they think we are fools?"), and a quoted question is someone's words;
        both stay in the body."""
        lone = [i for i, u in enumerate(self.units)
                if u.free and not u.is_bullet and u.text.endswith("?") and u.n_words >= 5
                and not re.search(r"[.!?]\s", u.text)  # more than one sentence: the article
                and u.text[:1] not in "\"“‘'«"]
        runs: list[list[int]] = []
        for i in lone:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            before = self.units[run[0] - 1] if run[0] > 0 else None
            # the next unit left in the body (a credit line or a share bar below is not)
            nxt = next((v for v in self.units[run[-1] + 1:] if v.free), None)
            asks_you = any(re.search(r"\byour?\b", self.units[i].text, _I) for i in run)
            if nxt is None and not asks_you:
                continue  # an article may end on a rhetorical question; a prompt asks "you"
            if _prose(before) and _prose(nxt):
                continue  # a rhetorical question inside the article's argument
            answered = len(run) == 1 and nxt is not None and nxt.free and (
                nxt.is_bullet or (_ends(_PROSE_END, nxt.text) and not nxt.text.endswith("?")))
            if not answered:
                for i in run:  # each question its own entry, as a reader sees them
                    self.units[i].claim("flagged", R_READER_QUESTION, self._new_group())

    def _author_bio_by_name(self, head_end: int) -> None:
        """A closing one-sentence paragraph that starts with the bylined author's name and
        says who they are ("Gao Yuanfeng is a Beijing-based commentator …")."""
        names: list[str] = []
        for u in self.units:
            if u.reason == R_BYLINE and (m := BYLINE.match(_bare(u.text))):
                for name in parse_byline_names(m.group("rest")):
                    names += [name, name.split()[-1]]
        if not names:
            return
        pattern = re.compile(
            r"^(?:" + "|".join(map(re.escape, sorted(set(names), key=len, reverse=True))) + r")"
            r",? (?:is|was|has been|serves as|works as)\b"
        )
        tail = [u for u in self.units[head_end:] if u.free][-AUTHOR_BIO_LAST_UNITS:]
        for u in tail:
            one_sentence = not re.search(r"[.!?]\s+[A-Z]", u.text)
            if pattern.match(u.text) and one_sentence and u.n_words <= 60:
                u.claim("note", R_AUTHOR_BIO, self._new_group())

    # -- output -----------------------------------------------------------------------------

    def run(self) -> Cleaned:
        self.line_rules()
        self.block_rules()
        title_index = self.headline()
        head_end = self._first_substantial()
        if title_index is not None and head_end < title_index:
            head_end = title_index
        self.end_of_article()
        self.context_rules(head_end)
        return Cleaned(
            text="\n\n".join(u.text for u in self.units if u.free), removed=self._records()
        )

    def _records(self) -> list[Removed]:
        records: list[tuple[int, int, Removed]] = []
        for order, m in enumerate(self.marks):
            records.append((m.line, order, m))
        grouped: list[list[_Unit]] = []
        for u in self.units:
            if u.free:
                grouped.append([])  # body text breaks a run of same-reason units
                continue
            last = grouped[-1] if grouped else []
            same = last and (
                last[-1].group == u.group
                or (
                    u.kind == "removed"
                    and last[-1].kind == "removed"
                    and last[-1].reason == u.reason
                )
            )
            if same:
                last.append(u)
            else:
                grouped.append([u])
        for k, units in enumerate(g for g in grouped if g):
            first = units[0]
            text = "\n".join(x.source for x in units).strip()
            line = first.line if self.line_numbers else 0
            records.append(
                (
                    first.line,
                    len(self.marks) + k,
                    Removed(text, first.reason or "", first.kind or "removed", line),
                )
            )
        records.sort(key=lambda r: (r[0], r[1]))
        return [r for _, _, r in records]


def clean_text(raw: str) -> Cleaned:
    """Clean a raw text dump of a news page. See the module docstring for the rules."""
    return Cleaner(raw).run()


# --------------------------------------------------------------------------------------------
# Outlet names (used by the header rules here and by metadata inference)
# --------------------------------------------------------------------------------------------

#: Words that end an outlet's name: "Nabka News", "Global Times", "Xinhua News Agency".
OUTLET_WORDS = frozenset(
    """news times post daily herald tribune journal agency network tv radio press gazette
    telegraph observer review monitor today online media weekly chronicle express""".split()
)


def looks_like_outlet(text: str) -> bool:
    """An acronym ("CGTN"), a site address ("China.org.cn") or "<Name> News"-style name."""
    text = text.strip()
    if re.fullmatch(r"[A-Z]{2,6}", text):
        return True
    if re.fullmatch(r"[A-Za-z][\w-]{1,30}(?:\.[A-Za-z]{2,13}){1,3}", text):
        return True
    words = text.split()
    return (
        1 <= len(words) <= 4
        and all(w[0].isupper() or w[0].isdigit() for w in words)
        and words[-1].lower() in OUTLET_WORDS
    )
