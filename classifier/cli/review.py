"""`boilerplate review`: pick a new outlet's paragraphs worth correcting, or import Label Studio's labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from ..errors import BoilerplateError
from .app import ModelOption, TrustModelOption, app


@app.command("review")
def review_cli(
    inputs: list[str] = typer.Argument(None, help="The new outlet's pages (.txt, .csv, .jsonl, .parquet or -)."),
    output: str = typer.Option(
        ..., "--output", "-o", help="Tasks: .csv (overwrite `label`) or .json (Label Studio); with --import, a dataset."
    ),
    budget: int = typer.Option(50, "--budget", "-n", min=1, help="How many distinct paragraphs to pick."),
    model: ModelOption = None,
    text_column: str = typer.Option("text", "--text-column", help="Column holding the paragraph text."),
    seed: int = typer.Option(0, "--seed", help="Breaks ties between equally unsure paragraphs."),
    import_export: str | None = typer.Option(
        None, "--import", help="Instead: turn this Label Studio JSON export into our dataset format at --output."
    ),
    outlet: str | None = typer.Option(None, "--outlet", help="With --import: the outlet column to write."),
    lang: str | None = typer.Option(None, "--lang", help="With --import: the lang column to write."),
    trust_model: TrustModelOption = False,
) -> None:
    """Label the pages and write the BUDGET distinct paragraphs the model is least sure of, spread over
    kinds of lines, for a person to correct; or (--import) read their Label Studio annotations back."""
    if import_export:
        if inputs:
            raise BoilerplateError("--import reads a Label Studio export: give no INPUT files with it")
        from training.label_studio import import_export as read_export
        from training.label_studio import write_dataset

        frame, skipped = read_export(import_export, outlet=outlet, lang=lang)
        write_dataset(frame, output)
        print(f"{len(frame)} labelled paragraphs -> {output} ({skipped} tasks without a usable annotation left out)")
        return
    if not inputs:
        raise BoilerplateError("give the new outlet's pages (INPUT...), or --import EXPORT.json")
    from ..model_file import load_model
    from ..readers import read_paragraphs
    from ..review import review
    from ..review_tasks import write_tasks

    loaded = load_model(model, trust_model)
    frame = pd.concat([read_paragraphs(path, text_column) for path in inputs], ignore_index=True)
    picked = review(loaded, frame, budget=budget, seed=seed, text_column=text_column)
    write_tasks(picked, output, model_version=Path(loaded.path).name)
    then = "correct the label column" if output.lower().endswith(".csv") else "import them into Label Studio"
    print(f"{len(picked)} of {frame[text_column].nunique()} distinct paragraphs -> {output}; {then}")
