"""ParagraphClassifier: TF-IDF + logistic regression on each paragraph, then a page-context step.

Follows scikit-learn's estimator contract: parameters in `__init__`, `fit` returns self, learned
state ends in `_`, `predict_proba` columns follow `classes_` (always consent, chrome, body).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .context import context_features
from .fast_tfidf import transform_texts
from .labels import LABELS
from .pages import as_paragraph_frame, page_order
from .text_features import text_features


def _clip(texts: np.ndarray, max_chars: int) -> pd.Series:
    """Texts cut to their first `max_chars` characters: the model reads no further."""
    return pd.Series(texts, dtype=object).str.slice(0, max_chars)


def _unique_texts(texts: np.ndarray, max_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (truncated) texts and, for each input row, the index of its distinct text.

    Furniture and consent notices repeat on every page of an outlet: classify each text once.
    """
    clipped = _clip(texts, max_chars)
    codes, uniques = pd.factorize(clipped, sort=False)
    return np.asarray(uniques, dtype=object), codes


class TextCache:
    """Bounded memory of first-stage probabilities by text; cleared when full.

    Keys are the texts' 64-bit hashes with their lengths, not the texts: a long consent notice costs a
    few bytes to remember. (Two different texts of the same length with the same hash: about one chance
    in 10^19 per pair.)
    """

    def __init__(self, limit: int = 100_000):
        self.limit = limit
        self.index: dict[tuple[int, int], int] = {}
        self.proba = np.zeros((limit, len(LABELS)))

    def lookup(self, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities of the known texts (zeros elsewhere) and the indices of the unknown ones."""
        rows = np.fromiter((self.index.get((hash(t), len(t)), -1) for t in texts), dtype=np.int64, count=len(texts))
        proba = np.zeros((len(texts), len(LABELS)))
        known = rows >= 0
        proba[known] = self.proba[rows[known]]
        return proba, np.flatnonzero(~known)

    def store(self, texts: np.ndarray, proba: np.ndarray) -> None:
        texts, proba = texts[: self.limit], proba[: self.limit]
        if len(self.index) + len(texts) > self.limit:
            self.index.clear()
        start = len(self.index)
        self.proba[start : start + len(texts)] = proba
        self.index.update(((hash(t), len(t)), start + i) for i, t in enumerate(texts))


def _fragments(frame: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    """Short runs of 1-5 consecutive lines cut from the pages, each posing as a document of its own.

    Returns rows with `text`, `doc_id`, `position` and `row` (the source row in `frame`).
    """
    rng = np.random.default_rng(seed)
    order, codes = page_order(frame)
    docs = codes[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    ends = np.r_[starts[1:], len(order)]
    budget = int(share * len(frame))
    rows, doc_ids, positions = [], [], []
    piece = 0
    while len(rows) < budget and len(starts):
        d = rng.integers(len(starts))
        length = int(rng.choice([1, 1, 1, 2, 3, 5]))
        lo = starts[d] + rng.integers(max(ends[d] - starts[d] - length, 0) + 1)
        take = order[lo : min(lo + length, ends[d])]
        rows.extend(take)
        doc_ids.extend([f"\x00piece{piece}"] * len(take))
        positions.extend(range(len(take)))
        piece += 1
    rows = np.asarray(rows, dtype=int)
    return pd.DataFrame({"text": frame["text"].to_numpy()[rows], "doc_id": doc_ids, "position": positions, "row": rows})


def align_columns(proba: np.ndarray, classes) -> np.ndarray:
    """Probability columns in LABELS order; a label the estimator never saw gets probability 0."""
    out = np.zeros((proba.shape[0], len(LABELS)))
    for j, label in enumerate(classes):
        out[:, LABELS.index(label)] = proba[:, j]
    return out


class ParagraphClassifier(ClassifierMixin, BaseEstimator):
    """Labels paragraphs `consent`, `chrome` or `body`.

    X is a list of paragraphs (one document, in page order) or a frame with `text` and optionally
    `doc_id` and `position`. With `context=True` a second stage reads each paragraph's neighbours.
    """

    def __init__(
        self,
        word_ngrams=(1, 2),
        char_ngrams=(1, 4),
        min_df=2,
        max_features=400_000,
        C=1.5,
        max_chars=2000,
        context=True,
        context_folds=2,
        context_iter=40,
        context_learning_rate=0.15,
        context_leaves=16,
        fragment_share=0.15,
        repeat_weight="sqrt",
        random_state=0,
    ):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.max_chars = max_chars
        self.context = context
        self.context_folds = context_folds
        self.context_iter = context_iter
        self.context_learning_rate = context_learning_rate
        self.context_leaves = context_leaves
        self.fragment_share = fragment_share
        self.repeat_weight = repeat_weight
        self.random_state = random_state

    # -- first stage: the paragraph alone -------------------------------------------------------
    def distinct_pairs(self, texts: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> pd.DataFrame:
        """Distinct (text, label) pairs with summed weights: what the first stage is fitted on.

        Columns `text`, `y`, `w`, sorted by text then label.
        """
        pairs = pd.DataFrame({"text": _clip(texts, self.max_chars), "y": y})
        pairs["w"] = np.ones(len(pairs)) if weight is None else weight
        grouped = pairs.groupby(["text", "y"], sort=True, observed=True)["w"].agg(["sum", "size"]).reset_index()
        # A template repeats its furniture on every page: `count` lets those repeats outvote rarer uses of
        # the same words; `sqrt` damps them, keeping each file's weight (the mean) as it is.
        if self.repeat_weight == "sqrt":
            grouped["w"] = grouped["sum"] / grouped["size"] * np.sqrt(grouped["size"])
        else:
            grouped["w"] = grouped["sum"]
        return grouped[["text", "y", "w"]]

    def _fit_text_model(self, texts: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None):
        """Fit features and logistic regression on distinct (text, label) pairs, weighted by `repeat_weight`."""
        grouped = self.distinct_pairs(texts, y, weight)
        features = text_features(self.word_ngrams, self.char_ngrams, self.min_df, self.max_features)
        Xt = features.fit_transform(grouped["text"].to_numpy())
        lr = LogisticRegression(C=self.C, max_iter=3000, random_state=self.random_state)
        lr.fit(Xt, grouped["y"].to_numpy(), sample_weight=grouped["w"].to_numpy())
        return features, lr

    @staticmethod
    def _text_proba(features, lr, texts: np.ndarray, max_chars: int, cache: TextCache | None = None) -> np.ndarray:
        uniques, codes = _unique_texts(texts, max_chars)
        if len(uniques) == 0:
            return np.zeros((0, len(LABELS)))
        if cache is None:
            proba = align_columns(lr.predict_proba(transform_texts(features, uniques)), lr.classes_)
            return proba[codes]
        proba, missing = cache.lookup(uniques)
        if len(missing):
            fresh = align_columns(lr.predict_proba(transform_texts(features, uniques[missing])), lr.classes_)
            proba[missing] = fresh
            cache.store(uniques[missing], fresh)
        return proba[codes]

    def text_proba(self, X, text_cache: TextCache | None = None) -> np.ndarray:
        """First-stage probabilities: each paragraph judged alone, without its page."""
        frame = as_paragraph_frame(X)
        texts = frame["text"].to_numpy()
        return self._text_proba(self.features_, self.text_model_, texts, self.max_chars, text_cache)

    # -- the estimator contract ------------------------------------------------------------------
    def fit(self, X, y, groups=None, sample_weight=None):
        """Fit both stages; the context stage learns from out-of-fold first-stage predictions.

        `groups` (e.g. outlets) keeps folds honest: a fold never sees its own outlet's furniture.
        """
        frame = as_paragraph_frame(X)
        y = np.asarray(y, dtype=object)
        unknown = sorted(set(y) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown labels {unknown}; expected {list(LABELS)}")
        if len(set(y)) < 2:
            raise ValueError("training needs at least two different labels")
        texts = frame["text"].to_numpy()
        weight = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.classes_ = np.asarray(LABELS, dtype=object)
        self.features_, self.text_model_ = self._fit_text_model(texts, y, weight)
        self.context_model_ = None
        if self.context:
            groups = frame["doc_id"].to_numpy() if groups is None else np.asarray(groups)
            n_folds = min(self.context_folds, len(set(groups)))
            if n_folds >= 2:
                oof = np.zeros((len(frame), len(LABELS)))
                for train_idx, test_idx in GroupKFold(n_splits=n_folds).split(texts, y, groups):
                    w = None if weight is None else weight[train_idx]
                    feats, lr = self._fit_text_model(texts[train_idx], y[train_idx], w)
                    oof[test_idx] = self._text_proba(feats, lr, texts[test_idx], self.max_chars)
                ctx = context_features(frame, oof)
                # Also show the context stage lines with little or no page around them (loose strings,
                # snippets), so that it learns to trust the text when there are no neighbours to read.
                pieces = _fragments(frame, self.fragment_share, self.random_state)
                rows = pieces["row"].to_numpy()
                ctx = np.vstack([ctx, context_features(pieces, oof[rows])])
                y = np.concatenate([y, y[rows]])
                if weight is not None:
                    weight = np.concatenate([weight, weight[rows]])
                self.context_model_ = HistGradientBoostingClassifier(
                    max_iter=self.context_iter,
                    learning_rate=self.context_learning_rate,
                    max_leaf_nodes=self.context_leaves,
                    l2_regularization=1.0,
                    early_stopping=False,
                    random_state=self.random_state,
                )
                self.context_model_.fit(ctx, y, sample_weight=weight)
        return self

    def predict_proba(self, X, text_cache: TextCache | None = None) -> np.ndarray:
        """Probabilities, columns in `classes_` order (consent, chrome, body).

        `text_cache` (optional) remembers first-stage results across calls: furniture and notices
        repeat on every page of an outlet, so a long run classifies each of them once.
        """
        frame = as_paragraph_frame(X)
        proba = self.text_proba(frame, text_cache)
        if self.context_model_ is None or len(frame) == 0:
            return proba
        ctx = context_features(frame, proba)
        out = align_columns(self.context_model_.predict_proba(ctx), self.context_model_.classes_)
        # A one-line document has no page to read: the context stage could only add its training
        # pages' label mix (where consent buttons are common), so the text model decides alone.
        codes, _ = pd.factorize(frame["doc_id"], sort=False)
        alone = np.bincount(codes)[codes] == 1
        out[alone] = proba[alone]
        return out

    def predict(self, X) -> np.ndarray:
        """The most probable label of each paragraph."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.asarray([], dtype=object)
