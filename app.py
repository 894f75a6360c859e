"""AI インフラ主張エクスプローラー — entry point: `streamlit run app.py`.

Page config, navigation, the shared filter bar (drawn before the page so the
same URL-bound widgets exist on every page), then the page itself.
"""
import streamlit as st

from components import data, filters, nav, uploads, view

st.set_page_config(page_title="AIインフラ主張エクスプローラー", page_icon=":material/bolt:", layout="wide")

page = st.navigation(nav.st_pages())
corpus = uploads.with_uploads(data.get_corpus())   # bad table: a Japanese error page, then st.stop()
state = filters.render_filter_bar(corpus)
view.set_view(corpus, state)
page.run()
