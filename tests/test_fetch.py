"""The fetcher's refusals, each with what the editor is told.

Refused targets tried: every address class (loopback, private, link-local, carrier-grade NAT,
unique-local, multicast, unspecified, reserved, cloud metadata) as a literal IP — also in
IPv4-mapped, NAT64 and 6to4 form and in the numeric spellings the C library accepts — and as a
host name resolving to it; local and metadata host names; a redirect to each; a DNS answer that
changes between lookups; an oversized body (declared and streamed); gzip/deflate bombs and an
unsupported encoding; slow headers, a slow body and a slow resolver; non-HTML types; bad schemes;
too many redirects; credentials in the URL; a certificate for another name.
Servers are http.server on 127.0.0.1 in a thread (tests/fetch_helpers.py), reached only through
the one-port loopback policy the test builds.
"""
import gzip
import os
import socket
import ssl
import subprocess
import threading
import time
import zlib
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from fetch_helpers import html_page, redirect, respond, serve, trickle

from claims import fetch as fetch_mod
from claims.fetch import MAX_BYTES, AddressPolicy, FetchError, fetch

ROOT = Path(__file__).resolve().parents[1]
PAGE = "<html><head><title>記事</title></head><body><p>データセンターは10GW規模。</p></body></html>"

# (address, what the editor reads about it, reason)
REFUSED = [
    ("127.0.0.1", "ループバックアドレス 127.0.0.1", "loopback address"),
    ("127.8.9.10", "ループバックアドレス 127.8.9.10", "loopback address"),
    ("::1", "ループバックアドレス ::1", "loopback address"),
    ("10.0.0.5", "内部アドレス 10.0.0.5", "private address"),
    ("172.16.3.4", "内部アドレス 172.16.3.4", "private address"),
    ("192.168.1.1", "内部アドレス 192.168.1.1", "private address"),
    ("169.254.10.1", "リンクローカルアドレス 169.254.10.1", "link-local address"),
    ("fe80::1", "リンクローカルアドレス fe80::1", "link-local address"),
    ("100.64.0.1", "キャリアグレードNATのアドレス 100.64.0.1", "carrier-grade NAT address"),
    ("100.127.255.254", "キャリアグレードNATのアドレス 100.127.255.254", "carrier-grade NAT address"),
    ("fd12:3456::1", "ユニークローカルアドレス fd12:3456::1", "unique-local address"),
    ("fc00::1", "ユニークローカルアドレス fc00::1", "unique-local address"),
    ("224.0.0.1", "マルチキャストアドレス 224.0.0.1", "multicast address"),
    ("ff02::1", "マルチキャストアドレス ff02::1", "multicast address"),
    ("0.0.0.0", "未指定アドレス 0.0.0.0", "unspecified address"),
    ("0.1.2.3", "未指定アドレス 0.1.2.3", "unspecified address"),
    ("::", "未指定アドレス ::", "unspecified address"),
    ("240.0.0.1", "予約済みアドレス 240.0.0.1", "reserved address"),
    ("255.255.255.255", "予約済みアドレス 255.255.255.255", "reserved address"),
    ("169.254.169.254", "クラウドのメタデータアドレス 169.254.169.254", "cloud metadata address"),
    ("fd00:ec2::254", "クラウドのメタデータアドレス fd00:ec2::254", "cloud metadata address"),
    ("100.100.100.200", "クラウドのメタデータアドレス 100.100.100.200", "cloud metadata address"),
    # wrapped forms: judged by the IPv4 address inside
    ("::ffff:127.0.0.1", "ループバックアドレス ::ffff:7f00:1 (= 127.0.0.1)", "loopback address"),
    ("::ffff:10.0.0.5", "内部アドレス ::ffff:a00:5 (= 10.0.0.5)", "private address"),
    ("64:ff9b::a00:5", "内部アドレス 64:ff9b::a00:5 (= 10.0.0.5)", "private address"),
    ("64:ff9b::a9fe:a9fe", "クラウドのメタデータアドレス 64:ff9b::a9fe:a9fe (= 169.254.169.254)",
     "cloud metadata address"),
    ("2002:a00:5::", "内部アドレス 2002:a00:5:: (= 10.0.0.5)", "private address"),
    ("2002:7f00:1::1", "ループバックアドレス 2002:7f00:1::1 (= 127.0.0.1)", "loopback address"),
    ("2002:6440:1::", "キャリアグレードNATのアドレス 2002:6440:1:: (= 100.64.0.1)", "carrier-grade NAT address"),
    ("64:ff9b:1::a00:5", "グローバルでないアドレス 64:ff9b:1::a00:5", "non-global address"),
]
IDS = [a for a, _, _ in REFUSED]


def message(label: str, reason: str) -> str:
    return f"{label} への接続は許可されていません ({reason} refused)"


def url_for(ip: str, port: int | None = None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}{f':{port}' if port else ''}/news/1"


def never(host, port):
    raise AssertionError(f"no lookup expected for {host}")


@pytest.fixture(scope="module")
def server():
    """One page, a redirect route for any target (?to=...), and a gzip page."""
    def go(h):
        from urllib.parse import parse_qs, urlsplit
        redirect(parse_qs(urlsplit(h.path).query)["to"][0])(h)

    routes = {"/": html_page(PAGE), "/go": go,
              "/gz": html_page(gzip.compress(PAGE.encode()), Content_Encoding="gzip")}
    with serve(routes) as srv:
        yield srv


# --- every address class, literal and by name ------------------------------------------------

@pytest.mark.parametrize("ip,label,reason", REFUSED, ids=IDS)
def test_literal_address_is_refused(ip, label, reason):
    with pytest.raises(FetchError) as err:
        fetch(url_for(ip), resolve=never)
    assert str(err.value) == message(label, reason)
    assert err.value.reason == reason


@pytest.mark.parametrize("ip,label,reason", REFUSED, ids=IDS)
def test_host_name_resolving_to_the_address_is_refused(ip, label, reason):
    with pytest.raises(FetchError) as err:
        fetch("https://news.example/a/1", resolve=lambda host, port: [ip])
    assert str(err.value) == "news.example の接続先である" + message(label, reason)


def test_one_bad_address_among_good_ones_refuses_the_host():
    with pytest.raises(FetchError, match=r"内部アドレス 10\.0\.0\.5"):
        fetch("https://news.example/", resolve=lambda h, p: ["93.184.216.34", "10.0.0.5"])


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f000001", "0x7f.1", "127.1", "0177.0.0.1", "127.0.0.1."])
def test_numeric_spellings_of_loopback_are_refused(spelling):
    with pytest.raises(FetchError) as err:
        fetch(f"http://{spelling}/", resolve=never)
    assert str(err.value) == message("ループバックアドレス 127.0.0.1", "loopback address")


@pytest.mark.parametrize("host,text", [
    ("metadata.google.internal", "クラウドのメタデータサーバー metadata.google.internal への接続は許可されていません "
                                 "(cloud metadata host refused)"),
    ("metadata", "クラウドのメタデータサーバー metadata への接続は許可されていません (cloud metadata host refused)"),
    ("METADATA.GOOGLE.INTERNAL.", "クラウドのメタデータサーバー metadata.google.internal"),
    ("instance-data", "クラウドのメタデータサーバー instance-data"),
    ("localhost", "内部向けのホスト名 localhost への接続は許可されていません (local host name refused)"),
    ("app.localhost", "内部向けのホスト名 app.localhost"),
    ("db.internal", "内部向けのホスト名 db.internal"),
    ("printer.local", "内部向けのホスト名 printer.local"),
])
def test_local_and_metadata_names_are_refused_before_any_lookup(host, text):
    with pytest.raises(FetchError) as err:
        fetch(f"http://{host}/computeMetadata/v1/", resolve=never)
    assert str(err.value).startswith(text)


@pytest.mark.parametrize("ip", ["93.184.216.34", "2606:4700::1", "::ffff:8.8.8.8", "64:ff9b::808:808",
                                "2002:808:808::"])
def test_global_addresses_pass_the_strict_policy(ip):
    import ipaddress
    AddressPolicy().check(ipaddress.ip_address(ip), 443)   # no exception


# --- the policy itself -------------------------------------------------------------------------

def test_strict_policy_is_the_default_even_for_our_own_test_server(server):
    with pytest.raises(FetchError, match=r"ループバックアドレス 127\.0\.0\.1"):
        fetch(server.url("/"))


def test_loopback_policy_allows_one_port_only(server):
    assert fetch(server.url("/"), policy=server.policy).text == PAGE
    with pytest.raises(FetchError, match="loopback address refused"):
        fetch(f"http://127.0.0.1:{server.port + 1}/", policy=server.policy)
    with pytest.raises(FetchError, match="loopback address refused"):
        fetch(f"http://127.0.0.2:{server.port}/", policy=server.policy)
    with pytest.raises(FetchError, match="private address refused"):
        fetch(f"http://10.0.0.5:{server.port}/", policy=server.policy)


def test_a_looser_policy_cannot_be_built_outside_tests():
    code = compile("from claims.fetch import AddressPolicy\nAddressPolicy.allowing('127.0.0.1', 8501)",
                   str(ROOT / "claims" / "anything.py"), "exec")
    with pytest.raises(PermissionError, match="tests/"):
        exec(code, {})
    with pytest.raises(ValueError, match="loopback"):
        AddressPolicy.allowing("10.0.0.5", 80)
    assert AddressPolicy().strict and not AddressPolicy.allowing("127.0.0.1", 80).strict

    class Lenient(AddressPolicy):
        def check(self, ip, port, host=None):
            return None

    with pytest.raises(TypeError, match="AddressPolicy"):
        fetch("http://10.0.0.5/", policy=Lenient())


def test_no_setting_or_environment_variable_loosens_the_policy(server, monkeypatch):
    for name in ("CLAIMS_FETCH_ALLOW_PRIVATE", "ALLOW_LOOPBACK", "FETCH_POLICY", "NO_SSRF_CHECK"):
        monkeypatch.setenv(name, "1")
    with pytest.raises(FetchError, match="loopback address refused"):
        fetch(server.url("/"))
    source = (ROOT / "claims" / "fetch.py").read_text()
    assert "os.environ" not in source and "getenv" not in source and "st.secrets" not in source
    outside = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts
               and p != ROOT / "claims" / "fetch.py" and ".allowing(" in p.read_text(errors="replace")]
    assert outside == []        # only tests/ builds the looser policy


# --- redirects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ip,label,reason", REFUSED, ids=IDS)
def test_redirect_to_each_address_class_is_refused(server, ip, label, reason):
    target = url_for(ip)
    with pytest.raises(FetchError) as err:
        fetch(server.url(f"/go?to={target}"), policy=server.policy, resolve=never)
    assert str(err.value) == f"リダイレクト先 {target} : " + message(label, reason)


@pytest.mark.parametrize("ip,label,reason", REFUSED[::4], ids=IDS[::4])
def test_redirect_to_a_name_resolving_to_each_class_is_refused(server, ip, label, reason):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/go?to=http://evil.example/x"), policy=server.policy, resolve=lambda h, p: [ip])
    assert str(err.value) == ("リダイレクト先 http://evil.example/x : evil.example の接続先である"
                              + message(label, reason))


@pytest.mark.parametrize("target,fragment", [
    ("file:///etc/passwd", "http と https 以外の URL は取得できません: file: (scheme not allowed)"),
    ("http://localhost/admin", "内部向けのホスト名 localhost"),
    ("http://metadata.google.internal/computeMetadata/v1/", "クラウドのメタデータサーバー"),
    ("http://user:pw@example.com/", "URL にユーザー名やパスワードを含めることはできません"),
])
def test_redirect_to_other_refused_targets(server, target, fragment):
    with pytest.raises(FetchError) as err:
        fetch(server.url(f"/go?to={target}"), policy=server.policy, resolve=never)
    assert str(err.value).startswith(f"リダイレクト先 {target} : {fragment}")


def test_redirect_to_another_port_on_the_allowed_loopback_is_refused(server):
    with pytest.raises(FetchError, match="loopback address refused"):
        fetch(server.url(f"/go?to=http://127.0.0.1:{server.port + 1}/"), policy=server.policy)


def test_five_redirects_are_followed_six_are_refused():
    routes = {f"/r{i}": redirect(f"/r{i + 1}", status=301 if i % 2 else 307) for i in range(6)}
    routes["/r5"] = html_page(PAGE)
    routes["/s0"] = redirect("/r0")
    with serve(routes) as srv:
        page = fetch(srv.url("/r0"), policy=srv.policy)
        assert page.url == srv.url("/r5") and len(page.redirects) == 5 and page.requested_url == srv.url("/r0")
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/s0"), policy=srv.policy)
    assert str(err.value) == "リダイレクトが多すぎます (5 回まで) (too many redirects)"


def test_redirect_loop_stops():
    with serve({"/loop": redirect("/loop")}) as srv:
        with pytest.raises(FetchError, match="too many redirects"):
            fetch(srv.url("/loop"), policy=srv.policy)


# --- DNS rebinding: we connect to the address we checked ---------------------------------------

def test_connection_goes_to_the_checked_address_without_a_second_lookup(server, monkeypatch):
    answers = iter([["127.0.0.1"], ["10.0.0.5"], ["169.254.169.254"]])
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return next(answers)

    system_lookups = []
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda host, *a, **k: (system_lookups.append(host), real(host, *a, **k))[1])
    page = fetch(f"http://news.example:{server.port}/", policy=server.policy, resolve=rebinding)
    assert page.text == PAGE and page.address == "127.0.0.1"
    assert calls == ["news.example"]                       # resolved once ...
    assert "news.example" not in system_lookups            # ... and never again behind our back
    assert server.seen[-1]["host"] == f"news.example:{server.port}"   # the name still in Host


def test_rebinding_on_a_redirect_is_checked_again(server):
    answers = iter([["127.0.0.1"], ["10.0.0.5"]])
    with pytest.raises(FetchError) as err:
        fetch(f"http://news.example:{server.port}/go?to=/", policy=server.policy,
              resolve=lambda h, p: next(answers))
    assert str(err.value) == (f"リダイレクト先 http://news.example:{server.port}/ : news.example の接続先である"
                              + message("内部アドレス 10.0.0.5", "private address"))


def test_first_answer_bad_means_no_connection_at_all(server):
    before = len(server.seen)
    answers = iter([["10.0.0.5"], ["127.0.0.1"]])
    with pytest.raises(FetchError, match="private address refused"):
        fetch(f"http://news.example:{server.port}/", policy=server.policy, resolve=lambda h, p: next(answers))
    assert len(server.seen) == before


# --- size, compression, time -------------------------------------------------------------------

def _close_delimited(body: bytes, **headers):
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        for k, v in headers.items():
            h.send_header(k.replace("_", "-"), v)
        h.end_headers()
        try:
            h.wfile.write(body)
        except OSError:
            pass
    return route


def test_oversized_bodies_are_refused():
    big = b"<p>" + b"a" * MAX_BYTES + b"</p>"
    routes = {"/declared": lambda h: respond(h, b"x", headers={"Content-Length": str(MAX_BYTES + 1)}),
              "/streamed": _close_delimited(big),
              "/exact": _close_delimited(b"a" * MAX_BYTES)}
    with serve(routes) as srv:
        for path in ("/declared", "/streamed"):
            with pytest.raises(FetchError) as err:
                fetch(srv.url(path), policy=srv.policy)
            assert str(err.value) == "ページの大きさが上限 5 MB を超えています (body over 5 MB refused)"
        assert len(fetch(srv.url("/exact"), policy=srv.policy).body) == MAX_BYTES


@pytest.mark.parametrize("encoding,compress", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda b: (lambda c: c.compress(b) + c.flush())(zlib.compressobj(9, zlib.DEFLATED, -15))),
])
def test_compressed_bombs_are_refused_while_streaming(encoding, compress):
    bomb = compress(b"<p>" + b"\0" * (200 * 2**20))          # 200 MB of zeros in ~200 KB
    assert len(bomb) < 1_000_000
    with serve({"/bomb": _close_delimited(bomb, Content_Encoding=encoding)}) as srv:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/bomb"), policy=srv.policy)
        assert time.monotonic() - started < 5
    assert str(err.value) == ("展開後のサイズが上限 5 MB を超えています "
                              "(body over 5 MB refused after decompression)")


def test_compressed_pages_are_read_and_brotli_is_not_accepted(server):
    assert fetch(server.url("/gz"), policy=server.policy).text == PAGE
    assert server.seen[-1]["accept_encoding"] == "gzip, deflate"
    with serve({"/br": html_page(b"\x1b\x00", Content_Encoding="br"),
                "/bad": html_page(b"not gzip at all", Content_Encoding="gzip")}) as srv:
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/br"), policy=srv.policy)
        assert str(err.value) == "対応していない圧縮形式です: br (content encoding refused)"
        with pytest.raises(FetchError, match=r"圧縮されたページを展開できませんでした \(gzip body is corrupt\)"):
            fetch(srv.url("/bad"), policy=srv.policy)


def test_slow_body_hits_the_deadline():
    with serve({"/slow": trickle(pieces=100, pause=0.1)}) as srv:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/slow"), policy=srv.policy, deadline=1.0)
        elapsed = time.monotonic() - started
    assert str(err.value) == "1 秒以内に取得できませんでした (deadline exceeded)"
    assert 0.9 < elapsed < 2.0


def test_slow_headers_and_slow_dns_hit_the_deadline():
    def dawdle(h):
        time.sleep(3)
        respond(h, PAGE.encode())

    with serve({"/late": dawdle}) as srv:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline exceeded"):
            fetch(srv.url("/late"), policy=srv.policy, deadline=0.5)
        assert time.monotonic() - started < 1.5
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"0.5 秒以内に news.example を解決できませんでした \(deadline exceeded\)"):
        fetch("http://news.example/", deadline=0.5, resolve=lambda h, p: time.sleep(3) or ["93.184.216.34"])
    assert time.monotonic() - started < 1.5


def test_limits_given_as_arguments_only_tighten():
    assert fetch_mod._Clock(min(600.0, fetch_mod.DEADLINE_S)).seconds == 10.0
    with serve({"/p": html_page(PAGE)}) as srv:
        with pytest.raises(FetchError, match="body over"):
            fetch(srv.url("/p"), policy=srv.policy, max_bytes=10)
        assert fetch(srv.url("/p"), policy=srv.policy, max_bytes=10**12).text == PAGE


# --- types, schemes, credentials, status -------------------------------------------------------

@pytest.mark.parametrize("ctype,shown", [
    ("application/pdf", "application/pdf"), ("image/png", "image/png"), ("application/json", "application/json"),
    ("application/octet-stream", "application/octet-stream"), (None, "不明 (none)"),
])
def test_non_html_types_are_refused(ctype, shown):
    def route(h):
        h.send_response(200)
        if ctype:
            h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", "4")
        h.end_headers()
        h.wfile.write(b"%PDF")

    with serve({"/f": route}) as srv:
        with pytest.raises(FetchError) as err:
            fetch(srv.url("/f"), policy=srv.policy)
    assert str(err.value) == f"HTML かテキストのページではありません: {shown} (content type refused)"


@pytest.mark.parametrize("url,shown", [
    ("file:///etc/passwd", "file:"), ("ftp://example.com/a.html", "ftp:"),
    ("javascript:alert(1)", "javascript:"), ("data:text/html,<p>x</p>", "data:"),
    ("gopher://example.com/", "gopher:"), ("example.com/news", "スキームなし (no scheme)"),
    ("//example.com/news", "スキームなし (no scheme)"),
])
def test_bad_schemes_are_refused(url, shown):
    with pytest.raises(FetchError) as err:
        fetch(url, resolve=never)
    assert str(err.value) == f"http と https 以外の URL は取得できません: {shown} (scheme not allowed)"


@pytest.mark.parametrize("url", ["http://user:pass@example.com/", "https://user@example.com/",
                                 "http://:pw@example.com/", "http://example.com@10.0.0.5/"])
def test_credentials_in_the_url_are_refused(url):
    with pytest.raises(FetchError) as err:
        fetch(url, resolve=never)
    assert str(err.value) == "URL にユーザー名やパスワードを含めることはできません (credentials in URL refused)"


def test_http_errors_and_dead_servers_are_explained(server):
    with pytest.raises(FetchError) as err:
        fetch(server.url("/missing"), policy=server.policy)
    assert str(err.value) == "ページを取得できませんでした: HTTP 404 Not Found (HTTP error 404)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    from fetch_helpers import loopback_policy
    with pytest.raises(FetchError) as err:
        fetch(f"http://127.0.0.1:{free}/", policy=loopback_policy(free))
    assert str(err.value).startswith("127.0.0.1 (127.0.0.1) に接続できませんでした (connection failed")
    with pytest.raises(FetchError, match=r"ホスト名 nowhere.example を解決できませんでした \(DNS lookup failed\)"):
        fetch("http://nowhere.example/", resolve=lambda h, p: [])


@pytest.mark.parametrize("body,ctype,expected", [
    ("記事の本文です。".encode("shift_jis"), "text/html; charset=Shift_JIS", "cp932"),
    ('<meta charset="euc-jp"><p>記事の本文です。</p>'.encode("euc_jp"), "text/html", "euc_jp"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>本文です。データセンター</p>'
     .encode("cp932"), "text/html", "cp932"),
    ("<p>本文です。データセンターの電力は10GWに達する。</p>".encode("cp932"), "text/html; charset=utf-8", "cp932"),
    ("本文です。".encode(), "text/plain", "utf-8"),
    ("<p>本文です。</p>".encode(), "text/html; charset=iso-8859-1", "utf-8"),
])
def test_charsets_declared_in_meta_or_detected(body, ctype, expected):
    with serve({"/p": html_page(body, ctype=ctype)}) as srv:
        page = fetch(srv.url("/p"), policy=srv.policy)
    assert page.charset == expected and "本文です" in page.text
    assert page.is_html == (ctype != "text/plain")


# --- TLS: the certificate is checked against the host name, not the address --------------------

def test_tls_checks_the_certificate_against_the_host_name(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example",
                           "-keyout", str(key), "-out", str(cert)], capture_output=True)
    if made.returncode:
        pytest.skip("openssl could not make a test certificate")
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    seen_sni = []
    server_ctx.sni_callback = lambda sock, name, ctx: seen_sni.append(name)

    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        timeout = 5

        def do_GET(self):
            respond(self, PAGE.encode())

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    monkeypatch.setattr(fetch_mod, "tls_context", lambda: ssl.create_default_context(cafile=str(cert)))
    from fetch_helpers import loopback_policy
    try:
        page = fetch(f"https://news.example:{port}/", policy=loopback_policy(port),
                     resolve=lambda h, p: ["127.0.0.1"])
        assert page.text == PAGE and seen_sni == ["news.example"]
        with pytest.raises(FetchError) as err:
            fetch(f"https://other.example:{port}/", policy=loopback_policy(port),
                  resolve=lambda h, p: ["127.0.0.1"])
        assert str(err.value).startswith("other.example の TLS 証明書を確認できませんでした "
                                         "(certificate check failed: Hostname mismatch")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_errors_are_messages_not_tracebacks():
    err = FetchError("x", "y")
    assert isinstance(err, Exception) and err.reason == "y"
    assert os.linesep not in str(pytest.raises(FetchError, fetch, "ftp://x").value)
