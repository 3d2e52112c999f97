"""Fast, exact `transform` for the fitted word and char_wb TF-IDF vectorizers.

scikit-learn builds every n-gram of every paragraph in Python: about 2,000-8,000 paragraphs per
second per core. But char_wb n-grams never cross a word, and words repeat (Zipf): so each distinct
word's n-gram columns are looked up once and then gathered with numpy; word bigrams are matched as
pairs of token ids against a sorted table. The count matrix is the one scikit-learn would build, and
the vectorizer's own TF-IDF step finishes it, so the features (and the labels) are identical.
"""

from __future__ import annotations

import re
import weakref

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

WORD_CACHE_LIMIT = 100_000  # distinct words whose char n-gram columns a process keeps


def supports_fast_transform(vectorizer) -> bool:
    """True for the vectorizer configurations this module reproduces exactly."""
    return (
        isinstance(vectorizer, TfidfVectorizer)
        and hasattr(vectorizer, "vocabulary_")
        and vectorizer.input == "content"
        and vectorizer.strip_accents is None
        and vectorizer.stop_words is None
        and vectorizer.tokenizer is None
        and not vectorizer.binary
        and vectorizer.preprocessor is not None
        and (
            vectorizer.analyzer == "char_wb"
            or (vectorizer.analyzer == "word" and tuple(vectorizer.ngram_range) in ((1, 1), (1, 2)))
        )
    )


def _flatten(pieces: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """All pieces in one list, and the document index of each."""
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    flat = [w for p in pieces for w in p]
    return flat, np.repeat(np.arange(len(pieces)), lengths)


def _count_matrix(rows: np.ndarray, cols: np.ndarray, n_docs: int, vectorizer) -> sp.csr_matrix:
    """Counts per (document, column), indices sorted within rows: CountVectorizer's matrix.

    One sort of row*width+column keys replaces scipy's COO conversion and index sorting.
    """
    width = len(vectorizer.vocabulary_)
    keep = cols >= 0
    keys = np.sort(rows[keep].astype(np.int64) * width + cols[keep])
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        counts = np.diff(np.r_[starts, len(keys)])
        distinct = keys[starts]
    else:
        counts = distinct = np.zeros(0, dtype=np.int64)
    doc = distinct // width
    indptr = np.r_[0, np.cumsum(np.bincount(doc, minlength=n_docs))]
    matrix = sp.csr_matrix(
        (counts.astype(vectorizer.dtype), (distinct - doc * width).astype(np.int32), indptr),
        shape=(n_docs, width),
    )
    matrix.has_sorted_indices = True
    return matrix


_PRIME = np.uint64(1_000_003)
_MASK = (1 << 64) - 1


def _term_key(term: str) -> int:
    """The 64-bit key of an n-gram: a polynomial hash of its code points, then its length."""
    h = 0
    for ch in term:
        h = (h * 1_000_003 + ord(ch)) & _MASK
    return (h * 8 + len(term)) & _MASK


class _CharState:
    """Per-vectorizer tables: n-gram keys (sorted) -> columns, and a cache of distinct word -> its
    char_wb n-gram columns (with repeats).

    char_wb takes every substring of length min_n..max_n of each space-padded word; the n-grams of new
    words are keyed with numpy in one pass and matched against the vocabulary's keys (a 64-bit hash:
    a false match is about as likely as a cosmic-ray bit flip, and tests compare with scikit-learn).
    """

    def __init__(self, vectorizer):
        self.vocabulary = vectorizer.vocabulary_
        self.min_n, self.max_n = vectorizer.ngram_range
        keys = np.fromiter((_term_key(t) for t in self.vocabulary), dtype=np.uint64, count=len(self.vocabulary))
        columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(self.vocabulary))
        order = np.argsort(keys)
        self.keys, self.key_columns = keys[order], columns[order]
        self.columns: dict[str, np.ndarray] = {}

    def _new_word_columns(self, words: list[str]) -> list[np.ndarray]:
        padded = [" " + w + " " for w in words]
        lengths = np.fromiter((len(w) for w in padded), dtype=np.int64, count=len(padded))
        points = np.frombuffer("".join(padded).encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(words)), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)  # end (exclusive) of each position's word
        position = np.arange(len(points))
        found_owner, found_column = [], []
        rolling = np.zeros(len(points), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for n in range(1, self.max_n + 1):
                valid = position + n <= ends
                shifted = np.zeros(len(points), dtype=np.uint64)
                shifted[: len(points) - n + 1] = points[n - 1 :]
                rolling = rolling * _PRIME + shifted
                if n < self.min_n:
                    continue
                keys = rolling[valid] * np.uint64(8) + np.uint64(n)
                at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
                hit = self.keys[at] == keys
                found_owner.append(owner[valid][hit])
                found_column.append(self.key_columns[at[hit]])
        owners = np.concatenate(found_owner)
        order = np.argsort(owners, kind="stable")
        columns = np.concatenate(found_column)[order]
        counts = np.bincount(owners, minlength=len(words))
        return np.split(columns, np.cumsum(counts)[:-1])

    def columns_of(self, words) -> list[np.ndarray]:
        """Each distinct word's n-gram columns; the words not seen before are looked up in one pass."""
        known = self.columns
        missing = [w for w in words if w not in known]
        if missing:
            if len(known) + len(missing) > WORD_CACHE_LIMIT:  # full: start again with this batch's words
                known.clear()
                missing = list(words)
            known.update(zip(missing, self._new_word_columns(missing), strict=True))
        return [known[w] for w in words]


class _WordState:
    """Token id tables for word unigrams and bigrams of one fitted vectorizer."""

    def __init__(self, vectorizer):
        self.vocabulary = vectorizer.vocabulary_
        self.pattern = re.compile(vectorizer.token_pattern)
        token_ids: dict[str, int] = {}
        unigram_cols: list[int] = []
        bigrams: list[tuple[int, int, int]] = []

        def token_id(token: str) -> int:
            tid = token_ids.get(token)
            if tid is None:
                tid = token_ids[token] = len(token_ids)
                unigram_cols.append(-1)
            return tid

        for term, col in vectorizer.vocabulary_.items():
            parts = term.split(" ")
            if len(parts) == 1:
                unigram_cols[token_id(term)] = col
            elif len(parts) == 2:
                bigrams.append((token_id(parts[0]), token_id(parts[1]), col))
        self.token_ids = token_ids
        self.unigram_cols = np.asarray(unigram_cols, dtype=np.int64)
        self.width = max(len(token_ids), 1)
        table = np.asarray(bigrams, dtype=np.int64).reshape(-1, 3)
        keys = table[:, 0] * self.width + table[:, 1]
        order = np.argsort(keys)
        self.bigram_keys = keys[order]
        self.bigram_cols = table[order, 2]


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _state(vectorizer):
    """The lookup tables, built on first use and kept beside the vectorizer (never saved with it)."""
    state = _STATES.get(vectorizer)
    if state is None or state.vocabulary is not vectorizer.vocabulary_:
        state = _CharState(vectorizer) if vectorizer.analyzer == "char_wb" else _WordState(vectorizer)
        _STATES[vectorizer] = state
    return state


def _char_counts(vectorizer, texts: list[str]) -> sp.csr_matrix:
    """Counts as (documents x distinct words) @ (distinct words x n-grams): one sparse product."""
    state = _state(vectorizer)
    words, doc_of_word = _flatten([t.split() for t in texts])
    codes, uniques = pd.factorize(pd.Series(words, dtype=object), sort=False)
    per_word = state.columns_of(uniques)
    lengths = np.fromiter((len(c) for c in per_word), dtype=np.int64, count=len(per_word))
    pool = np.concatenate(per_word) if per_word else np.zeros(0, dtype=np.int64)
    width = len(vectorizer.vocabulary_)
    ngrams_of_word = sp.csr_matrix(
        (np.ones(len(pool), dtype=vectorizer.dtype), pool.astype(np.int32), np.r_[0, np.cumsum(lengths)]),
        shape=(len(uniques), width),
    )
    words_of_doc = sp.csr_matrix(
        (np.ones(len(codes), dtype=vectorizer.dtype), (doc_of_word, codes)), shape=(len(texts), len(uniques))
    )
    counts = (words_of_doc @ ngrams_of_word).tocsr()
    counts.sum_duplicates()
    counts.sort_indices()
    counts.eliminate_zeros()
    return counts


def _word_counts(vectorizer, texts: list[str]) -> sp.csr_matrix:
    state = _state(vectorizer)
    tokens, doc_of_token = _flatten([state.pattern.findall(t) for t in texts])
    codes, uniques = pd.factorize(pd.Series(tokens, dtype=object), sort=False)
    lookup = state.token_ids.get
    tid_of_unique = np.fromiter((lookup(u, -1) for u in uniques), dtype=np.int64, count=len(uniques))
    tids = tid_of_unique[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    known = tids >= 0
    uni_cols = np.where(known, state.unigram_cols[np.maximum(tids, 0)], -1)
    rows, cols = [doc_of_token], [uni_cols]
    if tuple(vectorizer.ngram_range) == (1, 2) and len(tids) > 1 and len(state.bigram_keys):
        same_doc = doc_of_token[1:] == doc_of_token[:-1]
        pair = same_doc & known[1:] & known[:-1]
        keys = tids[:-1] * state.width + tids[1:]
        at = np.searchsorted(state.bigram_keys, keys)
        at = np.minimum(at, len(state.bigram_keys) - 1)
        hit = pair & (state.bigram_keys[at] == keys)
        rows.append(doc_of_token[:-1][hit])
        cols.append(state.bigram_cols[at[hit]])
    return _count_matrix(np.concatenate(rows), np.concatenate(cols), len(texts), vectorizer)


def fast_transform(vectorizer, texts) -> sp.csr_matrix:
    """vectorizer.transform(texts), computed with per-word caching; same numbers."""
    preprocess = vectorizer.preprocessor
    prepared = [preprocess(t) for t in texts]
    counts = _char_counts(vectorizer, prepared) if vectorizer.analyzer == "char_wb" else _word_counts(
        vectorizer, prepared
    )
    return vectorizer._tfidf.transform(counts, copy=False)


def transform_texts(features, texts) -> sp.csr_matrix:
    """A fitted FeatureUnion's transform, with the fast path for the TF-IDF parts it supports."""
    blocks = []
    for _, transformer in features.transformer_list:
        if transformer in ("drop", None):
            continue
        if supports_fast_transform(transformer):
            blocks.append(fast_transform(transformer, texts))
        else:
            block = transformer.transform(texts)
            blocks.append(block if sp.issparse(block) else sp.csr_matrix(block))
    return sp.hstack(blocks, format="csr")
