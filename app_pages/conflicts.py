"""Conflicts: where sources disagree — different figures for the same thing, the figures side by side with their
sentences and a link to each article (the rule is `claims.query.conflicts`)."""
import streamlit as st

from claims.labels import KIND_LABELS, format_bounds, md_escape, show_date
from claims.query import conflicts
from components import cached, nav
from components.downloads import code_of
from components.view import current_view

MAX_PAIRS = 200      # rows of the pairs table
MAX_CARDS = 6        # figures shown as cards per conflict group

view = current_view()
cat = view.catalog
st.title("食い違い (Conflicts)")
st.caption("同じ対象（プロジェクト、または 2 社以上の取引）・種類・単位について、別々の記事が違う数字を挙げ、"
           "期間が重なるか書かれていないもの。1 社だけの数字や、相手の違う取引（NVIDIA の最大1000億ドルと "
           "Oracle との3000億ドル契約など）は別のものとして扱います。"
           f"　現在のフィルタ: {view.state.describe()}")
with st.spinner("食い違いを探しています… (comparing the figures)"):
    pairs, n_pairs, groups, n_groups = cached.conflict_pairs(view.tables, view.extras, view.data_state, MAX_PAIRS)
if n_groups > len(groups):
    st.caption(f"数字が食い違う対象 {n_groups:,} 件のうち、多くの記事が挙げる {len(groups)} 件を比べています。"
               "対象やエンティティで絞り込むと、ほかの対象も見られます。")
if not groups:
    st.info("この条件では、出典どうしの食い違いは見つかりませんでした。")
for title, status, figs in groups:
    st.subheader(title)
    st.markdown(f":{'red' if status == conflicts.DISJOINT else 'orange'}-badge[{conflicts.STATUS_LABELS[status]}]")
    if len(figs) > MAX_CARDS:
        st.caption(f"この対象の数字 {len(figs)} 件のうち、公開日の早い {MAX_CARDS} 件を示します。"
                   "残りは下の「組の一覧」にあります。")
    cols = st.columns(min(len(figs), 4))
    for i, r in enumerate(figs.head(MAX_CARDS).to_dict("records")):
        with cols[i % len(cols)].container(border=True):
            st.markdown(f"### {md_escape(format_bounds(r['low'], r['high'], r['qualifier'], r['unit']))}")
            st.markdown(f"「{md_escape(r['surface'])}」 — {md_escape(cat.title(r['source_id']))}")
            period = "期間: 書かれていない"
            if r["period_start"] is not None or r["period_end"] is not None:
                period = f"期間: {r['period_start'] or '…'} 〜 {r['period_end'] or '…'}"
            mentions = f"　記事内で {r['mentions']} 回" if r["mentions"] > 1 else ""
            if r["sources"] > 1:
                mentions += f"　同じ数字の記事 {r['sources']} 件"
            st.caption(f"公開日 {show_date(r['published'], '不明')}　{period}{mentions}")
            st.markdown(f"> {md_escape(r['sentence'])}")
            st.page_link("app_pages/sources.py",
                         label=f"{code_of(cat, r['source_id'])} の記事で読む (open the article)",
                         icon=":material/article:", query_params={"article": r["source_id"], "claim": r["claim_id"]},
                         help=md_escape(cat.title(r["source_id"])))


def readable_pairs(pairs):
    """The pairs as a reader reads them: figures as written, titles, labels (the codes stay in downloads)."""
    import pandas as pd

    def fig(p, r):
        return format_bounds(r[f"{p}_low"], r[f"{p}_high"], r[f"{p}_qualifier"], r["unit"])

    rows = [{"対象": r["subject"], "種類": KIND_LABELS.get(r["kind"], r["kind"]),
             "状態": conflicts.STATUS_LABELS.get(r["status"], r["status"]),
             "数字 A": fig("a", r), "出典 A": cat.title(r["a_source_id"]),
             "公開日 A": show_date(r["a_published"], "不明"),
             "数字 B": fig("b", r), "出典 B": cat.title(r["b_source_id"]),
             "公開日 B": show_date(r["b_published"], "不明")}
            for r in pairs.to_dict("records")]
    return pd.DataFrame.from_records(rows, columns=["対象", "種類", "状態", "数字 A", "出典 A", "公開日 A", "数字 B",
                                                    "出典 B", "公開日 B"])


if n_pairs:
    with st.expander(f"組の一覧 ({n_pairs:,}組)"):
        if n_pairs > len(pairs):
            st.caption(f"先頭 {len(pairs):,} 組を表示しています。")
        st.dataframe(readable_pairs(pairs), hide_index=True, width="stretch", alt="食い違いの組")

nav.page_links(exclude="app_pages/conflicts.py")
