"""Evaluating a model on labelled files: the figures `boilerplate evaluate` prints and writes."""

from __future__ import annotations

from classifier.labelling import model_input

from .data import load_labelled
from .metrics import figures, grouped_figures


def evaluate(model, data: list[str]) -> dict:
    """Figures of `model` on labelled files, overall and per language (and outlet) when present."""
    frame = load_labelled([str(p) for p in data], require_two_classes=False)
    pred = model.predict(model_input(frame))
    result = figures(frame["label"].to_numpy(), pred)
    result["data"] = [str(p) for p in data]
    result["groups"] = {}
    if "lang" in frame.columns:
        result["groups"]["lang"] = grouped_figures(frame, pred, "lang")
    return result
