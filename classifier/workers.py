"""What a worker process does: hold one loaded model, label chunks, write each as a part file.

Workers are single-threaded (BLAS and OpenMP pinned to one thread): the run gets its parallelism from
processes, and threads on top would only fight over the same cores.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .atomic import atomic_path
from .labelling import label_frame
from .labels import LABELS

_MODEL = None
_INIT_ERROR: Exception | None = None


@dataclass(frozen=True)
class LabelTask:
    """One chunk to label: its rows, document keys, where its part goes, and the options."""

    index: int
    frame: pd.DataFrame
    docs: np.ndarray
    part: Path | None
    text_column: str
    body_threshold: float | None


def single_thread() -> None:
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def init_worker(model_path: str) -> None:
    """Process pool initializer: load the model once per worker."""
    global _MODEL, _INIT_ERROR
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    single_thread()
    from .errors import BoilerplateError
    from .model_file import load_model

    try:
        _MODEL = load_model(model_path, trust_model=True)  # the parent checked trust
    except BoilerplateError as exc:  # reported by the first task, as one line in the parent
        _INIT_ERROR = exc
    except Exception as exc:  # noqa: BLE001  (a damaged file can fail in any library)
        _INIT_ERROR = BoilerplateError(f"{model_path}: cannot load the model ({type(exc).__name__}: {exc})")


def counts_of(labelled: pd.DataFrame, docs: np.ndarray) -> dict:
    labels = labelled["label"].to_numpy() if len(labelled) else np.asarray([], dtype=object)
    return {
        "rows": int(len(labelled)),
        "documents": int(len(np.unique(docs))) if len(docs) else 0,
        "per_label": {label: int((labels == label).sum()) for label in LABELS},
    }


def write_part(labelled: pd.DataFrame, part: Path) -> None:
    from .writers import write_part as write_parquet_part

    with atomic_path(part) as tmp:
        write_parquet_part(labelled, tmp)


def run_task(task: LabelTask, model=None) -> tuple[int, dict, pd.DataFrame | None]:
    """Label one chunk. With a part path the rows go to disk and only counts come back."""
    if model is None and _INIT_ERROR is not None:
        raise _INIT_ERROR
    labelled = label_frame(model or _MODEL, task.frame, task.text_column, task.body_threshold, task.docs)
    counts = counts_of(labelled, task.docs)
    if task.part is not None:
        write_part(labelled, task.part)
        return task.index, counts, None
    return task.index, counts, labelled
