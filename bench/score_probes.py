"""Score the probe sets (tests/fixtures/probes): notations of money and power, periods, and page chrome.

usage: python bench/score_probes.py [--show]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from claims import probes  # noqa: E402

PROBES = ROOT / "tests" / "fixtures" / "probes"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list the disagreements")
    args = ap.parse_args()
    for name in sorted(p.stem for p in PROBES.glob("*.jsonl")):
        scorer = probes.time if name.startswith("time") else probes.money
        outcome = scorer(PROBES / f"{name}.jsonl")
        print(f"{name}: {outcome} sentences agree")
        if args.show:
            print("".join(f"  {m}\n" for m in outcome.misses), end="")
    for folder in sorted(p.parent for p in PROBES.glob("*/labels.tsv")):
        content, chrome = probes.chrome(folder)
        print(f"{folder.name}: content kept {content}, chrome kept out {chrome}")
        if args.show:
            print("".join(f"  {m}\n" for m in content.misses + chrome.misses), end="")


if __name__ == "__main__":
    main()
