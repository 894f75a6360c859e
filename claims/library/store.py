"""The library store: read API for the app, write API for editors.

Reads (no capability needed; any engine, even one whose database role may only SELECT):
    version(engine) -> int                    changes with every committed write (cache key)
    claims_table(engine) -> pa.Table          CLAIM_FIELDS columns, the claims table's types
    articles_table(engine) -> pa.Table        ARTICLE_FIELDS columns (text included)
    list_articles(engine) -> list[ArticleInfo]          metadata, without the text
    get_article(engine, source_id) -> ArticleInfo | None   with the text
    find_duplicate(engine, text=None, url=None) -> ArticleInfo | None
    behind(engine) -> int                     articles extracted by another extractor version
    audit_log(engine, source_id=None) -> list[AuditEntry]

Writes (the first argument is an auth.Editor; anything else raises auth.NotAnEditor before
the database is touched):
    add_article(editor, engine, text, **metadata) -> ArticleInfo
    edit_article(editor, engine, source_id, **changes) -> ArticleInfo
    delete_article(editor, engine, source_id) -> ArticleInfo   (the audit log keeps the record)
    rebuild(editor, engine, everything=False, progress=None) -> int

Each write is one transaction: the article, its claims rows and its audit entry commit
together or not at all.  Extraction (the same `article_claims` as `python -m claims build`)
runs before the transaction opens, so the write lock is held for milliseconds; edits and
rebuilds check the article's revision inside the transaction and redo the extraction if
another writer got there first.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import schema
from ..build import Article, article_claims
from ..sources import ArticleMeta, parse_date
from . import migrations
from .auth import Editor, require_editor
from .db import WRITE, LibraryError, configure
from .extractor import extractor_version
from .tables import EDITABLE, articles, audit, claims

MAX_TEXT_CHARS = 2_000_000
MAX_TITLE_CHARS = 500
MAX_URL_CHARS = 2_000
DATE_BASES = ("", "stated", "inferred")
SOURCE_ID_RE = re.compile(r"^\w[\w.\-]{0,99}$")
DEFAULT_KIND = "library"
TRACKING_PARAMS = re.compile(r"^(utm_.*|fbclid|gclid|dclid|yclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|ref_src)$",
                             re.IGNORECASE)

# Test seam: called inside every write transaction, just before it commits (tests make it
# sleep there and kill the process).  Never set in production code.
_BEFORE_COMMIT: Callable[[str], None] | None = None


class DuplicateArticle(LibraryError):
    """The same text or the same normalized URL is already in the library."""

    def __init__(self, message: str, existing: str):
        super().__init__(message)
        self.existing = existing


class NoSuchArticle(LibraryError):
    pass


@dataclass(frozen=True)
class ArticleInfo:
    source_id: str
    title: str
    published: date | None
    reference_date: date | None
    date_basis: str
    source_kind: str
    language_note: str
    url: str
    site: str
    author: str
    date_note: str
    origin: str
    encoding: str
    n_chars: int
    content_hash: str
    added_by: str
    added_at: datetime
    updated_at: datetime
    extractor_version: str
    n_claims: int = 0
    text: str | None = None

    @property
    def behind(self) -> bool:
        return self.extractor_version != extractor_version()


@dataclass(frozen=True)
class AuditEntry:
    id: int
    action: str
    source_id: str
    who: str
    at: datetime
    changes: dict


# ---------------------------------------------------------------- small helpers

def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode NFC, LF line ends and no surrounding whitespace, so the
    same article saved twice with another line-ending convention is still a duplicate."""
    canon = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(canon.encode("utf-8", "surrogatepass")).hexdigest()


def normalize_url(url: str | None) -> str | None:
    """The form of a URL used to find duplicates: scheme-insensitive (http = https), lower-case
    host (IDNA), no default port, no fragment, no tracking parameters, no trailing slash."""
    url = (url or "").strip()
    if not url:
        return None
    if len(url) > MAX_URL_CHARS:
        raise LibraryError(f"the URL is longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise LibraryError(f"{url!r} is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise LibraryError(f"{url!r}: only http:// and https:// URLs are accepted")
    host = parts.hostname.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if ":" in host:
        host = f"[{host}]"
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~") or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)])
    return urlunsplit(("https", host.lower(), path, query, ""))


def new_source_id(text: str) -> str:
    """A library article's id: `lib_` + the start of its content hash (stable: the same text
    always gets the same id, and adding articles never changes another's)."""
    return "lib_" + content_hash(text)[:12]


def _date(value, name: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as e:
        raise LibraryError(f"{name} {e}") from None


def _text_field(value, name: str, limit: int = 10_000) -> str:
    s = "" if value is None else str(value).strip()
    if "\x00" in s:
        raise LibraryError(f"{name} contains a NUL character")
    if len(s) > limit:
        raise LibraryError(f"{name} is longer than {limit} characters")
    return s


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _json_value(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    return v


def _dumps(v) -> str:
    return json.dumps(_json_value(v), ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- connections

def _ready(engine: Engine, *, writing: bool) -> Engine:
    configure(engine)
    migrations.check(engine, writing=writing)
    return engine


@contextmanager
def _write(engine: Engine, action: str) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE on SQLite); the test hook runs before commit."""
    with engine.connect().execution_options(**{WRITE: True}) as conn:
        with conn.begin():
            yield conn
            if _BEFORE_COMMIT is not None:
                _BEFORE_COMMIT(action)


def _audit(conn: Connection, action: str, source_id: str, who: str, changes: dict) -> None:
    conn.execute(audit.insert().values(action=action, source_id=source_id, who=who, at=_now(),
                                       changes=_dumps(changes)))


# ---------------------------------------------------------------- extraction

META_FIELDS = ("title", "published", "reference_date", "date_basis", "source_kind", "language_note", "url",
               "site", "author", "date_note", "origin", "encoding")


def _clean_meta(raw: dict, text: str) -> dict:
    meta = {
        "title": _text_field(raw.get("title"), "title", MAX_TITLE_CHARS),
        "published": _date(raw.get("published"), "published"),
        "reference_date": _date(raw.get("reference_date"), "reference_date"),
        "date_basis": _text_field(raw.get("date_basis"), "date_basis", 20),
        "source_kind": _text_field(raw.get("source_kind"), "source_kind", 50) or DEFAULT_KIND,
        "language_note": _text_field(raw.get("language_note"), "language_note"),
        "url": _text_field(raw.get("url"), "url", MAX_URL_CHARS),
        "site": _text_field(raw.get("site"), "site", 200),
        "author": _text_field(raw.get("author"), "author", 200),
        "date_note": _text_field(raw.get("date_note"), "date_note"),
        "origin": _text_field(raw.get("origin"), "origin", 1000),
        "encoding": _text_field(raw.get("encoding"), "encoding", 40) or "utf-8",
    }
    if meta["date_basis"] not in DATE_BASES:
        raise LibraryError(f"date_basis {meta['date_basis']!r} is not one of stated, inferred")
    if not meta["date_basis"] and meta["published"]:
        meta["date_basis"] = "stated"
    if not meta["title"]:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        meta["title"] = first if 0 < len(first) <= 120 else ""
    normalize_url(meta["url"])          # refuses a non-http(s) or malformed URL
    return meta


def _check_text(text: str) -> str:
    if not isinstance(text, str):
        raise LibraryError("the article text must be a string")
    if not text.strip():
        raise LibraryError("the article text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise LibraryError(f"the article is {len(text):,} characters long; at most {MAX_TEXT_CHARS:,}")
    if "\x00" in text:
        raise LibraryError("the article text contains NUL characters (a binary file?)")
    return text


# The process's Sudachi tokenizer cannot be used by two threads at once ("Tokenizer is already
# in use"), and the app serves each session in its own thread: one extraction at a time.
_EXTRACT_LOCK = threading.Lock()


def _extract(source_id: str, text: str, meta: dict) -> list[dict]:
    """Claims rows of one article, exactly as the build makes them."""
    am = ArticleMeta(source_id=source_id, title=meta["title"] or None, published=meta["published"],
                     reference_date=meta["reference_date"], date_basis=meta["date_basis"] or None,
                     source_kind=meta["source_kind"] or None, language_note=meta["language_note"] or None,
                     url=meta["url"] or None, date_note=meta["date_note"] or None, origin=meta["origin"] or None)
    with _EXTRACT_LOCK:
        return article_claims(Article(am, text, meta["encoding"]))


def _claim_db_rows(source_id: str, rows: list[dict]) -> list[dict]:
    own = set(claims.c.keys())
    out = []
    for i, row in enumerate(rows):
        rec = {"source_id": source_id, "ord": i}
        extra = {}
        for name, typ in schema.CLAIM_FIELDS.items():
            v = row.get(name)
            if name == "source_id":
                continue
            if name not in own:
                extra[name] = _json_value(v)
            elif pa.types.is_list(typ):
                rec[name] = _dumps(list(v or []))
            elif pa.types.is_floating(typ):
                rec[name] = None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
            elif pa.types.is_string(typ):
                rec[name] = "" if v is None else str(v)
            else:
                rec[name] = v
        rec["extra"] = _dumps(extra)
        out.append(rec)
    return out


def _insert_claims(conn: Connection, source_id: str, rows: list[dict]) -> None:
    db_rows = _claim_db_rows(source_id, rows)
    if db_rows:
        conn.execute(claims.insert(), db_rows)


# ---------------------------------------------------------------- duplicates

def _duplicate_of(conn: Connection, *, text_hash: str | None = None, url_norm: str | None = None,
                  source_id: str | None = None, besides: str | None = None) -> DuplicateArticle | None:
    checks = []
    if text_hash:
        checks.append((articles.c.content_hash == text_hash, "the same text"))
    if url_norm:
        checks.append((articles.c.url_norm == url_norm, "the same URL"))
    if source_id:
        checks.append((articles.c.source_id == source_id, "the same id"))
    for cond, what in checks:
        q = sa.select(articles.c.source_id, articles.c.title).where(cond)
        if besides:
            q = q.where(articles.c.source_id != besides)
        hit = conn.execute(q).first()
        if hit:
            return DuplicateArticle(f"already in the library with {what}: {hit.source_id} ({hit.title})",
                                    hit.source_id)
    return None


# ---------------------------------------------------------------- prepared articles

@dataclass
class Prepared:
    """An article ready to insert: its row, its claims rows (extraction already done)."""
    record: dict
    claim_rows: list[dict]


def prepare(text: str, *, source_id: str | None = None, added_by: str = "", added_at: datetime | None = None,
            **metadata) -> Prepared:
    """Validate an article and extract its claims (no database involved; may take a while)."""
    unknown = set(metadata) - set(META_FIELDS)
    if unknown:
        raise LibraryError(f"unknown article field(s): {', '.join(sorted(unknown))}")
    text = _check_text(text)
    meta = _clean_meta(metadata, text)
    sid = unicodedata.normalize("NFC", source_id.strip()) if source_id else new_source_id(text)
    if not SOURCE_ID_RE.match(sid):
        raise LibraryError(f"source_id {sid!r}: use letters, digits, _, - and . (at most 100, "
                           f"not starting with . or -)")
    if not meta["title"]:
        meta["title"] = sid
    rows = _extract(sid, text, meta)
    now = _now()
    record = {"source_id": sid, **meta, "url_norm": normalize_url(meta["url"]), "text": text,
              "n_chars": len(text), "content_hash": content_hash(text), "added_by": added_by,
              "added_at": added_at or now, "updated_at": now, "revision": 1,
              "extractor_version": extractor_version(), "extra": "{}"}
    return Prepared(record, rows)


def _insert_prepared(conn: Connection, p: Prepared, who: str, action: str, changes: dict) -> None:
    rec = dict(p.record)
    rec["added_by"] = rec["added_by"] or who
    dup = _duplicate_of(conn, text_hash=rec["content_hash"], url_norm=rec["url_norm"], source_id=rec["source_id"])
    if dup:
        raise dup
    conn.execute(articles.insert().values(**rec))
    _insert_claims(conn, rec["source_id"], p.claim_rows)
    _audit(conn, action, rec["source_id"], who, {**changes, "title": rec["title"], "url": rec["url"],
                                                 "content_hash": rec["content_hash"],
                                                 "n_claims": len(p.claim_rows),
                                                 "extractor_version": rec["extractor_version"]})


def _explain_integrity(engine: Engine, recs: list[dict], exc: sa.exc.IntegrityError) -> LibraryError:
    """A unique key clashed with a concurrent writer's commit: name the article that won."""
    with engine.connect() as conn:
        for rec in recs:
            dup = _duplicate_of(conn, text_hash=rec["content_hash"], url_norm=rec["url_norm"],
                                source_id=rec["source_id"], besides=None)
            if dup:
                return dup
    return LibraryError(f"the database refused the change ({str(exc.orig).splitlines()[0][:200]})")


def insert_prepared(editor: Editor, engine: Engine, items: list[Prepared], action: str = "add",
                    changes: dict | None = None) -> None:
    """Insert already prepared articles in ONE transaction (all or none)."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    try:
        with _write(engine, action) as conn:
            for p in items:
                _insert_prepared(conn, p, editor.who, action, changes or {})
    except sa.exc.IntegrityError as exc:
        raise _explain_integrity(engine, [p.record for p in items], exc) from None


# ---------------------------------------------------------------- write API

def add_article(editor: Editor, engine: Engine, text: str, *, source_id: str | None = None,
                **metadata) -> ArticleInfo:
    """Add one article (text as the spans will index it) with its metadata: title, published,
    reference_date, date_basis, source_kind, language_note, url, site, author, date_note,
    origin, encoding.  Refuses a duplicate (same text hash or normalized URL) with
    DuplicateArticle naming the article already there."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    p = prepare(text, source_id=source_id, added_by=editor.who, **metadata)
    insert_prepared(editor, engine, [p])
    return get_article(engine, p.record["source_id"], with_text=False)


def _row_meta(row) -> dict:
    return {k: getattr(row, k) for k in META_FIELDS}


def edit_article(editor: Editor, engine: Engine, source_id: str, **changes) -> ArticleInfo:
    """Change an article's metadata (EDITABLE fields); its claims are re-extracted, so time
    columns resolve against the new reference date and `published` follows."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    bad = set(changes) - set(EDITABLE)
    if bad:
        raise LibraryError(f"cannot edit {', '.join(sorted(bad))} (editable: {', '.join(EDITABLE)})")
    for _attempt in range(5):
        with engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.source_id == source_id)).first()
        if row is None:
            raise NoSuchArticle(f"no article {source_id!r} in the library")
        before = _row_meta(row)
        after = _clean_meta({**before, **changes}, row.text)
        if not after["title"]:
            after["title"] = source_id
        diff = {k: [_json_value(before[k]), _json_value(after[k])] for k in META_FIELDS if before[k] != after[k]}
        if not diff:
            return get_article(engine, source_id, with_text=False)
        rows = _extract(source_id, row.text, after)
        url_norm = normalize_url(after["url"])
        try:
            with _write(engine, "edit") as conn:
                current = conn.execute(sa.select(articles.c.revision).where(articles.c.source_id == source_id)
                                       .with_for_update()).scalar()
                if current is None:
                    raise NoSuchArticle(f"no article {source_id!r} in the library (deleted meanwhile)")
                if current != row.revision:
                    raise _Retry()
                if url_norm and url_norm != row.url_norm:
                    dup = _duplicate_of(conn, url_norm=url_norm, besides=source_id)
                    if dup:
                        raise dup
                conn.execute(articles.update().where(articles.c.source_id == source_id).values(
                    **after, url_norm=url_norm, updated_at=_now(), revision=row.revision + 1,
                    extractor_version=extractor_version()))
                conn.execute(claims.delete().where(claims.c.source_id == source_id))
                _insert_claims(conn, source_id, rows)
                _audit(conn, "edit", source_id, editor.who, diff)
        except _Retry:
            continue
        except sa.exc.IntegrityError as exc:
            raise _explain_integrity(engine, [{"content_hash": None, "url_norm": url_norm,
                                               "source_id": None}], exc) from None
        return get_article(engine, source_id, with_text=False)
    raise LibraryError(f"{source_id}: changed by others while this edit was saved; try again")


class _Retry(Exception):
    pass


def delete_article(editor: Editor, engine: Engine, source_id: str) -> ArticleInfo:
    """Remove an article and its claims; the audit entry keeps its full record (text included)."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    with _write(engine, "delete") as conn:
        row = conn.execute(sa.select(articles).where(articles.c.source_id == source_id).with_for_update()).first()
        if row is None:
            raise NoSuchArticle(f"no article {source_id!r} in the library")
        n = conn.execute(sa.select(sa.func.count()).select_from(claims)
                         .where(claims.c.source_id == source_id)).scalar()
        info = _info(row, n, with_text=True)
        record = {k: _json_value(v) for k, v in row._mapping.items() if k != "extra"}
        _audit(conn, "delete", source_id, editor.who, {"article": record, "n_claims": n})
        conn.execute(claims.delete().where(claims.c.source_id == source_id))
        conn.execute(articles.delete().where(articles.c.source_id == source_id))
    return info


def rebuild(editor: Editor, engine: Engine, everything: bool = False,
            progress: Callable[[int, int, str], None] | None = None) -> int:
    """Re-extract the claims of every article made by another extractor version (all of them
    with everything=True), one transaction per article.  Returns how many were rebuilt."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    current = extractor_version()
    with engine.connect() as conn:
        q = sa.select(articles.c.source_id).order_by(articles.c.source_id)
        if not everything:
            q = q.where(articles.c.extractor_version != current)
        ids = list(conn.execute(q).scalars())
    done = 0
    for i, sid in enumerate(ids, start=1):
        for _attempt in range(5):
            with engine.connect() as conn:
                row = conn.execute(sa.select(articles).where(articles.c.source_id == sid)).first()
                old_n = conn.execute(sa.select(sa.func.count()).select_from(claims)
                                     .where(claims.c.source_id == sid)).scalar()
            if row is None:
                break
            rows = _extract(sid, row.text, _row_meta(row))
            try:
                with _write(engine, "rebuild") as conn:
                    rev = conn.execute(sa.select(articles.c.revision).where(articles.c.source_id == sid)
                                       .with_for_update()).scalar()
                    if rev is None:
                        break
                    if rev != row.revision:
                        raise _Retry()
                    conn.execute(articles.update().where(articles.c.source_id == sid).values(
                        extractor_version=current, revision=rev + 1, updated_at=_now()))
                    conn.execute(claims.delete().where(claims.c.source_id == sid))
                    _insert_claims(conn, sid, rows)
                    _audit(conn, "rebuild", sid, editor.who,
                           {"extractor_version": [row.extractor_version, current], "n_claims": [old_n, len(rows)]})
                done += 1
                break
            except _Retry:
                continue
        if progress is not None:
            progress(i, len(ids), sid)
    return done


# ---------------------------------------------------------------- read API

def version(engine: Engine) -> int:
    """A number that changes with every committed write: the count of audit entries (never
    deleted).  Not max(id): on PostgreSQL ids are drawn before commit, so a later id can
    become visible first and max(id) would miss the earlier one's commit."""
    _ready(engine, writing=False)
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(audit)).scalar() or 0


def _info(row, n_claims: int, with_text: bool) -> ArticleInfo:
    m = row._mapping
    values = {f.name: m[f.name] for f in fields(ArticleInfo) if f.name in m and f.name not in ("text", "n_claims")}
    values["added_at"] = _aware(values["added_at"])
    values["updated_at"] = _aware(values["updated_at"])
    return ArticleInfo(**values, n_claims=n_claims, text=m["text"] if with_text else None)


def _info_columns(with_text: bool):
    hidden = ("extra", "url_norm", "revision") + (() if with_text else ("text",))
    return [c for c in articles.c if c.name not in hidden]


def list_articles(engine: Engine) -> list[ArticleInfo]:
    """Every article's metadata (no text), newest first."""
    _ready(engine, writing=False)
    counts = (sa.select(claims.c.source_id, sa.func.count().label("n")).group_by(claims.c.source_id)).subquery()
    q = (sa.select(*_info_columns(False), sa.func.coalesce(counts.c.n, 0).label("n_claims"))
         .select_from(articles.outerjoin(counts, counts.c.source_id == articles.c.source_id))
         .order_by(articles.c.added_at.desc(), articles.c.source_id))
    with engine.connect() as conn:
        return [_info(r, r.n_claims, with_text=False) for r in conn.execute(q)]


def get_article(engine: Engine, source_id: str, with_text: bool = True) -> ArticleInfo | None:
    _ready(engine, writing=False)
    with engine.connect() as conn:
        row = conn.execute(sa.select(*_info_columns(True)).where(articles.c.source_id == source_id)).first()
        if row is None:
            return None
        n = conn.execute(sa.select(sa.func.count()).select_from(claims)
                         .where(claims.c.source_id == source_id)).scalar()
    return _info(row, n, with_text)


def find_duplicate(engine: Engine, text: str | None = None, url: str | None = None,
                   source_id: str | None = None) -> ArticleInfo | None:
    """The article already holding this id, this text or this (normalized) URL, if any: the app
    shows a link to it before the editor saves."""
    _ready(engine, writing=False)
    with engine.connect() as conn:
        dup = _duplicate_of(conn, text_hash=content_hash(text) if text else None, url_norm=normalize_url(url),
                            source_id=source_id)
    return get_article(engine, dup.existing, with_text=False) if dup else None


def behind(engine: Engine) -> int:
    """How many articles were extracted with another (older) extractor version."""
    _ready(engine, writing=False)
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(articles)
                            .where(articles.c.extractor_version != extractor_version())).scalar() or 0


def audit_log(engine: Engine, source_id: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Newest first."""
    _ready(engine, writing=False)
    q = sa.select(audit).order_by(audit.c.id.desc())
    if source_id is not None:
        q = q.where(audit.c.source_id == source_id)
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [AuditEntry(r.id, r.action, r.source_id, r.who, _aware(r.at), json.loads(r.changes or "{}"))
                for r in conn.execute(q)]


def _arrow_value(v, typ: pa.DataType):
    if v is None:
        return None
    if pa.types.is_date32(typ) and isinstance(v, str):
        return date.fromisoformat(v)
    return v


def claims_table(engine: Engine) -> pa.Table:
    """Every library claim, ordered by article and text position, as the claims table's
    Arrow schema (claims/schema.py CLAIMS_SCHEMA)."""
    _ready(engine, writing=False)
    with engine.connect() as conn:
        return read_claims(conn)


def _date_array(values: list) -> pa.Array:
    """DATE values as date32: ISO strings (SQLite's raw storage) are cast in one go."""
    if any(isinstance(v, str) for v in values):
        return pa.array([v if v is None or isinstance(v, str) else v.isoformat() for v in values],
                        pa.string()).cast(pa.date32())
    return pa.array(values, pa.date32())


def _list_array(values: list, typ: pa.DataType) -> pa.Array:
    """JSON list cells -> list<string>; identical cells (most of them) are parsed once."""
    memo: dict[str, list] = {"[]": []}
    out = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        got = memo.get(v)
        if got is None:
            got = memo[v] = json.loads(v)
        out.append(got)
    return pa.array(out, typ)


def read_claims(conn: Connection) -> pa.Table:
    """The claims table from an open connection (one snapshot when inside a transaction)."""
    own = set(claims.c.keys())
    names = list(schema.CLAIM_FIELDS)
    stored = [n for n in names if n in own]
    # Dates come raw (SQLite: ISO text) and are converted per column, not per cell.
    cols = [sa.type_coerce(claims.c[n], sa.Text).label(n) if pa.types.is_date32(schema.CLAIM_FIELDS[n])
            else claims.c[n] for n in stored]
    rows = conn.execute(sa.select(*cols, claims.c.extra).order_by(claims.c.source_id, claims.c.ord)).all()
    columns = dict(zip([*stored, "extra"], zip(*rows, strict=True), strict=True)) if rows else {}
    extras = [json.loads(x) if x not in (None, "", "{}") else {} for x in columns.get("extra", ())]
    arrays = {}
    for n in names:
        typ = schema.CLAIM_FIELDS[n]
        values = list(columns[n]) if n in columns else [_arrow_value(x.get(n), typ) for x in extras]
        if pa.types.is_date32(typ):
            arrays[n] = _date_array(values)
        elif pa.types.is_list(typ) and n in own:
            arrays[n] = _list_array(values, typ)
        else:
            arrays[n] = pa.array(values, typ)
    return pa.table(arrays, schema=schema.CLAIMS_SCHEMA)


def articles_table(engine: Engine) -> pa.Table:
    """Every library article as the articles table (claims/schema.py ARTICLES_SCHEMA), text
    included; as in the build, reference_date defaults to published and title to source_id."""
    _ready(engine, writing=False)
    with engine.connect() as conn:
        return read_articles(conn)


def read_articles(conn: Connection, library_columns: tuple[str, ...] = ()) -> pa.Table:
    """ARTICLE_FIELDS columns, then `library_columns` (e.g. site, author, added_by) as strings."""
    own = set(articles.c.keys())
    names = list(schema.ARTICLE_FIELDS)
    extra_names = [n for n in library_columns if n not in schema.ARTICLE_FIELDS]
    q = sa.select(*[articles.c[n] for n in names + extra_names if n in own], articles.c.extra) \
        .order_by(articles.c.source_id)
    data: dict[str, list] = {n: [] for n in names + extra_names}
    for row in conn.execute(q):
        m = row._mapping
        extra = json.loads(m["extra"]) if m["extra"] not in (None, "", "{}") else {}
        for n in names:
            v = m[n] if n in own else _arrow_value(extra.get(n), schema.ARTICLE_FIELDS[n])
            data[n].append(v)
        for n in extra_names:
            v = m[n]
            data[n].append(_aware(v).isoformat() if isinstance(v, datetime) else v)
        data["reference_date"][-1] = data["reference_date"][-1] or data["published"][-1]
        data["title"][-1] = data["title"][-1] or m["source_id"]
    fields_ = [(n, schema.ARTICLE_FIELDS[n]) for n in names] + [(n, pa.string()) for n in extra_names]
    return pa.table({n: pa.array(data[n], type=t) for n, t in fields_}, schema=pa.schema(fields_))
