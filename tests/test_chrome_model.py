"""The chrome-line model: lists under a heading no boilerplate rule names are chrome; the article's own
lists, a short pasted passage and the pages whose structure the rules know stay as the rules read them."""
import pytest

from claims import chrome_model
from claims.segment import lines

TITLE = "北陸のDC、受電50MWで着工"
ARTICLE = (f"{TITLE}\n2026年3月2日 12:00\n"
           "北陸クラウド基盤は2日、石川県白山市でデータセンターの建設に着手したと発表した。"
           "受電容量は50MWで、総投資額は約600億円を見込む。\n"
           "同社は2028年度の稼働を目指す。地元の白山市は固定資産税の減免などで支援する。\n"
           "市の担当者は「雇用の増加に期待したい」と話した。\n")


def _sections(text: str) -> dict[str, str]:
    return {ln.text.strip(): ln.section for ln in lines(text, TITLE)}


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(chrome_model, "weights", lambda path=None: (0.0, {}))


RELATED = "◆編集部が選んだ読みもの\n・九州の半導体工場、水の確保に年20億円\n・送電網の増強、東北だけで1兆円規模か\n"


def test_a_related_list_under_a_heading_no_rule_names_is_chrome():
    got = _sections(ARTICLE + RELATED)
    assert got["・九州の半導体工場、水の確保に年20億円"] == "boilerplate"
    assert got["・送電網の増強、東北だけで1兆円規模か"] == "boilerplate"
    assert got["同社は2028年度の稼働を目指す。地元の白山市は固定資産税の減免などで支援する。"] == "body"


def test_without_the_model_the_rules_alone_leave_that_list_in_the_body(no_model):
    assert _sections(ARTICLE + RELATED)["・九州の半導体工場、水の確保に年20億円"] == "body"


@pytest.mark.parametrize("tail", [
    "■計画の概要\n・受電容量：50MW\n・総投資額：約600億円\n・稼働：2028年度\n",
    "■同社の主な拠点\n・石川（白山）：50MW\n・富山（射水）：30MW、2027年稼働\n・福井（坂井）：20MW\n",
])
def test_the_articles_own_lists_of_figures_stay_in_the_body(tail):
    got = _sections(ARTICLE + tail)
    assert {line: got[line] for line in tail.splitlines()} == {line: "body" for line in tail.splitlines()}


def test_a_short_pasted_passage_is_never_read_by_the_model():
    text = "記事\n本文で2兆円と報じた。\n・送電網の増強、東北だけで1兆円規模か\n"
    assert len(lines(text)) < chrome_model.MIN_PAGE_LINES
    assert _sections(text)["・送電網の増強、東北だけで1兆円規模か"] == "body"


def test_lines_without_a_money_or_power_unit_or_longer_than_a_list_item_are_not_asked():
    assert chrome_model.is_candidate("・送電網の増強、東北だけで1兆円規模か")
    assert chrome_model.is_candidate("・石川（白山）：50万kW")
    assert not chrome_model.is_candidate("OpenAIのO1 Previewモデル、資金調達には困ってへんみたいやで。")
    assert not chrome_model.is_candidate("受電容量は50MWで" + "、" * chrome_model.MAX_CHARS)


def test_the_shipped_weights_load_and_a_missing_file_flags_nothing(tmp_path):
    intercept, table = chrome_model.weights()
    assert len(table) > 1000 and any(k.startswith("H:") for k in table) and intercept != 0.0
    assert chrome_model.weights(tmp_path / "none.tsv") == (0.0, {})
