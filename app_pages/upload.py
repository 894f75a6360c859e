"""記事を試す (Try articles): extract claims from the reader's own files, for this session only
("try without saving"); the Library page keeps articles for everyone."""
import io
from datetime import date

import pyarrow.parquet as pq
import streamlit as st

from claims import ingest, schema
from claims.query.filters import FilterState
from components import cached, nav, uploads
from components.view import current_view


def _everything():
    """Every row, shipped and uploaded, no filter (only when a download is asked for)."""
    view = current_view()
    return cached.explorer_rows(view.tables, view.extras, FilterState(all_sections=True), "")


def _parquet_bytes() -> bytes:
    buf = io.BytesIO()
    pq.write_table(_everything(), buf, compression="zstd")
    return buf.getvalue()


NOTICES_KEY = "_upload_notices"

st.title("記事を試す (Try articles without saving)")
st.caption(
    "手元の記事（.txt / .md / .html）から数字を抜き出し、このブラウザのセッションの間だけ全ページに加えます。"
    "保存はされません: 再読み込みすると消え、共有リンクにも現れません。 Try your files in this session only; "
    "nothing is saved, a reload forgets them and shared links do not show them."
)
st.page_link("app_pages/library.py", label="チームで残す記事はライブラリへ (keep articles for everyone: the Library)",
             icon=":material/local_library:")
st.info(
    f"上限 (limits): 1ファイル {ingest.MAX_FILE_BYTES // 2**20} MB、セッション合計 "
    f"{ingest.MAX_SESSION_BYTES // 2**20} MB、最大 {ingest.MAX_FILES} ファイル。"
    "文字コードは UTF-8（BOM 有無）/ Shift_JIS (CP932) / EUC-JP を自動判別します。"
    "HTML はスクリプトとスタイルを除いた本文だけを使います。",
    icon=":material/info:",
)

with st.form("upload_form", clear_on_submit=True):
    files = st.file_uploader("記事ファイル (article files)", type=[s.lstrip(".") for s in ingest.SUFFIXES],
                             accept_multiple_files=True, key="upload_files")
    col_title, col_date = st.columns([3, 1])
    title = col_title.text_input("タイトル (title, 任意)", max_chars=200, key="upload_title",
                                 help="1 ファイルのときだけ使います。空なら HTML の <title> かファイル名。")
    published = col_date.date_input("公開日 (published, 任意)", value=None, min_value=date(1990, 1, 1),
                                    max_value=date(2100, 12, 31), key="upload_date",
                                    help="「昨年」「今後3年間」などはこの日を基準に解釈します。")
    submitted = st.form_submit_button("抽出する (Extract)", type="primary")

if submitted:
    batch = [ingest.Upload(f.name, f.getvalue()) for f in (files or [])]
    current = uploads.store()
    if not batch:
        st.warning("ファイルが選ばれていません (no file selected).")
    else:
        try:
            ingest.check_session_budget(batch, already=current.total_bytes if current else 0)
        except ingest.IngestError as exc:
            st.error(f"受け付けられません (refused): {exc}")
            batch = []
        articles, kept, refused = [], [], []
        for up in batch:
            try:
                articles.append(ingest.to_article(up, title=(title.strip() or None) if len(batch) == 1 else None,
                                                  published=published))
                kept.append(up)
            except ingest.IngestError as exc:
                refused.append(str(exc))
        notices = [("error", f"受け付けられません (refused): {m}") for m in refused]
        if articles:
            bar = st.progress(0.0, text="抽出中… (extracting)")

            def progress(i: int, n: int, name: str) -> None:
                bar.progress(i / n, text=f"抽出中… {i}/{n}: {name}")

            claims, arts = ingest.extract(articles, progress=progress)
            uploads.add(claims, arts, {a.meta.source_id: len(up.data) for a, up in zip(articles, kept, strict=True)})
            bar.empty()
            notices.append(("success", f"{len(articles)} 件の記事から {claims.num_rows} 件の数字を抽出しました。"
                                       "全ページのフィルタ「記事」に ⬆ 付きで表示されます。"))
        # the rerun redraws every page element with the new corpus; the messages survive it
        st.session_state[NOTICES_KEY] = notices
        if articles:
            st.rerun()

for kind, message in st.session_state.pop(NOTICES_KEY, []):
    getattr(st, kind)(message)

st.subheader("このセッションで追加した記事 (uploaded in this session)")
current = uploads.store()
if current is None:
    st.write("まだありません (none yet).")
else:
    counts = schema.to_frame(current.claims.select(["source_id"]))["source_id"].value_counts()
    table = schema.to_frame(current.articles.select(["source_id", "title", "published", "encoding", "n_chars"]))
    table["claims"] = table["source_id"].map(counts).fillna(0).astype(int)
    titles = dict(zip(table["source_id"], table["title"], strict=True))
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "source_id": "ID", "title": "タイトル", "published": st.column_config.DateColumn("公開日"),
        "encoding": "文字コード", "n_chars": st.column_config.NumberColumn("文字数", format="%d"),
        "claims": st.column_config.NumberColumn("抽出数", format="%d")})
    used = current.total_bytes
    shown = f"{used / 2**20:.1f} MB" if used >= 2**20 else f"{max(1, round(used / 1024))} KB"
    st.caption(f"合計 {shown} / {ingest.MAX_SESSION_BYTES // 2**20} MB")
    col_remove, col_clear = st.columns([3, 1])
    with col_remove:
        target = st.selectbox("記事を外す (remove)", list(titles),
                              format_func=lambda sid: f"{uploads.UPLOAD_MARK} {titles[sid]}",
                              index=None, key="upload_remove", placeholder="外す記事を選ぶ (choose an article)")
        if target and st.button("外す (remove)", key="upload_remove_btn"):
            uploads.remove(target)
            st.rerun()
    with col_clear:
        if st.button("すべて外す (clear all)", key="upload_clear"):
            uploads.clear()
            st.rerun()

    st.subheader("ダウンロード (download: shipped + uploaded)")
    c1, c2 = st.columns(2)
    c1.download_button("全データ CSV (all claims)",
                       data=lambda: schema.frame_to_csv_bytes(schema.to_frame(_everything())),
                       file_name="claims_with_uploads.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")
    c2.download_button("全データ Parquet", data=_parquet_bytes,
                       file_name="claims_with_uploads.parquet", mime="application/octet-stream",
                       on_click="ignore", icon=":material/download:")


nav.page_links(exclude="app_pages/upload.py")
