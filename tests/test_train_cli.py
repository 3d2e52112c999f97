"""`boilerplate train`: grouped cross-validation report, determinism, several files with weights."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from classifier import load_model
from classifier.model_file import card_path

from .conftest import run_cli


def _two_outlet_file(tmp_path, small_training_file, n_outlets=3):
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    outlets = sorted(frame["outlet"].unique())[:n_outlets]
    path = tmp_path / "train.csv"
    frame[frame["outlet"].isin(outlets)].to_csv(path, index=False)
    return path


def test_train_prints_outlet_grouped_report_and_is_deterministic(tmp_path, small_training_file):
    data = _two_outlet_file(tmp_path, small_training_file)
    runs = []
    for name in ("a", "b"):
        out = tmp_path / f"{name}.joblib"
        result = run_cli("train", data, "--model-out", out, "--seed", "3", "--cv-folds", "3")
        assert result.returncode == 0, result.stderr
        assert "cross-validation grouped by outlet (3 folds)" in result.stdout
        assert "macro-F1" in result.stdout
        runs.append((result.stdout.splitlines()[:-1], out))
    assert runs[0][0] == runs[1][0]  # same figures, line for line
    card_a = json.loads(card_path(runs[0][1]).read_text())
    card_b = json.loads(card_path(runs[1][1]).read_text())
    assert card_a["evaluation"] == card_b["evaluation"]
    assert card_a["seed"] == 3
    probe = pd.read_csv(data, keep_default_na=False).head(200)
    pa = load_model(runs[0][1]).predict_proba(probe)
    pb = load_model(runs[1][1]).predict_proba(probe)
    assert np.array_equal(pa, pb)


def test_train_accepts_several_files_with_weights(tmp_path, small_training_file):
    data = _two_outlet_file(tmp_path, small_training_file, n_outlets=2)
    extra = tmp_path / "fixes.jsonl"
    pd.DataFrame({"text": ["Zapisz moje wybory", "Czytaj dalej"], "label": ["consent", "chrome"]}).to_json(
        extra, orient="records", lines=True
    )
    out = tmp_path / "m.joblib"
    result = run_cli("train", data, extra, "--weight", "1", "--weight", "5", "--model-out", out, "--cv-folds", "0")
    assert result.returncode == 0, result.stderr
    card = json.loads(card_path(out).read_text())
    assert [d["weight"] for d in card["training_data"]] == [1.0, 5.0]
    assert [d["path"] for d in card["training_data"]] == ["train.csv", "fixes.jsonl"]
    assert list(load_model(out).predict(["Zapisz moje wybory"])) == ["consent"]
