"""Label Studio's JSON export back into our dataset format (text, label, doc_id, position[, outlet, lang]).

Each task may carry several annotations (people, or one person changing their mind): the latest one
that was not cancelled counts. Tasks nobody annotated are left out, and counted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from classifier.atomic import atomic_path
from classifier.errors import BoilerplateError, InputError
from classifier.labels import LABELS

DATASET_SUFFIXES = (".csv", ".jsonl", ".parquet")


def _read_export(path: str) -> list:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    try:
        tasks = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: malformed JSON ({exc.msg})") from None
    if not isinstance(tasks, list):
        raise InputError(f"{path}: expected Label Studio's JSON export (a list of tasks), got {type(tasks).__name__}")
    return tasks


def _latest(annotations: list) -> dict | None:
    """The annotation that counts: the last made (updated_at, then created_at, then list order), not cancelled."""
    kept = [(i, a) for i, a in enumerate(annotations) if isinstance(a, dict) and not a.get("was_cancelled")]
    if not kept:
        return None
    return max(kept, key=lambda item: (str(item[1].get("updated_at") or item[1].get("created_at") or ""), item[0]))[1]


def _choice(path: str, where: str, annotation: dict) -> str | None:
    for result in annotation.get("result") or []:
        choices = (result.get("value") or {}).get("choices") if isinstance(result, dict) else None
        if choices:
            label = str(choices[0]).strip()
            if label not in LABELS:
                raise InputError(f"{path}: {where}: unknown label {label!r} (expected one of {', '.join(LABELS)})")
            return label
    return None


def import_export(path: str, outlet: str | None = None, lang: str | None = None) -> tuple[pd.DataFrame, int]:
    """Rows in our dataset format from a Label Studio export, and how many tasks had no usable annotation."""
    rows, skipped, paged = [], 0, 0
    for number, task in enumerate(_read_export(path), start=1):
        where = f"task {number}" + (f" (id {task['id']})" if isinstance(task, dict) and "id" in task else "")
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict) or "text" not in task["data"]:
            raise InputError(f"{path}: {where}: no data.text (is this Label Studio's JSON export?)")
        annotation = _latest(task.get("annotations") or task.get("completions") or [])
        label = _choice(path, where, annotation) if annotation else None
        if label is None:
            skipped += 1
            continue
        data = task["data"]
        placed = data.get("doc_id") not in (None, "")
        paged += placed
        rows.append(
            {
                "text": str(data["text"]),
                "label": label,
                "doc_id": str(data["doc_id"]) if placed else f"{Path(path).name}#{number}",
                "position": int(data.get("position") or 0) if placed else 0,
            }
        )
    frame = pd.DataFrame(rows, columns=["text", "label", "doc_id", "position"])
    if not paged:  # loose strings: each row its own page, as train reads a file without doc_id
        frame = frame.drop(columns=["doc_id", "position"])
    if outlet:
        frame["outlet"] = outlet
    if lang:
        frame["lang"] = lang
    return frame, skipped


def write_dataset(frame: pd.DataFrame, output: str) -> None:
    """Write labelled rows atomically as .csv, .jsonl or .parquet."""
    suffix = Path(output).suffix.lower()
    if suffix not in DATASET_SUFFIXES:
        raise BoilerplateError(f"{output}: unsupported dataset type '{suffix}' (use {', '.join(DATASET_SUFFIXES)})")
    with atomic_path(output) as tmp:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False)
        elif suffix == ".jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(tmp, index=False)
