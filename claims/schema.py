"""The claims table and articles table: columns, dtypes, validation, I/O.

The columns in CONTRACT_COLUMNS are read by tools outside this project
(see DESIGN.md): never rename them.  Extra columns are ours to add.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported inside the functions that need it: the build CLI never does, and
# importing it costs ~0.4 s of a build that otherwise takes ~2 s on 2M characters.

KINDS = ("power", "energy", "money", "count", "percent", "duration", "date", "ratio")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
SECTIONS = ("body", "title", "comments", "boilerplate")
MEASURES = ("investment", "funding", "contract", "valuation", "revenue", "cost", "subsidy", "market",
            "capacity", "demand", "other")        # power and money rows; "" elsewhere
MODALITIES = ("actual", "plan", "forecast", "hypothetical")   # or "" where none applies

# column name -> arrow type.  Order is the order written to disk.
CLAIM_FIELDS: dict[str, pa.DataType] = {
    "claim_id": pa.string(),
    "source_id": pa.string(),
    "span_start": pa.int64(),
    "span_end": pa.int64(),
    "surface": pa.string(),
    "sentence": pa.string(),
    "section": pa.string(),
    "flags": pa.list_(pa.string()),
    "kind": pa.string(),
    "unit": pa.string(),
    "value": pa.float64(),
    "value_low": pa.float64(),
    "value_high": pa.float64(),
    "qualifier": pa.string(),
    "rate_per": pa.string(),
    "entities": pa.list_(pa.string()),
    "context_entities": pa.list_(pa.string()),
    "mention_group": pa.string(),
    "published": pa.date32(),
    "time_start": pa.date32(),
    "time_end": pa.date32(),
    "measure": pa.string(),          # what a power/money figure measures (MEASURES), else ""
    "modality": pa.string(),         # its status (MODALITIES), "" where none applies
    "speaker": pa.string(),          # canonical name of who the text says asserts it, else ""
    # --- project columns (not part of the external contract) ---
    "time_text": pa.string(),        # the time expression the period came from
    "sentence_start": pa.int64(),    # offsets of `sentence` in the article text
    "sentence_end": pa.int64(),
    "sentence_norm": pa.string(),    # Sudachi normalized forms, for search
}
CONTRACT_COLUMNS = tuple(list(CLAIM_FIELDS)[:24])

ARTICLE_FIELDS: dict[str, pa.DataType] = {
    "source_id": pa.string(),
    "title": pa.string(),
    "published": pa.date32(),
    "reference_date": pa.date32(),
    "date_basis": pa.string(),
    "source_kind": pa.string(),
    "language_note": pa.string(),
    "url": pa.string(),
    "text": pa.string(),
    "date_note": pa.string(),
    "origin": pa.string(),
    "n_chars": pa.int64(),
    "encoding": pa.string(),      # how the file was decoded (utf-8, cp932, euc_jp, …)
}
ARTICLE_REQUIRED = ("source_id", "title", "text")

CLAIMS_SCHEMA = pa.schema(list(CLAIM_FIELDS.items()))
ARTICLES_SCHEMA = pa.schema(list(ARTICLE_FIELDS.items()))


class SchemaError(ValueError):
    """A table that does not follow the contract; the message says what is wrong."""


@dataclass(frozen=True)
class TablePaths:
    claims: Path
    articles: Path

    @classmethod
    def beside(cls, claims_path: str | os.PathLike) -> TablePaths:
        p = Path(claims_path)
        return cls(p, p.with_name("articles" + p.suffix))


# ---------------------------------------------------------------- conversion

def records_to_table(records: list[dict], fields: dict[str, pa.DataType]) -> pa.Table:
    cols = {name: [r.get(name) for r in records] for name in fields}
    return pa.table({n: pa.array(v, type=fields[n], from_pandas=True) for n, v in cols.items()},
                    schema=pa.schema(list(fields.items())))


def to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow table -> pandas with pyarrow dtypes (lists and dates stay typed)."""
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


def frame_to_table(df: pd.DataFrame, fields: dict[str, pa.DataType]) -> pa.Table:
    import pandas as pd

    arrays = {}
    for name, typ in fields.items():
        if name not in df.columns:
            arrays[name] = pa.nulls(len(df), type=typ)
            continue
        col = df[name]
        arr = pa.array(col, from_pandas=True) if not isinstance(col.dtype, pd.ArrowDtype) \
            else pa.array(col.array)
        arrays[name] = arr.cast(typ) if arr.type != typ else arr
    return pa.table(arrays, schema=pa.schema(list(fields.items())))


# ---------------------------------------------------------------- writing

def write_table(table: pa.Table, path: Path) -> None:
    """Parquet or CSV by extension, atomically (the build's streaming sink, in one batch)."""
    from .sink import TableSink

    path = Path(path)
    if path.suffix not in (".parquet", ".csv"):
        raise SchemaError(f"{path}: unknown table format {path.suffix!r} (use .parquet or .csv)")
    sink = TableSink(path, table.schema)
    try:
        sink.write(table)
        sink.commit()
    except BaseException:
        sink.abort()
        raise


def frame_to_csv_bytes(df: pd.DataFrame) -> bytes:
    """A frame as CSV bytes for downloads: UTF-8 with BOM (Excel reads the Japanese),
    list cells joined with |, dates as YYYY-MM-DD, missing as empty."""

    out = df.copy()
    for name in out.columns:
        values = out[name].tolist()
        if any(isinstance(v, (list, tuple)) for v in values):
            out[name] = ["|".join(map(str, v)) if isinstance(v, (list, tuple)) else "" for v in values]
    return out.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d").encode("utf-8-sig")


# ---------------------------------------------------------------- reading

def _read_csv(path: Path, fields: dict[str, pa.DataType]) -> pd.DataFrame:
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    out = {}
    for name in raw.columns:
        typ = fields.get(name)
        col = raw[name]
        try:
            if typ is None:
                out[name] = col
            elif pa.types.is_list(typ):
                out[name] = [[x for x in v.split("|") if x] for v in col]
            elif pa.types.is_date32(typ):
                out[name] = pd.to_datetime(col.replace("", None), errors="raise", format="%Y-%m-%d").dt.date
            elif pa.types.is_floating(typ) or pa.types.is_integer(typ):
                out[name] = pd.to_numeric(col.replace("", None), errors="raise")
            else:
                out[name] = col
        except (ValueError, TypeError) as exc:
            bad = _first_bad(col, typ)
            raise SchemaError(f"{path}: column {name!r} should hold {typ} values"
                              + (f" but has {bad!r}" if bad is not None else f" ({exc})")) from None
    return pd.DataFrame(out)


def _first_bad(col, typ) -> str | None:
    """The first cell of a CSV column that does not parse as `typ` (for the error message)."""
    import pandas as pd

    for v in col:
        if v == "":
            continue
        try:
            if pa.types.is_date32(typ):
                pd.to_datetime(v, format="%Y-%m-%d")
            else:
                float(v)
        except (ValueError, TypeError):
            return v[:40]
    return None


def read_table(path: str | os.PathLike, fields: dict[str, pa.DataType] = CLAIM_FIELDS,
               columns: list[str] | None = None) -> pd.DataFrame:
    """Read a .parquet or .csv table into pyarrow-backed pandas, coerced to `fields`.

    Raises SchemaError with a specific message for anything unreadable.
    """

    path = Path(path)
    if not path.exists():
        raise SchemaError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise SchemaError(f"{path}: the file is empty")
    try:
        if path.suffix == ".parquet":
            schema_names = pq.read_schema(path).names
            cols = [c for c in columns if c in schema_names] if columns else None
            table = pq.read_table(path, columns=cols)
            df = to_frame(table)
        elif path.suffix == ".csv":
            df = _read_csv(path, fields)
            if columns:
                df = df[[c for c in columns if c in df.columns]]
        else:
            raise SchemaError(f"{path}: unknown table format {path.suffix!r} (use .parquet or .csv)")
    except SchemaError:
        raise
    except Exception as exc:  # pyarrow/pandas raise many types for a corrupt file
        raise SchemaError(f"{path}: not a readable {path.suffix[1:]} table ({type(exc).__name__}: "
                          f"{str(exc).splitlines()[0][:200] if str(exc) else ''})") from exc
    return coerce(df, fields, where=str(path))


def coerce(df: pd.DataFrame, fields: dict[str, pa.DataType], where: str = "table") -> pd.DataFrame:
    """Cast known columns to their declared arrow types; unknown columns pass through."""
    import pandas as pd

    out = {}
    for name in df.columns:
        typ = fields.get(name)
        if typ is None:
            out[name] = df[name]
            continue
        col = df[name]
        try:
            if isinstance(col.dtype, pd.ArrowDtype):
                arr = pa.array(col.array)
            else:
                arr = pa.array(col.tolist(), from_pandas=True)
            if arr.type != typ:
                arr = arr.cast(typ)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError) as exc:
            raise SchemaError(f"{where}: column {name!r} should be {typ} but holds "
                              f"{arr.type if 'arr' in locals() else col.dtype} values "
                              f"that cannot be converted") from exc
        out[name] = pd.Series(pd.arrays.ArrowExtensionArray(arr), index=df.index, name=name)
    return pd.DataFrame(out, index=df.index)


def validate(df: pd.DataFrame, required: tuple[str, ...] = CONTRACT_COLUMNS,
             where: str = "claims table") -> None:
    """Raise SchemaError naming every problem: missing columns, bad vocabulary, bad spans."""
    import pandas as pd

    problems: list[str] = []
    missing = [c for c in required if c not in df.columns]
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if required is CONTRACT_COLUMNS and not missing and len(df):
        for col, vocab in (("kind", KINDS), ("qualifier", QUALIFIERS), ("section", SECTIONS),
                           ("measure", ("",) + MEASURES), ("modality", ("",) + MODALITIES)):
            bad = {str(v) for v in df[col].dropna().unique()} - set(vocab)   # unique(): fast at 1M rows
            if bad:
                problems.append(f"{col} has unknown values {sorted(bad)[:5]} (allowed: {', '.join(vocab)})")
        try:
            starts = pd.to_numeric(df["span_start"])
            ends = pd.to_numeric(df["span_end"])
            if ((ends < starts) | (starts < 0)).any():
                problems.append("span_end before span_start, or negative offsets")
        except (TypeError, ValueError):
            problems.append("span_start/span_end are not integers")
        if df["source_id"].isna().any():
            problems.append("source_id has empty values")
        if df["claim_id"].isna().any():
            problems.append("claim_id has empty values")
        elif df["claim_id"].duplicated().any():
            problems.append("claim_id is not unique")
    if problems:
        raise SchemaError(f"{where}: " + "; ".join(problems))
