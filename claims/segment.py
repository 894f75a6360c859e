"""Split an article into lines and sentences with offsets, and label each line's section.

Sections: `title` (a line equal to the article title, or the first line when no title
is known), `boilerplate` (site chrome, patterns in data/boilerplate.csv), `comments`
(everything after a comments heading such as "…への2件のフィードバック", or from a comment's own
byline or reaction counts such as "user*** 6時間前", once the article's prose has begun), else `body`.
A related-article list (a `related_heading` line such as 関連記事 or あわせて読みたい, then
headline-like lines) is boilerplate up to the first line that reads like prose.
A captured thread (a page that opens with a post header, `名前 @handle · 8月18日`, and has more of its
first poster's posts than anyone else's) is its first poster's: posts under another handle are
comments, the author's next posts body again. A compilation of many people's posts is not a thread.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import chrome_model
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
    any_gate: re.Pattern | None = None        # any gate's word: most lines hold none, and skip the loop

    def search(self, line: str) -> bool:
        if self.anchored and self.anchored.match(line) or self.floating and self.floating.search(line):
            return True
        if self.any_gate is None or not self.any_gate.search(line):
            return False
        for words, rx in self.gated:       # plain loops: this runs for every line of every article
            for w in words:
                if w in line:
                    if rx.match(line):
                        return True
                    break
        return False


_WORD = r"(?:[^\\()\[\]|.*+?{}^$]|\\\.)+"        # a literal word; \. for a dot (\.\.\.\. of a contents line)
_GATE = re.compile(rf"^\^\(\?=\.\*\?(?:(?P<word>{_WORD})|\(\?:(?P<words>{_WORD}(?:\|{_WORD})*)\))\)")   # ^(?=.*?円), ^(?=.*?(?:a|b))


@lru_cache(maxsize=4)
def boilerplate_rules(path: Path = DATA_DIR / "boilerplate.csv") -> dict[str, LineRule]:
    by_role: dict[str, tuple[list[str], list[str], dict[tuple[str, ...], list[str]]]] = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            pattern = r["pattern"]
            anchored, floating, gated = by_role.setdefault(r["role"], ([], [], {}))
            gate = _GATE.match(pattern)
            if gate and not _has_top_level_bar(pattern):
                words = (gate["word"],) if gate["word"] else tuple(gate["words"].split("|"))
                words = tuple(w.replace("\\.", ".") for w in words)
                gated.setdefault(words, []).append(f"(?:{pattern[gate.end():]})")
            elif pattern.startswith("^") and not _has_top_level_bar(pattern):
                anchored.append(f"(?:{pattern[1:]})")
            else:
                floating.append(f"(?:{pattern})")
    try:
        return _compiled(by_role)
    except re.error:
        with open(path, encoding="utf-8") as fh:     # name the row that does not compile
            for r in csv.DictReader(fh):
                re.compile(r["pattern"])
        raise


def _compiled(by_role) -> dict[str, LineRule]:
    """Each role's rows as one alternation (compiled once: compiling every row on its own as well
    doubled the cost of starting a build)."""
    return {role: LineRule(*(re.compile("|".join(p)) if p else None for p in (a, f)),
                           tuple((words, re.compile("|".join(ps))) for words, ps in g.items()),
                           re.compile("|".join(re.escape(w) for words in g for w in words)) if g else None)
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


# Decoration around a heading: `━━ 5．読者からのお便り ━━`, `■ 関連記事 ■`, `【目次】`.
_HEADING_DECOR_START = re.compile(r"^[\s━─―=＝■□◆◇●○▼▽▶▷【［\[〈《<＜＼]+(?:[0-9０-９]{1,2}\s?[．.、)）]\s*)?")
_HEADING_DECOR_END = re.compile(r"[\s━─―=＝■□◆◇●○】］\]〉》>＞／]+$")


_DECOR_CHARS = frozenset("━─―=＝■□◆◇●○▼▽▶▷【［[〈《<＜】］]〉》>＞＼／")


def _bare_heading(line: str) -> str:
    """A heading line without its decoration (the roles' patterns allow one bullet or bracket at most)."""
    if line[0] not in _DECOR_CHARS and line[-1] not in _DECOR_CHARS:
        return line                   # most lines: nothing to strip (this runs for every short line)
    bare = _HEADING_DECOR_END.sub("", _HEADING_DECOR_START.sub("", line))
    return bare if bare else line


def _matches(rule: LineRule | None, line: str) -> bool:
    return rule is not None and rule.search(line)


def _heads(rule: LineRule | None, line: str, bare: str) -> bool:
    """The line is a heading of this role, as written or without its decoration."""
    return rule is not None and (rule.search(line) or bare != line and rule.search(bare))


def _item_key(line: str) -> str:
    """A list item's leading mark, normalized: `PART1`, `1．`, `第3回`, `■2．` ("" when it has none)."""
    m = _ITEM_MARK.match(line)
    return unicodedata.normalize("NFKC", m.group(1)) if m else ""


_ITEM_MARK = re.compile(r"^[■□◆◇●○・\s]*((?:PART|Part|第|#)?\s?[0-9０-９]{1,3}(?:[．.、)）:：章回部節話]|\s))")


# A post header of a captured social-network thread: `電力系統ウォッチ @denryoku_watch · 8月18日`, `@handle`.
_POST_HEADER = re.compile(r"^(?:\S.{0,30}?\s?)?@(?P<handle>[A-Za-z0-9_]{2,30})(?:\s?さん)?(?:\s*[·・･]\s*.{1,24})?$")


def _post_handle(line: str) -> str | None:
    m = _POST_HEADER.match(line) if "@" in line and not line.startswith("返信先") else None
    return m["handle"] if m else None


def _thread_author(raw: list[tuple[int, int, str]]) -> str | None:
    """The first poster's handle when the page is a captured thread: a post header comes before any
    sentence, and that handle heads at least two posts and more than any other handle."""
    handles = []
    for _, _, t in raw:
        t = t.strip()
        if len(t) > HEADING_ROLE_MAX_CHARS:
            continue
        if (h := _post_handle(t)) is not None:
            handles.append(h)
        elif not handles and "。" in t:
            return None
    if not handles:
        return None
    counts = {h: handles.count(h) for h in handles}
    author = handles[0]
    return author if counts[author] >= 2 and counts[author] > max((n for h, n in counts.items() if h != author),
                                                                   default=0) else None


# A wiki talk page's post ends with its signature: …--Ezo-grid（会話） 2026年5月29日 (金) 00:41 (UTC).
_TALK_SIGNATURE = re.compile(r"--(?P<signer>\S.{0,40}?)[（(](?:会話|トーク|talk)(?:\s?/\s?投稿記録)?[)）]\s?"
                             r"\d{4}年\d{1,2}月\d{1,2}日\s?[(（].[)）]\s?\d{1,2}:\d{2}\s?[(（]UTC[)）]?\s*$")


# Body sentences (chars) before a comment's byline can start the comments: a page's notice above the
# post the page shows (リアルタイム株価ではありません。20分以上遅れて表示しています。) is not yet its article.
_ARTICLE_STARTED_CHARS = 40
# A caption line, timed (00:41　で メタは…) or spaced word by word (まとめると 売上は 予想超え …), is prose
# even without a 。: a comments heading after it ends the article.
_CAPTION_LINE = re.compile(r"(?:\d{1,2}:)?\d{1,2}:\d{2}[\s　].{15,}|(?=[^｜|]{30,}$)(?:\S+ ){4,}")   # or word-spaced


def _signer(line: str) -> str | None:
    """Who signed a wiki talk page's post. The first signer opened the discussion: their posts are the
    page's own (body); everyone else's are replies (comments)."""
    m = _TALK_SIGNATURE.search(line) if "UTC" in line else None
    return m["signer"] if m else None


def lines(text: str, title: str | None = None) -> list[Line]:
    rules = boilerplate_rules()
    chrome, comments_heading = rules.get("boilerplate"), rules.get("comments_heading")
    related_heading = rules.get("related_heading")
    comment_line = rules.get("comment_line")       # a line that is itself part of a comment
    answers_heading = rules.get("answers_heading")  # a Q&A page's answers: its content, not comments
    profile_heading = rules.get("profile_heading")  # an author box: the heading and the line after it
    transcript_heading = rules.get("transcript_heading")  # 字幕, 文字起こし: what is said follows
    labelled_chrome = rules.get("labelled_chrome")  # a chrome line by its label even inside prose (【PR】…。)
    sponsor_read = rules.get("sponsor_read")        # a sponsor's read: chrome with no other rule matching
    title_key = _norm_line(title) if title else None
    out: list[Line] = []
    in_comments = False
    in_related = False
    in_answers = False
    in_transcript = False
    last_post: str | None = None   # the handle of the captured thread's post the lines belong to
    in_profile = False
    title_seen = False
    seen_content = False
    seen_prose = False
    prose_chars = 0               # of body sentences so far: a one-line notice (株価は20分遅れ。) is no article yet
    settled: set[int] = set()     # lines the rules place in the body by what they are (a Q&A page's answers)
    list_keys: set[str] = set()   # the leading marks of a list's items (PART1, 1, ・): a mark seen again
                                  # ends it (a table of contents, then the body's first PART1 heading)
    raw = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\r\n]*", text)
           if m.group().strip()]
    texts = [t.strip() for _, _, t in raw]
    author = _thread_author(raw)     # the handle of a captured thread's first post, if the page is one
    talk_author = next((name for _, _, t in raw if (name := _signer(t.strip()))), None)   # a wiki talk page's
    for i, (s, e, t) in enumerate(raw):
        stripped = t.strip()
        short = len(stripped) <= HEADING_ROLE_MAX_CHARS     # headings and bylines are short lines
        heading = _bare_heading(stripped) if short else stripped
        starts_comments = short and _heads(comments_heading, stripped, heading)
        if short and _heads(answers_heading, stripped, heading):
            in_answers, in_comments = True, False
        if starts_comments:
            in_answers = in_transcript = False
        elif short and _heads(transcript_heading, stripped, heading):
            in_transcript = True
        if (short and prose_chars >= _ARTICLE_STARTED_CHARS and not in_answers and comment_line is not None
                and not (author and last_post == author) and comment_line.search(stripped)):
            in_comments = True               # (返信先: @… under the thread author's own header: their reply)
        post = _post_handle(stripped) if author and short else None
        if post:
            in_comments = post != author     # a reply or quote under someone else's handle
            last_post = post
        if in_related:         # a list item: a headline (short, not a sentence) or a bulleted line
            key = _item_key(stripped)
            in_related = not starts_comments and _headline_like(stripped) and not (key and key in list_keys)
            if key:
                list_keys.add(key)
        if short and _heads(related_heading, stripped, heading):
            in_related = True
            list_keys = set()
            section = "boilerplate"
        elif not title_seen and _is_title(stripped, title_key):     # before chrome: 【速報】 may head it,
            title_seen = True                                        # a menu's ランキング may come before it
            section = "title"
        elif in_related or in_profile or _matches(sponsor_read, stripped) or _matches(chrome, stripped) and (
                not _in_prose(texts, i) or _matches(labelled_chrome, stripped)):     # 【PR】…。 between paragraphs
            section = "boilerplate"
        elif title_key is None and not seen_content and len(stripped) <= 120 and "。" not in stripped:
            section = "title"
        elif in_comments or _signer(stripped) not in (None, talk_author):
            section = "comments"
        else:
            section = "body"
        in_profile = bool(short and (_heads(profile_heading, stripped, heading) or _is_link_card(texts, i))) \
            and not in_profile
        if in_profile:
            section = "boilerplate"
        if starts_comments and seen_prose:
            in_comments = True      # a comment-count badge above the article (コメント 42件) is not its end
        if section in ("title", "body"):
            seen_content = True
            seen_prose = seen_prose or (section == "body" and ("。" in stripped or bool(_CAPTION_LINE.match(stripped))))
            prose_chars += len(stripped) if section == "body" and "。" in stripped else 0
        is_heading = (section == "body" and len(stripped) <= HEADING_MAX_CHARS and "。" not in stripped
                      and not _HEADING_END.search(stripped)
                      and i + 1 < len(raw) and len(raw[i + 1][2].strip()) > len(stripped))
        out.append(Line(s, e, t, section, is_heading))
        if in_answers or in_transcript and ("。" in stripped or _CAPTION_LINE.match(stripped)):
            settled.add(i)          # a Q&A page's answers, a transcript's sentences: the page's content
    if author or talk_author:       # a thread's or talk page's own posts are known by their author
        return out
    return _model_chrome(out, settled)


# A post's link card: the linked site's bare domain, then the linked page's title (kessan-navi.jp / みなとクラウド、
# 上期売上高186億円): not the post's own words. A domain over a paragraph is a site's name above its article.
_LINK_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?:jp|com|org|net|io|info|biz)")


def _is_link_card(texts: list[str], i: int) -> bool:
    return (_LINK_DOMAIN.fullmatch(texts[i]) is not None and i + 1 < len(texts)
            and "。" not in texts[i + 1] and len(texts[i + 1]) <= HEADLINE_MAX_CHARS)


def _in_prose(texts: list[str], i: int) -> bool:
    """A sentence between two sentence lines, one of the three a paragraph: the story itself, whatever words it
    uses (動画配信の料金を…月額1,790円に…。 in news of a price rise). Chrome comes as lines of its own
    kind — headlines, offers, prices — not inside the run of an article's paragraphs."""
    if not (0 < i < len(texts) - 1 and "。" in texts[i]):
        return False
    before, after = texts[i - 1], texts[i + 1]
    return ("。" in before and "。" in after
            and any(chrome_model._is_paragraph(t) for t in (before, texts[i], after)))


def _model_chrome(out: list[Line], settled: set[int]) -> list[Line]:
    """Body lines the chrome model reads as chrome or comments (wordings no rule names) become boilerplate;
    not a Q&A page's answers, which the rules place as content."""
    if len(out) < chrome_model.MIN_PAGE_LINES:
        return out
    page = None
    for i, line in enumerate(out):
        if line.section == "body" and i not in settled and chrome_model.is_candidate(line.text.strip()) \
                and not _in_transcript(out, i):
            page = page or chrome_model.Page([ln.text.strip() for ln in out])
            if chrome_model.is_chrome(page, i):
                out[i] = Line(line.start, line.end, line.text, "boilerplate", line.is_heading)
    return out


_TIMED = re.compile(r"\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s")      # 2:10 1キロワット時23円で計算してるので…


def _in_transcript(out: list[Line], i: int) -> bool:
    """A timed caption line among others: what is said in a video (the model reads a spoken price as an offer)."""
    return bool(_TIMED.match(out[i].text)) and any(
        0 <= j < len(out) and _TIMED.match(out[j].text) for j in (i - 1, i + 1))


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


# A question or answer's label at the start of a line: Q3．, A2．, Ｑ１．, 問1., A．
_QA_LABEL = re.compile(r"^\s*(?:[QAＱＡ]|問|答)\s?[0-9０-９]{0,2}\s?[．.、:：)）]\s*")


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
            if pos == 0 and (label := _QA_LABEL.match(raw)):
                raw = raw[label.end():]     # A2．27〜30年度の…: the label is no part of a number
                pos = label.end()
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if body:
                for s, piece in _cut_long(line.start + pos + lead, body):
                    out.append(Sentence(s, s + len(piece), piece, line.section, li))
            pos = b
    return all_lines, out
