"""Well-formedness of the realistic test corpus's gold labels.

Every part under tests/fixtures/realistic/ (``dev``, and ``heldout`` when it
exists) holds ``raw/*.txt`` articles, a ``sources.csv`` and a ``gold.jsonl``
of hand-labelled power and money quantities plus "absent" spans.  These tests
check only that the labels are usable and follow the claims table contract
(DESIGN.md): each context is found exactly once, each text lies inside its
context, kinds, units, qualifiers, bounds, periods and the measure/modality
vocabularies are the contract's.  How well the build scores on them is not
checked here.
"""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent / "fixtures" / "realistic"
ENTITIES = Path(__file__).resolve().parent.parent / "data" / "entities.csv"

PARTS = sorted(p.parent for p in ROOT.glob("*/gold.jsonl"))

KINDS = {"power", "energy", "money", "count", "percent", "duration", "date", "ratio"}
UNITS = {"power": re.compile(r"^GW$"), "money": re.compile(r"^[A-Z]{3}$")}   # money: ISO code of the currency written
QUALIFIERS = {"exact", "approx", "at_least", "at_most", "range", "vague"}
MEASURES = {"investment", "funding", "contract", "valuation", "revenue", "cost",
            "subsidy", "market", "capacity", "demand", "other", ""}
MODALITIES = {"actual", "plan", "forecast", "hypothetical", ""}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _lines(part: Path) -> list[tuple[int, dict]]:
    out = []
    for n, line in enumerate((part / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            out.append((n, json.loads(line)))
    return out


def _text(part: Path, source_id: str) -> str:
    return (part / "raw" / f"{source_id}.txt").read_bytes().decode("utf-8-sig")


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def test_the_dev_part_exists():
    assert (ROOT / "dev" / "gold.jsonl").is_file()
    assert ROOT / "dev" in PARTS


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_sources_list_every_article_once(part):
    with open(part / "sources.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["source_id"] for r in rows]
    assert len(ids) == len(set(ids)), "a source_id is listed twice"
    stems = {p.stem for p in (part / "raw").glob("*.txt")}
    assert set(ids) == stems
    for r in rows:
        for col in ("published", "reference_date"):
            assert not r.get(col) or DAY.match(r[col]), (r["source_id"], col, r[col])


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_contexts_are_unique_and_hold_the_text(part):
    for n, g in _lines(part):
        for key in ("source_id", "context", "text", "kind"):
            assert isinstance(g.get(key), str) and g[key], f"line {n}: {key} missing"
        assert (part / "raw" / f"{g['source_id']}.txt").is_file(), f"line {n}: no article {g['source_id']}"
        text = _text(part, g["source_id"])
        assert text.count(g["context"]) == 1, f"line {n}: context not found exactly once: {g['context']!r}"
        assert g["text"] in g["context"], f"line {n}: text {g['text']!r} not inside its context"


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_labels_follow_the_contract(part):
    for n, g in _lines(part):
        where = f"{part.name} line {n} ({g['source_id']} {g['text']!r})"
        assert g["kind"] in KINDS, where
        if g.get("absent"):
            assert g["absent"] is True, where
            continue
        assert g["kind"] in UNITS, f"{where}: only power and money quantities are labelled"
        assert UNITS[g["kind"]].match(g.get("unit") or ""), f"{where}: unit {g.get('unit')!r}"
        q = g.get("qualifier")
        assert q is None or q in QUALIFIERS, f"{where}: qualifier {q!r}"
        if q in ("range", "vague"):
            assert "value" not in g, where
            assert _finite(g.get("low")) and _finite(g.get("high")), where
            assert 0 <= g["low"] < g["high"], f"{where}: bounds {g['low']}..{g['high']}"
        else:
            assert "low" not in g and "high" not in g, f"{where}: bounds only for range/vague"
            assert _finite(g.get("value")) and (g["value"] >= 0 or g["kind"] == "money"), where   # △1,041百万円
        for col in ("time_start", "time_end"):
            if col in g:
                assert g[col] is None or (isinstance(g[col], str) and DAY.match(g[col])), f"{where}: {col}"
        if g.get("time_start") and g.get("time_end"):
            assert g["time_start"] <= g["time_end"], f"{where}: period ends before it starts"
        assert g.get("measure", "") in MEASURES, f"{where}: measure {g.get('measure')!r}"
        assert g.get("modality", "") in MODALITIES, f"{where}: modality {g.get('modality')!r}"
        assert isinstance(g.get("speaker", ""), str), where


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_no_quantity_is_labelled_twice(part):
    seen = {}
    for n, g in _lines(part):
        if g.get("absent"):
            continue
        text = _text(part, g["source_id"])
        start = text.find(g["context"]) + g["context"].index(g["text"])
        key = (g["source_id"], g["kind"], g["unit"], start)
        assert key not in seen, f"{part.name} line {n} repeats line {seen.get(key)}"
        seen[key] = n


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_speakers_are_canonical_names(part):
    with open(ENTITIES, encoding="utf-8-sig", newline="") as fh:
        canonical = {r["canonical"] for r in csv.DictReader(fh)}
    unknown = sorted({g["speaker"] for _, g in _lines(part)
                      if g.get("speaker") and g["speaker"] not in canonical})
    assert not unknown, f"speakers not in data/entities.csv: {unknown}"
