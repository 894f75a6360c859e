"""AI インフラ主張エクスプローラー — entry point: `streamlit run app.py`.

Page config, navigation, the shared filter bar (drawn before the page so the
same URL-bound widgets exist on every page), then the page itself.
"""
from pathlib import Path

import streamlit as st

from components import cached, data, filters, library, nav, view

# A local file (served from the app's own origin): a `:material/…:` or emoji page icon makes the browser
# fetch the tab icon from a third-party font or emoji server.
ICON = Path(__file__).parent / "assets" / "icon.png"
st.set_page_config(page_title="AIインフラ主張エクスプローラー", page_icon=str(ICON), layout="wide")

page = st.navigation(nav.st_pages())
tables = data.get_tables()            # bad table: a Japanese error page, then st.stop()
extras = library.extras()             # the shared library's articles, then this session's uploads
catalog = cached.catalog(tables, extras)
state = filters.render_filter_bar(catalog)
view.set_view(view.View(tables, extras, catalog, state))
page.run()
