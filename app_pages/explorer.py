"""Explorer: the whole table — filters, search on Sudachi normalized forms, sort, download."""
import io

import pyarrow.parquet as pq
import streamlit as st

from claims import schema
from claims.labels import md_escape, with_code_labels
from components import cached, nav
from components.downloads import file_stem
from components.view import current_view

MAX_ROWS = 2000

view = current_view()
state = view.state

st.title("一覧 (Explorer)")
query = st.text_input("検索 (search)", key="q", bind="query-params", max_chars=100,
                      placeholder="例: スターゲート、ギガワット、Oracle",
                      help="表記ゆれを吸収します（スターゲート で スターゲイト も見つかります）。"
                           "文と表現の両方を探します")
shown, n_found = cached.explorer_page(view.tables, view.extras, view.data_state, query, MAX_ROWS)

searched = f"（「{md_escape(query.strip())}」を含む）" if query.strip() else ""
st.markdown(f"**{n_found:,}件** / 全 {cached.count_all(view.tables, view.extras):,}件{searched}"
            f"　— フィルタ: {state.describe()}")
if not n_found:
    st.info("該当する行がありません。検索語を短くするか、サイドバーのフィルタを緩めてください。",
            icon=":material/search_off:")
else:
    if n_found > MAX_ROWS:
        st.caption(f"表には先頭 {MAX_ROWS:,} 件だけを表示しています。全件はダウンロードしてください。")
    st.dataframe(
        with_code_labels(shown), hide_index=True, width="stretch", height=min(560, 40 + 35 * len(shown)),
        key="claims_table",
        column_order=["surface", "kind", "value", "value_low", "value_high", "unit", "qualifier", "rate_per",
                      "published", "time_start", "time_end", "time_text", "entities", "context_entities", "section",
                      "flags", "sentence", "source_id", "mention_group", "claim_id", "span_start", "span_end"],
        column_config={
            "surface": st.column_config.TextColumn("表現", pinned=True),
            "kind": "種類", "unit": "単位", "qualifier": "修飾", "rate_per": "率",
            "value": "値", "value_low": "下限", "value_high": "上限",
            "published": "公開日", "time_start": "期間の始まり", "time_end": "期間の終わり",
            "time_text": "期間の表現",
            "entities": st.column_config.ListColumn("エンティティ"),
            "context_entities": st.column_config.ListColumn("文脈のエンティティ"),
            "flags": "フラグ",
            "section": "セクション", "sentence": st.column_config.TextColumn("文", width="large"),
            "source_id": "記事ID", "mention_group": "言及グループ", "claim_id": "ID",
            "span_start": st.column_config.NumberColumn("開始位置", format="%d"),
            "span_end": st.column_config.NumberColumn("終了位置", format="%d"),
        },
        alt="抽出表現の表",
    )

stem = file_stem("explorer", "claims", state) + (f"_q-{len(query.strip())}chars" if query.strip() else "")


def full():
    """Every found row, all contract and project columns (only when a download is asked for)."""
    return cached.explorer_rows(view.tables, view.extras, view.data_state, query)


def parquet_bytes() -> bytes:
    buf = io.BytesIO()
    pq.write_table(full(), buf, compression="zstd")
    return buf.getvalue()


d1, d2 = st.columns(2)
d1.download_button("CSV でダウンロード", data=lambda: schema.frame_to_csv_bytes(schema.to_frame(full())),
                   file_name=f"{stem}.csv",
                   mime="text/csv", on_click="ignore", icon=":material/download:", width="stretch",
                   disabled=not n_found, help="UTF-8 (BOM 付き)。Excel でそのまま開けます。リストは | 区切り")
d2.download_button("Parquet でダウンロード", data=parquet_bytes, file_name=f"{stem}.parquet",
                   mime="application/vnd.apache.parquet", on_click="ignore", icon=":material/download:",
                   width="stretch", disabled=not n_found, help="主張テーブルと同じスキーマ")

nav.page_links(exclude="app_pages/explorer.py")
