"""Writing review picks for a person: a CSV whose `label` column they overwrite, or Label Studio tasks.

The CSV is already in our dataset format (text, label, doc_id, position), so once corrected it goes
straight to `boilerplate train`. Label Studio gets its task format with our predictions as
pre-annotations; its export comes back through `boilerplate review --import`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .atomic import atomic_path
from .errors import BoilerplateError
from .labels import PROBA_COLUMNS
from .writers import spreadsheet_safe

TASK_SUFFIXES = (".csv", ".json")
CSV_COLUMNS = ("doc_id", "position", "text", "label", "predicted", *PROBA_COLUMNS, "count", "uncertainty")


def csv_frame(picked: pd.DataFrame) -> pd.DataFrame:
    """The rows to correct: `label` starts as the model's prediction, `predicted` keeps it for reference."""
    frame = picked.assign(label=picked["predicted"])
    return frame[list(CSV_COLUMNS)]


def label_studio_tasks(picked: pd.DataFrame, model_version: str) -> list[dict]:
    """Label Studio tasks (Text `text`, Choices `label`) with the prediction as a pre-annotation."""
    tasks = []
    for row in picked.itertuples(index=False):
        confidence = max(getattr(row, column) for column in PROBA_COLUMNS)
        tasks.append(
            {
                "data": {"text": row.text, "doc_id": str(row.doc_id), "position": int(row.position)},
                "predictions": [
                    {
                        "model_version": model_version,
                        "score": round(float(confidence), 4),
                        "result": [
                            {
                                "from_name": "label",
                                "to_name": "text",
                                "type": "choices",
                                "value": {"choices": [str(row.predicted)]},
                            }
                        ],
                    }
                ],
            }
        )
    return tasks


def write_tasks(picked: pd.DataFrame, output: str, model_version: str) -> None:
    """Write atomically; the format follows the extension of `output` (.csv or .json)."""
    suffix = Path(output).suffix.lower()
    if suffix not in TASK_SUFFIXES:
        raise BoilerplateError(f"{output}: unsupported review output '{suffix}' (use .csv, or .json for Label Studio)")
    with atomic_path(output) as tmp:
        if suffix == ".csv":
            spreadsheet_safe(csv_frame(picked)).to_csv(tmp, index=False)
        else:
            text = json.dumps(label_studio_tasks(picked, model_version), ensure_ascii=False, indent=1)
            tmp.write_text(text + "\n", encoding="utf-8")
