"""`boilerplate evaluate`: per-class figures, confusion matrix, per-language table, JSON output."""

from __future__ import annotations

import json

import pandas as pd

from .conftest import run_cli


def test_evaluate_prints_figures_and_writes_json(tmp_path, small_model, small_training_file):
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    data = tmp_path / "eval.csv"
    frame.groupby("lang").head(150).to_csv(data, index=False)
    out = tmp_path / "figures.json"
    result = run_cli("evaluate", data, "--model", small_model, "--json", out)
    assert result.returncode == 0, result.stderr
    for expected in ("precision", "macro-F1", "confusion", "per lang:"):
        assert expected in result.stdout
    figures = json.loads(out.read_text())
    assert figures["n"] == 450
    assert set(figures["groups"]["lang"]) == {"de", "en", "fr"}
    confusion = figures["confusion"]["rows_true_cols_pred"]
    assert sum(map(sum, confusion)) == 450
    correct = sum(confusion[i][i] for i in range(3))
    assert abs(figures["accuracy"] - correct / 450) < 1e-9


def test_evaluate_on_loose_strings_without_doc_id(tmp_path, small_model):
    data = tmp_path / "strings.csv"
    pd.DataFrame(
        {
            "text": ["Accept all cookies", "Reject all", "Most read", "Log in"],
            "label": ["consent"] * 2 + ["chrome"] * 2,
        }
    ).to_csv(data, index=False)
    result = run_cli("evaluate", data, "--model", small_model)
    assert result.returncode == 0, result.stderr
    assert "n 4" in result.stdout
