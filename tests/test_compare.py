"""`boilerplate compare` fails a model damaged for one language and passes an honest retrain."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from classifier.model import ParagraphClassifier

from .conftest import run_cli

HELD_OUT = {"de": "donaublick.example", "en": "kernelwire.example", "fr": "courrier-rhone.example"}


@pytest.fixture(scope="module")
def models(tmp_path_factory, small_training_file) -> dict:
    """Old (seed 0), honest retrain (seed 1), damaged (German labels shuffled), and held-out outlets to judge on.

    Five pages of each outlet of the small dataset keep the three trainings quick.
    """
    from training.fit import train

    folder = tmp_path_factory.mktemp("compare")
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    frame = frame[
        frame["doc_id"].isin(frame.groupby("outlet")["doc_id"].unique().map(lambda d: sorted(d)[:5]).explode())
    ]
    held = frame["outlet"].isin(set(HELD_OUT.values()))
    paths = {"eval": folder / "eval.csv", "train": folder / "train.csv", "damaged_data": folder / "damaged.csv"}
    frame[held].to_csv(paths["eval"], index=False)
    train_frame = frame[~held].copy()
    train_frame.to_csv(paths["train"], index=False)
    german = train_frame["lang"] == "de"
    shuffled = np.random.default_rng(0).permutation(train_frame.loc[german, "label"].to_numpy())
    train_frame.loc[german, "label"] = shuffled
    train_frame.to_csv(paths["damaged_data"], index=False)
    for name, data, seed in (("old", "train", 0), ("honest", "train", 1), ("damaged", "damaged_data", 0)):
        paths[name] = folder / f"{name}.joblib"
        estimator = ParagraphClassifier(context_folds=2)
        train([str(paths[data])], model_out=paths[name], seed=seed, cv_folds=0, estimator=estimator)
    return paths


def test_compare_fails_a_model_damaged_for_one_language(models, tmp_path):
    changes, figures = tmp_path / "changes.csv", tmp_path / "figures.json"
    result = run_cli(
        "compare", models["old"], models["damaged"], models["eval"], "--changes", changes, "--json", figures
    )
    assert result.returncode == 3, result.stderr
    worse_line = result.stdout.strip().splitlines()[-1]
    assert worse_line.startswith("NEW is worse than OLD beyond tolerance 0.02")
    assert "lang de macro-F1" in worse_line
    assert "outlet donaublick.example macro-F1" in worse_line
    assert "lang en" not in worse_line  # damage can spill over a little through the shared context stage,
    result_json = json.loads(figures.read_text())  # but the largest drop is German
    worse = {(g["group"], g["key"]) for g in result_json["worse"]}
    assert ("lang", "de") in worse
    drops = {g["key"]: g["old"] - g["new"] for g in result_json["worse"] if g["group"] == "lang"}
    assert max(drops, key=drops.get) == "de"
    changed = pd.read_csv(changes, keep_default_na=False)
    broken = changed[changed["verdict"] == "broken"]
    assert (broken["lang"] == "de").sum() > (broken["lang"] != "de").sum()
    assert (broken["old"] == broken["label"]).all() and (broken["new"] != broken["label"]).all()


def test_compare_passes_an_honest_retrain(models):
    result = run_cli("compare", models["old"], models["honest"], models["eval"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NEW is not worse than OLD beyond tolerance 0.02" in result.stdout
    for group in ("class   body", "lang    de", "outlet  kernelwire.example"):
        assert group in result.stdout


def test_compare_tolerance_is_the_users_choice(models):
    strict = run_cli("compare", models["old"], models["damaged"], models["eval"], "--tolerance", "1")
    assert strict.returncode == 0  # nothing can drop by more than 1


def test_compare_names_a_missing_model_in_one_line(models, tmp_path):
    result = run_cli("compare", models["old"], tmp_path / "nope.joblib", models["eval"])
    assert result.returncode == 1
    assert result.stderr.strip() == f"boilerplate: error: {tmp_path / 'nope.joblib'}: model file not found"
