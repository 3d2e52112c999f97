"""`boilerplate review` picks the lines worth correcting; `train --from` learns the corrections in seconds."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from classifier import load_model
from classifier.model_file import card_path
from classifier.review import candidates, kind_of_line, pick
from classifier.writers import unescape_cell

from .conftest import DATASET, run_cli

NEW_OUTLET_LANGS = ("es", "it", "nl")  # languages the small model (en, de, fr) never saw


@pytest.fixture(scope="module")
def new_outlet(tmp_path_factory) -> pd.DataFrame:
    """Two pages of each of three outlets in languages the small model has not seen."""
    frame = pd.read_csv(DATASET, keep_default_na=False)
    frame = frame[frame["lang"].isin(NEW_OUTLET_LANGS)]
    docs = frame.groupby("lang")["doc_id"].unique().map(lambda ids: sorted(ids)[:2]).explode()
    return frame[frame["doc_id"].isin(docs)].reset_index(drop=True)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, new_outlet) -> str:
    path = tmp_path_factory.mktemp("pages") / "new_outlet.csv"
    new_outlet.drop(columns=["label"]).to_csv(path, index=False)
    return str(path)


def test_review_csv_picks_distinct_uncertain_lines_of_several_kinds(tmp_path, small_model, page_file):
    out = tmp_path / "tasks.csv"
    result = run_cli("review", page_file, "--model", small_model, "--output", out, "--budget", "25")
    assert result.returncode == 0, result.stderr
    tasks = pd.read_csv(out, keep_default_na=False)
    assert len(tasks) == 25
    assert tasks["text"].is_unique
    assert list(tasks.columns[:4]) == ["doc_id", "position", "text", "label"]
    assert (tasks["label"] == tasks["predicted"]).all()  # pre-filled, to overwrite
    pages = pd.read_csv(page_file, keep_default_na=False)
    placed = tasks.merge(pages, on=["doc_id", "position"], suffixes=("", "_page"))
    # (a cell a spreadsheet would run as a formula, e.g. "+ Added ...", carries one leading apostrophe)
    placed["text"] = placed["text"].map(unescape_cell)
    assert len(placed) == 25 and (placed["text"] == placed["text_page"]).all()  # doc_id/position find the line
    assert kind_of_line(tasks).nunique() >= 3
    probs = tasks[["p_consent", "p_chrome", "p_body"]].to_numpy()
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-3)
    again = tmp_path / "again.csv"
    run_cli("review", page_file, "--model", small_model, "--output", again, "--budget", "25")
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_picked_lines_are_more_often_wrong_than_random_lines(small_model, new_outlet):
    model = load_model(small_model)
    cands = candidates(model, new_outlet)
    truth = new_outlet.drop_duplicates("text").set_index("text")["label"]
    wrong = cands["predicted"].to_numpy() != truth[cands["text"]].to_numpy()
    picked = pick(cands, 25, seed=0)
    picked_wrong = (picked["predicted"].to_numpy() != truth[picked["text"]].to_numpy()).mean()
    assert picked_wrong > 1.5 * wrong.mean()
    assert picked["uncertainty"].mean() > cands["uncertainty"].mean()
    assert pick(cands, 10_000).shape[0] == len(cands)  # a budget beyond the page takes every line once


def test_review_json_is_label_studio_tasks_with_predictions(tmp_path, small_model, page_file):
    out = tmp_path / "tasks.json"
    result = run_cli("review", page_file, "--model", small_model, "--output", out, "--budget", "5")
    assert result.returncode == 0, result.stderr
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 5
    for task in tasks:
        assert set(task["data"]) == {"text", "doc_id", "position"}
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "small.joblib"
        assert 0.33 <= prediction["score"] <= 1
        (region,) = prediction["result"]
        assert (region["from_name"], region["to_name"], region["type"]) == ("label", "text", "choices")
        assert region["value"]["choices"][0] in {"consent", "chrome", "body"}


def test_train_from_learns_corrections_and_cards_them(tmp_path, small_model, small_training_file, new_outlet):
    model = load_model(small_model)
    picked = pick(candidates(model, new_outlet), 30)
    truth = new_outlet.drop_duplicates("text").set_index("text")["label"]
    fixes = tmp_path / "fixes.csv"
    pd.DataFrame({"text": picked["text"], "label": truth[picked["text"]].to_numpy()}).to_csv(fixes, index=False)
    out = tmp_path / "updated.joblib"
    result = run_cli(
        "train", "--from", small_model, fixes, "--base", small_training_file, "--weight", "5", "--model-out", out
    )
    assert result.returncode == 0, result.stderr
    card = json.loads(card_path(out).read_text())
    assert card["updated_from"]["model"] == "small.joblib"
    assert card["updated_from"]["base_matches_its_training_data"] is True
    assert [(d["path"], d["role"], d["weight"]) for d in card["training_data"]] == [
        ("small.csv", "original", 1.0),
        ("fixes.csv", "corrections", 5.0),
    ]
    right = card["evaluation"]["corrections_right"]
    assert right["new"] > right["old"]
    assert "no cross-validation" in result.stdout
    frame = pd.read_csv(fixes, keep_default_na=False)
    assert (load_model(out).predict(frame) == frame["label"]).mean() > (model.predict(frame) == frame["label"]).mean()


def test_full_train_takes_a_text_and_label_corrections_csv(tmp_path, small_training_file):
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    data = tmp_path / "two.csv"
    frame[frame["outlet"] == sorted(frame["outlet"].unique())[0]].to_csv(data, index=False)
    fixes = tmp_path / "fixes.csv"
    pd.DataFrame({"text": ["Guardar mis preferencias", "Leer más"], "label": ["consent", "chrome"]}).to_csv(
        fixes, index=False
    )
    out = tmp_path / "m.joblib"
    result = run_cli("train", data, fixes, "--weight", "1", "--weight", "5", "--model-out", out, "--cv-folds", "0")
    assert result.returncode == 0, result.stderr
    assert [d["weight"] for d in json.loads(card_path(out).read_text())["training_data"]] == [1.0, 5.0]


def test_review_refuses_unknown_output_type_in_one_line(tmp_path, small_model, page_file):
    result = run_cli("review", page_file, "--model", small_model, "--output", tmp_path / "tasks.txt")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"boilerplate: error: {tmp_path / 'tasks.txt'}: unsupported review output '.txt' (use .csv, or .json for "
        "Label Studio)"
    ]
    assert not (tmp_path / "tasks.txt").exists()
