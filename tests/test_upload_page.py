"""AppTest for the upload page: files in, claims on every page, refusals explained, nothing saved.

Bad inputs tried (a .pdf is stopped by the uploader's own type filter; tests/test_ingest.py
covers it): an empty file, a binary file, a file over the per-file limit,
an HTML file whose only content is <script>, and an HTML file with markup in its text.
"""
import pytest
from streamlit.testing.v1 import AppTest

from claims import ingest
from components import data

APP = str(data.DATA_DIR.parent / "app.py")
ARTICLE = "テスト記事\n北辰データは約3GW規模のデータセンターに2兆円を投じる。".encode("cp932")


@pytest.fixture
def at(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("app_pages/upload.py").run()
    return app


def upload(at, *files):
    at.file_uploader(key="upload_files").set_value(list(files))
    at.button[0].click()      # the form's submit button
    at.run()
    return at


def messages(at, kind):
    return [e.value for e in getattr(at, kind)]


def power_metric(at) -> int:
    at.switch_page("app_pages/overview.py").run()
    return int({m.label: m.value for m in at.metric}["電力 (power)"])


def test_upload_adds_claims_to_every_page(at):
    shipped = data.DEFAULT_TABLE.read_bytes()
    before = power_metric(at)
    at.switch_page("app_pages/upload.py").run()
    upload(at, ("hokushin.txt", ARTICLE, "text/plain"))
    assert not at.exception
    uploaded = at.dataframe[0].value
    assert uploaded["claims"].tolist() == [2] and uploaded["encoding"].iloc[0] in ("cp932", "shift_jis")
    at.switch_page("app_pages/explorer.py").run()
    assert not at.exception
    options = at.multiselect(key="source").options
    assert any(o.startswith("⬆") and "テスト記事" in o for o in options)
    assert power_metric(at) == before + 1                                  # the uploaded article's 3GW
    assert data.DEFAULT_TABLE.read_bytes() == shipped                      # nothing written


def test_refusals_are_explained_and_good_files_still_land(at):
    upload(at, ("empty.txt", b"", "text/plain"),
           ("script.html", b"<script>alert(1)</script>", "text/html"),
           ("ok.html", "<p>出力は&lt;b&gt;500MW&lt;/b&gt;。</p><script>x=1</script>".encode(), "text/html"))
    errors = " ".join(messages(at, "error"))
    assert "empty.txt: 空のファイルです (the file is empty)" in errors and "script.html: タグを除くと本文が残りません" in errors
    assert not at.exception
    assert at.dataframe[0].value["claims"].tolist() == [1]


def test_file_over_the_limit_is_refused(at):
    upload(at, ("big.txt", b"a" * (ingest.MAX_FILE_BYTES + 10), "text/plain"))
    assert "over the 2 MB limit per file" in " ".join(messages(at, "error"))


def test_a_date_typed_on_the_form_reaches_every_page(at):
    """Issue #15 item 1: the uploaded article keeps the date typed on the form, and a period the reader
    never narrowed widens to it, so the article is counted on the Overview and drawn on the Timeline."""
    import datetime as dt

    import pyarrow as pa

    before = int(at.switch_page("app_pages/timeline.py").run().markdown[0].value.split("件")[0].strip("*"))
    at.switch_page("app_pages/upload.py").run()
    at.file_uploader(key="upload_files").set_value([("dated.txt", ARTICLE, "text/plain")])
    at.date_input(key="upload_date").set_value(dt.date(2025, 11, 10))
    at.button[0].click()
    at.run()
    at.switch_page("app_pages/overview.py").run()
    el = at.dataframe[-1]
    raw = el.proto.arrow_data.data or el.proto.lazy_data.initial_chunk.data
    listed = pa.ipc.open_stream(raw).read_all().to_pandas(ignore_metadata=True)
    mine = listed[listed["source_id"].astype(str).str.startswith("up_")].iloc[0]
    assert str(mine["published"]).startswith("2025-11-10") and int(mine["claims"]) == 2
    after = int(at.switch_page("app_pages/timeline.py").run().markdown[0].value.split("件")[0].strip("*"))
    assert after == before + 2


def test_limits_and_labels_speak_the_apps_language(at):
    """Issue #15 item 11: one per-file limit (the uploader's, from the config, is the app's own), the session
    total readable below a megabyte, and no English placeholder on the page."""
    import tomllib

    config = tomllib.loads((data.DATA_DIR.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == ingest.MAX_FILE_BYTES
    upload(at, ("small.txt", ARTICLE, "text/plain"))
    total = next(c.value for c in at.caption if c.value.startswith("合計"))
    assert "KB" in total and "0.00 MB" not in total
    assert at.selectbox(key="upload_remove").placeholder == "外す記事を選ぶ (choose an article)"
