"""What a reader meets, in a real browser (issue 15) — at 1400×900 and at a phone's 390×844.

- No request leaves the app's own origin, on any page (the tab icon was fetched from fonts.gstatic.com).
- On a phone the Timeline's legend sits below the plot (beside it, it left the plot ~55 px wide), the
  mode bar is never drawn over a title, a legend or a label, Compare's bar labels are not cut at the
  right edge, and no page is wider than the screen.
- The exported SVG of Compare, with a filter set, carries the title, the filters, the key of article
  codes and the source line as text; the PNG is the same drawing (saved in test-artifacts/ to look at).
- Conflict cards link to their article on the Sources page, which opens with the figure picked.

Skipped (with the reason printed) only when Debian's Chromium is missing and CI is unset.
"""
from __future__ import annotations

import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.st_browser import (
    nav_pages,
    open_page,
    page_problems,
    wait_idle,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "reader"
SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
PAGES = nav_pages()


def _context(browser, size: str, **kw):
    w, h = SIZES[size]
    return browser.new_context(viewport={"width": w, "height": h}, is_mobile=size == "phone",
                               has_touch=size == "phone", locale="ja-JP", **kw)


# ---------------------------------------------------------------- 12. nothing leaves the origin

@pytest.mark.parametrize("size", list(SIZES))
def test_no_request_leaves_the_apps_origin(browser, server, size):
    origin = urlsplit(server).netloc
    seen: list[str] = []
    ctx = _context(browser, size)
    ctx.on("request", lambda r: seen.append(r.url))
    page = ctx.new_page()
    try:
        for name, path, expect in PAGES:
            open_page(page, server + path, expect, settle_ms=1500)
            assert page_problems(page) == [], name
        foreign = sorted({u for u in seen if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != origin})
        assert len(seen) > 20 and not foreign, foreign
    finally:
        ctx.close()


# ---------------------------------------------------------------- 5. phone

GEOMETRY = """(i) => {
  const gd = document.querySelectorAll('.js-plotly-plot')[i];
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                      return {l: r.left, r: r.right, t: r.top, b: r.bottom, w: r.width, h: r.height}; };
  const all = sel => Array.from(gd.querySelectorAll(sel)).map(box).filter(b => b && b.w > 0);
  return {svg: box(gd.querySelector('.main-svg')), plot: box(gd.querySelector('.nsewdrag')),
          legend: box(gd.querySelector('.legend')), title: box(gd.querySelector('.gtitle')),
          modebar: box(gd.querySelector('.modebar-container .modebar')),
          annotations: all('.annotation'), xtitle: box(gd.querySelector('.xtitle'))}; }"""


def _overlap(a, b) -> bool:
    return bool(a and b) and a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1


def _geometry(page, index: int = 0) -> dict:
    chart = page.locator('[data-testid="stPlotlyChart"]').nth(index)
    chart.scroll_into_view_if_needed()
    chart.hover()                                        # draws the mode bar (always shown on touch)
    page.wait_for_timeout(400)
    return page.evaluate(GEOMETRY, index)


def _assert_readable(g: dict, name: str) -> None:
    assert g["plot"]["w"] >= 200, f"{name}: the plot is squeezed to {g['plot']['w']:.0f} px"
    for a in g["annotations"] + [g["title"], g["legend"]]:
        if a:
            assert a["l"] >= g["svg"]["l"] - 1 and a["r"] <= g["svg"]["r"] + 1, f"{name}: {a} cut at the edge"
    for other in [g["title"], g["legend"], g["xtitle"], *g["annotations"]]:
        assert not _overlap(g["modebar"], other), f"{name}: the mode bar covers {other}"
    if g["legend"]:
        assert g["legend"]["t"] >= g["plot"]["b"], f"{name}: the legend is not below the plot"
        assert not _overlap(g["legend"], g["xtitle"]), f"{name}: the legend covers the axis title"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path,charts", [("/time-axis", 1), ("/time-axis?axis=meant", 1),
                                         ("/time-axis?color=kind", 1), ("/gw-usd", 3), ("/gw-usd?log=true", 3),
                                         ("/", 1)])
def test_charts_are_readable_at_every_width(browser, server, size, path, charts):
    ctx = _context(browser, size)
    page = ctx.new_page()
    try:
        open_page(page, server + path, "chart", settle_ms=1500)
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= charts
        for i in range(charts):
            _assert_readable(_geometry(page, i), f"{path} chart {i} at {size}")
        page.screenshot(path=str(ARTIFACTS / f"charts{path.replace('/', '_').replace('?', '_')}-{size}.png"))
    finally:
        ctx.close()


@pytest.mark.parametrize("name,path,expect", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_fits_a_phone(browser, server, name, path, expect):
    ctx = _context(browser, "phone")
    page = ctx.new_page()
    try:
        open_page(page, server + path, expect, settle_ms=1200)
        assert page_problems(page) == []
        wide = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                             " return [m.scrollWidth, m.clientWidth, document.documentElement.scrollWidth]; }")
        assert wide[0] <= wide[1] + 1 and wide[2] <= 391, f"{name} is wider than the phone: {wide}"
        assert page.locator("h1").first.is_visible()
    finally:
        ctx.close()


# ---------------------------------------------------------------- 4. the exported image stands on its own

def _export(page, fmt: str) -> tuple[str, bytes]:
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    chart.hover()
    with page.expect_download(timeout=30_000) as info:
        chart.locator('.modebar-btn[data-title^="Download plot"]').click()
    d = info.value
    data = Path(d.path()).read_bytes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / d.suggested_filename).write_bytes(data)
    return d.suggested_filename, data


@pytest.mark.parametrize("size", list(SIZES))
def test_exported_compare_chart_carries_title_filters_key_and_source(browser, server, size):
    ctx = _context(browser, size, accept_downloads=True)
    page = ctx.new_page()
    try:
        open_page(page, server + "/gw-usd?entity=Stargate&imgfmt=SVG", "chart", settle_ms=1500)
        name, svg = _export(page, "svg")
        assert name.endswith(".svg") and "ent-Stargate" in name
        text = svg.decode("utf-8")
        for want in ("電力の主張", "フィルタ: エンティティ: Stargate", "000 = ", "001 = ", "出典",
                     "AIインフラ主張エクスプローラー"):
            assert want in text, want
        open_page(page, server + "/gw-usd?entity=Stargate", "chart", settle_ms=1500)
        name, png = _export(page, "png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = struct.unpack(">II", png[16:24])
        g = page.evaluate("() => { const gd = document.querySelector('.js-plotly-plot');"
                          " return [gd._fullLayout.width, gd._fullLayout.height]; }")
        assert (w, h) == (2 * g[0], 2 * g[1])                                 # the same drawing, at scale 2
        (ARTIFACTS / f"compare-export-{size}.png").write_bytes(png)
    finally:
        ctx.close()


# ---------------------------------------------------------------- 9. conflict cards lead to the article

def test_conflict_card_opens_its_article_on_the_sources_page(browser, server):
    ctx = _context(browser, "desktop")
    page = ctx.new_page()
    try:
        open_page(page, server + "/conflicts?entity=Stargate", "main", settle_ms=1200)
        link = page.locator('[data-testid="stPageLink"] a').filter(has_text="001 の記事で読む").first
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_url("**/articles?**", timeout=15_000)
        page.wait_for_selector(".claims-text", timeout=30_000)
        wait_idle(page)
        query = parse_qs(urlsplit(page.url).query)
        assert query["article"] == ["001_178cd634a5b464c1"] and query.get("entity") == ["Stargate"]
        assert page_problems(page) == []
        picked = page.locator(".claims-text .claim-selected").first.inner_text()
        assert picked in ("ほぼ7ギガワット", "4000億ドル以上", "5000億ドル", "1兆ドル", "数千億ドル規模", "1兆ドル規模")
    finally:
        ctx.close()
