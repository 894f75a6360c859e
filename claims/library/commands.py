"""`python -m claims library …`: the library from the command line.

    migrate                  create the database or bring its schema up to date
    add URL_OR_FILE…         add articles (.txt/.md/.html files, or http(s) URLs)
    list                     the articles, newest first
    rebuild [--all]          re-extract articles made by another extractor version
    export FILE.zip          the whole library (texts, sources.csv, articles/claims parquet)
    import FILE.zip          add the articles of an export, re-extracting their claims

(The arguments are declared in cli_args.py, which imports nothing heavy.)
The database is `--db URL`, else $CLAIMS_LIBRARY_URL, else var/library.sqlite.
The CLI writes without an app login: whoever runs it already holds the database (its file,
or a URL with credentials), which is more than any editor rule grants.  Its audit entries
name the operating-system user and host (`cli:user@host`).
Errors are one line (`error: …`) and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa

from ..ingest import IngestError, Upload, to_article
from ..textio import DecodeError
from . import archive, auth, db, migrations, store

MAX_INPUT_BYTES = 8 * 2**20


def _shown(engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


def fields_from_url(url: str, policy=None) -> dict:
    """Fetch a page (claims.fetch, strict address policy unless the test suite passes its own)
    and extract the article in it (claims.webpage: trafilatura + a date written in the page)."""
    try:
        from .. import fetch, webpage
    except ImportError as exc:
        raise db.LibraryError(f"{url}: adding by URL needs claims/fetch.py and claims/webpage.py, which this "
                              f"installation lacks ({exc}); save the page and add the file instead") from None
    try:
        page = fetch.fetch(url, policy=policy)
        art = webpage.from_fetched(page)
    except fetch.FetchError as exc:
        raise db.LibraryError(f"{url}: {exc}") from None
    return {"text": art.text, "title": art.title, "published": art.published, "site": art.site,
            "author": art.author, "url": art.url or page.url, "origin": url,
            "date_basis": "stated" if art.published else None, "encoding": getattr(page, "charset", "utf-8")}


def _from_file(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise db.LibraryError(f"{path}: over {MAX_INPUT_BYTES // 2**20} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise db.LibraryError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise db.LibraryError(f"{path}: is a folder, not an article file") from None
    except OSError as exc:
        raise db.LibraryError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        art = to_article(Upload(path.name, data))
    except (IngestError, DecodeError) as exc:
        raise db.LibraryError(f"{path}: {str(exc).removeprefix(path.name + ': ')}") from None
    return {"text": art.text, "title": art.meta.title, "origin": path.name, "encoding": art.encoding}


def cmd_add(args, engine) -> int:
    given = {k: getattr(args, k) for k in ("title", "published", "reference_date", "date_basis", "source_kind",
                                           "url", "site", "author", "language_note") if getattr(args, k)}
    per_article = [k for k in ("title", "url") if k in given]
    if per_article and len(args.inputs) > 1:
        raise db.LibraryError(f"--{per_article[0]} names one article; add the inputs one at a time")
    return add_inputs(auth.cli_editor(), engine, args.inputs, given)


def add_inputs(editor, engine, inputs: list[str], given: dict, policy=None) -> int:
    """Add each file or URL; one `error:` line per input that fails.  Exit status 1 if any did.
    `policy`: the fetcher's address policy (None: the strict one; only tests pass another)."""
    failed = 0
    for item in inputs:
        try:
            if _is_url(item):
                there = store.find_duplicate(engine, url=given.get("url") or item)
                if there is not None:           # no need to fetch what is already there
                    raise store.DuplicateArticle(f"already in the library with the same URL: {there.source_id} "
                                                 f"({there.title})", there.source_id)
                fields = fields_from_url(item, policy=policy)
            else:
                fields = _from_file(Path(item))
            fields = {k: v for k, v in fields.items() if v is not None}
            if given.get("published") and not given.get("date_basis"):
                fields["date_basis"] = "stated"
            fields.update(given)
            text = fields.pop("text")
            info = store.add_article(editor, engine, text, **fields)
        except db.LibraryError as exc:
            msg = str(exc)
            print(f"error: {msg if msg.startswith(item) else f'{item}: {msg}'}", file=sys.stderr)
            failed += 1
            continue
        print(f"added {info.source_id}: {info.title} ({info.n_claims} claims"
              f"{', published ' + info.published.isoformat() if info.published else ', no date'})")
    return 1 if failed else 0


def cmd_list(args, engine) -> int:
    rows = store.list_articles(engine)
    for a in rows:
        published = a.published.isoformat() if a.published else "----------"
        mark = " *" if a.behind else ""
        print(f"{a.source_id}\t{published}\t{a.n_claims:>4} claims\t{a.title[:60]}{mark}"
              + (f"\t{a.url}" if a.url else ""))
    n_behind = sum(a.behind for a in rows)
    tail = f"; {n_behind} made by another extractor version (*): run `python -m claims library rebuild`" \
        if n_behind else ""
    print(f"{len(rows)} articles in {_shown(engine)}{tail}", file=sys.stderr)
    return 0


def cmd_migrate(args, engine) -> int:
    before = migrations.schema_version(engine)
    if before > migrations.LATEST:
        raise migrations.SchemaTooNew(f"the library is at schema version {before}, newer than this code "
                                      f"knows ({migrations.LATEST})")
    applied = migrations.migrate(engine)
    what = ", ".join(f"{v} ({name})" for v, name in applied) if applied else "nothing to do"
    print(f"{_shown(engine)}: schema version {migrations.schema_version(engine)} (applied: {what})")
    return 0


def cmd_rebuild(args, engine) -> int:
    n = store.rebuild(auth.cli_editor(), engine, everything=args.all)
    print(f"re-extracted {n} articles with extractor {store.extractor_version()}")
    return 0


def cmd_export(args, engine) -> int:
    if args.zip.suffix.lower() != ".zip":
        raise db.LibraryError(f"{args.zip}: the export is a .zip file")
    if not args.zip.parent.is_dir():
        raise db.LibraryError(f"{args.zip.parent}: no such folder")
    n = archive.export_zip(engine, args.zip)
    print(f"exported {n} articles to {args.zip}")
    return 0


def cmd_import(args, engine) -> int:
    if not args.zip.is_file():
        raise db.LibraryError(f"{args.zip}: no such file")
    report = archive.import_zip(auth.cli_editor(), engine, args.zip, skip_duplicates=args.skip_duplicates)
    for sid, existing in report.skipped:
        print(f"warning: {sid}: already in the library as {existing}; skipped", file=sys.stderr)
    print(f"imported {len(report.added)} articles from {args.zip}")
    return 0


COMMANDS = {"migrate": cmd_migrate, "add": cmd_add, "list": cmd_list, "rebuild": cmd_rebuild,
            "export": cmd_export, "import": cmd_import}


def run(args: argparse.Namespace) -> int:
    try:
        engine = db.create_engine(args.db)
        try:
            return COMMANDS[args.library_command](args, engine)
        finally:
            engine.dispose()
    except (db.LibraryError, auth.NotAnEditor) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        where = db.resolve_url(args.db)
        try:
            where = sa.engine.make_url(where).render_as_string(hide_password=True)
        except sa.exc.ArgumentError:
            pass
        print(f"error: the library database {where} failed: {first[0][:300] if first else type(exc).__name__}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the library keeps every change that finished, none half-done", file=sys.stderr)
        return 130
