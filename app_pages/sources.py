"""Sources: one article at a time — metadata, its claims, and the text with every expression highlighted."""
import pandas as pd
import streamlit as st

from claims.labels import (
    DATE_BASIS_LABELS,
    KIND_LABELS,
    QUALIFIER_LABELS,
    SOURCE_KIND_LABELS,
    UNKNOWN,
    md_escape,
    with_code_labels,
)
from components import cached, highlight, nav, settings, source_picker
from components.filters import label_func
from components.view import current_view

view = current_view()
state, cat = view.state, view.catalog

st.title("出典 (Sources)")
options = list(state.sources) or source_picker.search_box(
    cat, "article", "article_search", label="表示する記事を検索 (find an article)", single=True)
if not options:
    st.info("記事がありません。テーブルを作り直してください。")
    st.stop()


def by_label(raw: str) -> str | None:
    """An article named in the URL by its id, or by its label (links made before ids were used)."""
    if raw in cat.titles:
        return raw
    return next((s for s, label in cat.labels.items() if label == raw), None)


# ?article=<source_id> (a short stable code); ?claim=<claim_id> picks one of its figures (conflict cards link so).
settings.choice("article", {s: cat.label(s) for s in options}, options[0], resolve=by_label)
if st.session_state.get("article") not in options:
    st.session_state["article"] = options[0]
settings.notice()
source_id = st.selectbox("記事 (article)", options, format_func=label_func(cat), key="article")
settings.write("article", source_id, None)
linked_claim = st.query_params.get("claim")

meta = cached.article_meta(view.tables, view.extras, source_id)


def value(key: str) -> str:
    v = (meta or {}).get(key)
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


st.header(md_escape(cat.title(source_id)))
if meta is None:
    why = md_escape(view.tables.articles_problem) or "記事テーブルに行がない"
    st.warning(f"この記事のメタデータがありません（{why}）。"
               "抽出した文だけを表示します。")
else:
    basis = DATE_BASIS_LABELS.get(value("date_basis"), value("date_basis") or "不明")
    m1, m2, m3 = st.columns(3)
    m1.metric("公開日 (published)", value("published") or "不明", help="日付の根拠: " + basis, border=True)
    m2.metric("日付の根拠 (date basis)", basis, border=True)
    m3.metric("種別 (kind)", SOURCE_KIND_LABELS.get(value("source_kind"), value("source_kind")) or UNKNOWN,
              border=True)
    details = [("基準日 (reference date)", value("reference_date")), ("言語 (language)", value("language_note")),
               ("日付の注記", value("date_note")), ("元の出典 (origin)", value("origin"))]
    st.markdown("\n".join(f"- **{k}**: {md_escape(v)}" for k, v in details if v))
    st.html(highlight.source_link(value("url"), UNKNOWN))

all_rows = cached.source_rows(view.tables, view.extras, view.data_state, source_id)   # in text order
article_rows = all_rows[all_rows["kept"]]
st.subheader(f"抽出した表現 (claims): {len(article_rows)}件")
if len(article_rows) < len(all_rows):
    st.caption(f"フィルタで {len(all_rows) - len(article_rows)} 件を隠しています。本文のハイライトは全件です。")

selected = None
if article_rows.empty:
    st.info("この記事にはフィルタに合う表現がありません。サイドバーのフィルタを緩めてください。")
else:
    table = with_code_labels(pd.DataFrame({
        "surface": article_rows["surface"].to_numpy(),
        "kind": article_rows["kind"].to_numpy(),
        "value": article_rows["value"].to_numpy(),
        "unit": article_rows["unit"].to_numpy(),
        "qualifier": article_rows["qualifier"].to_numpy(),
        "section": article_rows["section"].to_numpy(),
        "flags": list(article_rows["flags"]),
        "time_text": article_rows["time_text"].to_numpy() if "time_text" in article_rows else None,
    }))
    event = st.dataframe(
        table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key=f"claim_table_{source_id}",
        column_config={
            "surface": "表現", "kind": "種類", "value": "値",
            "unit": "単位", "qualifier": "修飾", "section": "セクション", "flags": "フラグ", "time_text": "期間の表現",
        },
        alt="この記事の抽出表現",
    )
    picked = [i for i in (event.selection.rows if event is not None else []) if i < len(article_rows)]
    linked = [i for i, c in enumerate(article_rows["claim_id"]) if c == linked_claim]
    selected = article_rows.iloc[picked[0] if picked else linked[0] if linked else 0].to_dict()
    st.markdown("**選んだ表現の文 (sentence)**" + ("" if picked else "　— 表の行をクリックすると切り替わります"))
    start = int(selected["span_start"]) - int(selected["sentence_start"]) if pd.notna(
        selected.get("sentence_start")) else selected["sentence"].find(selected["surface"])
    span = highlight.Span(start, start + len(selected["surface"]), selected["kind"], selected["surface"],
                          selected=True)
    sentence_html, _ = highlight.highlight(selected["sentence"], [span])
    st.html(highlight.boxed(sentence_html, "選んだ表現の文"))


def span_for(r: dict) -> highlight.Span:
    tip = f"{KIND_LABELS.get(r['kind'], r['kind'])} / {QUALIFIER_LABELS.get(r['qualifier'], r['qualifier'])}"
    flagged = r["flags"] is not None and len(r["flags"]) > 0
    return highlight.Span(int(r["span_start"]), int(r["span_end"]), r["kind"], tip, flagged=flagged,
                          selected=selected is not None and r["claim_id"] == selected["claim_id"])


st.subheader("本文 (full text)")
kinds_here = [k for k in KIND_LABELS if k in set(all_rows["kind"])]
st.html(highlight.legend(kinds_here, KIND_LABELS))
text = cached.text(view.tables, view.extras, source_id)
if text:
    records = all_rows.to_dict("records")
    matching = [r for r in records if text[int(r["span_start"]):int(r["span_end"])] == r["surface"]]
    body, skipped = highlight.highlight(text, [span_for(r) for r in matching])
    skipped += len(records) - len(matching)   # offsets that don't point at the surface: a stale table
    st.html(highlight.boxed(body, "ハイライト付き本文"))
    if skipped:
        st.caption(f"{skipped} 件の表現は位置が重なるか本文と合わないため、ハイライトしていません。")
else:
    st.caption("記事テーブルがないため、表現を含む文だけを表示します (sentences only).")
    parts = []
    for sent, group in all_rows.groupby("sentence", sort=False):
        first = group.iloc[0]
        base = int(first["sentence_start"]) if pd.notna(first.get("sentence_start")) else None
        spans = []
        for r in group.to_dict("records"):
            s = int(r["span_start"]) - base if base is not None else sent.find(r["surface"])
            spans.append(highlight.Span(s, s + len(r["surface"]), r["kind"], r["surface"],
                                        flagged=r["flags"] is not None and len(r["flags"]) > 0))
        parts.append(highlight.highlight(sent, spans)[0])
    st.html(highlight.boxed("<br><br>".join(parts), "表現を含む文"))

nav.page_links(exclude="app_pages/sources.py")
