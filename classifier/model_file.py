"""Saving and loading models: one bundle with its model card, and the shipped default.

A bundle is a dict tagged with our format name, so a foreign file or a model from another
scikit-learn release is refused with a one-line reason instead of failing later in odd ways.

Security: a `.joblib` file is a pickle, and loading a pickle can run any code in it. So joblib files
are loaded only when they are the shipped model, or were saved by `train` on this installation (their
SHA-256 is in the local trust list), or the user passes `trust=True` (`--trust-model`). Models meant to
be shared are saved as `.skops`: skops' format holds data, not code, and loading checks every type in
the file against an explicit list of the types a boilerplate model is made of.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import joblib
import sklearn

from .atomic import atomic_path
from .errors import ModelError
from .model import ParagraphClassifier, TextCache
from .model_trust import card_path, check_trusted, default_model_path, file_sha256, trust, trust_file

__all__ = ["card_path", "check_trusted", "default_model_path", "file_sha256", "load_model", "save_model", "trust_file"]

FORMAT = "boilerplate-classifier/model"
FORMAT_VERSION = 2  # 2: page-context features gained the article-mass share


SKOPS_TRUSTED_TYPES = [
    "classifier.model.ParagraphClassifier",
    "classifier.shape.ShapeFeatures",
    "classifier.text_features.normalise",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
]


def _shareable(model: ParagraphClassifier) -> tuple[ParagraphClassifier, dict]:
    """A copy of the model without its vocabulary dicts (saved as two arrays each: skops is slow on
    big dicts), and those arrays."""
    import copy

    import numpy as np

    clone = copy.deepcopy(model)
    vocabularies = {}
    for name, transformer in clone.features_.transformer_list:
        if hasattr(transformer, "vocabulary_"):
            vocabulary = transformer.vocabulary_
            vocabularies[name] = {
                "terms": np.asarray(list(vocabulary.keys()), dtype=str),
                "columns": np.asarray(list(vocabulary.values()), dtype=np.int64),
            }
            del transformer.vocabulary_
    return clone, vocabularies


def _restore_vocabularies(model: ParagraphClassifier, vocabularies: dict) -> None:
    transformers = dict(model.features_.transformer_list)
    for name, arrays in vocabularies.items():
        transformers[name].vocabulary_ = dict(zip(arrays["terms"].tolist(), arrays["columns"].tolist(), strict=True))


def save_model(model: ParagraphClassifier, path: str | os.PathLike, card: dict) -> Path:
    """Write the model bundle and its card JSON beside it, each atomically.

    `.skops`: the shareable, code-free format. Anything else: joblib, recorded in the local trust list.
    """
    path = Path(path)
    bundle = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_version": sklearn.__version__,
        "card": json.dumps(card, ensure_ascii=False),
    }
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".skops":
            import zipfile

            import skops.io

            clone, vocabularies = _shareable(model)
            skops.io.dump({**bundle, "model": clone, "vocabularies": vocabularies}, tmp,
                          compression=zipfile.ZIP_DEFLATED)  # fmt: skip
        else:  # vocabularies as arrays: joblib's pure-Python unpickler is slow on big dicts
            clone, vocabularies = _shareable(model)
            joblib.dump({**bundle, "card": card, "model": clone, "vocabularies": vocabularies}, tmp, compress=3)
    if path.suffix.lower() != ".skops":
        trust(path)
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


def _load_skops(path: Path) -> dict:
    import skops.io

    try:
        unknown = sorted(set(skops.io.get_untrusted_types(file=path)) - set(SKOPS_TRUSTED_TYPES))
    except Exception as exc:  # not a zip, not skops
        raise ModelError(f"{path}: not a boilerplate model file ({type(exc).__name__})") from None
    if unknown:
        raise ModelError(f"{path}: refused: the file holds types a boilerplate model never has ({', '.join(unknown)})")
    try:
        bundle = skops.io.load(path, trusted=SKOPS_TRUSTED_TYPES)
    except Exception as exc:
        raise ModelError(f"{path}: not a boilerplate model file ({type(exc).__name__})") from None
    if isinstance(bundle, dict) and isinstance(bundle.get("card"), str):
        bundle["card"] = json.loads(bundle["card"] or "{}")
    return bundle


def load_model(path: str | os.PathLike | None = None, trust_model: bool = False) -> LoadedModel:
    """Load a model bundle (the shipped default when `path` is None).

    `.skops` files are loaded safely whatever their origin; `.joblib` files only when trusted (see above).
    """
    path = Path(path) if path is not None else default_model_path()
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    if path.suffix.lower() == ".skops":
        bundle = _load_skops(path)
        return _checked(path, bundle)
    check_trusted(path, trust_model)
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
    return _checked(path, bundle)


def _checked(path: Path, bundle) -> LoadedModel:
    if isinstance(bundle, dict) and bundle.get("format") == FORMAT and "vocabularies" in bundle:
        _restore_vocabularies(bundle["model"], bundle.pop("vocabularies"))
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise ModelError(f"{path}: not a boilerplate model file (no '{FORMAT}' header)")
    if bundle.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format {bundle.get('format_version')} is not supported by this version; "
            "retrain with `boilerplate train`"
        )
    _check_sklearn(path, bundle.get("sklearn_version"))
    return LoadedModel(bundle["model"], bundle.get("card", {}), path)


def _check_sklearn(path: Path, made_with: str | None) -> None:
    if made_with and _major_minor(made_with) != _major_minor(sklearn.__version__):
        raise ModelError(
            f"{path}: made with scikit-learn {made_with}, this installation has {sklearn.__version__}; "
            f"install scikit-learn=={'.'.join(_major_minor(made_with))}.* or retrain with `boilerplate train`"
        )
