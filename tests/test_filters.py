"""The filter's pure parts (FilterState, its SQL, URL value checks) and search, through the query layer."""
from datetime import date

import pytest

from claims.query import rows
from claims.query.filters import FilterState, normalize_range, parse_iso_dates, unknown_url_values, where
from claims.query.tables import open_tables
from components import data
from tests.claims_factory import Shipped, claim, open_rows


@pytest.fixture(scope="module")
def shipped():
    return Shipped(data.DEFAULT_TABLE)


@pytest.fixture(scope="module")
def tables():
    return open_tables(data.DEFAULT_TABLE)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return open_rows(tmp_path_factory.mktemp("small"), [
        claim("10GW", entities=["Stargate"], source_id="a", published=date(2025, 1, 1)),
        claim("5000億ドル", kind="money", unit="USD", value=5e11, context_entities=["Stargate", "OpenAI"],
              source_id="b", published=date(2025, 6, 1)),
        claim("1兆ドル", kind="money", unit="USD", value=1e12, entities=["NVIDIA"], source_id="b",
              published=date(2025, 6, 1), qualifier="at_least"),
        claim("0B", kind="money", unit="USD", value=None, flags=["garbled"], source_id="b"),
        claim("3年", kind="duration", unit="year", value=3, section="comments", source_id="c", published=None),
        claim("9分", kind="duration", unit="day", value=9, section="boilerplate", source_id="c", published=None),
    ])


def surfaces(tables, state: FilterState, query: str = "") -> list[str]:
    with tables.scope() as cur:
        page, n = rows.explorer_page(cur, state, query, limit=1000)
    assert n == len(page)
    return list(page["surface"])


def test_default_state_keeps_body_and_title_only(small):
    # flagged body rows stay (listed, not charted); comments and chrome only when asked for
    assert sorted(surfaces(small, FilterState())) == sorted(["10GW", "5000億ドル", "1兆ドル", "0B"])
    assert len(surfaces(small, FilterState(all_sections=True))) == 6


def test_entity_filter_matches_entities_and_context_entities(small):
    assert sorted(surfaces(small, FilterState(entities=("Stargate",)))) == ["10GW", "5000億ドル"]
    assert surfaces(small, FilterState(entities=("NVIDIA",))) == ["1兆ドル"]


def test_kind_source_qualifier_filters_combine(small):
    assert surfaces(small, FilterState(kinds=("money",), qualifiers=("at_least",))) == ["1兆ドル"]
    assert surfaces(small, FilterState(sources=("a",), kinds=("money",))) == []
    assert sorted(surfaces(small, FilterState(sources=("c",), all_sections=True, kinds=("duration",)))) == ["3年", "9分"]


def test_date_range_drops_undated_rows(small):
    state = FilterState(date_range=(date(2025, 5, 1), date(2025, 12, 31)), all_sections=True)
    assert sorted(surfaces(small, state)) == sorted(["5000億ドル", "1兆ドル"])


def test_reader_values_are_bound_never_formatted_into_sql():
    hostile = "x'); DROP TABLE claims; --"
    sql, params = where(FilterState(sources=(hostile,), entities=(hostile,), kinds=("power",)))
    assert hostile not in sql and "DROP" not in sql
    assert params["f_sources"] == [hostile] and params["f_entity_0"] == hostile


def test_several_entities_keep_rows_naming_any_of_them(small):
    one = {e: set(surfaces(small, FilterState(entities=(e,), all_sections=True))) for e in ("OpenAI", "NVIDIA")}
    both = set(surfaces(small, FilterState(entities=("OpenAI", "NVIDIA"), all_sections=True)))
    assert one == {"OpenAI": {"5000億ドル"}, "NVIDIA": {"1兆ドル"}} and both == {"5000億ドル", "1兆ドル"}


def test_hostile_filter_values_match_nothing_and_break_nothing(small):
    assert surfaces(small, FilterState(sources=("a' OR '1'='1",))) == []
    assert surfaces(small, FilterState(), query="%") == []          # no LIKE wildcards: a literal search
    assert surfaces(small, FilterState(), query="_") == []


def test_unknown_url_values_are_reported():
    assert unknown_url_values(["電力 (power)", "<script>"], ["電力 (power)"]) == ["<script>"]
    good, bad = parse_iso_dates(["2025-01-01", "2025-02-30", "x"])
    assert good == [date(2025, 1, 1)] and bad == ["2025-02-30", "x"]


def test_normalize_range():
    lo, hi = date(2025, 1, 1), date(2025, 12, 31)
    assert normalize_range((lo, hi), lo, hi) is None
    assert normalize_range((date(2025, 3, 1), hi), lo, hi) == (date(2025, 3, 1), hi)
    assert normalize_range((date(2025, 3, 1),), lo, hi) == (date(2025, 3, 1), hi)
    assert normalize_range((), lo, hi) is None


def test_slug_is_ascii_and_describes_filters():
    state = FilterState(kinds=("power",), entities=("Stargate", "Sam Altman"), sources=("004_x",),
                        date_range=(date(2025, 1, 1), date(2025, 12, 31)))
    assert state.slug() == "kind-power_ent-Stargate+Sam-Altman_src-004_20250101-20251231"
    assert FilterState().slug() == "all"
    assert "電力" in FilterState(kinds=("power",)).describe()
    assert FilterState(image_format="svg").data_only() == FilterState()


def test_shipped_table_filters(shipped, tables):
    assert len(surfaces(tables, FilterState())) == len(shipped.body)
    stargate = surfaces(tables, FilterState(entities=("Stargate",), kinds=("power",)))
    assert {"10GW規模", "ほぼ7ギガワット"} <= set(stargate)
    expected = shipped.body[[("Stargate" in set(e) | set(c)) and k == "power" for e, c, k in
                             zip(shipped.body["entities"], shipped.body["context_entities"], shipped.body["kind"],
                                 strict=True)]]
    assert sorted(stargate) == sorted(expected["surface"])


def test_search_folds_spelling_variants(tables):
    with tables.scope() as cur:
        hits, n = rows.explorer_page(cur, FilterState(), "スターゲート")
        assert hits["sentence"].str.contains("スターゲイト").any()       # the variant spelling is found
        assert hits["sentence"].str.contains("スターゲート").any()
        assert rows.explorer_page(cur, FilterState(), "")[1] == rows.explorer_page(cur, FilterState(), "  ")[1] > n
        assert rows.explorer_page(cur, FilterState(), "スターゲート 5000億ドル")[1] < n   # words must all match
        assert rows.explorer_page(cur, FilterState(), "存在しない語句xyz")[1] == 0


def test_search_matches_latin_case_insensitively(tables):
    with tables.scope() as cur:
        assert rows.explorer_page(cur, FilterState(), "nvidia")[1] == rows.explorer_page(cur, FilterState(),
                                                                                         "NVIDIA")[1] > 0
