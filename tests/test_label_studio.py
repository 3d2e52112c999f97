"""Label Studio round trip: review tasks out, a person's annotations back in, a model that learned them."""

from __future__ import annotations

import json

import pandas as pd

from classifier import load_model

from .conftest import DATASET, run_cli


def _annotate(tasks: list[dict], corrected: dict[str, str]) -> list[dict]:
    """What Label Studio exports after a person worked through the tasks (ids, several annotations)."""
    exported = []
    for number, task in enumerate(tasks, start=1):
        label = corrected.get(task["data"]["text"], task["predictions"][0]["result"][0]["value"]["choices"][0])
        wrong = "consent" if label != "consent" else "chrome"
        annotations = [
            {
                "id": 1,
                "result": [{"value": {"choices": [wrong]}, "from_name": "label", "to_name": "text", "type": "choices"}],
                "was_cancelled": False,
                "updated_at": "2026-01-01T10:00:00Z",
            },
            {
                "id": 2,
                "result": [{"value": {"choices": [label]}, "from_name": "label", "to_name": "text", "type": "choices"}],
                "was_cancelled": False,
                "updated_at": "2026-01-02T10:00:00Z",
            },
            {
                "id": 3,
                "result": [{"value": {"choices": [wrong]}, "from_name": "label", "to_name": "text", "type": "choices"}],
                "was_cancelled": True,
                "updated_at": "2026-01-03T10:00:00Z",
            },
        ]
        exported.append({"id": 100 + number, **task, "annotations": annotations if number > 1 else []})
    return exported


def test_label_studio_export_becomes_dataset_rows_and_trains(tmp_path, small_model, small_training_file):
    frame = pd.read_csv(DATASET, keep_default_na=False)
    page = frame[frame["doc_id"] == sorted(frame.loc[frame["lang"] == "it", "doc_id"].unique())[0]]
    page_file = tmp_path / "page.csv"
    page.drop(columns=["label"]).to_csv(page_file, index=False)
    tasks_file = tmp_path / "tasks.json"
    result = run_cli("review", page_file, "--model", small_model, "--output", tasks_file, "--budget", "12")
    assert result.returncode == 0, result.stderr
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    truth = page.drop_duplicates("text").set_index("text")["label"]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_annotate(tasks, truth.to_dict())), encoding="utf-8")

    fixes = tmp_path / "fixes.csv"
    result = run_cli("review", "--import", export, "--output", fixes, "--outlet", "newsite", "--lang", "it")
    assert result.returncode == 0, result.stderr
    assert "1 tasks without a usable annotation" in result.stdout
    rows = pd.read_csv(fixes, keep_default_na=False)
    assert list(rows.columns) == ["text", "label", "doc_id", "position", "outlet", "lang"]
    assert len(rows) == 11  # the first task had no annotation
    assert (rows["label"].to_numpy() == truth[rows["text"]].to_numpy()).all()  # the latest, not the cancelled
    assert set(rows["outlet"]) == {"newsite"} and set(rows["lang"]) == {"it"}
    assert rows["doc_id"].tolist() == [t["data"]["doc_id"] for t in tasks[1:]]

    out = tmp_path / "new.joblib"
    result = run_cli("train", "--from", small_model, fixes, "--base", small_training_file, "--model-out", out)
    assert result.returncode == 0, result.stderr
    assert (load_model(out).predict(rows) == rows["label"]).mean() >= 0.8


def test_import_names_the_task_with_an_unknown_label(tmp_path):
    export = tmp_path / "export.json"
    task = {"id": 7, "data": {"text": "Anzeige"}, "annotations": [{"result": [{"value": {"choices": ["advert"]}}]}]}
    export.write_text(json.dumps([task]), encoding="utf-8")
    result = run_cli("review", "--import", export, "--output", tmp_path / "fixes.csv")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"boilerplate: error: {export}: task 1 (id 7): unknown label 'advert' (expected one of consent, chrome, body)"
    )
    assert not (tmp_path / "fixes.csv").exists()
