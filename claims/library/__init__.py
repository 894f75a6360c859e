"""The shared article library: a SQL database (SQLite by default, PostgreSQL or any
SQLAlchemy URL when configured) holding articles readers added, their claims rows and an
audit log.  Pure Python: the app wires it to Streamlit, the CLI to the command line.

    db.py          where the library lives (URL resolution), engine set-up
    migrations.py  versioned schema migrations (`python -m claims library migrate`)
    tables.py      the tables as the code uses them
    store.py       read API (version, claims_table, articles_table, …) and write API
    auth.py        who is an editor: the capability every write function demands
    archive.py     export/import of a whole library as a zip
    extractor.py   EXTRACTOR_VERSION (extractor_version())
"""
import importlib

# Names load on first use (PEP 562), so `python -m claims build` does not import SQLAlchemy
# just because the CLI knows the library's subcommands.
_WHERE = {
    "Editor": "auth",
    "NotAnEditor": "auth",
    "ENV_URL": "db",
    "LibraryError": "db",
    "create_engine": "db",
    "resolve_url": "db",
    "LATEST": "migrations",
    "SchemaOutOfDate": "migrations",
    "SchemaTooNew": "migrations",
    "migrate": "migrations",
    "schema_version": "migrations",
    "ArticleInfo": "store",
    "AuditEntry": "store",
    "DuplicateArticle": "store",
    "NoSuchArticle": "store",
    "add_article": "store",
    "articles_table": "store",
    "audit_log": "store",
    "behind": "store",
    "claims_table": "store",
    "content_hash": "store",
    "delete_article": "store",
    "edit_article": "store",
    "find_duplicate": "store",
    "get_article": "store",
    "list_articles": "store",
    "normalize_url": "store",
    "rebuild": "store",
    "version": "store",
    "extractor_version": "extractor",
}


__all__ = [
    "ENV_URL", "LATEST", "ArticleInfo", "AuditEntry", "DuplicateArticle", "Editor", "LibraryError", "NoSuchArticle",
    "NotAnEditor", "SchemaOutOfDate", "SchemaTooNew", "add_article", "articles_table", "audit_log", "behind",
    "claims_table", "content_hash", "create_engine", "delete_article", "edit_article", "extractor_version",
    "find_duplicate", "get_article", "list_articles", "migrate", "normalize_url", "rebuild", "resolve_url",
    "schema_version", "version",
]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
