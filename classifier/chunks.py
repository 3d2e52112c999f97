"""Cutting the stream of input blocks into chunks that never split a document.

A page is judged with its neighbours, so a chunk boundary may only fall between documents; then a
paragraph's label cannot depend on the chunk size or on which worker labelled it. A document is a run
of consecutive rows with the same doc_id (or one .txt/.html file, or one WARC record).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .readers import Reject, read_blocks
from .sources import Source

FILE_SHIFT = 1 << 40  # document keys: file number * FILE_SHIFT + document number within the file


@dataclass
class Chunk:
    """Rows of whole documents: input columns, each row's document key, and what was read so far."""

    index: int
    frame: pd.DataFrame
    docs: np.ndarray
    bytes_done: int
    rejects: list[Reject] = field(default_factory=list)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    if len(frames) > 1:
        frames = [f for f in frames if len(f)] or frames[:1]
    return frames[0].reset_index(drop=True) if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def iter_chunks(
    sources: list[Source],
    text_column: str = "text",
    chunk_rows: int = 20_000,
    policy: str = "stop",
    encoding: str = "utf-8",
) -> Iterator[Chunk]:
    """Chunks of at least `chunk_rows` rows (the last may be smaller), in input order."""
    frames: list[pd.DataFrame] = []
    docs: list[np.ndarray] = []
    rejects: list[Reject] = []
    rows = 0
    index = 0
    done_bytes = 0
    position = 0

    def emit(cut: int | None) -> Chunk:
        nonlocal frames, docs, rejects, rows, index
        frame = _concat(frames)
        keys = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        cut = len(keys) if cut is None else cut
        chunk = Chunk(index, frame.iloc[:cut].reset_index(drop=True), keys[:cut], done_bytes + position, rejects)
        frames = [frame.iloc[cut:].reset_index(drop=True)] if cut < len(keys) else []
        docs = [keys[cut:]] if cut < len(keys) else []
        rows = len(keys) - cut
        rejects = []
        index += 1
        return chunk

    for file_number, source in enumerate(sources):
        position = 0
        for block in read_blocks(source, text_column, min(chunk_rows, 20_000), policy, encoding):
            position = block.position
            rejects.extend(block.rejects)
            if len(block.frame) == 0 and (rows or frames):
                continue  # an empty block only matters for its columns, when nothing else is there
            frames.append(block.frame)
            docs.append(block.docs + file_number * FILE_SHIFT)
            rows += len(block.frame)
            if rows >= chunk_rows:
                keys = np.concatenate(docs)
                last_start = int(np.searchsorted(keys, keys[-1], side="left"))
                if last_start > 0:
                    yield emit(last_start)
        done_bytes += source.size
        position = 0
        if rows >= chunk_rows:
            yield emit(None)
    if rows or rejects or index == 0:
        yield emit(None)
