"""Probe sets: single sentences and short pages written to test one notation or one kind of page chrome
each (tests/fixtures/probes, README there), scored against their expected readings.

- money: every power/money/energy figure of a sentence, as (surface, kind, unit, qualifier, low, high);
  a sentence agrees when its figures and the expected ones pair up (kind, unit, qualifier and bounds
  within 1e-6; a vague amount's interval need only overlap). Surfaces are hints, not compared.
- time: the period (time_start, time_end) of the figure whose surface holds `target`, as ISO dates or None;
  `alternatives` lists other readings a case accepts.
- chrome: each labelled figure of a page is the article's (`content`: all its rows body/title) or not
  (`not`: none of its rows body/title); a label gives its line and column, or its line only (the surface's
  first occurrence there).
"""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .extract import extract_sentence

MONEY_KINDS = ("power", "money", "energy")


@dataclass(frozen=True)
class Outcome:
    tried: int
    agreed: int
    misses: list[str]        # one line per disagreement, for a failing test's message

    def __str__(self) -> str:
        return f"{self.agreed}/{self.tried}"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _nan(x) -> bool:
    return x is None or isinstance(x, float) and math.isnan(x)


def _close(a, b) -> bool:
    if _nan(a) or _nan(b):
        return _nan(a) and _nan(b)
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


def _agrees(want: list, got: tuple) -> bool:
    _, kind, unit, qualifier, low, high = want
    if (kind, unit, qualifier) != got[1:4]:
        return False
    if qualifier == "vague":
        return not (got[5] < low * 0.999 or got[4] > high * 1.001)
    return _close(low, got[4]) and _close(high, got[5])


def _pairs_up(wanted: list, got: list, agrees) -> tuple[list, list]:
    """(wanted figures left unmatched, got figures left unmatched), pairing greedily."""
    left, missing = list(got), []
    for want in wanted:
        hit = next((g for g in left if agrees(want, g)), None)
        if hit is None:
            missing.append(want)
        else:
            left.remove(hit)
    return missing, left


def _fits(want: dict, got: tuple) -> bool:
    """A reading of the second round's format: one of several qualifiers; a value, or bounds for a range."""
    if (want["kind"], want["unit"]) != got[1:3] or got[3] not in want["qualifiers"]:
        return False
    if got[3] in ("range", "vague"):
        return want["low"] is not None and _close(want["low"], got[4]) and _close(want["high"], got[5])
    value = want["value"] if want["value"] is not None else want["low"]
    return _close(value, got[6])


def money(path: Path) -> Outcome:
    """`expected` (one reading) or `readings` (any of several) per sentence."""
    cases = _jsonl(path)
    misses = []
    for case in cases:
        text = case["sentence"]
        got = [(text[q.start:q.end], q.kind, q.unit, q.qualifier, q.value_low, q.value_high, q.value)
               for q in extract_sentence(text, date(2026, 1, 1)).quantities if q.kind in MONEY_KINDS]
        if "readings" in case:
            if not any(_pairs_up(r, got, _fits) == ([], []) for r in case["readings"]):
                misses.append(f"{text} | expected one of {case['readings']} | got {[g[:6] for g in got]}")
            continue
        missing, extra = _pairs_up(case["expected"], got, _agrees)
        if missing or extra:
            misses.append(f"{text} | expected {missing} | unexpected {[g[:6] for g in extra]}")
    return Outcome(len(cases), len(cases) - len(misses), misses)


def _target(target: str | None, text: str, qs):
    """The figure a time case is about: the first power, money or energy figure whose surface holds `target`
    (or is held by it); the sentence's first such figure when there is no target."""
    figures = [(q, text[q.start:q.end]) for q in qs if q.kind in MONEY_KINDS]
    if target is None:
        return next((q for q, _ in figures), None)
    return next((q for q, surface in figures if surface and (target in surface or surface in target)), None)


def time(path: Path) -> Outcome:
    cases = _jsonl(path)
    misses = []
    for case in cases:
        text = case["sentence"]
        qs = extract_sentence(text, date.fromisoformat(case["ref"])).quantities
        hit = _target(case["target"], text, qs)
        period = (hit.time.time_start, hit.time.time_end) if hit is not None and hit.time else (None, None)
        got = None if hit is None else [d.isoformat() if d else None for d in period]
        if got is None or got != [case["start"], case["end"]] and got not in case["alternatives"]:
            misses.append(f"{text} (ref {case['ref']}) | expected {case['start']}..{case['end']} | got {got}")
    return Outcome(len(cases), len(cases) - len(misses), misses)


def chrome(folder: Path) -> tuple[Outcome, Outcome]:
    """(content figures kept as body/title, chrome figures kept out of body/title)."""
    from .build import Article, article_claims
    from .sources import ArticleMeta

    labels = list(csv.DictReader(open(folder / "labels.tsv", encoding="utf-8"), delimiter="\t"))
    ref = date(2026, 1, 15)
    rows_by_file: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    for name in sorted({lb["file"] for lb in labels}):
        text = (folder / "raw" / name).read_text(encoding="utf-8")
        meta = ArticleMeta(source_id=Path(name).stem, title=text.splitlines()[0], published=ref, reference_date=ref)
        texts[name] = text
        rows_by_file[name] = [r for r in article_claims(Article(meta, text)) if r["kind"] in MONEY_KINDS]
    results = {"content": [0, []], "not": [0, []]}
    for lb in labels:
        text = texts[lb["file"]]
        lines = text.split("\n")
        line_start = sum(len(ln) + 1 for ln in lines[:int(lb["line"]) - 1])
        col = int(lb["col"]) if lb.get("col") else lines[int(lb["line"]) - 1].find(lb["surface"])   # no col: the first
        a = line_start + col
        b = a + len(lb["surface"])
        sections = {r["section"] for r in rows_by_file[lb["file"]] if r["span_start"] < b and r["span_end"] > a}
        own = sections and sections <= {"body", "title"}
        ok = own if lb["expected"] == "content" else not sections & {"body", "title"}
        tally = results[lb["expected"]]
        tally[0] += 1
        if not ok:
            got = sorted(sections) or "no row"
            tally[1].append(f"{lb['file']}:{lb['line']} {lb['surface']} ({lb.get('class', '')}) got {got}")
    return tuple(Outcome(n, n - len(m), m) for n, m in (results["content"], results["not"]))
