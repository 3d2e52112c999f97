"""`boilerplate train`: fit a model on labelled data and print its outlet-grouped figures."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import app


@app.command("train")
def train_cli(
    data: list[str] = typer.Argument(None, help="Labelled .csv/.jsonl/.parquet files (default: bundled dataset)."),
    model_out: Path = typer.Option(Path("model.joblib"), "--model-out", help="Where to write the model."),
    seed: int = typer.Option(0, "--seed", help="Random seed; same data and seed give the same model."),
    cv_folds: int = typer.Option(5, "--cv-folds", help="Outlet-grouped CV folds for the report (0: none)."),
    weight: list[float] = typer.Option(
        None, "--weight", help="One sample weight per data file, in order (e.g. --weight 1 --weight 3)."
    ),
) -> None:
    """Train a model; prints the outlet-grouped cross-validation report and writes model + card."""
    from training.fit import train
    from training.metrics import format_report

    _, card = train(data or None, model_out=model_out, seed=seed, cv_folds=cv_folds, weights=weight or None)
    cv = card["evaluation"]["outlet_grouped_cv"]
    if cv and "per_class" in cv:
        print(format_report(cv, f"cross-validation grouped by {cv['grouped_by']} ({cv['folds']} folds)"))
    elif cv:
        print(cv.get("skipped", ""))
    print(
        f"model written to {model_out} (card: {model_out.with_name(model_out.name.removesuffix('.joblib'))}.card.json)"
    )
