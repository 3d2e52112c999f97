"""`boilerplate evaluate`: figures of a model on labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..atomic import atomic_path
from .app import ModelOption, TrustModelOption, app


@app.command("evaluate")
def evaluate_cli(
    data: list[str] = typer.Argument(..., help="Labelled files with text and label columns."),
    model: ModelOption = None,
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON here."),
    report: Path | None = typer.Option(None, "--report", help="Write an HTML report with charts into this folder."),
    body_threshold: float | None = typer.Option(
        None, "--body-threshold", min=0.0, max=1.0, help="Label body when p_body >= this."
    ),
    trust_model: TrustModelOption = False,
) -> None:
    """Per-class precision, recall, F1, macro-F1, confusion matrix, and per-language figures."""
    from training.evaluate import evaluate
    from training.metrics import format_report

    from ..model_file import load_model

    result = evaluate(load_model(model, trust_model), data, report_dir=report, body_threshold=body_threshold)
    print(format_report(result, f"evaluation of {model or 'the shipped model'} on {', '.join(data)}"))
    if json_out:
        with atomic_path(json_out) as tmp:
            tmp.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if report:
        print(f"report written to {report / 'index.html'}")
