"""The real app in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

For every page: it renders without an error box, its chart or table is visible, Japanese text is drawn
with a CJK font (checked through the DevTools protocol, and in screenshots saved to test-artifacts/).
For every page with filters that change what it shows: a sidebar filter change updates the chart or
table, the chart's mode-bar "Download plot" button saves a PNG named after the page and the filters,
the CSV button returns exactly the filtered rows, and the URL after the change restores the same view in
a new browser context (no cookies, no session). A filter also survives a page switch. Over a
528-article table (too many to list), the article searches keep links working the same way.

Downloads go to test-artifacts/downloads/; with UPDATE_SCREENSHOTS=1 the page screenshots are also
copied to docs/screenshots/. Skipped (with the reason printed) only when Debian's Chromium is missing
and CI is unset; in CI a missing browser fails.
"""
from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd
import pytest

from tests.claims_factory import Shipped, bench_table_maker
from tests.st_browser import (
    ARGS,
    CHROMIUM,
    SELECTORS,
    app_server,
    cjk_count,
    cjk_glyphs,
    nav_pages,
    open_page,
    page_problems,
    rendered_fonts,
    require_chromium,
    wait_idle,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOWNLOADS = ARTIFACTS / "downloads"
DOCS = ROOT / "docs" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Queries the render test adds: the URL must be able to choose the view.
QUERIES = {"timeline": "?axis=対象期間 (meant)", "explorer": "?q=スターゲート"}
PAGES = [(name, path + QUERIES.get(name, ""), expect) for name, path, expect in nav_pages()]


FIRST_LINKS = [(name, path, expect) for name, path, expect in nav_pages()] + [("home", "/home", "chart")]


@pytest.mark.parametrize("name,path,expect", FIRST_LINKS, ids=[p[0] for p in FIRST_LINKS])
def test_a_shared_deep_link_is_the_first_request_to_a_fresh_server(name, path, expect):
    """Nobody has opened the app since the server started: the shared link opens its page with its
    filters, never Streamlit's "Page not found" (a root `pages/` folder would start the server in
    legacy mode). `/home` is the path the default page had in links shared before."""
    from playwright.sync_api import expect as expect_that
    from playwright.sync_api import sync_playwright

    query = "?" + urlencode([("kind", "電力 (power)"), ("entity", "Stargate")])
    with app_server(ARTIFACTS / f"fresh-{name}.log") as base, sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page()
        open_page(page, base + path + query, expect)
        assert page_problems(page) == []
        sidebar = page.locator('[data-testid="stSidebar"]')      # the chips of the picked filters (a busy
        for chip in ("電力 (power)", "Stargate"):                # machine may draw them after the page settles)
            expect_that(sidebar).to_contain_text(chip, timeout=20_000)
        if name in ("overview", "home"):      # the claims metric counts Stargate's power rows
            body = Shipped(ROOT / "data" / "claims.parquet").body
            want = sum(k == "power" and "Stargate" in {*e, *c} for k, e, c in
                       zip(body["kind"], body["entities"], body["context_entities"], strict=True))
            assert page.locator('[data-testid="stMetricValue"]').nth(1).inner_text() == str(want)
        b.close()


def _open(page, url: str, expect: str) -> None:
    open_page(page, url, expect)


def _full_screenshot(page, path: Path) -> None:
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 900), 7000)})
    page.wait_for_timeout(1200)  # let Plotly resize to the new viewport
    page.screenshot(path=str(path))


def _plot_labels(page, index: int = 0) -> list[str]:
    return page.evaluate(
        "(i) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
        " return gd.data.filter(t => t.type === 'bar').flatMap(t => Array.from(t.y)); }", index)


def _assert_japanese_drawn(page, selector: str) -> None:
    """The node's Japanese characters were drawn with a CJK font (not tofu, not a Latin fallback)."""
    text = page.locator(selector).first.text_content() or ""
    fonts = rendered_fonts(page, selector)
    assert cjk_count(text) > 0, f"{selector}: no Japanese in {text!r}"
    assert cjk_glyphs(fonts) >= cjk_count(text), f"{selector} {text!r} was drawn with {fonts}"


def _select_claim_row(page) -> None:
    """Click the 4th row's selector in the claims table: the sentence box switches to that claim."""
    selected = page.locator(".claims-text .claim-selected").first
    before = (selected.inner_text(), page.locator(".claims-text").first.inner_text())
    page.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 4.5)    # header + 3.5 rows of 35 px
    page.wait_for_function(
        "(before) => { const s = document.querySelector('.claims-text .claim-selected');"
        " const t = document.querySelector('.claims-text');"
        " return s && t && (s.innerText !== before[0] || t.innerText !== before[1]); }",
        arg=list(before), timeout=15_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("name,path,expect", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_without_errors(browser, server, name, path, expect):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ja-JP")
    page = ctx.new_page()
    try:
        _open(page, server + path, expect)
        assert page_problems(page) == []
        assert page.locator(SELECTORS[expect]).first.is_visible()
        assert page.locator("h1").first.inner_text().strip()
        # Japanese is drawn with a CJK font: the page heading, the sidebar, and the chart's own SVG text
        _assert_japanese_drawn(page, '[data-testid="stMain"] h1')
        _assert_japanese_drawn(page, '[data-testid="stSidebar"] h3')
        if expect == "chart":
            _assert_japanese_drawn(page, ".js-plotly-plot .gtitle")
            _assert_japanese_drawn(page, ".js-plotly-plot .ytick text, .js-plotly-plot .annotation-text")
        if name == "timeline":   # ?axis= picked the "when it is meant to happen" view
            title = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.xaxis.title.text")
            assert title.startswith("対象期間")
        if name == "explorer":   # ?q= filled the search box
            assert page.get_by_label("検索 (search)", exact=True).and_(page.locator("input")).input_value() == "スターゲート"
        if name == "sources":
            assert page.locator(".claims-text mark").count() > 0          # highlighted full text
            _select_claim_row(page)
        shot = ARTIFACTS / f"{name}.png"
        _full_screenshot(page, shot)
        assert shot.stat().st_size > 20_000     # a real page, not a blank frame
        if os.environ.get("UPDATE_SCREENSHOTS"):
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, DOCS / f"{name}.png")
    finally:
        ctx.close()


# ---------------------------------------------------------------- filter change → chart, PNG, CSV, URL

def _chart(page, index: int = 0) -> dict:
    """The index-th Plotly chart as drawn: every trace's (decoded) data, the y categories, the export name."""
    return page.evaluate("""(i) => {
        const gd = document.querySelectorAll('.js-plotly-plot')[i];
        if (!gd || !gd._fullData) return null;
        const arr = a => (a === undefined || a === null) ? [] : Array.from(a, v => v instanceof Date ? v.toISOString() : v);
        return {
          traces: gd._fullData.map(t => ({type: t.type, name: t.name, x: arr(t.x), y: arr(t.y),
                                          custom: arr(t.customdata)})),
          yticks: arr(gd._fullLayout.yaxis.ticktext), categories: arr(gd._fullLayout.yaxis.categoryarray),
          filename: gd._context.toImageButtonOptions.filename, format: gd._context.toImageButtonOptions.format,
          width: gd._fullLayout.width, height: gd._fullLayout.height,
        }; }""", index)


def _grid(page, index: int = 0) -> dict:
    """A st.dataframe's row count (aria-rowcount less the header) and its rendered cells by column header."""
    return page.evaluate("""(i) => {
        const t = document.querySelectorAll('[data-testid="stDataFrame"] table[role="grid"]')[i];
        if (!t) return null;
        const heads = {};
        t.querySelectorAll('th[role="columnheader"]').forEach(th => heads[th.getAttribute('aria-colindex')] = th.innerText.trim());
        const cols = {};
        t.querySelectorAll('td[role="gridcell"]').forEach(td => {
            const h = heads[td.getAttribute('aria-colindex')]; (cols[h] = cols[h] || []).push(td.innerText.trim()); });
        return {rows: Number(t.getAttribute('aria-rowcount')) - 1, cols}; }""", index)


def _count(page, pattern: str) -> int | None:
    m = re.search(pattern, page.locator('[data-testid="stMain"]').inner_text())
    return int(m.group(1).replace(",", "")) if m else None


def _pick(page, widget: str, typed: str) -> None:
    """Type into a sidebar multiselect and take the first matching option."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=widget)
    box.locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _wait_changed(page, observe: Callable, before: dict, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        now = observe(page)
        if now is not None and now != before:
            break
        assert time.monotonic() < deadline, f"the view did not change within {timeout:.0f} s: {before}"
        page.wait_for_timeout(250)
    wait_idle(page)
    page.wait_for_timeout(500)
    return observe(page)


def _download(page, click: Callable[[], None]):
    with page.expect_download(timeout=30_000) as info:
        click()
    d = info.value
    assert d.failure() is None, d.failure()
    data = Path(d.path()).read_bytes()
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    (DOWNLOADS / d.suggested_filename).write_bytes(data)
    return d.suggested_filename, data


def _download_png(page, index: int = 0) -> tuple[str, bytes]:
    chart = page.locator('[data-testid="stPlotlyChart"]').nth(index)
    chart.scroll_into_view_if_needed()
    chart.hover()                                  # the mode bar appears on hover
    button = chart.locator('.modebar-btn[data-title^="Download plot"]')
    assert button.count() == 1, "the mode bar should have exactly one download button"
    return _download(page, button.click)


def _download_csv(page, button: str) -> tuple[str, list[dict]]:
    target = page.get_by_role("button", name=button).first
    target.scroll_into_view_if_needed()
    name, data = _download(page, target.click)
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without the UTF-8 BOM Excel needs"
    return name, list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _points(chart: dict) -> list[tuple[str, str, str]]:
    """(surface, published, kind label) for every marker on the 'said' timeline."""
    return sorted((html.unescape(c[0]), x, c[3]) for t in chart["traces"] if t["custom"]
                  for c, x in zip(t["custom"], t["x"], strict=True))


def _expected_claim_ids(**where: str) -> set[str]:
    """Claim ids the default view (body and title rows) keeps under an equality filter, from the table itself."""
    df = pd.read_parquet(ROOT / "data" / "claims.parquet")
    mask = df["section"].isin(["body", "title"])
    for col, value in where.items():
        mask &= df[col] == value
    return set(df.loc[mask, "claim_id"])


# overview: the kind-count bars
def _obs_overview(page):
    c = _chart(page)
    return c and {"bars": [(t["name"], t["y"], t["x"]) for t in c["traces"]], "filename": c["filename"]}


def _check_overview(before, after):
    charted = dict(zip(before["bars"][0][1], before["bars"][0][2], strict=True))
    assert len(charted) >= 3 and "電力 (power)" in charted
    assert [y for _, y, _ in after["bars"]] == [["電力 (power)"]] * len(after["bars"])
    assert after["bars"][0][2] == [charted["電力 (power)"]]      # the same count as before, alone


def _check_overview_csv(rows, after):
    assert [r["label"] for r in rows] == after["bars"][0][1]
    assert [int(r["clean"]) for r in rows] == after["bars"][0][2]


# timeline: the "said" scatter, one marker per claim
def _obs_timeline(page):
    c = _chart(page)
    return c and {"points": _points(c), "yticks": c["yticks"], "filename": c["filename"]}


def _check_timeline(before, after):
    assert len(before["yticks"]) >= 3 and "金額" in before["yticks"]     # the axis says 金額, the hover 金額 (money)
    assert after["yticks"] == ["金額"]
    assert after["points"] and {k for _, _, k in after["points"]} == {"金額 (money)"}
    assert after["points"] == sorted(p for p in before["points"] if p[2] == "金額 (money)")


def _check_timeline_csv(rows, after):
    assert sorted((r["surface"], r["published"], r["kind_label"]) for r in rows) == after["points"]


# compare: the power bars, labelled 'surface｜article number'
def _obs_compare(page):
    c = _chart(page)
    return c and {"labels": c["categories"], "filename": c["filename"]}


def _check_compare(before, after):
    def code(lab):      # '10ギガワット｜001 (2)': a repeated label carries its count
        return re.sub(r" \(\d+\)$", "", lab).rsplit("｜", 1)[1]

    assert {code(lab) for lab in before["labels"]} > {"001"}   # several articles before
    assert after["labels"] and all(code(lab) == "001" for lab in after["labels"])
    assert after["labels"] == [lab for lab in before["labels"] if code(lab) == "001"]


def _check_compare_csv(rows, after):
    assert [r["label"] for r in rows] == after["labels"]
    assert {r["source_id"].split("_")[0] for r in rows} == {"001"}


# sources: one article's claims table
def _obs_sources(page):
    g = _grid(page)
    return g and {"count": _count(page, r"抽出した表現 \(claims\): (\d+)件"), "rows": g["rows"],
                  "kinds": g["cols"].get("種類", [])}


def _check_sources(before, after):
    assert after["rows"] == after["count"] and before["rows"] == before["count"]
    assert 0 < after["count"] < before["count"]
    assert set(before["kinds"]) > {"電力 (power)"}
    assert set(after["kinds"]) == {"電力 (power)"}


# explorer: the whole table
def _obs_explorer(page):
    g = _grid(page)
    return g and {"count": _count(page, r"([\d,]+)件 / 全"), "rows": g["rows"], "kinds": g["cols"].get("種類", [])}


def _check_explorer(before, after):
    expected = _expected_claim_ids(kind="power")
    assert before["count"] == before["rows"] > after["count"]
    assert after["count"] == after["rows"] == len(expected)
    assert set(after["kinds"]) == {"電力 (power)"}   # shown as the sidebar names it; the CSV keeps the code


def _check_explorer_csv(rows, after):
    assert len(rows) == after["count"]
    assert {r["claim_id"] for r in rows} == _expected_claim_ids(kind="power")
    assert {r["kind"] for r in rows} == {"power"}


@dataclass(frozen=True)
class FilterCase:
    name: str
    path: str
    expect: str
    widget: str             # sidebar multiselect (its label text)
    typed: str              # typed into it; Enter takes the first match
    param: tuple[str, str]  # the URL query parameter it sets, and how its value starts
    observe: Callable       # page -> what the chart or table shows (compared before / after / restored)
    check: Callable         # (before, after) -> asserts the change is the filter's
    png: str | None = None          # expected file name from the first chart's mode bar
    csv_button: str | None = None
    csv: str | None = None          # expected CSV file name
    check_csv: Callable | None = None   # (rows, after) -> the CSV holds exactly what is shown


FILTER_CASES = [
    FilterCase("overview", "/", "chart", "種類 (kinds)", "power", ("kind", "電力 (power)"),
               _obs_overview, _check_overview, "overview_kinds_kind-power.png",
               "このグラフのデータ (CSV)", "overview_kinds_kind-power.csv", _check_overview_csv),
    FilterCase("timeline", "/time-axis", "chart", "種類 (kinds)", "money", ("kind", "金額 (money)"),
               _obs_timeline, _check_timeline, "timeline_said-by-entity_kind-money.png",
               "このグラフのデータ (CSV)", "timeline_said-by-entity_kind-money.csv", _check_timeline_csv),
    FilterCase("compare", "/gw-usd", "chart", "記事 (sources)", "001", ("source", "001 "),
               _obs_compare, _check_compare, "compare_power_src-001.png",
               "このグラフのデータ (CSV)", "compare_power_src-001.csv", _check_compare_csv),
    FilterCase("sources", "/articles", "table", "種類 (kinds)", "power", ("kind", "電力 (power)"),
               _obs_sources, _check_sources),
    FilterCase("explorer", "/table", "table", "種類 (kinds)", "power", ("kind", "電力 (power)"),
               _obs_explorer, _check_explorer, None,
               "CSV でダウンロード", "explorer_claims_kind-power.csv", _check_explorer_csv),
]


@pytest.mark.parametrize("case", FILTER_CASES, ids=[c.name for c in FILTER_CASES])
def test_filter_change_updates_view_downloads_and_url(browser, server, case):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = ctx.new_page()
    try:
        _open(page, server + case.path, case.expect)
        before = case.observe(page)
        assert before is not None and page_problems(page) == []
        if case.png:   # before the change the export name says "all"
            assert before["filename"] == case.png.removesuffix(".png").rsplit("_", 1)[0] + "_all"

        _pick(page, case.widget, case.typed)
        key, value = case.param
        page.wait_for_url(lambda u: key in parse_qs(urlsplit(u).query), timeout=15_000)
        values = parse_qs(urlsplit(page.url).query)[key]
        assert len(values) == 1 and values[0].startswith(value), values
        after = _wait_changed(page, case.observe, before)
        assert page_problems(page) == []
        case.check(before, after)
        page.screenshot(path=str(ARTIFACTS / f"{case.name}-filtered.png"), full_page=True)

        if case.png:    # the mode bar's one download button: a real PNG, named after page + filters
            name, data = _download_png(page)
            assert name == case.png
            assert data[:8] == PNG_SIGNATURE
            width, height = struct.unpack(">II", data[16:24])          # IHDR; the chart exports at scale 2
            assert (width, height) == (2 * _chart(page)["width"], 2 * _chart(page)["height"])
        if case.csv:
            name, rows = _download_csv(page, case.csv_button)
            assert name == case.csv
            assert rows, "empty CSV"
            case.check_csv(rows, after)

        url = page.url
    finally:
        ctx.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})   # no cookies, no session
    page = fresh.new_page()
    try:
        _open(page, url, case.expect)
        assert page_problems(page) == []
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=case.widget)
        assert case.typed in box.inner_text()
        restored = case.observe(page)
        assert restored == after
    finally:
        fresh.close()


def test_filter_survives_page_switch_and_copied_url(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _open(page, server + "/", "chart")
    # pick an entity in the shared sidebar filter
    _pick(page, "エンティティ", "Stargate")
    page.wait_for_url("**entity=Stargate**", timeout=15_000)
    # move to Compare through the page link: the filter travels with it
    page.locator('[data-testid="stMain"]').get_by_role("link", name="比較 (Compare GW / $)").click()
    page.wait_for_url("**/gw-usd?**entity=Stargate**", timeout=15_000)
    _open(page, page.url, "chart")
    labels = _plot_labels(page)
    assert "ほぼ7ギガワット｜001" in labels and not any(label.startswith("250GW") for label in labels)
    filename = page.evaluate("() => document.querySelector('.js-plotly-plot')._context.toImageButtonOptions.filename")
    assert filename == "compare_power_ent-Stargate"
    copied = page.url
    ctx.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})   # no cookies, no session
    page = fresh.new_page()
    _open(page, copied, "chart")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Stargate" in page.locator('[data-testid="stMultiSelect"]').filter(has_text="エンティティ").inner_text()
    assert _plot_labels(page) == labels
    # the export format choice reaches the chart's image button
    page.locator('[data-testid="stSidebar"] button', has_text="SVG").click()
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?._context"
                           ".toImageButtonOptions.format === 'svg'", timeout=15_000)
    assert "imgfmt=SVG" in page.url
    fresh.close()


# ---------------------------------------------------------------- a corpus too large to list every article

@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    """The app over a synthetic table of 9,500 claims in 528 articles (more than source_picker.LIST_ALL)."""
    require_chromium()
    from claims.query.catalog import catalog
    from claims.query.tables import NO_EXTRAS, open_tables
    from components import source_picker

    out = tmp_path_factory.mktemp("large")
    bench_table_maker().make_tables(out, 9_500)
    corpus = catalog(open_tables(out / "claims.parquet"), NO_EXTRAS)    # titles, labels: what the pickers offer
    assert len(corpus.titles) > source_picker.LIST_ALL
    with app_server(ARTIFACTS / "streamlit-large.log", CLAIMS_TABLE=str(out / "claims.parquet")) as base:
        yield base, corpus


def _articles_metric(page) -> str:
    return page.locator('[data-testid="stMetric"]').filter(has_text="記事 (articles)").locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_large_corpus_article_search_and_shared_link(browser, large_server):
    """A link naming an article outside the offered candidates filters to it; a search offers another
    article; picking it writes both to the URL, and the copied URL reopens both."""
    base, corpus = large_server
    n = len(corpus.titles)
    last, other = list(corpus.titles)[-1], list(corpus.titles)[100]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _open(page, base + "/", "chart")                  # the server's first visit (see the browser fixture)
    _open(page, base + "/?" + urlencode({"source": corpus.label(last)}), "chart")
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="記事 (sources)")
    assert corpus.label(last) in picker.inner_text()
    assert _articles_metric(page) == f"1 / {n}"
    search = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"]').filter(has_text="記事を検索")
    search.locator("input").fill(other.split("_")[0])
    search.locator("input").press("Enter")
    expect_caption = page.locator('[data-testid="stSidebar"]').get_by_text("に合う記事 1 件")
    expect_caption.wait_for(timeout=15_000)
    _pick(page, "記事 (sources)", other.split("_")[0])
    page.wait_for_function("n => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
                           ".some(e => e.innerText === `2 / ${n}`)", arg=n, timeout=15_000)
    assert parse_qs(urlsplit(page.url).query)["source"] == [corpus.label(last), corpus.label(other)]
    copied = page.url
    ctx.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = fresh.new_page()
    _open(page, copied, "chart")
    shown = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="記事 (sources)").inner_text()
    assert corpus.label(last) in shown and corpus.label(other) in shown
    assert _articles_metric(page) == f"2 / {n}"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "large-corpus-article-search.png"))
    fresh.close()


def test_large_corpus_sources_page_search_lands_in_the_url(browser, large_server):
    """On the Sources page a search switches to its first match; the URL names it and reopens it."""
    base, corpus = large_server
    target = list(corpus.titles)[200]
    number = target.split("_")[0]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _open(page, base + "/articles", "table")
    search = page.locator('[data-testid="stMain"] [data-testid="stTextInput"]').filter(has_text="表示する記事を検索")
    search.locator("input").fill(number)
    search.locator("input").press("Enter")
    page.wait_for_url(f"**article={target}**", timeout=15_000)     # the URL names the shown article from the start
    assert parse_qs(urlsplit(page.url).query)["article"] == [target]      # the article's id (a short stable code)
    # the URL changes with the widget, before the rerun has drawn the article: wait for its heading
    from playwright.sync_api import expect
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text(corpus.title(target), timeout=15_000)
    copied = page.url
    ctx.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = fresh.new_page()
    _open(page, copied, "table")
    assert page.locator('[data-testid="stMain"] h2').first.inner_text() == corpus.title(target)
    fresh.close()
