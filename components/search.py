"""Text search over the claims table (pure).

The query is normalized with Sudachi once and matched against `sentence_norm`,
the normalized forms written at build time, so spelling variants match
(スターゲート finds スターゲイト). The raw query is also matched against the
sentence and the surface, so partial words that Sudachi would split
differently still hit. Words separated by spaces must all match.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claims.tokenizer import normalized


@lru_cache(maxsize=256)
def normalized_query(term: str) -> str:
    return normalized(term)


def _contains(col: pd.Series, needle: str) -> np.ndarray:
    if not needle:
        return np.zeros(len(col), dtype=bool)
    arr = pa.array(col.array) if isinstance(col.dtype, pd.ArrowDtype) else pa.array(col.astype(object).tolist(),
                                                                                    type=pa.string())
    hit = pc.match_substring(arr, needle, ignore_case=True)
    return hit.fill_null(False).to_numpy(zero_copy_only=False)


def search_mask(df: pd.DataFrame, query: str) -> np.ndarray:
    mask = np.ones(len(df), dtype=bool)
    for term in (query or "").split():
        hit = _contains(df["sentence"], term) | _contains(df["surface"], term)
        if "sentence_norm" in df:
            hit |= _contains(df["sentence_norm"], normalized_query(term))
        mask &= hit
    return mask


def search(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose sentence or surface matches every word of `query` (all rows for an empty query)."""
    if not (query or "").strip():
        return df
    return df[search_mask(df, query)]
