"""The library store on SQLite and on a real PostgreSQL server.

Shown here: an article added through the store gets exactly the build's claims rows; every
write changes version(); duplicates (same text, same normalized URL) are refused naming the
article already there; editing the dates re-resolves the time columns; delete keeps the
record in the audit log; rebuild/behind follow the extractor version; a library made with an
older schema opens after `migrate` (and SQLite's own file is brought up to date on open);
every write path refuses a reader; a process killed (SIGKILL) inside the add transaction
leaves the library exactly as before; two editors adding at once (threads; two processes)
both land, nothing lost or duplicated; export -> import into an empty database gives the
same articles and claims; import refuses zip-slip names, too many entries and too many
bytes, and never trusts the zip's claims rows.
"""
# ruff: noqa: F811 (the fixtures imported from library_fixtures are parameters below)
from __future__ import annotations

import copy
import io
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from library_fixtures import article_text, editor, engine, library_url, make_library_url  # noqa: F401

from claims import schema
from claims.build import Article, build_tables
from claims.library import (
    DuplicateArticle,
    LibraryError,
    NoSuchArticle,
    NotAnEditor,
    SchemaOutOfDate,
    SchemaTooNew,
    add_article,
    archive,
    articles_table,
    audit_log,
    auth,
    behind,
    claims_table,
    create_engine,
    delete_article,
    edit_article,
    find_duplicate,
    get_article,
    list_articles,
    migrate,
    migrations,
    normalize_url,
    rebuild,
    schema_version,
    store,
    version,
)
from claims.library.extractor import extractor_version
from claims.sources import ArticleMeta

ROOT = Path(__file__).resolve().parents[1]


def snapshot(engine):
    """Everything a reader can see, to compare before and after."""
    return (version(engine), [a.source_id for a in list_articles(engine)], claims_table(engine).to_pylist(),
            articles_table(engine).to_pylist(), [(e.action, e.source_id) for e in audit_log(engine)])


# ---------------------------------------------------------------- reads and writes

def test_add_gives_the_builds_rows(engine, editor):
    text = article_text(1)
    info = add_article(editor, engine, text, title="計画1", published="2025-09-25", url="https://example.com/a1",
                       site="Example", author="記者")
    assert info.source_id.startswith("lib_") and info.n_claims > 0
    meta = ArticleMeta(source_id=info.source_id, title="計画1", published=date(2025, 9, 25), date_basis="stated",
                       source_kind="library", url="https://example.com/a1")
    want_claims, want_articles = build_tables([Article(meta, text)])
    got = claims_table(engine)
    assert got.schema == schema.CLAIMS_SCHEMA
    assert got.to_pylist() == want_claims.to_pylist()
    arts = articles_table(engine)
    assert arts.schema == schema.ARTICLES_SCHEMA
    row = arts.to_pylist()[0]
    assert row["text"] == text and row["reference_date"] == date(2025, 9, 25)
    for col in ("source_id", "title", "published", "url", "n_chars"):
        assert row[col] == want_articles.to_pylist()[0][col]
    full = get_article(engine, info.source_id)
    assert full.text == text and full.site == "Example" and full.author == "記者"
    assert full.added_by == "test-editor" and full.extractor_version == extractor_version()
    assert [a.source_id for a in list_articles(engine)] == [info.source_id]
    assert get_article(engine, "nope") is None


def test_empty_library_has_the_tables_types(engine):
    assert claims_table(engine).schema == schema.CLAIMS_SCHEMA
    assert claims_table(engine).num_rows == 0
    assert articles_table(engine).schema == schema.ARTICLES_SCHEMA
    assert version(engine) == 0 and behind(engine) == 0 and list_articles(engine) == []


def test_version_changes_with_every_write(engine, editor):
    seen = [version(engine)]
    a = add_article(editor, engine, article_text(1))
    seen.append(version(engine))
    add_article(editor, engine, article_text(2))
    seen.append(version(engine))
    edit_article(editor, engine, a.source_id, title="新しい題")
    seen.append(version(engine))
    delete_article(editor, engine, a.source_id)
    seen.append(version(engine))
    assert len(set(seen)) == len(seen) and seen == sorted(seen)
    # A refused write changes nothing.
    with pytest.raises(DuplicateArticle):
        add_article(editor, engine, article_text(2))
    assert version(engine) == seen[-1]


def test_duplicates_are_refused_naming_the_article(engine, editor):
    first = add_article(editor, engine, article_text(1), url="https://www.example.com/news/1?id=7", title="元記事")
    # Same text, other line endings and a trailing newline.
    with pytest.raises(DuplicateArticle) as exc:
        add_article(editor, engine, article_text(1).replace("\n", "\r\n") + "\r\n")
    assert exc.value.existing == first.source_id and "元記事" in str(exc.value)
    # Same URL written differently: scheme, host case, default port, fragment, tracking, slash.
    with pytest.raises(DuplicateArticle) as exc:
        add_article(editor, engine, article_text(2),
                    url="HTTP://WWW.Example.com:80/news/1/?id=7&utm_source=x&fbclid=y#top")
    assert exc.value.existing == first.source_id and "same URL" in str(exc.value)
    assert find_duplicate(engine, url="https://www.example.com/news/1?id=7").source_id == first.source_id
    assert find_duplicate(engine, text=article_text(1)).source_id == first.source_id
    assert find_duplicate(engine, text=article_text(3)) is None
    # Editing another article onto the same URL is refused too.
    other = add_article(editor, engine, article_text(2))
    with pytest.raises(DuplicateArticle):
        edit_article(editor, engine, other.source_id, url="https://www.example.com/news/1?id=7")
    assert len(list_articles(engine)) == 2


def test_normalize_url():
    assert normalize_url("https://Example.COM:443/a/b/?utm_medium=x&q=1#frag") == "https://example.com/a/b?q=1"
    assert normalize_url("http://example.com") == normalize_url("https://example.com/")
    assert normalize_url("https://example.com:8443/x") == "https://example.com:8443/x"
    assert normalize_url("https://日本.jp/記事") == "https://xn--wgv71a.jp/%E8%A8%98%E4%BA%8B"
    assert normalize_url("") is None
    for bad in ("ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "https://"):
        with pytest.raises(LibraryError):
            normalize_url(bad)


def test_bad_input_is_refused(engine, editor):
    for text in ("", "  \n ", "a\x00b"):
        with pytest.raises(LibraryError):
            add_article(editor, engine, text)
    for bad in ({"published": "2025-13-01"}, {"date_basis": "guessed"}, {"url": "ftp://x/y"},
                {"colour": "red"}, {"source_id": "../etc"}):
        with pytest.raises(LibraryError):
            add_article(editor, engine, article_text(1), **bad)
    with pytest.raises(LibraryError):
        edit_article(editor, engine, "lib_x", text="changed")
    with pytest.raises(NoSuchArticle):
        edit_article(editor, engine, "lib_missing", title="x")
    with pytest.raises(NoSuchArticle):
        delete_article(editor, engine, "lib_missing")
    assert version(engine) == 0


def test_edit_re_resolves_time_against_the_new_reference_date(engine, editor):
    a = add_article(editor, engine, article_text(1), published="2025-09-25")

    def deadline():
        rows = [r for r in claims_table(engine).to_pylist() if r["kind"] == "power"]
        assert rows, "the test article has a power figure"
        return rows[0]["time_end"], {r["published"] for r in claims_table(engine).to_pylist()}

    assert deadline() == (date(2026, 12, 31), {date(2025, 9, 25)})       # 来年までに
    edit_article(editor, engine, a.source_id, published="2027-01-10", title="改題")
    assert deadline() == (date(2028, 12, 31), {date(2027, 1, 10)})
    edit_article(editor, engine, a.source_id, reference_date="2030-06-01")
    assert deadline()[0] == date(2031, 12, 31)
    entry = audit_log(engine, a.source_id)[0]
    assert entry.action == "edit" and entry.who == "test-editor"
    assert entry.changes == {"reference_date": [None, "2030-06-01"]}
    info = get_article(engine, a.source_id)
    assert (info.title, info.published, info.reference_date) == ("改題", date(2027, 1, 10), date(2030, 6, 1))
    n = version(engine)
    edit_article(editor, engine, a.source_id, title="改題")                # no change: no audit entry
    assert version(engine) == n


def test_delete_keeps_the_record_in_the_audit_log(engine, editor):
    text = article_text(4)
    a = add_article(editor, engine, text, title="消す記事", url="https://example.com/del")
    gone = delete_article(editor, engine, a.source_id)
    assert gone.source_id == a.source_id
    assert list_articles(engine) == [] and claims_table(engine).num_rows == 0
    entry = audit_log(engine)[0]
    assert entry.action == "delete" and entry.changes["article"]["text"] == text
    assert entry.changes["article"]["title"] == "消す記事" and entry.changes["n_claims"] == a.n_claims
    # The text and URL are free again.
    add_article(editor, engine, text, url="https://example.com/del")


def test_rebuild_and_behind(engine, editor):
    a = add_article(editor, engine, article_text(1))
    b = add_article(editor, engine, article_text(2))
    before = claims_table(engine).to_pylist()
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE library_articles SET extractor_version = '0+old' WHERE source_id = :s"),
                     {"s": a.source_id})
        conn.execute(sa.text("DELETE FROM library_claims WHERE source_id = :s AND ord > 0"), {"s": a.source_id})
    assert behind(engine) == 1
    assert [x.behind for x in list_articles(engine)].count(True) == 1
    assert rebuild(editor, engine) == 1
    assert behind(engine) == 0
    assert claims_table(engine).to_pylist() == before
    assert audit_log(engine)[0].action == "rebuild"
    assert audit_log(engine)[0].changes["extractor_version"] == ["0+old", extractor_version()]
    assert rebuild(editor, engine) == 0
    assert rebuild(editor, engine, everything=True) == 2
    assert get_article(engine, b.source_id).extractor_version == extractor_version()


# ---------------------------------------------------------------- migrations

def test_a_library_made_by_an_older_version_opens_after_migrate(library_url, editor):
    eng = create_engine(library_url)
    try:
        assert migrate(eng, target=1) == [(1, "articles, claims, audit log")]
        assert schema_version(eng) == 1
        # An article written by the version-1 code (no site/author/extra columns then).
        with eng.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO library_articles (source_id, title, published, text, n_chars, content_hash, added_by, "
                "added_at, updated_at, extractor_version) VALUES ('lib_old', '古い記事', :p, :t, :n, 'h', 'old', "
                ":now, :now, '0+old')"),
                {"p": date(2025, 1, 2), "t": "古い記事の本文。", "n": 8, "now": "2025-01-02 00:00:00"})
            conn.execute(sa.text(
                "INSERT INTO library_audit (action, source_id, who, at, changes) "
                "VALUES ('add', 'lib_old', 'old', :now, '{}')"), {"now": "2025-01-02 00:00:00"})
        if eng.dialect.name == "sqlite":
            # The app's own SQLite file is brought up to date when it is opened.
            assert [a.source_id for a in list_articles(eng)] == ["lib_old"]
        else:
            with pytest.raises(SchemaOutOfDate, match="library migrate"):
                list_articles(eng)
            with pytest.raises(SchemaOutOfDate):
                add_article(editor, eng, article_text(1))
            assert [v for v, _ in migrate(eng)] == [2]
        assert schema_version(eng) == migrations.LATEST
        old = get_article(eng, "lib_old")
        assert (old.title, old.site, old.author, old.published) == ("古い記事", "", "", date(2025, 1, 2))
        assert behind(eng) == 1 and version(eng) == 1
        rebuild(editor, eng)
        add_article(editor, eng, article_text(1), site="Example")
        assert len(list_articles(eng)) == 2 and migrate(eng) == []
    finally:
        eng.dispose()


def test_an_empty_postgres_database_needs_migrate(library_url):
    eng = create_engine(library_url)
    try:
        if eng.dialect.name == "sqlite":
            assert version(eng) == 0                     # a fresh SQLite file is created on open
            assert schema_version(eng) == migrations.LATEST
        else:
            with pytest.raises(SchemaOutOfDate, match="no library tables"):
                version(eng)
    finally:
        eng.dispose()


def test_a_newer_library_is_read_but_not_written(engine, editor):
    add_article(editor, engine, article_text(1))
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO library_schema (version, name, applied_at) VALUES (99, 'future', :t)"),
                     {"t": "2030-01-01 00:00:00"})
    fresh = create_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert len(list_articles(fresh)) == 1
        with pytest.raises(SchemaTooNew):
            add_article(editor, fresh, article_text(2))
    finally:
        fresh.dispose()


def test_two_migrators_at_once(library_url):
    engines = [create_engine(library_url) for _ in range(2)]
    errors = []

    def run(e):
        try:
            migrate(e)
        except Exception as exc:        # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert schema_version(engines[0]) == migrations.LATEST
    for e in engines:
        e.dispose()


@pytest.mark.parametrize("library_url", ["postgresql"], indirect=True)
def test_a_select_only_database_role_reads_the_library(engine, editor):
    """A public read-only deployment: the app's role may only SELECT; every read works."""
    a = add_article(editor, engine, article_text(1))
    role = f"reader_{os.getpid()}_{int(time.time() * 1000) % 10**6}"
    dbname = engine.url.database
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'reader'")
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{dbname}" TO {role}')
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader = create_engine(engine.url.set(username=role, password="reader").render_as_string(hide_password=False))
    try:
        assert version(reader) == version(engine) == 1
        assert claims_table(reader).to_pylist() == claims_table(engine).to_pylist()
        assert articles_table(reader).num_rows == 1 and behind(reader) == 0
        assert get_article(reader, a.source_id).text == article_text(1)
        assert [e.action for e in audit_log(reader)] == ["add"]
        # Even an editor cannot write through it: the database refuses, the library is unchanged.
        with pytest.raises(sa.exc.DBAPIError):
            add_article(editor, reader, article_text(2))
        assert version(engine) == 1
    finally:
        reader.dispose()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            conn.exec_driver_sql(f"REVOKE ALL ON SCHEMA public FROM {role}")
            conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{dbname}" FROM {role}')
            conn.exec_driver_sql(f"DROP ROLE {role}")


# ---------------------------------------------------------------- readers never write

class LookAlike:
    who = "intruder"
    how = "login"


def _forged():
    f = object.__new__(auth.Editor)
    object.__setattr__(f, "who", "forger")
    object.__setattr__(f, "how", "login")
    return f


NOT_EDITORS = {
    "None": lambda: None,
    "a string": lambda: "editor",
    "an Editor built around the constructor": _forged,
    "a look-alike class": LookAlike,
    "a reader's decision": lambda: auth.local_rule(auth.Request(headers={"Host": "example.com"}), True,
                                                   "127.0.0.1").editor,
    "a failed password": lambda: auth.password_rule("wrong", auth.Request(url="https://x/"),
                                                    "correct horse battery", auth.AttemptLimiter()).editor,
}


def test_every_write_path_refuses_a_reader(engine, editor, tmp_path):
    a = add_article(editor, engine, article_text(1))
    archive.export_zip(engine, tmp_path / "lib.zip")
    prepared = store.prepare(article_text(2))
    paths = {
        "add_article": lambda who: add_article(who, engine, article_text(3)),
        "edit_article": lambda who: edit_article(who, engine, a.source_id, title="hacked"),
        "delete_article": lambda who: delete_article(who, engine, a.source_id),
        "rebuild": lambda who: rebuild(who, engine, everything=True),
        "insert_prepared": lambda who: store.insert_prepared(who, engine, [prepared]),
        "import_zip": lambda who: archive.import_zip(who, engine, tmp_path / "lib.zip", skip_duplicates=True),
    }
    before = snapshot(engine)
    for path, call in paths.items():
        for what, make in NOT_EDITORS.items():
            with pytest.raises(NotAnEditor):
                call(make())
            assert snapshot(engine) == before, f"{path} wrote as {what}"


def test_the_capability_cannot_be_made_or_copied_outside_auth(editor):
    with pytest.raises(TypeError):
        auth.Editor()
    with pytest.raises(NotAnEditor):
        auth.Editor._grant(object(), "me", "login")
    for dup in (copy.copy, copy.deepcopy, pickle.dumps):
        with pytest.raises(TypeError):
            dup(editor)
    with pytest.raises(AttributeError):
        editor.who = "someone else"
    assert auth.require_editor(editor) is editor and auth.is_editor(editor)
    assert not auth.is_editor(_forged())


# ---------------------------------------------------------------- one transaction per change

KILLED_ADD = """
import sys, time
from claims.library import auth, create_engine, store

def stall(action):
    print("INSIDE", action, flush=True)
    time.sleep(120)

store._BEFORE_COMMIT = stall
engine = create_engine(sys.argv[1])
store.add_article(auth.cli_editor("doomed"), engine, sys.argv[2], title="never saved", url="https://example.com/k")
print("COMMITTED", flush=True)
"""


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _wait_for(proc, word: str, timeout: float = 120) -> str:
    got = []
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            got.append(line)
            if line.startswith(word):
                return line
    finally:
        timer.cancel()
    raise AssertionError(f"never saw {word!r}: {''.join(got)} {proc.stderr.read() if proc.stderr else ''}")


def test_sigkill_inside_the_add_transaction_leaves_the_library_as_before(engine, editor, tmp_path):
    add_article(editor, engine, article_text(1), url="https://example.com/first")
    before = snapshot(engine)
    script = tmp_path / "killed_add.py"
    script.write_text(KILLED_ADD)
    url = engine.url.render_as_string(hide_password=False)
    proc = subprocess.Popen([sys.executable, str(script), url, article_text(2)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
    try:
        assert _wait_for(proc, "INSIDE").split() == ["INSIDE", "add"]
        # The article and its claims are written but not committed: kill the process now.
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    engine.dispose()
    assert snapshot(engine) == before
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # Nothing is left locked or half-there: the same article can be added now.
    again = add_article(editor, engine, article_text(2), url="https://example.com/k")
    assert again.n_claims > 0 and len(list_articles(engine)) == 2


def test_a_failure_inside_the_transaction_rolls_everything_back(engine, editor, monkeypatch):
    before = snapshot(engine)

    def boom(action):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_BEFORE_COMMIT", boom)
    with pytest.raises(RuntimeError):
        add_article(editor, engine, article_text(1))
    monkeypatch.setattr(store, "_BEFORE_COMMIT", None)
    assert snapshot(engine) == before


def test_two_editors_adding_at_once_in_threads(engine, monkeypatch):
    alice, bob = auth.cli_editor("alice"), auth.cli_editor("bob")
    # Each transaction stays open a little, so that the two overlap.
    monkeypatch.setattr(store, "_BEFORE_COMMIT", lambda action: time.sleep(0.05))
    n = 4
    start = threading.Barrier(2)
    results: dict[str, list] = {"alice": [], "bob": []}

    def work(who, ed, offset):
        start.wait()
        for i in range(n):
            results[who].append(add_article(ed, engine, article_text(offset + i)).source_id)
        # Both try the same article last: exactly one lands.
        try:
            results[who].append(add_article(ed, engine, article_text(99), url="https://example.com/same").source_id)
        except DuplicateArticle as exc:
            results[who].append(("dup", exc.existing))

    threads = [threading.Thread(target=work, args=("alice", alice, 0)),
               threading.Thread(target=work, args=("bob", bob, 100))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    landed = [r for rs in results.values() for r in rs if isinstance(r, str)]
    dups = [r for rs in results.values() for r in rs if isinstance(r, tuple)]
    assert len(landed) == 2 * n + 1 and len(set(landed)) == len(landed)
    assert len(dups) == 1 and dups[0][1] in landed
    assert sorted(a.source_id for a in list_articles(engine)) == sorted(landed)
    assert version(engine) == 2 * n + 1
    assert {e.who for e in audit_log(engine)} == {"alice", "bob"}
    by_article = {}
    for row in claims_table(engine).to_pylist():
        by_article[row["source_id"]] = by_article.get(row["source_id"], 0) + 1
    assert all(by_article[a.source_id] == a.n_claims > 0 for a in list_articles(engine))


ADDER = """
import sys, time
from pathlib import Path
from claims.library import auth, create_engine, store
engine = create_engine(sys.argv[1])
who, first, n, go = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
texts = [open(sys.argv[6], encoding="utf-8").read().replace("{i}", str(i)) for i in range(first, first + n)]
prepared = [store.prepare(t) for t in texts]       # load Sudachi before the start line
print("READY", flush=True)
while not go.exists():
    time.sleep(0.01)
for t in texts:
    store.add_article(auth.cli_editor(who), engine, t)
print("DONE", flush=True)
"""


def test_two_processes_adding_at_once(engine, tmp_path):
    script = tmp_path / "adder.py"
    script.write_text(ADDER)
    template = tmp_path / "template.txt"
    template.write_text("第{i}報\nOpenAIは来年までに{i}ギガワットの計算能力を整備し、約{i}000億ドルを投じる計画だ。\n",
                        encoding="utf-8")
    go = tmp_path / "go"
    url = engine.url.render_as_string(hide_password=False)
    n = 5
    procs = [subprocess.Popen([sys.executable, str(script), url, who, str(first), str(n), str(go), str(template)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
             for who, first in (("p1", 10), ("p2", 20))]
    try:
        for p in procs:
            _wait_for(p, "READY")
        go.touch()
        for p in procs:
            _wait_for(p, "DONE")
            assert p.wait(timeout=60) == 0, p.stderr.read()
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    arts = list_articles(engine)
    assert len(arts) == 2 * n and len({a.source_id for a in arts}) == 2 * n
    assert sorted(e.who for e in audit_log(engine)) == ["p1"] * n + ["p2"] * n
    assert version(engine) == 2 * n
    assert claims_table(engine).num_rows == sum(a.n_claims for a in arts) > 0


# ---------------------------------------------------------------- export / import

def test_export_then_import_into_an_empty_database(engine, editor, tmp_path, request):
    add_article(editor, engine, article_text(1), title="一", published="2025-09-25", reference_date="2025-10-01",
                date_basis="inferred", source_kind="news", url="https://example.com/1", site="Example",
                author="記者A", language_note="日本語", date_note="推定", origin="a.html", encoding="cp932")
    add_article(editor, engine, article_text(2) + "\r\n末尾の行\r\n", title="二")
    add_article(editor, engine, article_text(3), source_id="007")
    zpath = tmp_path / "library.zip"
    assert archive.export_zip(engine, zpath) == 3
    names = set(zipfile.ZipFile(zpath).namelist())
    assert {"library.json", "sources.csv", "articles.parquet", "claims.parquet", "articles/007.txt"} <= names
    assert pq.read_table(io.BytesIO(zipfile.ZipFile(zpath).read("claims.parquet"))).schema == schema.CLAIMS_SCHEMA

    backend = engine.dialect.name if engine.dialect.name == "sqlite" else "postgresql"
    url, cleanup = make_library_url(backend, tmp_path / "other")
    (tmp_path / "other").mkdir(exist_ok=True)
    request.addfinalizer(cleanup)
    other = create_engine(url)
    request.addfinalizer(other.dispose)
    migrate(other)
    report = archive.import_zip(auth.cli_editor("importer"), other, zpath)
    assert sorted(report.added) == sorted(a.source_id for a in list_articles(engine))

    assert claims_table(other).to_pylist() == claims_table(engine).to_pylist()
    assert articles_table(other).to_pylist() == articles_table(engine).to_pylist()
    survive = ("source_id", "title", "published", "reference_date", "date_basis", "source_kind", "language_note",
               "url", "site", "author", "date_note", "origin", "encoding", "n_chars", "content_hash", "added_by",
               "added_at", "n_claims", "text")
    for a in list_articles(engine):
        x, y = get_article(engine, a.source_id), get_article(other, a.source_id)
        assert {f: getattr(x, f) for f in survive} == {f: getattr(y, f) for f in survive}
    assert {e.who for e in audit_log(other)} == {"importer"}
    assert {e.action for e in audit_log(other)} == {"import"}
    # Importing again: refused whole, or skipped article by article.
    with pytest.raises(DuplicateArticle):
        archive.import_zip(auth.cli_editor("importer"), other, zpath)
    again = archive.import_zip(auth.cli_editor("importer"), other, zpath, skip_duplicates=True)
    assert again.added == [] and len(again.skipped) == 3


def _zip(path: Path, entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


SOURCES = "source_id,title,published\nart1,記事,2025-09-25\n".encode("utf-8-sig")


@pytest.mark.parametrize("evil", ["../evil.txt", "articles/../../evil.txt", "/etc/cron.d/evil",
                                  "articles\\..\\evil.txt", "C:/evil.txt", "articles/sub/../../../x.txt"])
def test_import_refuses_paths_that_leave_the_folder(tmp_path, evil):
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    z = _zip(tmp_path / "evil.zip", {"sources.csv": SOURCES, "articles/art1.txt": article_text(1).encode(),
                                     evil: b"x"})
    with pytest.raises(archive.ArchiveError, match="leaves the archive"):
        archive.import_zip(auth.cli_editor(), eng, z)
    assert list_articles(eng) == []
    assert not (tmp_path.parent / "evil.txt").exists()
    eng.dispose()


def test_import_refuses_symlinks(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("articles/art1.txt", article_text(1))
        info = zipfile.ZipInfo("articles/link.txt")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(archive.ArchiveError, match="symbolic link"):
        archive.import_zip(auth.cli_editor(), eng, z)
    eng.dispose()


def test_import_bounds_entries_and_bytes(tmp_path, monkeypatch):
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    monkeypatch.setattr(archive, "MAX_ENTRIES", 10)
    many = {f"articles/a{i}.txt": article_text(i).encode() for i in range(11)}
    with pytest.raises(archive.ArchiveError, match="11 entries"):
        archive.import_zip(auth.cli_editor(), eng, _zip(tmp_path / "many.zip", many))
    # A compression bomb: 40 MB of zeros in a few kB.
    bomb = _zip(tmp_path / "bomb.zip", {"sources.csv": SOURCES, "articles/art1.txt": b"0" * (40 * 2**20)})
    assert bomb.stat().st_size < 200_000
    with pytest.raises(archive.ArchiveError, match="MB"):
        archive.import_zip(auth.cli_editor(), eng, bomb)
    # The header may lie about the size: reading is bounded anyway.
    monkeypatch.setattr(archive, "MAX_ENTRY_BYTES", 1000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10**9)
    liar = tmp_path / "liar.zip"
    _zip(liar, {"articles/art1.txt": ("本文。" * 2000).encode()})
    data = bytearray(liar.read_bytes())
    # Rewrite the uncompressed size in the central directory (offset 24 of its entry) to 10 bytes.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    with pytest.raises(archive.ArchiveError):
        archive.import_zip(auth.cli_editor(), eng, liar)
    assert list_articles(eng) == []
    eng.dispose()


def test_import_never_trusts_the_zips_claims(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    fake = schema.records_to_table([{"claim_id": "fake", "source_id": "art1", "span_start": 0, "span_end": 3,
                                     "surface": "999GW", "sentence": "嘘", "section": "body", "flags": [],
                                     "kind": "power", "unit": "GW", "value": 999.0, "qualifier": "exact",
                                     "entities": [], "context_entities": []}], schema.CLAIM_FIELDS)
    sink = io.BytesIO()
    pq.write_table(fake, sink)
    z = _zip(tmp_path / "forged.zip", {"sources.csv": SOURCES, "articles/art1.txt": article_text(1).encode(),
                                       "claims.parquet": sink.getvalue(), "articles/extra.txt": article_text(5).encode()})
    report = archive.import_zip(auth.cli_editor(), eng, z)
    assert report.added == ["art1", "extra"]                # a .txt without a sources row keeps its stem
    rows = claims_table(eng).to_pylist()
    assert rows and not any(r["claim_id"] == "fake" or r["value"] == 999.0 for r in rows)
    assert get_article(eng, "art1").published == date(2025, 9, 25)
    eng.dispose()


def test_import_refuses_a_broken_archive(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    (tmp_path / "not.zip").write_bytes(b"hello")
    cases = {
        tmp_path / "not.zip": "not a readable zip",
        _zip(tmp_path / "empty.zip", {"sources.csv": b"source_id\n"}): "no articles",
        _zip(tmp_path / "missing.zip", {"sources.csv": SOURCES, "articles/other.txt": b"x"}): "no articles/art1.txt",
        _zip(tmp_path / "same.zip", {"articles/a.txt": article_text(1).encode(),
                                     "articles/b.txt": article_text(1).encode()}): "same text",
    }
    for z, message in cases.items():
        with pytest.raises(archive.ArchiveError, match=message):
            archive.import_zip(auth.cli_editor(), eng, z)
    assert list_articles(eng) == [] and version(eng) == 0
    eng.dispose()


def test_claims_table_types_round_trip_nan_and_lists(engine, editor):
    add_article(editor, engine, article_text(1), published="2025-09-25")
    t = claims_table(engine)
    assert t.column("flags").type == pa.list_(pa.string())
    assert t.column("published").type == pa.date32()
    dates = [r for r in t.to_pylist() if r["kind"] == "date"]
    assert all(r["value"] is None for r in dates)      # NaN in the build -> null, as build_tables gives
