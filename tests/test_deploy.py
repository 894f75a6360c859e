"""The repo deploys as is: a clean checkout, a brand-new venv with only requirements.txt, and the app
started with the exact own-server command from the README's "Deploy / share" section serves every
page in Chromium.

This is the proof standing in for Streamlit Community Cloud, which is not reachable from here: Cloud
does the same three things (clone, `pip install -r requirements.txt` on the chosen Python, start
app.py with the repo's .streamlit/config.toml). The server runs with HTTP(S) proxies pointing at a
closed port, so anything that tried to download at run time would fail. Takes a minute or two (the pip
install); skipped, with the reason printed, only when Chromium is missing and CI is unset.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.st_browser import (
    ARGS,
    CHROMIUM,
    SELECTORS,
    free_port,
    nav_pages,
    open_page,
    page_problems,
    require_chromium,
    streamlit_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOCS_WITH_COMMAND = (ROOT / "README.md", ROOT / "docs" / "deploy.md")
COMMAND = re.compile(r"^\s*(streamlit run app\.py\b.*--server\.address.*)$", re.M)
CLOUD_PYTHON = "3.11"   # the version docs/deploy.md tells to pick in Community Cloud's Advanced settings
SIDEBAR_BG = "rgb(243, 246, 250)"   # .streamlit/config.toml secondaryBackgroundColor #f3f6fa


def own_server_command() -> tuple[Path, list[str]]:
    """The first `streamlit run app.py … --server.address …` line of the README (or docs/deploy.md)."""
    for doc in DOCS_WITH_COMMAND:
        if doc.exists() and (m := COMMAND.search(doc.read_text(encoding="utf-8"))):
            return doc, shlex.split(m.group(1))
    raise AssertionError(f"no `streamlit run app.py --server.address …` line in {[str(d) for d in DOCS_WITH_COMMAND]}")


def on_loopback(cmd: list[str], port: int) -> list[str]:
    """The documented command with its address and port swapped for 127.0.0.1 and a free port."""
    out = list(cmd)
    for flag, value in (("--server.address", "127.0.0.1"), ("--server.port", str(port))):
        assert flag in out, f"the documented command lacks {flag}: {shlex.join(cmd)}"
        out[out.index(flag) + 1] = value
    return out


def checkout(dest: Path) -> list[str]:
    """Copy what a clone would hold (tracked files plus new, not-ignored ones): no venv, no caches."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    files = [f for f in listed if f and (ROOT / f).is_file()]
    for f in files:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest / f)
    return files


def base_python() -> str:
    """Python 3.11 when the machine has it (what Community Cloud is told to use), else this interpreter."""
    return shutil.which("python" + CLOUD_PYTHON) or sys.executable


def test_fresh_venv_serves_every_page_with_the_documented_command(tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    app = tmp_path / "app"
    files = checkout(app)
    # what Community Cloud needs from the repo, and nothing it must not have
    assert {"app.py", "requirements.txt", ".streamlit/config.toml", "data/claims.parquet"} <= set(files)
    assert not [f for f in files if f.endswith("secrets.toml")], "a secrets file must never be committed"
    # Secrets are optional (a PostgreSQL library, editors): the app below starts with none at all and
    # must serve every page, read-only, from the default SQLite library.

    # a brand-new venv with only the runtime requirements
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CLAIMS_TABLE")}
    python = base_python()
    subprocess.run([python, "-m", "venv", str(venv)], check=True, env=env)
    vpy = venv / "bin" / "python"
    version = subprocess.run([str(vpy), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"new venv from {python}: Python {version}" + ("" if version == CLOUD_PYTHON else
          f" (docs/deploy.md tells Community Cloud to use {CLOUD_PYTHON})"))
    ARTIFACTS.mkdir(exist_ok=True)
    pip_log = ARTIFACTS / "deploy-pip.log"
    with open(pip_log, "w") as log:
        pip = subprocess.run([str(vpy), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"],
                             cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=1200)
    assert pip.returncode == 0, f"pip install -r requirements.txt failed; see {pip_log}"
    check = subprocess.run([str(vpy), "-m", "pip", "check"], cwd=app, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    installed = time.monotonic()
    # the venv holds the runtime only: the app must not lean on test tools
    assert subprocess.run([str(vpy), "-c", "import playwright"], capture_output=True).returncode != 0

    # start it exactly as documented, on loopback
    doc, documented = own_server_command()
    assert documented[:3] == ["streamlit", "run", "app.py"]
    port = free_port()
    cmd = [str(venv / "bin" / "streamlit")] + on_loopback(documented, port)[1:]
    home = tmp_path / "home"    # no ~/.streamlit of this machine: only the repo's .streamlit/config.toml
    home.mkdir()
    dead = "http://127.0.0.1:9"   # a closed port: a download at run time would fail
    server_env = env | {"HOME": str(home), "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
                        "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead, "https_proxy": dead,
                        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    server_log = ARTIFACTS / "deploy-streamlit.log"
    print(f"command from {doc.relative_to(ROOT)}: {shlex.join(documented)}\nran: {shlex.join(cmd)}")
    with streamlit_server(cmd, cwd=app, port=port, log_path=server_log, env=server_env) as base, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
            page = ctx.new_page()
            open_page(page, base + "/", "chart")     # a first visitor lands on the main page
            bg = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]'))"
                               ".backgroundColor")
            assert bg == SIDEBAR_BG, f"the repo's .streamlit/config.toml theme was not applied (sidebar {bg})"
            checked = []
            for name, path, expect in nav_pages():
                open_page(page, base + path, expect)
                assert page_problems(page) == [], f"{name} ({path})"
                assert page.locator(SELECTORS[expect]).first.is_visible(), f"{name}: no {expect}"
                assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip(), f"{name}: no heading"
                page.screenshot(path=str(ARTIFACTS / f"deploy-{name}.png"))
                checked.append(name)
            ctx.close()
        finally:
            browser.close()
    log = server_log.read_text(errors="replace")
    assert "Traceback" not in log, f"the server logged an error; see {server_log}"
    assert len(checked) == len(nav_pages()) >= 5
    print(f"checked {', '.join(checked)}; pip install {installed - started:.0f} s, "
          f"serve and check {time.monotonic() - installed:.0f} s")
