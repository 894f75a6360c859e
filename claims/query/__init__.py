"""Every question the app's pages ask, as named SQL over DuckDB (pure: never imports streamlit).

`tables.open_tables(path)` holds the claims and articles tables once per process; each
question takes a cursor from `Tables.scope(extras)` (the shipped rows plus a session's uploads
or the shared library, unioned in SQL), the reader's `FilterState`, and returns a small frame.
"""
