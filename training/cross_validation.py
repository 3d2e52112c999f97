"""Outlet-grouped cross-validation: every fold is judged on outlets it never trained on."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from .metrics import figures, grouped_figures


def cv_groups(frame: pd.DataFrame) -> tuple[np.ndarray, str]:
    """Outlets when the data names them, else documents: a model must not meet its test page's site."""
    if "outlet" in frame.columns and frame["outlet"].astype(str).str.len().gt(0).all():
        return frame["outlet"].to_numpy(), "outlet"
    return frame["doc_id"].to_numpy(), "doc_id"


def cross_validate(estimator, frame: pd.DataFrame, folds: int = 5, sample_weight=None) -> dict:
    """Out-of-fold predictions of a clone of `estimator`, scored overall and per language/outlet."""
    groups, by = cv_groups(frame)
    n_folds = min(folds, len(set(groups)))
    if n_folds < 2:
        return {"skipped": f"only one {by}: no grouped cross-validation possible"}
    y = frame["label"].to_numpy()
    pred = np.empty(len(frame), dtype=object)
    for train_idx, test_idx in GroupKFold(n_splits=n_folds).split(frame, y, groups):
        model = clone(estimator)
        w = None if sample_weight is None else np.asarray(sample_weight)[train_idx]
        model.fit(frame.iloc[train_idx], y[train_idx], groups=groups[train_idx], sample_weight=w)
        pred[test_idx] = model.predict(frame.iloc[test_idx])
    result = figures(y, pred)
    result["grouped_by"] = by
    result["folds"] = n_folds
    result["groups"] = {}
    for column in ("lang", "outlet"):
        if column in frame.columns:
            result["groups"][column] = grouped_figures(frame, pred, column)
    return result
