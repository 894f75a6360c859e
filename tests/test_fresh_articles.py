"""End-to-end check on a fresh, hand-labelled corpus (tests/fixtures/fresh/).

Four short articles written for this test, with varied notation for power and
money (kanji numerals, full-width digits, 万kW, MW, W/kW, 兆円/億円, 米ドル, $,
ranges, vague 数/何 amounts, every qualifier of the contract) and traps that
must not match (H100, GB200, GPT-4, Llama 3.1 405B, Qwen-2.5, 7nm, iPhone 16,
energy in TWh/GWh/kWh/キロワット時).  ``gold.jsonl`` lists every power and
money quantity in them, labelled by hand from the text per DESIGN.md.

The build runs as the CLI would (``python -m claims build``) and the project's
scorer (``python -m claims score``) must report F1 1.000 with every matched
qualifier agreeing.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FRESH = REPO / "tests" / "fixtures" / "fresh"
RAW = FRESH / "raw"
GOLD = FRESH / "gold.jsonl"
SOURCES = FRESH / "sources.csv"

QUALIFIERS = {"exact", "approx", "at_least", "at_most", "range", "vague"}


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_is_well_formed():
    """The fixture itself: contexts unique, text inside context, bounds where the contract needs them."""
    gold = _gold()
    assert gold, "empty gold file"
    stems = {p.stem for p in RAW.glob("*.txt")}
    assert len(stems) == 4
    assert {g["source_id"] for g in gold} == stems
    for n, g in enumerate(gold, 1):
        text = (RAW / f"{g['source_id']}.txt").read_bytes().decode("utf-8-sig")
        assert text.count(g["context"]) == 1, f"gold line {n}: context not unique: {g['context']!r}"
        assert g["text"] in g["context"], f"gold line {n}: text not inside context"
        assert (g["kind"], g["unit"]) in {("power", "GW"), ("money", "USD"), ("money", "JPY")}, n
        assert g["qualifier"] in QUALIFIERS, n
        if g["qualifier"] in ("range", "vague"):
            assert "value" not in g and g["low"] < g["high"], n
        else:
            assert "value" in g and "low" not in g, n


def test_fresh_articles_score_perfectly(tmp_path):
    out = tmp_path / "claims.csv"
    build = subprocess.run(
        [sys.executable, "-m", "claims", "build", str(RAW), "--sources", str(SOURCES),
         "--out", str(out), "--quiet"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, f"claims build failed:\n{build.stdout}\n{build.stderr}"
    assert out.is_file()

    score = subprocess.run(
        [sys.executable, "-m", "claims", "score", str(out), str(GOLD), str(RAW), "--show"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    report = score.stdout + score.stderr
    assert score.returncode == 0, f"scorer failed:\n{report}"

    f1 = re.search(r"^F1 ([0-9.]+)\s*$", score.stdout, re.M)
    qual = re.search(r"^qualifier agreement on matched: (\d+)/(\d+)", score.stdout, re.M)
    assert f1 and qual, f"could not parse scorer output:\n{report}"
    q_ok, q_total = int(qual.group(1)), int(qual.group(2))

    problems = []
    if f1.group(1) != "1.000":
        problems.append(f"F1 {f1.group(1)} != 1.000")
    if q_total != len(_gold()):
        problems.append(f"only {q_total}/{len(_gold())} gold quantities matched")
    if q_ok != q_total:
        problems.append(f"qualifier agreement {q_ok}/{q_total}")
    assert not problems, "; ".join(problems) + "\n\nscorer output:\n" + report
