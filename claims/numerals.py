"""Numbers from Sudachi morphemes: adjacent 数詞 morphemes form a run with a value.

Sudachi already joins and normalizes numerals (`5000億` -> 500000000000,
`16万6000` -> 166000, `１２０万` -> 1200000).  What it leaves is handled here:
vague numerals (`数千`+`億`, `何十`+`億`, `十`+`数`+`億`) become bounds.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .tokenizer import Morph

_PLACE = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 1e4, "億": 1e8, "兆": 1e12}
_VAGUE = re.compile(r"^(?P<lead>十)?(?P<mark>[数何幾])(?P<places>[十百千]*)(?P<big>[万億兆]*)$")

# Full-width ASCII -> ASCII, ideographic space -> space; one char for one char, so offsets hold.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def width_normalize(text: str) -> str:
    return text.translate(_WIDTH)


@dataclass(frozen=True, slots=True)
class Run:
    start: int
    end: int
    surface: str
    low: float
    high: float
    vague: bool

    @property
    def value(self) -> float:
        return self.low

    @property
    def is_int(self) -> bool:
        return not self.vague and float(self.low).is_integer()


def _vague_bounds(surface: str) -> tuple[float, float] | None:
    m = _VAGUE.match(unicodedata.normalize("NFKC", surface))
    if not m:
        return None
    place = 1.0
    for ch in m["places"]:
        place *= _PLACE[ch]
    big = 1.0
    for ch in m["big"]:
        big *= _BIG[ch]
    if m["lead"]:                       # 十数億: 11..19 億
        return 11 * place * big, 19 * place * big
    return place * big, 10 * place * big


def _exact_value(morphs: list[Morph]) -> float | None:
    total = 0.0
    current: float | None = None
    for m in morphs:
        norm = m.norm
        if norm in _BIG or norm in _PLACE:
            mult = _BIG.get(norm) or _PLACE[norm]
            current = (current if current is not None else 1.0) * mult
            continue
        try:
            v = float(norm.replace(",", ""))
        except ValueError:
            return None
        if current is not None and current > v:   # 16万 + 6000
            total += current
            current = v
        elif current is None:
            current = v
        else:
            return None
    if current is None:
        return None
    return total + current


def numeral_runs(morphs: list[Morph]) -> list[Run]:
    runs: list[Run] = []
    group: list[Morph] = []

    def close() -> None:
        if not group:
            return
        start, end = group[0].begin, group[-1].end
        surface = "".join(m.surface for m in group)
        bounds = _vague_bounds(surface)
        if bounds is not None:
            runs.append(Run(start, end, surface, bounds[0], bounds[1], True))
        else:
            v = _exact_value(group)
            if v is not None:
                runs.append(Run(start, end, surface, v, v, False))
        group.clear()

    for m in morphs:
        if m.pos1 == "数詞" and (not group or group[-1].end == m.begin):
            group.append(m)
        else:
            close()
            if m.pos1 == "数詞":
                group.append(m)
    close()
    return runs
