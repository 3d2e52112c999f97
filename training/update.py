"""Updating a trained model with a few corrections, in a second instead of a full retrain.

A full `train` refits the vocabulary, the first stage and (from out-of-fold first-stage fits) the context
stage: minutes on our dataset. A handful of corrected paragraphs mostly needs the first stage to learn
their words, so an update keeps the model's vocabulary and its context stage and refits only the
first-stage logistic regression on "the original training data plus the weighted corrections".

Two ways to solve that, the same objective:
- `laplace` (default): the original data's part of the objective is replaced by its quadratic
  approximation around the old coefficients (a diagonal Laplace approximation, as in elastic weight
  consolidation): each coefficient is held to its old value in proportion to how much the original data
  constrained it. Only the coefficients of features that occur in the corrections can move, so the
  problem is tiny: well under a second.
- `refit`: L-BFGS on all original (text, label) pairs plus the corrections, warm-started from the old
  coefficients: exact, but 15-30 s per update on our dataset.

Words the old vocabulary never kept cannot be learned either way: for a new script or language, retrain
fully (`boilerplate train DATA CORRECTIONS --weight ...`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import logsumexp, softmax
from sklearn.linear_model import LogisticRegression

from classifier.model import ParagraphClassifier

METHODS = ("laplace", "refit")
REFIT_TOL = 1e-5  # sklearn's default 1e-4 stops before a few dozen rows among 28,000 have moved anything
MAX_ITER = 500


@dataclass
class BaseFeatures:
    """The original training data as the first stage sees it: one row per distinct (text, label).

    `curvature` (classes x features) and `curvature_intercept` are the diagonal of the original data's
    loss Hessian (Gauss-Newton) at the old coefficients: how firmly that data holds each coefficient.
    """

    X: sp.csr_matrix
    y: np.ndarray
    w: np.ndarray
    curvature: np.ndarray
    curvature_intercept: np.ndarray


def base_features(model: ParagraphClassifier, frame: pd.DataFrame, sample_weight=None) -> BaseFeatures:
    """Featurise the original training data once, in the model's own vocabulary (reusable across updates)."""
    pairs = model.distinct_pairs(frame["text"].to_numpy(), frame["label"].to_numpy(), sample_weight)
    X = model.features_.transform(pairs["text"].to_numpy()).tocsr()
    w = pairs["w"].to_numpy(dtype=float)
    p = model.text_model_.predict_proba(X)
    held = w[:, None] * p * (1.0 - p)
    curvature = np.asarray((X.multiply(X)).T @ held).T
    return BaseFeatures(X, pairs["y"].to_numpy(dtype=object), w, curvature, held.sum(axis=0))


def _laplace(old: LogisticRegression, base: BaseFeatures, Xc: sp.csr_matrix, yc, wc, C: float, max_iter: int):
    """New coefficients: corrections' loss + the original data's diagonal quadratic, over active features."""
    classes = list(old.classes_)
    K = len(classes)
    active = np.unique(Xc.indices)
    Xa = Xc[:, active].tocsr()
    Y = np.zeros((len(yc), K))
    Y[np.arange(len(yc)), [classes.index(label) for label in yc]] = 1.0
    hold_w = 1.0 + C * base.curvature[:, active]  # the penalty 1/2 |W|^2 plus the data's curvature
    hold_b = C * base.curvature_intercept + 1e-6
    Z0 = np.asarray(Xc @ old.coef_.T) + old.intercept_
    size = K * len(active)

    def objective(theta):
        dW, db = theta[:size].reshape(K, len(active)), theta[size:]
        Z = Z0 + np.asarray(Xa @ dW.T) + db
        lse = logsumexp(Z, axis=1)
        loss = C * float(np.sum(wc * (lse - (Z * Y).sum(axis=1))))
        G = C * wc[:, None] * (softmax(Z, axis=1) - Y)
        grad_w = np.asarray((Xa.T @ G).T) + hold_w * dW
        grad_b = G.sum(axis=0) + hold_b * db
        loss += 0.5 * float(np.sum(hold_w * dW * dW) + np.sum(hold_b * db * db))
        return loss, np.concatenate([grad_w.ravel(), grad_b])

    result = minimize(
        objective, np.zeros(size + K), jac=True, method="L-BFGS-B", options={"maxiter": max_iter, "gtol": 1e-8}
    )
    coef = old.coef_.copy()
    coef[:, active] += result.x[:size].reshape(K, len(active))
    lr = copy.deepcopy(old)
    lr.coef_, lr.intercept_ = coef, old.intercept_ + result.x[size:]
    lr.n_iter_ = np.asarray([result.nit])
    return lr, {"active_features": int(len(active))}


def _refit(old: LogisticRegression, base: BaseFeatures, Xc, yc, wc, C: float, max_iter: int, seed: int):
    """New coefficients: L-BFGS on original pairs + corrections, from the old coefficients."""
    X = sp.vstack([base.X, Xc]).tocsr()
    y = np.concatenate([base.y, yc])
    lr = LogisticRegression(C=C, max_iter=max_iter, tol=REFIT_TOL, warm_start=True, random_state=seed)
    if set(y) == set(old.classes_):
        lr.coef_, lr.intercept_ = old.coef_.copy(), old.intercept_.copy()
    lr.fit(X, y, sample_weight=np.concatenate([base.w, wc]))
    return lr, {"tol": REFIT_TOL}


def update(
    model: ParagraphClassifier,
    corrections: pd.DataFrame,
    base: BaseFeatures,
    weight: float | np.ndarray = 5.0,
    method: str = "laplace",
    max_iter: int = MAX_ITER,
) -> tuple[ParagraphClassifier, dict]:
    """A copy of `model` whose first stage has learned `corrections` (text, label), each counted `weight` times
    (one number, or one per row).

    The vocabulary and the context stage are shared with `model`, which is left unchanged. Deterministic.
    Returns the new model and facts for its card.
    """
    if method not in METHODS:
        raise ValueError(f"unknown update method {method!r}; expected one of {METHODS}")
    row_weight = np.broadcast_to(np.asarray(weight, dtype=float), (len(corrections),))
    pairs = model.distinct_pairs(
        corrections["text"].to_numpy(), corrections["label"].to_numpy(dtype=object), row_weight
    )
    Xc = model.features_.transform(pairs["text"].to_numpy()).tocsr()
    yc, wc = pairs["y"].to_numpy(dtype=object), pairs["w"].to_numpy(dtype=float)
    if method == "laplace":
        lr, extra = _laplace(model.text_model_, base, Xc, yc, wc, model.C, max_iter)
    else:
        lr, extra = _refit(model.text_model_, base, Xc, yc, wc, model.C, max_iter, model.random_state)
    new = copy.copy(model)
    new.text_model_ = lr
    facts = {
        "method": method,
        "kept": "vocabulary and context stage of the old model; first-stage logistic regression updated",
        "correction_rows": int(len(corrections)),
        "correction_pairs": int(len(pairs)),
        "correction_weights": sorted(set(row_weight.tolist())),
        "base_pairs": int(base.X.shape[0]),
        "iterations": int(np.max(lr.n_iter_)),
        **extra,
    }
    return new, facts
