"""A web page (fetched or uploaded as .html) -> the article in it: main text and metadata.

trafilatura's extraction functions find the main text (menus, share buttons, related-article
lists and other site chrome dropped) and the metadata in the markup: title, date, site, author.
Its date search is kept to the markup (meta tags, <time>, JSON-LD), so that "metadata" means
what the page declares; a Japanese date written in the page (2025年9月24日, 2025/09/24,
令和7年9月24日) fills what the metadata lacks.  `found_from` says where each field came from.

    art = from_fetched(fetch(url))            # or from_html(html, url=...) / from_html_bytes(data)
    art.text, art.title, art.published, art.date_source   # "metadata" | "本文の日付" | "none"
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import lxml.html
from trafilatura import bare_extraction

from .fetch import FetchedPage, decode_page

FROM_METADATA = "metadata"
FROM_PAGE_TEXT = "本文の日付"       # a date written in the page's text
FROM_URL = "url"
NOT_FOUND = "none"

# Elements that never hold the article's date: site chrome and code.
_CHROME_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "footer", "form", "iframe",
                "svg", "button", "select")
_CHROME_CLASS = re.compile(r"related|ranking|recommend|share|sns|social|breadcrumb|menu|banner|"
                           r"footer|sidebar|popular|pickup|comment|\bad[s_-]", re.I)

_ERA = {"令和": 2018, "平成": 1988}
_DATE_PATTERNS = [
    re.compile(r"(?P<era>令和|平成)(?P<y>\d{1,2}|元)年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日"),
    re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/])"),
]


@dataclass(frozen=True)
class WebArticle:
    """The article found in a page.  `text` is what the claims pipeline indexes."""
    text: str
    title: str | None = None
    published: date | None = None
    site: str | None = None
    author: str | None = None
    url: str | None = None
    found_from: dict[str, str] = field(default_factory=dict)   # field -> "metadata" | "本文の日付" | …

    @property
    def date_source(self) -> str:
        return self.found_from.get("published", NOT_FOUND)


def find_japanese_date(text: str, today: date | None = None) -> date | None:
    """The first whole date (year, month, day) written in `text`, if any plausible one is there."""
    text = unicodedata.normalize("NFKC", text)
    latest = (today or date.today()).replace(month=12, day=31)
    hits = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            year = m.group("y")
            year = 1 if year == "元" else int(year)
            if m.groupdict().get("era"):
                year += _ERA[m.group("era")]
            try:
                found = date(year, int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if date(1990, 1, 1) <= found <= latest:
                hits.append((m.start(), found))
    return min(hits)[1] if hits else None


def tidy_text(text: str) -> str:
    """One paragraph per line: spaces within a line collapsed, blank lines and edge spaces dropped."""
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", ln).strip() for ln in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _page_text_without_chrome(html: str) -> str:
    """The visible text of the page with chrome (menus, share rows, related lists) removed."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for el in list(root.iter()):
        if el.getparent() is None:
            continue
        if not isinstance(el.tag, str):           # comments, processing instructions
            el.drop_tree()
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in _CHROME_TAGS or el.tag == "head" or _CHROME_CLASS.search(marker):
            el.drop_tree()
    return root.text_content()


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def from_html(html: str, url: str | None = None) -> WebArticle:
    """Main text and metadata of an HTML page (the markup as a str)."""
    doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                          favor_precision=True,
                          date_extraction_params={"extensive_search": False, "original_date": True})
    text = tidy_text(doc.text or "") if doc is not None else ""
    found: dict[str, str] = {}
    values: dict = {}
    for name, attr in (("title", "title"), ("site", "sitename"), ("author", "author")):
        value = (getattr(doc, attr, None) or "").strip() if doc is not None else ""
        values[name] = value or None
        found[name] = FROM_METADATA if value else NOT_FOUND
    published = _date(getattr(doc, "date", None)) if doc is not None else None
    found["published"] = FROM_METADATA if published else NOT_FOUND
    if published is None:
        published = find_japanese_date(_page_text_without_chrome(html)) or find_japanese_date(text)
        found["published"] = FROM_PAGE_TEXT if published else NOT_FOUND
    return WebArticle(text=text, title=values["title"], published=published, site=values["site"],
                      author=values["author"], url=url, found_from=found)


def from_text(text: str, url: str | None = None) -> WebArticle:
    """A plain-text page: the text as it is, its first line as the title, a date written in it."""
    text = tidy_text(text)
    title = next((ln for ln in text.splitlines() if ln.strip()), None)
    published = find_japanese_date(text)
    title = title if title and len(title) <= 120 else None
    return WebArticle(text=text, title=title, published=published, url=url, found_from={
        "title": "本文の1行目" if title else NOT_FOUND, "site": NOT_FOUND, "author": NOT_FOUND,
        "published": FROM_PAGE_TEXT if published else NOT_FOUND})


def from_fetched(page: FetchedPage) -> WebArticle:
    """The article in a fetched page (HTML or plain text), with the final URL."""
    return from_html(page.text, url=page.url) if page.is_html else from_text(page.text, url=page.url)


def from_html_bytes(data: bytes, name: str = "upload.html", url: str | None = None) -> WebArticle:
    """An uploaded .html file: decoded as a fetched page would be (BOM, <meta charset>, detection)."""
    text, _ = decode_page(data, None, name)
    return from_html(text, url=url)
