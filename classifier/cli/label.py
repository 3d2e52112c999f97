"""`boilerplate label`: label paragraphs of files or stdin with a model."""

from __future__ import annotations

from pathlib import Path

import typer

from ..labelling import label_files
from ..model_file import load_model
from ..writers import write_labels
from .app import app


@app.command("label")
def label_cli(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .csv, .jsonl, .parquet) or - for stdin."),
    model: Path | None = typer.Option(None, "--model", "-m", help="Model file (default: the shipped model)."),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Output file: .csv, .jsonl, .parquet, or .txt for body text only."
    ),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the paragraph text."),
    body_threshold: float | None = typer.Option(
        None, "--body-threshold", min=0.0, max=1.0, help="Label body when p_body >= this (lower: more recall)."
    ),
) -> None:
    """Label every paragraph: input columns, then label, p_consent, p_chrome, p_body."""
    loaded = load_model(model)
    frame = label_files(loaded, inputs, text_column, body_threshold)
    write_labels(frame, output, text_column)
