"""Labelling: input rows in, the same rows with `label` and probabilities out, in input order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import LABELS, PROBA_COLUMNS
from .pages import as_paragraph_frame


def model_input(frame: pd.DataFrame, text_column: str = "text", docs: np.ndarray | None = None) -> pd.DataFrame:
    """What the model reads: the chosen text column as `text`, and doc_id and position where present.

    `docs` (document keys from the reader) overrides the doc_id column: it tells runs apart.
    """
    columns = {"text": frame[text_column].reset_index(drop=True) if text_column in frame.columns else [None] * len(frame)}
    columns.update({c: frame[c].to_numpy() for c in ("doc_id", "position") if c in frame.columns and c != text_column})
    if docs is not None:
        columns["doc_id"] = docs
    return as_paragraph_frame(pd.DataFrame(columns))


def decide(proba: np.ndarray, body_threshold: float | None = None) -> np.ndarray:
    """Labels from probabilities: the most probable one, or `body` whenever p_body >= body_threshold.

    A low threshold keeps more of the article (recall); a high one keeps only sure lines (precision).
    """
    labels = np.asarray(LABELS, dtype=object)
    if len(proba) == 0:
        return np.asarray([], dtype=object)
    if body_threshold is None:
        return labels[np.argmax(proba, axis=1)]
    body = LABELS.index("body")
    rest = proba.copy()
    rest[:, body] = -1.0
    return np.where(proba[:, body] >= body_threshold, "body", labels[np.argmax(rest, axis=1)]).astype(object)


def label_frame(
    model,
    frame: pd.DataFrame,
    text_column: str = "text",
    body_threshold: float | None = None,
    docs: np.ndarray | None = None,
) -> pd.DataFrame:
    """Every input column unchanged, then `label`, `p_consent`, `p_chrome`, `p_body`.

    An input column already named `label` (or a probability) is kept as `input_label` etc.
    """
    proba = model.predict_proba(model_input(frame, text_column, docs)) if len(frame) else np.zeros((0, 3))
    out = frame.reset_index(drop=True).copy()
    clashes = {c: f"input_{c}" for c in ("label", *PROBA_COLUMNS) if c in out.columns}
    out = out.rename(columns=clashes)
    out["label"] = decide(proba, body_threshold)
    for j, column in enumerate(PROBA_COLUMNS):
        out[column] = np.round(proba[:, j], 4)
    return out


def label_files(
    model, inputs: list[str], text_column: str = "text", body_threshold: float | None = None
) -> pd.DataFrame:
    """Read every input (files, directories, globs), label all paragraphs, one frame in input order.

    Holds everything in memory: for archives use `classifier.batch.label_inputs`.
    """
    from .chunks import iter_chunks
    from .sources import expand_inputs

    frames = [
        label_frame(model, chunk.frame, text_column, body_threshold, chunk.docs)
        for chunk in iter_chunks(expand_inputs(inputs), text_column, chunk_rows=1 << 62)
    ]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
