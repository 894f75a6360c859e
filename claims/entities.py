"""Entity aliases as data (data/entities.csv), matched on raw text and Sudachi normalized forms.

Latin aliases match case-sensitively on word boundaries (so `Arm` is not `army`);
Japanese aliases also match on normalized forms, so spelling variants fold
(スターゲイト and スターゲート are both Sudachi's スターゲート).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import DATA_DIR
from .tokenizer import normalized

_LATIN = re.compile(r"^[\x20-\x7e]+$")


@dataclass(frozen=True)
class EntityTable:
    latin: re.Pattern | None              # one alternation over all Latin aliases
    latin_map: dict[str, str]
    native: list[tuple[str, str, str, str]]  # (alias, normalized alias, canonical, scope)
    affiliation: dict[str, str]
    types: dict[str, str]
    scoped_latin: dict[str, str]          # alias -> scope for Latin aliases with a scope

    def find(self, text: str, norm_text: str, source_id: str = "") -> list[str]:
        """Canonical names mentioned in `text` (norm_text: its normalized form), in order."""
        hits: list[tuple[int, str]] = []
        if self.latin is not None:
            for m in self.latin.finditer(text):
                alias = m.group()
                scope = self.scoped_latin.get(alias, "")
                if not scope or scope == source_id:
                    hits.append((m.start(), self.latin_map[alias]))
        for alias, alias_norm, canon, scope in self.native:
            if scope and scope != source_id:
                continue
            at = text.find(alias)
            if at < 0 and alias_norm:
                at = norm_text.find(alias_norm)
                at = at if at < 0 else at + len(text)  # after raw hits, same relative order
            if at >= 0:
                hits.append((at, canon))
        seen: dict[str, None] = {}
        for _, canon in sorted(hits):
            seen.setdefault(canon, None)
        return list(seen)


@lru_cache(maxsize=4)
def load_entities(path: Path = DATA_DIR / "entities.csv") -> EntityTable:
    latin_map: dict[str, str] = {}
    scoped_latin: dict[str, str] = {}
    native: list[tuple[str, str, str, str]] = []
    affiliation: dict[str, str] = {}
    types: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            canon = row["canonical"].strip()
            scope = (row.get("scope") or "").strip()
            types.setdefault(canon, (row.get("type") or "").strip())
            if (row.get("affiliation") or "").strip():
                affiliation[canon] = row["affiliation"].strip()
            for alias in (a.strip() for a in row["aliases"].split("|")):
                if not alias:
                    continue
                if _LATIN.match(alias):
                    latin_map[alias] = canon
                    if scope:
                        scoped_latin[alias] = scope
                else:
                    native.append((alias, normalized(alias), canon, scope))
    latin = None
    if latin_map:
        alts = "|".join(re.escape(a) for a in sorted(latin_map, key=len, reverse=True))
        latin = re.compile(rf"(?<![A-Za-z0-9])(?:{alts})(?![A-Za-z0-9])")
    return EntityTable(latin, latin_map, native, affiliation, types, scoped_latin)
