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


_END_CHARS = ".!?。！？"
_CLOSING_CHARS = _END_CHARS + "…»\"”'’)"
_SEPARATOR_CHARS = "|•·›»«>/–—"
_COMMA_CHARS = ",，、"

# Per code point flags, for vectorised counting (the loop in shape_vector is the reference).
DIGIT, ALPHA, SPACE, UPPER_ALPHA, CJK, UPPER, LOWER, END, CLOSING, SEPARATOR, QUOTE, COMMA = (1 << i for i in range(12))


def _flags_of(ch: str) -> int:
    f = 0
    if ch.isdigit():
        f |= DIGIT
    elif ch.isalpha():
        f |= ALPHA
        if ch.isupper():
            f |= UPPER_ALPHA
        if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af":
            f |= CJK
    elif ch.isspace():
        f |= SPACE
    if ch.isupper():
        f |= UPPER
    if ch.islower():
        f |= LOWER
    for chars, flag in ((_END_CHARS, END), (_CLOSING_CHARS, CLOSING), (_SEPARATOR_CHARS, SEPARATOR),
                        (_QUOTES, QUOTE), (_COMMA_CHARS, COMMA)):  # fmt: skip
        if ch in chars:
            f |= flag
    return f


_BMP_FLAGS: np.ndarray | None = None


def _code_point_flags(codes: np.ndarray) -> np.ndarray:
    """Flags of each code point: a table for the Basic Multilingual Plane, Python for the rest."""
    global _BMP_FLAGS
    if _BMP_FLAGS is None:
        _BMP_FLAGS = np.fromiter((_flags_of(chr(c)) for c in range(0x10000)), dtype=np.uint16, count=0x10000)
    out = _BMP_FLAGS[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):
        out[astral] = [_flags_of(chr(c)) for c in codes[astral]]
    return out


def _any_match(pattern: re.Pattern, joined: str, starts: np.ndarray, n_docs: int) -> np.ndarray:
    """Whether each document (joined with newlines, starting at `starts`) has a match of `pattern`."""
    hits = np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)
    found = np.zeros(n_docs, dtype=bool)
    if len(hits):
        found[np.searchsorted(starts, hits, side="right") - 1] = True
    return found


def shape_matrix(texts) -> np.ndarray:
    """shape_vector for many texts at once, with numpy over code points: the same numbers, faster."""
    texts = [str(t) for t in texts]
    n_docs = len(texts)
    out = np.zeros((n_docs, len(SHAPE_FEATURES)), dtype=np.float64)
    if n_docs == 0:
        return out
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_docs)
    if not lengths.any():
        return out  # only empty texts: all zeros, as shape_vector gives
    starts = np.r_[0, np.cumsum(lengths + 1)[:-1]]
    in_text = np.ones(len(codes), dtype=bool)
    in_text[starts[1:] - 1] = False  # the joining newlines
    doc = np.repeat(np.arange(n_docs), lengths + 1)[: len(codes)]
    flags = _code_point_flags(codes)
    flags[~in_text] = SPACE

    def per_doc(mask: np.ndarray) -> np.ndarray:
        return np.bincount(doc[mask & in_text], minlength=n_docs).astype(np.float64)

    def has(flag: int) -> np.ndarray:
        return (flags & flag) != 0

    space = has(SPACE)
    prev_space = np.r_[True, space[:-1]]
    next_space = np.r_[space[1:], True]
    word_start = ~space & prev_space
    n = lengths.astype(np.float64)
    safe_n = np.maximum(n, 1)
    n_words = per_doc(word_start)
    letters = per_doc(has(ALPHA))
    digits = per_doc(has(DIGIT))
    spaces = per_doc(space)
    # last non-space character of each text: the sentence-end test
    positions = np.flatnonzero(~space & in_text)
    last_ns = np.full(n_docs, -1)
    if len(positions):
        owners = doc[positions]
        last_ns[owners] = positions  # later positions overwrite earlier ones
    ends_like_sentence = np.where(last_ns >= 0, (flags[np.maximum(last_ns, 0)] & CLOSING) != 0, False)
    first = np.where(lengths > 0, flags[np.minimum(starts, len(codes) - 1)], 0)

    out[:, 0] = np.log1p(n) / 8.0
    out[:, 1] = np.log1p(n_words) / 6.0
    out[:, 2] = n < 30
    out[:, 3] = n > 200
    out[:, 4] = digits / safe_n
    out[:, 5] = per_doc(has(UPPER_ALPHA)) / np.maximum(letters, 1)
    out[:, 6] = (n - digits - letters - spaces) / safe_n
    out[:, 7] = spaces / safe_n
    out[:, 8] = ends_like_sentence
    out[:, 9] = np.minimum(per_doc(has(END) & next_space), 10) / 10.0
    out[:, 10] = np.minimum(per_doc(has(SEPARATOR)), 10) / 10.0
    out[:, 11] = _any_match(_URLISH, joined, starts, n_docs)
    out[:, 12] = _any_match(_TIMEISH, joined, starts, n_docs)
    out[:, 13] = per_doc(has(QUOTE)) > 0
    out[:, 14] = per_doc(word_start & has(UPPER)) / np.maximum(n_words, 1)
    out[:, 15] = (first & LOWER) != 0
    out[:, 16] = per_doc(has(COMMA)) > 0
    out[:, 17] = per_doc(has(CJK)) / safe_n
    out[lengths == 0] = 0.0
    return out


class ShapeFeatures(TransformerMixin, BaseEstimator):
    """Stateless transformer: texts in, a dense matrix of shape features out."""

    def fit(self, texts, y=None):
        return self

    def transform(self, texts) -> np.ndarray:
        return shape_matrix(texts)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"shape__{name}" for name in SHAPE_FEATURES], dtype=object)
