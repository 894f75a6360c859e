"""Screenshots of every page at desktop (1400×900) and phone (390×844) size, for the README.

    python scripts/screenshots.py [--out docs/screenshots] [--full-page]

Starts `streamlit run app.py` on a free loopback port over the shipped tables, opens each page of the
navigation in Debian's Chromium (/usr/bin/chromium, driven by Playwright) and saves
`<page>-desktop.png` and `<page>-phone.png` (on a phone, a page with charts is shown scrolled to its first
chart; `--full-page` captures whole pages). Rerun it after changing a page and commit the PNGs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.st_browser import ARGS, CHROMIUM, clean_env, free_port, nav_pages, open_page, streamlit_server  # noqa: E402

SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
# A view worth showing on pages whose default is sparse.
QUERIES = {"timeline": "?axis=meant", "explorer": "?q=スターゲート"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
           "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with streamlit_server(cmd, cwd=ROOT, port=port, log_path=ROOT / "test-artifacts" / "screenshots.log",
                          env=clean_env()) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (w, h) in SIZES.items():
            context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                          is_mobile=size == "phone", has_touch=size == "phone")
            page = context.new_page()
            for name, path, expect in nav_pages():
                open_page(page, base + path + QUERIES.get(name, ""), expect, settle_ms=1200)
                target = args.out / f"{name}-{size}.png"
                if size == "phone" and expect == "chart" and not args.full_page:   # the first chart, as a reader
                    page.locator('[data-testid="stPlotlyChart"]').first.evaluate(   # scrolling down meets it
                        "el => { el.scrollIntoView({block: 'start'}); const m = document.querySelector("
                        "'[data-testid=\"stMain\"]'); m.scrollBy(0, -90); window.scrollBy(0, -90); }")
                    page.wait_for_timeout(600)
                if args.full_page:    # Streamlit scrolls inside its main block: grow the window to its height
                    tall = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                    page.set_viewport_size({"width": w, "height": min(int(tall) + 40, 12000)})
                    page.wait_for_timeout(1500)
                page.screenshot(path=str(target))
                page.set_viewport_size({"width": w, "height": h})
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
