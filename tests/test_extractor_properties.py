"""Property tests: the extractor never raises and its spans and bounds are consistent.

Bad inputs tried: random Unicode (surrogates excluded), Japanese text with random
numerals (kanji, full-width, comma-grouped, decimals), units, qualifiers, brackets
and newlines, plus very long lines.
"""
import math
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.build import Article, article_claims
from claims.sources import ArticleMeta

NUMERALS = ["1", "10", "７", "１２０", "1,000", "2.5", "三千", "二〇三〇", "数十", "何百", "十数", "16万6000",
            "5000億", "0", "99999999999999999999", "1兆", "１０万"]
UNITS = ["GW", "ギガワット", "MW", "万kW", "キロワット", "TWh", "ドル", "億ドル", "兆円", "円", "米ドル", "%",
         "倍", "人", "年", "年間", "か月", "週間", "日", "月", "基", "GPU", "パラメータ", "B", " billion", ""]
GLUE = ["約", "ほぼ", "最大", "少なくとも", "以上", "超", "を超える", "まで", "以内", "規模", "前後", "弱", "〜", "から",
        "、", "今後", "毎週", "週に", "$", "「", "」", "。", "\n", "\r\n", " ", "の", "は", "H", "GPT-", "-", "昨年",
        "までに", "後半", "度", "以来", "スターゲイト", "OpenAI", "ウルトラマン", "<script>", "&amp;"]

japanese_pieces = st.lists(st.sampled_from(NUMERALS + UNITS + GLUE), max_size=40).map("".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def check(text: str) -> None:
    meta = ArticleMeta("p", title=None, published=date(2025, 1, 22), reference_date=date(2025, 1, 21))
    rows = article_claims(Article(meta, text))
    for r in rows:
        assert 0 <= r["span_start"] < r["span_end"] <= len(text)
        assert text[r["span_start"]:r["span_end"]] == r["surface"]
        assert text[r["sentence_start"]:r["sentence_end"]] == r["sentence"]
        lo, v, hi = r["value_low"], r["value"], r["value_high"]
        if not math.isnan(lo) and not math.isnan(v):
            assert lo <= v
        if not math.isnan(hi) and not math.isnan(v):
            assert v <= hi
        if not math.isnan(lo) and not math.isnan(hi):
            assert lo <= hi
        if r["time_start"] and r["time_end"]:
            assert r["time_start"] <= r["time_end"]


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(japanese_pieces)
def test_japanese_with_numerals_and_units(text):
    check(text)


@SETTINGS
@given(any_text)
def test_random_unicode(text):
    check(text)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(NUMERALS + UNITS + GLUE[:20]), min_size=5, max_size=30), st.integers(200, 600))
def test_long_lines_without_sentence_ends(pieces, repeat):
    check(("".join(pieces) * repeat).replace("\n", "").replace("。", ""))
