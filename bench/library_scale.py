"""The app with a large library: every page's first run and rerun with N library articles (default 1,000).

usage: python bench/library_scale.py [--articles 1000] [--repeat 3] [--work DIR] [--pages overview library …]

A library of N articles is made once in --work (SQLite; default bench/out/library_scale/): copies of
the shipped articles, each with its own text (a numbered line appended, so its own content hash and
id), and the shipped claims rows of the article it copies (same spans: the added line comes last).
Rows are inserted through the store (claims.library.store.insert_prepared, the CLI's capability), 100
articles per transaction.  Then, in this process, through streamlit.testing.v1.AppTest with
CLAIMS_LIBRARY_URL pointing at it:

- read      the library's version query, and claims_table + articles_table (what a new version costs);
- cold      the app's first run in the process (imports done; the library read and its catalog built);
- first     a new session opening the page (caches warm);
- first*    the same with st.cache_data cleared just before;
- rerun     the page's rerun after a filter change (kind → power+money, kind cleared, entity →
            Stargate, entity cleared), st.cache_data cleared before each;
- new       a session's rerun right after one more article was added (from another "session": the
            store directly): the new version is read, the tables re-read, the catalog rebuilt; the
            Overview's article count must include it.

--articles 0 gives the same figures with an empty library (the baseline on the same machine).

Times are medians of --repeat runs.  Targets (bench/app_scale.py, issue #11): every page's first run
<= 1 s and rerun <= 0.5 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from app_scale import _clock, _new_app, _ok  # noqa: E402  (the same timing and app helpers)

PAGES = ("overview", "timeline", "compare", "conflicts", "sources", "explorer", "library")
FILTER_CHANGES = (("kind", ["power", "money"]), ("kind", []), ("entity", ["Stargate"]), ("entity", []))
TARGET_FIRST, TARGET_RERUN = 1.0, 0.5
BATCH = 100
NEW_TEXT = ("白浜クラウド、新データセンター稼働\n"
            "白浜クラウドは出力500メガワットのデータセンターを稼働させた。総投資額は約800億円。\n")


def build_library(url: str, n: int) -> tuple[int, float]:
    """(articles in the library, seconds spent making it) — reused when it already holds n articles."""
    import pyarrow.parquet as pq

    from claims.library import auth, create_engine, store
    from claims.library.extractor import extractor_version

    engine = create_engine(url)
    have = len(store.list_articles(engine))
    if have == n:
        engine.dispose()
        return have, 0.0
    if have:
        raise SystemExit(f"{url} holds {have} articles, not {n}: remove it or pick another --work")
    t = time.perf_counter()
    articles = pq.read_table(ROOT / "data" / "articles.parquet").to_pylist()
    claims = pq.read_table(ROOT / "data" / "claims.parquet").to_pylist()
    by_source: dict[str, list[dict]] = {}
    for row in claims:
        by_source.setdefault(row["source_id"], []).append(row)
    editor = auth.cli_editor("bench:library_scale")
    now = datetime.now(UTC)
    items = []
    for i in range(n):
        base = articles[i % len(articles)]
        text = base["text"] + f"\n（ライブラリ試験用の複製 {i:04d}）"
        sid = store.new_source_id(text)
        rows = []
        for k, row in enumerate(by_source.get(base["source_id"], [])):
            rows.append({**row, "source_id": sid, "claim_id": f"{sid}-{k:04d}",
                         "mention_group": f"{sid}-{row['mention_group']}"})
        record = {"source_id": sid, "title": f"{base['title'][:60]} #{i:04d}", "published": base["published"],
                  "reference_date": base["reference_date"], "date_basis": base["date_basis"] or "",
                  "source_kind": base["source_kind"] or "library", "language_note": base["language_note"] or "",
                  "url": f"https://news.example/library-scale/{i:04d}", "site": "news.example", "author": "",
                  "date_note": "", "origin": "bench/library_scale.py", "encoding": "utf-8",
                  "url_norm": store.normalize_url(f"https://news.example/library-scale/{i:04d}"), "text": text,
                  "n_chars": len(text), "content_hash": store.content_hash(text), "added_by": editor.who,
                  "added_at": now, "updated_at": now, "revision": 1, "extractor_version": extractor_version(),
                  "extra": "{}"}
        items.append(store.Prepared(record, rows))
        if len(items) == BATCH:
            store.insert_prepared(editor, engine, items)
            items = []
    if items:
        store.insert_prepared(editor, engine, items)
    count = len(store.list_articles(engine))
    engine.dispose()
    return count, time.perf_counter() - t


def len_shipped() -> int:
    import pyarrow.parquet as pq
    return pq.read_metadata(ROOT / "data" / "articles.parquet").num_rows




def _open(page: str, clear_data: bool = False):
    import streamlit as st

    at = _new_app()
    if page == "overview":
        if clear_data:
            st.cache_data.clear()
        seconds = _clock(at.run)
    else:
        at.run()
        _ok(at, "overview")
        if clear_data:
            st.cache_data.clear()
        at.switch_page(f"app_pages/{page}.py")
        seconds = _clock(at.run)
    _ok(at, page)
    return at, seconds


def _reruns(at) -> list[float]:
    import streamlit as st

    out = []
    for key, value in FILTER_CHANGES:
        at.multiselect(key=key).set_value(value)
        st.cache_data.clear()
        out.append(_clock(at.run))
        _ok(at, f"rerun {key}={value}")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "library_scale")
    p.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    args = p.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"library-{args.articles}.sqlite"
    url = f"sqlite:///{db}"
    n, made = build_library(url, args.articles)
    os.environ["CLAIMS_LIBRARY_URL"] = url
    os.environ.pop("CLAIMS_TABLE", None)
    os.chdir(ROOT)
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    from claims.library import auth, create_engine, store

    engine = create_engine(url)
    version_s = statistics.median(_clock(lambda: store.version(engine)) for _ in range(5))
    t = time.perf_counter()
    claims = store.claims_table(engine)
    store.articles_table(engine)
    read_s = time.perf_counter() - t
    print(f"library: {n:,} articles, {claims.num_rows:,} claims in {db} ({db.stat().st_size / 1e6:.1f} MB)"
          + (f", made in {made:.1f} s" if made else ", reused"))
    print(f"read: version() {version_s * 1000:.1f} ms; claims_table + articles_table {read_s:.2f} s")

    at = _new_app()
    cold = _clock(at.run)
    _ok(at, "cold start")
    print(f"cold: the app's first run with the library {cold:.2f} s")

    rows = []
    for page in args.pages:
        at, _ = _open(page)                        # warm-up
        _reruns(at)
        first = statistics.median(_open(page)[1] for _ in range(args.repeat))
        first_star = statistics.median(_open(page, clear_data=True)[1] for _ in range(args.repeat))
        reruns = []
        for _ in range(args.repeat):
            at, _ = _open(page)
            reruns += _reruns(at)
        rows.append((page, first, first_star, statistics.median(reruns), max(reruns)))

    # one more article, added elsewhere: the next rerun of an open session reads the new version
    at, _ = _open("overview")
    before = store.version(engine)
    info = store.add_article(auth.cli_editor("bench:library_scale"), engine, NEW_TEXT)
    new_s = _clock(at.run)
    _ok(at, "rerun after an add")
    total = {m.label: m.value for m in at.metric}.get("記事 (articles)", "")
    seen = total.endswith(f"/ {n + len_shipped() + 1}")
    store.delete_article(auth.cli_editor("bench:library_scale"), engine, info.source_id)
    engine.dispose()

    print()
    print(f"| page | first (s) | first* (s) | rerun median (s) | rerun max (s) | targets first <= {TARGET_FIRST} s, "
          f"rerun <= {TARGET_RERUN} s |")
    print("|---|---:|---:|---:|---:|---|")
    failed = []
    for page, first, first_star, rerun, worst in rows:
        ok = first_star <= TARGET_FIRST and rerun <= TARGET_RERUN
        failed += [] if ok else [page]
        print(f"| {page} | {first:.3f} | {first_star:.3f} | {rerun:.3f} | {worst:.3f} | {'OK' if ok else 'MISSED'} |")
    print()
    print(f"new: the rerun after one more article was added (version {before} -> {before + 1}): {new_s:.2f} s; "
          f"the Overview counts {'it' if seen else 'NOT it'} ({total})")
    if failed or not seen:
        raise SystemExit(f"targets missed: {', '.join(failed) or 'the new article was not seen'}")


if __name__ == "__main__":
    main()
