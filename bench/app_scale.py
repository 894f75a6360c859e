"""The app at scale: every page's first run and rerun after a filter change, at 10k to 10M rows.

usage: python bench/app_scale.py [--sizes 10000 1000000 10000000] [--repeat 5] [--work DIR]
                                 [--pages overview compare …] [--no-check] [--markdown FILE]

For each size a synthetic table is made once (bench/make_claims_table.py, cached in
--work): up to 2M rows one Parquet file, above that a partitioned dataset; from 1M rows on
with its DuckDB file (`python -m claims index TABLE`: the app opens it read-only; below, the
app loads the table into DuckDB itself). Each size is measured in a fresh subprocess (so the
peak RSS reported is that process's ru_maxrss: the tables, the app, AppTest and all). In that
process, with CLAIMS_TABLE pointing at the table, through streamlit.testing.v1.AppTest:

- cold      from the process's start (imports included) to the end of the app's very first
            run (reads and prepares the table, draws the first page), once per size;
- first     a new session opening the page, process caches warm (the page is opened the way
            tests/test_pages.py does: run the app, then switch_page + run; the time is the
            page's run);
- first*    the same with st.cache_data cleared just before (only the corpus in
            st.cache_resource is warm): a page nobody has opened with these filters yet;
- rerun     the page's rerun after a filter change in the sidebar (kind → power+money, kind
            cleared, entity → Stargate, entity cleared, in turn) with st.cache_data cleared
            before each change, so nothing for the new filter is cached;
- rerun~    the same changes again without clearing: revisiting a filter state.

Times are medians of --repeat runs after a warm-up (rerun: of 4 changes × repeat). The pages' code is
compiled once per process, as a server does (AppTest alone would compile it again on every run).
Targets (issue #11), checked on the uncached columns first* and rerun: at 1M rows every page's
median rerun <= 0.5 s and first run <= 1 s, cold start <= 3 s, peak RSS <= 1 GB; at 10M rows
median rerun <= 2 s, cold start <= 15 s, peak RSS <= 3 GB. At 1M rows (or the largest size
below it) the numbers the pages show are checked against pandas reading the parquet directly
(OK / MISMATCH).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROCESS_START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.plotly_json import figures  # noqa: E402

APP = str(ROOT / "app.py")
PAGES = ("overview", "timeline", "compare", "conflicts", "sources", "explorer")
FILTER_CHANGES = (("kind", ["power", "money"]), ("kind", []), ("entity", ["Stargate"]), ("entity", []))
# rows -> (median rerun s, first run s, cold start s, peak RSS MB); a size is held to the targets of the
# largest listed size it reaches
TARGETS = {1_000_000: (0.5, 1.0, 3.0, 1024), 10_000_000: (2.0, None, 15.0, 3072)}
SINGLE_FILE_ROWS = 2_000_000
DATABASE_ROWS = 1_000_000   # from here on the table gets its DuckDB file (`python -m claims index TABLE`)
TIMEOUT = 600


# ---------------------------------------------------------------- child: measure one size

def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clock(fn) -> float:
    gc.collect()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _ok(at, where: str) -> None:
    if at.exception:
        raise SystemExit(f"{where}: the app raised: {[e.value for e in at.exception][:1]}")


def _new_app():
    from streamlit.testing.v1 import AppTest
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _share_script_cache() -> None:
    """Compile each page once, as a server does (its Runtime holds one ScriptCache). AppTest makes a new
    cache on every run, so every run would compile the page again (with Streamlit's magic: ~0.04-0.08 s
    for Compare on this machine), a cost no reader of a running app pays."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _clear_derived() -> None:
    """Forget every result derived from the filters (st.cache_data, and the app's filter masks if it keeps
    them); the table itself (st.cache_resource) stays loaded."""
    import streamlit as st
    st.cache_data.clear()
    try:
        from components import cached
        getattr(cached, "clear_masks", lambda: None)()
    except ImportError:
        pass


def _open(page: str, clear_data: bool = False):
    """A fresh session on `page`; returns (app, seconds of the page's run)."""
    at = _new_app()
    if page == "overview":
        if clear_data:
            _clear_derived()
        seconds = _clock(at.run)
    else:
        at.run()
        _ok(at, "overview")
        if clear_data:
            _clear_derived()
        at.switch_page(f"app_pages/{page}.py")
        seconds = _clock(at.run)
    _ok(at, page)
    return at, seconds


def _change(at, key: str, value, clear_data: bool) -> float:
    at.multiselect(key=key).set_value(value)
    if clear_data:
        _clear_derived()
    seconds = _clock(at.run)
    _ok(at, f"rerun {key}={value}")
    return seconds


def measure(table: Path, pages: list[str], repeat: int) -> dict:
    os.environ["CLAIMS_TABLE"] = str(table)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    at = _new_app()
    at.run()
    cold = time.perf_counter() - PROCESS_START
    _ok(at, "cold start")
    out = {"cold": cold, "rss_after_cold_mb": _peak_mb(), "pages": {}}
    for page in pages:
        at, _ = _open(page)                       # warm-up: the page and every filter change, twice
        for _ in range(2):
            for key, value in FILTER_CHANGES:
                _change(at, key, value, clear_data=False)
        first = [_open(page)[1] for _ in range(repeat)]
        first_cold = [_open(page, clear_data=True)[1] for _ in range(repeat)]
        at, _ = _open(page)
        rerun, rerun_cached = [], []
        for _ in range(repeat):
            for key, value in FILTER_CHANGES:
                rerun.append(_change(at, key, value, clear_data=True))
        for _ in range(repeat):
            for key, value in FILTER_CHANGES:
                rerun_cached.append(_change(at, key, value, clear_data=False))
        out["pages"][page] = {
            "first": statistics.median(first), "first_nocache": statistics.median(first_cold),
            "rerun": statistics.median(rerun), "rerun_max": max(rerun),
            "rerun_cached": statistics.median(rerun_cached),
        }
        print(f"  {page}: {out['pages'][page]}", file=sys.stderr, flush=True)
    out["peak_rss_mb"] = _peak_mb()
    return out


# ---------------------------------------------------------------- child: correctness at one size

def _expected(table: Path) -> dict:
    """The numbers the pages should show, from pandas reading the parquet (no app code)."""
    import numpy as np
    import pandas as pd

    cols = ["source_id", "section", "flags", "kind", "unit", "value", "value_low", "value_high", "qualifier",
            "rate_per", "mention_group", "claim_id", "entities", "context_entities", "published", "modality",
            "measure", "span_start", "time_start", "time_end"]
    df = pd.read_parquet(table, columns=cols)
    arts = pd.read_parquet(table.with_name("articles.parquet"), columns=["source_id"])
    body = df["section"].isin(["body", "title"])
    no_flags = df["flags"].map(lambda f: f is None or len(f) == 0)
    clean = body & no_flags & (df["modality"] != "hypothetical")       # hypotheticals are listed, not charted
    low = np.where(df["qualifier"].isin(["exact", "approx"]), df["value"],
                   np.where(df["qualifier"] == "at_most", np.nan, df["value_low"]))
    low = np.where((df["qualifier"] == "at_least") & np.isnan(low), df["value"], low)
    high = np.where(df["qualifier"].isin(["exact", "approx"]), df["value"],
                    np.where(df["qualifier"] == "at_least", np.nan, df["value_high"]))
    high = np.where((df["qualifier"] == "at_most") & np.isnan(high), df["value"], high)
    df = df.assign(_low=low, _high=high, _fig=np.where(np.isnan(low), high, low),
                   _top=np.fmax(low, high), _clean=clean)
    rate = df["rate_per"].fillna("")
    exp = {"rows": len(df), "body": int(body.sum()), "sources_body": int(df.loc[body, "source_id"].nunique()),
           "titles": len(set(arts["source_id"]) | set(df["source_id"]))}
    exp["power"] = int((clean & (df["kind"] == "power")).sum())
    exp["money"] = int((clean & (df["kind"] == "money")).sum())
    exp["kept_out"] = int((body & ~clean).sum())
    usd = df["_fig"].where(df["unit"] != "JPY", df["_fig"] / 150.0)
    for kind, units in (("power", ["GW"]), ("money", ["USD", "JPY"])):
        sel = df[clean & (df["kind"] == kind) & (rate == "") & df["unit"].isin(units)]
        v = usd[sel.index] if kind == "money" else sel["_fig"]
        top = sel.loc[v.idxmax()]
        exp[f"max_{kind}"] = (float(v.max()), top["value_low"], top["value_high"], top["qualifier"],
                              "USD" if kind == "money" else "GW", top["unit"])
        # Compare bars: one per (source, mention group), rates included, largest first
        bars = df[clean & (df["kind"] == kind) & df["unit"].isin(units)]
        mg = bars["mention_group"].where(bars["mention_group"].fillna("") != "", bars["claim_id"])
        g = bars.assign(_mg=mg).groupby(["source_id", "_mg"])
        first = g.head(1).set_index(["source_id", "_mg"])   # all mentions of a group share bounds
        tops = first["_top"].where(first["unit"] != "JPY", first["_top"] / 150.0)
        sizes = g.size()
        scale = 1e9 if kind == "money" else 1.0
        pairs = sorted(((round(t / scale, 6), int(sizes[i])) for i, t in tops.items()), reverse=True)
        exp[f"bars_{kind}"] = (len(pairs), pairs[:60])
    def names(e) -> set:
        return set(e) if e is not None else set()

    exp["explorer_kind"] = int((df["kind"].isin(["power"]) & body).sum())
    stargate = df["entities"].map(lambda e: "Stargate" in names(e)) | \
        df["context_entities"].map(lambda e: "Stargate" in names(e))
    exp["explorer_entity"] = int((stargate & body).sum())
    exp["said_total"] = int((clean & df["published"].notna()).sum())
    exp["conflict_things"] = _conflict_things(df[clean].assign(_rate=rate[clean]))
    return exp


def _conflict_things(clean) -> int:
    """How many things have differing values from more than one article (the Conflicts page's count), by the
    rule in claims/query/conflicts.py's docstring, from the parquet and data/entities.csv."""
    import csv

    with open(ROOT / "data" / "entities.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    types = {r["canonical"]: r["type"] for r in rows}
    affiliation = {r["canonical"]: r["affiliation"] for r in rows if r["affiliation"]}

    def subject(names) -> str | None:
        projects = sorted(n for n in names if types.get(n) == "project")
        if projects:
            return " + ".join(projects)
        parties = {n for n in names if types.get(n) in ("company", "government")}
        parties |= {affiliation[n] for n in names if types.get(n) == "person" and n in affiliation}
        return " + ".join(sorted(parties)) if len(parties) >= 2 else None

    # one figure per (article, mention group): its first body mention with a stated period, else its first one
    g = clean.assign(_mg=clean["mention_group"].where(clean["mention_group"].fillna("") != "", clean["claim_id"]),
                     _not_body=clean["section"] != "body",
                     _undated=clean["time_start"].isna() & clean["time_end"].isna())
    g = g.sort_values(["source_id", "_mg", "_not_body", "_undated", "span_start", "claim_id"])
    figs = g.drop_duplicates(["source_id", "_mg"])
    figs = figs[figs["kind"].isin(["power", "energy", "money", "count"]) & figs["unit"].notna()]
    names = [set(e if e is not None else ()) | set(c if c is not None else ())
             for e, c in zip(figs["entities"], figs["context_entities"], strict=True)]
    figs = figs.assign(subject=[subject(n) for n in names], lo=figs["_low"].round(9), hi=figs["_high"].round(9))
    figs = figs[figs["subject"].notna()]
    thing = ["subject", "kind", "unit", "_rate", "measure"]
    clusters = figs.groupby([*thing, "lo", "hi"], dropna=False)["source_id"].agg(["nunique", "min"]).reset_index()
    per_thing = clusters.groupby(thing, dropna=False).agg(values=("nunique", "size"), most=("nunique", "max"),
                                                          first=("min", "min"), last=("min", "max"))
    differing = (per_thing["values"] > 1) & ((per_thing["first"] != per_thing["last"]) | (per_thing["most"] > 1))
    return int(differing.sum())


def check(table: Path) -> list[tuple[str, str, str, bool]]:
    """(what, shown, expected, ok) for the numbers on the pages."""
    import math

    from claims.labels import format_bounds

    exp = _expected(table)
    res = []

    def add(what, shown, want, ok=None):
        res.append((what, str(shown), str(want), shown == want if ok is None else ok))

    at = _new_app()
    at.run()
    _ok(at, "overview")
    m = {x.label: x.value for x in at.metric}
    add("overview: claims", m["抽出数 (claims)"], f"{exp['body']:,}")
    add("overview: articles", m["記事 (articles)"], f"{exp['sources_body']} / {exp['titles']}")
    add("overview: power claims", m["電力 (power)"], f"{exp['power']:,}")
    add("overview: money claims", m["金額 (money)"], f"{exp['money']:,}")
    add("overview: kept out", m["除外 (kept out)"], f"{exp['kept_out']:,}")
    for kind, label in (("power", "最大の電力 (GW)"), ("money", "最大の金額 ($)")):
        _, lo, hi, q, unit, orig = exp[f"max_{kind}"]
        add(f"overview: largest {kind}", m[label], format_bounds(lo, hi, q, orig))
    fig = figures(at)[0]
    add("overview: kinds chart total", sum(sum(t["x"]) for t in fig["data"]), exp["body"])

    at.switch_page("app_pages/compare.py").run()
    _ok(at, "compare")
    figs = figures(at)
    captions = " ".join(c.value for c in at.caption)
    for fig, kind, what in ((figs[0], "power", "電力"), (figs[1], "money", "金額")):
        n, pairs = exp[f"bars_{kind}"]
        got = []
        for t in fig["data"]:
            if t["type"] != "bar":
                continue
            base = t.get("base") or [0] * len(t["x"])
            for b, x, c in zip(base, t["x"], t["customdata"], strict=True):
                end = (b or 0) + x                   # range bars: base + width = the high end
                got.append((round(end, 6), int(c[3])))
        got.sort(reverse=True)
        shown_n = re.search(rf"{what}の数字 ([\d,]+) 件", captions)
        add(f"compare: {kind} figures (bars before the cap)",
            int(shown_n.group(1).replace(",", "")) if shown_n else len(got), n)
        ok = len(got) == len(pairs) and all(math.isclose(a[0], b[0], rel_tol=1e-6) and a[1] == b[1]
                                            for a, b in zip(got, pairs, strict=False))
        add(f"compare: {kind} bar values and mention counts (top {len(pairs)})",
            f"{got[:2]}…", f"{pairs[:2]}…", ok)

    at.switch_page("app_pages/conflicts.py").run()
    _ok(at, "conflicts")
    said = re.search(r"数字が食い違う対象 ([\d,]+) 件", " ".join(c.value for c in at.caption))
    add("conflicts: things with differing values", int(said.group(1).replace(",", "")) if said else len(at.subheader),
        exp["conflict_things"])

    at.switch_page("app_pages/timeline.py").run()
    _ok(at, "timeline")
    text = " ".join(x.value for x in at.markdown)
    total = re.search(r"全 ([\d,]+) 件から", text)
    shown_total = int(total.group(1).replace(",", "")) if total else int(re.search(r"\*\*([\d,]+)件\*\*", text)
                                                                           .group(1).replace(",", ""))
    add("timeline: dated clean claims", shown_total, exp["said_total"])

    at.switch_page("app_pages/explorer.py").run()
    for key, value in (("kind", ["power"]), ("entity", ["Stargate"])):
        at.multiselect(key="kind").set_value([])
        at.multiselect(key="entity").set_value([])
        at.multiselect(key=key).set_value(value).run()
        _ok(at, "explorer")
        head = next(x.value for x in at.markdown if "件** / 全" in x.value)
        n, total = re.search(r"\*\*([\d,]+)件\*\* / 全 ([\d,]+)件", head).groups()
        add(f"explorer: rows with {key}={value[0]}", f"{n} / {total}",
            f"{exp[f'explorer_{key}']:,} / {exp['rows']:,}")
    return res


def child(args) -> int:
    table = Path(args.child)
    _share_script_cache()
    result = measure(table, args.pages, args.repeat)
    result["reads"] = "DuckDB file" if _database_is_current(table) else "table files"
    result["checks"] = [] if args.no_check else check(table)
    Path(args.json).write_text(json.dumps(result, default=str))
    return 0


# ---------------------------------------------------------------- parent

def ensure_table(work: Path, rows: int) -> Path:
    """The table of `rows` rows: one Parquet file up to SINGLE_FILE_ROWS, else a dataset with its DuckDB file."""
    folder = work / f"claims_{rows}"
    single = rows <= SINGLE_FILE_ROWS
    path = folder / "claims.parquet" if single else folder
    if not (folder / ("claims.parquet" if single else "claims")).exists():
        print(f"making {rows:,} rows in {folder} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_claims_table.py"), str(folder),
                        "--rows", str(rows), "--layout", "single" if single else "dataset"], check=True)
    if rows >= DATABASE_ROWS:
        from claims.query.tables import database_file
        if not _database_is_current(path):      # missing, or written from other files or derived columns
            print(f"writing {database_file(path)} …", file=sys.stderr, flush=True)
            # in a process of its own: Linux keeps a process's peak RSS across fork and exec, so writing the
            # file here would lend the measuring child this process's peak (1.15 GB instead of 0.73 at 1M)
            subprocess.run([sys.executable, "-m", "claims", "index", str(path)], check=True, cwd=ROOT)
    return path


def _database_is_current(path: Path) -> bool:
    """Whether the app would open the table's DuckDB file (a stale one is ignored and the table loaded
    from its files instead: the 10M figures of an earlier run were measured that way without saying so)."""
    import duckdb

    from claims.query.tables import attach_current_database
    con = duckdb.connect()
    try:
        return attach_current_database(con, path) is not None
    finally:
        con.close()


def fmt_size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def report(results: dict[int, dict], sizes: list[int], pages: list[str], command: str) -> str:
    lines = [f"`{command}`", "",
             "| rows | page | first (s) | first* (s) | rerun (s) median / max | rerun~ (s) |",
             "|---:|---|---:|---:|---:|---:|"]
    for n in sizes:
        r = results[n]
        for page in pages:
            p = r["pages"][page]
            lines.append(f"| {fmt_size(n)} | {page} | {p['first']:.2f} | {p['first_nocache']:.2f} | "
                         f"{p['rerun']:.2f} / {p['rerun_max']:.2f} | {p['rerun_cached']:.2f} |")
    lines += ["", "| rows | reads | cold start (s) | peak RSS (MB) |", "|---:|---|---:|---:|"]
    for n in sizes:
        lines.append(f"| {fmt_size(n)} | {results[n].get('reads', '')} | {results[n]['cold']:.2f} | "
                     f"{results[n]['peak_rss_mb']:.0f} |")
    verdicts = []
    for n in sizes:
        limits = [TARGETS[t] for t in sorted(TARGETS) if n >= t]
        if not limits:
            continue
        rerun_max, first_max, cold_max, rss_max = limits[-1]
        r = results[n]
        for page in pages:
            p = r["pages"][page]
            verdicts.append((f"{fmt_size(n)} {page}: median rerun {p['rerun']:.2f} s <= {rerun_max} s",
                             p["rerun"] <= rerun_max))
            if first_max is not None:
                verdicts.append((f"{fmt_size(n)} {page}: first run {p['first_nocache']:.2f} s <= {first_max} s",
                                 p["first_nocache"] <= first_max))
        verdicts.append((f"{fmt_size(n)}: cold start {r['cold']:.2f} s <= {cold_max} s", r["cold"] <= cold_max))
        verdicts.append((f"{fmt_size(n)}: peak RSS {r['peak_rss_mb']:.0f} MB <= {rss_max} MB",
                         r["peak_rss_mb"] <= rss_max))
    lines += ["", "| target | result |", "|---|---|"]
    lines += [f"| {what} | {'PASS' if ok else '**FAIL**'} |" for what, ok in verdicts]
    checked = [n for n in sizes if results[n].get("checks")]
    rb = results[checked[0]] if checked else {}
    checks = rb.get("checks") or []
    if checks:
        lines += ["", f"Correctness at {fmt_size(checked[0])} rows (page vs pandas on the parquet):", "",
                  "| check | shown | pandas | |", "|---|---|---|---|"]
        lines += [f"| {w} | {s} | {e} | {'OK' if ok else '**MISMATCH**'} |" for w, s, e, ok in checks]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "app_scale")
    ap.add_argument("--no-check", action="store_true", help="skip the correctness checks")
    ap.add_argument("--markdown", type=Path, help="also write the report to this file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--json", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)
    sizes = sorted(args.sizes)
    check_size = max([n for n in sizes if n <= 1_000_000] or [min(sizes)])
    results = {}
    for n in sizes:
        path = ensure_table(args.work, n)
        print(f"measuring {fmt_size(n)} rows …", file=sys.stderr, flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
            out = Path(fh.name)
        cmd = [sys.executable, __file__, "--child", str(path), "--json", str(out), "--repeat", str(args.repeat),
               "--pages", *args.pages] + (["--no-check"] if args.no_check or n != check_size else [])
        subprocess.run(cmd, check=True)
        results[n] = json.loads(out.read_text())
        out.unlink()
    command = "python bench/app_scale.py " + " ".join(sys.argv[1:])
    text = report(results, sizes, args.pages, command.strip())
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    checks = results[check_size].get("checks") or []
    return 1 if any(not ok for *_, ok in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
