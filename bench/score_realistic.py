"""Build and score parts of the realistic corpus together, with this project and (optionally) the peer.

usage: python bench/score_realistic.py PART [PART …] [--show] [--peer] [--work DIR]
       e.g. python bench/score_realistic.py tests/fixtures/realistic/heldout3{a,b,c,d}

The parts are joined into one corpus (claims.score.join_parts) as a held-out part written by several
hands was labelled, built with `python -m claims build`, and scored with `python -m claims score`.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from claims.score import join_parts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="list the misses (never on a part still held out)")
    ap.add_argument("--peer", action="store_true", help="also score pynormalizenumexp (bench/peer_numexp.py)")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="realistic-"))
    corpus = join_parts(args.parts, work / "corpus")
    table = work / "claims.csv"
    subprocess.run([sys.executable, "-m", "claims", "build", str(corpus / "raw"), "--sources",
                    str(corpus / "sources.csv"), "--out", str(table), "--quiet"], check=True, cwd=ROOT)
    score = [sys.executable, "-m", "claims", "score"]
    print(f"this project ({len(list((corpus / 'raw').glob('*.txt')))} articles):", flush=True)
    subprocess.run([*score, str(table), str(corpus / "gold.jsonl"), str(corpus / "raw"),
                    *(["--show"] if args.show else [])], cwd=ROOT)
    if args.peer:
        peer = work / "peer.csv"
        subprocess.run([sys.executable, str(ROOT / "bench" / "peer_numexp.py"), str(corpus / "raw"), str(peer)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print("peer (pynormalizenumexp):", flush=True)
        subprocess.run([*score, str(peer), str(corpus / "gold.jsonl"), str(corpus / "raw")], cwd=ROOT)


if __name__ == "__main__":
    main()
