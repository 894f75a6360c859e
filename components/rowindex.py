"""Arrays over the rows of a claims frame, computed once per corpus (pure: no streamlit).

With a million rows, copying the frame for every filter (`df[mask]` takes seconds with
string and list columns) or sorting it to count each figure once per article would
dominate every rerun. Instead the pages work on row positions: a filter is a boolean
mask, and the questions the charts ask (which kind, is it clean, one row per mention
group, what are its bounds) are answered from the small integer and float arrays here.
Only the few rows that end up on screen are taken from the frame.

`of(df)` builds the index for any claims frame; `for_corpus(corpus)` keeps one per
`Corpus.key` so it is built once per table (when the table is loaded).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CLEAN_SECTIONS = ("body", "title")   # sections that may be charted
EPOCH = date(1970, 1, 1)             # day 0 of the day numbers below


def arrow(col: pd.Series, typ: pa.DataType | None = None) -> pa.Array:
    """A column as one pyarrow array (zero-copy for pyarrow-backed columns)."""
    if isinstance(col.dtype, pd.ArrowDtype):
        arr = pa.chunked_array(col.array._pa_array if hasattr(col.array, "_pa_array") else [pa.array(col.array)])
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    else:
        arr = pa.array(col.tolist(), type=typ, from_pandas=True)
    return arr.cast(typ) if typ is not None and arr.type != typ else arr


def codes_of(col: pd.Series) -> tuple[np.ndarray, tuple]:
    """(int32 codes, names): codes index `names`, which are sorted; missing values get code -1."""
    codes, uniques = pd.factorize(col, sort=True, use_na_sentinel=True)
    return codes.astype(np.int32, copy=False), tuple(str(u) for u in uniques)


def _days(col: pd.Series) -> np.ndarray:
    """date32 column as float days since 1970 (NaN when missing), for sorting and comparing."""
    return arrow(col, pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(float)


def _floats(col: pd.Series) -> np.ndarray:
    return pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def bounds_arrays(qualifier: np.ndarray, value: np.ndarray, low: np.ndarray,
                  high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's (low, high) as drawn on the charts; open ends are NaN.

    exact/approx -> value at both ends (when value is known); at_least -> (low or value, NaN);
    at_most -> (NaN, high or value); anything else -> (low, high)."""
    exactish = np.isin(qualifier, ["exact", "approx"]) & ~np.isnan(value)
    at_least = qualifier == "at_least"
    at_most = qualifier == "at_most"
    out_low = np.where(exactish, value, np.where(at_least & np.isnan(low), value, low))
    out_high = np.where(exactish, value, np.where(at_most & np.isnan(high), value, high))
    out_low = np.where(at_most & ~exactish, np.nan, out_low)
    out_high = np.where(at_least & ~exactish, np.nan, out_high)
    return out_low, out_high


@dataclass(frozen=True, eq=False)
class RowIndex:
    n: int
    body: np.ndarray          # section is body or title
    clean: np.ndarray         # body and no flags: may be charted
    kind: np.ndarray          # codes into `kinds`
    kinds: tuple
    unit: np.ndarray
    units: tuple
    qualifier: np.ndarray
    qualifiers: tuple
    src: np.ndarray           # codes into `sources` (sorted source ids)
    sources: tuple
    rate_empty: np.ndarray    # rate_per missing or ""
    rate: np.ndarray          # codes into `rates`
    rates: tuple
    low: np.ndarray           # bounds as drawn (bounds_arrays), NaN for open ends
    high: np.ndarray
    published: np.ndarray     # float days since 1970, NaN when missing
    time_start: np.ndarray
    time_end: np.ndarray
    grp: np.ndarray           # one id per (source_id, mention group or claim_id)
    dedupe_order: np.ndarray  # positions sorted by (source, group, body first, dated first, span_start, position)
    out_rank: np.ndarray      # rank of each row in (source_id, span_start, group) order
    out_order: np.ndarray     # positions in that order (out_order[out_rank[i]] == i)
    src_order: np.ndarray     # positions grouped by source (stable)
    src_start: np.ndarray     # src_order[src_start[c]:src_start[c + 1]] are the rows of source code c
    primary: np.ndarray       # codes into `primaries` of `_primary` (first entity, "" when none)
    primaries: tuple
    span_start: np.ndarray
    sentence_start: np.ndarray  # -1 when missing
    ent_key: np.ndarray       # code of the sorted `entities` of each row (-1: none), into `ent_keys`
    ent_keys: tuple           # code -> tuple of names
    all_ent_key: np.ndarray   # the same for `entities` ∪ `context_entities` (sorted, unique)
    all_ent_keys: tuple
    bounds_key: np.ndarray    # one code per distinct (low, high) as drawn (rounded to 9 decimals; NaN its own value)
    date_rank: np.ndarray     # rank of each row in (published (missing last), source_id, span_start, group) order
    memo: dict = field(default_factory=dict, repr=False)   # other per-table arrays, built on first use

    def kind_is(self, *names: str) -> np.ndarray:
        return codes_in(self.kind, codes_for(self.kinds, names))

    def unit_in(self, names) -> np.ndarray:
        return codes_in(self.unit, codes_for(self.units, names))

    def kind_names(self, positions: np.ndarray) -> np.ndarray:
        names = np.array(self.kinds + ("",), dtype=object)
        return names[self.kind[positions]]

    def unit_names(self, positions: np.ndarray) -> np.ndarray:
        names = np.array(self.units + ("",), dtype=object)
        return names[self.unit[positions]]

    def rows_of_source(self, source_id: str) -> np.ndarray:
        """Positions of one article's rows (in frame order)."""
        i = int(np.searchsorted(np.array(self.sources, dtype=object), source_id)) if self.sources else 0
        if i >= len(self.sources) or self.sources[i] != source_id:
            return np.zeros(0, dtype=np.int64)
        return self.src_order[self.src_start[i]:self.src_start[i + 1]]


def codes_for(names: tuple, wanted) -> list[int]:
    """The codes (positions in `names`) of the `wanted` names that occur; unknown names are skipped."""
    wanted = set(wanted)
    return [i for i, name in enumerate(names) if name in wanted]


def codes_in(codes: np.ndarray, wanted: list[int]) -> np.ndarray:
    if len(wanted) == 1:
        return codes == wanted[0]
    if len(wanted) <= 4:
        out = np.zeros(len(codes), dtype=bool)
        for w in wanted:
            out |= codes == w
        return out
    return np.isin(codes, wanted)


def _rate_codes(df: pd.DataFrame, n: int) -> tuple[np.ndarray, tuple, np.ndarray]:
    if "rate_per" not in df:
        return np.zeros(n, np.int32), ("",), np.ones(n, bool)
    rate = pd.Series(pd.arrays.ArrowExtensionArray(pc.fill_null(arrow(df["rate_per"], pa.string()), "")))
    codes, names = codes_of(rate)
    empty = codes == names.index("") if "" in names else np.zeros(n, bool)
    return codes, names, empty


def _sorted_codes(arr: pa.Array) -> np.ndarray:
    """int64 codes of a string array, numbered in sorted (code point) order of the values."""
    enc = pc.dictionary_encode(arr)
    order = pc.array_sort_indices(enc.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[enc.indices.to_numpy(zero_copy_only=False)] if len(order) else np.zeros(len(arr), np.int64)


def stable_order(*keys: np.ndarray) -> np.ndarray:
    """np.lexsort((keys[-1], …, keys[0])) — rows by keys[0], then keys[1], …; stable — by radix argsorts."""
    order = np.arange(len(keys[0]))
    for k in reversed(keys):
        order = order[np.argsort(k[order], kind="stable")]
    return order


def merged_lists(a: pa.Array, b: pa.Array) -> pa.ListArray:
    """Per row: the items of `a` then of `b`, repeats dropped (first kept); never null."""
    n = len(a)
    values = pa.concat_arrays([pc.list_flatten(a), pc.list_flatten(b)])
    parents = np.concatenate([pc.list_parent_indices(a).to_numpy(zero_copy_only=False),
                              pc.list_parent_indices(b).to_numpy(zero_copy_only=False)]).astype(np.int64)
    order = np.argsort(parents, kind="stable")                     # a row's items from `a` before `b`
    parents, values = parents[order], values.take(pa.array(order))
    codes = pc.dictionary_encode(values, null_encoding="encode").indices.to_numpy(zero_copy_only=False)
    first = np.unique(parents * (int(codes.max(initial=0)) + 1) + codes, return_index=True)[1]
    keep = np.zeros(len(parents), dtype=bool)
    keep[first] = True
    parents, values = parents[keep], values.filter(pa.array(keep))
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(parents, minlength=n), out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), values)


SEP = "\x1f"


def list_keys(arr: pa.Array, unique: bool = False) -> tuple[np.ndarray, tuple]:
    """A code per row for the sorted items of its list cell (-1 when empty), and code -> tuple of items.

    Rows with the same items (in any order; with `unique`, repeats ignored) get the same code."""
    n = len(arr)
    flat = pc.fill_null(pc.list_flatten(arr), "")
    if not len(flat):
        return np.full(n, -1, dtype=np.int64), ()
    parents = pc.list_parent_indices(arr).to_numpy(zero_copy_only=False).astype(np.int64)
    order = stable_order(parents, _sorted_codes(flat))
    parents, flat = parents[order], flat.take(pa.array(order))
    if unique:
        vals = _sorted_codes(flat)
        keep = np.r_[True, (parents[1:] != parents[:-1]) | (vals[1:] != vals[:-1])]
        parents, flat = parents[keep], flat.filter(pa.array(keep))
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(parents, minlength=n), out=offsets[1:])
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), flat), SEP)
    enc = pc.dictionary_encode(joined)
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    codes[np.diff(offsets) == 0] = -1
    return codes, tuple(tuple(s.split(SEP)) for s in enc.dictionary.to_pylist())


def of(df: pd.DataFrame) -> RowIndex:
    """Build the index for a claims frame (contract columns; `_clean`/`_primary` used when present)."""
    n = len(df)
    section = df["section"]
    body = section.isin(CLEAN_SECTIONS).to_numpy(dtype=bool, na_value=False)
    if "_clean" in df:
        clean = df["_clean"].to_numpy(dtype=bool)
    else:
        lengths = pc.list_value_length(arrow(df["flags"], pa.list_(pa.string()))).fill_null(0)
        clean = body & (lengths.to_numpy(zero_copy_only=False) == 0)
    kind, kinds = codes_of(df["kind"])
    unit, units = codes_of(df["unit"])
    qual, quals = codes_of(df["qualifier"])
    src, sources = codes_of(df["source_id"])
    rate, rates, rate_empty = _rate_codes(df, n)
    qnames = np.array(quals + ("",), dtype=object)[qual]
    low, high = bounds_arrays(qnames, _floats(df["value"]), _floats(df["value_low"]), _floats(df["value_high"]))
    published, t_start, t_end = _days(df["published"]), _days(df["time_start"]), _days(df["time_end"])

    # one figure per article: group (source_id, mention_group or claim_id) as prep.dedupe_mentions does
    mg, cid = arrow(df["mention_group"], pa.string()), arrow(df["claim_id"], pa.string())
    has_mg = pc.and_(pc.is_valid(mg), pc.not_equal(mg, "")).fill_null(False)
    mg_code = _sorted_codes(pc.if_else(has_mg, mg, pc.cast(cid, pa.string())))
    src_key = np.where(src < 0, len(sources), src).astype(np.int64)      # missing source ids sort last
    grp = src_key * (int(mg_code.max(initial=0)) + 1) + mg_code
    rank = (~(section == "body").to_numpy(dtype=bool, na_value=False)).astype(np.int64) * 2 + \
        (np.isnan(t_start) & np.isnan(t_end)).astype(np.int64)
    span = pd.to_numeric(df["span_start"]).to_numpy(dtype=np.int64)
    dedupe_order = stable_order(grp, (rank << 48) | span)
    out_order = stable_order((src_key << 40) | span, mg_code)
    out_rank = np.empty(n, dtype=np.int64)
    out_rank[out_order] = np.arange(n)

    src_order = np.argsort(src_key, kind="stable")
    src_start = np.searchsorted(src_key[src_order], np.arange(len(sources) + 1))
    if "_primary" in df:
        primary, primaries = codes_of(pd.Series(pd.arrays.ArrowExtensionArray(
            pc.fill_null(arrow(df["_primary"], pa.string()), ""))))
    else:
        primary, primaries = np.zeros(n, np.int32), ("",)
    list_type = pa.list_(pa.string())
    ents = arrow(df["entities"], list_type)
    all_ents = arrow(df["_entities"], list_type) if "_entities" in df else \
        merged_lists(ents, arrow(df["context_entities"], list_type))
    ent_key, ent_keys = list_keys(ents)
    all_ent_key, all_ent_keys = list_keys(all_ents, unique=True)
    bl = np.unique(np.where(np.isnan(low), np.inf, np.round(low, 9)), return_inverse=True)[1].reshape(-1)
    bh = np.unique(np.where(np.isnan(high), np.inf, np.round(high, 9)), return_inverse=True)[1].reshape(-1)
    bounds_key = bl.astype(np.int64) * (int(bh.max(initial=0)) + 1) + bh
    pub_key = np.nan_to_num(published, nan=0.0).astype(np.int64)
    pub_key[np.isnan(published)] = np.iinfo(np.int64).max                 # undated last
    date_rank = np.empty(n, dtype=np.int64)
    date_rank[stable_order(pub_key, out_rank)] = np.arange(n)     # ties: (source_id, span_start, group)
    sent_start = pd.to_numeric(df["sentence_start"]).to_numpy(dtype=np.int64, na_value=-1) \
        if "sentence_start" in df else np.full(n, -1, dtype=np.int64)
    return RowIndex(n=n, body=body, clean=clean, kind=kind, kinds=kinds, unit=unit, units=units,
                    qualifier=qual, qualifiers=quals, src=src, sources=sources, rate_empty=rate_empty, rate=rate,
                    rates=rates, low=low, high=high, published=published, time_start=t_start, time_end=t_end,
                    grp=grp, dedupe_order=dedupe_order, out_rank=out_rank, out_order=out_order, src_order=src_order,
                    src_start=src_start, primary=primary, primaries=primaries, span_start=span,
                    sentence_start=sent_start, ent_key=ent_key, ent_keys=ent_keys, all_ent_key=all_ent_key,
                    all_ent_keys=all_ent_keys, bounds_key=bounds_key, date_rank=date_rank)


def top_order(desc: np.ndarray, then_asc: np.ndarray | None = None, limit: int | None = None) -> np.ndarray:
    """Indexes of the `limit` largest `desc` values (NaN last), ties by `then_asc` (NaN last), then by
    position — `np.lexsort((then_asc, -desc))[:limit]` without sorting everything."""
    k1 = np.where(np.isnan(desc), np.inf, -desc)
    k2 = np.zeros(len(k1)) if then_asc is None else np.where(np.isnan(then_asc), np.inf, then_asc)
    if limit is None or limit >= len(k1):
        return np.lexsort((k2, k1))
    if limit <= 0:
        return np.zeros(0, dtype=np.int64)
    threshold = np.partition(k1, limit - 1)[limit - 1]
    candidates = np.flatnonzero(k1 <= threshold)
    return candidates[np.lexsort((k2[candidates], k1[candidates]))][:limit]


def dedupe(index: RowIndex, selected: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row per (source_id, mention group) among `selected` rows: (positions, mentions).

    The row kept is the first body mention that states a period, else the first body
    mention, else the first mention; the result is in (source_id, span_start) order —
    exactly `prep.dedupe_mentions`, without touching the frame."""
    order = index.dedupe_order
    rows = order[selected[order]]
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    g = index.grp[rows]
    start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    reps = rows[start]
    mentions = np.diff(np.r_[start, len(rows)])
    if len(reps) * 8 < index.n:         # few: sort them
        out = np.argsort(index.out_rank[reps], kind="stable")
        return reps[out], mentions[out]
    count = np.zeros(index.n, dtype=np.int64)   # many: walk the precomputed order instead of sorting
    count[reps] = mentions
    ordered = index.out_order[count[index.out_order] > 0]
    return ordered, count[ordered]


# ---------------------------------------------------------------- one index per corpus

_LOCK = threading.Lock()
_BY_KEY: OrderedDict[tuple, RowIndex] = OrderedDict()
_MAX = 6


def for_frame(key: tuple, df: pd.DataFrame) -> RowIndex:
    """The index of `df`, kept under `key` (a `Corpus.key`); built when missing. Empty keys are never kept."""
    if not key:
        return of(df)
    with _LOCK:
        found = _BY_KEY.get(key)
        if found is not None and found.n == len(df):
            _BY_KEY.move_to_end(key)
            return found
    built = of(df)
    with _LOCK:
        _BY_KEY[key] = built
        while len(_BY_KEY) > _MAX:
            _BY_KEY.popitem(last=False)
    return built


def for_corpus(corpus) -> RowIndex:
    return for_frame(corpus.key, corpus.claims)
