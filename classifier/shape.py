"""Shape features of a paragraph: what its length and punctuation say without reading its words.

Furniture is short, title-cased, full of separators and digits; article paragraphs are long sentences
ending in punctuation. These numbers let the model generalise that to languages it reads poorly.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

_SENTENCE_END = re.compile(r"[.!?。！？…»\"”'’)]\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?。！？](?:\s|$)")
_SEPARATORS = re.compile(r"[|•·›»«>/–—]")
_URLISH = re.compile(r"(https?://|www\.|\.\w{2,4}/|@\w)")
_TIMEISH = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_QUOTES = '"“”„«»‘’「」『』'

SHAPE_FEATURES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "short",
    "long",
    "digit_share",
    "upper_share",
    "punct_share",
    "space_share",
    "ends_like_sentence",
    "sentences",
    "separators",
    "urlish",
    "timeish",
    "quoted",
    "title_case_share",
    "starts_lower",
    "has_comma",
    "cjk_share",
)


def shape_vector(text: str) -> list[float]:
    """Eighteen numbers, each roughly in [0, 1], describing the paragraph's form."""
    n = len(text)
    if n == 0:
        return [0.0] * len(SHAPE_FEATURES)
    words = text.split()
    n_words = len(words)
    digits = upper = letters = punct = spaces = cjk = 0
    for ch in text:
        if ch.isdigit():
            digits += 1
        elif ch.isalpha():
            letters += 1
            if ch.isupper():
                upper += 1
            if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af":
                cjk += 1
        elif ch.isspace():
            spaces += 1
        else:
            punct += 1
    capitalised = sum(1 for w in words if w[:1].isupper())
    return [
        np.log1p(n) / 8.0,
        np.log1p(n_words) / 6.0,
        float(n < 30),
        float(n > 200),
        digits / n,
        upper / max(letters, 1),
        punct / n,
        spaces / n,
        float(bool(_SENTENCE_END.search(text))),
        min(len(_SENTENCE_BREAK.findall(text)), 10) / 10.0,
        min(len(_SEPARATORS.findall(text)), 10) / 10.0,
        float(bool(_URLISH.search(text))),
        float(bool(_TIMEISH.search(text))),
        float(any(q in text for q in _QUOTES)),
        capitalised / max(n_words, 1),
        float(text[:1].islower()),
        float("," in text or "，" in text or "、" in text),
        cjk / n,
    ]


class ShapeFeatures(TransformerMixin, BaseEstimator):
    """Stateless transformer: texts in, a dense matrix of shape features out."""

    def fit(self, texts, y=None):
        return self

    def transform(self, texts) -> np.ndarray:
        return np.asarray([shape_vector(t) for t in texts], dtype=np.float64).reshape(-1, len(SHAPE_FEATURES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"shape__{name}" for name in SHAPE_FEATURES], dtype=object)
