"""The shared filter bar: one set of sidebar widgets rendered from app.py on every page.

Each widget has a `key` and `bind="query-params"`, so its value lives in the URL
(`?kind=…&entity=Stargate`): a copied URL reopens the same view, and because the
same widgets (same keys, labels and options) are drawn on every page, switching
pages keeps them. What the reader picked is a `claims.query.filters.FilterState`,
which the query layer compiles to SQL; the options come from the `Catalog`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from claims.labels import KIND_LABELS, MEASURE_LABELS, MODALITY_LABELS, QUALIFIER_LABELS
from claims.query.catalog import Catalog
from claims.query.filters import FilterState, normalize_range, parse_iso_dates, unknown_url_values

from . import source_picker

# widget key == URL query parameter name
K_SOURCE, K_ENTITY, K_KIND, K_QUALIFIER = "source", "entity", "kind", "qualifier"
K_MEASURE, K_STATUS = "measure", "status"   # what a figure measures; its status (plan, forecast, …)
K_PERIOD, K_ALL_SECTIONS, K_IMAGE_FORMAT = "period", "comments", "imgfmt"
K_PERIOD_BOUNDS = "_period_bounds"   # the whole range the period widget offered last run (not a widget)
K_SOURCE_SEARCH = "source_search"   # the article search box of a large corpus (not a filter: not in the URL)
NOTICE_KEY = "_url_notice"
IMAGE_FORMATS = ("PNG", "SVG")


def _url_notice(cat: Catalog, options: dict[str, Callable[[], list[str]]]) -> None:
    """Remember URL values Streamlit will drop (it silently removes invalid options) so we can say so.

    `options` gives each widget's valid URL values lazily: only parameters present in the URL are checked
    (a big table has tens of thousands of article labels)."""
    dropped: list[str] = []
    for key, valid in options.items():
        if key in st.query_params:
            dropped += [f"{key}={v}" for v in unknown_url_values(st.query_params.get_all(key), valid())]
    if K_PERIOD in st.query_params:
        raw = st.query_params.get_all(K_PERIOD)
        good, bad = parse_iso_dates(raw)
        lo, hi = cat.date_min, cat.date_max
        outside = [d.isoformat() for d in good if lo is not None and hi is not None and not lo <= d <= hi]
        if bad or outside:  # Streamlit then ignores the whole range
            dropped += [f"{K_PERIOD}={v}" for v in bad] + [f"{K_PERIOD}={v} (範囲外 out of range)" for v in outside]
    if K_ALL_SECTIONS in st.query_params:
        dropped += [f"{K_ALL_SECTIONS}={v}" for v in st.query_params.get_all(K_ALL_SECTIONS)
                    if v.lower() not in ("true", "false")]
    if dropped:
        st.session_state[NOTICE_KEY] = dropped


def measure_label(code: str) -> str:
    """'容量 (capacity)': the Japanese label with the code, like the other filters' options."""
    label = MEASURE_LABELS.get(code, code)
    return label if label == code else f"{label} ({code})"


def label_func(cat: Catalog) -> Callable[[str], str]:
    """An article's label, for format_func (an unknown id is its own label)."""
    return cat.label


def _reset(lo: date | None, hi: date | None) -> None:
    for key in (K_SOURCE, K_ENTITY, K_KIND, K_QUALIFIER, K_MEASURE, K_STATUS):
        st.session_state[key] = []
    if lo is not None and hi is not None:
        st.session_state[K_PERIOD] = (lo, hi)
    st.session_state[K_ALL_SECTIONS] = False
    st.session_state[K_SOURCE_SEARCH] = ""
    st.session_state.pop(NOTICE_KEY, None)


def _keep_whole_range(lo: date, hi: date) -> None:
    """A reader who never narrowed the period keeps the whole range when articles with new dates are added
    (an upload, the library): without this the old range would hide the new article from every page."""
    previous = st.session_state.get(K_PERIOD_BOUNDS)
    current = st.session_state.get(K_PERIOD)
    if previous is not None and previous != (lo, hi) and current is not None and tuple(current) == previous:
        st.session_state[K_PERIOD] = (lo, hi)
    st.session_state[K_PERIOD_BOUNDS] = (lo, hi)


def render_filter_bar(cat: Catalog) -> FilterState:
    """Draw the sidebar filters (call from app.py before `pg.run()`); returns what the reader picked."""
    kinds, quals = list(cat.kinds), list(cat.qualifiers)
    measures, statuses = list(cat.measures), list(cat.modalities)
    _url_notice(cat, {
        K_SOURCE: lambda: [cat.label(s) for s in cat.titles],
        K_ENTITY: lambda: list(cat.entities),
        K_KIND: lambda: [KIND_LABELS.get(k, k) for k in kinds],
        K_QUALIFIER: lambda: [QUALIFIER_LABELS.get(q, q) for q in quals],
        K_MEASURE: lambda: [measure_label(m) for m in measures],
        K_STATUS: lambda: [MODALITY_LABELS.get(m, m) for m in statuses],
        K_IMAGE_FORMAT: lambda: list(IMAGE_FORMATS),
    })
    with st.sidebar:
        st.subheader("フィルタ (Filters)")
        if NOTICE_KEY in st.session_state:
            shown = ", ".join("`" + v.replace("`", "'")[:60] + "`" for v in st.session_state[NOTICE_KEY])
            st.warning(f"URL の不明な値を無視しました (ignored unknown URL values): {shown}")
        sources = source_picker.search_box(cat, K_SOURCE, K_SOURCE_SEARCH)
        picked_sources = st.multiselect(
            "記事 (sources)", sources, format_func=label_func(cat), key=K_SOURCE, bind="query-params",
            placeholder="すべての記事", help="空欄ならすべての記事")
        picked_entities = st.multiselect(
            "エンティティ (entities)", list(cat.entities), key=K_ENTITY, bind="query-params",
            placeholder="すべて", help="文中の名前と、文脈から補った主体 (context_entities) の両方で絞り込みます")
        picked_kinds = st.multiselect(
            "種類 (kinds)", kinds, format_func=lambda k: KIND_LABELS.get(k, k), key=K_KIND,
            bind="query-params", placeholder="すべての種類")
        picked_quals = st.multiselect(
            "修飾 (qualifier)", quals, format_func=lambda q: QUALIFIER_LABELS.get(q, q), key=K_QUALIFIER,
            bind="query-params", placeholder="すべて", help="約・以上・最大・範囲・概数など")
        picked_measures = st.multiselect(
            "対象 (measure)", measures, format_func=measure_label, key=K_MEASURE, bind="query-params",
            placeholder="すべて", help="電力・金額の数字が何を表すか（投資・契約・容量・需要など）。"
                                     "選ぶと、対象のない種類（件数・割合など）の行は外れます")
        picked_statuses = st.multiselect(
            "状態 (status)", statuses, format_func=lambda m: MODALITY_LABELS.get(m, m), key=K_STATUS,
            bind="query-params", placeholder="すべて",
            help="実績・計画・予測・仮定。仮定の数字（仮に〜）はグラフには描かず、下に一覧します")
        period = None
        if cat.date_min is not None and cat.date_max is not None:
            _keep_whole_range(cat.date_min, cat.date_max)
            period = st.date_input(
                "公開日 (published)", value=(cat.date_min, cat.date_max), min_value=cat.date_min,
                max_value=cat.date_max, key=K_PERIOD, bind="query-params", format="YYYY-MM-DD",
                help="記事の公開日で絞り込みます。全期間のときは日付のない記事も含みます")
        all_sections = st.toggle(
            "読者コメント・定型文も含める (comments too)", key=K_ALL_SECTIONS, bind="query-params",
            help="オフ: 本文とタイトルのみ。オンにしても、グラフには本文の行だけを描き、他は下に一覧します")
        fmt = st.segmented_control(
            "グラフ画像の形式 (export format)", IMAGE_FORMATS, default="PNG", key=K_IMAGE_FORMAT, required=True,
            bind="query-params", help="グラフ右上のカメラボタンで保存する画像の形式")
        st.button("フィルタをリセット (reset)", on_click=_reset, args=(cat.date_min, cat.date_max),
                  width="stretch")
    state = FilterState(
        sources=tuple(picked_sources), entities=tuple(picked_entities), kinds=tuple(picked_kinds),
        qualifiers=tuple(picked_quals), measures=tuple(picked_measures), modalities=tuple(picked_statuses),
        date_range=normalize_range(period, cat.date_min, cat.date_max),
        all_sections=bool(all_sections), image_format=(fmt or "PNG").lower(),
    )
    return state
