"""Alias table matching and context entities."""
from claims.build import Article, article_claims
from claims.context import top_level_quotes
from claims.entities import load_entities
from claims.sources import ArticleMeta
from claims.tokenizer import normalized


def find(text, source_id=""):
    return load_entities().find(text, normalized(text), source_id)


def test_aliases_fold_to_canonical():
    assert find("エヌビディアとオラクル") == ["NVIDIA", "Oracle"]
    assert find("スターゲイト計画") == ["Stargate"]
    assert find("Project Stargate") == ["Stargate"]
    assert find("サム・オルトマンは") == ["Sam Altman"]


def test_spelling_variants_fold_through_normalized_forms():
    # スターゲイト is not in the alias list spelt this way with 計画; Sudachi folds ゲイト -> ゲート
    assert "Stargate" in find("AI「スターゲイト」を立ち上げる")


def test_scoped_alias_only_in_its_article():
    assert find("ウルトラマンの言葉") == []
    assert find("ウルトラマンの言葉", "004_efc16501928b0d28") == ["Sam Altman"]


def test_latin_aliases_need_word_boundaries():
    assert find("Armとarmy") == ["Arm"]
    assert find("armored") == []


def claims_of(text, title="t"):
    return article_claims(Article(ArticleMeta("doc", title=title), text))


def test_quote_speaker_and_affiliation_are_context():
    rows = claims_of("t\nGoogle CEOのスンダル・ピチャイさんが話した。\n"
                     "ピチャイさんはこう言うた。「今、1ギガワット以上のデータセンターに取り組んでるんです。」\n")
    (gw,) = [r for r in rows if r["kind"] == "power"]
    assert gw["entities"] == [] and gw["context_entities"] == ["Sundar Pichai", "Google"]


def test_subject_carried_from_previous_sentence():
    rows = claims_of("t\nNVIDIAはスターゲート計画として10GW規模を目指す。この10GWという規模は大きい。\n")
    second = [r for r in rows if r["surface"] == "10GW"][0]
    assert second["entities"] == [] and set(second["context_entities"]) == {"NVIDIA", "Stargate"}


def test_bracketed_name_is_not_a_quote():
    rows = claims_of("t\nウルトラマンの言葉。\n「スターゲイト プロジェクト」の重要性は、米国で 10 万人の雇用を生むことだ。\n")
    (people,) = [r for r in rows if r["kind"] == "count"]
    assert people["entities"] == ["Stargate"] and people["context_entities"] == []


def test_variant_spelling_not_in_the_alias_list_folds(tmp_path):
    aliases = tmp_path / "entities.csv"
    aliases.write_text("canonical,type,aliases,affiliation,scope\nStargate,project,スターゲート,,\n", encoding="utf-8")
    table = load_entities(aliases)
    assert table.find("スターゲイト計画", normalized("スターゲイト計画")) == ["Stargate"]
    assert table.find("ゲイトの話", normalized("ゲイトの話")) == []


def test_top_level_quotes_nest_and_ignore_stray_closers():
    assert top_level_quotes("彼は「A「B」C」と言い、」「D") == [(2, 8), (14, None)]
    assert top_level_quotes("引用なし") == []
