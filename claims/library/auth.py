"""Who may write to the library: the editor rules of DESIGN.md, as pure functions.

Every write function of the store takes an `Editor` as its first argument and calls
`require_editor` on it.  An `Editor` is a capability: only this module can make one, and
only through the rules below (or `cli_editor` for the command line, which works on the
database files themselves).  Calling the class raises; an object built around the
constructor (object.__new__, copy, pickle) or of a look-alike class is not in the registry
of granted capabilities and is refused with NotAnEditor.  Readers therefore cannot write
whatever widget, URL parameter or replayed message reaches a write function.

The rules (each returns a Decision: an Editor or None, and the reason in words):

1. `login_rule`: a person signed in with st.login whose e-mail the identity provider says is
   verified (`email_verified` is True) and is on the configured editors list.
2. `password_rule`: the editor password from secrets or the environment, only over HTTPS (the
   browser's URL) or loopback, compared in constant time, with one limit on failed attempts
   for the whole process (`PASSWORD_LIMITER`, shared by every session and thread).
3. `local_rule`: the person at the keyboard of a local run, only when local editing is
   switched on explicitly, the server listens on a loopback address only, the request's Host
   is a loopback name, and no forwarding header is present (a proxy in front makes every
   request look local).

With none configured the app is read-only.  The app gathers what it knows into `Settings`
(from st.secrets, the environment and Streamlit's server.address) and `Request` (from
st.context.url / headers / ip_address) and calls `decide`.
"""
from __future__ import annotations

import getpass
import hashlib
import hmac
import ipaddress
import os
import socket
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class NotAnEditor(PermissionError):
    """A write was attempted without an editor capability granted by this module."""


# ---------------------------------------------------------------- the capability

_TOKEN = object()                      # only code in this module holds it
_GRANTED: weakref.WeakSet = weakref.WeakSet()


class Editor:
    """The right to write to the library, held by one person for one session.

    `who` names the person in the audit log, `how` says which rule granted it."""

    __slots__ = ("who", "how", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("an Editor is granted by claims.library.auth's rules, never constructed")

    @classmethod
    def _grant(cls, token: object, who: str, how: str) -> Editor:
        if token is not _TOKEN:
            raise NotAnEditor("editor rights are granted only by claims.library.auth")
        self = object.__new__(cls)
        object.__setattr__(self, "who", who)
        object.__setattr__(self, "how", how)
        _GRANTED.add(self)
        return self

    def __setattr__(self, name, value):
        raise AttributeError("an Editor cannot be changed")

    def __delattr__(self, name):
        raise AttributeError("an Editor cannot be changed")

    def __reduce__(self):
        raise TypeError("an Editor cannot be copied or pickled")

    def __copy__(self):
        raise TypeError("an Editor cannot be copied")

    def __deepcopy__(self, memo):
        raise TypeError("an Editor cannot be copied")

    def __repr__(self) -> str:
        return f"Editor(who={self.who!r}, how={self.how!r})"


def _grant(who: str, how: str) -> Editor:
    return Editor._grant(_TOKEN, who, how)


def require_editor(editor: object) -> Editor:
    """The store's check: return `editor` if this module granted it, else raise NotAnEditor."""
    if type(editor) is not Editor or editor not in _GRANTED:
        raise NotAnEditor("only editors may change the library (readers never write)")
    return editor


def is_editor(editor: object) -> bool:
    try:
        require_editor(editor)
    except NotAnEditor:
        return False
    return True


@dataclass(frozen=True)
class Decision:
    editor: Editor | None
    reason: str

    def __bool__(self) -> bool:
        return self.editor is not None


def _reader(reason: str) -> Decision:
    return Decision(None, reason)


# ---------------------------------------------------------------- what the app knows

FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
                      "x-forwarded-port", "x-forwarded-server", "x-forwarded-prefix", "x-real-ip",
                      "x-client-ip", "x-cluster-client-ip", "x-original-forwarded-for", "true-client-ip",
                      "cf-connecting-ip", "fastly-client-ip", "via")
LOOPBACK_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")


@dataclass(frozen=True)
class Request:
    """One browser session's request, as Streamlit reports it.

    url: st.context.url (the page's URL in the browser: its scheme says whether the browser
    speaks HTTPS); headers: st.context.headers; remote_ip: st.context.ip_address (None for a
    loopback peer, or when unknown)."""
    url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    remote_ip: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers.items():
            if key.lower() == name:
                return value
        return None

    @property
    def scheme(self) -> str:
        return (urlsplit(self.url).scheme.lower() if self.url else "")


def _strip_port(host: str) -> str:
    host = host.strip()
    if host.startswith("["):                      # [::1]:8501
        return host[1:host.find("]")] if "]" in host else host
    if host.count(":") == 1:                      # 127.0.0.1:8501, localhost:8501
        return host.rsplit(":", 1)[0]
    return host                                   # a bare IPv6 address or a name


def is_loopback_name(host: str | None) -> bool:
    """True for `localhost` and loopback IP literals (127.0.0.0/8, ::1), with or without a port."""
    if not host:
        return False
    h = _strip_port(host).lower()
    if h in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def forwarding_headers(request: Request) -> list[str]:
    return [h for h in FORWARDING_HEADERS if request.header(h) is not None]


def _peer_is_loopback(request: Request) -> bool:
    if request.remote_ip is None:                 # Streamlit reports loopback peers as None
        return True
    try:
        return ipaddress.ip_address(request.remote_ip.strip("[]")).is_loopback
    except ValueError:
        return False


def _origin_is_loopback(request: Request) -> bool:
    origin = request.header("origin")
    if origin is None or origin == "null":
        return origin is None
    return is_loopback_name(urlsplit(origin).netloc)


def is_loopback_request(request: Request) -> tuple[bool, str]:
    """Whether this request comes from this machine with nothing in between, and why not."""
    fwd = forwarding_headers(request)
    if fwd:
        return False, f"the request passed through a proxy ({', '.join(fwd)})"
    host = request.header("host")
    if not is_loopback_name(host):
        return False, f"the request's Host {host!r} is not a loopback name"
    if not _peer_is_loopback(request):
        return False, f"the request comes from {request.remote_ip}, not from this machine"
    if not _origin_is_loopback(request):
        return False, f"the page's origin {request.header('origin')!r} is not a loopback name"
    return True, "loopback"


# ---------------------------------------------------------------- settings

TRUE_WORDS = ("1", "true", "yes", "on")
ENV_EDITORS = "CLAIMS_EDITORS"
ENV_PASSWORD = "CLAIMS_EDITOR_PASSWORD"
ENV_LOCAL = "CLAIMS_LOCAL_EDITING"
MIN_PASSWORD_CHARS = 12


def _truthy(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS if value is not None else False


def _emails(value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else list(value)
    return frozenset(e.strip().casefold() for e in items if str(e).strip())


@dataclass(frozen=True)
class Settings:
    """What the deployment configured. `login`: an identity provider is set up for st.login."""
    editors: frozenset[str] = frozenset()
    password: str | None = None
    local_editing: bool = False
    server_address: str | None = None
    login: bool = False

    @classmethod
    def from_sources(cls, secrets: Mapping | None = None, env: Mapping[str, str] | None = None,
                     server_address: str | None = None) -> Settings:
        """From st.secrets (keys `editors`, `editor_password`, `local_editing`, and an [auth]
        section for st.login) and the environment (CLAIMS_EDITORS, CLAIMS_EDITOR_PASSWORD,
        CLAIMS_LOCAL_EDITING); secrets win.  server_address: Streamlit's server.address."""
        env = os.environ if env is None else env

        def secret(key: str, default=None):
            # st.secrets raises when there is no secrets.toml at all: that is "nothing set".
            try:
                return secrets.get(key, default) if secrets is not None else default
            except Exception:   # noqa: BLE001
                return default

        password = secret("editor_password") or env.get(ENV_PASSWORD) or None
        return cls(editors=_emails(secret("editors", env.get(ENV_EDITORS))),
                   password=str(password) if password else None,
                   local_editing=_truthy(secret("local_editing", env.get(ENV_LOCAL))),
                   server_address=server_address,
                   login=secret("auth") is not None)

    @property
    def any_rule(self) -> bool:
        return bool((self.login and self.editors) or self.password or self.local_editing)


# ---------------------------------------------------------------- rule 1: identity provider

def login_rule(user: Mapping | None, editors: Iterable[str]) -> Decision:
    """`user`: st.user as a mapping (is_logged_in, email, email_verified)."""
    allowed = _emails(editors)
    if not allowed:
        return _reader("no editors list is configured for sign-in")
    if not user or not user.get("is_logged_in", bool(user.get("email"))):
        return _reader("not signed in")
    email = str(user.get("email") or "").strip().casefold()
    if not email:
        return _reader("the identity provider gave no e-mail address")
    if user.get("email_verified") is not True:
        return _reader(f"the identity provider has not verified {email}")
    if email not in allowed:
        return _reader(f"{email} is not on the editors list")
    return Decision(_grant(email, "login"), f"signed in as {email}, on the editors list")


# ---------------------------------------------------------------- rule 2: password

class AttemptLimiter:
    """At most `max_failures` failed password attempts per `window` seconds in this process,
    whoever makes them (thread-safe; one instance is shared by every session)."""

    def __init__(self, max_failures: int = 10, window: float = 600.0, clock=time.monotonic):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: deque[float] = deque()
        self.lock = threading.Lock()

    def _prune(self, now: float) -> None:
        while self._failures and now - self._failures[0] >= self.window:
            self._failures.popleft()

    def blocked_for(self) -> float:
        """Seconds until the next attempt is allowed (0 when allowed); caller holds the lock."""
        now = self.clock()
        self._prune(now)
        if len(self._failures) < self.max_failures:
            return 0.0
        return max(0.0, self._failures[0] + self.window - now)

    def record_failure(self) -> None:
        self._failures.append(self.clock())

    def reset(self) -> None:
        with self.lock:
            self._failures.clear()


PASSWORD_LIMITER = AttemptLimiter()


def passwords_match(given: str, configured: str) -> bool:
    """Constant-time comparison (of SHA-256 digests, so any length and any characters)."""
    a = hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest()
    b = hashlib.sha256(configured.encode("utf-8", "surrogatepass")).digest()
    return hmac.compare_digest(a, b)


def password_transport(request: Request) -> tuple[bool, str]:
    """The password may travel only inside HTTPS (as the browser sees the page) or on loopback."""
    if request.scheme == "https":
        return True, "https"
    local, why = is_loopback_request(request)
    if local:
        return True, "loopback"
    return False, f"the page is not served over HTTPS and {why}"


def password_rule(given: str | None, request: Request, configured: str | None,
                  limiter: AttemptLimiter = PASSWORD_LIMITER, who: str = "editor (password)") -> Decision:
    if not configured:
        return _reader("no editor password is configured")
    if len(configured) < MIN_PASSWORD_CHARS:
        return _reader(f"the configured editor password is shorter than {MIN_PASSWORD_CHARS} "
                       f"characters; password sign-in is off")
    ok, why = password_transport(request)
    if not ok:
        return _reader(f"the editor password is accepted only over HTTPS or on this machine: {why}")
    if not given:
        return _reader("no password given")
    with limiter.lock:
        wait = limiter.blocked_for()
        if wait > 0:
            return _reader(f"too many wrong passwords; try again in {int(wait) + 1} s")
        if not passwords_match(given, configured):
            limiter.record_failure()
            return _reader("wrong password")
    return Decision(_grant(who, "password"), f"editor password accepted ({why})")


# ---------------------------------------------------------------- rule 3: local editing

def server_is_loopback_only(server_address: str | None) -> tuple[bool, str]:
    """Streamlit's server.address: unset or empty means all interfaces."""
    address = (server_address or "").strip()
    if not address:
        return False, "the server listens on all interfaces (server.address is not set)"
    host = address.strip("[]")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host.lower() in LOOPBACK_NAMES:
            try:
                infos = socket.getaddrinfo(host, None)
            except OSError:
                return False, f"server.address {address!r} does not resolve"
            if infos and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos):
                return True, "loopback"
        return False, f"the server listens on {address!r}, not on a loopback address only"
    if ip.is_loopback:
        return True, "loopback"
    if ip.is_unspecified:
        return False, f"the server listens on all interfaces ({address})"
    return False, f"the server listens on {address}, not on a loopback address"


def local_rule(request: Request, enabled: bool, server_address: str | None) -> Decision:
    if enabled is not True:
        return _reader("local editing is not switched on")
    ok, why = server_is_loopback_only(server_address)
    if not ok:
        return _reader(f"local editing needs a loopback-only server: {why}")
    ok, why = is_loopback_request(request)
    if not ok:
        return _reader(f"local editing is for this machine only: {why}")
    return Decision(_grant(f"local:{_user()}", "local"), "local editing on a loopback-only server")


# ---------------------------------------------------------------- all together

def decide(settings: Settings, request: Request, user: Mapping | None = None,
           password: str | None = None, limiter: AttemptLimiter = PASSWORD_LIMITER) -> Decision:
    """The first rule that grants, else a reader with every rule's reason."""
    if not settings.any_rule:
        return _reader("read-only: no editors are configured")
    reasons = []
    if settings.login and settings.editors:
        d = login_rule(user, settings.editors)
        if d:
            return d
        reasons.append(d.reason)
    if settings.password and password:
        d = password_rule(password, request, settings.password, limiter)
        if d:
            return d
        reasons.append(d.reason)
    if settings.local_editing:
        d = local_rule(request, True, settings.server_address)
        if d:
            return d
        reasons.append(d.reason)
    return _reader("; ".join(reasons) or "reader")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def cli_editor(who: str | None = None) -> Editor:
    """The command line's capability: whoever runs `python -m claims library …` already has
    the database (its file, or its URL with credentials), so the CLI needs no app login.
    Only claims/cli.py calls this; the app never does."""
    return _grant(who or f"cli:{_user()}@{socket.gethostname()}", "cli")
