"""Page context: what a paragraph's neighbours and place in the page say about it.

A short line between two article paragraphs is probably a subheading; a sentence inside a run of
menu items is probably furniture. The first-stage text model gives each paragraph label probabilities;
these features describe those probabilities around it, so a second stage can read the page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pages import page_order

NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 12)


def _shift_within_docs(values: np.ndarray, docs: np.ndarray, offset: int) -> np.ndarray:
    """values[i + offset] where that row is in the same document, else NaN."""
    n = len(values)
    out = np.full(values.shape, np.nan)
    src = np.arange(n) + offset
    ok = (src >= 0) & (src < n)
    ok[ok] &= docs[src[ok]] == docs[ok]
    out[ok] = values[src[ok]]
    return out


def _window_mean(values: np.ndarray, docs: np.ndarray, starts: np.ndarray, ends: np.ndarray, k: int):
    """Mean of values within k rows either side (same document), the row itself left out."""
    csum = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    idx = np.arange(len(values))
    lo = np.maximum(idx - k, starts)
    hi = np.minimum(idx + k + 1, ends)
    total = csum[hi] - csum[lo] - values
    count = (hi - lo - 1).reshape(-1, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _window_max(values: np.ndarray, docs: np.ndarray, starts: np.ndarray, ends: np.ndarray, k: int):
    """Largest value within k rows either side (same document), the row itself left out."""
    out = np.full(len(values), np.nan)
    for off in range(-k, k + 1):
        if off:
            out = np.fmax(out, _shift_within_docs(values, docs, off))
    return out.reshape(-1, 1)


def _body_span(p_body: np.ndarray, doc_index: np.ndarray, boundaries: np.ndarray) -> np.ndarray:
    """Where a row sits relative to the page's confident article lines: inside their span, and how
    far (log rows) the nearest one is above and below.

    Lists, table rows and short subheadings look like menus on their own; inside the run of
    article paragraphs they are the article.
    """
    out = np.zeros((len(p_body), 3))
    for d in range(len(boundaries) - 1):
        lo, hi = boundaries[d], boundaries[d + 1]
        strong = np.flatnonzero(p_body[lo:hi] > 0.6)
        idx = np.arange(hi - lo)
        if len(strong) == 0:
            out[lo:hi, 1:] = np.log1p(hi - lo)
            continue
        out[lo:hi, 0] = (idx >= strong[0]) & (idx <= strong[-1])
        before = np.searchsorted(strong, idx, side="left")
        prev_strong = np.where(before > 0, strong[np.maximum(before - 1, 0)], -10_000)
        after = np.searchsorted(strong, idx, side="right")
        next_strong = np.where(after < len(strong), strong[np.minimum(after, len(strong) - 1)], 10_000)
        out[lo:hi, 1] = np.log1p(np.minimum(idx - prev_strong, 10_000))
        out[lo:hi, 2] = np.log1p(np.minimum(next_strong - idx, 10_000))
    return out


def _body_mass_before(p_body: np.ndarray, boundaries: np.ndarray) -> np.ndarray:
    """Share of the page's article-like mass (summed body probability) that lies above the row.

    Near 1 once the article has ended: related lists, comments and teasers with their summaries come
    after it, however article-like they read. A share, not a count or a position, so page length and
    how much furniture a site has do not enter.
    """
    starts = boundaries[:-1]
    lengths = np.diff(boundaries)
    running = np.cumsum(p_body) - p_body  # mass above each row, counted from the first document
    offset = np.repeat(running[starts], lengths)  # ... minus what earlier documents contributed
    total = np.repeat(np.add.reduceat(p_body, starts), lengths) if len(p_body) else np.zeros(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, (running - offset) / np.where(total > 0, total, 1.0), 0.0)
    return np.clip(share, 0.0, 1.0).reshape(-1, 1)


def context_features(frame: pd.DataFrame, proba: np.ndarray) -> np.ndarray:
    """One row of context features per paragraph of `frame`, in the frame's own row order.

    Only local context: page-level shares (how much of the page is body, the page's length, relative
    position) made the model learn our synthetic pages' proportions, and it fell on real pages.

    `proba` holds the text model's probabilities, row-aligned with `frame`; documents are walked in
    `position` order.
    """
    order, doc_codes = page_order(frame)
    p = proba[order]
    docs = doc_codes[order]
    n = len(frame)
    if n == 0:
        return np.zeros((0, 0))
    boundaries = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1], True])
    doc_index = np.repeat(np.arange(len(boundaries) - 1), np.diff(boundaries))
    starts = boundaries[:-1][doc_index]
    ends = boundaries[1:][doc_index]

    texts = frame["text"].to_numpy()[order]
    as_series = pd.Series(texts, dtype=object)  # object: no conversion to pandas' Arrow strings
    repeats = as_series.groupby([docs, texts]).transform("size").to_numpy(dtype=float)

    cols = [p, np.log(np.clip(p, 1e-6, 1.0))]
    for off in NEIGHBOUR_OFFSETS:
        cols.append(_shift_within_docs(p, docs, off))
    for k in WINDOWS:
        cols.append(_window_mean(p, docs, starts, ends, k))
    s = (np.log1p(as_series.str.len().to_numpy(dtype=float)) / 8.0).reshape(-1, 1)  # as shape's log_chars
    cols.append(s)
    cols.append(_shift_within_docs(s, docs, -1))
    cols.append(_shift_within_docs(s, docs, 1))
    cols.append(np.log(repeats).reshape(-1, 1))
    for k in (3, 8):
        cols.append(_window_max(p[:, 2], docs, starts, ends, k))
    cols.append(_body_span(p[:, 2], doc_index, boundaries))
    cols.append(_body_mass_before(p[:, 2], boundaries))
    features = np.hstack(cols)
    out = np.empty_like(features)
    out[order] = features
    return out
