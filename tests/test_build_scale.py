"""Builds past one machine (issue 16): Parquet/JSONL inputs, partitioned datasets replaced
atomically, `--engine dask` giving the local engine's rows (a LocalCluster, and a `dask scheduler`
with `dask worker` processes on 127.0.0.1), a worker SIGKILLed mid-build, one bad article among
10,000, and `python -m claims index`.

Dask comes from requirements-build.txt (included by requirements-dev.txt): these tests never skip.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claims.build import build_to
from claims.inputs import open_input
from claims.query.tables import open_tables, table_files

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def article_rows(copies: int = 1) -> list[dict]:
    """The shipped articles as table rows (source_id, text, metadata), `copies` times with new ids."""
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as fh:
        meta = {r["source_id"]: r for r in csv.DictReader(fh)}
    rows = []
    for i in range(copies):
        for p in sorted(RAW.glob("*.txt")):
            row = dict(meta.get(p.stem, {}))
            row["source_id"] = p.stem if copies == 1 else f"c{i:03d}_{p.stem}"
            row["text"] = p.read_bytes().decode("utf-8-sig")
            rows.append(row)
    return rows


def write_parquet(path: Path, rows: list[dict]) -> Path:
    table = pa.Table.from_pylist(rows)
    for col in ("published", "reference_date"):       # dates as dates (an archive export's shape)
        if col in table.column_names:
            arr = pa.array([None if not v else v for v in table[col].to_pylist()], pa.string())
            table = table.set_column(table.column_names.index(col), col, arr.cast(pa.date32()))
    pq.write_table(table, path)
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def run_cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "claims", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=timeout)


def one_error(out, fragment):
    assert out.returncode == 1, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], out.stderr


def read_claims(path: Path) -> pa.Table:
    claims, _ = table_files(path)
    return pa.concat_tables(pq.read_table(p) for p in claims)


def read_articles(path: Path) -> pa.Table:
    _, articles = table_files(path)
    return pa.concat_tables(pq.read_table(p) for p in articles)


def snapshot(d: Path) -> dict:
    """Every file under a dataset directory with its bytes' size and mtime (and symlink targets)."""
    out = {}
    for p in sorted(d.rglob("*")):
        out[str(p.relative_to(d))] = os.readlink(p) if p.is_symlink() else (
            (p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else "dir")
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The shipped articles built from their .txt folder by the local engine."""
    out = tmp_path_factory.mktemp("ref") / "claims.parquet"
    build_to([out], open_input(RAW))
    return out


def test_parquet_and_jsonl_inputs_give_the_rows_of_the_txt_folder(tmp_path, reference):
    rows = article_rows()
    pq_in = write_parquet(tmp_path / "articles_in.parquet", rows)
    folder = tmp_path / "jsonl"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows[:2])
    write_jsonl(folder / "b.jsonl", rows[2:])
    for src, out in ((pq_in, tmp_path / "p" / "claims.parquet"), (folder, tmp_path / "ds")):
        source = open_input(src)
        assert source.check() == len(rows)
        build_to([out], source)
        assert read_claims(out).equals(pq.read_table(reference)), src
        want = pq.read_table(reference.with_name("articles.parquet")).drop_columns(["encoding"])
        assert read_articles(out).drop_columns(["encoding"]).equals(want), src


def test_a_dataset_is_replaced_as_a_whole(tmp_path, reference):
    ds = tmp_path / "ds"
    rows = article_rows()
    out = run_cli("build", write_jsonl(tmp_path / "all.jsonl", rows), "--out", ds, "--quiet")
    assert out.returncode == 0, out.stderr
    first = os.readlink(ds / "current")
    assert (ds / "claims").is_symlink() and sorted(p.name for p in (ds / "claims").glob("*.parquet")) == \
        ["part-00000.parquet"]
    assert json.loads((ds / first / "manifest.json").read_text())["articles_rows"] == len(rows)
    opened = open_tables(ds)     # through the DuckDB file written with the generation
    assert opened.n_rows == pq.read_metadata(reference).num_rows
    assert opened.con.execute("SELECT count(*) FROM duckdb_databases() WHERE path LIKE '%claims.duckdb'").fetchone()[0] == 1

    # a second build switches the pointer: the new rows, the previous generation kept beside
    out = run_cli("build", write_jsonl(tmp_path / "two.jsonl", rows[:2]), "--out", ds, "--quiet")
    assert out.returncode == 0, out.stderr
    second = os.readlink(ds / "current")
    assert second != first and (ds / first).is_dir()
    assert set(read_articles(ds)["source_id"].to_pylist()) == {r["source_id"] for r in rows[:2]}
    assert open_tables(ds).n_rows == read_claims(ds).num_rows

    # a failed build (bad input, or a failure while writing) leaves it exactly as it was
    before = snapshot(ds)
    bad = write_jsonl(tmp_path / "bad.jsonl", [*rows, {**rows[0], "source_id": "x"}, rows[1]])
    one_error(run_cli("build", bad, "--out", ds, "--quiet"), f"line {len(rows) + 2} (source_id "
                                                               f"'{rows[1]['source_id']}'): duplicate source_id")
    with pytest.raises(RuntimeError):
        build_to([ds], open_input(tmp_path / "all.jsonl"), progress=_Fail())
    assert snapshot(ds) == before

    # a third build removes the oldest generation (readers of the previous one keep theirs)
    assert run_cli("build", tmp_path / "all.jsonl", "--out", ds, "--quiet").returncode == 0
    assert not (ds / first).exists() and (ds / second).is_dir()
    gens = sorted(p.name for p in ds.iterdir() if p.name.startswith("gen-"))
    assert len(gens) == 2


class _Fail:
    def update(self, n):
        raise RuntimeError("disk full")


def test_a_plain_dataset_folder_becomes_generations_and_other_folders_are_refused(tmp_path, reference):
    ds = tmp_path / "plain"
    (ds / "claims").mkdir(parents=True)
    (ds / "articles").mkdir()
    pq.write_table(pq.read_table(reference).slice(0, 3), ds / "claims" / "part-0.parquet")
    pq.write_table(pq.read_table(reference.with_name("articles.parquet")), ds / "articles" / "part-0.parquet")
    assert open_tables(ds).n_rows == 3
    build_to([ds], open_input(RAW))
    assert (ds / "claims").is_symlink() and read_claims(ds).equals(pq.read_table(reference))
    assert open_tables(ds).n_rows == pq.read_metadata(reference).num_rows
    one_error(run_cli("build", RAW, "--out", ROOT / "data", "--quiet"), "not a claims dataset directory")


def test_index_writes_the_duckdb_file_the_app_opens(tmp_path, reference):
    table = tmp_path / "claims.parquet"
    table.write_bytes(reference.read_bytes())
    (tmp_path / "articles.parquet").write_bytes(reference.with_name("articles.parquet").read_bytes())
    out = run_cli("index", table)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp_path / "claims.duckdb") and (tmp_path / "claims.duckdb").is_file()
    one_error(run_cli("index", tmp_path / "nope.parquet"), "nope.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    one_error(run_cli("index", tmp_path / "broken.parquet"), "broken.parquet")


# ------------------------------------------------------------------ bad input among 10,000
def _small(i: int) -> dict:
    return {"source_id": f"a{i:05d}", "title": f"記事{i}", "published": "2025-03-01",
            "text": f"見出し{i}\n同社は2026年までに{i % 90 + 1}GWの発電所を建設する計画だ。"}


BAD = {
    "duplicate": (lambda r: {**r, "source_id": "a00003"}, "line 7001 (source_id 'a00003'): duplicate source_id"),
    "date": (lambda r: {**r, "published": "2025-02-30"}, "(source_id 'a07000'): published '2025-02-30' is not a date"),
    "no id": (lambda r: {k: v for k, v in r.items() if k != "source_id"}, "line 7001: missing source_id"),
}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    ds = tmp_path_factory.mktemp("prev") / "ds"
    build_to([ds], open_input(RAW))
    return ds


@pytest.mark.parametrize("engine", ["local", "dask"])
@pytest.mark.parametrize("bad", list(BAD))
def test_one_bad_row_among_10000_fails_before_any_work(tmp_path, previous, engine, bad):
    change, fragment = BAD[bad]
    rows = [_small(i) for i in range(10_000)]
    rows[7000] = change(rows[7000])
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    before = snapshot(previous)
    one_error(run_cli("build", src, "--out", previous, "--engine", engine, "--quiet"), fragment)
    assert snapshot(previous) == before


def test_undecodable_bytes_in_a_jsonl_line_name_the_article(tmp_path, previous):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(_small(i), ensure_ascii=False).encode() for i in range(10_000)]
    lines[4321] = lines[4321].replace("見出し".encode(), b"\x81\xff\xfe")
    src.write_bytes(b"\n".join(lines) + b"\n")
    before = snapshot(previous)
    one_error(run_cli("build", src, "--out", previous, "--engine", "dask", "--quiet"),
              "line 4322 (source_id 'a04321'): not valid UTF-8")
    assert snapshot(previous) == before


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_an_undecodable_file_among_10000_found_by_a_worker(tmp_path, previous, engine):
    """A .txt folder is read where it is processed: the worker names the file, the build stops."""
    d = tmp_path / "in"
    d.mkdir()
    for i in range(10_000):
        r = _small(i)
        (d / f"{r['source_id']}.txt").write_text(r["text"], encoding="utf-8")
    (d / "a06000.txt").write_bytes(b"\x81\xff\xfe\x80" * 300 + bytes(range(128, 256)) * 8)
    before = snapshot(previous)
    one_error(run_cli("build", d, "--out", previous, "--engine", engine, "--jobs", "2", "--quiet"),
              "a06000.txt")
    assert snapshot(previous) == before


# ------------------------------------------------------------------ the same rows on a cluster
def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _start_worker(address: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-nanny",
                             "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0"],
                            cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=open(log, "ab"))


def _wait_workers(address: str, n: int, timeout: float = 90) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as c:
        c.wait_for_workers(n, timeout=timeout)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A `dask scheduler` and two `dask worker` processes, on 127.0.0.1 only."""
    log = tmp_path_factory.mktemp("dask") / "cluster.log"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", "127.0.0.1:0"],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=open(log, "ab"))]
    try:
        procs += [_start_worker(address, log) for _ in range(2)]
        _wait_workers(address, 2)
        yield address, log
    finally:
        for p in procs[1:]:
            p.kill()            # test workers hold nothing worth a graceful exit
        procs[0].terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """30 copies of the shipped articles as Parquet, and their table built by the local engine."""
    d = tmp_path_factory.mktemp("corpus")
    src = write_parquet(d / "articles.parquet", article_rows(copies=30))
    local = d / "local" / "claims.parquet"
    build_to([local], open_input(src))
    return src, local


def test_every_engine_gives_the_same_rows(tmp_path, corpus, cluster):
    src, local = corpus
    address, log = cluster
    want_claims = pq.read_table(local)
    want_articles = pq.read_table(local.with_name("articles.parquet"))
    assert want_claims.num_rows > 500

    lc = tmp_path / "localcluster"
    build_to([lc], open_input(src), engine="dask", partition_chars=20_000,
             cluster_options={"n_workers": 2, "dashboard": None})
    out = run_cli("build", src, "--out", tmp_path / "remote", "--engine", "dask", "--scheduler", address,
                  "--partition-chars", "20000", "--jobs", "1")
    assert out.returncode == 0, out.stderr + log.read_text()
    assert "dashboard http://127.0.0.1:" in out.stderr
    for ds in (lc, tmp_path / "remote"):
        assert read_claims(ds).equals(want_claims), ds       # row for row, in input order
        assert read_articles(ds).equals(want_articles), ds
        assert open_tables(ds).n_rows == want_claims.num_rows


def test_a_worker_with_other_versions_refuses_work(cluster):
    from distributed import Client

    from claims.dask_engine import VersionMismatch, run_partition, versions

    other = tuple((k, v + "-other") if k == "dictionary" else (k, v) for k, v in versions())
    with Client(cluster[0], timeout="30s") as c:
        with pytest.raises(VersionMismatch, match=r"worker tcp://127\.0\.0\.1:\d+: .*differ from the client's"):
            c.submit(run_partition, 0, [], other, pure=False).result(timeout=60)


def test_a_worker_killed_mid_build_loses_nothing(tmp_path, corpus, cluster):
    """SIGKILL a worker while it holds partitions: Dask reruns them; every article exactly once."""
    from distributed import Client

    src, local = corpus
    address, log = cluster
    victim = _start_worker(address, log)
    try:
        _wait_workers(address, 3)
        with Client(address, timeout="30s") as c:
            victim_address = next(a for a, pid in c.run(os.getpid).items() if pid == victim.pid)

            ds = tmp_path / "ds"
            build = subprocess.Popen([sys.executable, "-m", "claims", "build", str(src), "--out", str(ds),
                                      "--engine", "dask", "--scheduler", address, "--partition-chars", "30000",
                                      "--quiet"], cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True)
            killed_while: list = []
            deadline = time.time() + 120
            while time.time() < deadline and build.poll() is None:
                busy = c.processing([victim_address]).get(victim_address, ())
                if busy:
                    os.kill(victim.pid, signal.SIGKILL)
                    killed_while.extend(busy)
                    break
                time.sleep(0.002)
            _, err = build.communicate(timeout=300)
            assert build.returncode == 0, err + log.read_text()[-3000:]
            assert killed_while, "the victim never held a partition"
            assert victim.wait(timeout=10) == -signal.SIGKILL
            ids = read_articles(ds)["source_id"].to_pylist()
            assert len(ids) == len(set(ids)) == 150
            assert read_claims(ds).equals(pq.read_table(local))
            assert len(c.run(os.getpid)) == 2
    finally:
        if victim.poll() is None:
            victim.kill()


def test_dask_is_a_requirement_of_the_build_not_of_the_app():
    runtime = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    build = (ROOT / "requirements-build.txt").read_text(encoding="utf-8")
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert "dask" not in runtime and "distributed" not in runtime
    assert "dask[distributed]" in build and "-r requirements.txt" in build
    assert "-r requirements-build.txt" in dev.splitlines()


def test_index_of_a_dataset_directory(tmp_path):
    ds = tmp_path / "ds"
    build_to([ds], open_input(RAW), index=False)
    assert not (ds / "claims.duckdb").exists()
    out = run_cli("index", ds)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(ds / os.readlink(ds / "current") / "claims.duckdb")   # in the generation
    opened = open_tables(ds)
    assert opened.con.execute("SELECT count(*) FROM duckdb_databases() WHERE path LIKE '%claims.duckdb'").fetchone()[0] == 1
    build_to([ds], open_input(RAW))      # the next build puts its own file back in the generation
    assert (ds / "claims.duckdb").is_symlink() and open_tables(ds).n_rows == read_claims(ds).num_rows
