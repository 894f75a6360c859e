"""`python -m claims library …`: migrate, add (files; URLs through claims.fetch), list,
rebuild, export, import; errors are one line (`error: …`), a non-zero exit, no traceback.
The CLI runs with claims/__main__.py's pandas blocker, so these tests also show that the
library path never imports pandas.  SQLite here; the store's tests cover PostgreSQL, and one
test below runs the CLI against it when a server is configured."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from library_fixtures import article_text, make_library_url

from claims.library import create_engine, get_article, list_articles

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, db=None, env=None):
    cmd = [sys.executable, "-m", "claims", "library", *map(str, args)]
    if db is not None:
        cmd += ["--db", db]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=300)


def one_error(out, *fragments):
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr, out.stderr
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith("error: ")]
    assert errors, out.stderr
    for f in fragments:
        assert any(f in e for e in errors), (f, out.stderr)
    return errors


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'lib.sqlite'}"


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(article_text(1), encoding="utf-8")
    (d / "b.md").write_text("# 見出し\n\n" + article_text(2), encoding="utf-8")
    (d / "c.html").write_text(f"<html><head><title>ページの題</title><script>var x=1</script></head>"
                              f"<body><p>{article_text(3)}</p></body></html>", encoding="utf-8")
    (d / "sjis.txt").write_bytes(article_text(4).encode("cp932"))
    return d


def test_migrate_add_list(db, files):
    out = cli("migrate", db=db)
    assert out.returncode == 0 and "schema version 2" in out.stdout, out.stderr
    out = cli("migrate", db=db)
    assert "nothing to do" in out.stdout
    out = cli("add", files / "a.txt", files / "b.md", files / "c.html", files / "sjis.txt",
              "--published", "2025-09-25", "--kind", "news", db=db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("added lib_") == 4
    eng = create_engine(db)
    arts = {a.origin: a for a in list_articles(eng)}
    assert set(arts) == {"a.txt", "b.md", "c.html", "sjis.txt"}
    assert arts["c.html"].title == "ページの題" and arts["sjis.txt"].encoding == "cp932"
    assert all(a.published.isoformat() == "2025-09-25" and a.source_kind == "news" and a.n_claims > 0
               for a in arts.values())
    assert all(a.added_by.startswith("cli:") for a in arts.values())
    assert "var x" not in get_article(eng, arts["c.html"].source_id).text
    eng.dispose()
    out = cli("list", db=db)
    assert out.returncode == 0 and len(out.stdout.strip().splitlines()) == 4
    assert "4 articles" in out.stderr


def test_a_fresh_sqlite_file_is_created_by_any_command(tmp_path):
    db = f"sqlite:///{tmp_path / 'sub' / 'new.sqlite'}"
    out = cli("list", db=db)
    assert out.returncode == 0 and "0 articles" in out.stderr
    assert (tmp_path / "sub" / "new.sqlite").exists()


def test_library_url_from_the_environment(tmp_path, files):
    env = {"CLAIMS_LIBRARY_URL": f"sqlite:///{tmp_path / 'env.sqlite'}"}
    assert cli("add", files / "a.txt", env=env).returncode == 0
    assert (tmp_path / "env.sqlite").exists()
    assert "1 articles" in cli("list", env=env).stderr


def test_duplicates_and_bad_files_are_one_line_errors(db, files, tmp_path):
    assert cli("add", files / "a.txt", "--url", "https://example.com/a", db=db).returncode == 0
    first = list_articles(create_engine(db))[0].source_id
    one_error(cli("add", files / "a.txt", db=db), "a.txt", "already in the library", first)
    (tmp_path / "copy.txt").write_text(article_text(9), encoding="utf-8")
    one_error(cli("add", tmp_path / "copy.txt", "--url", "http://EXAMPLE.com/a/#x", db=db), "same URL", first)
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_bytes(b"")
    for path, msg in ((tmp_path / "bin.txt", "binary"), (tmp_path / "x.pdf", "not accepted"),
                      (tmp_path / "empty.txt", "empty"), (tmp_path / "missing.txt", "no such file"),
                      (tmp_path, "folder")):
        one_error(cli("add", path, db=db), msg)
    # One bad input among good ones: the good ones land, the exit says something failed.
    out = cli("add", files / "b.md", tmp_path / "missing.txt", db=db)
    one_error(out, "missing.txt")
    assert "added lib_" in out.stdout
    one_error(cli("add", files / "c.html", files / "sjis.txt", "--title", "同じ題", db=db), "--title")
    bad_date = cli("add", files / "c.html", "--published", "2025-02-30", db=db)
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr


def test_bad_database_urls_are_one_line_errors(tmp_path, files):
    one_error(cli("list", db="not a url"), "not a database URL")
    out = one_error(cli("list", db="postgresql+psycopg://someone:secret@127.0.0.1:1/none"), "failed")
    assert "secret" not in "".join(out)
    (tmp_path / "junk.sqlite").write_bytes(b"this is not a database" * 100)
    one_error(cli("list", db=f"sqlite:///{tmp_path / 'junk.sqlite'}"))


def test_add_by_url_uses_the_fetcher(db):
    out = cli("add", "http://127.0.0.1:9/article", db=db)
    # The strict address policy refuses loopback (or, if the fetcher is absent, says so): one line either way.
    errors = one_error(out, "http://127.0.0.1:9/article")
    assert len(errors) == 1
    one_error(cli("add", "https://example.invalid/x", db=db), "example.invalid")


def test_export_import_round_trip(db, files, tmp_path):
    assert cli("add", files / "a.txt", files / "c.html", "--published", "2025-09-25", db=db).returncode == 0
    z = tmp_path / "lib.zip"
    out = cli("export", z, db=db)
    assert out.returncode == 0 and "exported 2 articles" in out.stdout, out.stderr
    assert {"sources.csv", "articles.parquet", "claims.parquet", "library.json"} <= set(zipfile.ZipFile(z).namelist())
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    out = cli("import", z, db=other)
    assert out.returncode == 0 and "imported 2 articles" in out.stdout, out.stderr
    assert cli("list", db=other).stdout == cli("list", db=db).stdout
    one_error(cli("import", z, db=other), "already in the library")
    out = cli("import", z, "--skip-duplicates", db=other)
    assert out.returncode == 0 and out.stderr.count("warning:") == 2 and "imported 0" in out.stdout
    one_error(cli("export", tmp_path / "lib.tar", db=db), ".zip")
    one_error(cli("export", tmp_path / "nowhere" / "lib.zip", db=db), "no such folder")
    one_error(cli("import", tmp_path / "missing.zip", db=db), "no such file")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("articles/ok.txt", article_text(7))
        zf.writestr("../../escape.txt", "x")
    one_error(cli("import", evil, db=db), "leaves the archive")


def test_rebuild(db, files):
    assert cli("add", files / "a.txt", db=db).returncode == 0
    out = cli("rebuild", db=db)
    assert out.returncode == 0 and "re-extracted 0 articles" in out.stdout
    out = cli("rebuild", "--all", db=db)
    assert out.returncode == 0 and "re-extracted 1 articles" in out.stdout


def test_the_cli_against_postgresql(tmp_path, files):
    url, cleanup = make_library_url("postgresql", tmp_path)
    try:
        one_error(cli("list", db=url), "migrate")            # a server database is migrated explicitly
        assert cli("migrate", db=url).returncode == 0
        assert cli("add", files / "a.txt", db=url).returncode == 0
        out = cli("list", db=url)
        assert "1 articles" in out.stderr and "claims:claims@" not in out.stderr    # password hidden
    finally:
        cleanup()


def test_the_build_cli_does_not_load_sqlalchemy():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "claims", "--help"], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0 and "library" in out.stdout
    assert "sqlalchemy" not in out.stderr


def test_add_by_url_from_a_local_page(tmp_path, capsys):
    """The URL path end to end, in-process with the test suite's loopback policy (the CLI
    itself always uses the strict one, as the test above shows)."""
    from fetch_helpers import html_page, serve

    from claims.library import auth, commands

    page = ("<html><head><title>OpenAI、10GWの計画</title><meta property='og:site_name' content='テスト新聞'>"
            "</head><body><nav>ホーム ランキング</nav><article><h1>OpenAI、10GWの計画</h1>"
            "<p>2025年9月24日</p>" + "".join(f"<p>{line}</p>" for line in article_text(5).splitlines())
            + "</article></body></html>")
    eng = create_engine(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    with serve({"/news/1": html_page(page)}) as server:
        url = server.url("/news/1")
        assert commands.add_inputs(auth.cli_editor("t"), eng, [url], {}, policy=server.policy) == 0
        (info,) = list_articles(eng)
        assert info.url == url and info.origin == url and info.n_claims > 0
        assert info.title == "OpenAI、10GWの計画" and info.published.isoformat() == "2025-09-24"
        assert "ランキング" not in get_article(eng, info.source_id).text
        # The same URL again (any spelling) is refused before fetching it.
        requests = len(server.seen)
        assert commands.add_inputs(auth.cli_editor("t"), eng, [url + "#top"], {}, policy=server.policy) == 1
        assert len(server.seen) == requests
        assert "already in the library" in capsys.readouterr().err
        # Without the test policy, a loopback server is refused.
        assert commands.add_inputs(auth.cli_editor("t"), eng, [server.url("/other")], {}) == 1
    eng.dispose()
