"""The extractor's version: which code and data made a library article's claims rows.

EXTRACTOR_VERSION = "<EXTRACTOR_RELEASE>+<digest>", where the digest is a SHA-1 over the
extractor's own source files, the data tables it reads (units, unit prefixes, entities,
boilerplate, cues) and the pinned Sudachi dictionary's version.  Any change to any of them
changes the version, so nobody has to remember to bump a constant for the library to notice
that its claims are stale (`behind()`, `python -m claims library rebuild`).  EXTRACTOR_RELEASE
is bumped by hand only to force a rebuild for a reason outside those files.

The cost: a change that does not alter any row (a comment) also marks the library behind;
a rebuild then re-extracts and finds the same rows, which is harmless.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..paths import DATA_DIR

EXTRACTOR_RELEASE = 1

_CORE = Path(__file__).resolve().parent.parent
# Code that decides a claim row (build.py's article_claims and everything it calls).
EXTRACTOR_MODULES = ("build.py", "context.py", "entities.py", "extract.py", "numerals.py", "segment.py",
                     "semantics.py", "timex.py", "tokenizer.py", "sources.py", "textio.py", "schema.py")
EXTRACTOR_TABLES = ("units.csv", "unit_prefixes.csv", "entities.csv", "boilerplate.csv", "cues.csv")


def _dictionary_version() -> str:
    for name in ("sudachidict-core", "sudachidict_core"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    h = hashlib.sha1()
    for folder, names in ((_CORE, EXTRACTOR_MODULES), (DATA_DIR, EXTRACTOR_TABLES)):
        for name in names:
            path = folder / name
            h.update(name.encode() + b"\0")
            # Line endings are normalized so a checkout with CRLF gives the same version.
            h.update(path.read_bytes().replace(b"\r\n", b"\n") if path.is_file() else b"<absent>")
            h.update(b"\0")
    h.update(b"sudachidict-core=" + _dictionary_version().encode())
    return f"{EXTRACTOR_RELEASE}+{h.hexdigest()[:12]}"


def __getattr__(name: str):
    if name == "EXTRACTOR_VERSION":
        return extractor_version()
    raise AttributeError(name)
