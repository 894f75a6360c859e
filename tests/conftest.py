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
