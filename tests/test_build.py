"""Whole-corpus checks: golden file, shipped tables not stale, CLI behaviour."""
import json
import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from claims import schema
from claims.build import build_tables, iter_articles
from claims.score import score_files
from claims.sources import load_sources

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLDEN = ROOT / "tests" / "golden" / "shipped_claims.jsonl"
GOLDEN_COLUMNS = ["source_id", "span_start", "span_end", "surface", "section", "flags", "kind", "unit",
                  "value", "value_low", "value_high", "qualifier", "rate_per", "time_start", "time_end",
                  "entities", "context_entities"]


@pytest.fixture(scope="module")
def fresh():
    paths = sorted(RAW.glob("*.txt"))
    claims, articles = build_tables(iter_articles(paths, load_sources(ROOT / "data" / "sources.csv")))
    return schema.to_frame(claims), schema.to_frame(articles)


def _jsonable(row: dict) -> dict:
    out = {}
    for k in GOLDEN_COLUMNS:
        v = row[k]
        if isinstance(v, float) and math.isnan(v) or v is None or v is pd.NA:
            v = None
        elif hasattr(v, "isoformat"):
            v = v.isoformat()
        elif isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
            v = list(v)
        out[k] = v
    return out


def test_golden_file(fresh):
    """Every claim of the shipped articles, reviewed by hand. UPDATE_GOLDEN=1 rewrites it."""
    claims, _ = fresh
    got = [_jsonable(r) for r in claims.to_dict("records")]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in got), encoding="utf-8")
    want = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert [(r["source_id"], r["surface"]) for r in got] == [(r["source_id"], r["surface"]) for r in want]
    for g, w in zip(got, want, strict=True):
        assert g == w


def test_spans_index_the_article_text(fresh):
    claims, articles = fresh
    texts = dict(zip(articles["source_id"], articles["text"], strict=True))
    for r in claims.to_dict("records"):
        text = texts[r["source_id"]]
        assert text[r["span_start"]:r["span_end"]] == r["surface"]
        assert text[r["sentence_start"]:r["sentence_end"]] == r["sentence"]
        assert r["sentence_start"] <= r["span_start"] < r["span_end"] <= r["sentence_end"]


def test_ids_are_stable_and_unique(fresh):
    claims, _ = fresh
    assert claims["claim_id"].is_unique
    again, _ = build_tables(iter_articles(sorted(RAW.glob("*.txt")),
                                          load_sources(ROOT / "data" / "sources.csv")))
    assert again.column("claim_id").to_pylist() == claims["claim_id"].tolist()


@pytest.mark.parametrize("name", ["claims.parquet", "claims.csv", "articles.parquet", "articles.csv"])
def test_shipped_tables_are_not_stale(fresh, name):
    claims, articles = fresh
    expected = articles if name.startswith("articles") else claims
    fields = schema.ARTICLE_FIELDS if name.startswith("articles") else schema.CLAIM_FIELDS
    shipped = schema.read_table(ROOT / "data" / name, fields)
    assert list(shipped.columns) == list(expected.columns), f"data/{name}: columns differ; rebuild it"
    pd.testing.assert_frame_equal(shipped.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False, obj=f"data/{name} (stale? rebuild: see README)")


def test_scorer_gives_full_marks_on_shipped_csv():
    """The shipped table against the seed gold (tests/golden/seed_gold.jsonl), by the project's scorer."""
    report = score_files(ROOT / "data" / "claims.csv", ROOT / "tests" / "golden" / "seed_gold.jsonl", RAW)
    text = "\n".join(report.lines(show=True))
    assert report.f1 == 1.0 and report.overall.gold == 31, text
    assert (report.qualifier.ok, report.qualifier.total) == (31, 31), text


# ---------------------------------------------------------------- CLI

def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "claims", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_cli_writes_both_formats_and_articles_beside(tmp_path):
    out = run_cli("build", RAW, "--out", tmp_path / "c.parquet", "--out", tmp_path / "c.csv", "--quiet")
    assert out.returncode == 0, out.stderr
    for name in ("c.parquet", "c.csv", "articles.parquet", "articles.csv"):
        assert (tmp_path / name).stat().st_size > 0
    csv_text = (tmp_path / "c.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")       # BOM for Excel
    csv = schema.read_table(tmp_path / "c.csv")
    pq = schema.read_table(tmp_path / "c.parquet")
    pd.testing.assert_frame_equal(csv, pq, check_dtype=False)


def test_cli_without_sources_still_builds(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "007.txt").write_text("見出し\n出力は約100MWだ。", encoding="utf-8")
    out = run_cli("build", tmp_path / "in", "--out", tmp_path / "c.parquet", "--quiet")
    assert out.returncode == 0, out.stderr
    df = schema.read_table(tmp_path / "c.parquet")
    assert df["source_id"].tolist() == ["007"] and df["value"].tolist() == [0.1]
    arts = schema.read_table(tmp_path / "articles.parquet", schema.ARTICLE_FIELDS)
    assert arts["title"].tolist() == ["007"] and arts["published"].isna().all()


def _copies(dest: Path, n: int) -> list[Path]:
    dest.mkdir()
    originals = sorted(RAW.glob("*.txt"))
    for i in range(n):
        src = originals[i % len(originals)]
        (dest / f"c{i:03d}_{src.stem}.txt").write_bytes(src.read_bytes())
    return sorted(dest.glob("*.txt"))


def test_parallel_and_batched_builds_equal_the_single_process_build(tmp_path):
    """--jobs 2 (worker pool, chunks) and tiny flush batches write exactly the one-process table,
    in input order, and report every article once."""
    from claims.build import build_to

    paths = _copies(tmp_path / "in", 23)
    seen: list[str] = []
    n1 = build_to([tmp_path / "one.parquet"], paths, {}, jobs=1, on_article=lambda r: seen.append(r["source_id"]))
    n2 = build_to([tmp_path / "par" / "two.parquet"], paths, {}, jobs=2)
    n3 = build_to([tmp_path / "small" / "three.parquet"], paths, {}, jobs=1, batch_rows=5, batch_bytes=1)
    assert n1 == n2 == n3 and n1[1] == 23
    assert seen == [p.stem for p in paths]
    one = schema.read_table(tmp_path / "one.parquet")
    assert one["source_id"].drop_duplicates().tolist() == [p.stem for p in paths]
    for other in (tmp_path / "par" / "two.parquet", tmp_path / "small" / "three.parquet"):
        pd.testing.assert_frame_equal(schema.read_table(other), one)


def _currency_rows(text: str, *surfaces: str) -> list[dict]:
    """Rows as the build makes them (unit as the unit table reads it), one per surface found in `text`."""
    rows = []
    for surface in surfaces:
        at = text.index(surface)
        rows.append({"unit": "SAR" if surface.endswith("リヤル") else "MXN", "surface": surface, "span_start": at,
                     "sentence_start": text.rfind("。", 0, at) + 1})
    return rows


def test_a_shared_currency_name_is_read_as_the_articles_country():
    from claims.build import _local_currency
    text = "カタール政府はカタールで750億リヤルを投じる。サウジの例も10億サウジ・リヤル。"
    rows = _currency_rows(text, "750億リヤル", "10億サウジ・リヤル")
    _local_currency(rows, text)
    assert [r["unit"] for r in rows] == ["QAR", "SAR"]
    text = "サウジアラビアの計画、サウジ政府は750億リヤルを投じる。"
    rows = _currency_rows(text, "750億リヤル")
    _local_currency(rows, text)
    assert rows[0]["unit"] == "SAR"


def test_a_shared_currency_name_is_read_as_the_country_its_paragraph_names():
    """A round-up of several countries: each bare ペソ is the peso of the country named before it in its
    paragraph (【メキシコ】… then the next sentence's figure); a paragraph naming none takes the article's."""
    from claims.build import _local_currency
    text = ("中南米で投資が続く。\nチリでは送電線に約2兆5,000億ペソ、メキシコでは900億ペソ。\n"
            "【フィリピン】計画が動く。総額は200億ペソ。\n総額は50億ペソとされる。")
    rows = _currency_rows(text, "2兆5,000億ペソ", "900億ペソ", "200億ペソ", "50億ペソ")
    _local_currency(rows, text)
    assert [r["unit"] for r in rows] == ["CLP", "MXN", "PHP", "MXN"]


def test_a_results_articles_later_lines_carry_its_period():
    from claims.build import Article, article_claims
    from claims.sources import ArticleMeta
    text = ("t\n北浜電機が5日発表した2026年4〜6月期の連結決算は、売上高が前年同期比8％増の2,140億円だった。"
            "データセンター事業の売上高は同21％増の640億円、前年同期は529億円だった。\n営業利益　312億円（9.4％増）\n"
            "同社はクラウド基盤に年間150億円前後を投じている。\n")
    rows = article_claims(Article(ArticleMeta("x", title="t", published=date(2026, 8, 6)), text))
    periods = {r["surface"]: (r["time_start"], r["time_end"]) for r in rows if r["kind"] == "money"}
    quarter, year_before = (date(2026, 4, 1), date(2026, 6, 30)), (date(2025, 4, 1), date(2025, 6, 30))
    assert periods == {"2,140億円": quarter, "640億円": quarter, "529億円": year_before, "312億円": quarter,
                       "150億円前後": (None, None)}
