"""Make a large claims table (and its articles table) from the shipped one, for app benchmarks.

usage: python bench/make_claims_table.py OUT_DIR --rows 1000000 [--src data/claims.parquet] [--seed 0]

Writes OUT_DIR/claims.parquet and OUT_DIR/articles.parquet.  Each synthetic article is a
copy of one shipped article (all its claims, in order; the last copy is cut to hit
`--rows` exactly) with:

- a new source_id `sNNNNNN_<original id>` (unique file-stem prefix, so labels stay short),
- its publication date (and reference date, and every claim's time_start/time_end)
  shifted by the same random number of days, so relative periods stay consistent,
- every figure scaled by a random factor per (copy, mention group): value, value_low and
  value_high are multiplied by the same positive factor, so low <= value <= high holds and
  repeated mentions of one figure stay one figure,
- new claim_ids (hash of the new source_id and the original claim_id: unique and stable)
  and mention groups unique to the copy.

The copy keeps the original article's text (so spans still index it).  Sentences,
surfaces and entities are copied as they are: the table has as many distinct sentences
as the shipped one, which flatters any cache or dictionary keyed on text — see
docs/performance-app.md.  Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims import schema  # noqa: E402

DAY_SHIFT = (-700, 300)     # days added to each copy's dates
VALUE_SIGMA = 0.35          # log-normal spread of the value factor


def _copies(source_ids: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Row indices into the original table, the copy number of each row, and each copy's original article.

    Copies cycle through the articles in order; each copy takes all rows of its article."""
    order = sorted(set(source_ids.tolist()))
    per_source = [np.flatnonzero(source_ids == s) for s in order]
    if not any(len(p) for p in per_source):
        raise SystemExit("the source table has no rows")
    takes, copy_ids, origin = [], [], []
    total, k = 0, 0
    while total < rows:
        idx = per_source[k % len(order)]
        if len(idx):
            idx = idx[: rows - total]
            takes.append(idx)
            copy_ids.append(np.full(len(idx), k, dtype=np.int64))
            total += len(idx)
        origin.append(k % len(order))
        k += 1
    return np.concatenate(takes), np.concatenate(copy_ids), [order[i] for i in origin]


def _hex(texts, n: int) -> list[str]:
    return [hashlib.sha1(t.encode()).hexdigest()[:n] for t in texts]


def _shift_dates(arr: pa.Array, days: np.ndarray) -> pa.Array:
    """date32 + per-row whole days (nulls stay null)."""
    ints = arr.cast(pa.int32())
    shifted = pc.add(ints, pa.array(days.astype(np.int32)))
    return shifted.cast(pa.date32())


def make_tables(out: Path, rows: int, src: Path = ROOT / "data" / "claims.parquet",
                seed: int = 0) -> tuple[int, int]:
    """Write OUT/claims.parquet and OUT/articles.parquet; returns (claims rows, articles)."""
    out = Path(out)
    rng = np.random.default_rng(seed)
    claims = pq.read_table(src).combine_chunks()
    claims = schema.frame_to_table(schema.to_frame(claims), schema.CLAIM_FIELDS)   # every declared column
    src_ids = np.array(claims["source_id"].to_pylist(), dtype=object)
    take, copy_of_row, copy_origin = _copies(src_ids, rows)
    n_copies = len(copy_origin)
    t = claims.take(pa.array(take))

    # per-copy identity and date shift
    new_sid_of_copy = np.array([f"s{k:06d}_{s}" for k, s in enumerate(copy_origin)], dtype=object)
    shift_of_copy = rng.integers(DAY_SHIFT[0], DAY_SHIFT[1] + 1, size=n_copies)
    new_sid = new_sid_of_copy[copy_of_row]
    shift = shift_of_copy[copy_of_row]

    # per (copy, mention group) value factor and new mention group id
    mg = np.array(t["mention_group"].to_pylist(), dtype=object)
    claim_ids = np.array(t["claim_id"].to_pylist(), dtype=object)
    mg = np.where(mg == None, claim_ids, mg)  # noqa: E711 — elementwise on an object array
    mg_codes = np.unique(mg.astype(str), return_inverse=True)[1]
    group = copy_of_row * (mg_codes.max() + 1) + mg_codes
    group_ids, group_of_row = np.unique(group, return_inverse=True)
    factor_of_group = np.exp(rng.normal(0.0, VALUE_SIGMA, size=len(group_ids)))
    factor = factor_of_group[group_of_row]
    first_row = np.unique(group_of_row, return_index=True)[1]
    new_mg_of_group = np.array(["mg_" + h for h in _hex(
        (f"{new_sid[i]}|{mg[i]}" for i in first_row), 12)], dtype=object)

    cols = {name: t[name] for name in t.column_names}
    cols["source_id"] = pa.array(new_sid.tolist(), type=pa.string())
    cols["claim_id"] = pa.array(_hex((f"{s}|{c}" for s, c in zip(new_sid, claim_ids, strict=True)), 16),
                                type=pa.string())
    cols["mention_group"] = pa.array(new_mg_of_group[group_of_row].tolist(), type=pa.string())
    for name in ("value", "value_low", "value_high"):
        vals = t[name].to_numpy(zero_copy_only=False).astype(float)
        cols[name] = pa.array(vals * factor, type=pa.float64(), from_pandas=True)   # NaN stays NaN
    for name in ("published", "time_start", "time_end"):
        cols[name] = _shift_dates(t[name].combine_chunks() if isinstance(t[name], pa.ChunkedArray) else t[name],
                                  shift)
    table = pa.table(cols, schema=schema.CLAIMS_SCHEMA)

    # articles: one row per copy, the original's metadata and text, dates shifted
    art_path = schema.TablePaths.beside(src).articles
    articles_src = pq.read_table(art_path).combine_chunks() if art_path.exists() else None
    fields = schema.ARTICLE_FIELDS
    if articles_src is not None:
        articles_src = schema.frame_to_table(schema.to_frame(articles_src), fields)
        pos = {s: i for i, s in enumerate(articles_src["source_id"].to_pylist())}
        idx = [pos.get(s, -1) for s in copy_origin]
        missing = [copy_origin[i] for i, j in enumerate(idx) if j < 0]
        if missing:
            raise SystemExit(f"{art_path}: no article row for {sorted(set(missing))[:3]}")
        a = articles_src.take(pa.array(idx))
        acols = {name: a[name] for name in a.column_names}
        acols["source_id"] = pa.array(new_sid_of_copy.tolist(), type=pa.string())
        for name in ("published", "reference_date"):
            acols[name] = _shift_dates(a[name].combine_chunks() if isinstance(a[name], pa.ChunkedArray)
                                       else a[name], shift_of_copy)
        articles = pa.table(acols, schema=schema.ARTICLES_SCHEMA)
    else:
        articles = None

    frame = schema.to_frame(table)
    schema.validate(frame, where=f"synthetic table ({rows} rows)")
    out.mkdir(parents=True, exist_ok=True)
    schema.write_table(table, out / "claims.parquet")
    if articles is not None:
        schema.validate(schema.to_frame(articles), schema.ARTICLE_REQUIRED, where="synthetic articles")
        schema.write_table(articles, out / "articles.parquet")
    return table.num_rows, n_copies


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--src", type=Path, default=ROOT / "data" / "claims.parquet")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t0 = time.perf_counter()
    n, k = make_tables(a.out, a.rows, a.src, a.seed)
    print(f"{n:,} claims in {k:,} articles -> {a.out} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
