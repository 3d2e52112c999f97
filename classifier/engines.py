"""Where chunks are labelled: in this process, in a pool of local processes, or on a Dask cluster.

Each engine takes an iterator of LabelTasks and yields (index, counts, labelled frame or None) as
tasks finish, keeping at most `window` chunks in flight so that memory stays flat.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .errors import BoilerplateError
from .workers import LabelTask, init_worker, run_task


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def in_process(tasks: Iterable[LabelTask], model_file: Path) -> Iterator[tuple]:
    """One process: load the model here and label chunk after chunk."""
    from .model_file import load_model

    model = load_model(model_file, trust_model=True)  # the caller checked trust
    for task in tasks:
        yield run_task(task, model)


def process_pool(tasks: Iterable[LabelTask], model_file: Path, jobs: int) -> Iterator[tuple]:
    """`jobs` worker processes, each with its own copy of the model, fed chunk by chunk."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    window = jobs + 1  # every worker busy, one chunk ready: memory stays at a few chunks
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=init_worker, initargs=(str(model_file),)) as pool:
        # Start every worker now, while this process is small: a forked worker begins with a copy of
        # the parent's pages, and the parent grows once it reads input.
        for _ in range(jobs):
            pool.submit(os.getpid)  # forks a worker (its model loads while input is read)
        pending = set()
        try:
            for task in tasks:
                pending.add(pool.submit(run_task, task))
                if len(pending) >= window:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        except BrokenProcessPool:
            raise BoilerplateError(
                "a worker process died (killed, or out of memory?); finished chunks are saved: rerun with --resume"
            ) from None
        except BaseException:
            for future in pending:
                future.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            raise


# -- Dask ------------------------------------------------------------------------------------------
_WORKER_MODELS: dict[str, object] = {}


def dask_label(model_bytes: bytes, model_sha: str, suffix: str, task: LabelTask) -> tuple:
    """Runs on a Dask worker: the model arrives once as bytes, is loaded once per worker process."""
    from distributed import get_worker

    model = _WORKER_MODELS.get(model_sha)
    if model is None:
        from .model_file import load_model

        folder = Path(tempfile.mkdtemp(prefix="boilerplate-model-"))
        path = folder / f"model{suffix}"
        path.write_bytes(model_bytes)
        model = _WORKER_MODELS[model_sha] = load_model(path, trust_model=True)  # the client checked trust
    index, counts, labelled = run_task(task, model)
    return index, counts, labelled, get_worker().address


def dask_cluster(
    tasks: Iterable[LabelTask], model_file: Path, jobs: int, scheduler: str | None, workers_seen: set
) -> Iterator[tuple]:
    """Label on a Dask cluster (a local one when no scheduler address is given).

    This process reads the inputs and writes the output; the cluster's workers do the labelling.
    The addresses of the workers that labelled chunks are collected in `workers_seen`.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BoilerplateError("the dask engine needs Dask: pip install 'boilerplate-classifier[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="20s")
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        model_bytes = model_file.read_bytes()
        sha = hashlib.sha256(model_bytes).hexdigest()
        model_future = client.scatter(model_bytes, broadcast=True)
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        window = 2 * n_workers
        queue = as_completed()
        in_flight = 0
        for task in tasks:
            queue.add(client.submit(dask_label, model_future, sha, model_file.suffix, task, pure=False))
            in_flight += 1
            if in_flight >= window:
                index, counts, labelled, worker = next(queue).result()
                in_flight -= 1
                workers_seen.add(worker)
                yield index, counts, labelled
        for future in queue:
            index, counts, labelled, worker = future.result()
            workers_seen.add(worker)
            yield index, counts, labelled
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
