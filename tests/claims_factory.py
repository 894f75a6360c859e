"""Build small claims/articles tables for UI tests (defaults fill every contract column)."""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from claims import schema
from claims.query.tables import Tables, open_tables

DEFAULTS = {
    "source_id": "s1", "section": "body", "flags": [], "kind": "power", "unit": "GW", "qualifier": "exact",
    "rate_per": "", "entities": [], "context_entities": [], "published": date(2025, 1, 1),
    "time_start": None, "time_end": None, "time_text": "", "measure": "", "modality": "", "speaker": "",
}


def claim(surface: str, sentence: str | None = None, value: float | None = 1.0, **fields) -> dict:
    row = dict(DEFAULTS) | fields
    sentence = sentence if sentence is not None else f"{surface}の文。"
    start = row.pop("span_start", sentence.find(surface) if surface in sentence else 0)
    row |= {"surface": surface, "sentence": sentence, "span_start": start, "span_end": start + len(surface),
            "sentence_start": row.get("sentence_start", 0), "sentence_end": len(sentence),
            "sentence_norm": row.get("sentence_norm", sentence), "value": value}
    q = row["qualifier"]
    row.setdefault("value_low", None if q == "at_most" else value)
    row.setdefault("value_high", None if q == "at_least" else value)
    key = f"{row['source_id']}|{surface}|{row['span_start']}|{sentence}|{row['kind']}"
    row.setdefault("claim_id", hashlib.sha1(key.encode()).hexdigest()[:16])
    row.setdefault("mention_group", "mg_" + hashlib.sha1(
        f"{row['source_id']}|{row['kind']}|{row['unit']}|{row['value_low']}|{row['value_high']}|{row['rate_per']}"
        .encode()).hexdigest()[:12])
    return row


def frame(rows: list[dict]):
    return schema.to_frame(schema.records_to_table(rows, schema.CLAIM_FIELDS))


def open_rows(folder: Path, rows: list[dict], articles: list[dict] | None = None) -> Tables:
    """The query layer's tables over `rows` (written to `folder` as the app would read them)."""
    return open_tables(write_tables(folder, rows, articles))


class Shipped:
    """A table read straight from its files with pandas, independently of the code under test."""

    def __init__(self, path: Path):
        path = Path(path)
        self.claims = pq.read_table(path).to_pandas()
        articles = pq.read_table(path.with_name("articles.parquet"), columns=["source_id", "title"]).to_pandas()
        self.titles = dict(sorted(zip(articles["source_id"], articles["title"], strict=True)))

    @property
    def body(self):
        return self.claims[self.claims["section"].isin(["body", "title"])]

    @property
    def clean(self):
        """Rows the charts draw: body or title, no flags, not a hypothetical."""
        body = self.body
        return body[[len(f) == 0 and m != "hypothetical" for f, m in zip(body["flags"], body["modality"], strict=True)]]


def write_tables(folder: Path, rows: list[dict], articles: list[dict] | None = None,
                 suffix: str = ".parquet") -> Path:
    """Write claims (and optionally articles) tables into `folder`; returns the claims path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"claims{suffix}"
    schema.write_table(schema.records_to_table(rows, schema.CLAIM_FIELDS), path)
    if articles is not None:
        schema.write_table(schema.records_to_table(articles, schema.ARTICLE_FIELDS), folder / f"articles{suffix}")
    return path


def bench_table_maker():
    """bench/make_claims_table.py as a module (its `make_tables(out, rows)` writes synthetic large tables)."""
    path = Path(__file__).resolve().parents[1] / "bench" / "make_claims_table.py"
    spec = importlib.util.spec_from_file_location("make_claims_table", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_claims_table", mod)
    spec.loader.exec_module(mod)
    return mod
