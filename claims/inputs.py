"""What a build reads: a folder of `*.txt` articles, or Parquet / JSONL files of articles.

A table of articles (a `.parquet` or `.jsonl` file, or a folder of them) has one row per
article: `source_id`, `text` and any metadata columns of sources.csv (`title`, `published`,
`reference_date`, `date_basis`, `source_kind`, `language_note`, `url`, `date_note`, `origin`).
`text` may be a string or bytes (bytes are decoded like a .txt file).

`open_input(path, sources)` returns an `ArticleInput`: `check()` reads the whole input once,
cheaply (ids, dates, text decodability), so a bad article fails the build before any work is
done, with one line naming it; `chunks(max_articles, max_chars)` then streams work items in
input order, a few at a time (memory stays flat whatever the input's size). A work item is
`(Path, ArticleMeta)` for a .txt file (read where it is processed) or an `Article`.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .sources import OPTIONAL, ArticleMeta, SourcesError, find_sources_file, load_sources, parse_date
from .textio import DecodeError, decode_bytes

TABLE_SUFFIXES = (".parquet", ".jsonl", ".ndjson")


class InputError(ValueError):
    """Bad input: one line naming the file and article."""


def _warn(message: str) -> None:
    import sys

    print(f"warning: {message}", file=sys.stderr)


@dataclass
class ArticleInput:
    path: Path
    kind: str                                   # "txt" or "table"
    files: list[Path] = field(default_factory=list)
    metas: dict[str, ArticleMeta] = field(default_factory=dict)
    sources_file: Path | None = None
    total: int | None = None                    # articles, known after check()

    def where(self, source_id: str) -> str:
        """How messages name one article."""
        return f"{self.path / source_id}.txt" if self.kind == "txt" else f"{self.path} ({source_id})"

    def check(self) -> int:
        """Read the whole input once (ids, dates, text decodability); raise InputError naming the
        first bad article. Returns the number of articles."""
        if self.kind == "txt":
            _check_unique_stems(self.files)
            stems = {p.stem for p in self.files}
            for sid in self.metas:
                if sid not in stems:
                    _warn(f"{self.sources_file}: lists {sid!r} but {self.path} has no {sid}.txt")
            self.total = len(self.files)
            return self.total
        n = 0
        for _ in self._table_articles(check_only=True):
            n += 1
        if n == 0:
            raise InputError(f"{self.path}: no articles (no rows)")
        self.total = n
        return n

    def items(self) -> Iterator:
        if self.kind == "txt":
            for p in self.files:
                yield p, self.metas.get(p.stem) or ArticleMeta(source_id=p.stem)
        else:
            yield from self._table_articles()

    def chunks(self, max_articles: int, max_chars: int = 1 << 62) -> Iterator[list]:
        """Work items in input order, in groups of at most max_articles (and about max_chars)."""
        chunk: list = []
        chars = 0
        for item in self.items():
            chunk.append(item)
            chars += len(item.text) if not isinstance(item, tuple) else _file_chars(item[0])
            if len(chunk) >= max_articles or chars >= max_chars:
                yield chunk
                chunk, chars = [], 0
        if chunk:
            yield chunk

    # ------------------------------------------------------------------ tables
    def _table_articles(self, check_only: bool = False) -> Iterator:
        from .build import Article

        seen: dict[str, str] = {}
        for f in self.files:
            rows = _parquet_rows(f) if f.suffix == ".parquet" else _jsonl_rows(f)
            for where, row in rows:
                sid = row.get("source_id")
                if isinstance(sid, (bytes, bytearray)):
                    sid = bytes(sid).decode("utf-8", "replace")
                sid = unicodedata.normalize("NFC", str(sid).strip()) if sid is not None else ""
                if not sid:
                    raise InputError(f"{where}: missing source_id")
                here = f"{where} (source_id {sid!r})"
                if sid in seen:
                    raise InputError(f"{here}: duplicate source_id (also {seen[sid]})")
                seen[sid] = where
                text = row.get("text")
                encoding = "utf-8"
                if text is None:
                    raise InputError(f"{here}: missing text")
                if isinstance(text, (bytes, bytearray)):
                    if b"\x00" in text[:4096] and not bytes(text).startswith((b"\xff\xfe", b"\xfe\xff")):
                        raise InputError(f"{here}: text looks binary (NUL bytes), not an article")
                    try:
                        text, encoding = decode_bytes(bytes(text), here)
                    except DecodeError as exc:
                        raise InputError(str(exc)) from None
                elif not isinstance(text, str):
                    raise InputError(f"{here}: text is a {type(text).__name__}, not a string")
                meta = _meta(sid, row, here, self.metas.get(sid))
                if check_only:
                    yield sid
                else:
                    yield Article(meta, text, encoding)


def _file_chars(p: Path) -> int:
    try:
        return p.stat().st_size // 3      # about: the text is mostly 3-byte UTF-8
    except OSError:
        return 0


def _check_unique_stems(paths: list[Path]) -> None:
    """Two files whose stems are the same id once Unicode-normalized (NFC vs NFD) would collide."""
    seen: dict[str, Path] = {}
    for p in paths:
        sid = unicodedata.normalize("NFC", p.stem)
        if sid in seen:
            raise InputError(f"{p}: duplicate source_id {sid!r} (also {seen[sid].name})")
        seen[sid] = p


def _date(value, what: str, where: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as e:
        raise InputError(f"{where}: {what} {e}") from None


def _meta(sid: str, row: dict, where: str, listed: ArticleMeta | None) -> ArticleMeta:
    """The row's metadata columns; a column the table lacks (or leaves empty) comes from --sources."""
    fields: dict = {}
    for k in OPTIONAL:
        v = row.get(k)
        if k in ("published", "reference_date"):
            v = _date(v, k, where)
        elif v is not None:
            v = str(v).strip() or None
        if v is None and listed is not None:
            v = getattr(listed, k)
        fields[k] = v
    return ArticleMeta(source_id=sid, **fields)


def _parquet_rows(f: Path) -> Iterator[tuple[str, dict]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(f)
        names = pf.schema_arrow.names
    except Exception as exc:  # noqa: BLE001 — pyarrow raises many types for a corrupt file
        raise InputError(f"{f}: not a readable Parquet file ({type(exc).__name__})") from None
    for col in ("source_id", "text"):
        if col not in names:
            raise InputError(f"{f}: has no {col} column (columns: {', '.join(names)})")
    cols = [c for c in ("source_id", "text", *OPTIONAL) if c in names]
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=256, columns=cols):
            for row in batch.to_pylist():
                n += 1
                yield f"{f}, row {n}", row
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{f}, after row {n}: cannot read ({type(exc).__name__}: {str(exc)[:120]})") from None


def _jsonl_rows(f: Path) -> Iterator[tuple[str, dict]]:
    try:
        fh = open(f, "rb")
    except OSError as exc:
        raise InputError(f"{f}: cannot read ({exc.strerror})") from None
    with fh:
        for n, raw in enumerate(fh, start=1):
            where = f"{f}, line {n}"
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    sid = json.loads(raw.decode("utf-8", "replace")).get("source_id")
                except (ValueError, AttributeError):
                    sid = None
                named = f" (source_id {sid!r})" if sid is not None else ""
                raise InputError(f"{where}{named}: not valid UTF-8 (JSONL is UTF-8; "
                                 "put other encodings' bytes in a Parquet binary column)") from None
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{where}: not a JSON object")
            yield where, row


# ---------------------------------------------------------------------- open
def open_input(path: Path, sources: Path | None = None) -> ArticleInput:
    path = Path(path)
    if sources is not None and not Path(sources).is_file():
        raise InputError(f"{sources}: no such sources file")
    if path.is_file():
        if path.suffix.lower() not in TABLE_SUFFIXES:
            raise InputError(f"{path}: unknown input format {path.suffix!r} "
                             "(a folder of .txt, or a .parquet / .jsonl file of articles)")
        return ArticleInput(path, "table", [path], _metas(sources), sources)
    if not path.is_dir():
        raise InputError(f"{path}: no such directory or article file")
    txt = sorted(p for p in path.glob("*.txt") if p.is_file())
    tables = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES)
    if txt and tables:
        raise InputError(f"{path}: holds both .txt articles and article tables ({tables[0].name}); "
                         "give one kind per build")
    if tables:
        return ArticleInput(path, "table", tables, _metas(sources), sources)
    if not txt:
        raise InputError(f"{path}: no .txt articles found (nor .parquet / .jsonl article tables)")
    sources_file = find_sources_file(path, sources)
    return ArticleInput(path, "txt", txt, _metas(sources_file), sources_file)


def _metas(sources: Path | None) -> dict[str, ArticleMeta]:
    if sources is None:
        return {}
    try:
        return load_sources(sources)
    except SourcesError:
        raise
