"""The query layer as a whole: pure (no streamlit), one cache keyed on the data, sessions kept apart."""
import os
import subprocess
import sys
import threading

import pytest

from claims import ingest, schema
from claims.query import figures
from claims.query.filters import FilterState
from claims.query.tables import Extras, article_text, database_file, open_tables, write_database
from components import cached, data
from components.uploads import UploadStore


def test_the_query_layer_never_imports_streamlit():
    code = ("import sys, claims.query.tables, claims.query.figures, claims.query.timeline, claims.query.rows, "
            "claims.query.conflicts, claims.query.catalog; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def uploaded(name: str, text: str) -> Extras:
    """A session's uploads, extracted as the Upload page does."""
    article = ingest.to_article(ingest.Upload(name, text.encode()))
    claims, articles = ingest.extract([article])
    return Extras((UploadStore(claims, articles, {article.meta.source_id: len(text)}).extra,))


@pytest.fixture(scope="module")
def tables():
    return open_tables(data.DEFAULT_TABLE)


def bar_surfaces(tables, extras, kind="power"):
    bars = cached.compare_bars(tables, extras, cached.catalog(tables, extras), FilterState(), kind, 150.0, 60, 200)[0]
    return set(bars["surface"])


def test_two_sessions_with_different_uploads_see_only_their_own(tables):
    """Threads stand in for sessions: each asks the same questions with its own uploads, many times and at once.
    The cache key holds each session's upload digest, so no answer computed with uploads reaches another."""
    mine = uploaded("a.txt", "甲社の計画\n甲社は出力777MWのデータセンターを建てる。")
    theirs = uploaded("b.txt", "乙社の計画\n乙社は出力888MWのデータセンターを建てる。")
    sessions = {"mine": mine, "theirs": theirs, "none": Extras()}
    expect = {"mine": ("777MW", "888MW"), "theirs": ("888MW", "777MW"), "none": (None, "777MW")}
    seen: dict[str, list] = {name: [] for name in sessions}
    errors = []

    def session(name: str) -> None:
        try:
            for _ in range(15):
                seen[name].append((bar_surfaces(tables, sessions[name]),
                                   cached.explorer_page(tables, sessions[name], FilterState(), "MW", 100)[1]))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(name,)) for name in sessions for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for name, runs in seen.items():
        own, other = expect[name]
        assert len(runs) == 30
        for surfaces, _ in runs:
            assert other not in surfaces
            assert own is None or own in surfaces
        assert len({n for _, n in runs}) == 1            # every run saw the same rows
    assert seen["mine"][0][1] == seen["none"][0][1] + 1 == seen["theirs"][0][1]


def test_a_changed_upload_changes_the_answer(tables):
    before = uploaded("c.txt", "丙社\n丙社は出力555MWを計画。")
    after = uploaded("c.txt", "丙社\n丙社は出力556MWを計画。")
    assert before.version != after.version
    assert "555MW" in bar_surfaces(tables, before) and "556MW" in bar_surfaces(tables, after)


def test_rows_of_extras_never_collide_with_shipped_row_ids(tables):
    extras = uploaded("d.txt", "丁社\n丁社は出力123MWを計画。")
    with tables.scope(extras) as cur:
        n, distinct, negative = cur.execute(
            "SELECT count(*), count(DISTINCT _row), count(*) FILTER (WHERE _row < 0) FROM claims").fetchone()
    assert n == distinct == tables.n_rows + extras.items[0].claims.num_rows
    assert negative == extras.items[0].claims.num_rows


def test_a_database_file_written_beside_the_table_gives_the_same_answers(tmp_path):

    for name in ("claims.parquet", "articles.parquet"):
        (tmp_path / name).write_bytes((data.DATA_DIR / name).read_bytes())
    loaded = open_tables(tmp_path / "claims.parquet")
    db = write_database(tmp_path / "claims.parquet")
    assert db == database_file(tmp_path / "claims.parquet") and db.exists()
    attached = open_tables(tmp_path / "claims.parquet")
    assert attached.con.execute("SELECT count(*) FROM duckdb_databases() WHERE readonly").fetchone()[0] == 1
    assert attached.n_rows == loaded.n_rows and attached.titles == loaded.titles
    assert attached.labels == loaded.labels and list(attached.titles) == sorted(loaded.titles)   # stored in the file
    assert attached.labels["unknown-id"] == "unknown-id"
    answers = []
    for t in (loaded, attached):
        with t.scope() as cur:
            answers.append(figures.compare_bars(cur, FilterState(), "money", t.titles, t.labels)[0])
    assert answers[0].equals(answers[1])
    sid = "001_178cd634a5b464c1"
    assert article_text(attached, Extras(), sid) == article_text(loaded, Extras(), sid)
    # a rewritten table makes the file stale: the app loads the table again instead of answering from old rows
    os.utime(tmp_path / "claims.parquet", ns=(1, 1))
    again = open_tables(tmp_path / "claims.parquet")
    assert again.con.execute("SELECT count(*) FROM duckdb_databases() WHERE readonly").fetchone()[0] == 0


def test_search_from_many_threads_at_once(tables):
    """Every search normalizes its words with Sudachi; sessions search at the same time in their threads."""
    from claims.query import rows

    found, errors = [], []

    def search(word: str) -> None:
        try:
            for _ in range(20):
                with tables.scope() as cur:
                    found.append(rows.explorer_page(cur, FilterState(), f"{word}{len(found)}", 10)[1])
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=search, args=(w,)) for w in ("スターゲイト", "ギガワット", "オラクル") * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:1]
    assert len(found) == 120


def test_precomputed_figures_agree_with_figures_formed_from_the_rows_kept(tables):
    """A qualifier filter that keeps every qualifier keeps every row, but takes the path that forms each
    mention group from the rows kept: both paths must give the same figures."""
    from claims.entities import load_entities
    from claims.query import conflicts

    every = FilterState(qualifiers=tuple(schema.QUALIFIERS))
    titles, ent = dict(tables.titles), load_entities()
    with tables.scope() as cur:
        for sources in ((), ("001_178cd634a5b464c1",)):
            for kind in ("power", "money"):
                a = figures.compare_bars(cur, FilterState(sources=sources), kind, titles, tables.labels)[0]
                b = figures.compare_bars(cur, FilterState(sources=sources, qualifiers=every.qualifiers), kind,
                                         titles, tables.labels)[0]
                assert a.equals(b) and len(a)
        assert figures.annualized_rates(cur, FilterState(), titles)[0].equals(
            figures.annualized_rates(cur, every, titles)[0])
        assert figures.headline(cur, FilterState(), "money", titles).equals(
            figures.headline(cur, every, "money", titles))
        fast = conflicts.find_conflicts(cur, FilterState(), ent.types, ent.affiliation)[0]
        slow = conflicts.find_conflicts(cur, every, ent.types, ent.affiliation)[0]
        assert fast.equals(slow) and len(fast)


def test_a_database_file_from_before_the_derived_columns_changed_is_not_used(tmp_path, monkeypatch):
    from claims.query import loading

    for name in ("claims.parquet", "articles.parquet"):
        (tmp_path / name).write_bytes((data.DATA_DIR / name).read_bytes())
    write_database(tmp_path / "claims.parquet")
    attached = "SELECT count(*) FROM duckdb_databases() WHERE readonly"
    assert open_tables(tmp_path / "claims.parquet").con.execute(attached).fetchone()[0] == 1
    monkeypatch.setattr(loading, "DERIVED", loading.DERIVED + "\n")      # the code's derivation changed
    assert open_tables(tmp_path / "claims.parquet").con.execute(attached).fetchone()[0] == 0


def test_the_conflicts_a_database_file_stores_figures_for_are_the_ones_worked_out_live(tmp_path):
    """The stored figures (conflicts.write_figures) answer every filter that keeps or drops whole figures the
    way the rows themselves do; a changed entity table is not answered from them."""
    from datetime import date

    from claims.entities import load_entities
    from claims.query import conflicts
    from tests.claims_factory import claim, write_tables
    rows = [claim(f"{v}GW", value=v, source_id=f"s{i}", entities=["Stargate"], published=date(2025, 1 + i % 9, 1),
                  measure="capacity" if i % 3 else "demand") for i, v in enumerate([10, 10, 7, 5, 5, 5, 4.5, 10, 7])]
    rows += [claim(f"{v}億ドル", kind="money", unit="USD", value=v * 1e8, source_id=f"m{i}", entities=["OpenAI", "Oracle"])
             for i, v in enumerate([3000, 3000, 2500])]
    path = write_tables(tmp_path, rows)
    ent = load_entities()
    loaded = open_tables(path)
    write_database(path)
    attached = open_tables(path)
    assert loaded.figures == "" and attached.figures == conflicts.figures_digest(ent.types, ent.affiliation)
    for state in (FilterState(), FilterState(kinds=("power",)), FilterState(measures=("capacity",)),
                  FilterState(sources=("s0", "s2", "s3")), FilterState(date_range=(date(2025, 2, 1), date(2025, 6, 30)))):
        with loaded.scope() as cur:
            live = conflicts.find_conflicts(cur, state, ent.types, ent.affiliation)
        with attached.scope() as cur:
            stored = conflicts.find_conflicts(cur, state, ent.types, ent.affiliation, stored=True)
        assert live[1] == stored[1] and len(live[0]) > 0 or state.sources, state
        assert live[0].equals(stored[0]), state
    assert conflicts.figures_digest(ent.types | {"Stargate": "company"}, ent.affiliation) != attached.figures
