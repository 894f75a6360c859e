"""The editor rules of DESIGN.md (claims/library/auth.py), one by one.

Local editing: off unless switched on; refused on a server bound to all interfaces (0.0.0.0,
::, unset) or to a LAN address; refused for a non-loopback Host, for any forwarding header,
for a non-loopback peer or Origin.  Password: refused over plain HTTP from anywhere but
loopback (and through a proxy), compared in constant time (hmac.compare_digest), one limit
on failed attempts for the whole process (threads share it; it also stops a correct
password while blocked).  Sign-in: only a verified e-mail on the list.  Nothing configured:
read-only.
"""
from __future__ import annotations

import threading

import pytest

from claims.library import auth
from claims.library.auth import AttemptLimiter, Request, Settings

LOCAL = {"Host": "localhost:8501", "Origin": "http://localhost:8501"}
PASSWORD = "correct horse battery staple"


def local(**headers):
    return Request(url="http://localhost:8501/", headers={**LOCAL, **headers})


# ---------------------------------------------------------------- rule 3: local editing

def test_local_editing_on_a_loopback_server_from_this_machine():
    for host in ("localhost:8501", "127.0.0.1:8501", "[::1]:8501", "localhost", "127.0.0.2"):
        d = auth.local_rule(Request(headers={"Host": host}), True, "127.0.0.1")
        assert d and auth.is_editor(d.editor) and d.editor.how == "local", host
    assert auth.local_rule(local(), True, "::1")
    assert auth.local_rule(local(), True, "localhost")


def test_local_editing_must_be_switched_on():
    for enabled in (False, None, "true", 1):
        d = auth.local_rule(local(), enabled, "127.0.0.1")
        assert not d and "not switched on" in d.reason


@pytest.mark.parametrize("address", ["", None, "0.0.0.0", "::", "[::]", "192.168.1.10", "10.0.0.5",
                                     "example.com", "203.0.113.7"])
def test_local_editing_refused_unless_the_server_listens_on_loopback_only(address):
    d = auth.local_rule(local(), True, address)
    assert not d and "loopback-only server" in d.reason


@pytest.mark.parametrize("host", ["example.com", "192.168.1.10:8501", "app.example.org:443", "localhost.evil.com",
                                  "127.0.0.1.nip.io", "", None, "0.0.0.0:8501"])
def test_local_editing_refused_for_a_non_loopback_host(host):
    headers = {"Host": host} if host is not None else {}
    d = auth.local_rule(Request(headers=headers), True, "127.0.0.1")
    assert not d and "Host" in d.reason


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host",
                                    "X-Forwarded-Proto", "x-forwarded-for", "Via", "CF-Connecting-IP",
                                    "True-Client-IP"])
def test_local_editing_refused_with_any_forwarding_header(header):
    d = auth.local_rule(local(**{header: "127.0.0.1"}), True, "127.0.0.1")
    assert not d and "proxy" in d.reason and header.lower() in d.reason


def test_local_editing_refused_for_a_remote_peer_or_origin():
    d = auth.local_rule(Request(headers=LOCAL, remote_ip="192.168.1.20"), True, "127.0.0.1")
    assert not d and "192.168.1.20" in d.reason
    d = auth.local_rule(local(Origin="https://evil.example"), True, "127.0.0.1")
    assert not d and "origin" in d.reason


# ---------------------------------------------------------------- rule 2: password

def test_password_over_https_or_loopback():
    d = auth.password_rule(PASSWORD, Request(url="https://claims.example.org/", headers={"Host": "claims.example.org"},
                                             remote_ip="198.51.100.4"), PASSWORD, AttemptLimiter())
    assert d and d.editor.how == "password"
    d = auth.password_rule(PASSWORD, local(), PASSWORD, AttemptLimiter())
    assert d and "loopback" in d.reason


@pytest.mark.parametrize("request_", [
    Request(url="http://claims.example.org/", headers={"Host": "claims.example.org"}, remote_ip="198.51.100.4"),
    Request(url="http://192.168.1.10:8501/", headers={"Host": "192.168.1.10:8501"}, remote_ip="192.168.1.20"),
    # Plain HTTP through a proxy that forwards to a loopback server is still plain HTTP outside.
    Request(url="http://localhost:8501/", headers={**LOCAL, "X-Forwarded-For": "203.0.113.9"}),
    Request(url=None, headers={"Host": "claims.example.org"}),
], ids=["public-http", "lan-http", "proxied-http", "unknown-scheme"])
def test_password_refused_over_plain_http_from_elsewhere(request_):
    limiter = AttemptLimiter()
    d = auth.password_rule(PASSWORD, request_, PASSWORD, limiter)
    assert not d and "HTTPS" in d.reason
    assert limiter.blocked_for() == 0               # never checked, so never counted


def test_password_not_configured_or_too_short():
    assert "no editor password" in auth.password_rule(PASSWORD, local(), None, AttemptLimiter()).reason
    d = auth.password_rule("short", local(), "short", AttemptLimiter())
    assert not d and "shorter" in d.reason


def test_password_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert not auth.password_rule("wrong password!", local(), PASSWORD, AttemptLimiter())
    assert auth.password_rule(PASSWORD, local(), PASSWORD, AttemptLimiter())
    assert len(calls) == 2
    # Digests of equal length: the comparison does not depend on the inputs' lengths or characters.
    assert all(len(a) == len(b) == 32 for a, b in calls)
    assert auth.passwords_match("日本語のパスワード", "日本語のパスワード")
    assert not auth.passwords_match("", PASSWORD)


def test_failed_attempts_are_limited_for_the_whole_process():
    now = [1000.0]
    limiter = AttemptLimiter(max_failures=5, window=60, clock=lambda: now[0])
    results = []
    lock = threading.Lock()

    def session():
        for _ in range(10):
            d = auth.password_rule("not the password", local(), PASSWORD, limiter)
            with lock:
                results.append(d.reason)

    threads = [threading.Thread(target=session) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("wrong password") == 5          # across all sessions, not per session
    assert sum("too many" in r for r in results) == 75
    # While blocked even the right password is refused (no oracle); after the window it works.
    d = auth.password_rule(PASSWORD, local(), PASSWORD, limiter)
    assert not d and "too many" in d.reason
    now[0] += 61
    assert auth.password_rule(PASSWORD, local(), PASSWORD, limiter)


def test_the_default_limiter_is_one_per_process():
    assert isinstance(auth.PASSWORD_LIMITER, AttemptLimiter)
    assert auth.password_rule.__defaults__[0] is auth.PASSWORD_LIMITER
    assert auth.decide.__defaults__[-1] is auth.PASSWORD_LIMITER


# ---------------------------------------------------------------- rule 1: identity provider

EDITORS = ["Editor@Example.org", "second@example.org"]


def test_signed_in_with_a_verified_email_on_the_list():
    d = auth.login_rule({"is_logged_in": True, "email": "editor@example.org", "email_verified": True}, EDITORS)
    assert d and d.editor.who == "editor@example.org" and d.editor.how == "login"


@pytest.mark.parametrize("user,why", [
    ({"is_logged_in": True, "email": "editor@example.org", "email_verified": False}, "not verified"),
    ({"is_logged_in": True, "email": "editor@example.org"}, "not verified"),
    ({"is_logged_in": True, "email": "editor@example.org", "email_verified": "true"}, "not verified"),
    ({"is_logged_in": True, "email": "intruder@example.org", "email_verified": True}, "not on the editors list"),
    ({"is_logged_in": False, "email": "editor@example.org", "email_verified": True}, "not signed in"),
    ({"is_logged_in": True, "email_verified": True}, "no e-mail"),
    (None, "not signed in"),
])
def test_sign_in_refused(user, why):
    d = auth.login_rule(user, EDITORS)
    assert not d and why in d.reason


def test_sign_in_without_an_editors_list_grants_nothing():
    d = auth.login_rule({"is_logged_in": True, "email": "a@b.c", "email_verified": True}, [])
    assert not d


# ---------------------------------------------------------------- settings and decide

def test_nothing_configured_is_read_only():
    s = Settings.from_sources({}, env={})
    assert not s.any_rule
    d = auth.decide(s, local(), user={"is_logged_in": True, "email": "x@y.z", "email_verified": True},
                    password=PASSWORD)
    assert not d and "read-only" in d.reason


def test_settings_from_secrets_and_environment():
    s = Settings.from_sources({"editors": ["A@x.org"], "auth": {"redirect_uri": "…"}, "editor_password": PASSWORD},
                              env={"CLAIMS_LOCAL_EDITING": "1"}, server_address="127.0.0.1")
    assert s.editors == frozenset({"a@x.org"}) and s.login and s.password == PASSWORD and s.local_editing
    s = Settings.from_sources({}, env={"CLAIMS_EDITORS": "a@x.org, b@x.org", "CLAIMS_LOCAL_EDITING": "maybe"})
    assert s.editors == frozenset({"a@x.org", "b@x.org"}) and not s.local_editing and not s.login
    # secrets win over the environment
    s = Settings.from_sources({"local_editing": False}, env={"CLAIMS_LOCAL_EDITING": "true"})
    assert not s.local_editing


def test_settings_when_secrets_cannot_be_read():
    class NoSecretsFile:
        def get(self, key, default=None):
            raise FileNotFoundError("no secrets.toml")

        def __contains__(self, key):
            raise FileNotFoundError("no secrets.toml")

    s = Settings.from_sources(NoSecretsFile(), env={"CLAIMS_EDITOR_PASSWORD": PASSWORD})
    assert s.password == PASSWORD and not s.login and not s.editors


def test_decide_tries_each_configured_rule():
    limiter = AttemptLimiter()
    s = Settings(editors=frozenset({"e@x.org"}), login=True, password=PASSWORD, local_editing=True,
                 server_address="0.0.0.0")
    user = {"is_logged_in": True, "email": "e@x.org", "email_verified": True}
    assert auth.decide(s, local(), user=user, limiter=limiter).editor.how == "login"
    assert auth.decide(s, local(), password=PASSWORD, limiter=limiter).editor.how == "password"
    d = auth.decide(s, local(), limiter=limiter)       # local rule: server on all interfaces
    assert not d and "all interfaces" in d.reason
    s2 = Settings(local_editing=True, server_address="127.0.0.1")
    assert auth.decide(s2, local()).editor.how == "local"
    assert not auth.decide(s2, local(**{"X-Forwarded-For": "1.2.3.4"}))


def test_helpers():
    assert auth.is_loopback_name("[::1]:8501") and auth.is_loopback_name("127.9.9.9")
    assert not auth.is_loopback_name("localhost.example.com") and not auth.is_loopback_name("::ffff:8.8.8.8")
    assert auth.server_is_loopback_only("127.0.0.1")[0] and not auth.server_is_loopback_only("0.0.0.0")[0]
