"""A labelling run over an archive: chunks in input order, labelled by an engine, saved as parts, one output.

Every finished chunk is saved as a part file in a work folder beside the output (`.NAME.parts/`), with
its counts and rejects. When all chunks are done the parts are joined, in order, into the output (written
atomically) and the folder is removed. An interrupted run leaves the folder: `--resume` with the same
inputs, model and options skips the saved chunks and ends with the same bytes as an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from .atomic import atomic_path
from .chunks import iter_chunks
from .errors import BoilerplateError, InputError
from .labels import LABELS
from .model_trust import file_sha256
from .sources import STDIN, Source, expand_inputs
from .workers import LabelTask, write_part
from .writers import OutputWriter, assemble, check_output_suffix, jsonl_text, write_rejects

RUN_FORMAT = 1


@dataclass
class RunOptions:
    """How to label: text column, body threshold, chunk size, engine and bad-record policy."""

    text_column: str = "text"
    body_threshold: float | None = None
    chunk_rows: int = 20_000
    jobs: int = 0  # 0: every available core
    policy: str = "stop"
    encoding: str = "utf-8"
    engine: str = "local"
    scheduler: str | None = None
    trust_model: bool = False


@dataclass
class Summary:
    """What a run did, for the closing line and for scripts."""

    files: int = 0
    documents: int = 0
    paragraphs: int = 0
    per_label: dict = field(default_factory=lambda: {label: 0 for label in LABELS})
    rejected: int = 0
    rejects_file: str | None = None
    resumed_chunks: int = 0
    seconds: float = 0.0
    workers: list = field(default_factory=list)

    def add(self, counts: dict) -> None:
        self.paragraphs += counts["rows"]
        self.documents += counts["documents"]
        for label, n in counts["per_label"].items():
            self.per_label[label] += n

    def line(self) -> str:
        rate = self.paragraphs / self.seconds if self.seconds > 0 else 0.0
        labels = ", ".join(f"{n:,} {label}" for label, n in self.per_label.items())
        text = (
            f"labelled {self.paragraphs:,} paragraphs ({labels}) in {self.documents:,} documents from "
            f"{self.files:,} files in {self.seconds:.1f} s ({rate:,.0f} paragraphs/s)"
        )
        if self.resumed_chunks:
            text += f"; {self.resumed_chunks} chunks resumed from a previous run"
        if self.rejected:
            text += f"; {self.rejected:,} bad records in {self.rejects_file}"
        if self.workers:
            text += f"; labelled on {len(self.workers)} Dask workers ({', '.join(sorted(self.workers))})"
        return text


def _fingerprint(sources: list[Source], model_file: Path, options: RunOptions, output: Path) -> str:
    """What decides the output bytes: inputs (path, size, mtime), model, options, output format."""
    facts = {
        "format": RUN_FORMAT,
        "inputs": [(s.path, s.size, os.stat(s.path).st_mtime_ns) for s in sources],
        "model": file_sha256(model_file),
        "text_column": options.text_column,
        "body_threshold": options.body_threshold,
        "chunk_rows": options.chunk_rows,
        "policy": options.policy,
        "encoding": options.encoding,
        "output": output.suffix.lower(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def work_folder(output: Path) -> Path:
    return output.with_name(f".{output.name}.parts")


def rejects_path(output: Path) -> Path:
    return output.with_name(output.name + ".rejects.jsonl")


def check_output(output: Path, sources: list[Source], force: bool, resume: bool) -> None:
    """Refuse outputs that would destroy data or cannot be written, before any work is done."""
    check_output_suffix(str(output))
    target = output.resolve()
    for source in sources:
        if source.path != STDIN and Path(source.path).resolve() == target:
            raise BoilerplateError(f"{output}: the output is also an input; choose another output file")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise BoilerplateError(f"{output}: output folder {folder} does not exist")
    try:  # the folder's mode says little (root, read-only mounts): try
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{output.name}.", suffix=".probe")
        probe.close()
    except OSError as exc:
        raise BoilerplateError(f"{output}: output folder {folder} is not writable ({exc.strerror})") from None
    if output.exists() and not (force or resume):
        raise BoilerplateError(f"{output}: already exists; pass --force to overwrite it")


def _prepare_folder(folder: Path, fingerprint: str, resume: bool) -> dict[int, dict]:
    """The work folder for this run and the chunks already finished in it (when resuming)."""
    stamp = folder / "run.json"
    if folder.exists() and resume:
        try:
            saved = json.loads(stamp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if saved.get("fingerprint") != fingerprint:
            raise BoilerplateError(
                f"{folder}: the saved work is from other inputs, model or options; run without --resume to start over"
            )
        done = {}
        for meta in folder.glob("part-*.json"):
            info = json.loads(meta.read_text(encoding="utf-8"))
            if (folder / f"part-{info['index']:08d}.parquet").is_file():
                done[info["index"]] = info
        return done
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    with atomic_path(stamp) as tmp:
        tmp.write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")
    return {}


def _results(engine_name: str, tasks: Iterator[LabelTask], model_file: Path, options: RunOptions, summary):
    from . import engines

    jobs = options.jobs or engines.available_cores()
    if engine_name == "dask":
        seen: set = set()
        try:
            yield from engines.dask_cluster(tasks, model_file, jobs, options.scheduler, seen)
        finally:
            summary.workers = sorted(seen)
    elif jobs <= 1:
        yield from engines.in_process(tasks, model_file)
    else:
        yield from engines.process_pool(tasks, model_file, jobs)


def label_inputs(
    inputs: list[str],
    output: str | None,
    model_path: str | os.PathLike | None = None,
    options: RunOptions | None = None,
    resume: bool = False,
    force: bool = False,
    on_progress: Callable[[int, int, int], None] | None = None,
) -> Summary:
    """Label every paragraph of `inputs` into `output` (None or '-': JSON Lines on stdout).

    `on_progress(bytes_done, bytes_total, paragraphs_done)` is called as chunks finish.
    """
    from .model_trust import check_trusted, default_model_path

    options = options or RunOptions()
    if options.policy not in ("stop", "reject"):
        raise BoilerplateError(f"unknown bad-record policy '{options.policy}' (use stop or reject)")
    started = time.perf_counter()
    sources = expand_inputs(inputs)
    model_file = Path(model_path) if model_path else default_model_path()
    if not model_file.is_file():
        raise BoilerplateError(f"{model_file}: model file not found")
    check_trusted(model_file, options.trust_model)  # workers then load it as vouched for
    to_stdout = output in (None, "-")
    out = None if to_stdout else Path(output)
    if to_stdout and resume:
        raise BoilerplateError("--resume needs --output: a run to stdout cannot be resumed")
    if to_stdout and options.policy == "reject":
        raise BoilerplateError("--on-bad-record reject needs --output (the rejects file goes beside it)")
    if out is not None:
        check_output(out, sources, force, resume)
    summary = Summary(files=len(sources))
    folder = work_folder(out) if out is not None else None
    done = _prepare_folder(folder, _fingerprint(sources, model_file, options, out), resume) if folder else {}
    total_bytes = sum(s.size for s in sources)
    chunk_info: dict[int, int] = {}  # bytes read when each pending chunk was cut
    rejects_of: dict[int, list] = {}
    finished = {"bytes": 0}

    def tasks() -> Iterator[LabelTask]:
        for chunk in iter_chunks(sources, options.text_column, options.chunk_rows, options.policy, options.encoding):
            rejects_of[chunk.index] = [r.as_row() for r in chunk.rejects]
            if chunk.index in done:
                summary.resumed_chunks += 1
                _account(done[chunk.index], chunk.bytes_done)
                continue
            chunk_info[chunk.index] = chunk.bytes_done
            part = folder / f"part-{chunk.index:08d}.parquet" if folder and options.engine != "dask" else None
            yield LabelTask(chunk.index, chunk.frame, chunk.docs, part, options.text_column, options.body_threshold)

    def _account(info: dict, bytes_done: int) -> None:
        summary.add(info)
        finished["bytes"] = max(finished["bytes"], bytes_done)
        if on_progress:
            on_progress(finished["bytes"], total_bytes, summary.paragraphs)

    streamed: dict[int, object] = {}
    next_to_stream = 0
    # The output is written while chunks finish, in order (this process is idle otherwise); if a later
    # part does not fit the first part's columns, it is rewritten at the end knowing every schema.
    writer = OutputWriter(out, options.text_column) if folder is not None else None
    appended = {"next": 0}

    def append_ready() -> None:
        while appended["next"] in done:
            writer.add(pq.read_table(folder / f"part-{appended['next']:08d}.parquet"))
            appended["next"] += 1

    try:
        for index, counts, labelled in _results(options.engine, tasks(), model_file, options, summary):
            if folder is not None:
                if labelled is not None:
                    write_part(labelled, folder / f"part-{index:08d}.parquet")
                info = {"index": index, **counts, "rejects": rejects_of.get(index, [])}
                with atomic_path(folder / f"part-{index:08d}.json") as tmp:
                    tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
                done[index] = info
                append_ready()
            else:
                streamed[index] = labelled
                while next_to_stream in streamed:
                    sys.stdout.write(jsonl_text(streamed.pop(next_to_stream)))
                    next_to_stream += 1
            _account({"rows": counts["rows"], "documents": counts["documents"], "per_label": counts["per_label"]},
                     chunk_info.pop(index, 0))  # fmt: skip
        if folder is not None:
            append_ready()
            _finish(out, folder, done, options, summary, writer)
    except BoilerplateError:
        if writer is not None:
            writer.abort()
        if folder is not None:  # bad input or options: nothing worth resuming (an interrupt keeps it)
            shutil.rmtree(folder, ignore_errors=True)
        raise
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _finish(
    out: Path, folder: Path, done: dict[int, dict], options: RunOptions, summary: Summary, writer: OutputWriter
) -> None:
    """Finish the output (or join the parts again when their columns differ); write the rejects file;
    remove the work folder."""
    indices = sorted(done)
    if indices != list(range(len(indices))):
        writer.abort()
        raise InputError(f"{folder}: parts are missing; run again without --resume")
    parts = [folder / f"part-{i:08d}.parquet" for i in indices]
    if writer.mismatch:
        writer.abort()
        schemas = [pq.read_schema(p) for p in parts]
        assemble((pq.read_table(p) for p in parts), out, options.text_column, schemas=schemas)
    else:
        writer.commit()
    rejects = [row for i in indices for row in done[i].get("rejects", [])]
    summary.rejected = len(rejects)
    target = rejects_path(out)
    if rejects:
        write_rejects(rejects, target)
        summary.rejects_file = str(target)
    elif target.exists():
        target.unlink()
    shutil.rmtree(folder, ignore_errors=True)
