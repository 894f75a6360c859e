"""Pure core of the claims explorer: text in, typed claims table out (no Streamlit)."""
