"""`boilerplate dataset build|check`: make our page-shaped dataset from its sources, and validate it."""

from __future__ import annotations

from pathlib import Path

import typer

from ..atomic import atomic_path
from .app import app

dataset_app = typer.Typer(help="Build and check the labelled dataset.", no_args_is_help=True)
app.add_typer(dataset_app, name="dataset")


@dataset_app.command("build")
def build_cli(
    source: Path = typer.Option(None, "--source", help="Folder of <lang>.json material (default: datasets/source)."),
    output: Path = typer.Option(None, "--output", help="Where to write the pages (default: datasets/pages.csv)."),
    seed: int = typer.Option(0, "--seed", help="Layout seed; the same seed gives the same file."),
) -> None:
    """Compose pages from the hand-written material (deterministic)."""
    from training.data import bundled_dataset_path
    from training.dataset_builder import build_dataset
    from training.dataset_check import dataset_source_dir

    frame = build_dataset(source or dataset_source_dir(), seed=seed)
    output = output or bundled_dataset_path()
    with atomic_path(output) as tmp:
        frame.to_csv(tmp, index=False)
    print(
        f"{len(frame)} paragraphs, {frame['doc_id'].nunique()} pages, {frame['outlet'].nunique()} outlets -> {output}"
    )


@dataset_app.command("check")
def check_cli(
    data: list[str] = typer.Argument(None, help="Dataset files (default: the bundled dataset)."),
    against: list[str] = typer.Option(
        None,
        "--against",
        help="Reference files: no paragraph of 30+ characters may appear there, nor a near-duplicate of one.",
    ),
) -> None:
    """Schema, labels, languages, distinct counts per language, duplicates, page order."""
    import pandas as pd

    from training.data import bundled_dataset_path
    from training.dataset_check import check_files

    result = check_files(data or [str(bundled_dataset_path())], against=against)
    if result.counts is not None:
        with pd.option_context("display.max_rows", 200, "display.width", 140):
            print(result.counts.to_string())
    for key, value in result.summary.items():
        print(f"{key}: {value}")
    for text, score in result.near:
        print(f"near-duplicate ({score:.2f}): {text}")
    if not result.ok:
        for problem in result.problems:
            print(f"problem: {problem}")
        raise typer.Exit(1)
    print("dataset check passed")
