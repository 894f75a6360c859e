"""The extractor on the open parts of the realistic corpus keeps the targets of issues #12 and #14.

The open parts are `dev/` and the first held-out part `heldout/`, opened after it was scored once
(tests/fixtures/realistic/HELDOUT.md). The second held-out part (`heldout2a/`, `heldout2b/`) is
scored by hand, once, at the end of a piece of work, so that nobody tunes the extractor to it.
"""
import subprocess
import sys
from pathlib import Path

from claims.score import read_gold, score_files, shortfalls

REALISTIC = Path(__file__).resolve().parent / "fixtures" / "realistic"
DEV = REALISTIC / "dev"
OPENED = REALISTIC / "heldout"


def _score(part: Path, tmp_path: Path):
    out = tmp_path / "claims.csv"
    subprocess.run([sys.executable, "-m", "claims", "build", str(part / "raw"), "--sources", str(part / "sources.csv"),
                    "--out", str(out), "--quiet"], check=True, capture_output=True)
    return score_files(out, part / "gold.jsonl", part / "raw")


def test_dev_part_scores_at_the_targets(tmp_path):
    assert len(read_gold(DEV / "gold.jsonl")) > 250
    assert shortfalls(_score(DEV, tmp_path), min_f1=0.99, min_qualifier=0.97, min_time=0.95,
                      min_label={"measure": 0.9, "modality": 0.85, "speaker": 0.8}, max_absent=0) == []


def test_opened_first_heldout_part_scores_at_the_targets(tmp_path):
    """Figures, qualifiers, periods and absent spans at issue #12's targets. Its measure, status
    and speaker labels (issue #14) were never tuned on and sit lower; the README gives them."""
    assert shortfalls(_score(OPENED, tmp_path), min_f1=0.99, min_qualifier=0.97, min_time=0.95,
                      max_absent=0) == []
