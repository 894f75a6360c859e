"""AppTest: every page loads, filters change what is shown, URL parameters restore a view, bad tables explain themselves."""
import shutil
from datetime import date

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from claims import schema
from components import data
from tests.claims_factory import Shipped, claim, write_tables
from tests.plotly_json import figures

APP = str(data.DATA_DIR.parent / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="module")
def corpus():
    return Shipped(data.DEFAULT_TABLE)


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def bar_labels(fig: dict) -> list[str]:
    return [y for t in fig["data"] if t["type"] == "bar" for y in t["y"]]


def table(el):
    """A st.dataframe's data (read directly: AppTest cannot rebuild pyarrow list dtypes from pandas metadata)."""
    raw = el.proto.arrow_data.data or el.proto.lazy_data.initial_chunk.data
    return pa.ipc.open_stream(raw).read_all().to_pandas(ignore_metadata=True)


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


def body_rows(corpus):
    return corpus.body


def test_overview_shows_corpus_numbers(app, corpus):
    at = app.run()
    no_errors(at)
    rows = body_rows(corpus)
    m = metrics(at)
    assert m["記事 (articles)"] == f"{rows['source_id'].nunique()} / {len(corpus.titles)}"
    assert m["抽出数 (claims)"] == f"{len(rows):,}"
    assert m["電力 (power)"] == str(int((corpus.clean["kind"] == "power").sum()))
    assert m["最大の電力 (GW)"] == "250 GW"
    assert m["最大の金額 ($)"].endswith("($1T)")
    fig = figures(at)[0]
    assert sum(fig["data"][0]["x"]) + sum(fig["data"][1]["x"] if len(fig["data"]) > 1 else []) == len(rows)
    assert fig["layout"]["paper_bgcolor"] == "white"
    articles = table(at.dataframe[-1])
    assert len(articles) == len(corpus.titles) and articles["claims"].sum() == len(rows)
    assert [p.label for p in at.get("page_link")][:1] == ["時系列 (Timeline)"]


def test_filter_change_updates_numbers_and_chart(app, corpus):
    at = app.run()
    at.multiselect(key="kind").set_value(["power"]).run()
    no_errors(at)
    power = body_rows(corpus).query("kind == 'power'")
    assert metrics(at)["抽出数 (claims)"] == str(len(power))
    fig = figures(at)[0]                     # charted, then kept out (the hypothetical 10 GW and 5 GW of 001)
    charted = int((corpus.clean["kind"] == "power").sum())
    assert fig["data"][0]["y"] == ["電力 (power)"] and fig["data"][0]["x"] == [charted]
    assert sum(t["x"][0] for t in fig["data"]) == len(power) > charted
    at.toggle(key="comments").set_value(True).run()
    assert metrics(at)["抽出数 (claims)"] == str(int((corpus.claims["kind"] == "power").sum()))


def test_url_restores_filters_and_page_keeps_them(app, corpus):
    app.query_params["entity"] = "Stargate"
    app.query_params["kind"] = "電力 (power)"
    at = app.run()
    no_errors(at)
    assert at.multiselect(key="entity").value == ["Stargate"]
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    assert at.multiselect(key="entity").value == ["Stargate"]           # same widgets on the next page
    labels = bar_labels(figures(at)[0])
    assert "ほぼ7ギガワット｜001" in labels and "10GW規模｜000" in labels
    assert not any(label.startswith("250GW") for label in labels)       # Sam Altman's plan names no Stargate
    assert at.query_params["entity"] == "Stargate"


def test_unknown_url_values_are_dropped_with_a_notice(app, corpus):
    app.query_params["kind"] = ["<script>alert(1)</script>", "電力 (power)"]
    app.query_params["entity"] = "Nobody"
    at = app.run()
    no_errors(at)
    notice = at.warning[0].value
    assert "<script>alert(1)</script>" in notice and "entity=Nobody" in notice
    assert at.multiselect(key="kind").value == ["power"]
    assert at.multiselect(key="entity").value == []


def test_timeline_both_axes(app, corpus):
    at = app.run()
    at.switch_page("app_pages/timeline.py").run()
    no_errors(at)
    said = figures(at)[0]
    clean = corpus.clean
    assert sum(len(t["x"]) for t in said["data"]) == int(clean["published"].notna().sum())
    assert said["layout"]["xaxis"]["title"]["text"].startswith("公開日")
    at.get("button_group")[0].set_value("meant").run()
    no_errors(at)
    meant = figures(at)[0]
    targets = [x for t in meant["data"] if t.get("marker", {}).get("symbol") == "diamond" for x in t["x"]]
    assert "2030-12-31" in targets                                      # 2030年までに
    labels = meant["layout"]["yaxis"]["categoryarray"]
    assert "250GW｜000" in labels


def test_compare_page(app, corpus):
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    power, money = figures(at)[:2]
    labels = bar_labels(power)
    assert labels[0] == "250GW｜000"
    texts = [t for tr in power["data"] if tr["type"] == "bar" for t in tr["text"]]
    assert any("×" in t for t in texts)                                 # repeated mentions counted once, count shown
    assert any(tr.get("name") == "原発1基 ≈ 1 GW" for tr in power["data"])
    assert not any(y.startswith("0B") for y in bar_labels(money))
    excluded = [t for t in map(table, at.dataframe) if "reason" in t.columns]
    assert any("0B" in set(df["surface"]) for df in excluded)           # the garbled figure listed beneath
    assert power["layout"]["xaxis"]["type"] == "linear"
    formulas = [v for t in map(table, at.dataframe) if "formula" in t.columns for v in t["formula"]]
    assert "1 GW/週 × 52 = 52 GW/年" in formulas
    assert any(f.startswith("4000億ドル以上 ÷ ほぼ7ギガワット") for f in formulas)
    assert any(p.proto.page.endswith("conflicts") for p in at.get("page_link"))   # where sources disagree: linked
    at.toggle(key="log").set_value(True).run()
    at.number_input(key="ref_gw").set_value(0.0).run()
    power = figures(at)[0]
    assert power["layout"]["xaxis"]["type"] == "log"
    assert not any(tr.get("name") == "原発1基 ≈ 1 GW" for tr in power["data"])


def test_conflicts_page(app, corpus):
    at = app.run()
    at.switch_page("app_pages/conflicts.py").run()
    no_errors(at)
    subheaders = [h.value for h in at.subheader]
    assert "Stargate · 電力 (power) · 容量 (GW)" in subheaders and "Stargate · 金額 (money) · 投資 (USD)" in subheaders
    assert not any("NVIDIA + OpenAI" in h for h in subheaders)         # $100B from NVIDIA is not a conflict
    pairs = [t for t in map(table, at.dataframe) if "数字 A" in t.columns]
    assert pairs and "食い違い (disjoint)" in set(pairs[0]["状態"])


def test_compare_converts_yen_at_the_rate_set(app, monkeypatch, tmp_path):
    path = write_tables(tmp_path, [
        claim("3兆円", kind="money", unit="JPY", value=3e12, source_id="a"),
        claim("$10B", kind="money", unit="USD", value=1e10, source_id="b"),
    ])
    monkeypatch.setenv(data.ENV_VAR, str(path))
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    xs = {y: x for t in figures(at)[0]["data"] if t["type"] == "bar" for y, x in zip(t["y"], t["x"], strict=True)}
    assert xs["3兆円｜a"] == pytest.approx(20)                           # 3兆円 / 150 = $20B
    at.number_input(key="jpy_rate").set_value(100.0).run()
    xs = {y: x for t in figures(at)[0]["data"] if t["type"] == "bar" for y, x in zip(t["y"], t["x"], strict=True)}
    assert xs["3兆円｜a"] == pytest.approx(30)
    assert any("電力 (GW) の表現がありません" in i.value for i in at.info)     # no power claims: a message, no axis
    assert len(figures(at)) == 1


def test_compare_opened_with_a_rate_in_the_url_converts_at_that_rate(app, monkeypatch, tmp_path):
    """The page asks its questions before its widgets are drawn: at the rate the link carries."""
    path = write_tables(tmp_path, [claim("3兆円", kind="money", unit="JPY", value=3e12, source_id="a")])
    monkeypatch.setenv(data.ENV_VAR, str(path))
    app.query_params["jpy_rate"] = "120"
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    assert at.number_input(key="jpy_rate").value == 120
    xs = {y: x for t in figures(at)[0]["data"] if t["type"] == "bar" for y, x in zip(t["y"], t["x"], strict=True)}
    assert xs["3兆円｜a"] == pytest.approx(25)                           # 3兆円 / 120 = $25B


def test_sources_page_shows_metadata_claims_and_highlighted_text(app, corpus):
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    sid = "004_efc16501928b0d28"
    at.selectbox(key="article").set_value(sid).run()
    no_errors(at)
    m = metrics(at)
    assert m["公開日 (published)"] == "2025-01-22" and m["日付の根拠 (date basis)"] == "推定 (inferred)"
    n = int((body_rows(corpus)["source_id"] == sid).sum())
    assert len(table(at.dataframe[0])) == n
    full_text = at.html[-1].value
    article_claims = corpus.claims[corpus.claims["source_id"] == sid]
    assert full_text.count("<mark") == len(article_claims)
    assert "5000億ドル</mark>" in full_text


def test_sources_page_escapes_document_markup(app, monkeypatch, tmp_path):
    text = "見出し\n<script>alert(1)</script>で10GWを計画。<img src=x onerror=alert(2)>"
    sentence = "<script>alert(1)</script>で10GWを計画。"
    start = text.index(sentence)
    path = write_tables(
        tmp_path,
        [claim("10GW", sentence=sentence, value=10, source_id="x1", span_start=start + sentence.index("10GW"),
               sentence_start=start, published=date(2025, 1, 1))],
        articles=[{"source_id": "x1", "title": "<b>title</b>", "text": text, "published": date(2025, 1, 1),
                   "date_basis": "stated"}])
    monkeypatch.setenv(data.ENV_VAR, str(path))
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    for h in at.html:
        assert "<script>" not in h.value and "<img" not in h.value
    full_text = at.html[-1].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in full_text and "&lt;img src=x" in full_text
    assert '>10GW</mark>' in full_text


def test_sources_page_without_articles_table(app, monkeypatch, tmp_path):
    shutil.copy(data.DEFAULT_TABLE, tmp_path / "claims.parquet")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "claims.parquet"))
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    assert any("sentences only" in c.value for c in at.caption)
    assert "<mark" in at.html[-1].value


def test_explorer_search_table_and_downloads(app, corpus):
    at = app.run()
    at.switch_page("app_pages/explorer.py").run()
    no_errors(at)
    shown = table(at.dataframe[0])
    assert len(shown) == len(body_rows(corpus))
    assert "sentence_norm" not in shown.columns
    assert "電力 (power)" in set(shown["kind"]) and "power" not in set(shown["kind"])   # labels, as in the sidebar
    assert "約 (approx)" in set(shown["qualifier"])
    at.text_input(key="q").set_value("スターゲート").run()
    no_errors(at)
    shown = table(at.dataframe[0])
    assert shown["sentence"].str.contains("スターゲイト").any()           # spelling variant found
    assert len(shown) < len(body_rows(corpus))
    assert [b.label for b in at.get("download_button")] == ["CSV でダウンロード", "Parquet でダウンロード"]
    at.text_input(key="q").set_value("存在しない語句xyz").run()
    assert not at.dataframe and "該当する行がありません" in at.info[0].value


def test_empty_filter_result_shows_messages_not_axes(app):
    app.query_params["kind"] = "割合 (percent)"
    app.query_params["entity"] = "Stargate"
    at = app.run()
    no_errors(at)
    assert "フィルタに合う行がありません" in at.info[0].value
    for page in ("app_pages/timeline.py", "app_pages/compare.py"):
        at.switch_page(page).run()
        no_errors(at)
        assert not at.get("plotly_chart") and at.info


def test_broken_table_shows_japanese_error(app, monkeypatch, tmp_path):
    bad = tmp_path / "claims.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    monkeypatch.setenv(data.ENV_VAR, str(bad))
    at = app.run()
    no_errors(at)
    assert "データを読み込めません" in str(at.error[0].proto)
    assert "not a readable parquet table" in at.code[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "python -m claims build data/raw --out data/claims.parquet --out data/claims.csv" in text
    assert not at.get("plotly_chart") and not at.multiselect


def test_table_missing_columns_shows_japanese_error(app, monkeypatch, tmp_path):
    df = Shipped(data.DEFAULT_TABLE).claims.drop(columns=["kind"])
    path = tmp_path / "claims.csv"
    path.write_bytes(schema.frame_to_csv_bytes(df))
    monkeypatch.setenv(data.ENV_VAR, str(path))
    at = app.run()
    no_errors(at)
    assert "データを読み込めません" in str(at.error[0].proto)
    assert "missing columns: kind" in at.code[0].value


def test_csv_table_gives_the_same_view(app, monkeypatch, corpus):
    monkeypatch.setenv(data.ENV_VAR, str(data.DATA_DIR / "claims.csv"))
    at = app.run()
    no_errors(at)
    rows = body_rows(corpus)
    assert metrics(at)["抽出数 (claims)"] == f"{len(rows):,}"
    assert metrics(at)["最大の電力 (GW)"] == "250 GW"


def test_date_range_from_url(app, corpus):
    end = corpus.claims["published"].max()
    app.query_params["period"] = ["2025-01-01", end.isoformat()]
    at = app.run()
    no_errors(at)
    rows = body_rows(corpus)
    in_2025 = rows[(rows["published"] >= date(2025, 1, 1)) & (rows["published"] <= end)]
    assert metrics(at)["抽出数 (claims)"] == f"{len(in_2025):,}"
    assert metrics(at)["記事 (articles)"] == f"{in_2025['source_id'].nunique()} / {len(corpus.titles)}"


def test_bad_date_in_url_is_dropped_with_a_notice(app, corpus):
    app.query_params["period"] = ["not-a-date", "2099-12-31"]
    at = app.run()
    no_errors(at)
    assert "period=not-a-date" in at.warning[0].value and "period=2099-12-31 (範囲外" in at.warning[0].value
    assert metrics(at)["抽出数 (claims)"] == f"{len(body_rows(corpus)):,}"
