"""Model bundles: saved with a card, refused when foreign or from another scikit-learn."""

from __future__ import annotations

import json

import joblib
import pytest

from classifier import ModelError, load_model
from classifier.model_file import card_path, default_model_path


def test_load_model_gives_predict_and_predict_proba(small_model):
    model = load_model(small_model)
    texts = [
        "Accept all cookies",
        "Home",
        "The minister resigned on Monday after weeks of pressure over the budget.",
    ]
    proba = model.predict_proba(texts)
    assert proba.shape == (3, 3)
    assert list(model.classes_) == ["consent", "chrome", "body"]
    assert list(model.predict(texts)) == [model.classes_[i] for i in proba.argmax(axis=1)]


def test_card_beside_and_inside_the_model(small_model):
    card = json.loads(card_path(small_model).read_text(encoding="utf-8"))
    assert card == load_model(small_model).card
    assert card["labels"] == ["consent", "chrome", "body"]
    assert len(card["training_data"][0]["sha256"]) == 64
    assert set(card["counts"]["per_label"]) == {"consent", "chrome", "body"}
    assert set(card["counts"]["per_lang"]) == {"en", "de", "fr"}
    assert card["library_versions"]["scikit-learn"]
    assert card["hyper_parameters"]["C"] > 0
    assert card["created_at"]


def test_model_from_another_scikit_learn_is_refused(tmp_path, small_model):
    bundle = joblib.load(small_model)
    bundle["sklearn_version"] = "0.24.2"
    other = tmp_path / "old.joblib"
    joblib.dump(bundle, other)
    with pytest.raises(ModelError, match=r"made with scikit-learn 0\.24\.2, this installation has"):
        load_model(other, trust_model=True)


def test_foreign_pickle_is_refused(tmp_path):
    path = tmp_path / "foreign.joblib"
    joblib.dump({"weights": [1, 2, 3]}, path)
    with pytest.raises(ModelError, match="no 'boilerplate-classifier/model' header"):
        load_model(path, trust_model=True)


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="model file not found"):
        load_model(tmp_path / "none.joblib")


def test_the_shipped_model_exists_and_loads():
    model = load_model()
    assert model.path == default_model_path()
    assert model.card["counts"]["rows"] > 10_000
