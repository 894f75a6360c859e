#!/usr/bin/env python3
"""Run the peer extractor pynormalizenumexp over a folder of articles and
write a claims-like CSV that the project's scorer (`python -m claims score`) can score.

usage: python bench/peer_numexp.py DOCS_DIR OUT.csv [--extend-dict]

Every ``*.txt`` in DOCS_DIR is decoded as UTF-8 with any BOM removed (the
same text the project's spans index) and given, line by line, to
``NormalizeNumexp("ja").normalize``.  The peer reports each numerical
expression with its character positions, its counter (unit) and a
lower/upper bound already multiplied out (``5000億ドル`` → 5e11 ドル,
``120万kW`` → 1.2e9 W).  We keep the numerical expressions whose counter is
money or power and map them to the claims contract:

    counter ``W``   (W, kW, MW, GW, ワット, キロワット, 万kW, ...) → power, GW (× 1e-9)
    counter ``ドル`` (ドル, USドル, $, ＄)                          → money, USD
    counter ``円``  (円, ¥, ￥)                                    → money, JPY

The peer does not report qualifiers, so ``qualifier`` is left empty.  It
reports bounds instead; we turn them into ``value``/``value_low``/``value_high``
the way the contract reads them, so that the peer is not penalised for
representing an approximate amount as an interval:

* lower == upper                    → exact value
* upper = +inf (以上, 超, ...)       → value = low = lower, high empty
* lower = -inf (以下, まで, ...)     → value = high = upper, low empty
* a range (``80〜100GW``, ``AからB``) or a vague amount (``数十億ドル``)
                                     → value = lower, low/high = the peer's bounds
* a modifier the peer widens by a fixed factor (its dictionaries: ``about``
  約/ほぼ/程度/前後/くらい/近く → lower × 0.7, upper × 1.3; ``kyou`` 強/余り →
  upper × 1.6; ``jaku`` 弱 → lower × 0.5) is undone on the bound(s) the peer
  widened (both for a single number; for a range only the end the modifier is
  attached to), so ``約500MW`` scores as 0.5 GW rather than 0.35..0.65 and
  ``数千億円から1兆円程度`` keeps its upper bound 1e12.  What remains is a
  point (low = high = value) or an interval as above.

The peer's counter may carry a rate (``週1ギガワット`` → ``W/week``); the part
before ``/`` decides the kind, as the peer itself does when it compares units.

``--extend-dict`` adds a tiny custom dictionary through the peer's documented
extension point (``NormalizeNumexp("ja", custom_dict_file)``): ``米ドル`` as a
dollar counter and ``Wh``/``kWh``/``MWh``/``GWh``/``TWh``/``キロワット時`` as
energy counters, so energy is no longer read as power.  The default run uses
the peer exactly as shipped.

Spans: the peer reports positions into the string it was given; each line's
offset is added, and the position is checked against ``original_expr`` (if
they ever disagree the expression is searched for near the reported place).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
import tempfile
from pathlib import Path

from pynormalizenumexp.normalize_numexp import NormalizeNumexp

INF = float("inf")
RANGE_MARKS = ("〜", "~", "～", "から", "-", "−", "ー", "‐", "–")
COUNTERS = {
    "W": ("power", "GW", 1e-9),
    "ドル": ("money", "USD", 1.0),
    "円": ("money", "JPY", 1.0),
}
COLUMNS = ["claim_id", "source_id", "span_start", "span_end", "surface", "kind", "unit",
           "value", "value_low", "value_high", "qualifier", "section", "flags",
           "peer_counter", "peer_lower", "peer_upper"]


def _extension_dict() -> list[dict]:
    def counter(pattern: str, name: str, si: int) -> dict:
        return {"expr_type": "number:limited",
                "value": {"pattern": pattern, "counter": name, "SI_prefix": si,
                          "optional_power_of_ten": 0, "ordinary": False, "option": ""}}
    out = [counter("米ドル", "ドル", 0), counter("ＵＳドル", "ドル", 0)]
    for prefix, si in (("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12)):
        out.append(counter(f"{prefix}Wh", "Wh", si))
        wide = prefix.translate(str.maketrans("kMGT", "ｋＭＧＴ"))
        out.append(counter(f"{wide}Ｗｈ", "Wh", si))
    for word, si in (("ワット時", 0), ("キロワット時", 3), ("メガワット時", 6),
                     ("ギガワット時", 9), ("テラワット時", 12)):
        out.append(counter(word, "Wh", si))
    return out


def make_normalizer(extend: bool) -> NormalizeNumexp:
    if not extend:
        return NormalizeNumexp("ja")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fp:
        json.dump(_extension_dict(), fp, ensure_ascii=False)
        path = fp.name
    try:
        return NormalizeNumexp("ja", path)
    finally:
        Path(path).unlink(missing_ok=True)


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def finite(x) -> bool:
    return isinstance(x, (int, float)) and not math.isinf(x) and not math.isnan(x)


WIDEN = {"about": (0.7, 1.3), "kyou": (1.0, 1.6), "jaku": (0.5, 1.0)}


def _modifier(expr: str, patterns: list[tuple[str, str]], at_start: bool) -> str | None:
    """The peer's widening modifier written at the start/end of expr, if any."""
    best = None
    for pattern, kind in patterns:
        if kind in WIDEN and (expr.startswith(pattern) if at_start else expr.endswith(pattern)):
            if best is None or len(pattern) > len(best[0]):
                best = (pattern, kind)
    return best[1] if best else None


def to_contract(nn: NormalizeNumexp, expr: str, lo: float, hi: float) -> tuple[float, float, float]:
    """The peer's bounds → (value, value_low, value_high) in the peer's own unit."""
    nan = float("nan")
    num = nn.numerical_expr_normalizer
    prefix = _modifier(expr, [(m.pattern, m.process_type) for m in num.prefix_number_modifier], True)
    suffix = _modifier(expr, [(m.pattern, m.process_type) for m in num.suffix_number_modifier], False)
    is_range = any(m in expr[1:-1] for m in RANGE_MARKS)
    for mod, ends in ((prefix, "lo" if is_range else "both"), (suffix, "hi" if is_range else "both")):
        if mod is None:
            continue
        f_lo, f_hi = WIDEN[mod]
        if ends in ("lo", "both") and finite(lo):
            lo /= f_lo
        if ends in ("hi", "both") and finite(hi):
            hi /= f_hi
    if finite(lo) and finite(hi):
        if math.isclose(lo, hi, rel_tol=1e-9):
            return lo, lo, lo
        return lo, lo, hi                          # range or vague amount
    if finite(lo):
        return lo, lo, nan
    if finite(hi):
        return hi, nan, hi
    return nan, nan, nan


def locate(text: str, start: int, end: int, expr: str) -> tuple[int, int] | None:
    if text[start:end] == expr:
        return start, end
    for radius in (8, 64, len(text)):
        lo = max(0, start - radius)
        at = text.find(expr, lo, min(len(text), end + radius))
        if at >= 0:
            return at, at + len(expr)
    return None


def extract(nn: NormalizeNumexp, source_id: str, text: str, stats: dict) -> list[dict]:
    rows = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            try:
                exprs = nn.normalize(body)
            except Exception as exc:  # the peer crashing on a line counts as no output
                stats["errors"] += 1
                print(f"peer error in {source_id} at {offset}: {exc!r}", file=sys.stderr)
                exprs = []
            for e in exprs:
                if e.type != "numerical":
                    continue
                mapped = COUNTERS.get(e.counter.split("/")[0])
                if mapped is None:
                    continue
                span = locate(body, e.position_start, e.position_end, e.original_expr)
                if span is None:
                    stats["unplaced"] += 1
                    continue
                if span != (e.position_start, e.position_end):
                    stats["moved"] += 1
                kind, unit, factor = mapped
                value, low, high = to_contract(nn, e.original_expr, e.value_lower_bound, e.value_upper_bound)
                s, t = span[0] + offset, span[1] + offset
                rows.append({
                    "claim_id": hashlib.sha1(f"{source_id}:{s}:{t}".encode()).hexdigest()[:16],
                    "source_id": source_id, "span_start": s, "span_end": t,
                    "surface": text[s:t], "kind": kind, "unit": unit,
                    "value": value * factor, "value_low": low * factor, "value_high": high * factor,
                    "qualifier": "", "section": "body", "flags": "",
                    "peer_counter": e.counter,
                    "peer_lower": e.value_lower_bound, "peer_upper": e.value_upper_bound,
                })
        offset += len(line)
    return rows


def fmt(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return repr(v)
    return str(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--extend-dict", action="store_true",
                    help="add 米ドル and Wh-family counters to the peer's dictionary")
    a = ap.parse_args(argv)
    paths = sorted(p for p in a.docs.glob("*.txt") if p.is_file())
    if not paths:
        print(f"error: {a.docs}: no .txt articles found", file=sys.stderr)
        return 1
    nn = make_normalizer(a.extend_dict)
    stats = {"errors": 0, "unplaced": 0, "moved": 0}
    rows: list[dict] = []
    for p in paths:
        rows += extract(nn, p.stem, read_text(p), stats)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = a.out.with_name(a.out.name + ".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([fmt(r[c]) for c in COLUMNS])
    tmp.replace(a.out)
    print(f"peer: wrote {len(rows)} power/money rows from {len(paths)} articles to {a.out} "
          f"(line errors {stats['errors']}, relocated {stats['moved']}, unplaced {stats['unplaced']})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
