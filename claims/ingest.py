"""Articles a reader uploads: bytes -> Article, with limits and clear refusals.

Accepts .txt, .md and .html/.htm.  An HTML file is read like a fetched page (claims.webpage:
trafilatura's main text without site chrome, title and a date from the markup or written in the
page); when that finds no text, `html_to_text` (<script>, <style> and other non-content elements
dropped, block elements become line breaks, entities decoded) is the fallback.
Decoding is the CLI's (UTF-8 with or without BOM, Shift_JIS/CP932, EUC-JP, UTF-16).
Nothing here writes to disk.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePath

import pyarrow as pa

from .build import Article, article_claims, article_record
from .schema import ARTICLE_FIELDS, CLAIM_FIELDS, records_to_table
from .sources import ArticleMeta
from .textio import DecodeError, decode_bytes
from .webpage import from_html

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_FILE_BYTES = 2 * 1024 * 1024        # per file
MAX_SESSION_BYTES = 10 * 1024 * 1024    # all uploads of one browser session
MAX_FILES = 50
UPLOAD_KIND = "uploaded"


class IngestError(ValueError):
    """A refused upload; the message names the file and says why."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "footer", "blockquote", "pre", "hr", "title", "dd", "dt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title and self.title is None and data.strip():
            self.title = data.strip()
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """(text, <title>) of an HTML document: scripts and styles dropped, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u3000]+", " ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln), parser.title


def upload_id(name: str, data: bytes) -> str:
    """Stable id: `up_` + a safe version of the file stem + a content hash (never a shipped id)."""
    stem = unicodedata.normalize("NFC", PurePath(name).stem)
    safe = re.sub(r"[^\w\-]+", "_", stem, flags=re.UNICODE).strip("_")[:40] or "article"
    return f"up_{safe}_{hashlib.sha1(data).hexdigest()[:8]}"


def to_article(upload: Upload, title: str | None = None, published: date | None = None) -> Article:
    name = PurePath(upload.name).name or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"{name}: {suffix or '拡張子なし'} のファイルは受け付けません。"
                          f"{'・'.join(SUFFIXES)} を使ってください ({suffix or 'no extension'} is not accepted)")
    if len(upload.data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise IngestError(f"{name}: {len(upload.data) / 1e6:.1f} MB は 1ファイルの上限 {limit} MB を超えています "
                          f"(over the {limit} MB limit per file)")
    if not upload.data.strip():
        raise IngestError(f"{name}: 空のファイルです (the file is empty)")
    try:
        text, encoding = decode_bytes(upload.data, name)
    except DecodeError as exc:
        raise IngestError(str(exc)) from None
    html_title = page_date = date_note = None
    if suffix in (".html", ".htm"):
        page = from_html(text)
        html_title, page_date = page.title, page.published
        if page_date:
            date_note = f"日付はページから ({page.date_source})"
        text = page.text if page.text.strip() else html_to_text(text)[0]
    if not text.strip():
        raise IngestError(f"{name}: タグを除くと本文が残りません (no text left after removing markup)")
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    default_title = first_line if len(first_line) <= 120 else PurePath(name).stem
    if published is None and page_date is not None:
        published = page_date
    else:
        date_note = None
    meta = ArticleMeta(source_id=upload_id(name, upload.data), title=title or html_title or default_title,
                       published=published, reference_date=published,
                       date_basis="stated" if published else None, source_kind=UPLOAD_KIND,
                       language_note="アップロードされた記事 / uploaded by the reader", origin=name,
                       date_note=date_note)
    return Article(meta, text, encoding)


def check_session_budget(uploads: list[Upload], already: int = 0) -> None:
    if len(uploads) > MAX_FILES:
        raise IngestError(f"{len(uploads)} ファイル: 1セッション {MAX_FILES} ファイルまでです "
                          f"(at most {MAX_FILES} per session)")
    total = already + sum(len(u.data) for u in uploads)
    if total > MAX_SESSION_BYTES:
        limit = MAX_SESSION_BYTES // 2**20
        raise IngestError(f"合計 {total / 1e6:.1f} MB: 1セッションの上限 {limit} MB を超えています "
                          f"(over the {limit} MB limit per session)")


def extract(articles: list[Article], progress=None) -> tuple[pa.Table, pa.Table]:
    """Claims and articles tables for uploaded articles; progress(i, n, name) after each."""
    claims: list[dict] = []
    records: list[dict] = []
    for i, art in enumerate(articles, start=1):
        claims.extend(article_claims(art))
        records.append(article_record(art))
        if progress is not None:
            progress(i, len(articles), art.meta.origin or art.meta.source_id)
    return records_to_table(claims, CLAIM_FIELDS), records_to_table(records, ARTICLE_FIELDS)
