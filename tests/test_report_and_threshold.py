"""The evaluation report (HTML + PNG) and the body threshold trade-off."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from classifier.labelling import decide
from training.report import reliability

from .conftest import run_cli


def test_decide_moves_lines_to_body_as_the_threshold_falls():
    proba = np.array([[0.1, 0.6, 0.3], [0.7, 0.1, 0.2], [0.04, 0.06, 0.9]])
    assert list(decide(proba)) == ["chrome", "consent", "body"]
    assert list(decide(proba, 0.25)) == ["body", "consent", "body"]
    assert list(decide(proba, 0.15)) == ["body", "body", "body"]
    assert list(decide(proba, 0.95)) == ["chrome", "consent", "chrome"]


def test_reliability_of_a_perfectly_calibrated_toy():
    rng = np.random.default_rng(0)
    p_body = rng.uniform(size=20000)
    truth = np.where(rng.uniform(size=20000) < p_body, "body", "chrome")
    proba = np.column_stack([np.zeros_like(p_body), 1 - p_body, p_body])
    curve = reliability(truth, proba)
    assert curve["body"]["ece"] < 0.02
    bins = curve["body"]["bins"]
    assert all(abs(b["confidence"] - b["frequency"]) < 0.05 for b in bins)


def test_evaluate_report_writes_html_and_charts(tmp_path, small_model, small_training_file):
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    data = tmp_path / "eval.csv"
    docs = frame.groupby("lang")["doc_id"].first()
    frame[frame["doc_id"].isin(docs)].to_csv(data, index=False)
    report = tmp_path / "report"
    result = run_cli("evaluate", data, "--model", small_model, "--report", report)
    assert result.returncode == 0, result.stderr
    page = (report / "index.html").read_text(encoding="utf-8")
    for image in ("confusion.png", "reliability.png", "per_lang.png", "per_outlet.png"):
        assert (report / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f'src="{image}"' in page
    assert "Most confident errors" in page
    figures = json.loads((report / "figures.json").read_text())
    assert set(figures["reliability"]) == {"consent", "chrome", "body"}


def test_label_body_threshold_option(tmp_path, small_model):
    page = tmp_path / "p.txt"
    page.write_text("Home\nSport\nThe council met on Monday to approve the budget for next year.\n", encoding="utf-8")
    loose = run_cli("label", page, "--model", small_model, "--body-threshold", "0.0")
    strict = run_cli("label", page, "--model", small_model, "--body-threshold", "1.0")
    assert loose.returncode == 0 and strict.returncode == 0, loose.stderr + strict.stderr
    assert {json.loads(x)["label"] for x in loose.stdout.splitlines()} == {"body"}
    assert "body" not in {json.loads(x)["label"] for x in strict.stdout.splitlines()}
