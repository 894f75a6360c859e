"""The article picker of a large corpus: what is offered for a search, and that picks are never dropped.

The shipped corpus has five articles; LIST_ALL and CANDIDATES are lowered so it behaves like a large one.
"""
import pytest
from streamlit.testing.v1 import AppTest

from claims.query.catalog import catalog
from claims.query.tables import NO_EXTRAS, open_tables
from components import data, source_picker

APP = str(data.DATA_DIR.parent / "app.py")
MOST = ["001_178cd634a5b464c1", "003_e554cb74c4a6e450", "004_efc16501928b0d28"]   # 39, 26, 13 claims
FEWEST = "002_7bf94fe362a55c53"                                                  # 6 claims, last by id among ties


@pytest.fixture(scope="module")
def corpus():
    return catalog(open_tables(data.DEFAULT_TABLE), NO_EXTRAS)


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(source_picker, "LIST_ALL", 2)
    monkeypatch.setattr(source_picker, "CANDIDATES", 2)


def test_a_small_corpus_lists_every_article(corpus):
    index = source_picker.build(corpus)
    assert index.lists_all
    assert source_picker.candidates(index, "OpenAI", []) == (list(corpus.source_ids), 5)


def test_without_a_search_the_articles_with_most_claims_are_offered(corpus, large):
    index = source_picker.build(corpus)
    assert source_picker.candidates(index, "", [], limit=3) == (MOST, 5)
    assert source_picker.candidates(index, "  ", [FEWEST], limit=2) == ([FEWEST, *MOST[:2]], 5)


def test_the_search_text_of_every_article_is_folded_only_when_a_search_needs_it(corpus, large):
    """A freshly started server draws its first page without folding every title (555k at 10M rows)."""
    index = source_picker.build(corpus)
    source_picker.candidates(index, "", [])
    source_picker.picked_ids(index, [FEWEST], [])
    assert "haystack" not in vars(index) and "id_of_label" not in vars(index)
    assert source_picker.candidates(index, "ｓｏｒａ", [], limit=10)[1] >= 1 and "haystack" in vars(index)


@pytest.mark.parametrize("query, expected", [
    ("ＯｐｅｎＡＩ", ["000_5905a0fcbce9ba83", "002_7bf94fe362a55c53", "003_e554cb74c4a6e450"]),  # width, case
    ("スターゲイト", ["004_efc16501928b0d28"]),        # in the full title, past the short label
    ("003", ["003_e554cb74c4a6e450"]),               # the file number
    ("e554cb74", ["003_e554cb74c4a6e450"]),          # the id
    ("[.*", []),                                     # plain text, not a pattern
])
def test_search_matches_id_label_and_title(corpus, large, query, expected):
    index = source_picker.build(corpus)
    assert source_picker.candidates(index, query, [], limit=10) == (expected, len(expected))


def test_picked_articles_are_offered_even_when_the_search_misses_them(corpus, large):
    index = source_picker.build(corpus)
    offered, matched = source_picker.candidates(index, "スターゲイト", [FEWEST])
    assert offered == [FEWEST, "004_efc16501928b0d28"] and matched == 1


def test_picked_ids_come_from_the_widget_and_the_url(corpus):
    index = source_picker.build(corpus)
    url = [corpus.label(FEWEST), "no such article", "<script>"]
    assert source_picker.picked_ids(index, ["004_efc16501928b0d28", "bogus"], url) == \
        ["004_efc16501928b0d28", FEWEST]
    assert source_picker.picked_ids(index, "004_efc16501928b0d28", []) == ["004_efc16501928b0d28"]
    assert source_picker.picked_ids(index, None, []) == []


# ---------------------------------------------------------------- in the app

@pytest.fixture
def app(monkeypatch, large):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def test_a_shared_link_to_an_article_outside_the_candidates_still_filters(app, corpus):
    app.query_params["source"] = corpus.label(FEWEST)
    at = app.run()
    assert not at.exception
    picker = at.multiselect(key="source")
    assert picker.value == [FEWEST]
    assert picker.options == [corpus.label(s) for s in [FEWEST, *MOST[:2]]]
    assert "5 記事のうち" in at.sidebar.caption[0].value
    at.text_input(key="source_search").input("スターゲイト").run()
    assert not at.exception
    picker = at.multiselect(key="source")
    assert picker.value == [FEWEST]                                    # the pick survives a new search
    assert picker.options == [corpus.label(s) for s in [FEWEST, "004_efc16501928b0d28"]]
    picker.set_value([FEWEST, "004_efc16501928b0d28"]).run()            # (the URL it writes: test_browser)
    assert not at.exception and at.multiselect(key="source").value == [FEWEST, "004_efc16501928b0d28"]
    assert "記事 2件" in at.caption[0].value                             # the page's filter line


def test_sources_page_search_offers_the_matching_articles(app, corpus):
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception
    assert at.selectbox(key="article").options == [corpus.label(s) for s in MOST[:2]]
    at.text_input(key="article_search").input("＜script＞alert(1)").run()  # no match: still a page
    assert not at.exception and at.selectbox(key="article").options == [corpus.label(MOST[0])]
    at.text_input(key="article_search").input("ウルトラマン").run()       # a new search shows its first match
    assert not at.exception and at.selectbox(key="article").value == "004_efc16501928b0d28"
    # the first option stays the article shown when none is chosen (its default, left out of the URL)
    assert at.selectbox(key="article").options == [corpus.label(s) for s in [MOST[0], "004_efc16501928b0d28"]]
    assert "5000億ドル</mark>" in at.html[-1].value
    at.text_input(key="article_search").input("").run()                  # an emptied search keeps the article
    assert at.selectbox(key="article").value == "004_efc16501928b0d28"
    assert at.selectbox(key="article").options == [corpus.label(s) for s in [MOST[0], "004_efc16501928b0d28",
                                                                             MOST[1]]]


def test_a_link_to_an_article_outside_the_candidates_opens_it_on_the_sources_page(app, corpus):
    app.query_params["article"] = corpus.label(FEWEST)
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    assert not at.exception
    assert at.selectbox(key="article").value == FEWEST
    assert at.selectbox(key="article").options[:2] == [corpus.label(MOST[0]), corpus.label(FEWEST)]
    assert at.header[0].value.startswith("AIチップ戦争激化")
