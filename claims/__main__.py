import importlib.abc
import sys


class _NoPandas(importlib.abc.MetaPathFinder):
    """The build CLI never uses pandas, but pyarrow imports it (~0.4 s) on its first conversion
    of a Python list, only to check for pandas objects; an ImportError makes it skip that."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not needed by `python -m claims`")
        return None


if "pandas" not in sys.modules:
    sys.meta_path.insert(0, _NoPandas())

from .cli import main  # noqa: E402

sys.exit(main())
