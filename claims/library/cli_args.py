"""The arguments of `python -m claims library …` (argparse only: importing this loads neither
SQLAlchemy nor the extractor, so `python -m claims build` does not pay for them).
The commands themselves are in commands.py."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

DESCRIPTION = ("The shared article library: migrate, add, list, rebuild, export, import "
               "(see claims/library/commands.py).")


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def add_parsers(sub) -> None:
    """Add `library` and its subcommands to the top-level subparsers (argparse only)."""
    lib = sub.add_parser("library", help="the shared article library (add, list, migrate, rebuild, export, import)",
                         description=DESCRIPTION)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=None,
                        help="SQLAlchemy URL of the library (default: $CLAIMS_LIBRARY_URL, else "
                             "sqlite:///var/library.sqlite)")
    cmds = lib.add_subparsers(dest="library_command", required=True)
    cmds.add_parser("migrate", parents=[common], help="create the library or bring its schema up to date")
    a = cmds.add_parser("add", parents=[common], help="add articles from files (.txt/.md/.html) or http(s) URLs")
    a.add_argument("inputs", nargs="+", metavar="URL_OR_FILE")
    a.add_argument("--title")
    a.add_argument("--published", type=_date_arg, help="publication date YYYY-MM-DD")
    a.add_argument("--reference-date", type=_date_arg,
                   help='the day the article\'s "today" means (default: --published)')
    a.add_argument("--date-basis", choices=("stated", "inferred"))
    a.add_argument("--kind", dest="source_kind", help="source kind (news, blog, press_release, …)")
    a.add_argument("--url", help="the page a file came from")
    a.add_argument("--site")
    a.add_argument("--author")
    a.add_argument("--note", dest="language_note", help="language note")
    cmds.add_parser("list", parents=[common], help="list the library's articles")
    r = cmds.add_parser("rebuild", parents=[common], help="re-extract claims made by another extractor version")
    r.add_argument("--all", action="store_true", help="re-extract every article")
    e = cmds.add_parser("export", parents=[common], help="write the library to a zip")
    e.add_argument("zip", type=Path, metavar="FILE.zip")
    i = cmds.add_parser("import", parents=[common], help="add the articles of an exported zip")
    i.add_argument("zip", type=Path, metavar="FILE.zip")
    i.add_argument("--skip-duplicates", action="store_true",
                   help="leave out articles already in the library instead of refusing the import")
