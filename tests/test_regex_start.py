"""regex_start: the characters a pattern's matches can start with, and the unit table that tries only
the units the character at a position can start."""
from __future__ import annotations

import pytest

from claims.extract import load_units
from claims.paths import DATA_DIR
from claims.regex_start import start_keys


@pytest.mark.parametrize(("pattern", "keys"), [
    ("ワット", {"ワ"}),
    ("(?:ワット|W)", {"ワ", "w"}),
    ("(?i:kw)", {"k"}),                          # K, k and the Kelvin sign all have the key k
    ("(?i:s)", {"s", "ſ"}),                      # the long s matches s in a case-free pattern
    ("(?i:İ)", {"i", "ı"}),                      # re lowers İ to i and folds ı to it (str.lower gives two characters)
    ("W(?:p|dc)?", {"w"}),
    ("(?:約|およそ)?\\s?円", None),               # \s may come first: any character
    ("(?:万)?(?:キロ|k)?W", {"万", "キ", "k", "w"}),
    ("(?=.*円)ドル", {"ド"}),                     # a lookahead consumes nothing
    ("^(?!x)[ABC]", {"a", "b", "c"}),
    ("[0-9]+円", set("0123456789")),
    ("[^円]ドル", None),
    ("[一-龥]円", None),                          # a range too wide to list
    (".ドル", None),
])
def test_start_keys(pattern, keys):
    assert start_keys(pattern) == (None if keys is None else frozenset(keys))


def _raw_positions():
    """Every position of the shipped articles, and of notations the unit table must read."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA_DIR / "raw").glob("*.txt"))]
    texts.append("7Gワット、600Mワット、5kw、2 MW、キロ・ワット、120メガ(メガは100万)ワット、1.5 million kW、"
                 "100B ドル、3.8Tドル、2.3bnドル、40 billion USドル、50万kWh、ＧＷ、ｋＷ、3億円、2ユーロ、5ウォン")
    for text in texts:
        for pos in range(len(text)):
            yield text, pos


def test_unit_table_finds_what_trying_every_unit_finds():
    """The table's answer at every position equals the first unit (file order) whose own pattern matches
    there: trying only the units the character can start leaves none out."""
    table = load_units()
    checked = 0
    for text, pos in _raw_positions():
        expected = next(((u, hit.end()) for u in table.units
                         if (hit := u.pattern.match(text, pos)) and hit.end() > pos and u.before is None), None)
        assert table.match(text, pos, "") == expected, (text[pos:pos + 20], expected)
        checked += expected is not None
    assert checked > 100


def test_every_unit_pattern_has_known_start_characters():
    """A unit pattern that may start anywhere would be tried at every position: the table stays fast only
    while each names how it starts (a new row starting with \\s or . shows up here)."""
    assert load_units().anywhere == ()
