"""Saving and loading models: one joblib bundle with its model card, and the shipped default.

A bundle is a dict tagged with our format name, so a foreign pickle or a model from another
scikit-learn release is refused with a one-line reason instead of failing later in odd ways.
"""

from __future__ import annotations

import json
import os
import warnings
from importlib import resources
from pathlib import Path

import joblib
import sklearn

from .atomic import atomic_path
from .errors import ModelError
from .model import ParagraphClassifier, TextCache

FORMAT = "boilerplate-classifier/model"
FORMAT_VERSION = 1
DEFAULT_MODEL_NAME = "default.joblib"


def default_model_path() -> Path:
    """The shipped model: `models/` of a source checkout, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
    if checkout.is_file():
        return checkout
    try:
        return Path(str(resources.files("classifier.default_model") / DEFAULT_MODEL_NAME))
    except (ModuleNotFoundError, TypeError):
        return checkout


def card_path(model_path: str | os.PathLike) -> Path:
    """Where a model's card is written beside it: `name.joblib` -> `name.card.json`."""
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib") + ".card.json")


def save_model(model: ParagraphClassifier, path: str | os.PathLike, card: dict) -> Path:
    """Write the model bundle and its card JSON beside it, each atomically."""
    path = Path(path)
    bundle = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_version": sklearn.__version__,
        "card": card,
        "model": model,
    }
    with atomic_path(path) as tmp:
        joblib.dump(bundle, tmp, compress=3)
    with atomic_path(card_path(path)) as tmp:
        tmp.write_text(json.dumps(card, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


class LoadedModel:
    """A loaded model with its card: `predict`, `predict_proba` and the card's facts."""

    def __init__(self, estimator: ParagraphClassifier, card: dict, path: Path):
        self.estimator = estimator
        self.card = card
        self.path = path
        self.classes_ = estimator.classes_
        self.text_cache = TextCache()

    def predict_proba(self, X):
        return self.estimator.predict_proba(X, text_cache=self.text_cache)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)] if len(proba) else self.classes_[:0]

    def __repr__(self) -> str:
        return f"LoadedModel({self.path})"


def load_model(path: str | os.PathLike | None = None) -> LoadedModel:
    """Load a model bundle (the shipped default when `path` is None)."""
    path = Path(path) if path is not None else default_model_path()
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    card_file = card_path(path)
    if card_file.is_file():
        try:
            made_with = json.loads(card_file.read_text(encoding="utf-8")).get("library_versions", {})
        except (OSError, ValueError):
            made_with = {}
        _check_sklearn(path, made_with.get("scikit-learn"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", sklearn.exceptions.InconsistentVersionWarning)
        try:
            bundle = joblib.load(path)
        except sklearn.exceptions.InconsistentVersionWarning as exc:
            raise ModelError(
                f"{path}: made with scikit-learn {exc.original_sklearn_version}, this installation has "
                f"{sklearn.__version__}; install that version or retrain with `boilerplate train`"
            ) from None
        except Exception as exc:  # any unpickling failure means: not one of our files
            raise ModelError(f"{path}: not a boilerplate model file ({type(exc).__name__})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise ModelError(f"{path}: not a boilerplate model file (no '{FORMAT}' header)")
    if bundle.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {bundle.get('format_version')} is not supported by this version")
    _check_sklearn(path, bundle.get("sklearn_version"))
    return LoadedModel(bundle["model"], bundle.get("card", {}), path)


def _check_sklearn(path: Path, made_with: str | None) -> None:
    if made_with and _major_minor(made_with) != _major_minor(sklearn.__version__):
        raise ModelError(
            f"{path}: made with scikit-learn {made_with}, this installation has {sklearn.__version__}; "
            f"install scikit-learn=={'.'.join(_major_minor(made_with))}.* or retrain with `boilerplate train`"
        )
