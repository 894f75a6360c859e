"""Uploads: bad files refused by name, HTML reduced to text, nothing executable survives.

Bad inputs tried: wrong extension, empty file, whitespace-only, over the per-file size,
over the session budget, too many files, binary bytes, undecodable bytes, HTML that is only
markup, HTML with <script>/<style>/event handlers.
"""
from datetime import date

import pytest

from claims import ingest
from claims.ingest import IngestError, Upload, html_to_text, to_article

TEXT = "見出し\nスターゲイトは約10GW規模、投資は5000億ドルだ。"


@pytest.mark.parametrize("upload,fragment", [
    (Upload("a.pdf", b"%PDF-1.4"), "a.pdf: .pdf のファイルは受け付けません"),
    (Upload("noext", b"abc"), "no extension is not accepted"),
    (Upload("e.txt", b""), "e.txt: 空のファイルです"),
    (Upload("w.txt", b" \n\t "), "w.txt: 空のファイルです"),
    (Upload("big.txt", b"a" * (ingest.MAX_FILE_BYTES + 1)), "over the 2 MB limit per file"),
    (Upload("bin.txt", b"\x00\x01\x02" * 100), "bin.txt: looks like a binary file"),
    (Upload("m.html", b"<html><script>var x = 1;</script><style>p{}</style></html>"), "no text left"),
])
def test_refusals_name_the_file(upload, fragment):
    with pytest.raises(IngestError, match=fragment.replace(".", r"\.")):
        to_article(upload)


def test_session_budget():
    with pytest.raises(IngestError, match="per session"):
        ingest.check_session_budget([Upload("a.txt", b"x" * 2_000_000)] * 3, already=5_000_000)
    with pytest.raises(IngestError, match="at most 50"):
        ingest.check_session_budget([Upload(f"{i}.txt", b"x") for i in range(51)])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp"])
def test_encodings(encoding):
    art = to_article(Upload("記事.txt", TEXT.encode(encoding)), published=date(2025, 1, 1))
    assert art.text == TEXT
    assert art.meta.source_id.startswith("up_記事_") and art.meta.source_kind == "uploaded"


def test_html_is_reduced_to_text_without_scripts():
    html = ("<html><head><title>速報&amp;記事</title><style>.x{color:red}</style></head><body>"
            "<h1>速報</h1><p onclick=\"alert(1)\">OpenAIは<b>10GW</b>を計画。</p>"
            "<script>document.write('5000億ドル')</script><p>投資は&lt;約&gt;1兆円。</p></body></html>")
    text, title = html_to_text(html)
    assert title == "速報&記事"
    assert text == "速報\nOpenAIは10GWを計画。\n投資は<約>1兆円。"
    assert "alert" not in text and "5000億ドル" not in text


def test_extract_marks_uploads_and_reports_progress():
    seen = []
    arts = [to_article(Upload("a.txt", TEXT.encode())), to_article(Upload("b.md", "100MWの施設。".encode()))]
    claims, articles = ingest.extract(arts, progress=lambda i, n, name: seen.append((i, n, name)))
    assert seen == [(1, 2, "a.txt"), (2, 2, "b.md")]
    assert claims.column("surface").to_pylist() == ["約10GW規模", "5000億ドル", "100MW"]
    assert set(articles.column("source_kind").to_pylist()) == {"uploaded"}


def test_same_bytes_same_id_different_bytes_different_id():
    a = ingest.upload_id("x.txt", b"1")
    assert a == ingest.upload_id("x.txt", b"1") != ingest.upload_id("x.txt", b"2")
    assert ingest.upload_id("../../etc/passwd<script>.txt", b"1").startswith("up_passwd_script_")
