"""Article metadata (sources.csv): only source_id is required; every other column optional."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .textio import DecodeError, decode_bytes

OPTIONAL = ("title", "published", "reference_date", "date_basis", "source_kind",
            "language_note", "url", "date_note", "origin")


class SourcesError(ValueError):
    pass


@dataclass(frozen=True)
class ArticleMeta:
    source_id: str
    title: str | None = None
    published: date | None = None
    reference_date: date | None = None
    date_basis: str | None = None
    source_kind: str | None = None
    language_note: str | None = None
    url: str | None = None
    date_note: str | None = None
    origin: str | None = None

    @property
    def ref(self) -> date | None:
        """The day the article's "today" means: reference_date, else published."""
        return self.reference_date or self.published


def parse_date(value) -> date | None:
    """A metadata date from a CSV cell, a JSON value or a database column: empty -> None,
    a date or datetime as its day, else an ISO string; ValueError names the value."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


def _date(value: str, where: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as e:
        raise SourcesError(f"{where}: {e}") from None


def load_sources(path: Path) -> dict[str, ArticleMeta]:
    try:
        text, _ = decode_bytes(Path(path).read_bytes(), str(path))
    except (OSError, DecodeError) as exc:
        raise SourcesError(f"{path}: cannot read ({exc})") from None
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise SourcesError(f"{path}: not valid CSV ({exc})") from None
    if not rows:
        return {}
    if "source_id" not in rows[0]:
        raise SourcesError(f"{path}: has no source_id column (columns: {', '.join(map(str, rows[0]))})")
    out: dict[str, ArticleMeta] = {}
    for n, row in enumerate(rows, start=2):
        if None in row:
            raise SourcesError(f"{path}, line {n}: more fields than the header has")
        sid = (row.get("source_id") or "").strip()
        if not sid:
            raise SourcesError(f"{path}, line {n}: empty source_id")
        if sid in out:
            raise SourcesError(f"{path}, line {n}: duplicate source_id {sid!r}")
        where = f"{path}, line {n}"
        out[sid] = ArticleMeta(
            source_id=sid,
            title=(row.get("title") or "").strip() or None,
            published=_date(row.get("published", ""), where),
            reference_date=_date(row.get("reference_date", ""), where),
            **{k: ((row.get(k) or "").strip() or None)
               for k in ("date_basis", "source_kind", "language_note", "url", "date_note", "origin")},
        )
    return out


def find_sources_file(input_dir: Path, explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    for candidate in (input_dir / "sources.csv", input_dir.parent / "sources.csv"):
        if candidate.is_file():
            return candidate
    return None
