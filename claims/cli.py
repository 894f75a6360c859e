"""`python -m claims build INPUT --out OUT [--out OUT2 …] [--sources FILE] [--engine local|dask]`.

INPUT: a folder of *.txt articles, or a .parquet / .jsonl file (or folder) of articles.
OUT: a .parquet or .csv table (articles table beside it) or a directory (a partitioned dataset).

`python -m claims index TABLE` writes the DuckDB file the app opens for TABLE (claims.query.tables).

`python -m claims score TABLE GOLD DOCS [--min-f1 F] …` scores a table (see claims.score).

`python -m claims library migrate|add|list|rebuild|export|import …` works on the shared
article library (see claims/library/commands.py; it writes without an app login, since
whoever runs it holds the database itself).

Bad input gets one line on stderr naming the file and exit status 1 (2 for
bad arguments); never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import schema  # noqa: F401  (SchemaError below)
from .build import BuildError, build_to
from .inputs import InputError
from .sources import SourcesError
from .textio import DecodeError

OUT_SUFFIXES = (".parquet", ".csv")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m claims", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="extract claims from articles (a folder of *.txt, or Parquet/JSONL)")
    b.add_argument("input_dir", type=Path, metavar="INPUT",
                   help="folder of *.txt articles, or a .parquet/.jsonl file or folder of articles "
                        "(source_id, text and the metadata columns of sources.csv)")
    b.add_argument("--out", type=Path, action="append", required=True,
                   help="claims table to write: .parquet or .csv (the articles table is written beside it), "
                        "or a directory (a partitioned dataset, replaced atomically); repeatable")
    b.add_argument("--sources", type=Path, default=None,
                   help="article metadata CSV (default: INPUT_DIR/sources.csv, else INPUT_DIR/../sources.csv)")
    b.add_argument("--jobs", "-j", type=int, default=None,
                   help="worker processes (one Sudachi tokenizer each); 0 = all cores. Local engine: "
                        "default 1; dask engine without --scheduler: the local cluster's workers (default: all cores)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local (default: this process, or --jobs processes) or dask (Dask distributed)")
    b.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask engine: an existing cluster's scheduler (tcp://host:8786); "
                        "default: a local cluster sized to this machine")
    b.add_argument("--partition-chars", type=int, default=1_000_000,
                   help="dask engine: characters per partition (default 1,000,000)")
    b.add_argument("--no-index", action="store_true",
                   help="dataset output: skip the DuckDB file the app opens (it then loads the Parquet parts)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    x = sub.add_parser("index", help="write the DuckDB file the app opens for a claims table or dataset")
    x.add_argument("table", type=Path, help="claims table (.parquet/.csv) or dataset directory")
    s = sub.add_parser("score", help="score a claims table against gold labels (power/money P/R/F1 and more)")
    s.add_argument("table", type=Path, help="claims table (.csv or .parquet)")
    s.add_argument("gold", type=Path, help="gold JSONL (format: claims/score.py)")
    s.add_argument("docs", type=Path, help="folder of the <source_id>.txt articles")
    s.add_argument("--min-f1", type=float, help="exit 1 below this overall F1")
    s.add_argument("--min-qualifier", type=float, help="exit 1 below this share of agreeing qualifiers")
    s.add_argument("--min-time", type=float, help="exit 1 below this share of agreeing time fields")
    s.add_argument("--min-label", action="append", default=[], metavar="FIELD=SHARE",
                   help="exit 1 below this agreement of a labelled column (measure, modality, speaker)")
    s.add_argument("--max-absent", type=int, default=0, help="absent spans that may have rows (default 0)")
    s.add_argument("--show", action="store_true", help="list misses, false positives and disagreements")
    _add_library_parsers(sub)
    return ap


def _add_library_parsers(sub) -> None:
    # argparse only at parse time; SQLAlchemy and the store load when a library command runs.
    from .library.cli_args import add_parsers

    add_parsers(sub)


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def build(args: argparse.Namespace) -> int:
    from .inputs import open_input
    from .sink import is_dataset_path

    if args.scheduler and args.engine != "dask":
        raise BuildError("--scheduler needs --engine dask")
    for out in args.out:
        if not is_dataset_path(out) and out.suffix not in OUT_SUFFIXES:
            raise BuildError(f"{out}: unknown table format {out.suffix!r} (use .parquet, .csv or a directory)")
    source = open_input(args.input_dir, args.sources)
    total = source.check()
    if args.jobs is not None and args.jobs < 0:
        raise BuildError(f"--jobs {args.jobs}: give 0 (all cores) or more")
    jobs = (1 if args.engine == "local" else 0) if args.jobs is None else args.jobs
    jobs = jobs or (os.cpu_count() or 1)

    def report(record: dict) -> None:
        name = source.where(record["source_id"])
        if not record["text"].strip():
            warn(f"{name}: empty file, no claims")
        elif record["encoding"] not in ("utf-8", "utf-8-sig"):
            warn(f"{name}: decoded as {record['encoding']}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    common = dict(jobs=jobs, on_article=report, engine=args.engine, scheduler=args.scheduler,
                  partition_chars=args.partition_chars, index=not args.no_index,
                  log=None if args.quiet else log, cluster_options={"n_workers": jobs})
    if args.quiet or not sys.stderr.isatty():
        n_claims, n_articles = build_to(args.out, source, **common)
    else:
        from tqdm import tqdm

        with tqdm(total=total, unit="article", desc="claims build", file=sys.stderr) as progress:
            n_claims, n_articles = build_to(args.out, source, progress=progress, **common)
    print(f"wrote {n_claims} claims from {n_articles} articles to "
          f"{', '.join(map(str, args.out))}", file=sys.stderr)
    return 0


def run_index(args: argparse.Namespace) -> int:
    from .query.tables import write_database

    table: Path = args.table
    if not table.exists():
        raise BuildError(f"{table}: no such table or dataset directory")
    import duckdb

    try:
        print(write_database(table))
    except (duckdb.Error, OSError) as exc:
        raise BuildError(f"{table}: cannot write its DuckDB file ({str(exc).splitlines()[0][:200]})") from None
    return 0


def run_score(args: argparse.Namespace) -> int:
    from .score import ScoreError, score_files, shortfalls

    min_label = {}
    for spec in args.min_label:
        name, _, share = spec.partition("=")
        try:
            min_label[name] = float(share)
        except ValueError:
            raise ScoreError(f"--min-label {spec!r}: expected FIELD=SHARE, e.g. measure=0.9") from None
    report = score_files(args.table, args.gold, args.docs)
    print("\n".join(report.lines(show=args.show)))
    missed = shortfalls(report, args.min_f1, args.min_qualifier, args.min_time, min_label, args.max_absent)
    for line in missed:
        print(line)
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "library":
        from .library.commands import run

        return run(args)
    if args.command == "score":
        from .score import ScoreError

        try:
            return run_score(args)
        except ScoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        return run_index(args) if args.command == "index" else build(args)
    except (BuildError, DecodeError, SourcesError, InputError, schema.SchemaError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; existing tables were left untouched", file=sys.stderr)
        return 130
