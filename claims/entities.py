"""Entity aliases as data (data/entities.csv), matched on raw text and Sudachi normalized forms.

Latin aliases match case-sensitively on word boundaries (so `Arm` is not `army`);
Japanese aliases also match on normalized forms, so spelling variants fold
(スターゲイト and スターゲート are both Sudachi's スターゲート).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .paths import DATA_DIR
from .tokenizer import normalized

_LATIN = re.compile(r"^[\x20-\x7e]+$")
# Full-width Latin letters and digits as newspapers write them (ＩＥＡ): read as ASCII, one character for one,
# so offsets stay those of the text.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class EntityTable:
    latin: re.Pattern | None      # Latin aliases, case-sensitive, on word boundaries
    native: re.Pattern | None     # Japanese aliases, on the raw text
    native_norm: re.Pattern | None  # their normalized forms, on the normalized text
    alias_map: dict[str, list[tuple[str, str]]]   # alias or its normalized form -> [(canonical, scope)]
    affiliation: dict[str, str]
    types: dict[str, str]
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)   # person -> surnames of its full names
    titled: dict[str, str] = field(default_factory=dict)   # surname -> the one person in the table it names:
                                                            # with a title it needs no full name first (フアンCEO)

    def find(self, text: str, norm_text: str, source_id: str = "",
             known: dict[str, str] | None = None) -> list[str]:
        """Canonical names mentioned in `text` (norm_text: its normalized form), in order.

        `known`: surname -> person, for people an article has already named in full (ArticleNames)."""
        hits: list[tuple[int, str]] = []
        if known:
            hits.extend(_surname_hits(text, known))
        hits.extend(_surname_hits(text, self.titled, _TITLE))     # エヌビディアのフアンCEO, マスク氏
        latin_text = text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text    # ＩＥＡ, ＯｐｅｎＡＩ
        if not (hits or self.latin and self.latin.search(latin_text) or self.native and self.native.search(text)
                or norm_text and self.native_norm and self.native_norm.search(norm_text)):
            return []                     # most sentences name nobody: one cheap scan each
        for pattern, target, shift in ((self.latin, latin_text, 0), (self.native, text, 0),
                                       (self.native_norm, norm_text, len(text))):
            if pattern is None:
                continue
            for m in pattern.finditer(target):
                if pattern is self.latin and m.start() and _ALNUM.match(target, m.start() - 1):
                    continue                  # "xArm": not a word on its own
                if pattern is not self.latin and _SHORT_KANA.fullmatch(m.group()) and (
                        _KANA.match(target, m.end()) or m.start() and _KANA.match(target, m.start() - 1)):
                    continue                  # メタ is Meta, メタン and メタデータ are not: a short kana name is a word
                for canon, scope in self.alias_map[m.group()]:
                    if not scope or scope == source_id:
                        hits.append((m.start() + shift, canon))
        seen: dict[str, None] = {}
        for _, canon in sorted(hits):
            seen.setdefault(canon, None)
        return list(seen)


# フアン氏, フアンCEO, or a transcript turn "フアン：…" (its name alone): a surname names a person only
# with a title or as a speaker's label, never as a bare word (マスク is also a mask).
_TITLES = "氏|さん|CEO|ＣＥＯ|社長|会長|最高経営責任者|首相|大統領"
_TITLE = re.compile(rf"\s?(?:{_TITLES})")
_AFTER_SURNAME = re.compile(rf"\s?(?:{_TITLES}|[：:])|\s*$")
_KANA = re.compile(r"[ァ-ヺー・]")
_SHORT_KANA = re.compile(r"[ァ-ヺー]{1,3}")


def _surname_hits(text: str, known: dict[str, str], after: re.Pattern = _AFTER_SURNAME) -> list[tuple[int, str]]:
    """(offset, person) of each surname in `known` that stands as a word and is followed by `after`."""
    out = []
    for surname, person in known.items():
        start = text.find(surname)
        while start >= 0:
            end = start + len(surname)
            if not (start and _KANA.match(text, start - 1)) and after.match(text, end):
                out.append((start, person))
            start = text.find(surname, end)
    return out


class ArticleNames:
    """Entity lookups within one article: once a person is named in full (ジェンスン・フアン), their
    surname with a title (フアン氏) or as a transcript turn's label (フアン：) names them too."""

    def __init__(self, table: EntityTable, source_id: str):
        self.table, self.source_id = table, source_id
        self.known: dict[str, str] = {}

    def find(self, text: str, norm_text: str = "") -> list[str]:
        names = self.table.find(text, norm_text, self.source_id, self.known)
        for name in names:
            for surname in self.table.surnames.get(name, ()):
                self.known.setdefault(surname, name)
        return names


def _surnames(full_names: list[str]) -> tuple[str, ...]:
    """ジェンスン・フアン -> フアン: the last part of a katakana name written with ・ (two or more kana)."""
    out = []
    for name in full_names:
        if "・" in name and _KANA.fullmatch(name[0]):
            last = name.rsplit("・", 1)[1]
            if len(last) >= 2 and all(_KANA.match(c) for c in last):
                out.append(last)
    return tuple(dict.fromkeys(out))


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
    full_names: dict[str, list[str]] = {}
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
                if types[canon] == "person" and not scope:
                    full_names.setdefault(canon, []).append(alias)
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
    surnames = {canon: found for canon, names in full_names.items() if (found := _surnames(names))}
    owners: dict[str, list[str]] = {}
    for canon, found in surnames.items():
        for surname in found:
            owners.setdefault(surname, []).append(canon)
    titled = {surname: people[0] for surname, people in owners.items() if len(set(people)) == 1}
    return EntityTable(_alternation(latin, bounded=True), _alternation(native), _alternation(native_norm),
                       alias_map, affiliation, types, surnames, titled)
