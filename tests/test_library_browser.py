"""The library in a real browser (Debian's Chromium through Playwright), the app started by the test
suite's launcher (tests/launch_app.py) with a fetch policy that allows one loopback page server.

An editor (local editing on a loopback-only server) adds an article by URL from the local page,
corrects its date and saves.  A second browser context — a reader: its requests carry a forwarding
header, as through a proxy, so the local rule refuses it — opens the shared link and sees the
article, its claims on Compare and Timeline, and no write controls.  After a server restart both
still see it.  An article added from the CLI while the app runs appears on the reader's next rerun.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from claims.library import create_engine, store
from tests.fetch_helpers import html_page, serve
from tests.st_browser import (
    ARGS,
    CHROMIUM,
    clean_env,
    free_port,
    page_problems,
    require_chromium,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
TITLE = "湊電力、AI向け送電網の増強に1500億円"
PAGE = f"""<html><head><title>{TITLE}</title>
<meta property="og:site_name" content="湊新聞"><meta name="author" content="港 太郎">
<meta property="article:published_time" content="2025-10-01"></head>
<body><nav>トップ 経済 テクノロジー</nav><article><h1>{TITLE}</h1>
<p>湊電力は、生成AI向けデータセンターへの電力供給を増やすため、送電網の増強に約1500億円を投じる計画を明らかにした。</p>
<p>同社によると、増強後の供給能力は最大で1.2ギガワットに達する見込みで、2030年度の完成を目指す。</p>
<p>北辰データは同じ地域に約3GW規模のデータセンターを建設し、2028年までに2兆円を投じる。</p>
<p>関係者は「需要の伸びは想定を上回っている」と話している。</p></article></body></html>"""
CLI_TITLE = "白浜クラウド、新データセンター稼働"
CLI_TEXT = f"{CLI_TITLE}\n白浜クラウドは和歌山県で出力500メガワットのデータセンターを稼働させたと発表した。総投資額は約800億円。\n"
WRITE_TEXT = ("記事の URL", "取得する (fetch)", "ライブラリに保存", "削除", "メタデータを編集", "再抽出", "読み込む (read)")
FORWARDED = {"X-Forwarded-For": "198.51.100.7"}      # a visitor through a proxy: never the local editor


@contextmanager
def app_server(site_port: int, library_url: str, log_name: str, port: int | None = None):
    port = port or free_port()
    cmd = [sys.executable, "tests/launch_app.py", "--allow-port", str(site_port), "--",
           "--server.port", str(port), "--server.address", "127.0.0.1"]
    env = clean_env(CLAIMS_LIBRARY_URL=library_url, CLAIMS_LOCAL_EDITING="1")
    for var in ("CLAIMS_EDITOR_PASSWORD", "CLAIMS_EDITORS"):
        env.pop(var, None)
    try:
        with streamlit_server(cmd, cwd=ROOT, port=port, log_path=ARTIFACTS / log_name, env=env) as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))


def settle(page, ms: int = 600) -> None:
    wait_idle(page)
    page.wait_for_timeout(ms)


def open_url(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1', state="visible", timeout=30_000)
    settle(page, 1000)
    assert page_problems(page) == []


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def write_controls(page) -> list[str]:
    text = main_text(page)
    found = [w for w in WRITE_TEXT if w in text]
    if page.locator('[data-testid="stFileUploaderDropzone"]').count():
        found.append("file uploader")
    return found


def charts(page) -> str:
    """Every Plotly chart's data (strings: labels, titles, hover text) as one string."""
    return page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                         ".map(g => JSON.stringify(g.data || [])).join(' ')")


def wait_for_text(page, text: str, timeout: int = 30_000) -> None:
    """Until the main area holds `text` (also in a table's cells, which the grid draws on a canvas)."""
    page.wait_for_function("(t) => document.querySelector('[data-testid=\"stMain\"]').textContent.includes(t)",
                           arg=text, timeout=timeout)


def test_editor_adds_by_url_reader_sees_it_everywhere_after_restart_and_cli(tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    library_url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    engine = create_engine(library_url)
    port = free_port()
    with serve({"/news/1": html_page(PAGE)}) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        editor = browser.new_context().new_page()
        reader = browser.new_context(extra_http_headers=FORWARDED).new_page()
        with app_server(site.port, library_url, "library-1.log", port) as base:
            # --- the editor adds the page by URL, corrects its date, saves
            open_url(editor, base + "/library")
            assert "編集者 (editor)" in main_text(editor)
            editor.get_by_label("記事の URL (article URL)").fill(site.url("/news/1"))
            editor.get_by_role("button", name="取得する (fetch)").click()
            wait_for_text(editor, "確認して保存")
            settle(editor)
            found = main_text(editor)
            assert TITLE in found and "2025-10-01" in found and "ページのメタデータ" in found and "湊新聞" in found
            day = editor.locator('[data-testid="stMain"]').get_by_role("spinbutton", name=re.compile(r"^day, 公開日"))
            assert day.get_attribute("aria-valuenow") == "1"
            day.click()
            day.press_sequentially("02")                   # the date field's day segment: 2025-10-01 -> 2025-10-02
            day.press("Tab")
            settle(editor, 300)
            assert day.get_attribute("aria-valuenow") == "2"
            editor.get_by_role("button", name="ライブラリに保存 (save)").click()
            wait_for_text(editor, "保存しました")
            settle(editor)
            [info] = store.list_articles(engine)
            assert info.title == TITLE and info.published == date(2025, 10, 2) and info.n_claims >= 3
            assert info.site == "湊新聞" and info.url == site.url("/news/1") and info.added_by.startswith("local:")
            link = editor.locator('a[href*="article="]').filter(has_text="記事を開く").first.get_attribute("href")
            assert info.source_id in link
            shared = base + "/" + link.split("/")[-1]

            # --- a reader opens the shared link: the article, its claims on Compare and Timeline, no write controls
            open_url(reader, shared)
            assert TITLE in main_text(reader) and "2025-10-02" in main_text(reader)
            open_url(reader, base + "/library")
            assert "閲覧中" in main_text(reader) and write_controls(reader) == []
            code = info.source_id[-4:]
            for name in ("比較 (Compare)", "時系列 (Timeline)"):
                reader.locator('[data-testid="stMain"] a').filter(has_text=name).first.click()
                reader.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', state="visible", timeout=30_000)
                settle(reader, 1000)
                drawn = charts(reader)
                assert code in drawn or TITLE[:8] in drawn, f"{name}: the library article is not drawn"
                assert write_controls(reader) == [] and page_problems(reader) == []
                reader.go_back()
                settle(reader)

        # --- after a restart both still see it
        with app_server(site.port, library_url, "library-2.log", port) as base:
            for page in (editor, reader):
                open_url(page, shared)
                assert TITLE in main_text(page)

            # --- an article added from the CLI while the app runs appears on the reader's next rerun
            open_url(reader, base + "/library")
            assert CLI_TITLE not in reader.locator('[data-testid="stMain"]').text_content()
            article = tmp_path / "shirahama.txt"
            article.write_text(CLI_TEXT, encoding="utf-8")
            done = subprocess.run([sys.executable, "-m", "claims", "library", "add", str(article), "--db", library_url],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            reader.locator('[data-testid="stMain"] h1').first.click()
            reader.keyboard.press("r")                      # Streamlit's rerun key: the same session reruns
            wait_for_text(reader, CLI_TITLE)
            assert write_controls(reader) == []
        browser.close()
    engine.dispose()
    assert json.dumps([a.title for a in store.list_articles(create_engine(library_url))], ensure_ascii=False) \
        == json.dumps([CLI_TITLE, TITLE], ensure_ascii=False)
