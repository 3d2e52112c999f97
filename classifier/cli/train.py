"""`boilerplate train`: fit a model on labelled data and print its outlet-grouped figures,
or (`--from MODEL`) update an existing model with a few corrections in seconds."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import app


@app.command("train")
def train_cli(
    data: list[str] = typer.Argument(
        None, help="Labelled .csv/.jsonl/.parquet files (default: bundled dataset); with --from, the corrections."
    ),
    model_out: Path = typer.Option(Path("model.joblib"), "--model-out", help="Where to write the model."),
    seed: int = typer.Option(0, "--seed", help="Random seed; same data and seed give the same model."),
    cv_folds: int = typer.Option(5, "--cv-folds", help="Outlet-grouped CV folds for the report (0: none)."),
    weight: list[float] = typer.Option(
        None,
        "--weight",
        help="One sample weight per data file, in order (e.g. --weight 1 --weight 3); with --from, default 5.",
    ),
    from_model: Path | None = typer.Option(
        None,
        "--from",
        help="Update this model with the corrections in DATA: its vocabulary and page-context stage are kept, "
        "its first stage learns the corrections on top of its training data (seconds, no cross-validation).",
    ),
    base: list[str] = typer.Option(
        None, "--base", help="With --from: the data that model was trained on (default: the bundled dataset)."
    ),
    update_method: str = typer.Option(
        "laplace", "--update-method", help="With --from: laplace (fast) or refit (exact, ~30 s on our dataset)."
    ),
) -> None:
    """Train a model; prints the outlet-grouped cross-validation report and writes model + card."""
    from training.metrics import format_report

    if from_model is not None:
        from training.fit_update import train_from

        _, card = train_from(
            from_model, data or [], model_out, weights=weight or None, base=base or None, method=update_method
        )
        right = card["evaluation"]["corrections_right"]
        print(
            f"updated {from_model} with {card['correction_counts']['rows']} corrections "
            f"({card['update']['method']}, {card['update']['iterations']} iterations): "
            f"old model had {right['old']:.0%} of them right, new model {right['new']:.0%}"
        )
    else:
        from training.fit import train

        _, card = train(data or None, model_out=model_out, seed=seed, cv_folds=cv_folds, weights=weight or None)
    cv = card["evaluation"]["outlet_grouped_cv"]
    if cv and "per_class" in cv:
        print(format_report(cv, f"cross-validation grouped by {cv['grouped_by']} ({cv['folds']} folds)"))
    elif cv:
        print(cv.get("skipped", ""))
    print(
        f"model written to {model_out} (card: {model_out.with_name(model_out.name.removesuffix('.joblib'))}.card.json)"
    )
