"""Near-duplicates of reference (evaluation) text in our dataset.

An exact-match check misses a line that differs from an evaluation line by a number, a capital or a
word: such a line would still teach the model that very line. Character n-gram TF-IDF cosine catches
those, per language-independent surface form; the threshold is high enough that two different sentences
about the same thing (two cookie notices, two "3 hours ago") do not match.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

NEAR_THRESHOLD = 0.8
_BLOCK = 2000


def near_duplicates(
    ours: list[str], reference: list[str], *, min_chars: int, threshold: float = NEAR_THRESHOLD
) -> list[tuple[str, float]]:
    """Our distinct texts of `min_chars`+ characters whose closest reference text has cosine >= threshold,
    with that similarity, most similar first. Shorter lines are generic ("Reply", "Share") and
    legitimately shared by every site."""
    mine = sorted({t for t in ours if len(t) >= min_chars})
    refs = sorted({t for t in reference if len(t) >= min_chars})
    if not mine or not refs:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, dtype=np.float32)
    vectorizer.fit(refs + mine)
    ref_matrix = vectorizer.transform(refs).T.tocsr()
    found: list[tuple[str, float]] = []
    for start in range(0, len(mine), _BLOCK):
        block = mine[start : start + _BLOCK]
        scores = (vectorizer.transform(block) @ ref_matrix).max(axis=1).toarray().ravel()
        found += [(text, float(s)) for text, s in zip(block, scores, strict=True) if s >= threshold]
    return sorted(found, key=lambda pair: -pair[1])
