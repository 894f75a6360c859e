"""Fetch one web page safely: the one place the app reaches out.

    page = fetch("https://news.example/a/1")      # -> FetchedPage, or FetchError

Rules (DESIGN.md, "The library"; issue 13, "Fetching safely"):

- http and https only; no user name or password in the URL.
- The host is resolved once; every address it resolves to must be globally
  routable (IPv4-mapped, NAT64 and 6to4 forms are unwrapped first), and the
  connection goes to that checked address: no second lookup, so a DNS answer
  that changes between lookups cannot redirect us.  TLS still checks the
  certificate against the host name (SNI + hostname verification).
- At most 5 redirects, followed by hand, each target checked the same way.
- One deadline of 10 s for everything (lookups, connects, every read, all hops).
- At most 5 MB of body, counted after decompression while streaming.
- Only HTML or plain text; the charset declared, else the page's <meta>, else
  detected as for uploaded files (claims/textio.py).

Which addresses may be reached is an `AddressPolicy`.  Production code only
gets the strict one; `AddressPolicy.allowing` (one loopback address and port)
can only be called from the test suite's own files under tests/.  No setting,
environment variable or secret changes this.  Limits given as arguments can
only tighten the defaults.
"""
from __future__ import annotations

import codecs
import http.client
import ipaddress
import re
import socket
import ssl
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .textio import DecodeError, decode_bytes

DEADLINE_S = 10.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "claims-library/1.0 (+article fetcher)"
_CHUNK = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A refused or failed fetch.  `str(err)` is the message for the editor (Japanese, English in
    brackets); `reason` is a short English key for code and tests."""

    def __init__(self, message: str, reason: str, url: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.url = url


# --- which addresses are refused -------------------------------------------------------------

_METADATA_IPS = {ipaddress.ip_address(a) for a in (
    "169.254.169.254",   # AWS, GCP, Azure, Oracle, OpenStack
    "169.254.170.2",     # AWS ECS task metadata
    "fd00:ec2::254",     # AWS IMDS over IPv6
    "100.100.100.200",   # Alibaba Cloud
)}
_METADATA_NAMES = ("metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                   "instance-data.ec2.internal")
# Names that only ever mean this machine or a private network.
_LOCAL_SUFFIXES = ("localhost", "internal", "local", "localdomain", "home.arpa", "lan", "intranet")

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_6TO4 = ipaddress.ip_network("2002::/16")

# (reason key, Japanese label, test) in the order they are tried; the first match names the refusal.
_CLASSES: list[tuple[str, str, Callable[[IPAddress], bool]]] = [
    ("cloud metadata address", "クラウドのメタデータアドレス", lambda ip: ip in _METADATA_IPS),
    ("unspecified address", "未指定アドレス",
     lambda ip: ip.is_unspecified or (ip.version == 4 and ip in _THIS_NETWORK)),
    ("loopback address", "ループバックアドレス", lambda ip: ip.is_loopback),
    ("link-local address", "リンクローカルアドレス", lambda ip: ip.is_link_local),
    ("carrier-grade NAT address", "キャリアグレードNATのアドレス",
     lambda ip: ip.version == 4 and ip in _CGNAT),
    ("unique-local address", "ユニークローカルアドレス", lambda ip: ip.version == 6 and ip in _UNIQUE_LOCAL),
    ("multicast address", "マルチキャストアドレス", lambda ip: ip.is_multicast),
    ("reserved address", "予約済みアドレス", lambda ip: ip.is_reserved),
    ("private address", "内部アドレス",
     lambda ip: ip.is_private or (ip.version == 6 and ip.is_site_local)),
    ("non-global address", "グローバルでないアドレス", lambda ip: not ip.is_global),
]


def unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or
    6to4 (2002::/16) IPv6 address; any other address unchanged."""
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip in _6TO4:
            return ip.sixtofour
        if ip.scope_id:
            return ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    return ip


def classify(ip: IPAddress) -> tuple[str, str] | None:
    """(reason, Japanese label) if `ip` is not globally routable, else None.
    A wrapped IPv4 address is judged by the address inside it."""
    if ip.version == 6 and ip in _NAT64_LOCAL:
        return "non-global address", "グローバルでないアドレス"
    candidate = unwrap(ip)
    for reason, label, test in _CLASSES:
        if test(candidate):
            return reason, label
    return None


def _shown(ip: IPAddress) -> str:
    inner = unwrap(ip)
    return str(ip) if inner == ip else f"{ip} (= {inner})"


class AddressPolicy:
    """Which (address, port) pairs the fetcher may connect to.

    `AddressPolicy()` is the strict policy: globally routable addresses only.  The one looser
    policy, `AddressPolicy.allowing(ip, port)`, lets through a single loopback test server and
    can only be built from files under the repository's tests/ folder.
    """

    __slots__ = ("_allowed",)

    def __init__(self) -> None:
        self._allowed: frozenset[tuple[IPAddress, int]] = frozenset()

    @classmethod
    def allowing(cls, ip: str, port: int) -> AddressPolicy:
        """A policy that also allows one loopback server, for the test suite's launcher only."""
        caller = Path(sys._getframe(1).f_code.co_filename).resolve()
        tests = (Path(__file__).resolve().parents[1] / "tests").resolve()
        if not caller.is_relative_to(tests):
            raise PermissionError("AddressPolicy.allowing is for the test suite (tests/) only")
        addr = ipaddress.ip_address(ip)
        if not addr.is_loopback or not 0 < int(port) < 65536:
            raise ValueError("a test policy may allow one loopback address and port only")
        policy = cls()
        policy._allowed = frozenset({(addr, int(port))})
        return policy

    @property
    def strict(self) -> bool:
        return not self._allowed

    def check(self, ip: IPAddress, port: int, host: str | None = None) -> None:
        """Raise FetchError unless a connection to ip:port is allowed."""
        if (ip, port) in self._allowed:
            return
        refused = classify(ip)
        if refused is None:
            return
        reason, label = refused
        via = f"{host} の接続先である" if host else ""
        raise FetchError(f"{via}{label} {_shown(ip)} への接続は許可されていません ({reason} refused)",
                         reason)


# --- the URL and the host ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str            # as written (lower case, no brackets)
    port: int
    path: str            # path + query, for the request line
    literal: IPAddress | None


def _numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host stands for, the way the C library reads it
    (so 2130706433, 0x7f.1 and 127.1 are all 127.0.0.1), else None."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9][0-9a-fA-FxX.]*", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _parse(url: str) -> _Target:
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"URL を読み取れません: {url[:200]} (malformed URL: {exc})", "malformed URL",
                         url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "スキームなし (no scheme)"
        raise FetchError(f"http と https 以外の URL は取得できません: {shown} (scheme not allowed)",
                         "scheme not allowed", url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchError("URL にユーザー名やパスワードを含めることはできません (credentials in URL refused)",
                         "credentials in URL", url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(f"URL にホスト名がありません: {url[:200]} (no host)", "no host", url)
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(f"ホスト名を読み取れません: {host} (bad host name)", "bad host name", url) from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if re.search(r"[\x00-\x20\x7f]", path):
        raise FetchError("URL に空白や制御文字が含まれています (control characters in URL)",
                         "malformed URL", url)
    return _Target(url, scheme, host, port or (443 if scheme == "https" else 80), path,
                   _numeric_host(host))


def _refuse_local_name(host: str) -> None:
    name = host.lower()
    if name in _METADATA_NAMES:
        raise FetchError(f"クラウドのメタデータサーバー {host} への接続は許可されていません "
                         f"(cloud metadata host refused)", "cloud metadata address")
    if any(name == s or name.endswith("." + s) for s in _LOCAL_SUFFIXES):
        raise FetchError(f"内部向けのホスト名 {host} への接続は許可されていません (local host name refused)",
                         "local host name")


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host (the default `resolve`)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class _Clock:
    """The one deadline of a fetch."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{self.seconds:g} 秒以内に取得できませんでした (deadline exceeded)", "deadline")
        return remaining


def _resolve_in_time(resolve: Resolver, host: str, port: int, clock: _Clock) -> list[str]:
    """Run the resolver in a helper thread so a slow DNS server cannot outlast the deadline."""
    box: dict = {}

    def run():
        try:
            box["ok"] = resolve(host, port)
        except Exception as exc:  # noqa: BLE001 - reported below
            box["err"] = exc

    worker = threading.Thread(target=run, daemon=True, name=f"resolve {host}")
    worker.start()
    worker.join(clock.left())
    if worker.is_alive():
        raise FetchError(f"{clock.seconds:g} 秒以内に {host} を解決できませんでした (deadline exceeded)",
                         "deadline")
    if "err" in box or not box.get("ok"):
        raise FetchError(f"ホスト名 {host} を解決できませんでした (DNS lookup failed)", "DNS lookup failed")
    return box["ok"]


def _addresses(target: _Target, policy: AddressPolicy, resolve: Resolver, clock: _Clock) -> list[IPAddress]:
    """The checked addresses to connect to: every one the host resolves to must pass."""
    if target.literal is not None:
        policy.check(target.literal, target.port)
        return [target.literal]
    _refuse_local_name(target.host)
    found = []
    for raw in _resolve_in_time(resolve, target.host, target.port, clock):
        try:
            ip = ipaddress.ip_address(str(raw))
        except ValueError:
            raise FetchError(f"{target.host} の解決結果が不正です: {raw!r} (bad DNS answer)",
                             "DNS lookup failed") from None
        policy.check(ip, target.port, host=target.host)
        found.append(ip)
    return found


# --- one HTTP exchange, pinned to a checked address -------------------------------------------

class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to `ip` (already checked) while the Host header names the host."""

    def __init__(self, host: str, port: int, ip: IPAddress, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.ip = ip
        self.pinned: socket.socket | None = None   # kept: http.client drops .sock once a response owns it

    def connect(self):
        self.sock = socket.create_connection((str(self.ip), self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pinned = self.sock


class _PinnedHTTPS(_PinnedHTTP):
    """HTTPS to `ip` with SNI and certificate checked against the host name."""

    default_port = 443

    def connect(self):
        super().connect()
        self.sock = self.pinned = tls_context().wrap_socket(self.sock, server_hostname=self.host,
                                                            do_handshake_on_connect=False)
        self.sock.do_handshake()   # after `pinned` is set, so the watchdog can cut a slow handshake


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checked; the system's trusted roots."""
    return ssl.create_default_context()


class _Watchdog:
    """Shuts the connection's socket at the deadline, so no slow read outlives it."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float):
        self.conn = conn
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self):
        self.fired = True
        sock = self.conn.pinned
        if sock is not None:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        self.conn.close()
        if self.conn.pinned is not None:
            self.conn.pinned.close()


class _Inflater:
    """Decompress a body while streaming, refusing output past the limit (bombs stop early)."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.total = 0
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = None        # zlib-wrapped or raw: decided by the first bytes
        else:
            self.z = False       # identity

    def feed(self, data: bytes) -> bytes:
        if self.z is False:
            return self._count(data)
        if self.z is None:
            raw = not (len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0)
            self.z = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        out = []
        try:
            while data:
                piece = self.z.decompress(data, self.limit - self.total + 1)
                out.append(self._count(piece))
                data = self.z.unconsumed_tail
        except zlib.error:
            raise FetchError(f"圧縮されたページを展開できませんでした ({self.encoding} body is corrupt)",
                             "bad compression") from None
        return b"".join(out)

    def _count(self, piece: bytes) -> bytes:
        self.total += len(piece)
        if self.total > self.limit:
            raise _too_large(self.limit, decompressed=self.z is not False)
        return piece


def _too_large(limit: int, decompressed: bool = False) -> FetchError:
    what = "展開後のサイズが" if decompressed else "ページの大きさが"
    mb = f"{limit / 2**20:g} MB"
    return FetchError(f"{what}上限 {mb} を超えています (body over {mb} refused"
                      f"{' after decompression' if decompressed else ''})", "too large")


@dataclass(frozen=True)
class FetchedPage:
    """What a fetch brought back: the final URL, its type and the decoded text."""
    url: str                         # after redirects
    requested_url: str
    content_type: str                # "text/html", "application/xhtml+xml" or "text/plain"
    charset: str                     # the encoding used to decode `body`
    text: str
    body: bytes = field(repr=False)
    address: str = ""                # the checked address we connected to
    redirects: tuple[str, ...] = ()  # every URL that redirected, in order

    @property
    def is_html(self) -> bool:
        return self.content_type != "text/plain"


def _get(target: _Target, ip: IPAddress, clock: _Clock, limit: int):
    """One GET to the checked address: (status, headers, body or None for a redirect)."""
    cls = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    conn = cls(target.host, target.port, ip, timeout=clock.left())
    with _Watchdog(conn, clock.left()) as dog:
        try:
            conn.connect()
            conn.pinned.settimeout(clock.left())
            conn.request("GET", target.path, headers={
                "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                "Accept-Encoding": "gzip, deflate", "Accept-Language": "ja,en;q=0.5",
                "Connection": "close"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                return resp.status, resp.headers, None
            if resp.status != 200:
                raise FetchError(f"ページを取得できませんでした: HTTP {resp.status} {resp.reason} "
                                 f"(HTTP error {resp.status})", "HTTP error")
            ctype = _check_type(resp.headers)
            body = _read_body(resp, conn, clock, limit)
            if dog.fired:
                clock.left()
            return resp.status, resp.headers, (ctype, body)
        except FetchError:
            if dog.fired:
                clock.left()
            raise
        except ssl.SSLCertVerificationError as exc:
            raise FetchError(f"{target.host} の TLS 証明書を確認できませんでした "
                             f"(certificate check failed: {exc.verify_message})", "TLS error") from None
        except (TimeoutError, ssl.SSLError, ConnectionError, OSError, http.client.HTTPException) as exc:
            if dog.fired or isinstance(exc, socket.timeout):
                clock.left()
                raise FetchError(f"{clock.seconds:g} 秒以内に取得できませんでした (deadline exceeded)",
                                 "deadline") from None
            if isinstance(exc, http.client.HTTPException):
                raise FetchError(f"{target.host} の応答が HTTP として読めません (bad HTTP response)",
                                 "bad HTTP response") from None
            raise FetchError(f"{target.host} ({ip}) に接続できませんでした "
                             f"(connection failed: {exc.__class__.__name__})", "connection failed") from None


def _check_type(headers) -> str:
    ctype = (headers.get_content_type() if headers.get("Content-Type") else "").lower()
    if ctype not in ALLOWED_TYPES:
        shown = ctype or "不明 (none)"
        raise FetchError(f"HTML かテキストのページではありません: {shown} (content type refused)",
                         "content type")
    return ctype


def _read_body(resp, conn, clock: _Clock, limit: int) -> bytes:
    length = resp.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise _too_large(limit)
    encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"対応していない圧縮形式です: {encoding} (content encoding refused)",
                         "content encoding")
    inflater = _Inflater(encoding, limit)
    wire = 0
    out = []
    while True:
        conn.pinned.settimeout(clock.left())
        chunk = resp.read1(_CHUNK)
        if not chunk:
            break
        wire += len(chunk)
        if wire > limit:
            raise _too_large(limit)
        out.append(inflater.feed(chunk))
        clock.left()
    if resp.length:
        raise FetchError("ページが途中で切れています (truncated body)", "truncated")
    if inflater.z and not inflater.z.eof:
        raise FetchError("ページが途中で切れています (truncated compressed body)", "bad compression")
    return b"".join(out)


# --- decoding ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # Pages labelled Shift_JIS are written in its Windows superset, as browsers assume.
    return {"shift_jis": "cp932", "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}.get(
        codec, codec)


def decode_page(body: bytes, declared: str | None = None, name: str = "page") -> tuple[str, str]:
    """(text, encoding): a BOM, else the declared charset, else <meta charset>, else detection
    as for uploaded files.  A charset that does not fit the bytes is ignored."""
    if not body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        meta = _META_CHARSET.search(body[:4096])
        labelled = [_codec(declared), _codec(meta.group(1).decode("ascii") if meta else None)]
        if labelled[0] == "cp1252" or (labelled[0] is None and labelled[1] == "cp1252"):
            labelled.insert(0, "utf-8")   # a Western label on a page that is UTF-8 is a mislabel
        for candidate in labelled:
            if candidate and not candidate.startswith("utf_16"):
                try:
                    return body.decode(candidate), candidate
                except UnicodeDecodeError:
                    continue
    try:
        return decode_bytes(body, name)
    except DecodeError:
        raise FetchError("ページの文字コードを判定できませんでした (undecodable body)", "charset") from None


# --- the fetcher -------------------------------------------------------------------------------

def fetch(url: str, *, policy: AddressPolicy | None = None, resolve: Resolver = system_resolve,
          deadline: float = DEADLINE_S, max_bytes: int = MAX_BYTES,
          max_redirects: int = MAX_REDIRECTS) -> FetchedPage:
    """GET `url` under the rules above.  Raises FetchError (message for the editor) on refusal."""
    if policy is None:
        policy = AddressPolicy()
    elif type(policy) is not AddressPolicy:
        raise TypeError("policy must be an AddressPolicy (subclasses are not accepted)")
    clock = _Clock(min(float(deadline), DEADLINE_S))
    limit = min(int(max_bytes), MAX_BYTES)
    hops = min(int(max_redirects), MAX_REDIRECTS)
    redirects: list[str] = []
    current = url
    while True:
        try:
            target = _parse(current)
            status, headers, got, ip = _fetch_one(target, policy, resolve, clock, limit)
        except FetchError as err:
            if redirects:
                err.args = (f"リダイレクト先 {current[:200]} : {err}",)
            err.url = current
            raise
        if got is not None:
            ctype, body = got
            text, charset = decode_page(body, headers.get_content_charset(), current)
            return FetchedPage(current, url, ctype, charset, text, body, str(ip), tuple(redirects))
        location = headers.get("Location")
        if not location:
            raise FetchError(f"リダイレクト先が示されていません: HTTP {status} (redirect without Location)",
                             "bad redirect", current)
        redirects.append(current)
        if len(redirects) > hops:
            raise FetchError(f"リダイレクトが多すぎます ({hops} 回まで) (too many redirects)",
                             "too many redirects", current)
        current = urljoin(current, location.strip())


def _fetch_one(target: _Target, policy: AddressPolicy, resolve: Resolver, clock: _Clock, limit: int):
    """Resolve and check, then try the checked addresses in order until one answers."""
    addresses = _addresses(target, policy, resolve, clock)
    last: FetchError | None = None
    for ip in addresses:
        policy.check(ip, target.port, host=None if target.literal else target.host)
        try:
            status, headers, got = _get(target, ip, clock, limit)
        except FetchError as err:
            if err.reason != "connection failed":
                raise
            last = err
            continue
        return status, headers, got, ip
    raise last  # type: ignore[misc]
