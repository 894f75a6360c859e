"""The page registry (used by app.py's st.navigation) and links between pages.

Links use st.page_link, never st.switch_page: with widgets bound to the URL,
st.switch_page raises "Cannot clear query parameters – bound to widgets".

URL paths deliberately differ from the file names. Because the folder is
called `pages/`, Streamlit starts each process (and each AppTest run) in its
legacy "pages directory" mode until st.navigation is first called; in that
mode a URL that matches a file name (`/compare`) would run pages/compare.py
on its own, without app.py and its filter bar. A URL that matches no file
falls back to app.py, whose st.navigation then picks the right page.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    url_path: str
    icon: str
    help: str


PAGES = (
    PageInfo("pages/overview.py", "概要 (Overview)", "home", ":material/dashboard:",
             "コーパスの中身: 記事数、種類別の抽出数、最大の電力・金額とその出典"),
    PageInfo("pages/timeline.py", "時系列 (Timeline)", "time-axis", ":material/timeline:",
             "いつ言われたか（公開日）と、いつのことか（対象期間・目標年）を時間軸で"),
    PageInfo("pages/compare.py", "比較 (Compare GW / $)", "gw-usd", ":material/bar_chart:",
             "電力 (GW) と金額 ($) を並べて比較。導出値と、出典どうしの食い違い"),
    PageInfo("pages/sources.py", "出典 (Sources)", "articles", ":material/article:",
             "記事ごとのメタデータ、抽出した表現、ハイライト付き全文"),
    PageInfo("pages/explorer.py", "一覧 (Explorer)", "table", ":material/table:",
             "全行の表: 検索（表記ゆれ対応）、並べ替え、CSV / Parquet ダウンロード"),
    PageInfo("pages/upload.py", "記事を追加 (Upload)", "add-articles", ":material/upload_file:",
             "手元の記事 (.txt / .md / .html) を読み込み、このセッションだけ全ページに加える"),
)


def st_pages() -> list:
    return [st.Page(p.path, title=p.title, url_path=p.url_path, icon=p.icon, help=p.help, default=(i == 0))
            for i, p in enumerate(PAGES)]


def page_links(exclude: str = "") -> None:
    """A row of links to the other pages; the filters travel in the URL."""
    with st.container(horizontal=True):
        for p in PAGES:
            if p.path != exclude:
                st.page_link(p.path, label=p.title, icon=p.icon, help=p.help)
