"""A whole library as one zip: `export_zip` (read) and `import_zip` (an editor's write).

The zip holds
    library.json          format marker, schema and extractor versions, counts
    sources.csv           one row per article, every metadata field (UTF-8 with BOM)
    articles/<id>.txt     each article's text exactly as the spans index it (UTF-8)
    articles.parquet      the articles table (ARTICLE_FIELDS, then the library's own columns)
    claims.parquet        the claims table (CLAIM_FIELDS)

Import reads only sources.csv and the .txt files and re-extracts every article's claims with
this code's extractor: a file's claims rows (and articles.parquet) are never trusted.  A .txt
without a sources.csv row is imported with its file stem as source_id.  Entry names that
would leave the folder (absolute, `..`, backslashes, drive letters, symlinks) refuse the
whole archive, as do more than MAX_ENTRIES entries or more than MAX_TOTAL_BYTES (or
MAX_ENTRY_BYTES for one entry) once decompressed, counted while reading, not taken from the
zip's headers.  Nothing is written to disk on import.  All articles land in one transaction.

Fields that survive export -> import unchanged: source_id, text, title, published,
reference_date, date_basis, source_kind, language_note, url, site, author, date_note, origin,
encoding, added_by, added_at; content_hash and n_chars are recomputed from the text (the same
values); the claims rows are re-extracted (identical when both sides run the same
extractor version).  Not carried: updated_at and revision (the import is a new change),
extractor_version (the importing code's), the audit log (the importing library records one
"import" entry per article, by whoever imported).
"""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..textio import DecodeError, decode_bytes
from . import migrations
from .auth import Editor, require_editor
from .db import LibraryError
from .extractor import extractor_version
from .store import (
    META_FIELDS,
    DuplicateArticle,
    Prepared,
    _ready,
    find_duplicate,
    insert_prepared,
    prepare,
    read_articles,
    read_claims,
)
from .tables import articles

FORMAT = "claims-library"
FORMAT_VERSION = 1
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 512 * 2**20
SOURCES_COLUMNS = ("source_id",) + META_FIELDS + ("n_chars", "content_hash", "added_by", "added_at", "updated_at",
                                                  "extractor_version")
LIBRARY_COLUMNS = ("site", "author", "content_hash", "added_by", "added_at", "updated_at", "extractor_version")


class ArchiveError(LibraryError):
    pass


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (source_id in the zip, existing id)


# ---------------------------------------------------------------- export

def export_zip(engine: Engine, path: str | os.PathLike) -> int:
    """Write the library to `path` (atomically: a crash leaves no half-written zip).
    Returns the number of articles.  Reading needs no editor."""
    _ready(engine, writing=False)
    path = Path(path)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():                     # one snapshot for the whole export
            rows = conn.execute(sa.select(*[articles.c[n] for n in SOURCES_COLUMNS], articles.c.text)
                                .order_by(articles.c.source_id)).all()
            art_table = read_articles(conn, LIBRARY_COLUMNS)
            claim_table = read_claims(conn)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("library.json", json.dumps({
                "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": migrations.LATEST,
                "extractor_version": extractor_version(), "n_articles": len(rows),
                "n_claims": claim_table.num_rows,
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds")},
                ensure_ascii=False, indent=2))
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(SOURCES_COLUMNS)
            for r in rows:
                w.writerow([_csv_cell(getattr(r, c)) for c in SOURCES_COLUMNS])
            zf.writestr("sources.csv", buf.getvalue().encode("utf-8-sig"))
            for r in rows:
                zf.writestr(f"articles/{r.source_id}.txt", r.text.encode("utf-8", "surrogatepass"))
            for name, table in (("articles.parquet", art_table), ("claims.parquet", claim_table)):
                sink = io.BytesIO()
                pq.write_table(table, sink)
                zf.writestr(name, sink.getvalue())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)


def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        v = v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
        return v.isoformat()
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


# ---------------------------------------------------------------- import

def _safe_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ArchiveError(f"{name!r}: the archive holds a symbolic link; refused")
    p = PurePosixPath(name)
    if ("\\" in name or "\x00" in name or name.startswith("/") or p.is_absolute()
            or ".." in p.parts or (p.parts and ":" in p.parts[0])):
        raise ArchiveError(f"{name!r}: an entry whose path leaves the archive's folder; refused")
    return name


def _read_entries(path: Path) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"{path}: not a readable zip file ({exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ArchiveError(f"{path}: {len(infos)} entries; at most {MAX_ENTRIES}")
        for info in infos:
            _safe_name(info)
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            raise ArchiveError(f"{path}: {declared / 2**20:.0f} MB uncompressed; at most "
                               f"{MAX_TOTAL_BYTES // 2**20} MB")
        out: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            name = info.filename
            if not (name in ("sources.csv",) or (name.startswith("articles/") and name.endswith(".txt"))):
                continue                          # claims.parquet & co: never trusted, not read
            if info.file_size > MAX_ENTRY_BYTES:
                raise ArchiveError(f"{path}: {name} is {info.file_size / 2**20:.0f} MB uncompressed; at most "
                                   f"{MAX_ENTRY_BYTES // 2**20} MB per entry")
            try:
                with zf.open(info) as f:
                    data = f.read(MAX_ENTRY_BYTES + 1)      # bounded even if the header lies
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                raise ArchiveError(f"{path}: cannot read {name} ({exc})") from None
            if len(data) > MAX_ENTRY_BYTES:
                raise ArchiveError(f"{path}: {name} is over {MAX_ENTRY_BYTES // 2**20} MB uncompressed")
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise ArchiveError(f"{path}: over {MAX_TOTAL_BYTES // 2**20} MB uncompressed")
            if name in out:
                raise ArchiveError(f"{path}: {name} appears twice")
            out[name] = data
    return out


def _parse_sources(data: bytes, where: str) -> dict[str, dict]:
    try:
        text, _ = decode_bytes(data, where)
    except DecodeError as exc:
        raise ArchiveError(str(exc)) from None
    rows = list(csv.DictReader(io.StringIO(text)))
    out: dict[str, dict] = {}
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise ArchiveError(f"{where}, line {n}: more fields than the header has")
        sid = (row.get("source_id") or "").strip()
        if not sid:
            raise ArchiveError(f"{where}, line {n}: empty source_id")
        if sid in out:
            raise ArchiveError(f"{where}, line {n}: duplicate source_id {sid!r}")
        out[sid] = {k: (v or "").strip() for k, v in row.items() if k}
    return out


def _parse_time(value: str, where: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"{where}: added_at {value!r} is not a timestamp") from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def import_zip(editor: Editor, engine: Engine, path: str | os.PathLike, skip_duplicates: bool = False,
               progress=None) -> ImportReport:
    """Add every article of an exported zip, re-extracting its claims, in one transaction.
    A duplicate (same id, text or URL as an article already there) refuses the whole import,
    unless skip_duplicates, which leaves those out and reports them."""
    editor = require_editor(editor)
    _ready(engine, writing=True)
    path = Path(path)
    entries = _read_entries(path)
    metas = _parse_sources(entries["sources.csv"], f"{path}:sources.csv") if "sources.csv" in entries else {}
    texts = {PurePosixPath(n).stem: n for n in entries if n.startswith("articles/")}
    for n in entries:
        if n.startswith("articles/") and PurePosixPath(n).parent != PurePosixPath("articles"):
            raise ArchiveError(f"{path}: {n}: articles must sit directly in articles/")
    missing = [sid for sid in metas if sid not in texts]
    if missing:
        raise ArchiveError(f"{path}: sources.csv lists {missing[0]!r} but there is no articles/{missing[0]}.txt"
                           + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    if not texts:
        raise ArchiveError(f"{path}: no articles/*.txt in the archive")
    report = ImportReport()
    prepared: list[Prepared] = []
    seen_hashes: dict[str, str] = {}
    order = list(metas) + sorted(s for s in texts if s not in metas)
    for i, sid in enumerate(order, start=1):
        name = texts[sid]
        where = f"{path}:{name}"
        try:
            text, encoding = decode_bytes(entries[name], where)
        except DecodeError as exc:
            raise ArchiveError(str(exc)) from None
        meta = metas.get(sid, {})
        fields_ = {k: meta.get(k) or None for k in META_FIELDS}
        fields_["encoding"] = fields_["encoding"] or encoding
        try:
            p = prepare(text, source_id=sid, added_by=meta.get("added_by", ""),
                        added_at=_parse_time(meta.get("added_at", ""), where), **fields_)
        except LibraryError as exc:
            raise ArchiveError(f"{where}: {exc}") from None
        h = p.record["content_hash"]
        if h in seen_hashes:
            raise ArchiveError(f"{where}: the same text as articles/{seen_hashes[h]}.txt")
        seen_hashes[h] = sid
        existing = find_duplicate(engine, text=text, url=p.record["url"] or None, source_id=sid)
        if existing is not None:
            if not skip_duplicates:
                raise DuplicateArticle(f"{where}: already in the library: {existing.source_id} "
                                       f"({existing.title})", existing.source_id)
            report.skipped.append((sid, existing.source_id))
            continue
        prepared.append(p)
        if progress is not None:
            progress(i, len(order), sid)
    if prepared:
        insert_prepared(editor, engine, prepared, action="import", changes={"from": path.name})
    report.added = [p.record["source_id"] for p in prepared]
    return report
