"""The page registry (used by app.py's st.navigation) and links between pages.

Links use st.page_link, never st.switch_page: with widgets bound to the URL,
st.switch_page raises "Cannot clear query parameters – bound to widgets".

The page files live in `app_pages/`, not `pages/`: a root `pages/` folder puts Streamlit in
its legacy multipage mode until st.navigation first runs in the process, so the first
shared link after a server start would show "Page not found". The URL paths are the ones
links were shared with (`/gw-usd`, `/time-axis`, …) and stay as they are.
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
    PageInfo("app_pages/overview.py", "概要 (Overview)", "overview", ":material/dashboard:",
             "コーパスの中身: 記事数、種類別の抽出数、最大の電力・金額とその出典"),
    PageInfo("app_pages/timeline.py", "時系列 (Timeline)", "time-axis", ":material/timeline:",
             "いつ言われたか（公開日）と、いつのことか（対象期間・目標年）を時間軸で"),
    PageInfo("app_pages/compare.py", "比較 (Compare GW / $)", "gw-usd", ":material/bar_chart:",
             "電力 (GW) と金額 ($) を並べて比較。導出値と、ひとつの対象の数字の移り変わり"),
    PageInfo("app_pages/conflicts.py", "食い違い (Conflicts)", "conflicts", ":material/compare_arrows:",
             "同じ対象について、別々の記事が違う数字を挙げているところ。数字・文・記事を並べて"),
    PageInfo("app_pages/sources.py", "出典 (Sources)", "articles", ":material/article:",
             "記事ごとのメタデータ、抽出した表現、ハイライト付き全文"),
    PageInfo("app_pages/explorer.py", "一覧 (Explorer)", "table", ":material/table:",
             "全行の表: 検索（表記ゆれ対応）、並べ替え、CSV / Parquet ダウンロード"),
    PageInfo("app_pages/library.py", "ライブラリ (Library)", "library", ":material/local_library:",
             "チームで共有する記事: 全員のすべてのページに加わる。追加・編集は編集者だけ"),
    PageInfo("app_pages/upload.py", "記事を試す (Upload)", "add-articles", ":material/upload_file:",
             "手元の記事 (.txt / .md / .html) を保存せずに試す: このセッションだけ全ページに加える"),
)


# Paths a page had in links shared earlier: served too, but not listed in the menu. Streamlit serves
# the default page at the root only, so the Overview's old `/home` needs a page of its own.
ALIASES = {"home": PAGES[0]}


def st_pages() -> list:
    pages = [st.Page(p.path, title=p.title, url_path=p.url_path, icon=p.icon, help=p.help, default=(i == 0))
             for i, p in enumerate(PAGES)]
    return pages + [st.Page(p.path, title=p.title, url_path=alias, icon=p.icon, visibility="hidden")
                    for alias, p in ALIASES.items()]


def page_links(exclude: str = "") -> None:
    """A row of links to the other pages; the filters travel in the URL."""
    with st.container(horizontal=True):
        for p in PAGES:
            if p.path != exclude:
                st.page_link(p.path, label=p.title, icon=p.icon, help=p.help)
