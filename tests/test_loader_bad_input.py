"""The app's table loader on bad tables: a specific SchemaError (the app turns it into a Japanese
error page with the rebuild command; tests/test_pages.py checks that page).

Bad inputs tried: missing file, empty file, a text file named .parquet, a truncated Parquet file,
an unknown extension, a CSV missing contract columns, a CSV with text in a number column, a CSV
with an impossible date, unknown kind/qualifier/section values, spans that run backwards, duplicate
claim_ids, a valid table with zero rows (accepted: pages show "no data" messages).
"""
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims import schema
from claims.query.tables import open_tables
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
        open_tables(path)
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
    assert open_tables(write_csv(tmp_path, good.iloc[:0])).n_rows == 0


@pytest.mark.parametrize("mutate,fragment", [
    (lambda t: t.drop_columns(["kind"]), "missing columns: kind"),
    (lambda t: t.set_column(t.schema.get_field_index("kind"), "kind", pa.array(["wattage"] * t.num_rows)),
     "kind has unknown values ['wattage']"),
    (lambda t: t.set_column(t.schema.get_field_index("claim_id"), "claim_id", pa.array(["same"] * t.num_rows)),
     "claim_id is not unique"),
    (lambda t: t.set_column(t.schema.get_field_index("value"), "value", pa.array(["many"] * t.num_rows)),
     "many"),
])
def test_bad_parquet_tables(tmp_path, mutate, fragment):
    """The same checks on Parquet, which DuckDB reads without pandas."""
    path = tmp_path / "claims.parquet"
    pq.write_table(mutate(pq.read_table(data.DEFAULT_TABLE)), path)
    fails(path, fragment)


def test_a_dataset_directory_opens_like_one_file(tmp_path):
    table = pq.read_table(data.DEFAULT_TABLE)
    (tmp_path / "claims").mkdir()
    (tmp_path / "articles").mkdir()
    pq.write_table(table.slice(0, 40), tmp_path / "claims" / "part-0.parquet")
    pq.write_table(table.slice(40), tmp_path / "claims" / "part-1.parquet")
    pq.write_table(pq.read_table(data.DEFAULT_TABLE.with_name("articles.parquet")), tmp_path / "articles" / "part-0.parquet")
    opened = open_tables(tmp_path)
    assert opened.n_rows == table.num_rows and not opened.articles_problem
    with opened.scope() as cur:
        assert cur.execute("SELECT count(DISTINCT _row) FROM claims").fetchone()[0] == table.num_rows
