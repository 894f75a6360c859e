"""Streaming table writers: batches go straight to disk, so memory stays flat as a corpus grows.

Each sink writes a temp file in the target's folder and renames it over the target
only on `commit()`; `abort()` (or a crash) leaves the previous table untouched.
CSV: UTF-8 with BOM (Japanese Excel), lists joined with |, dates YYYY-MM-DD, empty for missing.
"""
from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class TableSink:
    def __init__(self, path: Path, schema: pa.Schema):
        self.path = Path(path)
        self.schema = schema
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(self.path)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.rows = 0
        self._header_done = False
        self._fh = None
        self._writer = None
        if self.path.suffix == ".parquet":
            self._writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        else:
            self._fh = open(self.tmp, "wb")
            self._fh.write(codecs.BOM_UTF8)

    def write(self, table: pa.Table) -> None:
        if self._writer is not None:
            self._writer.write_table(table)
        else:
            import pyarrow.csv as pacsv

            pacsv.write_csv(_csv_ready(table), self._fh,
                            pacsv.WriteOptions(include_header=not self._header_done, quoting_style="needed"))
            self._header_done = True
        self.rows += table.num_rows

    def commit(self) -> None:
        if not self._header_done and self._writer is None:
            self.write(self.schema.empty_table())
        self._close()
        os.chmod(self.tmp, 0o666 & ~_umask())     # mkstemp makes 0600; tables are for everyone
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _csv_ready(table: pa.Table) -> pa.Table:
    import pyarrow.compute as pc

    cols = []
    for name in table.column_names:
        col = table[name]
        if pa.types.is_list(col.type):
            col = pc.fill_null(pc.binary_join(col, "|"), "")
        cols.append(col)
    return pa.table(cols, names=table.column_names)


STALE_AFTER_S = 3600


def _remove_stale_temps(path: Path) -> None:
    """Temp files a killed build left beside `path` (older than an hour, so never a live build's)."""
    import time

    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_AFTER_S:
                tmp.unlink()
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
