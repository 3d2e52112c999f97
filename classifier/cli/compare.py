"""`boilerplate compare`: two models side by side; exits 3 when the new one is worse on any group."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..atomic import atomic_path
from .app import TrustModelOption, app

WORSE_EXIT_CODE = 3


@app.command("compare")
def compare_cli(
    old: Path = typer.Argument(..., help="The model in use (e.g. models/default.joblib)."),
    new: Path = typer.Argument(..., help="The candidate model."),
    data: list[str] = typer.Argument(
        ..., help="Labelled files with text and label (+ doc_id, position, lang, outlet)."
    ),
    tolerance: float = typer.Option(0.02, "--tolerance", min=0.0, help="Largest F1 drop allowed on any group."),
    min_rows: int = typer.Option(30, "--min-rows", min=1, help="Groups smaller than this are shown, not judged."),
    show: int = typer.Option(20, "--show", min=0, help="How many changed paragraphs to print."),
    changes: Path | None = typer.Option(None, "--changes", help="Write every changed paragraph to this CSV."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the figures as JSON here."),
    body_threshold: float | None = typer.Option(
        None, "--body-threshold", min=0.0, max=1.0, help="Label body when p_body >= this (both models)."
    ),
    trust_model: TrustModelOption = False,
) -> None:
    """Per-class, per-language and per-outlet F1 of OLD and NEW, the paragraphs whose label changed,
    and exit code 3 when NEW is worse than OLD by more than --tolerance on any group of --min-rows rows."""
    from training.compare import compare, format_comparison

    from ..model_file import load_model

    result, changed = compare(
        load_model(old, trust_model), load_model(new, trust_model), data, tolerance=tolerance, min_rows=min_rows, body_threshold=body_threshold
    )
    print(format_comparison(result, changed, str(old), str(new), show=show))
    if changes:
        with atomic_path(changes) as tmp:
            changed.to_csv(tmp, index=False)
    if json_out:
        with atomic_path(json_out) as tmp:
            tmp.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if result["worse"]:
        raise typer.Exit(WORSE_EXIT_CODE)
