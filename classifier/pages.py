"""Paragraphs as pages: the one frame shape every model input is turned into."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def as_text(values: Iterable) -> np.ndarray:
    """Paragraph texts as strings: a null (None, NaN) is an empty paragraph, a number its digits."""
    if isinstance(values, pd.Series) and values.dtype != object and pd.api.types.is_string_dtype(values.dtype):
        return values.fillna("").to_numpy(dtype=object)  # a string column: no per-value checks needed
    return np.asarray(
        ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in values], dtype=object
    )


def _doc_ids(ids: pd.Series) -> np.ndarray:
    """Document ids that group reliably: integers as they are, anything else as its text."""
    if ids.dtype.kind in "iu":
        return ids.to_numpy()
    return pd.Series(ids.astype(str).to_numpy(dtype=object), dtype=object).to_numpy()


def as_paragraph_frame(X) -> pd.DataFrame:
    """Return a frame with `text`, `doc_id` and `position` for any accepted model input.

    A plain sequence of strings is one document in page order; a frame keeps its `doc_id` and
    `position` when it has them (without `doc_id` the whole frame is one document).
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("a paragraph frame needs a 'text' column")
        frame = pd.DataFrame({"text": pd.Series(as_text(X["text"]), dtype=object)})
        frame["doc_id"] = _doc_ids(X["doc_id"]) if "doc_id" in X.columns else "doc"
        if "position" in X.columns:
            frame["position"] = pd.to_numeric(X["position"], errors="coerce").fillna(0).to_numpy()
        else:
            frame["position"] = frame.groupby("doc_id", sort=False).cumcount().to_numpy()
        return frame
    if isinstance(X, str):
        raise TypeError("pass a list of paragraphs, not a single string")
    texts = as_text(X if isinstance(X, Iterable) else [X])
    return pd.DataFrame({"text": pd.Series(texts, dtype=object), "doc_id": "doc", "position": np.arange(len(texts))})


def page_order(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row order that walks each document from its first paragraph, and each row's document number."""
    doc_codes, _ = pd.factorize(frame["doc_id"], sort=False)
    order = np.lexsort((np.arange(len(frame)), frame["position"].to_numpy(), doc_codes))
    return order, doc_codes
