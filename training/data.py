"""Loading labelled paragraphs for training and evaluation, with one-line errors naming the fault."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from classifier.errors import InputError
from classifier.labels import LABELS
from classifier.model_trust import file_sha256
from classifier.readers import read_table
from classifier.writers import unescape_cell

REQUIRED = ("text", "label")
OPTIONAL = ("doc_id", "position", "outlet", "lang")


def bundled_dataset_path() -> Path:
    """Our own page-shaped dataset: `datasets/` of a checkout, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "datasets" / "pages.csv"
    if checkout.is_file():
        return checkout
    from importlib import resources

    try:
        return Path(str(resources.files("training.bundled_data") / "pages.csv"))
    except (ModuleNotFoundError, TypeError):
        return checkout


sha256_of = file_sha256  # one checksum for data files and model files


def _first_row_number(path: str, frame: pd.DataFrame, mask: pd.Series) -> str:
    """How a user finds the bad row: 'line N' in CSV (header is line 1) / JSONL, 'row N' otherwise."""
    index = int(mask.to_numpy().nonzero()[0][0])
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return f"line {index + 2}"
    if suffix == ".jsonl":
        return f"record {index + 1}"
    return f"row {index + 1}"


def suffix_of(path) -> str:
    return Path(str(path)).suffix.lower()


def load_labelled(paths: list[str], require_two_classes: bool = True) -> pd.DataFrame:
    """Concatenate labelled files; `text` and `label` required, `doc_id`/`position`/`outlet`/`lang` kept.

    Each row also gets `source_file`. Rows without `doc_id` become pages of their own.
    """
    frames = []
    for path in paths:
        frame = read_table(str(path))
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            shown = ", ".join(map(str, frame.columns[:12])) or "none"
            raise InputError(f"{path}: no '{missing[0]}' column (columns: {shown})")
        frame = frame[[c for c in (*REQUIRED, *OPTIONAL) if c in frame.columns]].copy()
        frame["label"] = frame["label"].astype(str).str.strip()
        bad = ~frame["label"].isin(LABELS)
        if bad.any():
            where = _first_row_number(str(path), frame, bad)
            value = frame.loc[bad, "label"].iloc[0]
            raise InputError(f"{path}: {where}: unknown label {value!r} (expected one of {', '.join(LABELS)})")
        frame["text"] = frame["text"].fillna("").astype(str)
        if suffix_of(path) == ".csv":  # review files and label outputs are written spreadsheet-safe
            frame["text"] = frame["text"].map(unescape_cell)
        if "doc_id" not in frame.columns:
            frame["doc_id"] = [f"{Path(path).name}#{i}" for i in range(len(frame))]
            frame["position"] = 0
        frame["doc_id"] = frame["doc_id"].astype(str)
        if "position" not in frame.columns:
            frame["position"] = frame.groupby("doc_id", sort=False).cumcount()
        frame["position"] = pd.to_numeric(frame["position"], errors="coerce").fillna(0).astype(int)
        for column in ("outlet", "lang"):
            if column in frame.columns:
                frame[column] = frame[column].fillna("").astype(str)
        frame["source_file"] = str(path)
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    if require_two_classes and data["label"].nunique() < 2:
        only = data["label"].iloc[0] if len(data) else "none"
        raise InputError(f"{', '.join(map(str, paths))}: only one label ({only}); training needs at least two")
    return data
