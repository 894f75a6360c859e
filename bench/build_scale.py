"""Builds at scale (issue 16): Dask against --jobs, worker memory as the corpus grows, 100,000 articles.

usage:
  python bench/build_scale.py compare [--chars 20000000] [--repeat 1]
      Dask on a 2-worker local cluster vs `--jobs 2` on the same varied Parquet corpus (both write a
      dataset directory without its DuckDB file, so they do the same output work); interleaved, median
      wall time; the cluster's start-up (client + workers up, dictionary loaded) printed apart.
  python bench/build_scale.py memory [--sizes 2000000,20000000,100000000]
      Dask (2 workers) on corpora of growing size: peak RSS of the busiest worker and of the client.
  python bench/build_scale.py corpus [--articles 100000]
      Make the varied corpus (bench/make_corpus.py) and build it with Dask into a dataset with its
      DuckDB file; open it as the app does; articles per hour per worker core.

Every figure is measured on whole `python -m claims build` processes; peak memory is sampled every
0.2 s over the build's process tree (psutil), so a short spike between samples can be missed.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import write_varied  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str]) -> dict:
    """Wall seconds, peak RSS (MB) of the main process and of its largest descendant, stderr."""
    t0 = time.perf_counter()
    err_path = Path(tempfile.mkstemp(prefix="claims-bench-", suffix=".err")[1])
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        peaks[p.pid] = max(peaks.get(p.pid, 0), p.memory_info().rss)
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    stderr = err_path.read_text(errors="replace")
    err_path.unlink()
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{stderr[-2000:]}")
    main = peaks.pop(proc.pid, 0)
    m = re.search(r"ready in ([0-9.]+) s", stderr)
    idx = re.search(r"DuckDB file written in ([0-9.]+) s", stderr)
    return {"wall": wall, "main_mb": main >> 20, "worker_mb": max(peaks.values(), default=0) >> 20,
            "startup": float(m.group(1)) if m else 0.0, "index": float(idx.group(1)) if idx else 0.0,
            "stderr": stderr}


def build_cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "claims", "build", str(src), "--out", str(out), *extra]


def corpus(work: Path, chars: int) -> tuple[Path, int, int]:
    src = work / f"varied-{chars}.parquet"
    n, total = write_varied(src, "parquet", chars=chars)
    return src, n, total


def compare(a) -> None:
    work = Path(a.work or tempfile.mkdtemp(prefix="claims-scale-"))
    src, n, chars = corpus(work, a.chars)
    print(f"corpus: {n:,} varied articles, {chars:,} characters (Parquet, {src}); {os.cpu_count()} cores; "
          f"median of {a.repeat} interleaved runs\n")
    arms = {"--jobs 2": build_cmd(src, work / "out-jobs", "--jobs", "2", "--no-index", "--quiet"),
            "--engine dask (2 workers)": build_cmd(src, work / "out-dask", "--engine", "dask", "--jobs", "2",
                                                   "--no-index")}
    res: dict[str, list[dict]] = {k: [] for k in arms}
    for _ in range(a.repeat):
        for name, cmd in arms.items():
            res[name].append(run(cmd))
    base = statistics.median(r["wall"] for r in res["--jobs 2"])
    print(f"{'run':28s} {'wall s':>7s} {'start-up s':>10s} {'work s':>7s} {'chars/s':>10s} {'x jobs 2':>9s} "
          f"{'client MB':>9s} {'worker MB':>9s}")
    for name, rs in res.items():
        wall = statistics.median(r["wall"] for r in rs)
        start = statistics.median(r["startup"] for r in rs)
        work_s = wall - start
        print(f"{name:28s} {wall:7.1f} {start:10.1f} {work_s:7.1f} {chars / work_s:10,.0f} "
              f"{base / work_s:9.2f} {max(r['main_mb'] for r in rs):9d} {max(r['worker_mb'] for r in rs):9d}")
    print("\nx jobs 2 = throughput relative to --jobs 2 (start-up excluded for Dask; with it: "
          f"{base / statistics.median(r['wall'] for r in res['--engine dask (2 workers)']):.2f})")


def memory(a) -> None:
    work = Path(a.work or tempfile.mkdtemp(prefix="claims-scale-"))
    print(f"{'characters':>12s} {'articles':>9s} {'wall s':>7s} {'client MB':>9s} {'worker MB':>9s}")
    for chars in (int(float(x)) for x in a.sizes.split(",")):
        src, n, total = corpus(work, chars)
        r = run(build_cmd(src, work / "out-mem", "--engine", "dask", "--jobs", "2", "--no-index"))
        print(f"{total:12,d} {n:9,d} {r['wall']:7.1f} {r['main_mb']:9d} {r['worker_mb']:9d}", flush=True)
        src.unlink()


def big(a) -> None:
    work = Path(a.work or tempfile.mkdtemp(prefix="claims-scale-"))
    src = work / f"varied-{a.articles}.parquet"
    t0 = time.perf_counter()
    if not src.exists():
        write_varied(src, "parquet", n_articles=a.articles)
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    chars = pc.sum(pc.utf8_length(pq.read_table(src, columns=["text"])["text"])).as_py()
    print(f"corpus: {a.articles:,} varied articles, {chars:,} characters ({src}, made in "
          f"{time.perf_counter() - t0:.0f} s)", flush=True)
    out = work / "dataset"
    r = run(build_cmd(src, out, "--engine", "dask", "--jobs", str(a.workers)))
    print(r["stderr"].strip().splitlines()[-1])
    work_s = r["wall"] - r["startup"] - r["index"]
    print(f"build: {r['wall']:.0f} s wall = {r['startup']:.1f} s cluster start-up + {work_s:.0f} s extraction "
          f"and writing + {r['index']:.0f} s DuckDB file; peak RSS client {r['main_mb']} MB, "
          f"busiest worker {r['worker_mb']} MB")
    per_core = a.articles / (work_s / 3600) / a.workers
    print(f"throughput: {chars / work_s:,.0f} chars/s; {per_core:,.0f} articles per hour per worker core "
          f"({a.workers} workers on {os.cpu_count()} cores, machine shared)")
    probe = ("import sys, time; t = time.perf_counter(); from claims.query.tables import open_tables; "
             "o = open_tables(sys.argv[1]); print(o.n_rows, len(o.titles), round(time.perf_counter() - t, 2))")
    out_open = subprocess.run([sys.executable, "-c", probe, str(out)], cwd=ROOT, capture_output=True, text=True)
    print(f"open_tables(dataset): rows, articles, seconds = {out_open.stdout.strip() or out_open.stderr[-500:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--chars", type=int, default=20_000_000)
    c.add_argument("--repeat", type=int, default=1)
    m = sub.add_parser("memory")
    m.add_argument("--sizes", default="2000000,20000000,100000000")
    b = sub.add_parser("corpus")
    b.add_argument("--articles", type=int, default=100_000)
    b.add_argument("--workers", type=int, default=2)
    for p in (c, m, b):
        p.add_argument("--work", type=Path, default=None)
    a = ap.parse_args()
    {"compare": compare, "memory": memory, "corpus": big}[a.what](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
