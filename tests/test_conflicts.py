"""Conflict detection: same subject, kind, unit; different articles; overlapping or unstated periods."""
from datetime import date

import pytest

from claims.entities import load_entities
from claims.query import conflicts
from claims.query.filters import FilterState
from claims.query.tables import open_tables
from components import data
from tests.claims_factory import claim, open_rows

TYPES = {"Stargate": "project", "OpenAI": "company", "NVIDIA": "company", "Oracle": "company",
         "SoftBank": "company", "Sam Altman": "person", "United States government": "government"}
AFFILIATION = {"Sam Altman": "OpenAI"}


@pytest.fixture(scope="module")
def shipped_pairs():
    ent = load_entities()
    with open_tables(data.DEFAULT_TABLE).scope() as cur:
        return conflicts.find_conflicts(cur, FilterState(), ent.types, ent.affiliation)[0]


@pytest.fixture
def find(tmp_path):
    """find(rows) -> the conflicting pairs of a table of `rows`, with the test's entity types."""
    def run(rows, state=None):
        with open_rows(tmp_path, rows).scope() as cur:
            return conflicts.find_conflicts(cur, state or FilterState(), TYPES, AFFILIATION)[0]
    return run


def _pair_surfaces(pairs):
    return {frozenset((a, b)) for a, b in zip(pairs["a_surface"], pairs["b_surface"], strict=True)}


def test_shipped_stargate_power_conflict(shipped_pairs):
    power = shipped_pairs[(shipped_pairs["subject"] == "Stargate") & (shipped_pairs["kind"] == "power")]
    assert frozenset({"10GW規模", "ほぼ7ギガワット"}) in _pair_surfaces(power)
    assert set(power["status"]) == {conflicts.DISJOINT}


def test_shipped_stargate_money_conflict(shipped_pairs):
    money = shipped_pairs[(shipped_pairs["subject"] == "Stargate") & (shipped_pairs["kind"] == "money")]
    pairs = _pair_surfaces(money)
    assert any({"4000億ドル以上"} < set(p) and any(s.startswith(("5000億", "5,000億")) for s in p) for p in pairs)
    row = money[(money["a_surface"] == "4000億ドル以上") | (money["b_surface"] == "4000億ドル以上")].iloc[0]
    assert row["status"] == conflicts.OVERLAPPING      # ≥ $400B does not rule out $500B: compatible, shown


def test_shipped_nvidia_100b_and_oracle_300b_are_not_a_conflict(shipped_pairs):
    surfaces = set(shipped_pairs["a_surface"]) | set(shipped_pairs["b_surface"])
    assert "最大1000億ドル" not in surfaces
    assert "3000億ドル" not in surfaces
    assert all(a != b for a, b in zip(shipped_pairs["a_source_id"], shipped_pairs["b_source_id"], strict=True))


def test_subject_rules():
    assert conflicts.subject(["NVIDIA", "Stargate", "OpenAI"], TYPES, AFFILIATION) == ("Stargate",)
    assert conflicts.subject(["OpenAI", "Oracle"], TYPES, AFFILIATION) == ("OpenAI", "Oracle")
    assert conflicts.subject(["Sam Altman", "Oracle"], TYPES, AFFILIATION) == ("OpenAI", "Oracle")
    assert conflicts.subject(["OpenAI"], TYPES, AFFILIATION) is None          # one company: many figures
    assert conflicts.subject(["OpenAI", "Sam Altman"], TYPES, AFFILIATION) is None
    assert conflicts.subject([], TYPES, AFFILIATION) is None


def test_periods_and_bounds():
    assert conflicts.periods_overlap((None, None), (date(2030, 1, 1), date(2030, 12, 31)))
    assert conflicts.periods_overlap((None, date(2030, 12, 31)), (date(2026, 1, 1), date(2028, 1, 1)))
    assert not conflicts.periods_overlap((date(2020, 1, 1), date(2020, 12, 31)), (date(2026, 1, 1), None))
    nan = float("nan")
    assert conflicts.bounds_overlap((4e11, nan), (5e11, 5e11))
    assert not conflicts.bounds_overlap((7, 7), (10, 10))
    assert conflicts.bounds_overlap((nan, 1e11), (5e10, 5e10))


def _money(surface, value, source, **kw):
    return claim(surface, kind="money", unit="USD", value=value, source_id=source, **kw)


def test_rules_on_synthetic_rows(find):
    pairs = find([
        _money("$100B", 1e11, "a", entities=["NVIDIA", "OpenAI"]),
        _money("$300B", 3e11, "b", entities=["OpenAI", "Oracle"]),              # different deal: no conflict
        _money("$500B", 5e11, "a", entities=["Stargate"]),
        _money("$500B again", 5e11, "b", entities=["Stargate"]),                # same figure: no conflict
        _money("$600B", 6e11, "a", entities=["Stargate"], time_start=date(2020, 1, 1),
               time_end=date(2020, 12, 31)),
        _money("$700B", 7e11, "c", entities=["Stargate"], time_start=date(2030, 1, 1),
               time_end=date(2030, 12, 31)),                                    # vs $600B: periods apart
        _money("$800B flagged", 8e11, "c", entities=["Stargate"], flags=["garbled"]),
        _money("$900B comment", 9e11, "c", entities=["Stargate"], section="comments"),
        claim("1GW/週", value=1, source_id="c", rate_per="week", entities=["Stargate"]),
        claim("10GW", value=10, source_id="d", entities=["Stargate"]),         # rate vs total: no conflict
    ])
    got = _pair_surfaces(pairs)
    assert frozenset({"$500B", "$700B"}) in got            # c states 2030, a unstated -> compared
    assert frozenset({"$600B", "$700B"}) not in got        # 2020 vs 2030
    assert frozenset({"$500B again", "$600B"}) in got
    assert not any({"$100B", "$300B"} <= set(p) for p in got)
    assert not any("flagged" in s or "comment" in s for p in got for s in p)
    assert not any("1GW/週" in p for p in got)
    groups = conflicts.conflict_groups(pairs)
    assert [g[0] for g in groups] == ["Stargate · 金額 (money) (USD)"]
    title, status, figs = groups[0]
    assert status == conflicts.DISJOINT
    assert figs["claim_id"].is_unique


def test_no_candidates_gives_empty_frame(find):
    pairs = find([claim("1GW", entities=["OpenAI"])])
    assert pairs.empty and "a_surface" in pairs.columns
    assert conflicts.conflict_groups(pairs) == []


def test_filters_apply_before_pairing(find):
    rows = [claim("7GW", value=7, source_id="a", entities=["Stargate"], published=date(2025, 1, 1)),
            claim("10GW", value=10, source_id="b", entities=["Stargate"], published=date(2025, 6, 1))]
    assert len(find(rows)) == 1
    assert find(rows, FilterState(sources=("a",))).empty
    assert find(rows, FilterState(date_range=(date(2025, 5, 1), date(2025, 12, 31)))).empty


def test_most_cited_values_are_compared_first_then_the_earliest(find):
    """14 values for one subject: the MAX_CLUSTERS (12) compared are the two cited by several
    articles, then the earliest published single-source ones; counts of articles per value hold."""
    n = conflicts.MAX_CLUSTERS + 2
    rows = []
    for i in range(n):                         # value i first published on day i+1 by article v{i}
        rows.append(claim(f"{i + 1}GW", value=i + 1, source_id=f"v{i:02d}", entities=["Stargate"],
                          published=date(2025, 1, i + 1)))
    for extra, value in (("x1", n), ("x2", n), ("x3", n - 1)):   # the two latest values, cited again later
        rows.append(claim(f"{value}GW", value=value, source_id=extra, entities=["Stargate"],
                          published=date(2025, 3, 1)))
    pairs = find(rows)
    compared = {s for col in ("a_surface", "b_surface") for s in pairs[col]}
    want = {f"{n}GW", f"{n - 1}GW"} | {f"{i + 1}GW" for i in range(conflicts.MAX_CLUSTERS - 2)}
    assert compared == want
    assert len(pairs) == conflicts.MAX_CLUSTERS * (conflicts.MAX_CLUSTERS - 1) // 2
    sources = {}
    for p in "ab":
        sources |= dict(zip(pairs[f"{p}_surface"], pairs[f"{p}_sources"], strict=True))
    assert sources[f"{n}GW"] == 3 and sources[f"{n - 1}GW"] == 2 and sources["1GW"] == 1


def test_only_the_most_cited_things_are_paired(tmp_path):
    rows = []
    for thing, (n_articles, projects) in enumerate([(2, ["Stargate"]), (4, ["Rapidus Hokkaido"])]):
        for i in range(n_articles):
            rows.append(claim(f"{thing}-{i}GW", value=i + 1, source_id=f"t{thing}a{i}", entities=projects))
    types = TYPES | {"Rapidus Hokkaido": "project"}
    with open_rows(tmp_path, rows).scope() as cur:
        pairs, n_groups = conflicts.find_conflicts(cur, FilterState(), types, AFFILIATION, max_groups=1)
    assert n_groups == 2
    assert set(pairs["subject"]) == {"Rapidus Hokkaido"}          # cited by four articles, the other by two


def test_different_measures_never_conflict_and_a_plan_then_a_fact_is_a_change(find):
    rows = [claim("時価総額1兆ドル", kind="money", unit="USD", value=1e12, source_id="a", entities=["NVIDIA", "OpenAI"],
                  measure="valuation", modality="actual", published=date(2025, 1, 1)),
            claim("投資1000億ドル", kind="money", unit="USD", value=1e11, source_id="b", entities=["NVIDIA", "OpenAI"],
                  measure="investment", modality="plan", published=date(2025, 2, 1)),
            claim("5GW計画", value=5, source_id="c", entities=["Stargate"], measure="capacity", modality="plan",
                  published=date(2025, 1, 1)),
            claim("4GW稼働", value=4, source_id="d", entities=["Stargate"], measure="capacity", modality="actual",
                  published=date(2026, 1, 1))]
    pairs = find(rows)
    assert list(pairs["measure"]) == ["capacity"]                       # valuation vs investment: not compared
    assert list(pairs["status"]) == [conflicts.CHANGED]
    title, status, _ = conflicts.conflict_groups(pairs)[0]
    assert status == conflicts.CHANGED and title == "Stargate · 電力 (power) · 容量 (GW)"
