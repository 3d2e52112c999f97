"""Evaluating a model on labelled files: the figures `boilerplate evaluate` prints and writes."""

from __future__ import annotations

from classifier.labelling import decide, model_input

from .data import load_labelled
from .metrics import figures, grouped_figures


def evaluate(model, data: list[str], report_dir=None, body_threshold: float | None = None) -> dict:
    """Figures of `model` on labelled files, overall and per language when present.

    With `report_dir`, also writes the HTML report (charts, reliability, worst errors) there.
    """
    frame = load_labelled([str(p) for p in data], require_two_classes=False)
    proba = model.predict_proba(model_input(frame))
    pred = decide(proba, body_threshold)
    result = figures(frame["label"].to_numpy(), pred)
    result["data"] = [str(p) for p in data]
    result["body_threshold"] = body_threshold
    result["groups"] = {}
    if "lang" in frame.columns:
        result["groups"]["lang"] = grouped_figures(frame, pred, "lang")
    if report_dir is not None:
        from .report import write_report

        write_report(frame, proba, report_dir, f"boilerplate evaluation: {', '.join(map(str, data))}")
    return result
