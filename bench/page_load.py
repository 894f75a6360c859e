"""Page load in Chromium: navigation start → first chart (or table) visible, for every page of the app,
next to the same measure for a one-line Streamlit app started the same way (the floor for any
Streamlit app on this machine), and for a one-line app with one Plotly chart (the floor for any page
with a Plotly chart: Plotly's JavaScript bundle and first draw).

    python bench/page_load.py [--runs 7] [--warm] [--python PY]

The apps are started as the README's own-server section says (`streamlit run … --server.address
127.0.0.1 --server.port … --server.headless true`, the repo's .streamlit/config.toml beside each) and
stay up together; the loads go round-robin (hello, one chart, every page, hello, …) so noise hits
all alike. Each load is a new browser context (empty HTTP cache, new Streamlit session: a first
visit; with --warm one context is kept, so the HTTP cache is warm as for a returning reader). Its
time is `performance.now()` (milliseconds since navigation start) in the first animation frame in
which the chart's SVG (or the table's canvas, or the hello text) has a non-zero size. Each server
gets one discarded warm-up load per page first (imports, st.cache_* fills).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.st_browser import ARGS, CHROMIUM, SELECTORS, clean_env, free_port, nav_pages, streamlit_server  # noqa: E402

HELLO = 'import streamlit as st; st.write("hello")\n'
# A second reference, to tell Plotly's own cost (its JS bundle, first draw) from this app's.
ONE_CHART = 'import plotly.graph_objects as go; import streamlit as st; st.plotly_chart(go.Figure(go.Bar(y=[1, 2])))\n'
FIRST_VISIBLE = {   # what "the page has shown its content" means
    "chart": '[data-testid="stPlotlyChart"] .main-svg',
    "table": '[data-testid="stDataFrame"] canvas',
    "main": '[data-testid="stMain"] h1',
    "hello": '[data-testid="stMarkdownContainer"] p',
}
HEADING = '[data-testid="stMain"] h1'   # the page's title: the script run has started drawing
WHAT = {"chart": "first chart", "table": "table", "uploader": "file uploader", "main": "heading", "hello": '"hello"'}
PROBE = """(sel, heading) => {
  const shown = s => { const el = document.querySelector(s); if (!el) return false;
                       const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const tick = () => {
    if (window.__heading === undefined && shown(heading)) window.__heading = performance.now();
    if (shown(sel)) { window.__firstVisible = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


HELLO_NAME = "one-line app `st.write(\"hello\")`"
CHART_NAME = "one-chart app `st.plotly_chart(…)`"


def command(python: str, script: str, port: int) -> list[str]:
    return [python, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true"]


def load_ms(browser, url: str, selector: str, shared=None, timeout_ms: int = 60_000) -> tuple[float, float | None]:
    """One load in a new context, or in `shared` (a context kept across loads: warm HTTP cache).

    Returns (ms to `selector` visible, ms to the page heading visible or None)."""
    ctx = shared or browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.add_init_script(f"({PROBE})({selector!r}, {HEADING!r})")
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__firstVisible !== undefined", timeout=timeout_ms, polling=50)
        ms = page.evaluate("() => [window.__firstVisible, window.__heading ?? null]")
        page.close()
        return ms[0], ms[1]
    finally:
        if shared is None:
            ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="measured loads per page (default 7)")
    ap.add_argument("--python", default=sys.executable, help="interpreter whose streamlit runs both apps")
    ap.add_argument("--warm", action="store_true",
                    help="keep one browser context (warm HTTP cache: a returning reader) instead of a new one per load")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pages = nav_pages()
    logs = ROOT / "bench" / "out"
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        refs = {}
        for ref, code in (("hello", HELLO), ("one_chart", ONE_CHART)):
            where = Path(tmp) / ref
            where.mkdir()
            (where / f"{ref}.py").write_text(code)
            shutil.copytree(ROOT / ".streamlit", where / ".streamlit")
            port = free_port()
            refs[ref] = stack.enter_context(streamlit_server(
                command(args.python, f"{ref}.py", port), cwd=where, port=port, log_path=logs / f"page_load_{ref}.log",
                env=clean_env()))
        app_port = free_port()
        app = stack.enter_context(streamlit_server(command(args.python, "app.py", app_port), cwd=ROOT, port=app_port,
                                                   log_path=logs / "page_load_app.log", env=clean_env()))
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        stack.callback(browser.close)
        targets = [(HELLO_NAME, refs["hello"] + "/", FIRST_VISIBLE["hello"]),
                   (CHART_NAME, refs["one_chart"] + "/", FIRST_VISIBLE["chart"])]
        targets += [(name, app + path, FIRST_VISIBLE.get(expect, SELECTORS[expect])) for name, path, expect in pages]
        load_before = os.getloadavg()[0]
        shared = browser.new_context(viewport={"width": 1400, "height": 1000}) if args.warm else None
        for _, url, sel in targets:        # warm-up: imports, caches, the first-deep-link quirk
            load_ms(browser, url, sel, shared)
        times: dict[str, list[float]] = {name: [] for name, _, _ in targets}
        headings: dict[str, list[float]] = {name: [] for name, _, _ in targets}
        for _ in range(args.runs):
            for name, url, sel in targets:
                ms, heading = load_ms(browser, url, sel, shared)
                times[name].append(ms)
                if heading is not None:
                    headings[name].append(heading)

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    st_version = subprocess.run([args.python, "-c", "import streamlit; print(streamlit.__version__)"],
                                capture_output=True, text=True).stdout.strip()
    floor = statistics.median(times[HELLO_NAME])
    how = ("one browser context kept across loads (warm HTTP cache, a returning reader)" if args.warm
           else "each in a new browser context (empty HTTP cache, a first visit)")
    print(f"# page load, navigation start → first chart/table visible; median of {args.runs} loads, {how}")
    print(f"# {version}; Streamlit {st_version}; Python {platform.python_version()}; {os.cpu_count()} CPUs; "
          f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    print()
    print("| page | URL path | visible when | median ms | min–max ms | × one-line app | title visible, median ms |")
    print("|---|---|---|---:|---:|---:|---:|")
    kinds = {name: expect for name, _, expect in pages} | {HELLO_NAME: "hello", CHART_NAME: "chart"}
    paths = {name: path for name, path, _ in pages} | {HELLO_NAME: "/", CHART_NAME: "/"}
    for name, t in times.items():
        med = statistics.median(t)
        what = WHAT.get(kinds[name], kinds[name])
        head = f"{statistics.median(headings[name]):,.0f}" if headings[name] else "—"
        print(f"| {name} | `{paths[name]}` | {what} | {med:,.0f} | {min(t):,.0f}–{max(t):,.0f} | {med / floor:.2f} "
              f"| {head} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
