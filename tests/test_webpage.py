"""Web pages -> articles: main text kept, site chrome dropped, metadata and a Japanese date found.

Every page here is written for the test in the style of Japanese news pages (global menu,
share buttons, related-article and ranking lists, footer, scripts); none is a real article.
"""
from datetime import date

import pytest
from fetch_helpers import html_page, serve

from claims.fetch import fetch
from claims.ingest import Upload, to_article
from claims.webpage import (
    FROM_METADATA,
    FROM_PAGE_TEXT,
    NOT_FOUND,
    find_japanese_date,
    from_fetched,
    from_html,
    from_html_bytes,
    tidy_text,
)

BODY = [
    "国内のデータセンターの消費電力が、2030年には現在の約2倍の20GWに達する見通しだと、業界団体が24日発表した。"
    "生成AIの学習と推論の需要が急増していることが背景にある。",
    "同団体によると、2024年度の消費電力は約10GWで、投資額は年間1兆5000億円規模に上る。"
    "大手クラウド各社は北海道や九州に新たな拠点を計画しており、1拠点あたり最大500MWの電力を見込む。",
    "電力会社の担当者は「送電網の増強には10年単位の時間がかかる」と話し、"
    "再生可能エネルギーとの組み合わせが課題になるとの見方を示した。",
]

CHROME = ["トップ", "ランキング", "ツイート", "はてブ", "Facebookでシェア", "関連記事", "原発再稼働", "補助金3000億円",
          "アクセスランキング", "蓄電池", "会社概要", "All rights reserved", "dataLayer", "広告", "ログイン"]


def news_page(byline_date: str = "<time>2025年9月24日 15:30</time>", head: str = "",
              body: list[str] = BODY) -> str:
    paragraphs = "\n".join(f"<p>{p.replace('20GW', '<strong>20GW</strong>').replace('データセンター', '<a href=/t/dc>データセンター</a>', 1)}</p>"
                           for p in body)
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>データセンター電力、2030年に倍増へ | テック速報</title>
<meta property="og:site_name" content="テック速報">
{head}
<script>window.dataLayer=[];function gtag(){{dataLayer.push(arguments)}} var t = "2024年1月1日";</script>
<style>.nav{{display:flex}}</style></head>
<body>
<header class="site-header"><div class="logo">テック速報</div>
<nav class="global-nav"><ul><li><a href="/">トップ</a></li><li><a href="/it">IT</a></li>
<li><a href="/energy">エネルギー</a></li><li><a href="/ranking">ランキング</a></li><li><a href="/login">ログイン</a></li></ul></nav>
</header>
<main><article>
<h1>データセンター電力、2030年に倍増へ</h1>
<div class="byline"><span class="author">山田太郎</span> {byline_date}</div>
<div class="share"><a href="#">ツイート</a><a href="#">シェア</a><a href="#">はてブ</a></div>
<div class="article-body">
{paragraphs}
<div class="ad-slot">広告</div>
</div>
<div class="share-bottom"><a href="#">X(旧Twitter)でシェア</a><a href="#">Facebookでシェア</a><a href="#">LINEで送る</a></div>
</article>
<aside class="related"><h2>関連記事</h2><ul>
<li><a href="/a/1">米国で原発再稼働、AI向けに電力供給</a> <span>2025年8月1日</span></li>
<li><a href="/a/2">半導体工場に補助金3000億円</a> <span>2025年7月15日</span></li></ul></aside>
<section class="ranking"><h2>アクセスランキング</h2><ol><li><a href="/a/9">蓄電池の価格が半減 2025年6月2日</a></li></ol></section>
</main>
<footer><p>© 2025 テック速報 All rights reserved.</p><ul><li>会社概要</li><li>プライバシーポリシー</li></ul></footer>
<script>document.write("5000億ドル")</script>
</body></html>"""


def test_main_text_kept_chrome_dropped_date_from_the_page():
    art = from_html(news_page(), url="https://news.example/a/3")
    assert art.text == "\n".join(BODY)
    for junk in CHROME:
        assert junk not in art.text, junk
    assert "5000億ドル" not in art.text
    assert art.title == "データセンター電力、2030年に倍増へ"
    assert (art.site, art.author, art.url) == ("テック速報", "山田太郎", "https://news.example/a/3")
    assert art.published == date(2025, 9, 24) and art.date_source == FROM_PAGE_TEXT == "本文の日付"
    assert art.found_from == {"title": "metadata", "site": "metadata", "author": "metadata",
                              "published": "本文の日付"}


@pytest.mark.parametrize("head,byline", [
    ('<meta property="article:published_time" content="2025-09-20T08:00:00+09:00">', ""),
    ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
     '"headline":"データセンター電力","datePublished":"2025-09-20T08:00:00+09:00"}</script>', ""),
    ("", '<time datetime="2025-09-20T08:00">9月20日 8:00</time>'),
])
def test_metadata_date_wins_over_the_text(head, byline):
    art = from_html(news_page(byline_date=byline + " 2025年9月24日更新", head=head))
    assert art.published == date(2025, 9, 20) and art.date_source == FROM_METADATA


# htmldate itself reads numeric dates in a byline element ("metadata"); 年月日 and eras are ours.
@pytest.mark.parametrize("byline,expected,source", [
    ("<span>2025/09/24 12:00 配信</span>", date(2025, 9, 24), FROM_METADATA),
    ("<span>公開日：2025.9.3</span>", date(2025, 9, 3), FROM_METADATA),
    ("<span>令和7年9月24日</span>", date(2025, 9, 24), FROM_PAGE_TEXT),
    ("<span>２０２５年９月２４日</span>", date(2025, 9, 24), FROM_PAGE_TEXT),
])
def test_date_spellings_in_the_page(byline, expected, source):
    art = from_html(news_page(byline_date=byline))
    assert (art.published, art.date_source) == (expected, source)


def test_dates_in_related_lists_and_scripts_are_not_the_articles_date():
    art = from_html(news_page(byline_date=""))
    assert art.published is None and art.date_source == NOT_FOUND == "none"


def test_date_in_the_body_text_is_the_last_resort():
    body = ["2025年9月1日、経済産業省はデータセンター向けに100MWの電力枠を設けると発表した。"] + BODY[1:]
    art = from_html(news_page(byline_date="", body=body))
    assert (art.published, art.date_source) == (date(2025, 9, 1), FROM_PAGE_TEXT)


@pytest.mark.parametrize("text,expected", [
    ("2025年9月24日", date(2025, 9, 24)),
    ("更新 2025年 9月 4日 午後", date(2025, 9, 4)),
    ("2025/09/24", date(2025, 9, 24)),
    ("2025-9-24 10:00", date(2025, 9, 24)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("先に 2024年1月5日、後に 2025/02/03", date(2024, 1, 5)),
    # must not match
    ("2025年度", None), ("9月24日", None), ("2025/13/40", None), ("2025年2月30日", None),
    ("1850年1月1日", None), ("12025/09/24", None), ("2025/09/24/1", None), ("2099年1月1日", None),
])
def test_find_japanese_date(text, expected):
    assert find_japanese_date(text, today=date(2026, 1, 1)) == expected


def test_newlines_are_one_paragraph_per_line():
    art = from_html(news_page())
    lines = art.text.split("\n")
    assert lines == BODY                         # inline <a>/<strong> do not break lines
    assert "\n\n" not in art.text and "\r" not in art.text and art.text == art.text.strip()
    assert tidy_text(" a\u3000 b \r\n\n\n c\t\n") == "a b\nc"


def test_uploaded_html_bytes_with_meta_charset():
    html = news_page().replace('<meta charset="utf-8">', '<meta charset="Shift_JIS">')
    art = from_html_bytes(html.encode("cp932", "xmlcharrefreplace"), "記事.html")
    assert art.text == "\n".join(BODY) and art.published == date(2025, 9, 24)


def test_pages_without_article_text():
    assert from_html("<html><script>var x = 1;</script></html>").text == ""
    art = from_html("")
    assert art.text == "" and art.title is None and art.date_source == "none"


def test_fetched_html_and_plain_text_pages():
    routes = {"/a/3": html_page(news_page()),
              "/go": lambda h: (h.send_response(301), h.send_header("Location", "/a/3"),
                                h.send_header("Content-Length", "0"), h.end_headers()),
              "/t": html_page("速報\n2025年9月24日\n\n出力は10GW。", ctype="text/plain; charset=utf-8")}
    with serve(routes) as srv:
        art = from_fetched(fetch(srv.url("/go"), policy=srv.policy))
        plain = from_fetched(fetch(srv.url("/t"), policy=srv.policy))
    assert art.url == srv.url("/a/3") and art.text == "\n".join(BODY) and art.date_source == "本文の日付"
    assert plain.text == "速報\n2025年9月24日\n出力は10GW。" and plain.title == "速報"
    assert plain.published == date(2025, 9, 24) and plain.date_source == FROM_PAGE_TEXT


def test_upload_of_an_html_page_reads_it_like_a_fetched_one():
    art = to_article(Upload("news.html", news_page().encode()))
    assert art.text == "\n".join(BODY)
    assert art.meta.title == "データセンター電力、2030年に倍増へ"
    assert art.meta.published == date(2025, 9, 24) and art.meta.date_basis == "stated"
    assert "本文の日付" in art.meta.date_note
    given = to_article(Upload("news.html", news_page().encode()), published=date(2025, 1, 1))
    assert given.meta.published == date(2025, 1, 1) and given.meta.date_note is None
