"""Chart data preparation and pure figure builders (DataFrame -> go.Figure), plus text highlighting."""
import json
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from claims import schema
from claims.labels import format_amount, format_bounds, ja_number, md_escape
from claims.query import catalog, figures, timeline
from claims.query.figures import numbered, pair_ratio
from claims.query.filters import FilterState
from claims.query.tables import NO_EXTRAS, open_tables
from components import charts, data, highlight
from components.downloads import chart_config, file_stem
from tests.claims_factory import Shipped, claim, open_rows
from tests.plotly_json import decode

TITLES = {"a": "Article A", "b": "Article B"}
LABELS = {"a": "a Article A", "b": "b Article B"}


EVERYTHING = FilterState(all_sections=True)


class Corpus:
    """The shipped tables through the query layer: `ask(fn, …)` runs a question over every row."""

    def __init__(self, tables):
        self.tables = tables
        cat = catalog.catalog(tables, NO_EXTRAS)
        self.titles, self.labels = cat.titles, cat.labels

    def ask(self, fn, *args, state=EVERYTHING, **kwargs):
        with self.tables.scope() as cur:
            return fn(cur, state, *args, **kwargs)


@pytest.fixture(scope="module")
def corpus():
    return Corpus(open_tables(data.DEFAULT_TABLE))


@pytest.fixture
def rows_of(tmp_path):
    """rows_of([claim(...), ...]) -> a Corpus over just those rows."""
    return lambda rows: Corpus(open_rows(tmp_path, rows))


def _white(fig):
    assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
    assert "Noto Sans CJK JP" in fig.layout.font.family


# ---------------------------------------------------------------- numbers

def test_japanese_number_formatting():
    assert ja_number(5e11) == "5000億"
    assert ja_number(1.5e12) == "1兆5000億"
    assert ja_number(166000) == "16万6000"
    assert ja_number(5.714e10) == "571億"
    assert format_amount(5e11, "USD") == "5000億ドル ($500B)"
    assert format_amount(3e12, "JPY") == "3兆円"
    assert format_bounds(4e11, float("nan"), "at_least", "USD") == "≥ 4000億ドル ($400B)"
    assert format_bounds(float("nan"), 1e11, "at_most", "USD") == "≤ 1000億ドル ($100B)"
    assert format_bounds(1e11, 1e12, "vague", "USD") == "1000億〜1兆ドル ($100B–1T)"
    assert format_bounds(7, 7, "approx", "GW") == "≈7 GW"
    assert md_escape("*a* <b>") == r"\*a\* \<b\>"


# ---------------------------------------------------------------- compare

def test_compare_bars_count_each_figure_once_and_keep_flagged_out(rows_of):
    rows = rows_of([
        claim("10GW", value=10, source_id="a"),
        claim("10ギガワット", value=10, source_id="a", sentence="二度目の10ギガワット。"),   # same mention group
        claim("10GW", value=10, source_id="b"),                                            # another article
        claim("80〜100GW", value=80, value_high=100, qualifier="range", source_id="b"),
        claim("0GW", value=None, source_id="b", flags=["garbled"]),
        claim("5GW", value=5, source_id="b", section="comments"),
    ])
    bars, excluded, n, n_out = rows.ask(figures.compare_bars, "power", TITLES, LABELS)
    assert (n, n_out) == (3, 2)
    assert list(bars["mentions"]) == [1, 2, 1]  # sorted by size: the range first, then the two 10 GW bars
    assert list(bars["surface"]) == ["80〜100GW", "10GW", "10GW"]
    assert bars.loc[0, ["low", "high"]].tolist() == [80, 100]
    assert set(excluded["surface"]) == {"0GW", "5GW"}
    assert {"フラグ: 数字が欠落 (garbled)", "本文以外 (読者コメント)"} == set(excluded["reason"])
    assert bars["label"].is_unique


def test_a_bar_lists_the_sentences_of_its_own_mentions_only(rows_of):
    """Every sentence that states the figure, the clearest first; a figure with no mention group is its own."""
    rows = rows_of([
        claim("10GW", value=10, source_id="a", sentence="計画は10GWと報じられた。", span_start=3),
        claim("10ギガワット", value=10, source_id="a", sentence="同社は10ギガワットを目指す。", span_start=40),
        claim("3GW", value=3, source_id="a", mention_group="", sentence="既存は3GWだ。", span_start=80),
        claim("2GW", value=2, source_id="a", mention_group="", sentence="別の2GWの案件。", span_start=90),
    ])
    bars = rows.ask(figures.compare_bars, "power", TITLES, LABELS)[0]
    said = dict(zip(bars["surface"], bars["sentences"], strict=True))
    assert said["10GW"] == ["計画は10GWと報じられた。", "同社は10ギガワットを目指す。"]
    assert said["3GW"] == ["既存は3GWだ。"] and said["2GW"] == ["別の2GWの案件。"]


def test_compare_bars_convert_jpy_at_the_given_rate(rows_of):
    rows = rows_of([
        claim("3兆円", kind="money", unit="JPY", value=3e12, source_id="a"),
        claim("$10B", kind="money", unit="USD", value=1e10, source_id="b"),
        claim("€5B", kind="money", unit="EUR", value=5e9, source_id="b"),
    ])
    bars, excluded, _, _ = rows.ask(figures.compare_bars, "money", TITLES, LABELS, jpy_rate=150)
    yen = bars[bars["original_unit"] == "JPY"].iloc[0]
    assert yen["low"] == pytest.approx(2e10) and yen["unit"] == "USD"
    assert "≈ 200億ドル ($20B)" in yen["shown"]
    bars2 = rows.ask(figures.compare_bars, "money", TITLES, LABELS, jpy_rate=100)[0]
    assert bars2[bars2["original_unit"] == "JPY"].iloc[0]["low"] == pytest.approx(3e10)
    assert list(excluded["unit"]) == ["EUR"]


def test_compare_figure_traces_ranges_and_reference_line(rows_of):
    rows = rows_of([
        claim("10GW", value=10, source_id="a"),
        claim("80〜100GW", value=80, value_high=100, qualifier="range", source_id="b"),
        claim("1GW以上", value=1, qualifier="at_least", source_id="b"),
        claim("最大5GW", value=5, qualifier="at_most", source_id="a"),
    ])
    bars = rows.ask(figures.compare_bars, "power", TITLES, LABELS)[0]
    fig = charts.compare_figure(bars, "GW", refs=[(1.0, "原発1基 ≈ 1 GW")], title="電力")
    _white(fig)
    by_name = {t.name: t for t in fig.data}
    rng = by_name["範囲・概数 (range / vague)"]
    assert list(rng.base) == [80] and list(rng.x) == [20]        # drawn from 80 to 100
    assert list(by_name["以上 (at least) ▶"].x) == [1]
    assert list(by_name["最大 (up to) ◀"].x) == [5]
    assert by_name["原発1基 ≈ 1 GW"].line.dash == "dash"
    assert any(t.marker.symbol == "triangle-right" for t in fig.data if t.type == "scatter")
    assert fig.layout.xaxis.type == "linear"
    log = charts.compare_figure(bars, "GW", log=True)
    assert log.layout.xaxis.type == "log" and "10" in log.layout.xaxis.ticktext


def test_a_loss_is_drawn_left_of_zero_and_labelled_with_its_sign(rows_of):
    rows = rows_of([
        claim("△1,041百万円", kind="money", unit="JPY", value=-1.041e9, source_id="a"),
        claim("3,200億円", kind="money", unit="JPY", value=3.2e11, source_id="b"),
    ])
    bars = rows.ask(figures.compare_bars, "money", TITLES, LABELS, jpy_rate=100)[0]
    fig = charts.compare_figure(bars, "USD")
    low, high = fig.layout.xaxis.range
    assert low < -0.0104 < 0 < 3.2 < high                     # -$0.0104B and $3.2B both on the axis
    assert ja_number(-1.041e9) == "-10億4000万"                 # three significant figures, with its sign


def test_compare_figure_money_in_billions(corpus):
    bars, excluded, _, _ = corpus.ask(figures.compare_bars, "money", corpus.titles, corpus.labels)
    fig = charts.compare_figure(bars, "USD", log=True)
    xs = {y: x for t in fig.data if t.type == "bar" for y, x in zip(t.y, t.x, strict=True)}
    assert xs["3000億ドル｜001"] == pytest.approx(300)                  # $B on the axis
    assert "$1T" in fig.layout.xaxis.ticktext
    assert "0B" in set(excluded["surface"])                             # the garbled figure is listed, not drawn
    assert not any("0B｜" in y for y in xs)


def test_shipped_power_bars(corpus):
    bars = corpus.ask(figures.compare_bars, "power", corpus.titles, corpus.labels)[0]
    assert bars.iloc[0]["surface"] == "250GW"
    weekly = bars[bars["rate_per"] == "week"].iloc[0]
    assert weekly["label"].startswith("1ギガワット/週") and weekly["mentions"] >= 2


def test_annualized_rates_and_dollars_per_gw(corpus):
    rates, n_rates = corpus.ask(figures.annualized_rates, corpus.titles)
    assert n_rates == len(rates)
    weekly = rates[rates["surface"] == "1ギガワット"].iloc[0]
    assert weekly["per_year"] == 52 and weekly["formula"] == "1 GW/週 × 52 = 52 GW/年"
    per_gw, n_pairs = corpus.ask(figures.dollars_per_gw, corpus.titles)
    assert n_pairs == len(per_gw)
    same_sentence = per_gw[per_gw["money"] == "4000億ドル以上"].iloc[0]
    assert same_sentence["power"] == "ほぼ7ギガワット"
    assert same_sentence["usd_per_gw"] == pytest.approx(4e11 / 7)
    assert same_sentence["formula"].endswith("/GW以上")
    nvidia = per_gw[per_gw["money"] == "最大1000億ドル"].iloc[0]
    assert nvidia["usd_per_gw"] == pytest.approx(1e10)


def test_dollars_per_gw_divides_yen_by_the_rate(rows_of):
    sentence = "総額3兆円を投じ、10GWのデータセンターを建てる。"
    rows = rows_of([claim("3兆円", sentence=sentence, kind="money", unit="JPY", value=3e12, source_id="a",
                          measure="investment"),
                    claim("10GW", sentence=sentence, value=10, source_id="a", measure="capacity")])
    per_gw, n = rows.ask(figures.dollars_per_gw, TITLES, jpy_rate=150)
    assert n == 1 and per_gw.iloc[0]["usd_per_gw"] == pytest.approx(3e12 / 150 / 10)   # $2B per GW
    assert "150円/ドル換算" in per_gw.iloc[0]["formula"]
    assert rows.ask(figures.dollars_per_gw, TITLES, jpy_rate=100)[0].iloc[0]["usd_per_gw"] == pytest.approx(3e9)


def test_dollars_per_gw_pairs_only_spending_with_capacity(rows_of):
    sentence = "時価総額は1兆ドルで、10GWの契約と、500億ドルを投じる2GWの計画がある。"
    rows = rows_of([claim("1兆ドル", sentence=sentence, kind="money", unit="USD", value=1e12, measure="valuation"),
                    claim("10GW", sentence=sentence, value=10, measure="contract"),
                    claim("500億ドル", sentence=sentence, kind="money", unit="USD", value=5e10, measure="investment"),
                    claim("2GW", sentence=sentence, value=2, measure="capacity")])
    per_gw, n = rows.ask(figures.dollars_per_gw, TITLES)
    assert n == 1 and (per_gw.iloc[0]["money"], per_gw.iloc[0]["power"]) == ("500億ドル", "2GW")


def test_hypothetical_figures_are_listed_not_charted(rows_of):
    rows = rows_of([claim("10GW", value=10, source_id="a", modality="plan"),
                    claim("5GW", value=5, source_id="a", modality="hypothetical")])
    bars, excluded, n, n_out = rows.ask(figures.compare_bars, "power", TITLES, LABELS)
    assert list(bars["surface"]) == ["10GW"] and (n, n_out) == (1, 1)
    assert excluded.iloc[0]["surface"] == "5GW" and "hypothetical" in excluded.iloc[0]["reason"]
    assert list(bars["modality"]) == ["plan"]


def test_pair_ratio():
    value, formula = pair_ratio({"surface": "$100B", "low": 1e11, "high": 1e11},
                                     {"surface": "10GW", "low": 10.0, "high": 10.0})
    assert value == pytest.approx(1e10) and formula == "$100B ÷ 10GW = 100億ドル ($10B)/GW"
    assert pd.isna(pair_ratio({"surface": "x", "low": float("nan"), "high": float("nan")},
                                   {"surface": "y", "low": 1.0, "high": 1.0})[0])


# ---------------------------------------------------------------- overview / timeline

def test_kind_counts_figure(corpus):
    counts = corpus.ask(figures.kind_counts)
    assert counts["clean"].sum() + counts["excluded"].sum() == len(Shipped(data.DEFAULT_TABLE).claims)
    fig = charts.kind_counts_figure(counts)
    _white(fig)
    assert sum(fig.data[0].x) == counts["clean"].sum()


def test_headline_numbers(corpus):
    power = corpus.ask(figures.headline, "power", corpus.titles)
    assert power.iloc[0]["figure"] == "250 GW"
    money = corpus.ask(figures.headline, "money", corpus.titles)
    assert money.iloc[0]["value"] == 1e12
    assert all(v > 0 for v in money["value"])


def test_timeline_said_figure(corpus):
    points, total = corpus.ask(timeline.said, corpus.titles, "kind")
    clean = Shipped(data.DEFAULT_TABLE).clean
    assert len(points) == total == int(clean["published"].notna().sum())
    sample, n = corpus.ask(timeline.said, corpus.titles, "kind", limit=10)
    assert len(sample) == 10 and n == total
    assert sample["claim_id"].tolist() == corpus.ask(timeline.said, corpus.titles, "kind", limit=10)[0][
        "claim_id"].tolist()                                                # the same sample every run
    fig = charts.timeline_said_figure(points, title="t")
    _white(fig)
    assert sum(len(t.x) for t in fig.data) == len(points)
    assert {t.name for t in fig.data} <= set(points["group"])


def test_legend_sits_below_the_plot_with_room_of_its_own():
    """Ten colour groups: the legend is a list under the x axis (beside the plot it took a phone's
    width, leaving the plot ~55 px), the figure grows by the rows it needs, and the plot keeps its own
    height."""
    points = pd.DataFrame({"group": [f"エンティティ {i}" for i in range(10)], "kind": "power", "kind_label": "電力",
                           "y": 0.0, "published": [date(2025, 1, i + 1) for i in range(10)], "surface": "1GW",
                           "title": "t", "sentence": "s"})
    fig = charts.timeline_said_figure(points, title="t")
    lg, m = fig.layout.legend, fig.layout.margin
    assert lg.yanchor == "top" and lg.y < 0 and lg.x == 0
    rows = charts.legend_rows([str(g) for g in points["group"]])
    assert rows == 10
    assert m.b >= charts.AXIS_PX + charts.LEGEND_ENTRY_PX * rows
    few = charts.timeline_said_figure(points.head(1), title="t")
    plot = fig.layout.height - m.t - m.b
    assert plot == few.layout.height - few.layout.margin.t - few.layout.margin.b   # the plot is not squeezed
    assert not few.layout.showlegend                                      # one group needs no legend


def test_entity_colours_do_not_depend_on_rank_or_the_other_groups():
    a = charts.group_colors(["Stargate", "OpenAI", "NVIDIA"])
    b = charts.group_colors(["NVIDIA", "Stargate", "新しい会社"])
    assert a["Stargate"] == b["Stargate"] and a["NVIDIA"] == b["NVIDIA"]
    assert charts.group_colors(["Oracle"])["Oracle"] == charts.entity_color("Oracle")
    assert charts.entity_color("誰か知らない会社") == charts.entity_color("誰か知らない会社")   # a hash, not a rank
    from claims.labels import KIND_LABELS
    assert charts.group_colors([KIND_LABELS["power"]])[KIND_LABELS["power"]] == charts.KIND_COLORS["power"]


def test_timeline_meant_spans_from_published_to_target(corpus):
    spans, total = corpus.ask(timeline.meant, corpus.titles, corpus.labels, "entity")
    row = spans[spans["surface"] == "250GW"].iloc[0]
    assert row["start"] == date(2025, 10, 5) and row["end"] == date(2030, 12, 31)   # 2030年までに
    fig = charts.timeline_meant_figure(spans)
    targets = [x for t in fig.data if t.mode == "markers" and t.marker.symbol == "diamond" for x in t.x]
    assert date(2030, 12, 31) in targets
    small, n = corpus.ask(timeline.meant, corpus.titles, corpus.labels, "kind", limit=3)
    assert len(small) == 3 and n == total


def test_empty_inputs_give_empty_frames(rows_of):
    empty = rows_of([])
    assert empty.ask(figures.compare_bars, "power", {}, {})[0].empty
    assert empty.ask(timeline.said, {}, "kind")[0].empty
    assert empty.ask(timeline.meant, {}, {}, "kind")[0].empty
    assert empty.ask(figures.kind_counts).empty
    assert empty.ask(figures.annualized_rates, {})[0].empty and empty.ask(figures.dollars_per_gw, {})[0].empty


def test_hover_text_is_escaped():
    assert charts.hover_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


# ---------------------------------------------------------------- downloads

def test_chart_config_and_file_stem():
    stem = file_stem("compare", "power", FilterState(kinds=("power",), entities=("Stargate",)))
    assert stem == "compare_power_kind-power_ent-Stargate"
    cfg = chart_config(stem, "svg")
    assert cfg["toImageButtonOptions"] == {"format": "svg", "filename": stem, "scale": 2}
    csv = schema.frame_to_csv_bytes(pd.DataFrame({"surface": ["5000億ドル"], "entities": [["Stargate", "OpenAI"]]}))
    assert csv.startswith(b"\xef\xbb\xbf") and "Stargate|OpenAI" in csv.decode("utf-8-sig")


# ---------------------------------------------------------------- highlighting

def test_highlight_escapes_document_text():
    text = "前<script>alert(1)</script> 10GW & <b>5000億ドル</b>"
    spans = [highlight.Span(text.index("10GW"), text.index("10GW") + 4, "power", 'say "hi"'),
             highlight.Span(text.index("5000"), text.index("5000") + 7, "money", "", flagged=True)]
    out, skipped = highlight.highlight(text, spans)
    assert skipped == 0
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;" in out and "&amp;" in out
    assert out.count("<mark") == 2 and 'title="say &quot;hi&quot;"' in out
    assert highlight.FLAGGED_COLOR in out


def test_highlight_skips_overlapping_and_out_of_range_spans():
    out, skipped = highlight.highlight("abcdef", [highlight.Span(0, 3), highlight.Span(2, 4), highlight.Span(5, 99)])
    assert skipped == 2 and out.count("<mark") == 1


def test_numbered_labels_keep_repeats_apart():
    assert numbered(["10GW｜001", "5GW｜002", "10GW｜001", "10GW｜001"]) == [
        "10GW｜001", "5GW｜002", "10GW｜001 (2)", "10GW｜001 (3)"]


# ---------------------------------------------------------------- figures built without plotly's validation

def _browser_json(fig) -> dict:
    """What st.plotly_chart sends to the browser (fig.to_dict() as JSON), arrays decoded; unset = absent."""
    def strip(o):
        if isinstance(o, dict):
            return {k: v for k, v in ((k, strip(v)) for k, v in o.items()) if v not in ({}, None)}
        return [strip(v) for v in o] if isinstance(o, list) else o
    return strip(decode(json.loads(pio.to_json(fig.to_dict(), validate=False))))


def _every_figure(corpus):
    hostile = "<b>x</b>&<script>"
    counts = corpus.ask(figures.kind_counts)
    yield "counts", charts.kind_counts_figure(counts)
    yield "counts, none", charts.kind_counts_figure(counts.head(0))
    for kind, unit in (("power", "GW"), ("money", "USD")):
        bars = corpus.ask(figures.compare_bars, kind, corpus.titles, corpus.labels)[0]
        for log in (False, True):
            yield f"{kind} log={log}", charts.compare_figure(bars, unit, log=log, refs=[(1.0, hostile)], title=hostile)
        yield f"{kind}, none", charts.compare_figure(bars.head(0), unit)
    for by in ("kind", "entity", "source"):
        points, _ = corpus.ask(timeline.said, corpus.titles, by)
        yield f"said by {by}", charts.timeline_said_figure(points, title=hostile)
        spans, _ = corpus.ask(timeline.meant, corpus.titles, corpus.labels, by)
        yield f"meant by {by}", charts.timeline_meant_figure(spans, title=hostile)
    points, _ = corpus.ask(timeline.said, corpus.titles, "kind")
    many = pd.concat([points] * (charts.GL_POINTS // len(points) + 1), ignore_index=True)
    yield "said, WebGL", charts.timeline_said_figure(many)
    yield "said, none", charts.timeline_said_figure(points.head(0))
    for kind, unit, measure in (("power", "GW", "capacity"), ("money", "USD", "investment")):
        hist, _ = corpus.ask(figures.history, "Stargate", kind, measure, corpus.titles, state=FilterState())
        yield f"history {measure}", charts.history_figure(hist, unit, title=hostile, measure=measure)
    yield "history, none", charts.history_figure(hist.head(0), "USD")


def test_every_figure_validates_and_reaches_the_browser_as_a_validated_one(corpus):
    """The builders skip plotly's validation for speed (charts.figure): each figure must still be valid
    plotly (go.Figure(...) validates and raises on a bad property), and the browser must get the same
    JSON as from the validated figure."""
    names = []
    for name, fig in _every_figure(corpus):
        validated = go.Figure(fig.to_dict())
        assert _browser_json(fig) == _browser_json(validated), name
        assert fig.data or "none" in name, name
        names.append(name)
    assert len(names) == 19
    bad = charts.figure([dict(type="bar", x=[1], colour="red")], {})      # and validation does catch mistakes
    with pytest.raises(ValueError, match="colour"):
        go.Figure(bad.to_dict())


def test_claim_history_of_stargate_capacity(corpus):
    """The stated capacity of Stargate by publication date: ≈7 GW planned (001, 2025-09-25), then 10 GW (000)."""
    hist, n = corpus.ask(figures.history, "Stargate", "power", "capacity", corpus.titles, state=FilterState())
    assert n == len(hist) >= 2
    assert list(hist["published"]) == sorted(hist["published"])
    seven = hist[hist["surface"] == "ほぼ7ギガワット"].iloc[0]
    assert seven["source_id"].startswith("001") and seven["modality"] == "plan" and seven["low"] == 7
    assert any(s.startswith("000") and lo == 10 for s, lo in zip(hist["source_id"], hist["low"], strict=True))
    assert (hist["modality"] != "hypothetical").all()


def test_compare_figure_colours_bars_by_measure_with_a_legend(corpus):
    bars = corpus.ask(figures.compare_bars, "money", corpus.titles, corpus.labels, state=FilterState())[0]
    fig = charts.compare_figure(bars, "USD")
    colour = {y: c for t in fig.data if t.type == "bar" for y, c in zip(t.y, t.marker.color, strict=True)}
    assert colour["1兆ドルを超え｜002"] == charts.MEASURE_COLORS["valuation"]
    assert colour["3000億ドル｜001"] == charts.MEASURE_COLORS["contract"]
    assert colour["5000億ドル｜004"] == charts.MEASURE_COLORS["investment"]
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert {"投資 (investment)", "契約 (contract)", "評価額 (valuation)"} <= set(legend)
    assert fig.layout.showlegend
    hover = {y: " ".join(map(str, c)) for t in fig.data if t.type == "bar" for y, c in zip(t.y, t.customdata, strict=True)}
    assert "評価額 (valuation)" in hover["1兆ドルを超え｜002"] and "実績 (actual)" in hover["1兆ドルを超え｜002"]
    assert "発言: NVIDIA" in hover["最大1000億ドル｜001"]
    assert set(bars["measure"]) <= set(schema.MEASURES)          # the CSV keeps the codes


def test_history_figure_marks_each_status(corpus):
    hist, _ = corpus.ask(figures.history, "Stargate", "power", "capacity", corpus.titles, state=FilterState())
    fig = charts.history_figure(hist, "GW", title="Stargate · 容量", measure="capacity")
    _white(fig)
    marks = {t.name: t for t in fig.data if t.mode == "markers"}
    plan = marks["計画 (plan)"]
    assert plan.marker.symbol == charts.MODALITY_STYLES["plan"][0]
    assert (date(2025, 9, 25), 7.0) in set(zip(plan.x, plan.y, strict=True))
    assert any(x == date(2025, 10, 5) and y == 10 for t in marks.values() for x, y in zip(t.x, t.y, strict=True))
    assert any("ほぼ7ギガワット" in str(c) for c in plan.customdata)
    money, _ = corpus.ask(figures.history, "Stargate", "money", "investment", corpus.titles, state=FilterState())
    fig = charts.history_figure(money, "USD", measure="investment")
    assert fig.layout.yaxis.tickprefix == "$" and max(y for t in fig.data if t.mode == "markers" for y in t.y) == 500
    assert "7 GW" in charts.describe_history(hist, "Stargate", "容量")
    empty = charts.history_figure(hist.head(0), "GW")
    assert not [t for t in empty.data if t.mode == "markers"]


def test_timeline_meant_draws_each_status_in_its_own_line_style(corpus):
    spans, _ = corpus.ask(timeline.meant, corpus.titles, corpus.labels, "entity", state=FilterState())
    fig = charts.timeline_meant_figure(spans)
    legend = {t.name: t.line.dash for t in fig.data if (t.name or "").startswith("状態: ")}
    present = set(spans["modality"])
    assert len(legend) == len(present) and legend["状態: 計画 (plan)"] == charts.MODALITY_STYLES["plan"][1]
    assert legend["状態: 実績 (actual)"] == "solid" != legend["状態: 計画 (plan)"]
    seven = [t for t in fig.data if t.mode == "lines" and "ほぼ7ギガワット｜001" in (t.y or ())]
    assert seven and seven[0].line.dash == charts.MODALITY_STYLES["plan"][1]
