"""Timeline: claims on a time axis — when they were said, or when they are meant to happen."""
import streamlit as st

from components import cached, charts, nav, settings
from components.downloads import chart_block, chart_frame
from components.view import current_view

AXES = {"said": "発言日 (said)", "meant": "対象期間 (meant)"}
COLORS = {"entity": "エンティティ (entity)", "kind": "種類 (kind)"}
LIMIT = 150         # spans drawn on the "meant" axis
MAX_POINTS = 5000   # points drawn on the "said" axis (a fixed sample above this)
MAX_EXCLUDED = 200  # rows listed under "not charted"

view = current_view()
state = view.state

st.title("時系列 (Timeline)")
st.caption(f"現在のフィルタ: {state.describe()}")

# In the URL as codes (?axis=meant&color=kind); links made with the labels (axis=対象期間 (meant)) still work.
settings.choice("axis", AXES, "said")
settings.choice("color", COLORS, "entity")
settings.notice()
left, right = st.columns(2)
axis = left.segmented_control("時間軸: いつ言われたか / いつのことか (time axis)", list(AXES),
                              format_func=AXES.get, key="axis", required=True)
color_by = right.segmented_control("色分け (colour by)", list(COLORS), format_func=COLORS.get, key="color",
                                   required=True)
axis, color_by = axis or "said", color_by or "entity"
settings.write("axis", axis, "said")
settings.write("color", color_by, "entity")



if axis == "said":
    points, total = cached.timeline_said(view.tables, view.extras, view.catalog, view.data_state, color_by,
                                         MAX_POINTS)
    if points.empty:
        st.info("公開日のある行がフィルタに合いません。フィルタを緩めてください（日付のない記事は発言日の軸に置けません）。",
                icon=":material/event_busy:")
    else:
        sample = f"（全 {total:,} 件から {len(points):,} 件を無作為に抽出）" if total > len(points) else ""
        st.markdown(f"**{len(points):,}件** の表現を、記事の公開日に置いています{sample}"
                    "（縦は種類、点が重ならないよう少しずらしています）。")
        fig = charts.timeline_said_figure(points, title="いつ言われたか (claims by publication date)",
                                          frame=chart_frame(state))
        chart_block(fig, points.drop(columns=["y"]), page="timeline", name=f"said-by-{color_by}", state=state,
                    alt=charts.describe_said(points),
                    columns={"surface": "表現", "kind_label": "種類", "group": "色分け", "published": "公開日",
                             "title": "出典", "sentence": "文"})
else:
    spans, total = cached.timeline_meant(view.tables, view.extras, view.catalog, view.data_state, color_by,
                                         LIMIT)
    if spans.empty:
        st.info("対象期間（2030年までに、今後3年間 など）が書かれた行がフィルタに合いません。"
                "フィルタを緩めるか、「発言日」の軸に切り替えてください。", icon=":material/event_busy:")
    else:
        note = f"（期間の終わりが新しい順に {LIMIT} 件まで表示。全 {total:,} 件）" if total > len(spans) else ""
        st.markdown(f"**{len(spans):,}件** の表現に対象期間があります{note}。"
                    "線は期間の始まり（「〜までに」なら記事の公開日）から終わり ◆ まで、○ は公開日です。"
                    "線の形は数字の状態: 太い実線 = 実績、破線 = 計画、点線 = 予測、"
                    "細い線 = 状態の記載なし（凡例の「状態」）。")
        ids = spans["source_id"]
        fig = charts.timeline_meant_figure(spans, title="いつのことか (the period each claim refers to)",
                                           frame=chart_frame(state, view.catalog, ids))
        chart_block(fig, spans, page="timeline", name=f"meant-by-{color_by}", state=state,
                    alt=charts.describe_meant(spans),
                    columns={"label": "表現｜記号", "time_text": "期間の表現", "start": "始まり", "end": "終わり",
                             "published": "公開日", "group": "色分け", "modality": "状態", "title": "出典",
                             "sentence": "文"})

excluded, n_excluded = cached.not_charted(view.tables, view.extras, view.catalog, view.data_state,
                                          MAX_EXCLUDED)
if n_excluded:
    with st.expander(f"グラフに描いていない行 {n_excluded:,}件 (flagged / not body)"):
        if n_excluded > len(excluded):
            st.caption(f"先頭 {len(excluded):,} 件を表示しています。全件は「一覧」ページでダウンロードできます。")
        st.dataframe(excluded[["title", "surface", "reason", "sentence"]], hide_index=True, width="stretch",
                     column_config={"title": "出典", "surface": "表現", "reason": "理由", "sentence": "文"},
                     alt="グラフから除外した行")

nav.page_links(exclude="app_pages/timeline.py")
