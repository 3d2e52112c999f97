"""The text half of the model: TF-IDF over words and character n-grams, plus shape features."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from .shape import ShapeFeatures

_DIGITS = re.compile(r"\d")


def normalise(text: str) -> str:
    """Lower-case and fold every digit to 0, so '12 comments' and '345 comments' look alike."""
    return _DIGITS.sub("0", text.lower())


def text_features(
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (1, 4),
    min_df: int = 2,
    max_features: int | None = 400_000,
) -> FeatureUnion:
    """Word n-grams for spaced languages, char n-grams for morphology and scripts without spaces."""
    return FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=tuple(word_ngrams),
                    preprocessor=normalise,
                    token_pattern=r"(?u)\b\w+\b",
                    min_df=min_df,
                    max_features=max_features,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=tuple(char_ngrams),
                    preprocessor=normalise,
                    min_df=min_df,
                    max_features=max_features,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            ("shape", ShapeFeatures()),
        ]
    )
