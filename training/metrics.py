"""Figures of a labelling against the truth: per class, macro, body-vs-rest, per group, confusion."""

from __future__ import annotations

import numpy as np
import pandas as pd

from classifier.labels import LABELS


def _prf(y: np.ndarray, p: np.ndarray, label: str) -> dict:
    tp = int(((y == label) & (p == label)).sum())
    fp = int(((y != label) & (p == label)).sum())
    fn = int(((y == label) & (p != label)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": int((y == label).sum())}


def figures(y_true, y_pred) -> dict:
    """Per-class P/R/F1, macro-F1 over the classes present, body-vs-rest F1, accuracy, confusion."""
    y = np.asarray(y_true, dtype=object)
    p = np.asarray(y_pred, dtype=object)
    per_class = {label: _prf(y, p, label) for label in LABELS}
    present = [m["f1"] for m in per_class.values() if m["support"]]
    confusion = [[int(((y == t) & (p == q)).sum()) for q in LABELS] for t in LABELS]
    return {
        "n": int(len(y)),
        "accuracy": float((y == p).mean()) if len(y) else 0.0,
        "macro_f1": float(np.mean(present)) if present else 0.0,
        "body_f1": per_class["body"]["f1"],
        "per_class": per_class,
        "confusion": {"labels": list(LABELS), "rows_true_cols_pred": confusion},
    }


def grouped_figures(frame: pd.DataFrame, y_pred, by: str, min_rows: int = 1) -> dict:
    """figures() for each value of column `by` (e.g. lang or outlet)."""
    out = {}
    pred = np.asarray(y_pred, dtype=object)
    for key, index in frame.groupby(by, sort=True).indices.items():
        if len(index) >= min_rows:
            out[str(key)] = figures(frame["label"].to_numpy()[index], pred[index])
    return out


def format_report(result: dict, title: str = "") -> str:
    """A plain-text report of figures() output and any per-group tables in `result['groups']`."""
    lines = [title] if title else []
    lines.append(f"{'class':8} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for label, m in result["per_class"].items():
        lines.append(f"{label:8} {m['precision']:9.3f} {m['recall']:7.3f} {m['f1']:6.3f} {m['support']:8d}")
    lines.append(
        f"macro-F1 {result['macro_f1']:.3f}   body-F1 {result['body_f1']:.3f}   "
        f"accuracy {result['accuracy']:.3f}   n {result['n']}"
    )
    lines.append("confusion (rows true, columns predicted): " + " ".join(f"{c:>8}" for c in LABELS))
    for label, row in zip(LABELS, result["confusion"]["rows_true_cols_pred"], strict=True):
        lines.append(f"  {label:8}" + " ".join(f"{v:8d}" for v in row))
    for by, table in result.get("groups", {}).items():
        lines.append(f"per {by}: {'macro-F1':>8} {'body-F1':>8} {'accuracy':>8} {'n':>7}")
        for key, m in table.items():
            lines.append(f"  {key:12} {m['macro_f1']:8.3f} {m['body_f1']:8.3f} {m['accuracy']:8.3f} {m['n']:7d}")
    return "\n".join(lines)
