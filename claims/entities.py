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
_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class EntityTable:
    latin: re.Pattern | None      # Latin aliases, case-sensitive, on word boundaries
    native: re.Pattern | None     # Japanese aliases, on the raw text
    native_norm: re.Pattern | None  # their normalized forms, on the normalized text
    alias_map: dict[str, list[tuple[str, str]]]   # alias or its normalized form -> [(canonical, scope)]
    affiliation: dict[str, str]
    types: dict[str, str]

    def find(self, text: str, norm_text: str, source_id: str = "") -> list[str]:
        """Canonical names mentioned in `text` (norm_text: its normalized form), in order."""
        hits: list[tuple[int, str]] = []
        if not (self.latin and self.latin.search(text) or self.native and self.native.search(text)
                or norm_text and self.native_norm and self.native_norm.search(norm_text)):
            return []                     # most sentences name nobody: one cheap scan each
        for pattern, target, shift in ((self.latin, text, 0), (self.native, text, 0),
                                       (self.native_norm, norm_text, len(text))):
            if pattern is None:
                continue
            for m in pattern.finditer(target):
                if pattern is self.latin and m.start() and _ALNUM.match(target, m.start() - 1):
                    continue                  # "xArm": not a word on its own
                for canon, scope in self.alias_map[m.group()]:
                    if not scope or scope == source_id:
                        hits.append((m.start() + shift, canon))
        seen: dict[str, None] = {}
        for _, canon in sorted(hits):
            seen.setdefault(canon, None)
        return list(seen)


def _alternation(aliases, bounded: bool = False) -> re.Pattern | None:
    """One pattern for all aliases, as a trie (アマゾン|アマゾン・ウェブ・サービス -> アマゾン(?:・ウェブ・サービス)?):
    at each position it finds the longest alias there, as the alternation of all aliases,
    longest first, would, but tries each character once instead of once per alias."""
    if not aliases:
        return None
    trie: dict = {}
    for alias in set(aliases):
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = {}                     # an alias ends here

    def regex(node: dict) -> str:
        alts = [re.escape(ch) + regex(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body     # greedy: the longer alias first

    # No lookbehind in front: it would defeat re's first-character scan (8x slower);
    # find() checks the character before a Latin match instead.
    return re.compile(rf"(?:{regex(trie)})(?![A-Za-z0-9])" if bounded else regex(trie))


@lru_cache(maxsize=4)
def load_entities(path: Path = DATA_DIR / "entities.csv") -> EntityTable:
    alias_map: dict[str, list[tuple[str, str]]] = {}
    latin, native, native_norm = [], [], []
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
                forms = [alias]
                if _LATIN.match(alias):
                    latin.append(alias)
                else:
                    native.append(alias)
                    norm = normalized(alias)
                    if norm:
                        native_norm.append(norm)
                        forms.append(norm)
                for form in forms:
                    if (canon, scope) not in alias_map.setdefault(form, []):
                        alias_map[form].append((canon, scope))
    return EntityTable(_alternation(latin, bounded=True), _alternation(native), _alternation(native_norm),
                       alias_map, affiliation, types)
