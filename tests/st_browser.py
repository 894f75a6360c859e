"""Shared by the browser tests, the deploy test and bench/page_load.py: start `streamlit run` on a free
loopback port, find Debian's Chromium, and wait for a page to show its chart or table."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SELECTORS = {   # what must be visible on a page
    "chart": '[data-testid="stPlotlyChart"] .main-svg',
    "table": '[data-testid="stDataFrame"]',
    "uploader": '[data-testid="stFileUploaderDropzone"]',
    "main": '[data-testid="stMain"] h1',          # a page not listed in EXPECT
    "text": '[data-testid="stMarkdownContainer"]',  # bench: the one-line hello app
}
# What each page must show; a page added to components/nav.py and not listed here is still opened and
# checked for a heading and no error box.
EXPECT = {
    "app_pages/overview.py": "chart",
    "app_pages/timeline.py": "chart",
    "app_pages/compare.py": "chart",
    "app_pages/sources.py": "table",
    "app_pages/explorer.py": "table",
    "app_pages/upload.py": "uploader",
}
# Characters that need a CJK font: kana, CJK ideographs, full-width forms.
CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xFF00, 0xFFEF))
CJK_FAMILIES = ("CJK", "Noto Sans JP", "Noto Serif JP", "IPA", "Takao", "VL Gothic", "Source Han", "Droid Sans Japanese")


def nav_pages() -> list[tuple[str, str, str]]:
    """(name, URL path, what must be visible) for every page in the app's navigation, default page first."""
    from components import nav

    return [(Path(p.path).stem, "/" if i == 0 else "/" + p.url_path, EXPECT.get(p.path, "main"))
            for i, p in enumerate(nav.PAGES)]


def require_chromium() -> None:
    """Skip (reason printed) when Chromium is missing and CI is unset; in CI a missing browser fails."""
    import pytest

    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    reason = f"{CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk); browser tests skipped"
    print(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without CLAIMS_TABLE (the shipped table is what the tests expect)."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMS_TABLE"}
    env.update(extra)
    return env


@contextmanager
def streamlit_server(cmd: Sequence[str], *, cwd: Path, port: int, log_path: Path,
                     env: dict[str, str] | None = None, timeout: float = 90) -> Iterator[str]:
    """Run `cmd` (a `streamlit run …` command listening on 127.0.0.1:port) until the block ends.

    Yields the base URL once /_stcore/health answers "ok"; raises RuntimeError naming the log otherwise."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env if env is not None else clean_env(),
                                stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    pass
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not answer /_stcore/health in {timeout:.0f} s; see {log_path}")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def app_server(log_path: Path, **env: str) -> Iterator[str]:
    """`streamlit run app.py` from the repo on a free loopback port (extra environment: `env`); yields its
    base URL. Skips without Chromium (outside CI); a server that does not come up fails the test."""
    import sys

    import pytest

    require_chromium()
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    try:
        with streamlit_server(cmd, cwd=Path(__file__).resolve().parents[1], port=port, log_path=log_path,
                              env=clean_env(**env)) as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))


def wait_idle(page, timeout: int = 30_000) -> None:
    """The script run has finished when Streamlit's status widget ("Running…") is gone."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def open_page(page, url: str, expect: str, settle_ms: int = 800) -> None:
    page.goto(url)
    page.wait_for_selector(SELECTORS[expect], state="visible", timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(settle_ms)


def page_problems(page) -> list[str]:
    """What a reader must never see: an exception box, a traceback, the 'Page not found' dialog."""
    problems = []
    if page.locator('[data-testid="stException"]').count():
        problems.append("exception box: " + page.locator('[data-testid="stException"]').first.inner_text()[:300])
    body = page.inner_text("body")
    for bad in ("Page not found", "Traceback"):
        if bad in body:
            problems.append(f"{bad!r} on the page")
    return problems


def cjk_count(text: str) -> int:
    return sum(any(lo <= ord(c) <= hi for lo, hi in CJK_RANGES) for c in text)


def rendered_fonts(page, selector: str) -> dict[str, int]:
    """Font family -> glyphs Chromium actually used to draw the first node matching `selector` (CDP)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise AssertionError(f"no node matches {selector!r}")
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    out: dict[str, int] = {}
    for f in fonts:
        out[f["familyName"]] = out.get(f["familyName"], 0) + f["glyphCount"]
    return out


def cjk_glyphs(fonts: dict[str, int]) -> int:
    return sum(n for family, n in fonts.items() if any(k.lower() in family.lower() for k in CJK_FAMILIES))
