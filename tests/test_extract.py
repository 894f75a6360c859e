"""One-line extraction rules: (surface, kind, unit, value, low, high, qualifier, rate_per)."""
from datetime import date

import pytest

from claims.extract import extract_sentence, one

B, T = 1e9, 1e12


# ---- power: every unit folds to GW
def test_power_units():
    assert one("ほぼ7ギガワットに達し") == ("ほぼ7ギガワット", "power", "GW", 7, 7, 7, "approx", "")
    assert one("10GW規模のデータセンター") == ("10GW規模", "power", "GW", 10, 10, 10, "approx", "")
    assert one("１２０万ｋＷの発電所") == ("１２０万ｋＷ", "power", "GW", 1.2, 1.2, 1.2, "exact", "")
    assert one("出力50万kW") == ("50万kW", "power", "GW", 0.5, 0.5, 0.5, "exact", "")
    assert one("100万キロワット級") == ("100万キロワット級", "power", "GW", 1, 1, 1, "approx", "")
    assert one("300MWの施設") == ("300MW", "power", "GW", 0.3, 0.3, 0.3, "exact", "")
    assert one("500メガワット") == ("500メガワット", "power", "GW", 0.5, 0.5, 0.5, "exact", "")
    assert one("五十ギガワット") == ("五十ギガワット", "power", "GW", 50, 50, 50, "exact", "")
    assert one("10 GW of compute") == ("10 GW", "power", "GW", 10, 10, 10, "exact", "")


def test_energy_is_never_power():
    assert one("年間30TWhを消費") == ("30TWh", "energy", "TWh", 30, 30, 30, "exact", "year")
    assert one("500GWhの電力量") == ("500GWh", "energy", "TWh", 0.5, 0.5, 0.5, "exact", "")
    assert one("100億kWh") == ("100億kWh", "energy", "TWh", 10, 10, 10, "exact", "")


# ---- money: the currency written is kept
def test_money():
    assert one("1000億ドル超") == ("1000億ドル超", "money", "USD", 100 * B, 100 * B, None, "at_least", "")
    assert one("1,000億ドル") == ("1,000億ドル", "money", "USD", 100 * B, 100 * B, 100 * B, "exact", "")
    assert one("三千億円") == ("三千億円", "money", "JPY", 300 * B, 300 * B, 300 * B, "exact", "")
    assert one("3.5兆円強") == ("3.5兆円強", "money", "JPY", 3.5 * T, 3.5 * T, 3.5 * T, "approx", "")
    assert one("50億米ドル") == ("50億米ドル", "money", "USD", 5 * B, 5 * B, 5 * B, "exact", "")
    assert one("5セント") == ("5セント", "money", "USD", 0.05, 0.05, 0.05, "exact", "")
    assert one("$500 billion") == ("$500 billion", "money", "USD", 500 * B, 500 * B, 500 * B, "exact", "")
    assert one("a $100B deal") == ("$100B", "money", "USD", 100 * B, 100 * B, 100 * B, "exact", "")
    assert one("最大16万6000ドルまでなら") == ("最大16万6000ドルまで", "money", "USD", 166000, None, 166000, "at_most", "")
    assert one("1兆ドルを超えました") == ("1兆ドルを超え", "money", "USD", T, T, None, "at_least", "")


def test_soutou_means_worth_not_approx():
    assert one("1兆ドル相当のデータセンター") == ("1兆ドル", "money", "USD", T, T, T, "exact", "")


# ---- qualifiers and their precedence
@pytest.mark.parametrize("text,surface,qualifier", [
    ("約100億円", "約100億円", "approx"),
    ("100億円程度", "100億円程度", "approx"),
    ("100億円前後", "100億円前後", "approx"),
    ("1兆円弱", "1兆円弱", "approx"),
    ("90%近く", "90%近く", "approx"),
    ("10GW以上", "10GW以上", "at_least"),
    ("少なくとも10GW", "少なくとも10GW", "at_least"),
    ("10GWを上回る", "10GWを上回る", "at_least"),
    ("10GW以下", "10GW以下", "at_most"),
    ("10GW未満", "10GW未満", "at_most"),
    ("多ければ10GW", "多ければ10GW", "at_most"),
    ("80〜100GW", "80〜100GW", "range"),
    ("10GWから20GW", "10GWから20GW", "range"),
    ("数十億ドル規模", "数十億ドル規模", "vague"),
    ("約80〜100GW", "約80〜100GW", "range"),
])
def test_qualifiers(text, surface, qualifier):
    got = one(text)
    assert got[0] == surface and got[6] == qualifier


def test_keiyaku_is_not_approx():
    assert one("契約1000億ドル")[6] == "exact"


# ---- ranges and vague amounts carry bounds
def test_bounds():
    assert one("80〜100GW")[3:6] == (80, 80, 100)
    assert one("2,000〜3,000億円")[3:6] == (200 * B, 200 * B, 300 * B)
    assert one("数十億ドル")[3:6] == (1 * B, 1 * B, 10 * B)
    assert one("何十億ドルも")[3:6] == (1 * B, 1 * B, 10 * B)
    assert one("数千億ドル規模")[3:6] == (100 * B, 100 * B, T)
    assert one("何百メガワット")[3:6] == (0.1, 0.1, 1)
    assert one("十数億円")[3:6] == (1.1 * B, 1.1 * B, 1.9 * B)


# ---- rates
def test_rates():
    assert one("週に1ギガワットのAIインフラ")[7] == "week"
    assert one("毎週1ギガワット")[7] == "week"
    assert one("年間100億ドル")[7] == "year"
    assert one("毎月5GW")[7] == "month"
    assert one("5年間3000億ドル")[7] == ""


# ---- counts, percent, ratio, duration
def test_other_kinds():
    assert one("数百万のGPU") == ("数百万のGPU", "count", "GPU", 1e6, 1e6, 1e7, "vague", "")
    assert one("原発10基分")[:4] == ("10基", "count", "reactor", 10)
    assert one("パラメータは66億個しかない")[:4] == ("66億個", "count", "parameter", 6.6e9)
    assert one("約1.8兆パラメータ")[:4] == ("約1.8兆パラメータ", "count", "parameter", 1.8e12)
    assert one("米国で 10 万人の雇用")[:4] == ("10 万人", "count", "people", 1e5)
    assert one("5つの新しいサイト")[:4] == ("5つの新しいサイト", "count", "site", 5)
    assert one("90%近く")[1:3] == ("percent", "%")
    assert one("2倍の速さ")[1:4] == ("ratio", "x", 2)
    assert one("2〜3年以内")[:7] == ("2〜3年以内", "duration", "year", 2, 2, 3, "range")
    assert one("2、3年以内")[:7] == ("2、3年以内", "duration", "year", 2, 2, 3, "range")
    assert one("20年間の契約")[:4] == ("20年間", "duration", "year", 20)
    assert one("6か月")[:4] == ("6か月", "duration", "month", 6)


# ---- things that are not quantities
@pytest.mark.parametrize("text", [
    "H100 GPUがGPT-4や", "Qwen-2.5", "Pixar-12B", "51CTO テクノロジースタック", "618ZXW", "G42",
    "GB200", "6,491 文字", "第3世代", "https://example.com/2030/100GW", "iPhone 16",
    "2030年", "2016 年以来", "システム1",
])
def test_not_quantities(text):
    assert one(text) is None


@pytest.mark.parametrize("text, surface", [
    ("投資額は100億ドル、詳細はexample.comを参照", "100億ドル"),
    ("出典はopenai.com/index/5gw-planで10GW", "10GW"),
    ("https://example.com/aで、規模は3GW", "3GW"),
])
def test_url_ends_where_japanese_text_resumes(text, surface):
    assert one(text)[0] == surface


def test_garbled_figure_is_flagged_not_zero():
    res = extract_sentence("trillion-dollar datacenters, a 0B Nvidia partnership, and...", None)
    (q,) = res.quantities
    assert q.flags == ["garbled"] and q.kind == "money" and q.value != q.value  # NaN, never 0


# ---- time attached to quantities
def test_time_attaches_to_quantity():
    res = extract_sentence("サム・アルトマン氏は2030年までに250GWのデータセンター整備を計画", date(2025, 10, 5))
    (q,) = res.quantities
    assert (q.time.time_start, q.time.time_end) == (None, date(2030, 12, 31))


def test_konngo_years_is_a_period_from_reference_date():
    res = extract_sentence("今後4年間で5000億ドルを投資", date(2025, 1, 21))
    money = [q for q in res.quantities if q.kind == "money"][0]
    assert (money.time.time_start, money.time.time_end) == (date(2025, 1, 21), date(2029, 1, 21))


def test_time_without_quantity_is_a_date_row():
    res = extract_sentence("2027年までに政府全体をAIに置き換えたい", date(2025, 9, 25))
    assert not res.quantities
    (t,) = res.dates
    assert (t.time_start, t.time_end, t.qualifier) == (None, date(2027, 12, 31), "at_most")


# ---- regressions found by the fresh corpus (tests/fixtures/fresh)
def test_fullwidth_decimal_point_is_not_a_sentence_end():
    from claims.build import Article, article_claims
    from claims.sources import ArticleMeta
    rows = article_claims(Article(ArticleMeta("x", title="t"), "t\n拠点だけで１．２ＧＷの電力を確保した。"))
    assert [(r["surface"], r["value"]) for r in rows] == [("１．２ＧＷ", 1.2)]


def test_approx_then_at_most_suffixes():
    assert one("一ギガワット強まで引き上げる") == ("一ギガワット強まで", "power", "GW", 1, None, 1, "at_most", "")


def test_range_from_a_vague_amount_is_vague():
    assert one("「数千億円から1兆円程度」と見積もる") == ("数千億円から1兆円程度", "money", "JPY", 1e11, 1e11, 1e12, "vague", "")
    assert one("数百億から数千億円")[3:7] == (1e10, 1e10, 1e12, "vague")


def test_wari_is_percent():
    assert one("七割") == ("七割", "percent", "%", 70, 70, 70, "exact", "")
    assert one("九割以上")[6] == "at_least"


# ---- issue 12: notation real pages use (units generated from data/unit_prefixes.csv)
def test_prefixed_units_are_generated_from_plain_surfaces():
    assert one("7Gワットの計算能力") == ("7Gワット", "power", "GW", 7, 7, 7, "exact", "")
    assert one("600Mワットの新拠点") == ("600Mワット", "power", "GW", 0.6, 0.6, 0.6, "exact", "")
    assert one("合計5.5Gワット超となる") == ("5.5Gワット超", "power", "GW", 5.5, 5.5, None, "at_least", "")
    assert one("出力は250kwにとどまる") == ("250kw", "power", "GW", 0.00025, 0.00025, 0.00025, "exact", "")
    assert one("受電容量80mwの施設") == ("80mw", "power", "GW", 0.08, 0.08, 0.08, "exact", "")
    assert one("３００ＭＷ級の施設") == ("３００ＭＷ級", "power", "GW", 0.3, 0.3, 0.3, "approx", "")
    assert one("約50万キロ・ワットの火力") == ("約50万キロ・ワット", "power", "GW", 0.5, 0.5, 0.5, "approx", "")
    assert one("1.5テラワット時の需要") == ("1.5テラワット時", "energy", "TWh", 1.5, 1.5, 1.5, "exact", "")
    assert one("3万kWhを蓄える") == ("3万kWh", "energy", "TWh", 3e-5, 3e-5, 3e-5, "exact", "")
    # an English magnitude word before the prefix, as translated copy leaves it
    assert one("発電能力は年間240billion kWh") == ("240billion kWh", "energy", "TWh", 240, 240, 240, "exact", "year")
    assert one("出力1.5 million kWの発電所") == ("1.5 million kW", "power", "GW", 1.5, 1.5, 1.5, "exact", "")


def test_a_gloss_between_prefix_and_unit():
    assert one("120メガ(メガは100万)ワットの需要") == (
        "120メガ(メガは100万)ワット", "power", "GW", 0.12, 0.12, 0.12, "exact", "")


def test_a_unit_glossed_in_brackets_before_a_qualifier():
    assert one("2ギガワット(GW)以上を確保") == ("2ギガワット(GW)以上", "power", "GW", 2, 2, None, "at_least", "")
    assert one("4ギガワット（ＧＷ）規模の計画") == ("4ギガワット（ＧＷ）規模", "power", "GW", 4, 4, 4, "approx", "")


def test_nakaguro_is_a_decimal_point():
    assert one("事業規模は1・7兆円に") == ("1・7兆円", "money", "JPY", 1.7 * T, 1.7 * T, 1.7 * T, "exact", "")
    assert one("６・２兆円を見込む") == ("６・２兆円", "money", "JPY", 6.2 * T, 6.2 * T, 6.2 * T, "exact", "")
    assert one("3・5ギガワット") == ("3・5ギガワット", "power", "GW", 3.5, 3.5, 3.5, "exact", "")
    assert one("1・2号機の再稼働") is None


def test_zero_padded_group_after_cho():
    assert one("総額1兆0,800億円の予算") == ("1兆0,800億円", "money", "JPY", 1080 * B, 1080 * B, 1080 * B, "exact", "")


def test_a_space_inside_the_number():
    assert one("200 億ドルを調達") == ("200 億ドル", "money", "USD", 20 * B, 20 * B, 20 * B, "exact", "")
    assert one("約 16 億ドルの契約") == ("約 16 億ドル", "money", "USD", 1.6 * B, 1.6 * B, 1.6 * B, "approx", "")
    assert one("億ドル単位の") is None                   # 億 with no number is not 1e8


def test_vague_amount_after_yaku():
    assert one("約数兆円の投資") == ("約数兆円", "money", "JPY", T, T, 10 * T, "vague", "")


def test_qualifier_after_a_bracketed_conversion_reaches_both_figures():
    res = extract_sentence("投資額は1500億ドル(約23兆円)近くに達する", None)
    assert [(q.kind, q.unit, q.qualifier) for q in res.quantities] == [
        ("money", "USD", "approx"), ("money", "JPY", "approx")]
    assert one("1500億ドル(約23兆円)近く")[0] == "1500億ドル"
    res = extract_sentence("15億ドル(2260億円)強を出資", None)
    assert [q.qualifier for q in res.quantities] == ["approx", "approx"]
    res = extract_sentence("3兆円(約200億ドル)以上", None)
    assert [q.qualifier for q in res.quantities] == ["at_least", "at_least"]


def test_yo_is_at_least():
    assert one("5兆9800億円余の補正予算") == ("5兆9800億円余", "money", "JPY", 5.98 * T, 5.98 * T, None, "at_least", "")
    assert one("100億円余りを投じる")[6] == "at_least"
    assert one("10GWの余裕")[6] == "exact"


@pytest.mark.parametrize("text", [
    "GPT-5を公開", "B300を出荷", "証券コード9984", "5G通信の基地局", "H200やB200", "Gemini 2.5",
])
def test_issue12_not_quantities(text):
    assert one(text) is None


@pytest.mark.parametrize("text, surface, unit, value", [
    ("25年間の長期契約", "25年間", "year", 25),
    ("20年契約を結んだ", "20年", "year", 20),
    ("創業25年の老舗", "25年", "year", 25),
    ("10〜20年かかる", "10〜20年", "year", 10),
    ("今後10年で", "10年", "year", 10),
])
def test_durations_stay_durations(text, surface, unit, value):
    assert one(text)[:4] == (surface, "duration", unit, value)


@pytest.mark.parametrize("text", [
    "26年度に稼働する", "30年までに実現", "25年後半に着工", "2026〜27年度に完成",
    "同社は22日に発表", "2025年3月期に", "25年3月に",
])
def test_dated_two_digit_years_and_days_are_not_durations(text):
    assert one(text) is None


def test_a_bracketed_aside_does_not_take_the_qualifier_after_it():
    res = extract_sentence("年間投資額(約5400億ドル)を上回る水準だ", None)
    assert [q.qualifier for q in res.quantities] == ["approx"]


def test_class_and_oomune_are_approx():
    assert one("1.2GWクラスの施設") == ("1.2GWクラス", "power", "GW", 1.2, 1.2, 1.2, "approx", "")
    assert one("おおむね100万kWで")[6] == "approx"


# ---- regressions found by the first held-out part, once it was scored (tests/fixtures/realistic/heldout)
@pytest.mark.parametrize("text,figures", [
    ("設備投資を前期の9,800億円から1・2兆円へ増やす", [("9,800億円", 9.8e11), ("1・2兆円", 1.2e12)]),
    ("容量を10GWから20GWに拡大する", [("10GW", 10), ("20GW", 20)]),
    ("総額は500億ドルから600億ドルかかる", [("500億ドルから600億ドル", 5e10)]),
    ("10GWから20GWまでの案件", [("10GWから20GWまで", 10)]),
])
def test_from_one_figure_to_another_is_a_change_not_a_range(text, figures):
    got = [(text[q.start:q.end], q.value_low) for q in extract_sentence(text, None).quantities]
    assert got == figures


def test_yuuni_koeru_is_at_least():
    assert one("申込は1,000万kWを優に超える")[0::6] == ("1,000万kWを優に超える", "at_least")
    assert one("予想の約1,200億ドルを大きく上回った")[6] == "approx"     # the comparison, not a bound


def test_made_before_a_price_move_is_no_upper_bound():
    assert one("株価は2,900円前後まで買われた")[6] == "approx"
    assert one("一ギガワット強まで引き上げる")[6] == "at_most"


@pytest.mark.parametrize("text,surface,qualifier", [
    ("30億ドルあまりを投じる", "30億ドルあまり", "at_least"),
    ("出力は10GWに近い", "10GWに近い", "approx"),
    ("1兆円足らずの投資", "1兆円足らず", "approx"),
])
def test_more_qualifier_words(text, surface, qualifier):
    assert one(text)[0::6] == (surface, qualifier)


def test_figures_read_on_real_pages():
    """Shapes seen on stored public pages (sentences rewritten): 増強 after から is a change, a
    figure glossed after a year is that year's, に近づく/に迫る approximate."""
    got = extract_sentence("供給力を40万kWから計150万kWに増強した", None).quantities
    assert [q.value for q in got] == pytest.approx([0.4, 1.5])
    res = extract_sentence("市場は30年に24年(900億円)の約12倍となる約1・1兆円に達する", date(2025, 5, 1))
    money = [(q.value, q.time.time_start.year) for q in res.quantities if q.kind == "money"]
    assert money == [(9e10, 2024), (1.1e12, 2030)]
    # offsets are the sentence's, not Sudachi's normalized forms (売上 -> 売り上げ is longer)
    res = extract_sentence("売上は30年に24年(900億円)の約12倍となる約1・1兆円", date(2025, 5, 1))
    assert [(q.value, q.time.time_start.year) for q in res.quantities if q.kind == "money"] == [
        (9e10, 2024), (1.1e12, 2030)]
    assert one("26年には4000億円に近づく見通し")[0::6] == ("4000億円に近づく", "approx")
    assert one("売上高は1兆円に迫る")[6] == "approx"


@pytest.mark.parametrize("text,surfaces", [
    ("試算は1ドル=150円換算", []),
    ("1ドル＝150円で換算すると約15兆円になる", ["約15兆円"]),
    ("為替は1ユーロ=160円前後で推移", []),
    ("1ドルショップで100円の商品", ["100円"]),          # a dollar shop, like a 100円ショップ, is a name
])
def test_an_exchange_rate_is_not_two_amounts(text, surfaces):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind == "money"] == surfaces


def test_a_change_written_with_toiu():
    got = extract_sentence("予測を750億ドルから850億ドルという額に引き上げた", None).quantities
    assert [q.value for q in got] == [7.5e10, 8.5e10]


def test_kw_ji_is_energy_and_decimal_ranges_with_nakaguro():
    assert one("1kW時の単価")[1:3] == ("energy", "TWh")
    assert one("出力は10kW")[1] == "power"
    assert one("コストは0・4~0・5円")[3:7] == (0.4, 0.4, 0.5, "range")


def test_a_bare_nen_after_a_particle_is_per_year():
    assert one("同社は年1兆円を投じる")[7] == "year"
    assert one("2026年1兆円")[7] == ""


def test_shuusei_after_kara_is_a_change():
    got = extract_sentence("投資計画を3,500億円から6,500億円に修正した", None).quantities
    assert [q.value for q in got] == [3.5e11, 6.5e11]


# ---- from the second held-out part, once it was opened (tests/fixtures/realistic/heldout2a, 2b)
def test_a_digit_sudachi_reads_into_the_word_before_is_kept():
    assert one("売上高3,450億円")[0:4:3] == ("3,450億円", 3.45e11)
    assert one("中2,500万円の案件")[3] == 2.5e7
    assert one("1,200,450円")[3] == 1200450


@pytest.mark.parametrize("text,qualifier", [
    ("1,500万kW近い新規需要", "approx"),
    ("5,000億円を少し超える", "at_least"),
    ("時価総額は約4,800億円まで来ました", "approx"),      # reached: no bound
    ("900億円弱まで行ける計算", "approx"),
    ("1,200万kW近くまで伸び", "approx"),
    ("最大で1兆円まで", "at_most"),
    ("100億円まで支援する", "at_most"),
])
def test_made_after_reaching_verbs_and_chikai_and_sukoshi_koeru(text, qualifier):
    assert one(text)[6] == qualifier


# ---- from the third held-out part, once it was scored and opened (tests/fixtures/realistic/heldout3*)
@pytest.mark.parametrize("text,expected", [
    ("約 1,200 億円を投じる", ("約 1,200 億円", 1.2e11, "approx")),
    ("負担は月数十円程度増える", ("数十円程度", 10, "vague")),
    ("ラック電力は600kW時代へ", ("600kW", 0.0006, "exact")),
    ("受注残は2,000億ドルを突破", ("2,000億ドルを突破", 2e11, "at_least")),
    ("1カ所100億円が上限となる", ("100億円が上限", 1e10, "at_most")),
])
def test_spaced_groups_vague_tens_jidai_toppa_and_jougen(text, expected):
    got = one(text)
    assert (got[0], got[3], got[6]) == expected


def test_kw_ji_is_still_energy():
    assert one("年間500万kW時の発電")[1] == "energy"


def test_a_figure_withdrawn_by_a_correction_is_no_claim():
    text = "※初出時、工事費を「約3000億円」としていましたが、正しくは「約3500億円」でした。"
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities] == ["約3500億円"]
    assert len(extract_sentence("工事費を「約3000億円」としていた。", None).quantities) == 1


def test_a_bare_giga_is_gigawatts_only_beside_gigawatts():
    text = "申し込みは3ギガワット…いや、3ギガやなくて3.5ギガ"      # the 3ギガワット taken back at once
    assert [(q.kind, q.value) for q in extract_sentence(text, None).quantities] == [("power", 3), ("power", 3.5)]
    assert extract_sentence("スマホのギガ、月20ギガで足りてる？", None).quantities == []


@pytest.mark.parametrize("text,unit", [
    ("250億ポンド（約4.8兆円）", "GBP"), ("120億新台湾ドル（約560億円）", "TWD"), ("500億ルピー", "INR"),
    ("3億リンギ", "MYR"), ("20億豪ドル", "AUD"), ("10億シンガポールドル", "SGD"), ("50億リヤル", "SAR"),
])
def test_money_is_in_the_currency_written(text, unit):
    assert one(text)[1:3] == ("money", unit)


@pytest.mark.parametrize("text", ["1ポンド=190円換算で", "ドンと100億円を投じた"])
def test_exchange_rates_and_onomatopoeia_are_not_other_currencies(text):
    assert {q.unit for q in extract_sentence(text, None).quantities} <= {"JPY"}


# ---- notations seen on stored public pages (bench notes; sentences written anew)
def test_a_range_across_a_spelled_out_unit():
    assert one("需要は5.2GW(ギガワット)~6.1GWに達する")[0:5:4] == ("5.2GW(ギガワット)~6.1GW", 5.2)
    assert [q.qualifier for q in extract_sentence("5GW(約1兆円)~6GW", None).quantities] == ["exact", "approx", "exact"]


@pytest.mark.parametrize("text,surface", [("年間 約9兆円~ の投資", "約9兆円~"), ("($60B+)", "$60B+"), ("2GW～の計画", "2GW～")])
def test_a_trailing_wave_dash_or_plus_is_at_least(text, surface):
    assert one(text)[0::6] == (surface, "at_least")
    assert one("30億〜50億円")[6] == "range"


def test_a_change_with_the_difference_in_brackets():
    text = "計画を当初の2,400億円から5,100億円（2,700億円増）に修正した"
    assert [q.value for q in extract_sentence(text, None).quantities] == [2.4e11, 5.1e11, 2.7e11]


def test_saidai_kei_is_at_most():
    assert one("受電容量は最大計380メガワット")[0::6] == ("最大計380メガワット", "at_most")
    assert one("計380メガワット")[6] == "exact"


# ---- from the fourth held-out part, once it was scored and opened (tests/fixtures/realistic/heldout4*)
@pytest.mark.parametrize("text,expected", [
    ("一・二ギガワットの受電", ("一・二ギガワット", 1.2, "GW")),
    ("Northgate to Invest $5 Billion", ("$5 Billion", 5e9, "USD")),
    ("約22億Sドル（約2,500億円）", ("約22億Sドル", 2.2e9, "SGD")),
    ("政府は8兆4,500億VNDを投じる", ("8兆4,500億VND", 8.45e12, "VND")),
])
def test_kanji_decimals_capitalized_magnitudes_and_written_iso_codes(text, expected):
    got = one(text)
    assert (got[0], got[3], got[2]) == expected


def test_a_cap_named_before_the_figure_is_at_most_but_not_its_surface():
    assert one("補助上限は1件あたり300億円")[0::6] == ("300億円", "at_most")


# ---- from the fifth held-out part, once it was scored and opened (tests/fixtures/realistic/heldout5*)
@pytest.mark.parametrize("text,expected", [
    ("交付決定の総額　金三百四十七億二千五百万円", ("三百四十七億二千五百万円", 3.4725e10, "exact")),
    ("取得価額の総額　5,000,000,000円（上限）", ("5,000,000,000円", 5e9, "at_most")),
    ("合計でも2万キロワットに満たない", ("2万キロワットに満たない", 0.02, "at_most")),
    ("こちらも期初予想の180億円を上回りました", ("180億円", 1.8e10, "exact")),     # the forecast exceeded
    ("需要は5000億円を上回る", ("5000億円を上回る", 5e11, "at_least")),
])
def test_formal_kanji_amounts_bracketed_caps_mitanai_and_reference_values(text, expected):
    got = one(text)
    assert (got[0], got[3], got[6]) == expected


@pytest.mark.parametrize("text", ["01:12 そもそも何ギガワット必要？", "データセンターに何兆円投じるのか"])
def test_a_question_asks_for_an_amount_it_does_not_state(text):
    assert extract_sentence(text, None).quantities == []
    assert one("何兆円もの投資が動く")[6] == "vague"


@pytest.mark.parametrize("text,unit", [("総額750億カタール・リヤル", "QAR"), ("95億ノルウェー・クローネ", "NOK"),
                                       ("40億クローナ", "SEK"), ("約27億ランド", "ZAR"), ("3億5,000万スイス・フラン", "CHF"),
                                       ("少なくとも6億フラン", "CHF"), ("1,200億コロンビア・ペソ", "COP"),
                                       ("約450億ペソ", "MXN"), ("12億NZドル", "NZD"), ("80億ズロチ", "PLN"),
                                       ("5,000億テンゲ", "KZT"), ("40億エジプト・ポンド", "EGP"), ("30億ZAR", "ZAR")])
def test_more_currencies_by_their_country(text, unit):
    assert one(text)[2] == unit


@pytest.mark.parametrize("text", ["10ブランドの電源", "3ランドマークを結ぶ", "2フランスの企業"])
def test_a_currency_name_inside_another_word_is_no_money(text):
    assert all(q.kind != "money" for q in extract_sentence(text, None).quantities)


@pytest.mark.parametrize("text,expected", [
    ("⑨1GW級のキャンパス型DCを計画", ("1GW級", 1.0, "approx")),                # a list mark is no digit
    ("営業利益とEBITDA1,500億円を目標とする", ("1,500億円", 1.5e11, "exact")),       # letters, then an amount
    ("年間の発電量はおよそ95億キロワットアワーになる", ("およそ95億キロワットアワー", 9.5, "approx")),  # energy, TWh
    ("500 billionドルの中身を分解する", ("500 billionドル", 5e11, "exact")),
    ("補助は１０億円を限度とする", ("１０億円を限度", 1e9, "at_most")),
    ("債務負担行為の限度額2,400,000千円を設定", ("限度額2,400,000千円", 2.4e9, "at_most")),
    ("最大でも1万kW程度にとどまる", ("最大でも1万kW程度", 0.01, "at_most")),
    ("需要が約千二百万キロワットから約二千万キロワットの範囲で増える", ("約千二百万キロワットから約二千万キロワット", 12, "range")),
])
def test_list_marks_names_before_amounts_energy_spelled_out_caps_and_ranges_of_approximate_ends(text, expected):
    got = one(text)
    assert (got[0], got[3], got[6]) == expected


@pytest.mark.parametrize("text", [
    "※金額は千円未満を四捨五入しています。", "【業績】（百万円表記を億円に換算）", "（単位：百万円）",
    "投資規模を「3200億円」としたのは誤りでした。", "事業費を「30億ドル」としていた箇所を訂正しました。",
    "為替は1ランド＝8円で換算した。", "工事費は20年比で約1.6倍に膨らんだ", "50年カーボンニュートラルに向けた方針",
    "B300チップの受注", "GPT-5の訓練",
])
def test_notes_on_units_rounding_and_corrections_and_two_digit_years_are_no_money_or_duration(text):
    assert [q for q in extract_sentence(text, date(2026, 5, 1)).quantities if q.kind in ("money", "duration")] == []


@pytest.mark.parametrize("text,expected", [
    ("投資額はS$45億", ("S$45億", "SGD", 4.5e9)), ("HK$250億を投じる", ("HK$250億", "HKD", 2.5e10)),
    ("NZ$ 1.1 billionの計画", ("NZ$ 1.1 billion", "NZD", 1.1e9)), ("約£420mで買収", ("約£420m", "GBP", 4.2e8)),
    ("€15bnの案件", ("€15bn", "EUR", 1.5e10)), ("約$2.3Mの助成", ("約$2.3M", "USD", 2.3e6)),
    ("2,5 Mrd.ユーロを投じる", ("2,5 Mrd.ユーロ", "EUR", 2.5e9)), ("800 Mio.ユーロ", ("800 Mio.ユーロ", "EUR", 8e8)),
    ("9万8,400クロールの投資", ("9万8,400クロール", "INR", 9.84e11)), ("約170億港元", ("約170億港元", "HKD", 1.7e10)),
    ("約63兆スムの計画", ("約63兆スム", "UZS", 6.3e13)), ("調達額は17 億 5,000 万円", ("17 億 5,000 万円", "JPY", 1.75e9)),
    ("総額 5 兆 2,180 億円に", ("5 兆 2,180 億円", "JPY", 5.218e12)), ("価格は約4万0,800ドル", ("約4万0,800ドル", "USD", 40800)),
    ("1.1ギガワッツの新設", ("1.1ギガワッツ", "GW", 1.1)), ("最初は50メガ、いや50メガワットで", ("50メガ", "GW", 0.05)),
])
def test_currency_signs_foreign_scales_spaced_and_padded_groups_and_spoken_units(text, expected):
    got = one(text)
    assert (got[0], got[2]) == expected[:2] and got[3] == pytest.approx(expected[2])


@pytest.mark.parametrize("text", [
    "（1ルピー＝約1.75円で換算）", "【編集部注】S$1＝約115円で換算。", "設備投資（百万ユーロ）", "売上高（百万シンガポールドル）",
    "将来的には400メガ…あ、ごめんなさい、違いますね", "月20ギガの通信量", "アプリは¥480で配信",
])
def test_exchange_notes_unit_headers_a_figure_taken_back_and_phone_data_are_no_amounts(text):
    assert [q for q in extract_sentence(text, None).quantities if q.kind in ("money", "power")] == []


def test_a_range_whose_first_end_is_not_scaled_by_the_second_ends_big_unit():
    assert one("５，０００～３万ｋＷの案件")[3:7] == (0.005, 0.005, 0.03, "range")


@pytest.mark.parametrize("text", [
    "（本文中のドル建て金額は一ドル＝百五十五円で換算）", "100ウォン＝11円で換算した。",
    "前回のブログで「受電容量５０ＭＷ」と書きましたが、正しくは５５ＭＷでした。", "【誤】出力５０ＭＷ　【正】出力５ＭＷ",
    "訂正があり、投資額は「約300億円」ではなく「約340億円」とのことです。", "当初「12億8,000万円」と掲載しましたが、12億2,000万円に訂正しました",
])
def test_kanji_exchange_notes_and_more_corrections_withdraw_the_figure(text):
    got = [text[q.start:q.end] for q in extract_sentence(text, None).quantities]
    assert not any(w in " ".join(got) for w in ("一ドル", "百五十五円", "100ウォン", "５０ＭＷ", "約300億円", "12億8,000万円")), got


@pytest.mark.parametrize("text,expected", [
    ("総額R$500億のデータセンター", ("R$500億", "BRL", 5e10, "exact")), ("送電網に₦8,000億余を投じる", ("₦8,000億余", "NGN", 8e11, "at_least")),
    ("地場の大手が25億TLを投じた", ("25億TL", "TRY", 2.5e9, "exact")),
    ("総額は約 2億 バーレーン・ディナール の見込み", ("約 2億 バーレーン・ディナール", "BHD", 2e8, "approx")),
    ("1,300億ルワンダ・フラン（約9,000万ドル）上限の入札", ("1,300億ルワンダ・フラン", "RWF", 1.3e11, "at_most")),
    ("約 100億モロッコ・ディルハム の優遇", ("約 100億モロッコ・ディルハム", "MAD", 1e10, "approx")),
    ("政府は620億シリングを投じる", ("620億シリング", "KES", 6.2e10, "exact")),
    ("投資額はA$2億8,000万〜2億9,500万を見込む", ("A$2億8,000万〜2億9,500万", "AUD", 2.8e8, "range")),
    ("総額$1〜2 billionの計画", ("$1〜2 billion", "USD", 1e9, "range")),
    ("costs approximately 8.5 billion yen in total", ("approximately 8.5 billion yen", "JPY", 8.5e9, "approx")),
    ("approvals totalled about MYR 114 billion", ("about MYR 114 billion", "MYR", 1.14e11, "approx")),
    ("a deal worth up to $100 billion", ("up to $100 billion", "USD", 1e11, "at_most")),
    ("事業費は一億二、八〇〇万円とする", ("一億二、八〇〇万円", "JPY", 1.28e8, "exact")),
    ("総額三億四、二一五万六、〇〇〇円を計上", ("三億四、二一五万六、〇〇〇円", "JPY", 342156000, "exact")),
    ("期末配当は17円42銭とする", ("17円42銭", "JPY", 17.42, "exact")),
])
def test_more_currencies_signs_before_ranges_english_copy_kanji_thousands_and_sen(text, expected):
    got = one(text)
    assert (got[0], got[2], got[6]) == (expected[0], expected[1], expected[3]) and got[3] == pytest.approx(expected[2])


@pytest.mark.parametrize("text", [
    "SENSEX 84,412.10 | USD/INR 88.62", "ドル/レアル　R$ 5,33", "■為替　1クウェート・ディナール＝約481円",
    "1ユーロ＝約4,25ズウォティで換算", "売上高（千ドル）", "二、三年で回収する",
])
def test_currency_pairs_generic_exchange_notes_and_unit_headers_are_no_amounts(text):
    assert [q for q in extract_sentence(text, None).quantities if q.kind == "money"] == []


def test_a_barrel_price_is_money_not_an_exchange_note():
    assert one("WTI原油先物が1バレル＝61.20ドルで終えた")[:4] == ("61.20ドル", "money", "USD", 61.2)


def test_a_bare_yuan_on_a_page_that_names_the_taiwan_dollar_is_twd():
    from claims.build import Article, article_claims
    from claims.sources import ArticleMeta
    text = "t\n売上高は1兆0,460億台湾元、純利益は5,057億元だった。\n"
    units = {r["surface"]: r["unit"] for r in article_claims(Article(ArticleMeta("x", title="t"), text))}
    assert units == {"1兆0,460億台湾元": "TWD", "5,057億元": "TWD"}
    text = "t\n人民元建てで3,000億元、台湾元建てで1,000億台湾元を調達する。\n"
    units = {r["surface"]: r["unit"] for r in article_claims(Article(ArticleMeta("x", title="t"), text))}
    assert units["3,000億元"] == "CNY"


@pytest.mark.parametrize("text,kept", [
    ("戸部：電気代が月に、えっと、100万円、あ、違う違う、30万円くらいですね。", "30万円くらい"),
    ("大西「GPUいうのが1枚…500万円、ちゃうわ、700万円くらいすんねん」", "700万円くらい"),
    ("補助金は、1件で最大20億円、いや失礼、上限は10億円でした。", "10億円"),
    ("日本円で七十兆円、いや、七十五兆円か。", "七十五兆円"),
    ("「300MW…あ、ごめん、今の認可は150MW」とのこと。", "150MW"),
    ("本人から「前半で5,000億元と言ったのは間違いで、6,500億元が正しい」と訂正あり", "6,500億元"),
    ("質問1の回答、「約800万kW」とメモしていましたが、質疑要旨を見ると約820万kWでした。本文は修正済みです。", "約820万kW"),
    ("需要がですね、1,200万kWまで…えー、1,200万kWに届いた日もありました。", "1,200万kW"),
    ("【訂正】4〜6月期の設備投資を「約410億ドル」としていたのを「約380億ドル」に訂正しました。", "約380億ドル"),
    ("町は当初、第1期の受電容量を「60メガワット」と説明していたが、その後90メガワットに改めた。", "90メガワット"),
])
def test_a_figure_taken_back_in_speech_or_in_a_note_leaves_only_the_one_said_after(text, kept):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind in ("money", "power")] == [kept]


@pytest.mark.parametrize("text", [
    "今週の為替：1ドル＝129.2ケニア・シリング／18.1ランド／1,455ナイラ", "1ドル＝36.48バーツ　100円＝25.21バーツ",
    "※台湾元＝約4.8円", "■為替　1クウェート・ディナール＝約481円／1バーレーン・ディナール＝約390円",
])
def test_rate_lines_with_lists_and_without_a_leading_one_are_no_amounts(text):
    assert [q for q in extract_sentence(text, None).quantities if q.kind == "money"] == []


def test_a_year_of_an_era_in_kanji_is_no_duration():
    assert extract_sentence("一九五六年（昭和三十一年）に完成した佐久間ダム", None).quantities == []
    assert one("創業25年の老舗")[1] == "duration"


@pytest.mark.parametrize("text,expected", [
    ("投資額は10億─20億ドルの見通し", ("10億─20億ドル", 1e9, "range")), ("株価は1ドル30セント上昇した", ("1ドル30セント", 1.3, "exact")),
])
def test_a_box_drawing_dash_joins_a_range_and_cents_follow_dollars(text, expected):
    got = one(text)
    assert (got[0], got[4], got[6]) == expected


def test_two_figures_after_each_other_are_no_range_and_growing_to_a_size_is_a_change():
    assert [q.value for q in extract_sentence("米国勢は1拠点で1GW、2GWという単位で投資する。", None).quantities] == [1, 2]
    assert [q.qualifier for q in extract_sentence("平均容量は約9万kWから約13万kWに大型化した。", None).quantities] == ["approx"] * 2


def test_a_withdrawn_figure_called_an_error_and_a_new_taiwan_dollar_note_are_no_claims():
    text = "【訂正】当初、出資額を「最大100億ドル」としていましたが、「最大50億ドル」の誤りでした。"
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities] == ["最大50億ドル"]
    assert extract_sentence("（1新台湾ドル＝4.4円、1ドル＝145円で換算）", None).quantities == []


def test_a_figure_said_again_after_a_break_is_one_figure_but_a_list_with_pauses_keeps_each():
    said_again = "需要が5,800万kWまで…えー、5,800万kWに達しました。"
    assert [q.value for q in extract_sentence(said_again, None).quantities if q.kind == "power"] == [58.0]
    listed = "出力は1GW…2GW…3GWと段階的に増える。"
    assert [q.value for q in extract_sentence(listed, None).quantities if q.kind == "power"] == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("text,expected", [
    ("計650MWpの太陽光", [("650MWp", "power", "GW", 0.65)]),
    ("総額約918億UAEディルハムを投じる", [("約918億UAEディルハム", "money", "AED", 9.18e10)]),
    ("出力は1,4ギガワットに達する", [("1,4ギガワット", "power", "GW", 1.4)]),
    ("第1期：12万kW／1,150億円", [("12万kW", "power", "GW", 0.12), ("1,150億円", "money", "JPY", 1.15e11)]),
    ("受電容量三十万キロワット（三百メガワット）規模", [("三十万キロワット", "power", "GW", 0.3), ("三百メガワット", "power", "GW", 0.3)]),
    ("UAE5GW計画を整理する", [("5GW", "power", "GW", 5.0)]),
    ("「電気代1kWh30円時代」を読む", []),
])
def test_peak_watts_a_prefixed_dirham_a_decimal_comma_a_slash_and_a_kanji_conversion(text, expected):
    got = [(text[q.start:q.end], q.kind, q.unit, q.value) for q in extract_sentence(text, None).quantities
           if q.kind in ("power", "money")]
    assert got == expected


@pytest.mark.parametrize("text,expected", [
    ("送電網に約RM 94億を投じる", [("約RM 94億", "money", "MYR", 9.4e9)]),
    ("投資額はRp 95兆超にのぼる", [("Rp 95兆超", "money", "IDR", 9.5e13)]),
    ("総額₱1,500億の計画", [("₱1,500億", "money", "PHP", 1.5e11)]),
    ("総事業費は約6兆5,000億キープ", [("約6兆5,000億キープ", "money", "LAK", 6.5e12)]),
    ("クウェート政府は約40億ディナールを投じる", [("約40億ディナール", "money", "KWD", 4e9)]),
    ("総額1.6ビリオンドルの契約", [("1.6ビリオンドル", "money", "USD", 1.6e9)]),
    ("aim to invest about 35 trillion won in the first phase", [("about 35 trillion won", "money", "KRW", 3.5e13)]),
    ("計924㎿の発電所群", [("924㎿", "power", "GW", 0.924)]),
    ("出力60MWdc／45MWacの太陽光", [("60MWdc", "power", "GW", 0.06), ("45MWac", "power", "GW", 0.045)]),
    ("FORM 10の提出", []),
])
def test_ringgit_rupiah_and_peso_signs_kip_dinar_katakana_billions_english_won_squared_mw_and_dc_ac(text, expected):
    got = [(text[q.start:q.end], q.kind, q.unit, q.value) for q in extract_sentence(text, None).quantities
           if q.kind in ("power", "money")]
    assert [(s, k, u) for s, k, u, _ in got] == [(s, k, u) for s, k, u, _ in expected]
    assert [v for *_, v in got] == pytest.approx([v for *_, v in expected])


@pytest.mark.parametrize("text,expected", [
    ("建設費は1MWあたり15億円", [("15億円", "money")]),
    ("首都圏の賃料は、IT容量1kW当たりで月額約2万5,000円", [("約2万5,000円", "money")]),
    ("申し込み時に1万kW当たり一定額の保証金を求める", []),
    ("1基あたり1.5万kWの小型炉", [("1.5万kW", "power")]),
    ("受電容量は1GWの計画", [("1GW", "power")]),
])
def test_the_power_a_price_is_counted_per_is_no_capacity(text, expected):
    got = [(text[q.start:q.end], q.kind) for q in extract_sentence(text, None).quantities if q.kind in ("power", "money")]
    assert got == expected


@pytest.mark.parametrize("text,kept", [
    ("【訂正前】売上高 9,842百万円　営業利益 1,126百万円", []),
    ("中間純利益は682百万円（訂正前は735百万円）となります。", ["682百万円"]),
    ("前号の「奨励金　上限5億円」は「上限3億円」の誤りでした。", ["上限3億円"]),
])
def test_figures_before_a_correction_are_withdrawn_and_the_corrected_figure_stays(text, kept):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind == "money"] == kept


@pytest.mark.parametrize("text,expected", [
    # a decimal comma Sudachi reads as one word with its big unit (Indonesian and European copy)
    ("国営電力会社は送電網にRp2,5兆を充てる", [("Rp2,5兆", "money", "IDR", 2.5e12, 2.5e12, 2.5e12)]),
    ("設備投資は12,5億ユーロに膨らむ見通し", [("12,5億ユーロ", "money", "EUR", 1.25e9, 1.25e9, 1.25e9)]),
    ("1兆0,800億円の補正予算", [("1兆0,800億円", "money", "JPY", 1.08e12, 1.08e12, 1.08e12)]),
    # 高3 read as one word, the rest of the thousands groups left in two pieces
    ("連結売上高3,200,000千円、営業利益は410,000千円", [("3,200,000千円", "money", "JPY", 3.2e9, 3.2e9, 3.2e9),
                                                        ("410,000千円", "money", "JPY", 4.1e8, 4.1e8, 4.1e8)]),
    # a kanji range whose first figure Sudachi takes as a plain word
    ("必要な電力は八十から百ギガワットに達するという", [("八十から百ギガワット", "power", "GW", 80, 80, 100)]),
    ("二〜三ギガワットの需要", [("二〜三ギガワット", "power", "GW", 2, 2, 3)]),
    ("八十二銀行から百億円を借り入れた", [("百億円", "money", "JPY", 1e10, 1e10, 1e10)]),
    # the second figure's 千億 covers the first (but a first figure with its own 千 takes 億 only)
    ("総額は3〜4千億円規模になる", [("3〜4千億円規模", "money", "JPY", 3e11, 3e11, 4e11)]),
    ("4千〜5千億円を見込む", [("4千〜5千億円", "money", "JPY", 4e11, 4e11, 5e11)]),
    ("1から100億円まで幅がある", [("1から100億円まで", "money", "JPY", 1e8, 1e8, 1e10)]),
    # a range within one 億 (兆, 万) written once before the first end (the second end alone was read before)
    ("費用は8億4〜5千万円になる見込み", [("8億4〜5千万円", "money", "JPY", 8.4e8, 8.4e8, 8.5e8)]),
    ("投資額は1兆2000億〜3000億円", [("1兆2000億〜3000億円", "money", "JPY", 1.2e12, 1.2e12, 1.3e12)]),
    ("2億7000〜8000万円を充てる", [("2億7000〜8000万円", "money", "JPY", 2.7e8, 2.7e8, 2.8e8)]),
    ("総額は3億7、8千万円とみられる", [("3億7、8千万円", "money", "JPY", 3.7e8, 3.7e8, 3.8e8)]),
    ("出力は1万2千〜3千kWだ", [("1万2千〜3千kW", "power", "GW", 0.012, 0.012, 0.013)]),
    ("8億4000万〜9億円", [("8億4000万〜9億円", "money", "JPY", 8.4e8, 8.4e8, 9e8)]),    # the second end has its own 億
    ("売上高8億4000万円、営業利益5000万円", [("8億4000万円", "money", "JPY", 8.4e8, 8.4e8, 8.4e8),
                                          ("5000万円", "money", "JPY", 5e7, 5e7, 5e7)]),
])
def test_a_decimal_comma_split_thousands_groups_a_kanji_range_and_a_shared_scale(text, expected):
    got = [(text[q.start:q.end], q.kind, q.unit, q.value, q.value_low, q.value_high)
           for q in extract_sentence(text, None).quantities if q.kind in ("power", "money")]
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    assert [g[3:] for g in got] == [pytest.approx(e[3:]) for e in expected]


@pytest.mark.parametrize("text,expected", [
    ("政府は総額1兆数千億円の支援策をまとめた", [("1兆数千億円", 1.1e12, 2e12)]),
    ("赤字は百数十億円にのぼった", [("百数十億円", 1.1e10, 2e10)]),
    ("2千数百億円を追加で投じる", [("2千数百億円", 2.1e11, 3e11)]),
    ("補助は1億数千万円にとどまる", [("1億数千万円", 1.1e8, 2e8)]),
    ("需要は百数十メガワットとみられる", [("百数十メガワット", 0.11, 0.2)]),
    ("十数億円の案件", [("十数億円", 1.1e9, 1.9e9)]),
    ("1,000数百億円", []),                   # no figure is written this way: not guessed at
])
def test_a_figure_written_up_to_a_vague_last_part(text, expected):
    got = [(text[q.start:q.end], q.value_low, q.value_high) for q in extract_sentence(text, None).quantities
           if q.kind in ("power", "money")]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[1:] for g in got] == [pytest.approx(e[1:]) for e in expected]
    assert all(q.qualifier == "vague" for q in extract_sentence(text, None).quantities if q.kind in ("power", "money"))


# ---- from a probe of money notations real pages use (session 12; sentences written for it)
@pytest.mark.parametrize("text,expected", [
    # a loss or a cut as results tables and budgets write it
    ("経常損益は△2,318百万円となった", [("△2,318百万円", -2.318e9)]),
    ("特別会計 ▲4,120百万円（減額）", [("▲4,120百万円", -4.12e9)]),
    ("最終損益はマイナス12億円に悪化した", [("マイナス12億円", -1.2e9)]),
    ("純損益は-8億円だった", [("-8億円", -8e8)]),
    ("日経平均 5万2,140円 ▲210円", [("5万2,140円", 52140), ("210円", 210)]),     # ▲ is a rise in a price line
    ("1-3億円の案件", [("1-3億円", 1e8)]),
    # the energy a price is counted per is no energy claim
    ("再エネ賦課金は1kWh当たり3.98円に上がる", [("3.98円", 3.98)]),
    ("試算では電気代を1kWh=28円とした", [("28円", 28)]),
    # a coin, a note, a kind of shop
    ("記念の500円玉と新しい1万円札", []),
    ("大手100円ショップが出店を加速", []),
    # a yen sign before billions or 億/兆 (never a bare shop price)
    ("The group plans to spend ¥180 billion on the site.", [("¥180 billion", 1.8e11)]),
    ("総額¥2.4兆を投じる", [("¥2.4兆", 2.4e12)]),
    ("アプリは¥480で配信中", []),
    # the squared ドル and ウォン characters
    ("対内直接投資は8億2500万㌦に達した", [("8億2500万㌦", 8.25e8)]),
])
def test_minus_signs_per_energy_prices_coins_and_shops_yen_signs_and_squared_currency(text, expected):
    got = [(text[q.start:q.end], q.value) for q in extract_sentence(text, None).quantities if q.kind in ("power", "money")]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[1] for g in got] == pytest.approx([e[1] for e in expected])


@pytest.mark.parametrize("text,expected", [
    ("1兆円を割り込んだ時価総額", ("1兆円を割り込ん", "at_most")),
    ("an order exceeding 40 billion yen", ("exceeding 40 billion yen", "at_least")),
    ("九州最大25MWの蓄電所", ("25MW", "exact")),                 # the largest in Kyushu, no cap
    ("国内最大1,200MWの計画", ("1,200MW", "exact")),
    ("出資額は最大100億ドル", ("最大100億ドル", "at_most")),
])
def test_falling_below_exceeding_and_a_regions_largest(text, expected):
    q = next(q for q in extract_sentence(text, None).quantities if q.kind in ("power", "money"))
    assert (text[q.start:q.end], q.qualifier) == expected


def test_a_storage_plants_power_and_energy_after_a_slash_are_both_read():
    got = [(q.kind, q.unit, q.value) for q in extract_sentence("蓄電所の規模は80MW/320MWhとなる", None).quantities]
    assert got == [("power", "GW", pytest.approx(0.08)), ("energy", "TWh", pytest.approx(0.00032))]


# ---- from the second probe of money notations (session 12)
@pytest.mark.parametrize("text,expected", [
    ("受注額は1,000億円を超えなかった", ("money", 1e11, "at_most")),
    ("赤字幅は50億円を下回らない見通し", ("money", 5e9, "at_least")),
    ("目標の3GWに届かなかった", ("power", 3, "at_most")),
    ("投資額は200億円内外", ("money", 2e10, "approx")),
    ("費用は高々30億円にとどまる", ("money", 3e9, "at_most")),
    ("少なく見積もっても5000億円の損失", ("money", 5e11, "at_least")),
    ("Demand could exceed 2,000 megawatts.", ("power", 2, "at_least")),
    ("The state will spend ₹40,000 crore.", ("money", 4e11, "exact")),
    ("総額は「1兆とんで800億円」と説明した", ("money", 1.08e12, "exact")),
    ("営業収益 23,456 百万円", ("money", 2.3456e10, "exact")),
    ("年間発電量は約3,100万kW･hを見込む", ("energy", 0.031, "approx")),
    # 円 dropped where the words around the figure are about money; not after a counter
    ("新興AI企業、400億調達", ("money", 4e10, "exact")),
    ("最終益1兆超を見込む", ("money", 1e12, "at_least")),
    ("今期は80億の赤字に転落", ("money", 8e9, "exact")),
])
def test_negated_comparisons_hedges_crore_spoken_joins_spaced_units_kw_h_and_yen_left_unsaid(text, expected):
    got = [(q.kind, q.value, q.qualifier) for q in extract_sentence(text, None).quantities
           if q.kind in ("power", "money", "energy")]
    assert len(got) == 1 and got[0][0] == expected[0] and got[0][2] == expected[2]
    assert got[0][1] == pytest.approx(expected[1])


@pytest.mark.parametrize("text", ["1兆パラメータのモデル", "利用者は1億を超えた", "パラメータ数が1兆規模の言語モデル",
                                  "人口は1億2000万だ"])
def test_a_big_number_without_a_money_word_near_it_is_no_money(text):
    assert [q for q in extract_sentence(text, None).quantities if q.kind == "money"] == []


def test_a_fee_in_sen_is_money_and_the_dollar_it_is_counted_per_is_not():
    got = [(q.unit, q.value) for q in extract_sentence("為替手数料は1ドルあたり25銭", None).quantities if q.kind == "money"]
    assert got == [("JPY", pytest.approx(0.25))]


@pytest.mark.parametrize("text,expected", [
    ("Costs range from $4 billion to $6 billion.", (4e9, 6e9)),
    ("capex of $1bn to $1.5bn", (1e9, 1.5e9)),
    ("The site needs between 2 and 3 GW.", (2, 3)),
    ("総額はUS$7〜8億", (7e8, 8e8)),                    # the second figure's 億 covers the first after a sign too
])
def test_english_ranges_with_the_sign_again_between_and_and_a_signs_shared_scale(text, expected):
    q = next(q for q in extract_sentence(text, None).quantities if q.kind in ("power", "money"))
    assert (q.qualifier, q.value_low, q.value_high) == ("range", pytest.approx(expected[0]), pytest.approx(expected[1]))


def test_units_one_and_two_are_no_range():
    assert [(q.value, q.qualifier) for q in extract_sentence("units 1 and 2 GW", None).quantities] == [(2, "exact")]


# ---- from a probe of numbers that are no money or power claims (session 12)
@pytest.mark.parametrize("text,kept", [
    ("為替が1円動くと営業利益が約300億円変わる", ["約300億円"]),
    ("想定レートを1ドル=150円から145円に見直した", []),
    ("当初「1,500億円」と誤って掲載しました。正しくは1,200億円です。", ["1,200億円"]),
    ("先に報じた「総額900億円」は誤りでした", []),
    ("東北一円の120拠点に総額80億円を投じる", ["80億円"]),
    ("1000円カットの店と100万ドルの夜景", []),
    ("株価は4,000円台で推移、売上高は1兆円台に乗せた", []),
    ("10億円未満を切り捨てて表示", []),
    ("1ドルショップで100円の商品", ["100円"]),
])
def test_exchange_moves_withdrawn_figures_regions_names_bands_and_rounding_notes_are_no_money(text, kept):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind == "money"] == kept


@pytest.mark.parametrize("text,kept", [
    ("エネルギー密度は280Wh/kgで、出力は2MW", ["2MW"]),
    ("センサーの消費電力は5mWで、工場全体は30MW", ["30MW"]),
    ("60W形相当のLED電球", []),
    ("2026GWの人出と2026W杯", []),
    ("米国の接続待ちは計2000GWに上る", ["2000GW"]),          # 計, 約, 最大 come before an amount, never a year
    ("申請は最大2024GW分", ["最大2024GW"]),
    ("ラック当たりの電力は1ラック20kW/ラック", ["20kW"]),
    ("出力300mwの太陽光", ["300mw"]),
])
def test_densities_milliwatts_lamp_classes_and_golden_week_are_no_power(text, kept):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind == "power"] == kept


@pytest.mark.parametrize("text", ["PHP 8.3に対応", "AED 2台を設置", "CAD 2025で設計", "三元系の電池で2元中継"])
def test_a_code_that_spells_a_currency_is_no_money(text):
    assert [q for q in extract_sentence(text, None).quantities if q.kind == "money"] == []


def _assert_figures(text, expected):
    """The sentence's power and money figures are `expected`: (kind, value, qualifier) each, values to 1e-6."""
    got = [(q.kind, q.value, q.qualifier) for q in extract_sentence(text, None).quantities if q.kind in ("power", "money")]
    assert [(k, q) for k, _, q in got] == [(k, q) for k, _, q in expected]
    assert [v for _, v, _ in got] == pytest.approx([v for _, v, _ in expected])


# ---- from the third probe of money notations (session 12)
@pytest.mark.parametrize("text,expected", [
    ("a 300-megawatt data centre", [("power", 0.3, "exact")]),
    ("They signed a $10-billion contract.", [("money", 1e10, "exact")]),
    ("The fund raised nearly $3 billion.", [("money", 3e9, "approx")]),
    ("Capex will be no more than $3 billion.", [("money", 3e9, "at_most")]),
    ("upwards of $1 billion", [("money", 1e9, "at_least")]),
    ("電気料金は1kWh当たり25ユーロセント", [("money", 0.25, "exact")]),
    ("新型炉は出力300 MWeの計画", [("power", 0.3, "exact")]),
    ("体重180ポンドの選手が147ポンド級に出場", []),
    ("投資は3000億→4500億円に拡大", [("money", 3e11, "exact"), ("money", 4.5e11, "exact")]),
    ("出力は80万→120万kWに増える", [("power", 0.8, "exact"), ("power", 1.2, "exact")]),
])
def test_hyphenated_english_units_hedges_euro_cents_mwe_pounds_of_weight_and_a_unit_written_once(text, expected):
    _assert_figures(text, expected)


# ---- from the fourth probe of money notations and the second of numbers that are no claims (session 13)
@pytest.mark.parametrize("text,expected", [
    ("「建設費は2000億円を下らない」と話した", [("money", 2e11, 2e11, "at_least")]),
    ("売上高が1兆円の大台を突破した", [("money", 1e12, 1e12, "at_least")]),
    ("受注残は5000億円を少し下回った", [("money", 5e11, 5e11, "at_most")]),
    ("設備投資は3000億円ちょっとになる", [("money", 3e11, 3e11, "approx")]),
    ("凡そ450億円を投じる", [("money", 4.5e10, 4.5e10, "approx")]),
    ("「10年で2兆円、いや、それ以上を投じる」", [("money", 2e12, 2e12, "at_least")]),
    ("総投資は3、4千億円になる見通し", [("money", 3e11, 4e11, "range")]),
    ("町長 四、五十億円規模の事業になる", [("money", 4e9, 5e9, "range")]),
    ("総額は1兆円程度から1.5兆円程度と幅がある", [("money", 1e12, 1.5e12, "range")]),
    ("「ユーロ建てで30億、円では4800億円ほど」", [("money", 3e9, 3e9, "exact"), ("money", 4.8e11, 4.8e11, "approx")]),
    ("香港ドルで約80億の社債を出す", [("money", 8e9, 8e9, "approx")]),
    ("同社の投資額は2500憶円に上る", [("money", 2.5e11, 2.5e11, "exact")]),
    ("寄付は3万円相当までとする", [("money", 3e4, 3e4, "at_most")]),
])
def test_spoken_hedges_pairs_of_numerals_hedged_ranges_a_currency_named_before_and_a_typo_for_oku(text, expected):
    got = [(q.kind, q.value_low, q.value_high, q.qualifier) for q in extract_sentence(text, None).quantities
           if q.kind in ("power", "money")]
    assert [(k, q) for k, _, _, q in got] == [(k, q) for k, _, _, q in expected]
    for (_, low, high, q), (_, want_low, want_high, _) in zip(got, expected, strict=True):
        assert (low if q != "at_most" else high) == pytest.approx(want_low)
        if q in ("range", "vague"):
            assert high == pytest.approx(want_high)


@pytest.mark.parametrize("text,kept", [
    ("(5月8日更新:出力を30MWから45MWに修正しました)", ["45MW"]),
    ("(誤)約2.4GW (正)約240MW", ["約240MW"]),
    ("同社は通期予想を2000億円から2300億円に修正した", ["2000億円", "2300億円"]),     # a revision: both stand
    ("市は年間何億円の税収を見込んでいるのか、伺います", []),
    ("結局、1データセンター何兆円かかるの?", []),
    ("年に何億円もの税収が入る", ["何億円"]),
    ("国からは一円も受け取っていない", []),
    ("#電力3GW で盛り上がる 出力は3GW", ["3GW"]),
    ("週報 #42：評価額80億ドルの新興企業", ["80億ドル"]),
])
def test_corrections_questions_not_a_single_yen_and_hashtags(text, kept):
    assert [text[q.start:q.end] for q in extract_sentence(text, None).quantities if q.kind in ("power", "money")] == kept


# ---- from the fifth probe of money notations (session 13)
@pytest.mark.parametrize("text,expected", [
    ("出力を現在の95万kWから110万kWに15万kW引き上げる", [("power", 0.95, "exact"), ("power", 1.1, "exact"), ("power", 0.15, "exact")]),
    ("売上高予想を2,100億円から2,350億円に、純利益予想も上方修正した", [("money", 2.1e11, "exact"), ("money", 2.35e11, "exact")]),
    ("受電容量は現在の約80万kWから約150万kWになる見通し", [("power", 0.8, "approx"), ("power", 1.5, "approx")]),
    ("総事業費は1500億円から2000億円になると見込まれる", [("money", 1.5e11, "range")]),      # a range, as the corpus reads it
    ("コンセンサス予想は約2兆1,000億円で、会社計画の2兆円をやや上回る", [("money", 2.1e12, "approx"), ("money", 2e12, "exact")]),
    ("1件当たりの補助上限を原則30億円とする", [("money", 3e9, "at_most")]),
    ("約14億ドル≒2,100億円を投じる", [("money", 1.4e9, "approx"), ("money", 2.1e11, "approx")]),
    ("受注残が5000億円の大台に乗る", [("money", 5e11, "at_least")]),
    ("関連税収は6〜7,000万円程度にとどまる", [("money", 6e7, "range")]),
    ("約50億台湾㌦を投じる", [("money", 5e9, "approx")]),
    ("出力3万5千㌔㍗の水力発電所", [("power", 0.035, "exact")]),
])
def test_changes_from_now_and_lists_of_revisions_a_compared_plan_caps_near_equal_sign_and_squared_units(text, expected):
    _assert_figures(text, expected)


def test_a_tables_unit_in_its_caption_is_no_figure():
    text = "表3　事業者別の契約電力（2025年12月末、単位：千kW）"
    assert [q for q in extract_sentence(text, None).quantities if q.kind == "power"] == []


def test_a_revenue_figure_after_uriagedaka_keeps_its_first_digit():
    # Sudachi reads 高1 as a school grade (高1 = a first-year high-school pupil) and .1兆 alone
    assert [text for text in ("売上高1.1兆円", "売上高1.8兆円、営業益1.2兆円")
            if [q.value for q in extract_sentence(text, None).quantities][:1] != [float(text[3:6]) * 1e12]] == []


# ---- from the sixth probe of money notations (session 13)
@pytest.mark.parametrize("text,expected", [
    ("中古価格は1台1,800万円を切る", [("money", 1.8e7, "at_most")]),
    ("蓄電池の価格は1kWh当たり約6万円から約4万円に下がった", [("money", 6e4, "approx"), ("money", 4e4, "approx")]),
    ("太陽光4.5kW＋蓄電池7.2kWhのセット", [("power", 4.5e-6, "exact")]),
    ("定価2,200円（本体2,000円＋税）", [("money", 2200, "exact"), ("money", 2000, "exact")]),
    ("5000億円+の投資を見込む", [("money", 5e11, "at_least")]),
    ("人民元相場は1ドル＝7.1元で推移", []),
    ("台湾の行政院は半導体に2000億元（約9400億日本円）を投じる", [("money", 2e11, "exact"), ("money", 9.4e11, "approx")]),
    ("新台幣で1兆元を超える資金が米国に向かう", [("money", 1e12, "at_least")]),
    ("蓄電容量は60㌐㍗時に達する", []),
])
def test_prices_below_a_mark_price_changes_plus_as_and_rate_notes_taiwan_dollars_and_squared_energy(text, expected):
    _assert_figures(text, expected)


def test_yuan_in_taiwanese_news_are_taiwan_dollars_and_yuan_in_chinese_news_stay_renminbi():
    units = [[q.unit for q in extract_sentence(t, None).quantities if q.kind == "money"]
             for t in ("台湾の行政院は半導体に2000億元を投じる", "中国の国家電網は送電網に6500億元を投じる")]
    assert units == [["TWD"], ["CNY"]]
    assert [q.kind for q in extract_sentence("蓄電容量は60㌐㍗時に達する", None).quantities] == ["energy"]


# ---- from the seventh probe of money notations: translated, transcribed and dialect text (session 14)
@pytest.mark.parametrize("text,expected", [
    # a magnitude letter before ドル, no $ sign; English magnitude words before 米ドル
    ("新工場に120B ドルを投じる計画だ", [("money", 1.2e11, "exact")]),
    ("時価総額は4.2Tドルに達した", [("money", 4.2e12, "exact")]),
    ("調達額は3.5bnドルだった", [("money", 3.5e9, "exact")]),
    ("総額75 billion USドルの契約", [("money", 7.5e10, "exact")]),
    # a caption's spaced digits, and a space after the thousands comma
    ("投資は 2 5 0 億ドル になります", [("money", 2.5e10, "exact")]),
    ("受電は 6 0 0 メガワットです", [("power", 0.6, "exact")]),
    ("ピーク時には 5 ギガ ワット を超える", [("power", 5, "at_least")]),      # the prefix spaced from its unit too
    ("3, 500億円という数字", [("money", 3.5e11, "exact")]),
    ("資料は1　4社分、合計は20億円", [("money", 2e9, "exact")]),          # a list number and a count stay apart
    # speech: ranges of tens, hedges, bounds
    ("4、50億ドルはかかりますね", [("money", 4e9, "range")]),
    ("ざっくり30GWあたりやろな", [("power", 30, "approx")]),
    ("1GWあたり80億ドルかかる", [("money", 8e9, "exact")]),                # per gigawatt: no power claim
    ("1ギガワットごとに70億ドル要る", [("money", 7e9, "exact")]),
    ("費用は80億ドルかそこらやと思う", [("money", 8e9, "approx")]),
    ("せいぜい3000億円やろ", [("money", 3e11, "at_most")]),
    ("3兆円もいかへんで", [("money", 3e12, "at_most")]),
    ("もう2兆円オーバーです", [("money", 2e12, "at_least")]),
    ("電気代が5万円ば超えよるけん", [("money", 5e4, "at_least")]),               # を as ば (Kyushu)
    ("月に6万円近うなったんや", [("money", 6e4, "approx")]),                    # 近く as 近う (Kansai)
    ("えー、2兆、2兆円ぐらいですかね", [("money", 2e12, "approx")]),             # a false start said again
    # a figure taken back and replaced at once (but one said again with its unit stays)
    ("予算は400億、いや450億ドルです", [("money", 4.5e10, "exact")]),
    # "not X but Y" and a spoken "I said X, but it is Y" keep both (the realistic corpus labels both figures)
    ("2000億ドルじゃなくて2500億ドルでは？", [("money", 2e11, "exact"), ("money", 2.5e11, "exact")]),
    ("3ギガワット、訂正します、3.5ギガワットです", [("power", 3.5, "exact")]),
    ("600億ドルと言いましたが、正しくは650億ドルです", [("money", 6e10, "exact"), ("money", 6.5e10, "exact")]),
])
def test_translated_transcribed_and_dialect_money_and_power(text, expected):
    _assert_figures(text, expected)


@pytest.mark.parametrize("text,expected", [
    ("営業利益は、えー、1兆、えー、2000億円を見込んでおります", [("money", 1.2e12, "exact")]),
    ("総額は3兆、あのー、4500億円くらいかな", [("money", 3.45e12, "approx")]),
    ("2000億、えー、1兆円と増えていく", [("money", 1e12, "exact")]),       # a larger second figure is no part of one
])
def test_a_speakers_filler_between_the_parts_of_one_figure(text, expected):
    _assert_figures(text, expected)


@pytest.mark.parametrize("text,expected", [
    ("100兆ドル（約1京5000兆円）規模の産業", [("money", 1e14, "approx"), ("money", 1.5e16, "approx")]),
    ("家計の金融資産は2京円に迫る", [("money", 2e16, "approx")]),
    ("一京五千兆円", [("money", 1.5e16, "exact")]),
    ("第1京浜沿いに100億円の施設", [("money", 1e10, "exact")]),     # a road's name, not 10^16
])
def test_kei_ten_quadrillion(text, expected):
    _assert_figures(text, expected)


def test_energy_with_its_prefix_spaced_from_its_unit():
    got = [(q.kind, q.value) for q in extract_sentence("蓄電池は 300 メガ ワット時 の容量", None).quantities]
    assert got == [("energy", pytest.approx(3e-4))]
