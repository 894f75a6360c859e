"""The pages' fast path (whole table + filter mask + RowIndex) gives exactly what the frame path gives."""
import importlib.util
from datetime import date

import numpy as np
import pandas as pd
import pytest

from claims.entities import load_entities
from components import conflicts, data, filters, prep, rowindex
from components.filters import FilterState
from tests.claims_factory import claim, frame

ROOT = data.DATA_DIR.parent
STATES = [FilterState(), FilterState(kinds=("power", "money")), FilterState(entities=("Stargate",)),
          FilterState(all_sections=True), FilterState(qualifiers=("exact", "approx"), kinds=("money",)),
          FilterState(date_range=(date(2024, 6, 1), date(2025, 6, 30)))]


def _reference_dedupe(df: pd.DataFrame) -> pd.DataFrame:
    """The pandas version `rowindex.dedupe` replaced (sort by group and rank, keep the first)."""
    d = df.copy()
    group = d["mention_group"].astype(object).where(d["mention_group"].notna() & (d["mention_group"] != ""),
                                                    d["claim_id"].astype(object))
    d["_mg"] = group.astype(str)
    d["_rank"] = (d["section"] != "body").to_numpy(dtype=int, na_value=1) * 2 + \
        (d["time_start"].isna() & d["time_end"].isna()).to_numpy(dtype=int, na_value=1)
    d = d.sort_values(["source_id", "_mg", "_rank", "span_start"], kind="stable")
    d["mentions"] = d.groupby(["source_id", "_mg"], sort=False)["_mg"].transform("size").astype("int64")
    first = d.drop_duplicates(["source_id", "_mg"], keep="first")
    return first.drop(columns=["_mg", "_rank"]).sort_values(["source_id", "span_start"], kind="stable")


@pytest.fixture(scope="module", params=["shipped", "synthetic"])
def corpus(request, tmp_path_factory):
    if request.param == "shipped":
        return data.load_corpus(data.DEFAULT_TABLE)
    spec = importlib.util.spec_from_file_location("make_claims_table", ROOT / "bench" / "make_claims_table.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path_factory.mktemp("rowindex")
    mod.make_tables(out, 3000)
    return data.load_corpus(out / "claims.parquet")


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


def test_dedupe_matches_the_pandas_version(corpus):
    for state in STATES:
        rows = filters.apply_filters(corpus.claims, state)
        want = _reference_dedupe(rows)
        got = prep.dedupe_mentions(rows)
        _same(got, want)
        ri = rowindex.of(corpus.claims)
        reps, mentions = rowindex.dedupe(ri, filters.filter_mask(corpus.claims, state, ri))
        assert corpus.claims["claim_id"].iloc[reps].tolist() == want["claim_id"].tolist()
        assert mentions.tolist() == want["mentions"].tolist()


def test_indexed_filter_mask_matches_the_frame_mask(corpus):
    ri = rowindex.of(corpus.claims)
    for state in STATES + [FilterState(sources=(corpus.claims["source_id"].iloc[-1], "no-such-source"))]:
        assert np.array_equal(filters.filter_mask(corpus.claims, state, ri), filters.filter_mask(corpus.claims, state))


def test_prep_on_mask_and_index_matches_prep_on_filtered_rows(corpus):
    ri = rowindex.of(corpus.claims)
    ent = load_entities()
    c = corpus
    for state in STATES:
        rows = filters.apply_filters(c.claims, state)
        m = filters.filter_mask(c.claims, state, ri)
        kw = {"mask": m, "index": ri}
        for kind in ("power", "money", "count"):
            bars, excluded = prep.compare_bars(rows, kind, c.titles, c.source_labels, 120.0)
            top, top_excluded, n, n_excluded = prep.compare_bars_top(c.claims, kind, c.titles, c.source_labels, 120.0,
                                                                     limit=7, excluded_limit=3, **kw)
            _same(top, bars.head(7))
            _same(top_excluded, excluded.head(3))
            assert (n, n_excluded) == (len(bars), len(excluded))
        for kind in ("power", "money"):
            _same(prep.headline(c.claims, kind, c.titles, **kw), prep.headline(rows, kind, c.titles))
        _same(prep.kind_counts(c.claims, **kw), prep.kind_counts(rows))
        rates = prep.annualized_rates(rows, c.titles)
        got, n = prep.annualized_rates_top(c.claims, c.titles, limit=4, **kw)
        _same(got, rates.head(4))
        assert n == len(rates)
        per_gw = prep.dollars_per_gw(rows, c.titles)
        got, n = prep.dollars_per_gw_top(c.claims, c.titles, limit=5, **kw)
        _same(got, per_gw.head(5))
        assert n == len(per_gw)
        for by in ("entity", "kind"):
            for limit in (5000, 40):
                a, n_a = prep.timeline_said(c.claims, c.titles, by, limit, **kw)
                b, n_b = prep.timeline_said(rows, c.titles, by, limit)
                _same(a, b)
                assert n_a == n_b
            a, n_a = prep.timeline_meant(c.claims, c.titles, c.source_labels, by, 30, **kw)
            b, n_b = prep.timeline_meant(rows, c.titles, c.source_labels, by, 30)
            _same(a, b)
            assert n_a == n_b
        _same(prep.excluded_rows(c.claims, c.titles, limit=10, **kw), prep.excluded_rows(rows, c.titles).head(10))
        _same(conflicts.find_conflicts(c.claims, ent.types, ent.affiliation, **kw),
              conflicts.find_conflicts(rows, ent.types, ent.affiliation))


def test_top_order_is_a_partial_lexsort():
    rng = np.random.default_rng(1)
    desc = rng.integers(0, 20, 500).astype(float)
    desc[rng.integers(0, 500, 40)] = np.nan
    then = rng.integers(0, 5, 500).astype(float)
    then[rng.integers(0, 500, 40)] = np.nan
    full = np.lexsort((np.where(np.isnan(then), np.inf, then), np.where(np.isnan(desc), np.inf, -desc)))
    for limit in (1, 7, 60, 499, 500, 800, None):
        assert rowindex.top_order(desc, then, limit).tolist() == full[:limit].tolist()


def test_entity_keys_ignore_order_and_merge_context():
    df = frame([claim("1GW", entities=["b", "a"], context_entities=["a", "c"]),
                claim("2GW", entities=["a", "b"]),
                claim("3GW")])
    ri = rowindex.of(df)
    assert ri.ent_key[0] == ri.ent_key[1] and ri.ent_key[2] == -1
    assert ri.all_ent_keys[ri.all_ent_key[0]] == ("a", "b", "c")
    assert df["_entities"].tolist()[0] == ["b", "a", "c"] and df["_primary"].tolist() == ["b", "a", ""]
