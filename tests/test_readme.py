"""The README a newcomer reads: how to run it (Python 3.11, a venv, which address to open), no links that
leave the repo, screenshots that exist and are made by a script."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## )", README, re.M | re.S)
    assert m, title
    return m.group(1)


def test_run_section_says_python_venv_and_address():
    run = _section("Run")
    assert "Python 3.11" in run and "python3.11 -m venv .venv" in run and ". .venv/bin/activate" in run
    assert "http://localhost:8501" in run


def test_no_link_leaves_the_repo():
    targets = re.findall(r"\]\(([^)]+)\)", README)
    local = [t for t in targets if not t.startswith(("http://", "https://", "#", "mailto:"))]
    assert not [t for t in local if t.startswith("..") or t.startswith("/")], local
    missing = [t for t in local if not (ROOT / t.split("#")[0]).exists()]
    assert not missing, missing


def test_screenshots_are_made_by_the_script_for_every_page_at_both_sizes():
    from tests.st_browser import nav_pages

    assert "python scripts/screenshots.py" in README
    assert (ROOT / "scripts" / "screenshots.py").exists()
    for name, _, _ in nav_pages():
        for size in ("desktop", "phone"):
            assert (ROOT / "docs" / "screenshots" / f"{name}-{size}.png").exists(), (name, size)
