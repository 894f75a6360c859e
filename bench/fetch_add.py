"""Adding an article by URL, end to end on loopback: fetch + main-text extraction + claims.

usage: python bench/fetch_add.py [--repeat 5] [--chars 5000]

Serves a ~5,000-character Japanese article page (written here from templates, with site chrome)
from the test suite's local server on 127.0.0.1, reached through the test suite's one-port
loopback policy (tests/fetch_helpers.py), and times, per run:
fetch (claims.fetch) -> extract (claims.webpage) -> claims rows (claims.ingest.extract).
The first run pays for loading the Sudachi dictionary (once per process, as in the app);
target (issue 13): <= 2 s end to end.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fetch_helpers import html_page, serve  # noqa: E402

from claims import ingest  # noqa: E402
from claims.build import Article  # noqa: E402
from claims.fetch import fetch  # noqa: E402
from claims.sources import ArticleMeta  # noqa: E402
from claims.webpage import from_fetched  # noqa: E402

SENTENCES = [
    "{co}は{place}に新しいデータセンターを建設し、{y}年までに約{gw}GWの電力を確保する計画を明らかにした。",
    "総投資額は{oku}億円規模に上り、そのうち{pct}%を再生可能エネルギーの調達に充てるという。",
    "関係者によると、第1期の施設は最大{mw}MWで、{y}年春の稼働を目指す。",
    "同社の担当者は「需要の伸びは想定を上回っている」と話し、追加で{cho}兆円の設備投資も検討していると述べた。",
    "業界団体の試算では、国内のデータセンターの消費電力は{y}年度に前年度比{pct}%増えた。",
    "電力会社は送電網の増強に{oku}億円を投じる方針で、完成には{n}年程度かかる見通しだ。",
]
COMPANIES = ["テック社", "さくら電算", "北斗クラウド", "みらいDC", "青葉ネット"]
PLACES = ["北海道石狩市", "福岡県北九州市", "千葉県印西市", "大阪府堺市", "宮城県仙台市"]


def article_text(chars: int) -> list[str]:
    """Paragraphs of about `chars` characters, varied numbers, no real article."""
    paragraphs, size, i = [], 0, 0
    while size < chars:
        para = "".join(
            SENTENCES[(i + k) % len(SENTENCES)].format(
                co=COMPANIES[(i + k) % 5], place=PLACES[(i * 3 + k) % 5], y=2026 + (i + k) % 5,
                gw=1 + (i + k) % 9, oku=(i + k) % 9 * 1000 + 500, pct=5 + (i * 7 + k) % 40,
                mw=100 + 50 * ((i + k) % 8), cho=1 + (i + k) % 3, n=3 + (i + k) % 7)
            for k in range(3))
        paragraphs.append(para)
        size += len(para)
        i += 1
    return paragraphs


def page(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>データセンター投資、各地で加速 | ベンチ速報</title><meta property="og:site_name" content="ベンチ速報">
<script>var dataLayer = [];</script></head><body>
<header><nav><ul><li><a href="/">トップ</a></li><li><a href="/it">IT</a></li>
<li><a href="/rank">ランキング</a></li></ul></nav></header>
<main><article><h1>データセンター投資、各地で加速</h1>
<div class="byline"><span class="author">編集部</span> <time>2025年9月24日 10:00</time></div>
<div class="share"><a href="#">ツイート</a><a href="#">シェア</a></div>
<div class="article-body">{body}</div></article>
<aside class="related"><h2>関連記事</h2><ul><li><a href="/a/1">蓄電池の導入が拡大 2025年8月1日</a></li></ul></aside>
</main><footer>© ベンチ速報</footer></body></html>"""


def add_by_url(url: str, policy) -> tuple[dict, int, int]:
    """One add: (seconds per step, characters indexed, claims found)."""
    steps = {}
    t0 = time.perf_counter()
    fetched = fetch(url, policy=policy)
    t1 = time.perf_counter()
    web = from_fetched(fetched)
    t2 = time.perf_counter()
    meta = ArticleMeta(source_id="lib_bench", title=web.title, published=web.published,
                       reference_date=web.published, date_basis="stated", source_kind="web", url=web.url)
    claims, _ = ingest.extract([Article(meta, web.text)])
    t3 = time.perf_counter()
    steps.update(fetch=t1 - t0, extract=t2 - t1, claims=t3 - t2, total=t3 - t0)
    return steps, len(web.text), claims.num_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chars", type=int, default=5000)
    args = parser.parse_args()
    html = page(article_text(args.chars))
    with serve({"/news/1": html_page(html)}) as server:
        runs = [add_by_url(server.url("/news/1"), server.policy) for _ in range(args.repeat)]
    first, chars, n_claims = runs[0]
    print(f"article: {chars:,} characters indexed, {n_claims} claims, page {len(html.encode()):,} bytes")
    print(f"{'run':<14}{'fetch':>9}{'extract':>9}{'claims':>9}{'total':>9}")
    print(f"{'first (cold)':<14}" + "".join(f"{first[k]:>8.3f}s" for k in ("fetch", "extract", "claims", "total")))
    if len(runs) > 1:
        warm = {k: statistics.median(r[0][k] for r in runs[1:]) for k in first}
        print(f"{'median warm':<14}" + "".join(f"{warm[k]:>8.3f}s" for k in ("fetch", "extract", "claims", "total")))
    worst = max(r[0]["total"] for r in runs)
    print(f"target <= 2 s end to end: worst run {worst:.3f}s -> {'OK' if worst <= 2 else 'OVER'}")


if __name__ == "__main__":
    main()
