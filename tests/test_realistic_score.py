"""The extractor on the development part of the realistic corpus keeps the targets of issues #12 and #14.

Only the dev part: the held-out part is scored by hand, once, at the end of a piece of work
(tests/fixtures/realistic/HELDOUT.md), so that nobody tunes the extractor to it.
"""
import subprocess
import sys
from pathlib import Path

from claims.score import read_gold, score_files, shortfalls

DEV = Path(__file__).resolve().parent / "fixtures" / "realistic" / "dev"


def test_dev_part_scores_at_the_targets(tmp_path):
    out = tmp_path / "claims.csv"
    subprocess.run([sys.executable, "-m", "claims", "build", str(DEV / "raw"), "--sources", str(DEV / "sources.csv"),
                    "--out", str(out), "--quiet"], check=True, capture_output=True)
    report = score_files(out, DEV / "gold.jsonl", DEV / "raw")
    assert len(read_gold(DEV / "gold.jsonl")) > 250
    assert shortfalls(report, min_f1=0.99, min_qualifier=0.97, min_time=0.95,
                      min_label={"measure": 0.9, "modality": 0.85, "speaker": 0.8}, max_absent=0) == []
