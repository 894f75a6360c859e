"""bench/make_claims_table.py: synthetic tables for the scale benchmark are valid, and the app reads them."""
import numpy as np
import pandas as pd
import pytest

from claims import schema
from components import data
from tests.claims_factory import bench_table_maker

ROWS = 2000


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    out = tmp_path_factory.mktemp("scale")
    n, n_articles = bench_table_maker().make_tables(out, ROWS)
    return out, n, n_articles


def test_generated_table_validates_with_the_requested_rows(table):
    out, n, n_articles = table
    claims = schema.read_table(out / "claims.parquet")
    schema.validate(claims)                                   # raises on any contract problem
    assert n == len(claims) == ROWS
    assert claims["claim_id"].is_unique
    articles = schema.read_table(out / "articles.parquet", schema.ARTICLE_FIELDS)
    assert len(articles) == n_articles == claims["source_id"].nunique()
    assert set(articles["source_id"]) == set(claims["source_id"])


def test_bounds_stay_ordered_and_groups_stay_in_one_article(table):
    out, _, _ = table
    df = pd.read_parquet(out / "claims.parquet")
    v, lo, hi = df["value"], df["value_low"], df["value_high"]
    assert ((lo <= v) | lo.isna() | v.isna()).all()
    assert ((v <= hi) | hi.isna() | v.isna()).all()
    assert (df.groupby("mention_group")["source_id"].nunique() == 1).all()
    # every mention of one figure in one article keeps the same bounds
    spread = df.groupby("mention_group")[["value_low", "value_high"]].nunique(dropna=False)
    assert (spread <= 1).all().all()


def test_dates_follow_the_article_and_output_is_deterministic(table, tmp_path):
    out, _, _ = table
    df = pd.read_parquet(out / "claims.parquet", columns=["claim_id", "source_id", "published"])
    arts = pd.read_parquet(out / "articles.parquet", columns=["source_id", "published"])
    merged = df.merge(arts, on="source_id", suffixes=("", "_article"))
    assert (merged["published"] == merged["published_article"]).all()
    bench_table_maker().make_tables(tmp_path, ROWS)
    again = pd.read_parquet(tmp_path / "claims.parquet", columns=["claim_id", "value"])
    assert again["claim_id"].tolist() == df["claim_id"].tolist()
    first = pd.read_parquet(out / "claims.parquet", columns=["value"])["value"].to_numpy()
    assert np.array_equal(again["value"].to_numpy(), first, equal_nan=True)


def test_app_loads_the_generated_table_and_reads_texts_one_at_a_time(table, monkeypatch):
    out, _, n_articles = table
    corpus = data.load_corpus(out / "claims.parquet")
    assert len(corpus.claims) == ROWS and len(corpus.titles) == n_articles
    assert corpus.text_path == out / "articles.parquet"
    assert corpus.articles["text"].isna().all()               # texts stay on disk
    sid = corpus.articles["source_id"].iloc[-1]
    text = data.read_article_text(corpus.text_path, sid)
    assert text and text == pd.read_parquet(out / "articles.parquet").set_index("source_id").at[sid, "text"]
    monkeypatch.setattr(data, "TEXT_IN_MEMORY_BYTES", 0)      # the batch-by-batch path for big text columns
    assert data.read_article_text(out / "articles.parquet", sid) == text
    assert data.read_article_text(out / "articles.parquet", "no-such-article") is None
