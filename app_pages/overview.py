"""Overview: what is in the corpus, the headline numbers and their sources, links onward."""
import streamlit as st

from claims.labels import UNKNOWN, md_escape, show_date, with_code_labels
from components import cached, charts, data, nav
from components.downloads import chart_block, chart_frame
from components.view import current_view

MAX_ARTICLES = 500   # rows of the articles table (a big corpus has tens of thousands)

view = current_view()
state = view.state
derived = cached.overview(view.tables, view.extras, view.catalog, view.data_state, MAX_ARTICLES)

st.title("AIインフラをめぐる数字 (Overview)")
st.caption("日本語の記事が AI インフラ（Stargate、NVIDIA、Oracle など）について述べた"
           f"電力・金額・目標年を抽出した表です。　現在のフィルタ: {state.describe()}")

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("記事 (articles)", f"{derived['sources']} / {len(view.catalog.titles)}", border=True,
          help="フィルタに合う記事数 / 全記事数")
c2.metric("抽出数 (claims)", f"{derived['rows']:,}", border=True, help="フィルタに合う行数")
c3.metric("電力 (power)", f"{derived['power']:,}", border=True)
c4.metric("金額 (money)", f"{derived['money']:,}", border=True)
c5.metric("除外 (kept out)", f"{derived['kept_out']:,}", border=True,
          help="フラグ付き（数字の欠落など）や本文以外の行。グラフには描かず、一覧に残します")

if not cached.count_all(view.tables, view.extras):
    st.info(f"主張テーブル {md_escape(view.tables.path)} に行がありません。記事から作り直してください: "
            f"`{data.REBUILD_COMMAND}`", icon=":material/database:")
elif not derived["rows"]:
    st.info("フィルタに合う行がありません。サイドバーのフィルタを緩めるか「フィルタをリセット」を押してください。",
            icon=":material/filter_alt_off:")
else:
    st.subheader("最大の数字 (headline numbers)")
    left, right = st.columns(2)
    for col, kind, heading in ((left, "power", "電力 (GW)"), (right, "money", "金額 ($)")):
        top = derived[f"{kind}_top"]
        with col, st.container(border=True):
            if top.empty:
                st.markdown(f"**{heading}**")
                st.info("この条件では該当する数字がありません。")
                continue
            first = top.iloc[0]
            st.metric(f"最大の{heading}", first["figure"], help=md_escape(first["sentence"]))
            st.caption(f"出典: {md_escape(first['title'])}（{show_date(first['published'], '公開日 ' + UNKNOWN)}）")
            st.dataframe(
                with_code_labels(top[["figure", "surface", "title", "published", "mentions"]]),
                hide_index=True, width="stretch",
                column_config={
                    "figure": "数字", "surface": "原文の表現", "title": st.column_config.TextColumn("出典"),
                    "published": "公開日",
                    "mentions": st.column_config.NumberColumn("言及", help="同じ記事で同じ数字を述べた回数"),
                },
                alt=f"{heading}の大きい順の上位",
            )

    counts = derived["counts"]
    chart_block(charts.kind_counts_figure(counts, frame=chart_frame(state)), counts, page="overview", name="kinds",
                state=state, alt=charts.describe_counts(counts),
                columns={"label": "種類", "clean": "本文 (charted)", "excluded": "フラグ・本文以外 (kept out)"})

st.subheader("記事 (articles)")
table = derived["articles"]
if not view.tables.has_articles:
    st.warning(f"{md_escape(view.tables.articles_problem)}。記事の情報は主張テーブルから作っています。")
if derived["n_articles"] > len(table):
    st.caption(f"記事 {derived['n_articles']:,} 件のうち先頭 {len(table):,} 件を表示しています。"
               "記事ごとの内容は「出典」ページで見られます。")
table = table.assign(title=[t if t else view.catalog.title(s) for s, t in zip(table["source_id"], table["title"],
                                                                               strict=True)],
                     )
st.dataframe(
    with_code_labels(table), hide_index=True, width="stretch",
    column_order=["title", "published", "date_basis", "source_kind", "claims", "source_id"],
    column_config={
        "source_id": st.column_config.TextColumn("ID", width="small"),
        "title": st.column_config.TextColumn("タイトル", width="large"),
        "published": "公開日",
        "date_basis": "日付の根拠", "source_kind": "種別",
        "claims": st.column_config.NumberColumn("抽出数", help="現在のフィルタに合う行数"),
    },
    alt="記事の一覧",
)

st.subheader("ほかのページ (pages)")
nav.page_links(exclude="app_pages/overview.py")
st.caption("フィルタは URL に保存されます。URL をコピーすれば同じ表示を開けます。")
