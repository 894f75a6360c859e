"""The shared filter bar's pure parts: FilterState, apply_filters, URL value checks, search."""
from datetime import date

import pytest

from claims import schema
from components import data, search
from components.filters import (
    FilterState,
    apply_filters,
    list_any_in,
    normalize_range,
    parse_iso_dates,
    unknown_url_values,
)
from tests.claims_factory import claim, frame


@pytest.fixture(scope="module")
def shipped():
    return data.load_corpus(data.DEFAULT_TABLE)


@pytest.fixture
def small():
    return frame([
        claim("10GW", entities=["Stargate"], source_id="a", published=date(2025, 1, 1)),
        claim("5000億ドル", kind="money", unit="USD", value=5e11, context_entities=["Stargate", "OpenAI"],
              source_id="b", published=date(2025, 6, 1)),
        claim("1兆ドル", kind="money", unit="USD", value=1e12, entities=["NVIDIA"], source_id="b",
              published=date(2025, 6, 1), qualifier="at_least"),
        claim("0B", kind="money", unit="USD", value=None, flags=["garbled"], source_id="b"),
        claim("3年", kind="duration", unit="year", value=3, section="comments", source_id="c", published=None),
        claim("9分", kind="duration", unit="day", value=9, section="boilerplate", source_id="c", published=None),
    ])


def test_default_state_keeps_body_and_title_only(small):
    out = apply_filters(small, FilterState())
    assert list(out["surface"]) == ["10GW", "5000億ドル", "1兆ドル", "0B"]   # flagged body rows stay (listed, not charted)
    assert len(apply_filters(small, FilterState(all_sections=True))) == 6


def test_entity_filter_matches_entities_and_context_entities(small):
    out = apply_filters(small, FilterState(entities=("Stargate",)))
    assert list(out["surface"]) == ["10GW", "5000億ドル"]
    assert list(apply_filters(small, FilterState(entities=("NVIDIA", "OpenAI")))["surface"]) == ["5000億ドル", "1兆ドル"]


def test_kind_source_qualifier_filters_combine(small):
    state = FilterState(kinds=("money",), sources=("b",), qualifiers=("exact",))
    assert list(apply_filters(small, state)["surface"]) == ["5000億ドル", "0B"]


def test_date_range_drops_undated_rows(small):
    state = FilterState(date_range=(date(2025, 3, 1), date(2025, 12, 31)), all_sections=True)
    assert list(apply_filters(small, state)["surface"]) == ["5000億ドル", "1兆ドル"]


def test_apply_filters_never_modifies_input(small):
    before = small.copy()
    apply_filters(small, FilterState(kinds=("money",), entities=("Stargate",)))
    assert small.equals(before)


def test_list_any_in_on_arrow_and_object_lists(small):
    assert list(list_any_in(small["entities"], ["NVIDIA"])) == [False, False, True, False, False, False]
    assert not list_any_in(small["entities"], []).any()


def test_unknown_url_values_are_reported():
    assert unknown_url_values(["<script>", "電力 (power)", ""], ["電力 (power)", "金額 (money)"]) == ["<script>"]
    good, bad = parse_iso_dates(["2025-01-01", "yesterday"])
    assert good == [date(2025, 1, 1)] and bad == ["yesterday"]


def test_normalize_range():
    lo, hi = date(2024, 1, 1), date(2025, 12, 31)
    assert normalize_range((lo, hi), lo, hi) is None                        # full range: no restriction
    assert normalize_range((date(2025, 1, 1),), lo, hi) == (date(2025, 1, 1), hi)   # mid-pick: start only
    assert normalize_range((date(2025, 1, 1), date(2025, 2, 1)), lo, hi) == (date(2025, 1, 1), date(2025, 2, 1))
    assert normalize_range((), lo, hi) is None


def test_slug_is_ascii_and_describes_filters():
    state = FilterState(kinds=("power",), entities=("Stargate", "Sam Altman"), sources=("004_efc1",),
                        date_range=(date(2025, 1, 1), date(2025, 12, 31)))
    slug = state.slug()
    assert slug == "kind-power_ent-Stargate+Sam-Altman_src-004_20250101-20251231"
    assert FilterState().slug() == "all"
    assert "電力" in FilterState(kinds=("power",)).describe()


def test_shipped_table_filters(shipped):
    claims = shipped.claims
    body = claims[claims["section"].isin(["body", "title"])]
    assert len(apply_filters(claims, FilterState())) == len(body)
    stargate = apply_filters(claims, FilterState(entities=("Stargate",), kinds=("power",)))
    assert {"10GW規模", "ほぼ7ギガワット"} <= set(stargate["surface"])
    assert set(stargate["kind"]) == {"power"}


def test_search_folds_spelling_variants(shipped):
    claims = shipped.claims
    hits = search.search(claims, "スターゲート")
    assert hits["sentence"].str.contains("スターゲイト").any()       # the variant spelling is found
    assert hits["sentence"].str.contains("スターゲート").any()
    assert len(search.search(claims, "")) == len(claims)
    assert len(search.search(claims, "スターゲート 5000億ドル")) < len(hits)   # words must all match
    assert search.search(claims, "存在しない語句xyz").empty


def test_search_matches_latin_case_insensitively(shipped):
    assert len(search.search(shipped.claims, "nvidia")) == len(search.search(shipped.claims, "NVIDIA")) > 0


def test_corpus_loads_csv_like_parquet(shipped):
    csv = data.load_corpus(data.DATA_DIR / "claims.csv")
    assert len(csv.claims) == len(shipped.claims)
    assert csv.titles == shipped.titles
    assert csv.entity_options == shipped.entity_options


def test_corpus_without_articles_table(tmp_path):
    from tests.claims_factory import write_tables
    path = write_tables(tmp_path, [claim("10GW", source_id="x1")])
    corpus = data.load_corpus(path)
    assert corpus.articles is None and "見つかりません" in corpus.articles_problem
    assert corpus.titles == {"x1": "x1"}


def test_corpus_rejects_bad_table(tmp_path):
    bad = tmp_path / "claims.parquet"
    bad.write_bytes(b"not a parquet file")
    with pytest.raises(schema.SchemaError):
        data.load_corpus(bad)
