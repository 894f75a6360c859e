"""Who is an editor on this run: the rules of claims.library.auth, fed from Streamlit.

Settings come from st.secrets (`editors` with an [auth] section for st.login, `editor_password`,
`local_editing`) and the environment (CLAIMS_EDITORS, CLAIMS_EDITOR_PASSWORD,
CLAIMS_LOCAL_EDITING), plus Streamlit's server.address; the request from st.context (the page's
URL, the WebSocket request's headers — Host and any forwarding header — and the peer address).

The capability (a claims.library.auth.Editor) lives only in server-side session state, and only
for a password sign-in (the password is given once per session); the login and local rules are
decided afresh on every run.  Nothing a browser sends can make one: the store's write functions
accept only Editors granted by claims.library.auth.
"""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from claims.library import auth
from claims.library.auth import Decision, Editor, Request, Settings

EDITOR_KEY = "_library_editor"      # a password-granted Editor (server-side session state only)


def settings() -> Settings:
    return Settings.from_sources(st.secrets, server_address=st.get_option("server.address"))


def current_request() -> Request:
    ctx = st.context
    try:
        headers = {str(k): str(v) for k, v in ctx.headers.items()}
    except Exception:   # noqa: BLE001  (no client: no headers, so never a loopback request)
        headers = {}
    ip = ctx.ip_address
    # None means "a loopback peer" to the rules; anything that is not an address string is unknown.
    remote_ip = ip if ip is None or isinstance(ip, str) else "unknown"
    url = ctx.url if isinstance(ctx.url, str) else None
    return Request(url=url, headers=headers, remote_ip=remote_ip)


def _user(s: Settings) -> Mapping | None:
    if not s.login:
        return None
    try:
        return st.user.to_dict()
    except Exception:   # noqa: BLE001
        return None


def signed_in_user() -> str | None:
    """The e-mail of a person signed in with st.login (None when nobody is, or no provider is set up)."""
    user = _user(settings())
    if not user or not user.get("is_logged_in"):
        return None
    return str(user.get("email") or "") or "?"


def login_providers() -> list[str]:
    """Named providers of the [auth] section (st.login(provider)); [] for the single default one."""
    try:
        section = st.secrets.get("auth") or {}
        return [k for k, v in section.items() if isinstance(v, Mapping)]
    except Exception:   # noqa: BLE001
        return []


def decision(password: str | None = None) -> Decision:
    """This run's decision: an editor (and why), or a reader (and why not)."""
    s = settings()
    request = current_request()
    held = st.session_state.get(EDITOR_KEY)
    if held is not None:
        ok = (auth.is_editor(held) and held.how == "password" and s.password
              and auth.password_transport(request)[0])
        if ok:
            return Decision(held, "editor password given in this session")
        st.session_state.pop(EDITOR_KEY, None)         # forged, stale or no longer allowed
    d = auth.decide(s, request, user=_user(s), password=password)
    if d and d.editor.how == "password":
        st.session_state[EDITOR_KEY] = d.editor
    return d


def current_editor() -> Editor | None:
    return decision().editor


def sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)
