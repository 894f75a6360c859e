"""The characters a regular expression's non-empty matches can start with, read from Python's own
parse of the pattern (a superset, or None when any character may start one).

A table of many patterns tried at one position (units after a number) can then try only the
patterns the character there can start, instead of one alternation of all of them. Keys are
characters lowered the way `re` lowers them when it ignores case (`start_key`); a case-insensitive
literal adds the characters `re` also folds to it, so no pattern that could match is ever left out."""
from __future__ import annotations

import _sre
import re
import re._casefix as _casefix
import re._constants as _c
import re._parser as _parser

_MAX_RANGE = 256          # a wider character range ([一-龥]) counts as "any character"


class _Any(Exception):
    """The pattern may start with any character (or with one this reading does not follow)."""


def start_key(ch: str) -> str:
    """The character as `re` compares it when it ignores case (İ -> i; str.lower would give two characters)."""
    return chr(_sre.unicode_tolower(ord(ch)))


def start_keys(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Keys (`start_key`) of every character a non-empty match of `pattern` can start with, or None."""
    try:
        keys, _ = _sequence(_parser.parse(pattern, flags), bool(flags & re.IGNORECASE))
    except _Any:
        return None
    return frozenset(keys)


def _sequence(items, icase: bool) -> tuple[set[str], bool]:
    """(start keys, whether the sequence can match the empty string)."""
    keys: set[str] = set()
    for op, av in items:
        item_keys, nullable = _item(op, av, icase)
        keys |= item_keys
        if not nullable:
            return keys, False
    return keys, True


def _item(op, av, icase: bool) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return _literal(av, icase), False
    if op is _c.IN:
        return _charset(av, icase), False
    if op is _c.SUBPATTERN:
        _, add, remove, sub = av
        return _sequence(sub, (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
    if op is _c.BRANCH:
        keys, nullable = set(), False
        for seq in av[1]:
            k, n = _sequence(seq, icase)
            keys |= k
            nullable = nullable or n
        return keys, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        keys, nullable = _sequence(sub, icase)
        return keys, nullable or low == 0
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True                   # zero-width: the next item consumes the first character
    if op is _c.ATOMIC_GROUP:
        return _sequence(av, icase)
    raise _Any


def _literal(code: int, icase: bool) -> set[str]:
    """A character that ignores case matches what lowers to its own lower form, and `re`'s extra folds
    (s and ſ, k and the Kelvin sign); one that does not matches only itself, whose key it gives."""
    lower = _sre.unicode_tolower(code)
    extra = _casefix._EXTRA_CASES.get(lower, ()) if icase else ()
    return {chr(lower)} | {chr(_sre.unicode_tolower(c)) for c in extra}


def _charset(members, icase: bool) -> set[str]:
    keys: set[str] = set()
    for op, av in members:
        if op is _c.LITERAL:
            keys |= _literal(av, icase)
        elif op is _c.RANGE and av[1] - av[0] < _MAX_RANGE:
            for code in range(av[0], av[1] + 1):
                keys |= _literal(code, icase)
        else:
            raise _Any                         # NEGATE, a category (\d, \s), a wide range
    return keys
