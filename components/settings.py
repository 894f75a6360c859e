"""Page settings in the URL as short stable codes (`?axis=meant`, `?article=004_efc16501928b0d28`).

The sidebar filters are bound with `bind="query-params"`, which writes a widget's *displayed* label into
the URL (`axis=対象期間+(meant)`). A page's own settings are bound here instead: the URL carries the
code, the widget shows the label, and a link made with an older label still opens the same view
(the label is read as its code, then the URL is rewritten with the code).

Every value the page cannot use (`axis=abc`, `jpy_rate=abc`, `ref_gw=-5`) is named in one notice, in the
same words as the sidebar's, instead of being dropped silently.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import streamlit as st

NOTICE = "URL の不明な値を無視しました (ignored unknown URL values): "
_SEEN = "_url_seen_"          # session key prefix: the URL value last applied to a widget
_BAD = "_url_bad"             # key -> what the notice says about it (kept until the key gets a good value)
_CHECKED = "_url_checked"     # the keys this run's page reads


def _bad(key: str, raw: str, why: str = "") -> None:
    st.session_state.setdefault(_BAD, {})[key] = f"{key}={raw}" + (f" ({why})" if why else "")


def _good(key: str) -> None:
    st.session_state.get(_BAD, {}).pop(key, None)


def _checked(key: str) -> None:
    st.session_state.setdefault(_CHECKED, set()).add(key)


def choice(key: str, options: Mapping[str, str], default: str,
           aliases: Mapping[str, str] | None = None, resolve: Callable[[str], str | None] | None = None) -> None:
    """Put the URL's value of `key` into the widget's state before the widget is drawn.

    `options`: code -> label. The URL may hold a code, a label (links made before codes), or anything
    `resolve` turns into a code. The URL is applied when it changed since it was last applied (a new
    link opened in this session), so the reader's later picks are not undone on every rerun."""
    _checked(key)
    raw = st.query_params.get(key)
    if raw is None:
        st.session_state.pop(_SEEN + key, None)
        st.session_state.setdefault(key, default)
        return
    code = raw if raw in options else (aliases or {}).get(raw) or {v: k for k, v in options.items()}.get(raw)
    if code is None and resolve is not None:
        code = resolve(raw)
    if code is None:
        _bad(key, raw)
        st.session_state.setdefault(key, default)
        return
    _good(key)
    if st.session_state.get(_SEEN + key) != raw or key not in st.session_state:
        st.session_state[key] = code
    st.session_state[_SEEN + key] = raw


def write(key: str, code: str | None, default: str | None) -> None:
    """The URL after the widget: the code, or nothing when it is the default."""
    if code is None or code == default:
        if key in st.query_params:
            del st.query_params[key]
        st.session_state.pop(_SEEN + key, None)
        return
    if st.query_params.get(key) != code:
        st.query_params[key] = code
    st.session_state[_SEEN + key] = code


def check_number(key: str, lo: float | None = None, hi: float | None = None) -> float | None:
    """A number a bound `st.number_input` will read from the URL: named in the notice when Streamlit would
    drop it (not a number, or outside the widget's bounds). Gives the URL's number when the widget can use it."""
    _checked(key)
    raw = st.query_params.get(key)
    if raw is None or raw == "":
        return None
    try:
        v = float(raw)
    except ValueError:
        _bad(key, raw, "数値ではありません not a number")
        return None
    if not math.isfinite(v) or (lo is not None and v < lo) or (hi is not None and v > hi):
        span = f"{lo:g}〜{hi:g}" if lo is not None and hi is not None else f"≥ {lo:g}" if lo is not None else ""
        _bad(key, raw, f"範囲外 out of range {span}".strip())
        return None
    _good(key)
    return v


def check_bool(key: str) -> None:
    _checked(key)
    raw = st.query_params.get(key)
    if raw is not None and raw.lower() not in ("true", "false"):
        _bad(key, raw)
    elif raw is not None:
        _good(key)


def notice() -> None:
    """One warning naming every bad page setting in the URL (call after the settings are read)."""
    checked = st.session_state.pop(_CHECKED, set())
    bad = [v for k, v in st.session_state.get(_BAD, {}).items() if k in checked]
    if bad:
        shown = ", ".join("`" + v.replace("`", "'")[:60] + "`" for v in bad)
        st.warning(NOTICE + shown, icon=":material/link_off:")
