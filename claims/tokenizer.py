"""One SudachiPy tokenizer (mode C, sudachidict-core), created once per process."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sudachipy import Dictionary, SplitMode

# Sudachi refuses inputs over 49,149 bytes; stay well below with room for 4-byte chars.
MAX_INPUT_BYTES = 40_000


@dataclass(frozen=True, slots=True)
class Morph:
    surface: str
    norm: str
    pos1: str    # second POS level: 数詞 marks numerals
    begin: int   # character offsets in the tokenized string
    end: int


@lru_cache(maxsize=1)
def tokenizer():
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _chunks(text: str):
    """Yield (offset, piece) with each piece under MAX_INPUT_BYTES in UTF-8."""
    if len(text) * 4 <= MAX_INPUT_BYTES or len(text.encode("utf-8")) <= MAX_INPUT_BYTES:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = start
        size = 0
        while end < len(text) and size + len(text[end].encode("utf-8")) <= MAX_INPUT_BYTES:
            size += len(text[end].encode("utf-8"))
            end += 1
        if end < len(text):
            # prefer a cut after whitespace or punctuation, never inside a number
            cut = max(text.rfind(c, start, end) for c in " \u3000、。,.\n")
            if cut > start + (end - start) // 2:
                end = cut + 1
            while end > start + 1 and text[end - 1].isdigit():
                end -= 1
        yield start, text[start:end]
        start = end


def tokenize(text: str) -> list[Morph]:
    out: list[Morph] = []
    tok = tokenizer()
    for offset, piece in _chunks(text):
        for m in tok.tokenize(piece):
            out.append(Morph(m.surface(), m.normalized_form(), m.part_of_speech()[1],
                             offset + m.begin(), offset + m.end()))
    return out


def normalized(text: str) -> str:
    """Text rewritten as Sudachi normalized forms (スターゲイト -> スターゲート), for search."""
    return "".join(m.norm for m in tokenize(text))
