"""Hostile or stale URLs: every bad query parameter is ignored with a notice, never an exception,
and nothing from the URL is rendered as HTML.

Bad inputs tried: markup in kind/entity/source values, unknown entities and source ids (e.g. a
link made while an uploaded article existed), a 10,000-character value, an impossible date, a
date range reversed, and an unknown qualifier.
"""
import pytest
from streamlit.testing.v1 import AppTest

from components import data

APP = str(data.DATA_DIR.parent / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return AppTest.from_file(APP, default_timeout=60)


@pytest.mark.parametrize("param,value", [
    ("kind", "<img src=x onerror=alert(1)>"),
    ("entity", "<script>alert(1)</script>"),
    ("source", "up_deleted_article_1234abcd"),
    ("entity", "X" * 10_000),
    ("qualifier", "sometimes"),
    ("period", "2025-02-30"),
    ("period", ["2025-12-31", "2024-01-01"]),
])
def test_bad_value_is_ignored_with_a_notice(app, param, value):
    app.query_params[param] = value
    at = app.run()
    assert not at.exception
    assert at.get("plotly_chart"), "the page still shows its charts"
    html = [m.value for m in at.markdown if m.proto.allow_html if hasattr(m.proto, "allow_html")]
    assert not any("<script>" in h or "onerror=" in h for h in html)
    if param != "period" or value == "2025-02-30":
        assert at.warning, f"no notice for {param}={str(value)[:40]}"
