"""AppTest for issue 14's pages: what each figure measures, its status and its speaker, on screen.

The measure and status filters (sidebar, in the URL), Compare's bars coloured by measure with the
hypothetical figures kept out and listed beneath, the claim history of one entity, and the Timeline's
line style per status."""
import pytest
from streamlit.testing.v1 import AppTest

from components import data
from tests.plotly_json import figures
from tests.test_pages import bar_labels, no_errors, table

APP = str(data.DATA_DIR.parent / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return AppTest.from_file(APP, default_timeout=90)


def compare(app):
    at = app.run()
    at.switch_page("app_pages/compare.py").run()
    no_errors(at)
    return at


def chart(at, title_part: str) -> dict:
    found = [f for f in figures(at) if title_part in f["layout"].get("title", {}).get("text", "")]
    assert found, [f["layout"].get("title", {}).get("text") for f in figures(at)]
    return found[0]


def legend_names(fig: dict) -> list[str]:
    return [t["name"] for t in fig["data"] if t.get("name") and t.get("showlegend") is not False]


def test_measure_filter_changes_the_bars_and_lands_in_the_url(app):
    at = compare(app)
    money = chart(at, "金額の主張")
    assert "3000億ドル｜001" in bar_labels(money) and "1兆ドルを超え｜002" in bar_labels(money)
    names = legend_names(money)
    assert "投資 (investment)" in names and "評価額 (valuation)" in names and "契約 (contract)" in names
    at.multiselect(key="measure").set_value(["valuation"]).run()
    at.multiselect(key="status").set_value(["actual"]).run()
    no_errors(at)
    assert at.multiselect(key="measure").proto.query_param_key == "measure"   # bound to ?measure=
    money = chart(at, "金額の主張")
    assert bar_labels(money) == ["1兆ドルを超え｜002"]                 # the market value, alone
    assert not any("電力の主張" in f["layout"].get("title", {}).get("text", "") for f in figures(at))
    # a copied URL reopens the view; reset clears it
    reset = [b for b in at.button if "リセット" in b.label][0]
    reset.click().run()
    no_errors(at)
    assert at.multiselect(key="measure").value == [] and at.multiselect(key="status").value == []


def test_measure_and_status_from_the_url_and_an_unknown_one_is_named(app):
    app.query_params["measure"] = ["容量 (capacity)", "bogus"]
    app.query_params["status"] = "計画 (plan)"
    at = compare(app)
    assert at.multiselect(key="measure").value == ["capacity"]
    assert at.multiselect(key="status").value == ["plan"]
    assert any("measure=bogus" in w.value for w in at.warning)
    power = bar_labels(chart(at, "電力の主張"))
    assert "250GW｜000" in power and "ほぼ7ギガワット｜001" in power
    assert "1ギガワット以上｜003" not in power                          # Pichai's figure is a fact, not a plan
    assert not any("金額の主張" in f["layout"].get("title", {}).get("text", "") for f in figures(at))


def test_status_filter_keeps_only_that_status(app):
    at = compare(app)
    at.multiselect(key="status").set_value(["actual"]).run()
    no_errors(at)
    assert at.multiselect(key="status").proto.query_param_key == "status"
    money = bar_labels(chart(at, "金額の主張"))
    assert "1兆ドルを超え｜002" in money and "3000億ドル｜001" in money
    assert "4000億ドル以上｜001" not in money                           # a plan


def test_hypothetical_figures_are_out_of_the_bars_and_listed_beneath(app):
    at = compare(app)
    power = chart(at, "電力の主張")
    assert "5ギガワット｜001" not in bar_labels(power)
    hovers = [c for t in power["data"] if t["type"] == "bar" for row in t["customdata"] for c in row
              if isinstance(c, str)]
    assert not any("仮に10ギガワット" in h for h in hovers)              # NVIDIA's 10 GW deal is drawn, not the "if"
    kept_out = [t for t in map(table, at.dataframe) if "reason" in t.columns]
    rows = kept_out[0]
    hypo = rows[rows["reason"].str.contains("仮定")]
    assert set(hypo["surface"]) == {"10ギガワット", "5ギガワット"}
    assert all(s.startswith("今後1年か2年を見据えて、仮に10ギガワット") for s in hypo["sentence"])


def test_bar_hover_and_table_show_measure_status_and_speaker(app):
    at = compare(app)
    power = chart(at, "電力の主張")
    custom = {y: row for t in power["data"] if t["type"] == "bar" for y, row in zip(t["y"], t["customdata"], strict=True)}
    pichai = " ".join(map(str, custom["1ギガワット以上｜003"]))
    assert "容量 (capacity)" in pichai and "実績 (actual)" in pichai and "Sundar Pichai" in pichai
    colours = {y: c for t in power["data"] if t["type"] == "bar" for y, c in zip(t["y"], t["marker"]["color"], strict=True)}
    assert len(set(colours.values())) == 1                               # every power bar here is a capacity
    shown = [t for t in map(table, at.dataframe) if "speaker" in t.columns and "measure" in t.columns]
    assert shown and "容量" in set(shown[0]["measure"]) and "Sundar Pichai" in set(shown[0]["speaker"])


def test_claim_history_of_stargate(app):
    at = compare(app)
    assert at.selectbox(key="h_entity").value == "Stargate"
    assert at.selectbox(key="h_measure").value == "capacity"
    fig = chart(at, "移り変わり")
    points = {(x, y, t["name"]) for t in fig["data"] if t.get("mode") == "markers" for x, y in zip(t["x"], t["y"], strict=True)}
    assert ("2025-09-25", 7.0, "計画 (plan)") in points
    assert any(x == "2025-10-05" and y == 10 for x, y, _ in points)
    assert "計画 (plan)" in legend_names(fig)
    links = [p for p in at.get("page_link") if p.proto.query_string.startswith("article=")]
    assert len(links) >= 3 and links[0].label.startswith("001")
    # its money: $500B (004, 2025-01-22) first; the URL keeps the pick as short codes
    at.get("button_group")[0].set_value("money").run()
    no_errors(at)
    assert at.selectbox(key="h_measure").value == "investment"
    assert at.query_params["h_kind"] == "money"
    fig = chart(at, "移り変わり")
    first = min((x, y) for t in fig["data"] if t.get("mode") == "markers" for x, y in zip(t["x"], t["y"], strict=True))
    assert first == ("2025-01-22", 500.0)


def test_claim_history_from_the_url(app):
    app.query_params["h_entity"] = "NVIDIA"
    app.query_params["h_kind"] = "money"
    app.query_params["h_measure"] = "nonsense"
    at = compare(app)
    assert at.selectbox(key="h_entity").value == "NVIDIA"
    assert at.selectbox(key="h_measure").value == "investment"
    assert any("h_measure=nonsense" in w.value for w in at.warning)


def test_timeline_meant_has_a_legend_entry_per_status(app):
    app.query_params["axis"] = "meant"
    at = app.run()
    at.switch_page("app_pages/timeline.py").run()
    no_errors(at)
    fig = figures(at)[0]
    names = legend_names(fig)
    assert {"状態: 計画 (plan)", "状態: 実績 (actual)"} <= set(names)
    dashes = {t["name"]: t["line"]["dash"] for t in fig["data"] if t.get("name", "").startswith("状態: ")}
    assert dashes["状態: 計画 (plan)"] != dashes["状態: 実績 (actual)"]
    spans = [t for t in fig["data"] if t.get("mode") == "lines" and t.get("showlegend") is False]
    assert {"dash", "solid"} <= {t["line"]["dash"] for t in spans}      # the plans' spans are dashed
