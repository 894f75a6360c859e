"""The shared article library in the app: read through `st.connection("library", type="sql")`,
handed to the query layer as an `Extra`, and the editors' drafts and writes.

Where it lives: `[connections.library]` in `.streamlit/secrets.toml` (a `url`, or `dialect`,
`host`, … as st.connection reads them), else the environment variable CLAIMS_LIBRARY_URL, else
the SQLite file `var/library.sqlite` (created on first use).  See docs/library.md.

Every run reads the library's version (one COUNT query); the Arrow tables are kept in
st.cache_resource per (database, version), so an article added in another session or from the
CLI joins every page on the next rerun, and the version is part of every cache key of
components/cached.py (Extras hash as their version).

Fetching a URL uses the strict address policy.  `install_fetch_policy` is the one hook that
changes it, and only code under tests/ may call it (tests/launch_app.py, before Streamlit
starts): no setting, environment variable or secret reaches it.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath

import streamlit as st

from claims import fetch, ingest, webpage
from claims.library import db as library_db
from claims.library import store
from claims.library.auth import Editor
from claims.query.tables import Extra, Extras
from components import uploads

NAME = "library"
MARK = "📚"                   # before library articles' titles and codes: '📚3fa2 北辰データ…'
PROBLEM_KEY = "_library_problem"
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the fetch policy hook

_FETCH_POLICY: fetch.AddressPolicy = fetch.AddressPolicy()     # strict: globally routable addresses only


def install_fetch_policy(policy: fetch.AddressPolicy) -> None:
    """The test suite's launcher (tests/launch_app.py) lets the app reach its one loopback test
    server.  Refused from anywhere outside tests/."""
    global _FETCH_POLICY
    caller = Path(sys._getframe(1).f_code.co_filename).resolve()
    if not caller.is_relative_to((ROOT / "tests").resolve()):
        raise PermissionError("install_fetch_policy is for the test suite's launcher (tests/) only")
    if type(policy) is not fetch.AddressPolicy:
        raise TypeError("policy must be a claims.fetch.AddressPolicy")
    _FETCH_POLICY = policy


def fetch_policy() -> fetch.AddressPolicy:
    return _FETCH_POLICY


# ---------------------------------------------------------------- reading

def _secret_params() -> dict | None:
    """[connections.library] from st.secrets (url, or dialect/host/…, and create_engine_kwargs), if set."""
    try:
        section = st.secrets.get("connections", {}).get(NAME)
    except Exception:   # noqa: BLE001  (no secrets.toml at all: nothing configured)
        return None
    if not section:
        return None
    params = {k: (dict(v) if hasattr(v, "items") else v) for k, v in section.items()}
    params.update(params.pop("create_engine_kwargs", None) or {})
    return params


def engine():
    """The library's SQLAlchemy engine (st.connection keeps one per configuration for the process).
    The secrets' parameters are passed explicitly, so the connection is the one they name even where
    st.connection's own secrets lookup differs (AppTest)."""
    params = _secret_params()
    if params is None:
        params = {"url": library_db.resolve_url(None)}
    conn = st.connection(NAME, type="sql", **params)
    return library_db.configure(conn.engine)


def where(eng) -> str:
    return eng.url.render_as_string(hide_password=True)


def _db_key(eng) -> str:
    return hashlib.sha1(where(eng).encode()).hexdigest()[:8]


@st.cache_resource(max_entries=4, show_spinner=False)
def _extra(db_key: str, version: int, _engine) -> Extra | None:
    """The library's rows as an Extra, read once per (database, version) for every session."""
    claims = store.claims_table(_engine)
    articles = store.articles_table(_engine)
    if not articles.num_rows:
        return None
    return Extra.of(NAME, claims, articles, f"{version}@{db_key}", MARK)


def library_extra() -> Extra | None:
    """This run's library rows (None when empty or unreadable; the reason is kept for the Library page)."""
    try:
        eng = engine()
        v = store.version(eng)
        extra = _extra(_db_key(eng), v, eng)
    except Exception as exc:   # noqa: BLE001  (an unreachable or unmigrated database must not break the pages)
        st.session_state[PROBLEM_KEY] = _problem(exc)
        return None
    st.session_state.pop(PROBLEM_KEY, None)
    return extra


def _problem(exc: Exception) -> str:
    if isinstance(exc, library_db.LibraryError):
        return str(exc)
    first = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
    return f"{type(exc).__name__}: {first[:300]}"


def problem() -> str | None:
    """Why the library could not be read on this run (None when it was)."""
    return st.session_state.get(PROBLEM_KEY)


def extras() -> Extras:
    """What joins the shipped tables on this run: the library first, then this session's uploads."""
    lib = library_extra()
    return Extras(((lib,) if lib is not None else ()) + uploads.extras().items)


# ---------------------------------------------------------------- drafts (what the editor confirms)

@dataclass(frozen=True)
class Draft:
    """An article found in a page, a file or pasted text, before the editor confirms it."""
    text: str
    how: str                                   # "url", "file", "text"
    title: str = ""
    published: date | None = None
    site: str = ""
    author: str = ""
    url: str = ""
    origin: str = ""
    encoding: str = "utf-8"
    found_from: dict[str, str] = field(default_factory=dict)   # field -> where it came from

    @property
    def date_source(self) -> str:
        return self.found_from.get("published", webpage.NOT_FOUND)


FOUND_LABELS = {webpage.FROM_METADATA: "ページのメタデータ (page metadata)",
                webpage.FROM_PAGE_TEXT: "本文に書かれた日付 (a date written in the page)",
                webpage.NOT_FOUND: "見つからず (not found)", "本文の1行目": "本文の1行目 (first line)",
                "file": "ファイル名 (file name)", "editor": "編集者が入力 (entered by the editor)"}


def draft_from_url(url: str) -> Draft:
    """Fetch (strict policy unless the test launcher installed its own) and extract.  Raises
    fetch.FetchError or library_db.LibraryError with a message for the editor."""
    url = url.strip()
    store.normalize_url(url)                   # refuses a non-http(s) or malformed URL before any fetch
    page = fetch.fetch(url, policy=_FETCH_POLICY)
    art = webpage.from_fetched(page)
    if not art.text.strip():
        raise library_db.LibraryError("ページに本文が見つかりません (no article text found in the page)")
    return Draft(text=art.text, how="url", title=art.title or "", published=art.published, site=art.site or "",
                 author=art.author or "", url=art.url or page.url, origin=url, encoding=page.charset or "utf-8",
                 found_from=dict(art.found_from))


def draft_from_file(name: str, data: bytes) -> Draft:
    """A .txt/.md/.html file through the upload decoder (claims.ingest): the same text the CLI stores."""
    art = ingest.to_article(ingest.Upload(name, data))          # IngestError: a message for the editor
    found = {"title": "本文の1行目", "published": webpage.NOT_FOUND, "site": webpage.NOT_FOUND,
             "author": webpage.NOT_FOUND}
    site = author = ""
    published = art.meta.published
    if PurePath(name).suffix.lower() in (".html", ".htm"):
        page = webpage.from_html_bytes(data, name)
        site, author = page.site or "", page.author or ""
        found.update(page.found_from)
        if not page.title:
            found["title"] = "本文の1行目"
    else:
        published = webpage.find_japanese_date(art.text)
        found["published"] = webpage.FROM_PAGE_TEXT if published else webpage.NOT_FOUND
    return Draft(text=art.text, how="file", title=art.meta.title or PurePath(name).stem, published=published,
                 site=site, author=author, origin=PurePath(name).name, encoding=art.encoding, found_from=found)


def draft_from_text(text: str) -> Draft:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise library_db.LibraryError("テキストが空です (the text is empty)")
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    title = first if len(first) <= 120 else ""
    published = webpage.find_japanese_date(text)
    return Draft(text=text, how="text", title=title, published=published, origin="pasted text",
                 found_from={"title": "本文の1行目" if title else webpage.NOT_FOUND,
                             "published": webpage.FROM_PAGE_TEXT if published else webpage.NOT_FOUND,
                             "site": webpage.NOT_FOUND, "author": webpage.NOT_FOUND})


def date_note(draft: Draft, published: date | None) -> str:
    """Where the saved date came from, in words (kept with the article)."""
    if published is None:
        return ""
    if published == draft.published:
        return f"日付: {FOUND_LABELS.get(draft.date_source, draft.date_source)}"
    found = f"（ページでは {draft.published.isoformat()}）" if draft.published else ""
    return f"日付: 編集者が入力 (entered by the editor){found}"


# ---------------------------------------------------------------- writes (the store checks the editor)

def save(editor: Editor | None, eng, draft: Draft, *, title: str, published: date | None, source_kind: str,
         url: str, site: str, author: str) -> store.ArticleInfo:
    """Add the confirmed draft.  store.add_article refuses anyone who is not an editor (NotAnEditor)
    and a duplicate (DuplicateArticle naming the article already there)."""
    return store.add_article(editor, eng, draft.text, title=title, published=published, reference_date=published,
                             date_basis="stated" if published else "", source_kind=source_kind, url=url, site=site,
                             author=author, origin=draft.origin, encoding=draft.encoding,
                             date_note=date_note(draft, published))
