"""`boilerplate label`: label the paragraphs of files, folders, globs or stdin with a model."""

from __future__ import annotations

import sys

import typer

from .app import ModelOption, TrustModelOption, app


@app.command("label")
def label_cli(
    inputs: list[str] = typer.Argument(
        ..., help="Files, folders or globs: .txt .csv .jsonl .parquet .html .warc (also .gz/.zst), or - for stdin."
    ),
    model: ModelOption = None,
    output: str | None = typer.Option(
        None, "--output", "-o", help="Output file: .csv, .jsonl, .parquet, or .txt for body text only."
    ),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the paragraph text."),
    body_threshold: float | None = typer.Option(
        None, "--body-threshold", min=0.0, max=1.0, help="Label body when p_body >= this (lower: more recall)."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: every core)."),
    chunk_rows: int = typer.Option(20_000, "--chunk-rows", min=1, help="Paragraphs per chunk (whole documents)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run with the same arguments."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no closing summary."),
    on_bad_record: str = typer.Option(
        "stop", "--on-bad-record", help="stop: fail on the first bad record; reject: list it in OUTPUT.rejects.jsonl."
    ),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of text inputs without a byte-order mark."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    trust_model: TrustModelOption = False,
) -> None:
    """Label every paragraph: input columns, then label, p_consent, p_chrome, p_body."""
    from ..batch import RunOptions, label_inputs
    from ..errors import BoilerplateError, Interrupted
    from ..progress import progress_bar

    if engine not in ("local", "dask"):
        raise BoilerplateError(f"unknown engine '{engine}' (use local or dask)")
    if scheduler and engine != "dask":
        raise BoilerplateError("--scheduler goes with --engine dask")
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())  # returns freed memory; mimalloc keeps it
    options = RunOptions(
        text_column, body_threshold, chunk_rows, jobs, on_bad_record, encoding, engine, scheduler, trust_model
    )
    try:
        with progress_bar(not quiet) as on_progress:
            summary = label_inputs(inputs, output, model, options, resume, force, on_progress)
    except KeyboardInterrupt:
        saved = " (finished chunks are saved: rerun with --resume to continue)" if output not in (None, "-") else ""
        raise Interrupted(f"interrupted{saved}") from None
    if not quiet:
        print(summary.line(), file=sys.stderr)
