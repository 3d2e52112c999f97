"""Writing labelled paragraphs: the format follows the output file's extension."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .atomic import atomic_path
from .errors import BoilerplateError

OUTPUT_SUFFIXES = (".csv", ".jsonl", ".parquet", ".txt")


def body_text(frame: pd.DataFrame, text_column: str = "text") -> str:
    """The clean article text: body paragraphs one per line, documents separated by a blank line."""
    body = frame[frame["label"] == "body"]
    if body.empty:
        return ""
    doc = body["doc_id"].astype(str) if "doc_id" in body.columns else pd.Series("doc", index=body.index)
    blocks = ["\n".join(group[text_column].astype(str)) for _, group in body.groupby(doc, sort=False)]
    return "\n\n".join(blocks) + "\n"


def _write(frame: pd.DataFrame, path: Path, suffix: str, text_column: str) -> None:
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        path.write_text(body_text(frame, text_column), encoding="utf-8")


def write_labels(frame: pd.DataFrame, output: str | None, text_column: str = "text") -> None:
    """Write to `output` atomically, or JSON Lines to stdout when no output is given."""
    if output is None or output == "-":
        sys.stdout.write(frame.to_json(orient="records", lines=True, force_ascii=False))
        return
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise BoilerplateError(f"{output}: unsupported output type '{suffix}' (use {', '.join(OUTPUT_SUFFIXES)})")
    with atomic_path(path) as tmp:
        _write(frame, tmp, suffix, text_column)
