"""`--engine dask`: the build's partitions run on Dask distributed (requirements-build.txt).

Without a scheduler address, a `LocalCluster` sized to this machine (one single-threaded worker
process per core, on 127.0.0.1); with one, any existing cluster (`dask scheduler` + `dask worker`,
dask-jobqueue, dask-kubernetes). The client reads the input and sends each partition's articles
with its task (so a partition lost with a worker is simply run again elsewhere, and workers need no
shared filesystem); workers send back Arrow tables, which the client writes in input order. At
most a few partitions per worker thread are in flight, so neither the client's nor a worker's
memory grows with the corpus.

Each worker loads the Sudachi dictionary once (a worker plugin, at start) and a tokenizer per
thread on first use (a tokenizer does not pickle, so it never travels). Every task carries the
client's versions (SudachiPy, dictionary, extractor digest) and a worker whose own differ refuses
it: a worker with another dictionary would otherwise give other rows silently.
"""
from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from .build import BuildError, process_items
from .sources import SourcesError
from .textio import DecodeError


def _allow_pandas() -> None:
    """`python -m claims` blocks pandas imports (pyarrow's needless one); Dask needs pandas."""
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_NoPandas"]


@lru_cache(maxsize=1)
def versions() -> tuple[tuple[str, str], ...]:
    """What decides the rows besides the input: SudachiPy, the dictionary, the extractor's code and data."""
    from importlib import metadata

    from .library.extractor import _dictionary_version, extractor_version

    return (("sudachipy", metadata.version("sudachipy")), ("dictionary", _dictionary_version()),
            ("extractor", extractor_version()))


def _describe(v) -> str:
    return ", ".join(f"{k} {val}" for k, val in v)


class VersionMismatch(BuildError):
    pass


def check_versions(expected) -> None:
    mine = versions()
    if tuple(map(tuple, expected)) != mine:
        where = ""
        try:
            from distributed import get_worker

            where = f"worker {get_worker().address}: "
        except (ImportError, ValueError):
            pass
        raise VersionMismatch(f"{where}{_describe(mine)} differ from the client's {_describe(expected)}; "
                              "install requirements-build.txt (same sudachidict-core) and this "
                              "project's code on every worker")


def run_partition(index: int, items: list, expected) -> tuple:
    """One partition on a worker: (index, claims table, articles table, bad-input error or None)."""
    check_versions(expected)
    try:
        claims, articles = process_items(items)
    except (BuildError, DecodeError, SourcesError) as exc:
        # bad input, not a worker fault: returned (not raised, which the worker would log as a
        # failed computation) and raised again by the client as the local engine raises it
        return index, None, None, exc
    return index, claims, articles, None


def warm() -> tuple:
    """Load the dictionary, alias and cue tables once per worker process; return its versions."""
    from .entities import load_entities
    from .semantics import load_cues
    from .tokenizer import _dictionary, analyze

    _dictionary()
    load_entities()
    load_cues()
    analyze("2025年に1GW。")
    return versions()


def _plugin():
    from distributed import WorkerPlugin

    class WarmWorker(WorkerPlugin):
        """Runs on every worker that joins (also one restarted after a crash)."""
        name = "claims-warm"

        def setup(self, worker):
            warm()

    return WarmWorker()


def local_cluster(n_workers: int | None = None, dashboard: str | None = "127.0.0.1:8787"):
    """A cluster on this machine: one single-threaded worker process per core, loopback only."""
    _allow_pandas()
    from distributed import LocalCluster

    n = n_workers or os.cpu_count() or 1
    if dashboard and not _free(dashboard):
        dashboard = dashboard.rsplit(":", 1)[0] + ":0"     # another build's dashboard has it: any free port
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)      # "Port 8787 is already in use", and the like
        return LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=dashboard if dashboard else None, silence_logs=logging.CRITICAL)


def _free(address: str) -> bool:
    import socket

    host, _, port = address.rpartition(":")
    with socket.socket() as s:
        try:
            s.bind((host or "127.0.0.1", int(port)))
        except (OSError, ValueError):
            return False
    return True


def _say(log, message: str) -> None:
    if log is not None:
        log(message)


@contextmanager
def dask_results(chunks: Iterable[list], scheduler: str | None = None, log=None,
                 n_workers: int | None = None, dashboard: str | None = "127.0.0.1:8787",
                 in_flight_per_thread: int = 2):
    """Each partition's (claims, articles) in input order, computed on a Dask cluster."""
    _allow_pandas()
    try:
        from distributed import Client
    except ImportError:
        raise BuildError("--engine dask needs Dask: pip install -r requirements-build.txt") from None
    t0 = time.perf_counter()
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise BuildError(f"--scheduler {scheduler}: cannot connect ({type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0][:160] if str(exc) else ''})") from None
        else:
            cluster = local_cluster(n_workers, dashboard)
            client = Client(cluster)
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001
        if cluster is not None:
            cluster.close()
        raise BuildError(f"dask: cannot start the cluster ({type(exc).__name__}: {exc})") from None
    try:
        try:
            client.wait_for_workers(1, timeout=120)
            client.register_plugin(_plugin())
            theirs_by_worker = client.run(warm)
        except Exception as exc:  # noqa: BLE001 — no workers, a worker that cannot import claims, …
            raise BuildError(f"dask: the cluster is not ready ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200] if str(exc) else 'no workers joined'})") from None
        expected = versions()
        for address, theirs in theirs_by_worker.items():
            if tuple(map(tuple, theirs)) != expected:
                raise VersionMismatch(f"worker {address}: {_describe(theirs)} differ from the client's "
                                      f"{_describe(expected)}; install requirements-build.txt (same "
                                      "sudachidict-core) and this project's code on every worker")
        threads = sum(client.nthreads().values())
        _say(log, f"dask: {len(client.nthreads())} workers, {threads} threads ready in "
                  f"{time.perf_counter() - t0:.1f} s; dashboard {client.dashboard_link}")
        yield _ordered(client, chunks, expected, max(2, threads * in_flight_per_thread))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ordered(client, chunks: Iterable[list], expected, window: int) -> Iterator[tuple]:
    """Submit a window of partitions; yield results in partition order as they arrive."""
    from distributed import as_completed

    token = f"{os.getpid()}-{time.time_ns()}"
    it = iter(enumerate(chunks))
    done: dict[int, tuple] = {}
    following = 0
    futures = as_completed()
    live: set = set()

    def submit_next() -> bool:
        try:
            i, chunk = next(it)
        except StopIteration:
            return False
        f = client.submit(run_partition, i, chunk, expected, key=f"claims-partition-{i:06d}-{token}",
                          pure=False, retries=0)
        futures.add(f)
        live.add(f)
        return True

    try:
        while len(live) < window and submit_next():
            pass
        for f in futures:
            try:
                i, claims, articles, error = f.result()
            except VersionMismatch:
                raise
            except Exception as exc:  # noqa: BLE001 — KilledWorker, lost scheduler, …: one line
                raise BuildError(f"dask: {f.key} failed ({type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0][:200] if str(exc) else ''})") from None
            live.discard(f)
            f.release()
            if error is not None:
                raise error         # bad input, named by the worker: one line as with the local engine
            done[i] = (claims, articles)
            while following in done:
                yield done.pop(following)
                following += 1
            while len(done) + len(live) < window and submit_next():
                pass
        while following in done:
            yield done.pop(following)
            following += 1
    finally:
        for f in live:
            f.cancel()
