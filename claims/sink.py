"""Streaming table writers: batches go straight to disk, so memory stays flat as a corpus grows.

Each sink writes a temp file in the target's folder and renames it over the target
only on `commit()`; `abort()` (or a crash) leaves the previous table untouched.
CSV: UTF-8 with BOM (Japanese Excel), lists joined with |, dates YYYY-MM-DD, empty for missing.
"""
from __future__ import annotations

import codecs
import os
import shutil
import tempfile
import time
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


# ------------------------------------------------------------------ outputs of a build
class FileTables:
    """A claims table file and its articles table beside it (`.parquet` or `.csv`)."""

    def __init__(self, path: Path):
        from . import schema

        self.path = Path(path)
        self._sinks: list[TableSink] = []
        self._sinks.append(TableSink(self.path, schema.CLAIMS_SCHEMA))
        self._sinks.append(TableSink(schema.TablePaths.beside(self.path).articles, schema.ARTICLES_SCHEMA))

    def write(self, claims: pa.Table, articles: pa.Table) -> None:
        self._sinks[0].write(claims)
        self._sinks[1].write(articles)

    def commit(self) -> None:
        for s in self._sinks:
            s.commit()

    def abort(self) -> None:
        for s in self._sinks:
            s.abort()


CURRENT = "current"           # DIR/current -> gen-…: the one pointer switched atomically
GENERATION_PREFIX = "gen-"
LINKS = ("claims", "articles", "claims.duckdb")   # DIR/<name> -> current/<name>, for tools reading DIR/claims/*.parquet
CLAIMS_PART_ROWS = 1_000_000
ARTICLES_PART_ROWS = 50_000


def is_dataset_path(path: Path) -> bool:
    """An --out that names a partitioned dataset directory (no table suffix, or an existing folder)."""
    path = Path(path)
    return path.is_dir() or path.suffix == "" or str(path).endswith(os.sep)


class DatasetTables:
    """A partitioned Parquet dataset `DIR/claims/part-*.parquet` + `DIR/articles/part-*.parquet`,
    replaced atomically as a whole.

    Each build writes a new generation `DIR/gen-<time>-<pid>/` (claims/, articles/, the DuckDB
    file the app opens, manifest.json); `commit()` switches the symlink `DIR/current` to it with
    one rename, so a reader sees the old dataset or the new one, never a mix, and a failed build
    leaves the old one as it was. `DIR/claims`, `DIR/articles` and `DIR/claims.duckdb` are
    symlinks through `current`. The previous generation is kept (a reader that opened it a moment
    ago still finds its files); older ones, and those a killed build left, are removed.
    """

    def __init__(self, path: Path, claims_part_rows: int = CLAIMS_PART_ROWS,
                 articles_part_rows: int = ARTICLES_PART_ROWS, index: bool = True, log=None):
        from . import schema

        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise FileExistsError(f"{self.path}: exists and is not a directory")
        self.path.mkdir(parents=True, exist_ok=True)
        _check_dataset_dir(self.path)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        self.gen = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}{stamp}-{os.getpid()}-", dir=self.path))
        os.chmod(self.gen, 0o777 & ~_umask())
        self.index = index
        self.log = log
        self._parts = [_Parts(self.gen / "claims", schema.CLAIMS_SCHEMA, claims_part_rows),
                       _Parts(self.gen / "articles", schema.ARTICLES_SCHEMA, articles_part_rows)]

    def write(self, claims: pa.Table, articles: pa.Table) -> None:
        self._parts[0].write(claims)
        self._parts[1].write(articles)

    def commit(self) -> None:
        import json

        for p in self._parts:
            p.close()
        if self.index:
            from .query.tables import write_database

            t0 = time.perf_counter()
            write_database(self.gen)
            if self.log is not None:
                self.log(f"{self.path}: DuckDB file written in {time.perf_counter() - t0:.1f} s")
        manifest = {"claims": self._parts[0].files, "articles": self._parts[1].files,
                    "claims_rows": self._parts[0].rows, "articles_rows": self._parts[1].rows,
                    "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (self.gen / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _fsync_tree(self.gen)
        previous = _current_generation(self.path)
        _symlink_atomic(self.gen.name, self.path / CURRENT)
        legacy = None
        for name in LINKS:
            link = self.path / name
            if (link.exists() or link.is_symlink()) and not link.is_symlink():
                # a plain dataset (claims/ and articles/ folders) from before generations: moved aside
                if legacy is None:
                    legacy = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}legacy-", dir=self.path))
                os.replace(link, legacy / name)
            if not link.is_symlink() or os.readlink(link) != f"{CURRENT}/{name}":
                _symlink_atomic(f"{CURRENT}/{name}", link)
        _fsync_dir(self.path)
        _remove_old_generations(self.path, keep={self.gen.name, previous, legacy.name if legacy else None})

    def abort(self) -> None:
        for p in self._parts:
            try:
                p.close()
            except Exception:  # noqa: BLE001 — already failing; the folder goes anyway
                pass
        shutil.rmtree(self.gen, ignore_errors=True)


class _Parts:
    """part-00000.parquet, part-00001.parquet, … of one table, each at most `part_rows` rows."""

    def __init__(self, folder: Path, schema: pa.Schema, part_rows: int):
        self.folder, self.schema, self.part_rows = folder, schema, part_rows
        folder.mkdir()
        self.files: list[str] = []
        self.rows = 0
        self._writer = None
        self._in_part = 0

    def write(self, table: pa.Table) -> None:
        offset = 0
        while offset < table.num_rows:
            if self._writer is None or self._in_part >= self.part_rows:
                self._roll()
            n = min(self.part_rows - self._in_part, table.num_rows - offset)
            self._writer.write_table(table.slice(offset, n))
            offset += n
            self._in_part += n
            self.rows += n

    def _roll(self) -> None:
        if self._writer is not None:
            self._writer.close()
        name = f"part-{len(self.files):05d}.parquet"
        self._writer = pq.ParquetWriter(self.folder / name, self.schema, compression="zstd")
        self.files.append(f"{self.folder.name}/{name}")
        self._in_part = 0

    def close(self) -> None:
        if self._writer is None and not self.files:
            self._roll()        # an empty table is still one (empty) part with the schema
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        for name in self.files:
            os.chmod(self.folder.parent / name, 0o666 & ~_umask())


def _check_dataset_dir(path: Path) -> None:
    """Refuse to turn a folder that is not a dataset (say, data/) into one."""
    ours = {CURRENT, *LINKS}
    for entry in path.iterdir():
        if entry.name in ours or entry.name.startswith((GENERATION_PREFIX, ".")):
            continue
        raise FileExistsError(f"{path}: not a claims dataset directory (holds {entry.name}); "
                              "give an empty or new folder, or a .parquet/.csv file")


def _current_generation(path: Path) -> str | None:
    try:
        return os.readlink(path / CURRENT)
    except OSError:
        return None


def _symlink_atomic(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _remove_old_generations(path: Path, keep: set) -> None:
    for entry in path.iterdir():
        if not entry.name.startswith(GENERATION_PREFIX) or entry.name in keep or entry.is_symlink():
            continue
        try:
            if entry.name.startswith(f"{GENERATION_PREFIX}legacy-") or _finished(entry) \
                    or time.time() - _last_write(entry) > STALE_AFTER_S:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


def _finished(gen: Path) -> bool:
    """A generation that was once current (it has its manifest): not a build still running."""
    return (gen / "manifest.json").exists()


def _last_write(gen: Path) -> float:
    """When a generation's build last wrote anything (a killed build's stops changing)."""
    latest = gen.stat().st_mtime
    for dirpath, _, files in os.walk(gen):
        for f in files:
            try:
                latest = max(latest, os.stat(os.path.join(dirpath, f)).st_mtime)
            except OSError:
                pass
    return latest


def _fsync_tree(root: Path) -> None:
    for dirpath, _, files in os.walk(root):
        for f in files:
            fd = os.open(os.path.join(dirpath, f), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_output(path: Path, index: bool = True, log=None):
    """The writer of one --out: a dataset directory, or a table file and its articles beside it."""
    return DatasetTables(path, index=index, log=log) if is_dataset_path(path) else FileTables(path)
