"""The app's table loader on bad tables: a specific SchemaError (the app turns it into a Japanese
error page with the rebuild command; tests/test_pages.py checks that page).

Bad inputs tried: missing file, empty file, a text file named .parquet, a truncated Parquet file,
an unknown extension, a CSV missing contract columns, a CSV with text in a number column, a CSV
with an impossible date, unknown kind/qualifier/section values, spans that run backwards, duplicate
claim_ids, a valid table with zero rows (accepted: pages show "no data" messages).
"""
import pandas as pd
import pytest

from claims import schema
from components import data


@pytest.fixture(scope="module")
def good():
    return pd.read_csv(data.DATA_DIR / "claims.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_csv(tmp_path, frame):
    path = tmp_path / "claims.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def fails(path, fragment):
    with pytest.raises(schema.SchemaError) as err:
        data.load_corpus(path)
    assert fragment in str(err.value), str(err.value)


def test_missing_empty_and_not_a_table(tmp_path):
    fails(tmp_path / "nope.parquet", "file not found")
    (tmp_path / "empty.parquet").write_bytes(b"")
    fails(tmp_path / "empty.parquet", "the file is empty")
    (tmp_path / "text.parquet").write_text("source_id,kind\n1,power\n")
    fails(tmp_path / "text.parquet", "not a readable parquet table")
    cut = tmp_path / "cut.parquet"
    cut.write_bytes((data.DATA_DIR / "claims.parquet").read_bytes()[:2000])
    fails(cut, "not a readable parquet table")
    (tmp_path / "claims.xlsx").write_bytes(b"PK\x03\x04")
    fails(tmp_path / "claims.xlsx", "unknown table format")


@pytest.mark.parametrize("mutate,fragment", [
    (lambda f: f.drop(columns=["kind", "unit"]), "missing columns: kind, unit"),
    (lambda f: f.assign(value_low="many"), "value_low"),
    (lambda f: f.assign(published="2025-02-30"), "published"),
    (lambda f: f.assign(kind="wattage"), "kind has unknown values ['wattage']"),
    (lambda f: f.assign(qualifier="<b>roughly</b>"), "qualifier has unknown values"),
    (lambda f: f.assign(section="sidebar"), "section has unknown values"),
    (lambda f: f.assign(span_end="0", span_start="5"), "span_end before span_start"),
    (lambda f: f.assign(claim_id="same"), "claim_id is not unique"),
])
def test_bad_columns_and_values(tmp_path, good, mutate, fragment):
    fails(write_csv(tmp_path, mutate(good.copy())), fragment)


def test_zero_rows_is_a_valid_empty_table(tmp_path, good):
    corpus = data.load_corpus(write_csv(tmp_path, good.iloc[:0]))
    assert len(corpus.claims) == 0
