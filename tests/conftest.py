import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _library_of_the_test_session(tmp_path_factory):
    """The app's library (claims/library/db.py: CLAIMS_LIBRARY_URL, else var/library.sqlite) is an
    empty SQLite file of this test session, never the developer's own var/library.sqlite; servers
    the tests start inherit it.  Tests that need articles point the variable at a library of their own."""
    import os

    if "CLAIMS_LIBRARY_URL" not in os.environ:
        path = tmp_path_factory.mktemp("library") / "library.sqlite"
        os.environ["CLAIMS_LIBRARY_URL"] = f"sqlite:///{path}"
    yield


@pytest.fixture(scope="module")
def server(request):
    """`streamlit run app.py` for a browser test module, logging to its ARTIFACTS folder."""
    from tests.st_browser import app_server

    with app_server(request.module.ARTIFACTS / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server):
    """Debian's Chromium through Playwright, once per browser test module."""
    from playwright.sync_api import sync_playwright

    from tests.st_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
