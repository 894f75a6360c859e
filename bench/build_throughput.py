"""Build throughput against the floor: a bare, reused SudachiPy tokenizer over the same text.

usage: python bench/build_throughput.py [--chars 2000000] [--repeat 3] [--work DIR] [--no-growth]
       [--baseline CHECKOUT]

Both sides run as whole processes (imports and dictionary load included), interleaved,
`--repeat` times; the table shows the median wall time, chars/s, the ratio to the bare
tokenizer measured in the same run (of the medians, and "paired": the median and range of each round's
ratio to the bare run of the same round, which a slow spell of the machine moves less), the median CPU
time of the process and its workers (less moved by other work on the machine than the wall time), and
the peak RSS of the main process.
The load average before and after is printed: ratios from a busy machine are not comparable.
`--baseline CHECKOUT` also times the build of another checkout of the project (e.g. a
`git worktree` of an older commit) in the same interleaved runs: a before/after on one footing.  A second
table builds corpora of growing size to show whether peak memory stays flat.
Targets (issue #5): single process <= 1.3 x bare; --jobs <all cores> <= 0.8 x bare.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# The floor: tokenize exactly the build's input, line by line (each line is under Sudachi's
# byte limit here), with one reused mode-C tokenizer.
BARE = r"""
import sys
from pathlib import Path
from sudachipy import Dictionary, SplitMode
tok = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
n = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    for line in p.read_bytes().decode("utf-8-sig").splitlines():
        if line:
            n += len(tok.tokenize(line))
print(n, file=sys.stderr)
"""


def run(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the process and the children it waited for) and peak RSS (MB)
    of the command's main process (os.wait4 rusage)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.exit(f"failed: {' '.join(cmd)}\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def paired_ratios(times: list[float], floor_times: list[float]) -> list[float]:
    """Each round's time over the bare tokenizer's time in the same round (runs are interleaved)."""
    return [t / f for t, f in zip(times, floor_times, strict=True)]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def commands(corpus: Path, out: Path, jobs: int, baseline: Path | None = None) -> dict[str, tuple[list[str], Path]]:
    """name -> (command, the checkout it runs in: `python -m claims` imports the project from there)."""
    build = [sys.executable, "-m", "claims", "build", str(corpus), "--out", str(out / "claims.parquet"),
             "--quiet"]
    cmds = {"bare tokenizer (floor)": ([sys.executable, "-c", BARE, str(corpus)], ROOT)}
    for tag, checkout in (("", ROOT), (" [baseline]", baseline)):
        if checkout is not None:
            cmds[f"claims build{tag}"] = (build, checkout)
            if jobs > 1:
                cmds[f"claims build --jobs {jobs}{tag}"] = (build + ["--jobs", str(jobs)], checkout)
    return cmds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--no-growth", action="store_true", help="skip the peak-memory table")
    ap.add_argument("--baseline", type=Path, default=None, help="another checkout to time alongside")
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="claims-bench-"))
    corpus, out = work / "corpus", work / "out"
    n_articles, n_chars = make_corpus(corpus, a.chars)
    print(f"corpus: {n_articles} articles, {n_chars:,} characters ({work}); {os.cpu_count()} cores; "
          f"median of {a.repeat} interleaved runs; load average {_load()}\n")

    cmds = commands(corpus, out, a.jobs, a.baseline.resolve() if a.baseline else None)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    cpus: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = {k: 0 for k in cmds}
    for _ in range(a.repeat):
        for name, (cmd, cwd) in cmds.items():
            wall, cpu, peak = run(cmd, cwd)
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
    floor = statistics.median(times["bare tokenizer (floor)"])
    print(f"{'command':43s} {'median s':>9s} {'chars/s':>11s} {'x bare':>7s} {'paired':>7s} {'range':>11s} "
          f"{'cpu s':>6s} {'peak MB':>8s}")
    for name in cmds:
        med = statistics.median(times[name])
        paired = paired_ratios(times[name], times["bare tokenizer (floor)"])
        print(f"{name:43s} {med:9.2f} {n_chars / med:11,.0f} {med / floor:7.2f} {statistics.median(paired):7.2f} "
              f"{min(paired):5.2f}-{max(paired):<5.2f} {statistics.median(cpus[name]):6.2f} {peaks[name]:8d}")
    print("paired: the median of each round's ratio to the bare run just before it (a slow spell of the machine "
          "moves both); range: the lowest and highest of those ratios")
    print(f"load average after: {_load()}")

    if a.no_growth:
        return 0
    print("\npeak memory as the corpus grows (single process):")
    print(f"{'characters':>12s} {'build s':>8s} {'peak MB':>8s}")
    for chars in (a.chars // 4, a.chars, a.chars * 2):
        make_corpus(corpus, chars)
        wall, _, peak = run(*commands(corpus, out, 1)["claims build"])
        print(f"{chars:12,d} {wall:8.2f} {peak:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
