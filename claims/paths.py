"""Where the shipped data tables live (alias, unit and boilerplate tables are data, not code)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
