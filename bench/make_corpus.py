"""Make a large corpus from the shipped articles: copies with new ids, until ~N characters.

usage: python bench/make_corpus.py OUT_DIR [--chars 2000000] [--src data/raw]
Writes OUT_DIR/*.txt and OUT_DIR/sources.csv (dates copied from data/sources.csv).
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(out: Path, chars: int, src: Path = ROOT / "data" / "raw") -> tuple[int, int]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    originals = sorted(src.glob("*.txt"))
    texts = [p.read_bytes().decode("utf-8-sig") for p in originals]
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as fh:
        meta = {r["source_id"]: r for r in csv.DictReader(fh)}
    rows, total, n = [], 0, 0
    while total < chars:
        i = n % len(originals)
        sid = f"c{n:06d}_{originals[i].stem}"
        (out / f"{sid}.txt").write_text(texts[i], encoding="utf-8")
        row = dict(meta.get(originals[i].stem, {"source_id": sid}))
        row["source_id"] = sid
        rows.append(row)
        total += len(texts[i])
        n += 1
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return n, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--chars", type=int, default=2_000_000)
    a = ap.parse_args()
    n, total = make_corpus(a.out, a.chars)
    print(f"{n} articles, {total:,} characters in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
