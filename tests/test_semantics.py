"""measure / modality / speaker: cue words from data/cues.csv, scoped to the figure's clause.

First the shipped articles (issue 14's cases), then one line per label on sentences written
for these tests, including cues that must not count (another clause, 投資家 ≠ 投資).
"""
from datetime import date
from pathlib import Path

import pytest

from claims import schema
from claims.build import build_tables, iter_articles
from claims.semantics import label as _label
from claims.semantics import load_cues
from claims.sources import load_sources

ROOT = Path(__file__).resolve().parents[1]
REF = date(2025, 9, 25)


@pytest.fixture(scope="module")
def shipped():
    paths = sorted((ROOT / "data" / "raw").glob("*.txt"))
    claims, _ = build_tables(iter_articles(paths, load_sources(ROOT / "data" / "sources.csv")))
    return schema.to_frame(claims)


def row(df, source: str, surface: str, context: str) -> dict:
    hits = df[df["source_id"].str.startswith(source) & (df["surface"] == surface)
              & df["sentence"].str.contains(context, regex=False)]
    assert len(hits) == 1, (source, surface, context, len(hits))
    return hits.iloc[0].to_dict()


def m(sentence, surface, **kw):
    return _label(sentence, surface, ref=kw.pop("ref", REF), **kw).measure


def mod(sentence, surface, **kw):
    return _label(sentence, surface, ref=kw.pop("ref", REF), **kw).modality


def who(sentence, surface, **kw):
    return _label(sentence, surface, ref=REF, **kw).speaker


# ---------------------------------------------------------------- the shipped articles

def test_001_hypothetical_10_and_5_gw(shipped):
    assert row(shipped, "001", "10ギガワット", "仮に10ギガワット")["modality"] == "hypothetical"
    assert row(shipped, "001", "5ギガワット", "仮に10ギガワット")["modality"] == "hypothetical"


def test_002_market_cap_is_an_actual_valuation(shipped):
    r = row(shipped, "002", "1兆ドルを超え", "時価総額が1兆ドルを超え")
    assert (r["measure"], r["modality"]) == ("valuation", "actual")


def test_004_500_billion_over_four_years_is_a_planned_investment(shipped):
    r = row(shipped, "004", "5000億ドル", "今後4年間で5000億ドル")
    assert (r["measure"], r["modality"]) == ("investment", "plan")


def test_001_stargate_7_gw_is_capacity(shipped):
    assert row(shipped, "001", "ほぼ7ギガワット", "計画容量")["measure"] == "capacity"


def test_quoted_figure_carries_its_speaker(shipped):
    assert row(shipped, "003", "1ギガワット以上", "今、1ギガワット以上")["speaker"] == "Sundar Pichai"


def test_nvidia_deal_and_the_hypothetical_10_gw_are_different_mentions(shipped):
    deal = row(shipped, "001", "10ギガワット", "NVIDIAシステム")
    hypo = row(shipped, "001", "10ギガワット", "仮に10ギガワット")
    assert deal["speaker"] == "NVIDIA" and deal["mention_group"] != hypo["mention_group"]


def test_001_contract_and_investment(shipped):
    assert row(shipped, "001", "3000億ドル", "クラウド契約")["measure"] == "contract"
    r = row(shipped, "001", "最大1000億ドル", "投資する予定")
    assert (r["measure"], r["modality"]) == ("investment", "plan")


def test_every_power_and_money_row_is_labelled_and_others_have_no_measure(shipped):
    clean = shipped[shipped["kind"].isin(["power", "money"]) & (shipped["flags"].map(len) == 0)]
    assert set(clean["measure"]) <= set(schema.MEASURES) and "" not in set(clean["modality"])
    assert set(shipped.loc[~shipped["kind"].isin(["power", "money"]), "measure"]) == {""}
    assert set(shipped.loc[~shipped["kind"].isin(["power", "money", "energy"]), "modality"]) == {""}


# ---------------------------------------------------------------- measure, one line each

def test_measure_labels():
    assert m("同社は北海道に新たなデータセンターを建てるため、3000億円を投じる。", "3000億円") == "investment"
    assert m("同社の2026年度の設備投資額は1兆2000億円に膨らむ。", "1兆2000億円") == "investment"
    assert m("スタートアップ各社が60億ドルの資金調達を相次いで発表した。", "60億ドル") == "funding"
    assert m("3大銀行が計1兆円を協調融資する。", "1兆円") == "funding"
    assert m("同社は年間300億ドル規模の電力購入契約を結んだ。", "300億ドル") == "contract"
    assert m("防衛関連で500億円を受注した。", "500億円") == "contract"
    assert m("半導体大手の時価総額は一時5兆ドルに達した。", "5兆ドル") == "valuation"
    assert m("新興企業の評価額は3000億ドルとなった。", "3000億ドル") == "valuation"
    assert m("クラウド部門の売上高は前年同期比3割増の330億ドルだった。", "330億ドル") == "revenue"
    assert m("同社は1GWあたりの建設費を500億ドルと見積もる。", "500億ドル") == "cost"
    assert m("H100の価格は1枚あたり3万ドル前後とされる。", "3万ドル") == "cost"
    assert m("経済産業省は最大5900億円の補助金を交付する。", "5900億円") == "subsidy"
    assert m("国内の生成AI市場規模は2030年に1兆7000億円になる。", "1兆7000億円") == "market"
    assert m("新設する変電所の受電容量は300MWを予定している。", "300MW") == "capacity"
    assert m("国内のデータセンターの電力需要は2034年度に6.6GWになる。", "6.6GW") == "demand"
    assert m("AIサーバー1ラックの消費電力は120kWに上る。", "120kW") == "demand"


def test_measure_defaults_and_scope():
    assert m("出力1GWの原子炉を再稼働させる。", "1GW") == "capacity"
    assert m("10GWのデータセンター群を建設する。", "10GW") == "capacity"      # power default
    assert m("同社の株は一時200ドルをつけた。", "200ドル") == "other"
    # 投資家 is not 投資; the cue in another clause does not count
    assert m("投資家が注目する中、同社は20億ドルを返済した。", "20億ドル") == "other"
    assert m("時価総額は3兆ドルに達し、同社は1000億ドルを米国に投資する。", "1000億ドル") == "investment"
    # the bunsetsu before is the topic: 初期投資額は…
    assert m("初期の投資額は1000億ドルで、残りは順次調達する。", "1000億ドル") == "investment"


def test_measure_of_peak_power_requests_and_expense_words():
    """Session 15: cues the realistic corpus's writers read as demand and cost (each measured on the whole corpus)."""
    assert m("市内の最大電力は現在、約45万キロワットです。", "45万キロワット") == "demand"
    assert m("電力会社には40GWを上回るDCの接続要求が寄せられている。", "40GW") == "demand"
    assert m("安全対策費の合計は約3兆4,000億円に上る。", "3兆4,000億円") == "cost"          # 安全|対策|費: 費 as a suffix
    assert m("次世代炉の調査費として約10億円を計上した。", "10億円") == "cost"
    assert m("家庭の負担は月100円程度増える。", "100円") == "cost"
    assert m("貸し出し単価は1基あたり月額約90万円だ。", "90万円") == "cost"
    assert m("ガバメントクラウドの利用料として約520億円を計上した。", "520億円") == "cost"
    assert m("大手クラウドは2024年に約30GWのPPAを締結した。", "30GW") == "contract"
    assert m("GPUは1枚で700ワット食う。", "700ワット") == "demand"
    assert m("白山市は立地奨励金として最大15億円を交付する方針。", "15億円") == "subsidy"
    assert m("政府は補正予算でAI・半導体に1兆2000億円を計上した。", "1兆2000億円") == "subsidy"
    assert m("市の税収は年5億円程度増える見込み。", "5億円") == "revenue"
    assert m("特別高圧の引き込み線の工事費は50億円に上る。", "50億円") == "cost"     # 工事費: one word ending in 費
    assert m("燃料費は年間で約1100億円減る見込み。", "1100億円") == "cost"
    assert m("利用は月額9800円から。", "9800円") == "cost"
    assert m("東京エリアでは約1500万kWの接続申請が寄せられている。", "1500万kW") == "demand"
    assert m("夏のピークは約2800万kWに達する。", "2800万kW") == "demand"
    assert m("DCと半導体工場による増加分は600万kW程度とみられる。", "600万kW") == "demand"


def test_measure_of_prices_and_purchases():
    """Session 16: a price per unit (1台, 1泊, 1時間あたり) is a cost and a fact, unless it is a subsidy's cap per
    case; buying a company is an investment."""
    assert m("最新のGPUサーバーは1台約1500万円する。", "約1500万円") == "cost"
    assert m("近くのホテルは1泊9000円前後だ。", "9000円前後") == "cost"
    assert mod("近くのホテルは1泊9000円前後だ。", "9000円前後") == "actual"
    assert m("クラウドのH100は1時間あたり約2ドルから。", "約2ドル") == "cost"
    assert m("補助は1件当たり上限50億円だ。", "上限50億円") == "subsidy"
    assert mod("補助は1件当たり上限50億円だ。", "上限50億円") == "plan"
    assert m("同社は独の冷却機器メーカーを300億円で買収した。", "300億円") == "investment"


def test_measure_of_supply_and_waiting_power():
    """Session 16: supply is capacity (供給力, 電源, 予備力); a queue and an average draw are demand."""
    assert m("最大需要を上回る供給力1億7000万kWを確保した。", "1億7000万kW") == "capacity"
    assert m("需要の伸びに対し、30年代には200万kWの電源が必要になる。", "200万kW") == "capacity"
    assert m("米国では送電網への接続待ちが合計で約70GWに達している。", "約70GW") == "demand"
    assert m("学習中の平均電力はおよそ3MWだった。", "3MW") == "demand"


def test_a_power_cue_is_not_a_money_measure():
    assert m("過剰な需要は数十億ドルに上った。", "数十億ドル") == "other"


# ---------------------------------------------------------------- modality, one line each

def test_modality_labels():
    assert mod("同社は2029年までに国内で計5GWの電源を確保する計画だ。", "5GW") == "plan"
    assert mod("新工場は2027年度に稼働する予定で、総事業費は3000億円になる。", "3000億円") == "plan"
    assert mod("政府はAI向けに10兆円以上の公的支援を目指す。", "10兆円") == "plan"
    assert mod("米国のデータセンターの電力需要は2030年に130GWに達する見込みだ。", "130GW") == "forecast"
    assert mod("同社の試算では、年間の電気代は約200億円に膨らむ。", "200億円") == "forecast"
    assert mod("業界団体は市場が5兆円規模に成長する可能性があると予測している。", "5兆円") == "forecast"
    assert mod("もし全てのGPUを同時に動かせば、消費電力は1.2GWに上る。", "1.2GW") == "hypothetical"
    assert mod("例えば1GWのデータセンターなら、原発1基分の電力が要る。", "1GW") == "hypothetical"
    assert mod("同社は昨年、300MWの施設を稼働させた。", "300MW") == "actual"
    assert mod("3社は総額150億ドルの契約を締結した。", "150億ドル") == "actual"
    assert mod("同社の時価総額は4兆ドルを超えた。", "4兆ドル") == "actual"


def test_modality_without_a_cue():
    assert mod("同社は来年、千葉に500MWの拠点を新設する。", "500MW") == "plan"     # non-past verb
    assert mod("現在、国内で500MWのデータセンターを運用している。", "500MW") == "actual"  # ている
    assert mod("・総事業費：1兆2000億円", "1兆2000億円") == "plan"                   # a spec sheet
    assert mod("この200億ドルは設備に相当する。", "200億ドル") == "actual"            # 相当する: a state
    # session 15, each measured on the realistic corpus: a bare figure of demand, a contract or money raised is a
    # fact; 持つ, 当たる, ございます are states; a cost that 掛かる or demand that 増える is a forecast
    assert mod("市内の最大電力は約45万キロワットだ。", "45万キロワット") == "actual"
    assert mod("契約額は300億ドル。", "300億ドル") == "actual"
    assert mod("同社は100MWの設備を持つ。", "100MW") == "actual"
    assert mod("これは原発1基分の約1GWに当たる。", "1GW") == "actual"
    assert mod("工事には500億円かかる。", "500億円") == "forecast"
    assert mod("県は補正予算案に調査費50億円を計上した。", "50億円") == "plan"      # money set aside
    assert mod("300MWの施設が稼働する。", "300MW") == "plan"                      # 稼働 alone says no tense
    assert mod("市は補正予算案に調査費3億円を盛り込んだ。", "3億円") == "plan"      # set aside, in the past
    assert mod("経産省は概算要求で3400億円を要求した。", "3400億円") == "plan"
    assert mod("県は最大20億円の立地補助を用意した。", "20億円") == "plan"
    # nobody plans demand or a market's size: to come, they are forecasts
    assert mod("国内のデータセンターの電力需要は2034年度に6.6GWになる。", "6.6GW") == "forecast"
    assert mod("国内の生成AI市場規模は2030年までに1兆7000億円に拡大する。", "1兆7000億円") == "forecast"
    # a clause that ends in a state keeps it, whatever the main predicate (session 15)
    assert mod("県内の再エネ設備は約380万kWあるが、昼間の余剰が目立つ。", "380万kW") == "actual"
    assert mod("同社は100MWの設備を持っており、新たに200MWを建てる。", "100MW") == "actual"
    assert mod("同社は100MWの設備を持っており、新たに200MWを建てる。", "200MW") == "plan"
    # a bare capacity or other amount: a fact in prose, a plan in a headline (which drops the verbs of plans), and
    # a figure named again (この10GWという…) keeps whatever status it had (session 16)
    assert mod("新棟の受電容量は約50MWで、冷却は液冷方式だ。", "50MW") == "actual"
    assert mod("新棟の受電容量は約50MW", "50MW", headline=True) == "plan"
    assert mod("この10GWという規模は、原発10基分に当たる異例の数字だ。", "10GW") == "plan"
    # an amount verb (超える, 上る, 達する) not in the past, of a time still to come, is a forecast (session 16)
    assert mod("世界のAIデータセンターの容量は2030年に100GWを超える。", "100GW") == "forecast"
    assert mod("同社の受注残高は2028年度に500億ドルに上る。", "500億ドル") == "forecast"
    assert mod("受注残高は昨年、500億ドルを超えた。", "500億ドル") == "actual"
    assert mod("広域機関の想定では、送電網の増強に2050年までに6兆円がかかる。", "6兆円") == "forecast"   # an outlook


def test_modality_comes_from_the_figure_s_clause():
    # 計画 is in a clause of its own; the figure's clause is past
    assert mod("需要は2030年度に300万kW増え、過去最高を更新する見通しだ。", "300万kW") == "forecast"  # a し clause
    assert mod("政府は半導体に最大9000億円を追加支援すると発表した。", "9000億円") == "plan"   # reported: non-past
    assert mod("総投資額は1兆円規模になるとみている。", "1兆円") == "forecast"
    assert mod("昨年2GWを新設したが、今年は計画を見直す。", "2GW") == "actual"
    assert mod("仮に価格が下がっても、同社は昨年2GWの電源を確保した。", "2GW") == "actual"
    assert mod("孫氏は「3年で1兆円を投資する」と話したことがある。", "1兆円") == "plan"   # the quote's own predicate


def test_modality_for_energy_but_not_counts():
    assert mod("国内のデータセンターの消費電力量は2030年に50TWhに達する見込みだ。", "50TWh") == "forecast"
    assert mod("2030年までに原発3基を再稼働させる計画だ。", "3基") == ""


# ---------------------------------------------------------------- speaker, one line each

def test_speaker_of_a_source():
    assert who("ブルームバーグによると、OpenAIは400億ドルを調達する。", "400億ドル") == "Bloomberg"
    assert who("ロイター通信が関係者の話として報じたところによれば、投資額は300億ドルに上る。", "300億ドル") == "Reuters"
    assert who("国際エネルギー機関（IEA）の試算では、電力消費は945TWhに倍増し、"
               "設備は100GWを要する。", "100GW") == "IEA"
    assert who("関係者によると、投資額は300億ドルに上る。", "300億ドル") == ""
    # session 16: a document or report noun read as a source (の資料では, の集計でも, の想定だと), or a closing note
    assert who("資源エネルギー庁の資料では、DCの電力需要は2035年度に約900万kW増える。", "約900万kW") == "ANRE"
    assert who("共同通信の集計でも、契約済みの出力は合計で320万キロワットに達した。", "320万キロワット") == "Kyodo News"
    assert who("国内のAIサーバー市場は2029年に2兆円へ拡大する（IDC Japan調べ）。", "2兆円") == "IDC"
    assert who("第2期の500MWは2027年に動き出す（AMD発表）。", "500MW") == "AMD"
    assert who("東京電力の説明では、昨年度の純利益は約1600億円だった。", "約1600億円") == "TEPCO"
    # a gloss in brackets inside the source's name is no note: the whole name counts (a first version cut it there)
    assert who("米エネルギー省（ＤＯＥ）の試算では、需要は2030年に最大130GWに達する。", "130GW") == "US Department of Energy"
    # 同社によると: the company carried from before (a company, though a person came with it); not 調査会社によると
    ctx = ["Jensen Huang", "NVIDIA"]
    assert who("同社によると、国内の受電容量は計約150MWだった。", "約150MW", context=ctx) == "NVIDIA"
    assert who("会社によりますと、申し込みは250万キロワットにのぼっています。", "250万キロワット", context=ctx) == "NVIDIA"
    assert who("調査会社によると、市場は30年に約8GWだった。", "約8GW", context=ctx) == ""


def test_speaker_of_a_reporting_verb():
    assert who("経済産業省は、次世代半導体に最大9000億円を支援すると発表した。", "9000億円") == "METI"
    assert who("電力広域的運営推進機関は、2034年度の需要が6GW増えると明らかにした。", "6GW") == "OCCTO"
    assert who("ラピダスの社長は、総額5兆円が必要だと述べた。", "5兆円") == "Rapidus"
    assert who("さくらインターネットが1000億円を投じると発表した。", "1000億円") == "Sakura Internet"
    assert who("孫氏は「今後3年で1兆円を投資する」と述べた。", "1兆円") == "Masayoshi Son"
    assert who("同社は、100億ドルを投資すると発表した。", "100億ドル", context=["KDDI"]) == "KDDI"
    assert who("KDDIは大阪で500億円のAIデータセンターを稼働させた。", "500億円") == ""   # no one reports
    # session 15: a spoken source, a plan's or outlook's owner, a topic marked も, 表明 as a report
    assert who("関西電力によりますと、需要は2035年度までに最大で200万キロワット増える見通しです。",
               "200万キロワット") == "Kansai Electric"
    assert who("電力広域的運営推進機関の想定では、最大需要は2034年度に1億6000万kWとなる。", "1億6000万kW") == "OCCTO"
    assert who("KDDIも、北関東でのDC新設に約800億円を投じると発表した。", "800億円") == "KDDI"
    assert who("Microsoftも2030年までにインドに175億ドルを投資すると表明した。", "175億ドル") == "Microsoft"
    # a plan's owner is the nearest subject before it, not the sentence's first
    assert who("マイクロソフトは日本に29億ドルを投じると表明済みで、オラクルも今後10年で80億ドル以上を投資します。",
               "80億ドル") == "Oracle"
    assert who("経済産業省は、補助の総額が3000億円に上ったとしている。", "3000億円") == "METI"   # としている reports
    # session 16: 開示, 伝える, 言い切る, コメント, 想定 report; としている after a figure; a Latin name's spaces
    assert who("オラクルは受注残高が5000億ドルに達したと開示した。", "5000億ドル") == "Oracle"
    assert who("ロイター通信は、買収額が約40億ドルだったと伝えた。", "約40億ドル") == "Reuters"
    assert who("孫氏は「スターゲートはもう7GW近くまで来た」と言い切った。", "7GW") == "Masayoshi Son"
    assert who("エヌビディアの幹部は「3GW級の拠点はまだ珍しい」とコメントした。", "3GW") == "NVIDIA"
    assert who("広域機関は、DC向けの需要が昨年度に約300万kW増えたと想定している。", "約300万kW") == "OCCTO"
    assert who("KDDIは、全拠点の受電容量を合計で約400MWとしている。", "約400MW") == "KDDI"
    assert who("Satya Nadella CEOは「今年度は2GWを新たに追加する」と述べた。", "2GW") == "Satya Nadella"
    # who announced what the figure is in: Xが…発表した決算, Xが…公表した概算要求
    assert who("米マイクロソフトが10月29日に発表した7〜9月期決算で、設備投資は349億ドルだった。", "349億ドル") == "Microsoft"
    assert who("経済産業省が9月5日に公表した概算要求で、DC関連の要求額は合計3400億円余りとなった。", "3400億円") == "METI"
    assert who("関西電力が28日発表した、4〜9月期の決算は、純利益が900億円だった。", "900億円") == "Kansai Electric"


def test_speaker_of_a_headline_quote():
    """A headline says who said it by the name right before the quote (session 16), whatever follows the quote."""
    assert who("■関西電力「DC向けに新たに200万kWを用意」", "200万kW") == "Kansai Electric"
    assert who("ナデラCEO「今年は世界で2GWを追加した」　決算説明会の一問一答", "2GW") == "Satya Nadella"
    assert who("売上高は「過去最高の1兆円」に達した。", "1兆円") == ""       # a scare quote after a topic


def test_speaker_of_a_quote_opened_by_its_subject():
    # the sentence ends inside the quote, before any と述べた (session 16)
    assert who("OpenAIのアルトマンCEOは「日本での売上高は今年10億ドルを超えた。", "10億ドル") == "Sam Altman"
    assert who("NTTの担当役員は「1カ所で100メガワット程度なら確保できる」と答えた。", "100メガワット") == "NTT"


def test_speaker_of_a_credit():
    """A headline's credit after a dash, or a closing bracket holding only a name (session 16)."""
    assert who("系統増強に10年で6兆円規模　DC申し込みは急増―広域機関", "6兆円") == "OCCTO"
    assert who("【資料】DC受電容量の見通し：30年度に900万kW程度（経済産業省）", "900万kW") == "METI"
    assert who("需要は2030年に130GW（約1億3000万kW）に達する。", "130GW") == ""     # a conversion is no credit


def test_no_speaker_without_one_named():
    """Unnamed sources stay unnamed rather than borrowing the subject carried from before (session 16)."""
    ctx = ["SoftBank"]
    assert who("国内の需要は30年度に600万kWを超えるとの試算もある。", "600万kW", context=ctx) == ""   # a noun, not said
    assert who("買収額は約40億ドルだったと報じられている。", "約40億ドル", context=ctx) == ""          # unnamed media
    assert who("本研究では、受電容量50万kWのDCを想定した。", "50万kW", context=ctx) == ""          # the writer's own
    assert who("月額1,000円の適時開示アラートも用意した。", "1,000円", context=ctx) == ""
    assert who("同社は、総額が約40億ドルだったと発表した。", "約40億ドル", context=ctx) == "SoftBank"   # still carried


def test_quote_speaker_prefers_the_person():
    assert who("「10億ドルを投じる」", "10億ドル", quote_speaker=["Google", "Sundar Pichai"]) == "Sundar Pichai"


# ---------------------------------------------------------------- the cue table

def test_cues_are_data_with_known_labels(tmp_path):
    cues = load_cues()
    assert cues.labels["時価総額"] == {"measure": "valuation"}
    bad = tmp_path / "cues.csv"
    bad.write_text("cue,label,field\n投資,investmnt,measure\n", encoding="utf-8")
    with pytest.raises(ValueError, match="investmnt"):
        load_cues(bad)


# ---------------------------------------------------------------- the seed gold, labelled by hand

def test_labels_agree_with_the_hand_labelled_seed_gold():
    """tests/golden/seed_gold.jsonl carries a reader's measure/modality/speaker for every power and
    money figure of the shipped articles; the misses left are listed in the README-style message."""
    from claims.score import score_files

    report = score_files(ROOT / "data" / "claims.csv", ROOT / "tests" / "golden" / "seed_gold.jsonl",
                         ROOT / "data" / "raw")
    shares = {k: a.ok / a.total for k, a in report.labels.items()}
    text = "\n".join(report.lines(show=True))
    assert shares["measure"] >= 0.95 and shares["modality"] >= 0.8 and shares["speaker"] >= 0.8, text
