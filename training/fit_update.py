"""`boilerplate train --from MODEL CORRECTIONS...`: update a model with corrections and card the result.

The card says what the new model is made of (the old model, the data it was trained on, the corrections
with their weights), how the update was solved, and how many corrections the old and new models get
right. It carries no cross-validation: `boilerplate compare OLD NEW DATA` is the check that nothing else
got worse.
"""

from __future__ import annotations

import os
from pathlib import Path

from classifier.errors import InputError
from classifier.labelling import decide, model_input
from classifier.labels import LABELS
from classifier.model_file import load_model, save_model

from .data import bundled_dataset_path, load_labelled, sha256_of
from .fit import _compact, _created_at, counts, library_versions
from .update import METHODS, base_features, update

DEFAULT_WEIGHT = 5.0


def _accuracy(model, frame) -> float:
    return float((decide(model.predict_proba(model_input(frame))) == frame["label"].to_numpy()).mean())


def train_from(
    model_path: str | os.PathLike,
    corrections: list[str],
    model_out: str | os.PathLike | None = None,
    weights: list[float] | None = None,
    base: list[str] | None = None,
    method: str = "laplace",
) -> tuple[object, dict]:
    """Update the model at `model_path` with correction files (one weight each, default 5).

    `base` is the data the model was trained on (default: the bundled dataset); the card records
    whether its checksums match the old model's card. Returns the new estimator and its card.
    """
    if not corrections:
        raise InputError("train --from needs at least one corrections file")
    if method not in METHODS:
        raise InputError(f"unknown update method {method!r} (expected one of {', '.join(METHODS)})")
    weights = list(weights or [DEFAULT_WEIGHT] * len(corrections))
    if len(weights) != len(corrections):
        raise InputError(f"{len(weights)} weights for {len(corrections)} corrections files")
    old = load_model(model_path)
    base_paths = [str(p) for p in (base or [bundled_dataset_path()])]
    base_frame = load_labelled(base_paths)
    fixes = load_labelled([str(p) for p in corrections], require_two_classes=False)
    sample_weight = fixes["source_file"].map(dict(zip(map(str, corrections), weights, strict=True))).to_numpy(float)
    base_data = base_features(old.estimator, base_frame)
    new_model, facts = update(old.estimator, fixes, base_data, weight=sample_weight, method=method)
    old_shas = {d.get("sha256") for d in old.card.get("training_data", [])}
    base_entries = [
        {"path": Path(p).name, "sha256": sha256_of(p), "weight": 1.0, "role": "original"} for p in base_paths
    ]
    card = {
        "name": Path(model_out).name if model_out else "in-memory",
        "labels": list(LABELS),
        "created_at": _created_at(),
        "seed": old.card.get("seed"),
        "updated_from": {
            "model": Path(old.path).name,
            "sha256": sha256_of(old.path),
            "created_at": old.card.get("created_at"),
            "base_matches_its_training_data": bool(old_shas) and old_shas == {e["sha256"] for e in base_entries},
        },
        "training_data": base_entries
        + [
            {"path": Path(p).name, "sha256": sha256_of(p), "weight": float(w), "role": "corrections"}
            for p, w in zip(corrections, weights, strict=True)
        ],
        "counts": counts(base_frame),
        "correction_counts": counts(fixes),
        "hyper_parameters": old.card.get("hyper_parameters", {}),
        "update": facts,
        "library_versions": library_versions(),
        "evaluation": {
            "outlet_grouped_cv": {
                "skipped": f"updated from {Path(old.path).name}: no cross-validation; "
                "check it with `boilerplate compare OLD NEW DATA`"
            },
            "corrections_right": {"old": _accuracy(old.estimator, fixes), "new": _accuracy(new_model, fixes)},
        },
    }
    card = _compact(card)
    if model_out:
        save_model(new_model, model_out, card)
    return new_model, card
