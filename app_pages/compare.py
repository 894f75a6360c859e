"""Compare: power (GW) and money ($) claims side by side, derived figures and how one entity's figures changed
(where sources disagree is the Conflicts page)."""
from dataclasses import replace

import streamlit as st

from claims.labels import MODALITY_LABELS, format_amount, md_escape, show_date
from claims.query.figures import pair_ratio
from components import cached, charts, nav, settings
from components.downloads import chart_block, chart_frame, code_of
from components.view import current_view

MAX_BARS = 60        # the largest figures; the rest are in the Explorer
MAX_LISTED = 200     # rows of the tables under the charts (rows kept out, derived figures)

view = current_view()
state, cat = view.state, view.catalog
JPY_RANGE = (1.0, 1000.0)
settings.check_bool("log")
settings.check_number("ref_gw", 0.0)
settings.check_number("ref_usd", 0.0)
DEFAULT_RATE = 150.0
url_rate = settings.check_number("jpy_rate", *JPY_RANGE)
# The page's questions are asked at once, each on a thread of its own (DuckDB works on them together while
# the page draws what is ready), at the yen rate the widget will show; should it show another, they are
# asked again below.
early_rate = st.session_state.get("jpy_rate", DEFAULT_RATE if url_rate is None else url_rate)
bars_found = {kind: cached.early(cached.compare_bars, view.tables, view.extras, cat, view.data_state, kind,
                                 early_rate, MAX_BARS, MAX_LISTED) for kind in ("power", "money")}
derived_found = cached.early(cached.derived, view.tables, view.extras, cat, view.data_state, early_rate, MAX_LISTED)
history_state = replace(view.data_state, entities=())    # the history's entity is picked below (among the sidebar's)
# the history as the reader last picked it (on a first visit it is asked once the pickers are drawn)
early_history = tuple(st.session_state.get(k) for k in ("h_entity", "h_kind", "h_measure")) + (early_rate,)
history_found = cached.early(cached.history, view.tables, view.extras, cat, history_state, *early_history,
                             start=None not in early_history)

st.title("比較 (Compare: GW / $)")
st.caption("同じ記事で同じ数字を何度述べても 1 本の棒にまとめ、回数を「×n回」で示します。"
           "棒の色は数字が何を表すか（対象: 投資・契約・容量など）。"
           "フラグ付き・仮定の数字（仮に〜）・本文以外の行は棒にせず、下に一覧します。"
           f"　現在のフィルタ: {state.describe()}")

settings.notice()

with st.container(border=True):
    c1, c2, c3, c4, c5 = st.columns([1.1, 1, 1.3, 1, 1], vertical_alignment="bottom")
    log = c1.toggle("対数目盛 (log)", key="log", bind="query-params",
                    help="桁の違う数字（1 GW と 250 GW、$166K と $1T）を一緒に見るとき")
    ref_gw = c2.number_input("参照線 (GW)", min_value=0.0, value=1.0, step=0.5, key="ref_gw",
                             bind="query-params", help="電力のグラフに縦線を引きます。0 で非表示")
    ref_label = c3.text_input("参照線の名前 (label)", value="原発1基 ≈ 1 GW", key="ref_gw_label", max_chars=40)
    ref_usd = c4.number_input("参照線 ($B)", min_value=0.0, value=0.0, step=10.0, key="ref_usd",
                              bind="query-params", help="金額のグラフに縦線を引きます（10億ドル単位）。"
                                                        "例: 100 = $100B = 1000億ドル。0 で非表示")
    jpy_rate = c5.number_input("為替 (円/ドル)", min_value=JPY_RANGE[0], max_value=JPY_RANGE[1], value=DEFAULT_RATE,
                               step=1.0, key="jpy_rate", bind="query-params", help="円建ての金額をドルに換算するレート")



def top_bars(bars, total: int, what: str):
    """A note when only the MAX_BARS largest of `total` figures are drawn."""
    if total > len(bars):
        st.caption(f"{what}の数字 {total:,} 件のうち、大きい順に {len(bars)} 件を描いています。")
    return bars


TABLE_COLUMNS = {"shown": "数字", "surface": "原文の表現", "measure": "対象", "modality": "状態",
                 "speaker": "発言者", "title": "出典", "published": "公開日", "mentions": "言及", "rate_per": "率",
                 "sentence": "文"}


def draw(bars, unit: str, what: str, name: str, refs, table) -> None:
    """The figures of one kind: totals on their axis, rates (週・月・年あたり) on a per-year axis of their own."""
    totals, rates = bars[bars["rate_per"] == ""], bars[bars["rate_per"] != ""]
    for sub, is_rate in ((totals, False), (rates, True)):
        if sub.empty:
            continue
        sub = charts.per_year(sub) if is_rate else sub
        heading = f"{what}の率を年あたりに (rates per year)" if is_rate else f"{what}の主張"
        title = f"{heading} ({'GW' if unit == 'GW' else '$B'}{'/年' if is_rate else ''})"
        fig = charts.compare_figure(sub, unit, log=log, refs=[] if is_rate else refs, title=title,
                                    frame=chart_frame(state, cat, sub["source_id"]), rates=is_rate)
        if is_rate:
            st.markdown(f"**{heading}** — 率（週に〜、毎月〜）は容量や総額とは別のものなので、"
                        "別の軸に年あたりの値（週 ×52、月 ×12）で描いています。")
        rows = table(sub).drop(columns=["entities", "sentences"], errors="ignore")
        chart_block(fig, rows, page="compare", name=name + ("-rates" if is_rate else ""), state=state,
                    alt=charts.describe_bars(sub, heading),
                    columns=TABLE_COLUMNS | ({"per_year": "年あたり"} if is_rate else {}))


def bars_of(kind: str):
    """(bars, rows kept out, how many bars, how many kept out) of one kind at the rate shown."""
    return bars_found[kind].answer(view.tables, view.extras, cat, view.data_state, kind, jpy_rate, MAX_BARS,
                                   MAX_LISTED)


def excluded_table(excluded, total: int, what: str) -> None:
    if total:
        st.markdown(f"**グラフに描いていない{what}の行 ({total:,}件)** — "
                    "数字の欠落などのフラグ付き、仮定の数字（仮に〜・もし〜）、または本文以外")
        if total > len(excluded):
            st.caption(f"先頭 {len(excluded):,} 件を表示しています。全件は「一覧」ページでダウンロードできます。")
        st.dataframe(excluded[["title", "surface", "reason", "sentence"]], hide_index=True, width="stretch",
                     column_config={"title": "出典", "surface": "表現", "reason": "理由", "sentence": "文"},
                     alt=f"グラフから除外した{what}の行")


# ---------------------------------------------------------------- power
st.header("電力 (GW)")
power, power_out, n_power, n_power_out = bars_of("power")
if power.empty:
    st.info("フィルタに合う電力 (GW) の表現がありません。種類に「電力」を含めるか、フィルタを緩めてください。",
            icon=":material/bolt:")
else:
    refs = [(ref_gw, ref_label)] if ref_gw else []
    power = top_bars(power, n_power, "電力")
    draw(power, "GW", "電力", "power", refs, lambda d: d)
excluded_table(power_out, n_power_out, "電力")

# ---------------------------------------------------------------- money
st.header("金額 ($)")
money, money_out, n_money, n_money_out = bars_of("money")
if money.empty:
    st.info("フィルタに合う金額の表現がありません。種類に「金額」を含めるか、フィルタを緩めてください。",
            icon=":material/payments:")
else:
    if (money["original_unit"] == "JPY").any():
        st.caption(f"円建ての金額は 1ドル = {jpy_rate:g}円 でドルに換算しています。")
    refs = [(ref_usd, f"参照 ${ref_usd:g}B")] if ref_usd else []
    money = top_bars(money, n_money, "金額")
    draw(money, "USD", "金額", "money", refs,
         lambda d: d.assign(jpy_equivalent=lambda d: d["low"].fillna(d["high"]) * jpy_rate))
excluded_table(money_out, n_money_out, "金額")

# ---------------------------------------------------------------- claim history
HISTORY_KINDS = {"power": "電力 (GW)", "money": "金額 ($)"}
KIND_MEASURES = {"power": ("capacity", "demand", "other"),
                 "money": ("investment", "funding", "contract", "valuation", "revenue", "cost", "subsidy", "market",
                           "other")}
DEFAULT_MEASURE = {"power": "capacity", "money": "investment"}
MAX_HISTORY_LINKS = 20

st.header("数字の移り変わり (claim history)")
st.caption("ひとつのエンティティについて、同じ対象（容量・投資など）の数字が記事の公開日ごとにどう述べられてきたか。"
           "点の形は状態（実績・計画・予測）。仮定の数字は含めません。サイドバーのフィルタも効きます"
           "（エンティティを選んでいれば、そのなかから選びます）。")
entities = [e for e in state.entities if e in cat.entities] or list(cat.entities)
if not entities:
    st.info("エンティティのある行がありません。")
else:
    default_entity = "Stargate" if "Stargate" in entities else entities[0]
    settings.choice("h_entity", {e: e for e in entities}, default_entity)
    settings.choice("h_kind", HISTORY_KINDS, "power")
    h1, h2, h3 = st.columns([1.3, 1, 1.2], vertical_alignment="bottom")
    entity = h1.selectbox("エンティティ (entity)", entities, key="h_entity")
    h_kind = h2.segmented_control("種類 (kind)", list(HISTORY_KINDS), format_func=HISTORY_KINDS.get, key="h_kind",
                                  required=True) or "power"
    measure_options = [m for m in KIND_MEASURES[h_kind] if m in cat.measures
                       and (not state.measures or m in state.measures)] or [DEFAULT_MEASURE[h_kind]]
    default_measure = DEFAULT_MEASURE[h_kind] if DEFAULT_MEASURE[h_kind] in measure_options else measure_options[0]
    settings.choice("h_measure", {m: charts.measure_name(m) for m in measure_options}, default_measure)
    if st.session_state.get("h_measure") not in measure_options:      # the kind changed: its own default
        st.session_state["h_measure"] = default_measure
    h_measure = h3.selectbox("対象 (measure)", measure_options, format_func=charts.measure_name, key="h_measure")
    settings.write("h_entity", entity, default_entity)
    settings.write("h_kind", h_kind, "power")
    settings.write("h_measure", h_measure, default_measure)
    settings.notice()
    hist, n_hist = history_found.answer(view.tables, view.extras, cat, history_state, entity, h_kind, h_measure,
                                        jpy_rate)
    what = f"{charts.measure_name(h_measure)}"
    if hist.empty:
        st.info(f"{entity} の{what}の数字は、このフィルタでは見つかりませんでした。", icon=":material/timeline:")
    else:
        unit = "GW" if h_kind == "power" else "USD"
        fig = charts.history_figure(hist, unit, measure=h_measure,
                                    title=f"{entity} · {what}: 述べられた数字の移り変わり",
                                    frame=chart_frame(state, cat, hist["source_id"]))
        chart_block(fig, hist, page="compare", name=f"history-{h_kind}-{h_measure}", state=state,
                    alt=charts.describe_history(hist, entity, what),
                    columns={"published": "公開日", "shown": "数字", "surface": "原文の表現", "modality": "状態",
                             "speaker": "発言者", "title": "出典", "sentence": "文"})
        st.markdown("**各点の出典 (each point's article)**")
        for r in hist.head(MAX_HISTORY_LINKS).to_dict("records"):
            status = MODALITY_LABELS.get(r["modality"], "状態の記載なし") if r["modality"] else "状態の記載なし"
            speaker = f" · 発言: {r['speaker']}" if r["speaker"] else ""
            with st.container(border=True):
                st.markdown(f"**{md_escape(r['shown'])}** 「{md_escape(r['surface'])}」 — {status}{md_escape(speaker)}"
                            f" · 公開日 {show_date(r['published'], '不明')}")
                st.caption(md_escape(r["sentence"]))
                st.page_link("app_pages/sources.py",
                             label=f"{code_of(cat, r['source_id'])} {charts.shorten(cat.title(r['source_id']), 40)}",
                             icon=":material/article:", query_params={"article": r["source_id"]},
                             help=md_escape(cat.title(r["source_id"])))
        if n_hist > MAX_HISTORY_LINKS:
            st.caption(f"{n_hist:,} 件のうち先頭 {MAX_HISTORY_LINKS} 件の出典を示しています。")

# ---------------------------------------------------------------- derived
st.header("導出値 (derived figures)")
rates, n_rates, per_gw, n_per_gw = derived_found.answer(view.tables, view.extras, cat, view.data_state, jpy_rate,
                                                        MAX_LISTED)
if rates.empty and per_gw.empty:
    st.info("この条件では、率（週に〜）や、金額と電力の組から計算できる値がありません。")
if len(rates):
    st.markdown("**率を年あたりに (rates per year)** — 週 ×52、月 ×12")
    if n_rates > len(rates):
        st.caption(f"{n_rates:,} 件のうち先頭 {len(rates):,} 件を表示しています。")
    st.dataframe(rates[["formula", "surface", "title", "mentions", "sentence"]], hide_index=True, width="stretch",
                 column_config={"formula": st.column_config.TextColumn("計算式 (formula)", width="large"),
                                "surface": "原文", "title": "出典", "mentions": "言及", "sentence": "文"},
                 alt="率の年換算")
if len(per_gw):
    st.markdown("**1 GW あたりの金額 ($ per GW)** — 同じ文、または同じ記事で同じ主体を挙げた金額と電力の組")
    if n_per_gw > len(per_gw):
        st.caption(f"{n_per_gw:,} 組のうち先頭 {len(per_gw):,} 組を表示しています。")
    st.dataframe(per_gw[["formula", "basis", "title", "sentence"]], hide_index=True, width="stretch",
                 column_config={"formula": st.column_config.TextColumn("計算式 (formula)", width="large"),
                                "basis": "組にした根拠", "title": "出典", "sentence": "文"},
                 alt="1GWあたりの金額")
if len(power) and len(money):
    with st.expander("任意の組で 1 GW あたりの金額を計算 (pick a pair)"):
        p1, p2 = st.columns(2)
        m_label = p1.selectbox("金額", list(money["label"]), key="pair_money")
        g_label = p2.selectbox("電力", list(power[power["rate_per"] == ""]["label"]) or list(power["label"]),
                               key="pair_power")
        value, formula = pair_ratio(money[money["label"] == m_label].iloc[0].to_dict(),
                                         power[power["label"] == g_label].iloc[0].to_dict())
        st.metric("1 GW あたり", f"{format_amount(value, 'USD')}/GW" if value == value else "—")
        st.caption(f"計算式: {md_escape(formula)}")

# ---------------------------------------------------------------- conflicts: a page of their own
st.header("食い違い (conflicts)")
st.page_link("app_pages/conflicts.py", label="出典どうしの食い違いを見る — 食い違い (Conflicts) ページ",
             icon=":material/compare_arrows:",
             help="同じ対象について別々の記事が違う数字を挙げているところ（このページのフィルタのまま開きます）")

nav.page_links(exclude="app_pages/compare.py")
