"""`python -m claims build INPUT_DIR --out OUT [--out OUT2 …] [--sources FILE]`.

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
import unicodedata
from pathlib import Path

from . import schema  # noqa: F401  (SchemaError below)
from .build import BuildError, build_to
from .sources import SourcesError, find_sources_file, load_sources
from .textio import DecodeError

OUT_SUFFIXES = (".parquet", ".csv")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m claims", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="extract claims from every *.txt in INPUT_DIR")
    b.add_argument("input_dir", type=Path)
    b.add_argument("--out", type=Path, action="append", required=True,
                   help="claims table to write (.parquet or .csv); repeatable. "
                        "The articles table is written beside it.")
    b.add_argument("--sources", type=Path, default=None,
                   help="article metadata CSV (default: INPUT_DIR/sources.csv, else INPUT_DIR/../sources.csv)")
    b.add_argument("--jobs", "-j", type=int, default=1,
                   help="worker processes (one Sudachi tokenizer each); 0 = all cores")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
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


def _check_unique_ids(paths: list[Path]) -> None:
    """Two files whose stems are the same id once Unicode-normalized (NFC vs NFD) would collide."""
    seen: dict[str, Path] = {}
    for p in paths:
        sid = unicodedata.normalize("NFC", p.stem)
        if sid in seen:
            raise BuildError(f"{p}: duplicate source_id {sid!r} (also {seen[sid].name})")
        seen[sid] = p


def build(args: argparse.Namespace) -> int:
    input_dir: Path = args.input_dir
    if not input_dir.is_dir():
        raise BuildError(f"{input_dir}: no such directory")
    for out in args.out:
        if out.suffix not in OUT_SUFFIXES:
            raise BuildError(f"{out}: unknown table format {out.suffix!r} (use .parquet or .csv)")
    paths = sorted(p for p in input_dir.glob("*.txt") if p.is_file())
    if not paths:
        raise BuildError(f"{input_dir}: no .txt articles found")
    _check_unique_ids(paths)
    sources_file = find_sources_file(input_dir, args.sources)
    if args.sources is not None and not args.sources.is_file():
        raise BuildError(f"{args.sources}: no such sources file")
    metas = load_sources(sources_file) if sources_file else {}
    stems = {p.stem for p in paths}
    for sid in metas:
        if sid not in stems:
            warn(f"{sources_file}: lists {sid!r} but {input_dir} has no {sid}.txt")
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)

    def report(record: dict) -> None:
        name = f"{input_dir / record['source_id']}.txt"
        if not record["text"].strip():
            warn(f"{name}: empty file, no claims")
        elif record["encoding"] not in ("utf-8", "utf-8-sig"):
            warn(f"{name}: decoded as {record['encoding']}")

    if args.quiet or not sys.stderr.isatty():
        n_claims, n_articles = build_to(args.out, paths, metas, jobs=jobs, on_article=report)
    else:
        from tqdm import tqdm

        with tqdm(total=len(paths), unit="article", desc="claims build", file=sys.stderr) as progress:
            n_claims, n_articles = build_to(args.out, paths, metas, jobs=jobs, progress=progress,
                                            on_article=report)
    print(f"wrote {n_claims} claims from {n_articles} articles to "
          f"{', '.join(map(str, args.out))}", file=sys.stderr)
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
        return build(args)
    except (BuildError, DecodeError, SourcesError, schema.SchemaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; existing tables were left untouched", file=sys.stderr)
        return 130
