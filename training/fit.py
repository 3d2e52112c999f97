"""Training a model from labelled files, with a model card that says what it is and how good."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path

import numpy as np

from classifier.labels import LABELS
from classifier.model import ParagraphClassifier
from classifier.model_file import save_model

from .cross_validation import cross_validate, cv_groups
from .data import bundled_dataset_path, load_labelled, sha256_of


def library_versions() -> dict:
    versions = {"python": platform.python_version()}
    for package in ("scikit-learn", "numpy", "scipy", "pandas", "joblib", "boilerplate-classifier"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


def _created_at() -> str:
    """Creation time; SOURCE_DATE_EPOCH pins it, for byte-reproducible cards."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def counts(frame) -> dict:
    by_label = {label: int((frame["label"] == label).sum()) for label in LABELS}
    out = {"rows": int(len(frame)), "documents": int(frame["doc_id"].nunique()), "per_label": by_label}
    if "outlet" in frame.columns:
        out["outlets"] = int(frame["outlet"].nunique())
    if "lang" in frame.columns:
        table = frame.groupby(["lang", "label"]).size().unstack(fill_value=0)
        out["per_lang"] = {
            str(lang): {label: int(row.get(label, 0)) for label in LABELS} for lang, row in table.iterrows()
        }
    return out


def train(
    data: list[str] | None = None,
    model_out: str | os.PathLike | None = None,
    seed: int = 0,
    cv_folds: int = 5,
    weights: list[float] | None = None,
    estimator: ParagraphClassifier | None = None,
) -> tuple[ParagraphClassifier, dict]:
    """Fit on `data` (default: the bundled dataset), cross-validate by outlet, save if asked.

    `weights` gives one sample weight per data file (e.g. 3.0 for a handful of corrections).
    Returns the fitted model and its card.
    """
    paths = [str(p) for p in (data or [bundled_dataset_path()])]
    frame = load_labelled(paths)
    sample_weight = None
    if weights:
        if len(weights) != len(paths):
            raise ValueError(f"{len(weights)} weights for {len(paths)} data files")
        per_file = dict(zip(paths, weights, strict=True))
        sample_weight = frame["source_file"].map(per_file).to_numpy(dtype=float)
    model = estimator if estimator is not None else ParagraphClassifier(random_state=seed)
    model.set_params(random_state=seed)
    evaluation = cross_validate(model, frame, folds=cv_folds, sample_weight=sample_weight) if cv_folds else {}
    groups, _ = cv_groups(frame)
    model.fit(frame, frame["label"].to_numpy(), groups=groups, sample_weight=sample_weight)
    card = {
        "name": Path(model_out).name if model_out else "in-memory",
        "labels": list(LABELS),
        "created_at": _created_at(),
        "seed": seed,
        "training_data": [
            {"path": Path(p).name, "sha256": sha256_of(p), "weight": (weights or [1.0] * len(paths))[i]}
            for i, p in enumerate(paths)
        ],
        "counts": counts(frame),
        "hyper_parameters": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
        "library_versions": library_versions(),
        "evaluation": {"outlet_grouped_cv": _compact(evaluation)},
    }
    if model_out:
        save_model(model, model_out, card)
    return model, card


def _compact(result: dict) -> dict:
    """Round floats so the card stays readable."""
    if isinstance(result, dict):
        return {k: _compact(v) for k, v in result.items()}
    if isinstance(result, float | np.floating):
        return round(float(result), 4)
    return result
