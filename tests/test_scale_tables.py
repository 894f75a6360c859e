"""bench/make_claims_table.py: synthetic tables for the scale benchmark are valid, varied, streamed, and the app reads them."""
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims import schema

ROOT = Path(__file__).resolve().parents[1]
ROWS = 2000
SRC = ROOT / "data" / "claims.parquet"


def _load_maker():
    """bench/make_claims_table.py as a module (what tests.claims_factory.bench_table_maker does)."""
    spec = importlib.util.spec_from_file_location("make_claims_table", ROOT / "bench" / "make_claims_table.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_claims_table", mod)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def maker():
    return _load_maker()


@pytest.fixture(scope="module")
def table(tmp_path_factory, maker):
    out = tmp_path_factory.mktemp("scale")
    n, n_articles = maker.make_tables(out, ROWS)                 # default layout: both
    return out, n, n_articles


def _claims(out):
    return pd.read_parquet(out / "claims.parquet")


def _articles(out):
    return pd.read_parquet(out / "articles.parquet")


def test_generated_table_validates_with_the_requested_rows(table):
    out, n, n_articles = table
    claims = schema.read_table(out / "claims.parquet")
    schema.validate(claims)                                   # raises on any contract problem
    assert n == len(claims) == ROWS
    assert claims["claim_id"].is_unique
    assert list(claims.columns)[:len(schema.CLAIM_FIELDS)] == list(schema.CLAIM_FIELDS)
    articles = schema.read_table(out / "articles.parquet", schema.ARTICLE_FIELDS)
    assert len(articles) == n_articles == claims["source_id"].nunique()
    assert set(articles["source_id"]) == set(claims["source_id"])


def test_spans_and_sentences_index_the_new_texts(table):
    out, _, _ = table
    df = _claims(out)
    texts = _articles(out).set_index("source_id")["text"]
    for r in df.itertuples():
        text = texts[r.source_id]
        assert text[r.span_start:r.span_end] == r.surface
        assert text[r.sentence_start:r.sentence_end] == r.sentence
        assert r.sentence_start <= r.span_start <= r.span_end <= r.sentence_end
    arts = _articles(out)
    assert (arts["n_chars"] == arts["text"].str.len()).all()


def test_bounds_follow_the_qualifier_and_groups_stay_in_one_article(table):
    out, _, _ = table
    df = _claims(out)
    v, lo, hi, q = df["value"], df["value_low"], df["value_high"], df["qualifier"]
    has = v.notna()
    assert ((lo <= v) | lo.isna() | ~has).all()
    assert ((v <= hi) | hi.isna() | ~has).all()
    exact = has & q.isin(["exact", "approx"])
    assert ((lo == v) & (hi == v))[exact].all()
    assert ((lo == v) & hi.isna())[has & (q == "at_least")].all()
    assert (lo.isna() & (hi == v))[has & (q == "at_most")].all()
    assert ((lo == v) & (hi > v))[has & q.isin(["range", "vague"])].all()
    assert (df.groupby("mention_group")["source_id"].nunique() == 1).all()
    # every mention of one figure in one article keeps the same bounds
    spread = df.groupby("mention_group")[["value_low", "value_high"]].nunique(dropna=False)
    assert (spread <= 1).all().all()


def test_new_figures_in_the_text_carry_their_values(table):
    out, _, _ = table
    df = _claims(out)
    oku = df[df["surface"].str.fullmatch(r"[0-9,]+億ドル") & (df["kind"] == "money")]
    assert len(oku) > 50 and oku["surface"].nunique() > 20    # digits vary per copy
    expect = oku["surface"].str.replace(",", "").str.extract(r"(\d+)")[0].astype(float) * 1e8
    assert np.allclose(oku["value"], expect, rtol=1e-12)
    # all mentions of one figure were rewritten alike (5000億ドル / 5,000億ドル)
    digits = df["surface"].str.replace(",", "").str.extract(r"(\d+)億ドル")[0]
    same = df.assign(d=digits).dropna(subset=["d"]).groupby("mention_group")["d"].nunique()
    assert (same == 1).all()


def test_distinct_sentences_and_texts_grow_with_rows(maker, tmp_path):
    src = pd.read_parquet(SRC, columns=["sentence"])
    counts = {}
    for rows in (500, ROWS):
        maker.make_tables(tmp_path / str(rows), rows, layout="single")
        df = pd.read_parquet(tmp_path / str(rows) / "claims.parquet", columns=["sentence", "entities"])
        counts[rows] = df["sentence"].nunique()
        arts = pd.read_parquet(tmp_path / str(rows) / "articles.parquet", columns=["text"])
        assert arts["text"].is_unique
    assert counts[500] > 5 * src["sentence"].nunique()
    assert counts[ROWS] > 3 * counts[500]
    assert counts[ROWS] > 0.5 * ROWS


def test_entities_rotate_with_the_text(table):
    out, _, _ = table
    df = _claims(out)
    assert df["entities"].map(tuple).nunique() > 50
    known = set(pd.read_csv(SRC.with_name("entities.csv"))["canonical"]) \
        | {e for lst in pd.read_parquet(SRC, columns=["entities"])["entities"] for e in lst}
    assert {e for lst in df["entities"] for e in lst} <= known
    # a rotated name in the list is written in the sentence (entities found by an ASCII alias)
    ascii_names = {"OpenAI", "NVIDIA", "Oracle", "TSMC", "Microsoft", "Google", "Anthropic", "Amazon"}
    rows = df[df["section"] == "body"]
    hits = [(e, s) for lst, s in zip(rows["entities"], rows["sentence"], strict=True) for e in lst
            if e in ascii_names and re.search(re.escape(e), s)]
    assert len(hits) > 100


def test_dates_follow_the_article_and_relative_periods_are_kept(table):
    out, _, _ = table
    df = _claims(out)
    arts = _articles(out)
    merged = df.merge(arts[["source_id", "published", "reference_date"]], on="source_id", suffixes=("", "_article"))
    assert (merged["published"] == merged["published_article"]).all()
    src = pd.read_parquet(SRC)
    src_arts = pd.read_parquet(schema.TablePaths.beside(SRC).articles)
    for d in (df, arts, src, src_arts):
        for col in ("published", "reference_date", "time_start", "time_end"):
            if col in d:
                d[col] = pd.to_datetime(d[col])
    shifts = set()
    for sid, rows in df.groupby("source_id", sort=False):
        orig_id = sid.split("_", 1)[1]
        orig = src[src["source_id"] == orig_id].iloc[:len(rows)].reset_index(drop=True)
        rows = rows.reset_index(drop=True)
        shift = rows["published"].iloc[0] - orig["published"].iloc[0]
        shifts.add(shift)
        for col in ("time_start", "time_end"):
            a, b = rows[col], orig[col]
            assert ((a.isna() & b.isna()) | (a == b + shift)).all(), (sid, col)
        ref = arts.loc[arts["source_id"] == sid, "reference_date"].iloc[0]
        assert ref == src_arts.loc[src_arts["source_id"] == orig_id, "reference_date"].iloc[0] + shift
    assert len(shifts) > 20


def test_output_is_deterministic_and_depends_on_the_seed(table, maker, tmp_path):
    out, _, _ = table
    maker.make_tables(tmp_path / "again", ROWS, layout="single")
    assert pq.read_table(tmp_path / "again" / "claims.parquet").equals(pq.read_table(out / "claims.parquet"))
    assert pq.read_table(tmp_path / "again" / "articles.parquet").equals(pq.read_table(out / "articles.parquet"))
    maker.make_tables(tmp_path / "other", ROWS, seed=1, layout="single")
    other = pd.read_parquet(tmp_path / "other" / "claims.parquet", columns=["claim_id", "sentence", "value"])
    first = _claims(out)
    assert other["claim_id"].tolist() == first["claim_id"].tolist()      # ids: source and copy, not seed
    assert other["sentence"].tolist() != first["sentence"].tolist()


def test_dataset_parts_hold_the_same_rows_as_the_single_files(table, maker, tmp_path, monkeypatch):
    out, _, _ = table
    parts = sorted(p.name for p in (out / "claims").iterdir())
    assert parts == [f"part-{i:05d}.parquet" for i in range(len(parts))]
    assert pq.read_table(out / "claims").equals(pq.read_table(out / "claims.parquet"))
    assert pq.read_table(out / "articles").equals(pq.read_table(out / "articles.parquet"))
    # several parts and row groups: part k of the articles holds the articles of part k of the claims
    monkeypatch.setattr(maker, "BATCH_ROWS", 150)
    monkeypatch.setattr(maker, "PART_ROWS", 400)
    n, _ = maker.make_tables(tmp_path, ROWS, layout="dataset")
    assert not (tmp_path / "claims.parquet").exists()
    claim_parts = sorted((tmp_path / "claims").glob("part-*.parquet"))
    article_parts = sorted((tmp_path / "articles").glob("part-*.parquet"))
    assert len(claim_parts) == len(article_parts) > 3
    assert pq.ParquetFile(claim_parts[0]).num_row_groups > 1
    assert pq.ParquetFile(claim_parts[0]).metadata.row_group(0).column(0).compression == "ZSTD"
    for c, a in zip(claim_parts, article_parts, strict=True):
        assert set(pq.read_table(c, columns=["source_id"])["source_id"].to_pylist()) \
            == set(pq.read_table(a, columns=["source_id"])["source_id"].to_pylist())
    whole = pq.read_table(tmp_path / "claims")
    assert whole.num_rows == n == ROWS
    assert whole.equals(pq.read_table(out / "claims.parquet"))      # same rows whatever the batch size


def test_columns_come_from_the_schema_and_unknown_ones_pass_through(maker, tmp_path):
    src_dir = tmp_path / "src"
    src_dir.mkdir()
    claims = pq.read_table(SRC)
    claims = claims.append_column("extra_note", pa.array([f"n{i}" for i in range(claims.num_rows)]))
    pq.write_table(claims, src_dir / "claims.parquet")
    arts = pq.read_table(schema.TablePaths.beside(SRC).articles)
    pq.write_table(arts.append_column("extra_tag", pa.array(["t"] * arts.num_rows)), src_dir / "articles.parquet")
    maker.make_tables(tmp_path / "out", 300, src=src_dir / "claims.parquet", layout="single")
    out = pd.read_parquet(tmp_path / "out" / "claims.parquet")
    assert list(out.columns) == list(schema.CLAIM_FIELDS) + ["extra_note"]
    assert out["extra_note"].str.fullmatch(r"n\d+").all()
    assert (pd.read_parquet(tmp_path / "out" / "articles.parquet")["extra_tag"] == "t").all()


def test_app_loads_the_generated_tables_and_reads_texts_one_at_a_time(table):
    from claims.query.tables import NO_EXTRAS, article_text, open_tables

    out, _, n_articles = table
    texts = _articles(out).set_index("source_id")["text"]
    for path in (out / "claims.parquet", out):                # single files, and the dataset directory
        tables = open_tables(path)
        assert tables.n_rows == ROWS and len(tables.titles) == n_articles
        assert tables.has_articles and tables.text_files      # texts stay on disk
        sid = texts.index[-1]
        assert article_text(tables, NO_EXTRAS, sid) == texts[sid]
        assert article_text(tables, NO_EXTRAS, "no-such-article") is None
