"""What a reader meets (issue 15): search that folds scripts and aliases, labels instead of codes, page
settings in the URL as short codes with a notice for bad values, links from conflicts to articles, the
article's address, every sentence of a figure in its hover, charts that stand on their own (title,
filters, key, source line inside the figure), text alternatives and data tables for charts."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from claims.labels import with_code_labels
from claims.query import figures
from claims.query.filters import FilterState
from claims.query.rows import explorer_page, search_alternatives
from claims.query.tables import open_tables
from components import charts, data
from components.downloads import chart_frame
from tests.claims_factory import claim, write_tables
from tests.plotly_json import figures as app_figures

APP = str(data.DATA_DIR.parent / "app.py")


@pytest.fixture(scope="module")
def tables():
    return open_tables(data.DEFAULT_TABLE)


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def table(el):
    raw = el.proto.arrow_data.data or el.proto.lazy_data.initial_chunk.data
    return pa.ipc.open_stream(raw).read_all().to_pandas(ignore_metadata=True)


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


def found(tables, q: str) -> pd.DataFrame:
    with tables.scope() as cur:
        return explorer_page(cur, FilterState(), q)[0]


# ---------------------------------------------------------------- 2. search folds scripts and aliases

def test_search_finds_an_entity_by_any_alias_in_any_script(tables):
    kata = found(tables, "スターゲート")
    assert (kata["source_id"].str.startswith("001")).sum() >= 5              # written "Stargate" in 001
    assert set(kata["source_id"].str[:3]) >= {"000", "001", "004"}
    assert len(found(tables, "Stargate")) == len(kata) == len(found(tables, "ｓｔａｒｇａｔｅ"))
    assert len(found(tables, "オラクル")) == len(found(tables, "Oracle")) == len(found(tables, "ORACLE")) >= 5
    assert "oracle" in search_alternatives("オラクル")
    assert search_alternatives("ＧＷ") == ("gw",)                             # width folded, no entity


def test_explorer_search_box_uses_the_aliases(app):
    at = app.run()
    at.switch_page("app_pages/explorer.py").run()
    at.text_input(key="q").set_value("スターゲート").run()
    no_errors(at)
    shown = table(at.dataframe[0])
    assert shown["sentence"].str.contains("Stargate").any()


# ---------------------------------------------------------------- 3. no internal codes on screen

CODES = {"blog", "video_transcript", "machine_translation", "uploaded", "garbled", "reactor", "None", "nan",
         "NaT", "a_claim_id", "a_low", "disjoint", "overlapping"}


def shown_cells(at) -> set[str]:
    cells: set[str] = set()
    for el in at.dataframe:
        df = table(el)
        cells |= set(df.columns)
        for col in df.columns:
            cells |= {str(v) for v in df[col] if not isinstance(v, list | tuple)}
    return cells


def test_with_code_labels_shows_labels_and_dashes():
    df = pd.DataFrame({"kind": ["count", "power"], "unit": ["reactor", "GW"], "source_kind": ["blog", None],
                       "flags": [["garbled"], []], "published": [None, date(2025, 1, 2)],
                       "value": [float("nan"), 5e11], "title": [None, "t"]})
    out = with_code_labels(df)
    assert list(out["unit"]) == ["基 (原子炉)", "GW"]
    assert list(out["source_kind"]) == ["ブログ (blog)", "—"]
    assert list(out["flags"]) == ["数字が欠落 (garbled)", ""]
    assert list(out["published"]) == ["—", "2025-01-02"] and list(out["value"]) == ["—", "5000億"]
    assert list(out["title"]) == ["—", "t"]
    assert list(df["unit"]) == ["reactor", "GW"]                              # the frame itself keeps codes


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/compare.py", "app_pages/sources.py",
                                  "app_pages/explorer.py", "app_pages/timeline.py"])
def test_no_internal_codes_in_the_tables_a_reader_sees(app, page):
    app.query_params["comments"] = "true"          # flagged and non-body rows too
    at = app.run()
    at.switch_page(page).run()
    no_errors(at)
    if page.endswith("sources.py"):
        at.selectbox(key="article").set_value("001_178cd634a5b464c1").run()   # a video transcript with a reactor
    cells = shown_cells(at)
    assert not cells & CODES, cells & CODES
    metrics = {m.label: m.value for m in at.metric}
    assert "video_transcript" not in metrics.values() and "blog" not in metrics.values()


# ---------------------------------------------------------------- 4. exported charts stand on their own

def test_exported_chart_carries_title_filters_key_and_source_line(tables):
    from claims.query.catalog import catalog
    from claims.query.tables import NO_EXTRAS

    cat = catalog(tables, NO_EXTRAS)
    state = FilterState(entities=("Stargate",), kinds=("money",))
    with tables.scope() as cur:
        bars = figures.compare_bars(cur, state, "money", cat.titles, cat.labels)[0]
    frame = chart_frame(state, cat, bars["source_id"], today=date(2026, 12, 1))
    fig = charts.compare_figure(bars, "USD", title="金額の主張 ($B)", frame=frame)
    svg = fig.to_image(format="svg").decode() if _kaleido() else None
    texts = " ".join(a.text for a in fig.layout.annotations) + " " + fig.layout.title.text
    for want in ("金額の主張", "エンティティ: Stargate", "種類: 金額 (money)", "001 = ", "出典",
                 charts.APP_NAME, "2026-12-01"):
        assert want in texts, want
    if svg:
        assert "エンティティ: Stargate" in svg
    m = fig.layout.margin
    assert m.t >= charts.MODEBAR_PX + charts.TITLE_LINE_PX and m.b > charts.AXIS_PX   # room of their own


def _kaleido() -> bool:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return False          # kaleido needs a Chrome of its own; the browser test exports the real SVG


# ---------------------------------------------------------------- 6. Compare's axes

def test_compare_axes_hug_the_data_and_open_bounds_are_marks_on_a_log_axis(tmp_path, monkeypatch):
    from tests.claims_factory import open_rows

    rows = [claim("10GW", value=10, source_id="a"), claim("最大100億ドル", kind="money", unit="USD", value=float("nan"),
                                                           value_low=float("nan"), value_high=1e10,
                                                           qualifier="at_most", source_id="a"),
            claim("$1T", kind="money", unit="USD", value=1e12, source_id="b"),
            claim("週に1GW", value=1, rate_per="week", source_id="b")]
    t = open_rows(tmp_path, rows)
    with t.scope() as cur:
        money = figures.compare_bars(cur, FilterState(), "money", {}, {})[0]
        power = figures.compare_bars(cur, FilterState(), "power", {}, {})[0]
    lin = charts.compare_figure(money, "USD")
    assert lin.layout.xaxis.range[1] <= 1000 * 1.1                          # not 1.6 × the largest
    log = charts.compare_figure(money, "USD", log=True)
    bars = [t for t in log.data if t.type == "bar"]
    assert not any("最大" in (t.name or "") for t in bars)                  # "up to" is no bar from the floor
    marks = [t for t in log.data if t.type == "scatter" and (t.name or "").startswith("最大")]
    assert marks and list(marks[0].x) == [pytest.approx(10)]
    assert 10 ** log.layout.xaxis.range[1] <= 1000 * 10 ** 0.2              # not 2 decades of empty axis
    rates = charts.per_year(power[power["rate_per"] != ""])
    assert list(rates["low"]) == [52] and "52 GW/年" in rates["per_year"].iloc[0]
    fig = charts.compare_figure(rates, "GW", rates=True)
    assert "/年" in fig.layout.xaxis.title.text


def test_compare_page_draws_rates_apart_from_capacities(app):
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    figs = app_figures(at)
    power = figs[0]
    ys = [y for t in power["data"] if t["type"] == "bar" for y in t["y"]]
    assert not any("/週" in y for y in ys)                                  # 1 GW/週 is not a capacity
    rate = figs[1]
    assert "/年" in rate["layout"]["xaxis"]["title"]["text"]
    assert [x for t in rate["data"] if t["type"] == "bar" for x in t["x"]][0] == pytest.approx(52)


# ---------------------------------------------------------------- 9, 10, 13: links, URL codes, provenance

def test_conflict_cards_link_each_figure_to_its_article(app):
    at = app.run()
    at.switch_page("app_pages/conflicts.py").run()
    no_errors(at)
    links = [p for p in at.get("page_link") if "記事で読む" in p.proto.label]
    assert links
    assert all(p.proto.page.endswith("articles") or "sources" in p.proto.page for p in links)
    assert any("article=001_178cd634a5b464c1" in p.proto.query_string for p in links)


def test_sources_page_opens_the_linked_figure(app, tables):
    with tables.scope() as cur:
        cid = cur.execute("SELECT claim_id FROM claims WHERE source_id LIKE '001%' AND surface = 'ほぼ7ギガワット'"
                          ).fetchone()[0]
    app.query_params["article"] = "001_178cd634a5b464c1"
    app.query_params["claim"] = cid
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    assert at.selectbox(key="article").value == "001_178cd634a5b464c1"
    box = next(h.value for h in at.html if "選んだ表現の文" in h.value)
    assert "ほぼ7ギガワット" in box and "claim-selected" in box


def test_page_settings_are_short_codes_and_old_label_links_still_work(app):
    app.query_params["axis"] = "対象期間 (meant)"                               # a link made with today's label
    at = app.run()
    at.switch_page("app_pages/timeline.py").run()
    no_errors(at)
    assert at.get("button_group")[0].value == "meant"
    assert at.query_params["axis"] == "meant"                                  # rewritten as the code
    assert not at.warning
    at.get("button_group")[1].set_value("kind").run()
    assert at.query_params["color"] == "kind"
    at.get("button_group")[0].set_value("said").run()
    assert "axis" not in at.query_params                                        # the default leaves the URL


def test_sources_article_in_the_url_is_its_id_and_its_old_label_still_works(app, tables):
    from claims.query.catalog import catalog
    from claims.query.tables import NO_EXTRAS

    label = catalog(tables, NO_EXTRAS).label("004_efc16501928b0d28")
    app.query_params["article"] = label
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    assert at.selectbox(key="article").value == "004_efc16501928b0d28"
    assert at.query_params["article"] == "004_efc16501928b0d28"


@pytest.mark.parametrize("key,value,page", [("axis", "abc", "timeline"), ("color", "<b>x", "timeline"),
                                            ("jpy_rate", "abc", "compare"), ("ref_gw", "-5", "compare"),
                                            ("ref_usd", "1e999", "compare"), ("log", "maybe", "compare"),
                                            ("article", "nope", "sources")])
def test_every_bad_page_setting_in_the_url_gets_a_notice(app, key, value, page):
    app.query_params[key] = value
    at = app.run()
    at.switch_page(f"app_pages/{page}.py").run()
    no_errors(at)
    notices = [w.value for w in at.warning]
    assert any("URL の不明な値を無視しました" in n and f"{key}={value}"[:60] in n for n in notices), notices


def test_sources_page_shows_the_articles_address_or_unknown(app, monkeypatch, tmp_path):
    text = "10GWの計画。"
    path = write_tables(tmp_path, [
        claim("10GW", sentence=text, value=10, source_id="x1", span_start=0, sentence_start=0),
        claim("10GW", sentence=text, value=10, source_id="x2", span_start=0, sentence_start=0)],
        articles=[{"source_id": "x1", "title": "t1", "text": text, "url": 'https://example.com/a?b=1&c="x"'},
                  {"source_id": "x2", "title": "t2", "text": text, "url": "javascript:alert(1)"}])
    monkeypatch.setenv(data.ENV_VAR, str(path))
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    no_errors(at)
    link = next(h.value for h in at.html if "元の記事" in h.value)
    assert 'href="https://example.com/a?b=1&amp;c=&quot;x&quot;"' in link and 'rel="noopener noreferrer"' in link
    at.selectbox(key="article").set_value("x2").run()
    link = next(h.value for h in at.html if "元の記事" in h.value)
    assert "<a " not in link and "javascript:alert(1)" in link


def test_sources_page_says_unknown_without_an_address(app):
    at = app.run()
    at.switch_page("app_pages/sources.py").run()
    link = next(h.value for h in at.html if "元の記事" in h.value)
    assert "不明" in link


def test_compare_hover_shows_every_sentence_of_a_repeated_figure(app):
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    power = app_figures(at)[0]
    hovers = {y: c[2] for t in power["data"] if t["type"] == "bar" for y, c in zip(t["y"], t["customdata"],
                                                                                   strict=True)}
    ten = hovers["10GW規模｜000"]
    assert "構築を目指しています" in ten and "原発10基分" in ten                       # both sentences that state it


# ---------------------------------------------------------------- 15. text alternatives and data tables

def test_every_chart_has_a_text_alternative_and_its_data_table(app):
    at = app.run()
    for page in ("app_pages/overview.py", "app_pages/timeline.py", "app_pages/compare.py"):
        at.switch_page(page).run()
        no_errors(at)
        charts_ = at.get("plotly_chart")
        assert charts_
        alts = [c.proto.alt for c in charts_]                    # read out by screen readers (aria-label)
        assert all(re.search(r"(横棒グラフ|散布図|期間のグラフ).*\d+ ?件", a) for a in alts), alts
        expanders = [e for e in at.expander if "データを表で見る" in e.label]
        assert len(expanders) == len(charts_), page
        captions = " ".join(c.value for c in at.caption)
        assert re.search(r"(横棒グラフ|散布図|期間のグラフ).*件", captions), page
        assert "最大" in captions or "最も" in captions
