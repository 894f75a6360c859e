"""Split an article into lines and sentences with offsets, and label each line's section.

Sections: `title` (a line equal to the article title, or the first line when no title
is known), `boilerplate` (site chrome, patterns in data/boilerplate.csv), `comments`
(everything after a comments heading such as "…への2件のフィードバック", or from a comment's own
byline or reaction counts such as "user*** 6時間前", once the article's prose has begun), else `body`.
A related-article list (a `related_heading` line such as 関連記事 or あわせて読みたい, then
headline-like lines) is boilerplate up to the first line that reads like prose.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import DATA_DIR

# A sentence ends at 。 (． unless a digit follows: １．２ＧＷ), at ！？!? before a space or line end,
# closing brackets included.
_CLOSERS = "(?:[」』）)\"”’]+)?"
_END = re.compile(rf"(?:。|．(?![0-9０-９])){_CLOSERS}|[！？!?]+{_CLOSERS}(?=\s|$)|(?<=[a-z0-9)][.!?])(?=\s+[A-Z])")
MAX_SENTENCE_CHARS = 1000   # longer runs without punctuation are cut at 、 / spaces
HEADING_MAX_CHARS = 40
HEADLINE_MAX_CHARS = 80     # a related-article list item: a short line without 。
HEADING_ROLE_MAX_CHARS = 120  # no heading, byline or reaction line of data/boilerplate.csv is longer


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str
    section: str
    is_heading: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    section: str
    line_index: int


@dataclass(frozen=True)
class LineRule:
    """One role's patterns as alternations: those anchored with ^ are tried at the line's start
    only (`match`), the rest scanned (`search`). One alternation mixing both would try every
    anchored branch at every position of every line. Anchored patterns that begin with a
    lookahead for a word (`^(?=.*?円)…`) are tried only on lines holding that word: the lookahead
    alone would scan every line once per pattern."""
    anchored: re.Pattern | None
    floating: re.Pattern | None
    gated: tuple[tuple[tuple[str, ...], re.Pattern], ...] = ()

    def search(self, line: str) -> bool:
        if self.anchored and self.anchored.match(line) or self.floating and self.floating.search(line):
            return True
        for words, rx in self.gated:       # plain loops: this runs for every line of every article
            for w in words:
                if w in line:
                    if rx.match(line):
                        return True
                    break
        return False


_WORD = r"[^\\()\[\]|.*+?{}^$]+"
_GATE = re.compile(rf"^\^\(\?=\.\*\?(?:(?P<word>{_WORD})|\(\?:(?P<words>{_WORD}(?:\|{_WORD})*)\))\)")   # ^(?=.*?円), ^(?=.*?(?:a|b))


@lru_cache(maxsize=4)
def boilerplate_rules(path: Path = DATA_DIR / "boilerplate.csv") -> dict[str, LineRule]:
    by_role: dict[str, tuple[list[str], list[str], dict[tuple[str, ...], list[str]]]] = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            pattern = r["pattern"]
            re.compile(pattern)   # fail early, naming nothing else
            anchored, floating, gated = by_role.setdefault(r["role"], ([], [], {}))
            gate = _GATE.match(pattern)
            if gate and not _has_top_level_bar(pattern):
                words = (gate["word"],) if gate["word"] else tuple(gate["words"].split("|"))
                gated.setdefault(words, []).append(f"(?:{pattern[gate.end():]})")
            elif pattern.startswith("^") and not _has_top_level_bar(pattern):
                anchored.append(f"(?:{pattern[1:]})")
            else:
                floating.append(f"(?:{pattern})")
    return {role: LineRule(*(re.compile("|".join(p)) if p else None for p in (a, f)),
                           tuple((words, re.compile("|".join(ps))) for words, ps in g.items()))
            for role, (a, f, g) in by_role.items()}


def _has_top_level_bar(pattern: str) -> bool:
    """True for `^a|b` (only the first branch is anchored), False for `^(a|b)` or `^[|]`."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return True
    return False


def _norm_line(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


_HEADING_END = re.compile(r"[。、,!?！？]$")


_BULLETS = "・･-‐*＊●■▶"


def _headline_like(line: str) -> bool:
    """A list item's headline: short, not a sentence (no final 。), or a bulleted line."""
    return len(line) <= HEADLINE_MAX_CHARS and (not line.endswith("。") or line[0] in _BULLETS)


_TAG = re.compile(r"^[【\[][^】\]]{1,8}[】\]]")     # 【速報】, 【独自】 before a headline


def _is_title(line: str, title_key: str | None) -> bool:
    """The article's own headline, with or without a tag such as 【速報】 in front."""
    if not title_key or abs(len(line) - len(title_key)) > 12:
        return False
    key = _norm_line(line)
    return key == title_key or _TAG.sub("", key) == _TAG.sub("", title_key)


def lines(text: str, title: str | None = None) -> list[Line]:
    rules = boilerplate_rules()
    chrome, comments_heading = rules.get("boilerplate"), rules.get("comments_heading")
    related_heading = rules.get("related_heading")
    comment_line = rules.get("comment_line")       # a line that is itself part of a comment
    answers_heading = rules.get("answers_heading")  # a Q&A page's answers: its content, not comments
    profile_heading = rules.get("profile_heading")  # an author box: the heading and the line after it
    title_key = _norm_line(title) if title else None
    out: list[Line] = []
    in_comments = False
    in_related = False
    in_answers = False
    in_profile = False
    title_seen = False
    seen_content = False
    seen_prose = False
    raw = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\r\n]*", text)
           if m.group().strip()]
    for i, (s, e, t) in enumerate(raw):
        stripped = t.strip()
        short = len(stripped) <= HEADING_ROLE_MAX_CHARS     # headings and bylines are short lines
        starts_comments = short and comments_heading is not None and comments_heading.search(stripped)
        if short and answers_heading is not None and answers_heading.search(stripped):
            in_answers, in_comments = True, False
        if starts_comments:
            in_answers = False
        if short and seen_prose and not in_answers and comment_line is not None and comment_line.search(stripped):
            in_comments = True
        if in_related:         # a list item: a headline (short, not a sentence) or a bulleted line
            in_related = not starts_comments and _headline_like(stripped)
        if short and related_heading is not None and related_heading.search(stripped):
            in_related = True
            section = "boilerplate"
        elif not title_seen and _is_title(stripped, title_key):     # before chrome: 【速報】 may head it,
            title_seen = True                                        # a menu's ランキング may come before it
            section = "title"
        elif in_related or in_profile or chrome is not None and chrome.search(stripped):
            section = "boilerplate"
        elif title_key is None and not seen_content and len(stripped) <= 120 and "。" not in stripped:
            section = "title"
        elif in_comments:
            section = "comments"
        else:
            section = "body"
        in_profile = bool(short and profile_heading and profile_heading.search(stripped)) and not in_profile
        if in_profile:
            section = "boilerplate"
        if starts_comments and seen_prose:
            in_comments = True      # a comment-count badge above the article (コメント 42件) is not its end
        if section in ("title", "body"):
            seen_content = True
            seen_prose = seen_prose or (section == "body" and "。" in stripped)
        is_heading = (section == "body" and len(stripped) <= HEADING_MAX_CHARS and "。" not in stripped
                      and not _HEADING_END.search(stripped)
                      and i + 1 < len(raw) and len(raw[i + 1][2].strip()) > len(stripped))
        out.append(Line(s, e, t, section, is_heading))
    return out


def _cut_long(start: int, piece: str):
    """Cut a run longer than MAX_SENTENCE_CHARS at the last 、/space before the limit."""
    while len(piece) > MAX_SENTENCE_CHARS:
        window = piece[:MAX_SENTENCE_CHARS]
        cut = max(window.rfind(c) for c in "、,， \u3000")
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = MAX_SENTENCE_CHARS - 1
            while cut > 1 and window[cut - 1:cut + 1].isdigit():
                cut -= 1
        yield start, piece[:cut + 1]
        start += cut + 1
        piece = piece[cut + 1:]
    if piece:
        yield start, piece


def sentences(text: str, title: str | None = None) -> tuple[list[Line], list[Sentence]]:
    all_lines = lines(text, title)
    out: list[Sentence] = []
    for li, line in enumerate(all_lines):
        pos = 0
        bounds = [m.end() for m in _END.finditer(line.text)] + [len(line.text)]
        for b in bounds:
            if b <= pos:
                continue
            raw = line.text[pos:b]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if body:
                for s, piece in _cut_long(line.start + pos + lead, body):
                    out.append(Sentence(s, s + len(piece), piece, line.section, li))
            pos = b
    return all_lines, out
