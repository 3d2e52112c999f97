"""Review: which paragraphs of a new outlet's pages are worth a person's label.

A new outlet's mistakes repeat (the same menu, the same notice on every page), and most of its lines
the model already gets right. So each distinct text is a candidate once, scored by how unsure the
model is (1 - margin between its two most probable labels), times how often the text occurs, times how
typical it is of the outlet's lines (a label teaches more when many lines resemble it); and the budget
is spread over kinds of lines (predicted label x length), so that a few dozen labels are not all spent
on, say, short menu items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labelling import decide, model_input
from .labels import PROBA_COLUMNS

LENGTH_BUCKETS = (25, 80, 250)  # characters: buttons and menu items, headings, sentences, paragraphs


def candidates(model, frame: pd.DataFrame, text_column: str = "text") -> pd.DataFrame:
    """Label the pages and keep one row per distinct text: where it first occurs, how often, how unsure.

    Columns: doc_id, position, text, count, predicted, p_consent, p_chrome, p_body, uncertainty, score.
    """
    inputs = model_input(frame, text_column)
    proba = model.predict_proba(inputs) if len(inputs) else np.zeros((0, len(PROBA_COLUMNS)))
    rows = inputs[["doc_id", "position", "text"]].copy()
    for j, column in enumerate(PROBA_COLUMNS):
        rows[column] = proba[:, j]
    top2 = np.sort(proba, axis=1)[:, -2:] if len(proba) else np.zeros((0, 2))
    rows["uncertainty"] = 1.0 - (top2[:, 1] - top2[:, 0])
    rows = rows[rows["text"].str.strip() != ""]
    first = rows.drop_duplicates("text", keep="first").set_index("text")
    # a text's probabilities differ with its neighbours: judge it by its average occurrence
    means = rows.groupby("text", sort=False)[[*PROBA_COLUMNS, "uncertainty"]].mean().round(4)
    distinct = first[["doc_id", "position"]].join(means)
    distinct["predicted"] = decide(distinct[list(PROBA_COLUMNS)].to_numpy())
    distinct["count"] = rows.groupby("text", sort=False).size()
    distinct = distinct.reset_index()
    distinct["score"] = distinct["uncertainty"] * np.log2(1 + distinct["count"]) * typicality(model, distinct["text"])
    columns = ["doc_id", "position", "text", "count", "predicted", *PROBA_COLUMNS, "uncertainty", "score"]
    return distinct[columns].reset_index(drop=True)


def typicality(model, texts: pd.Series) -> np.ndarray:
    """How much each text resembles the others (mean cosine of character n-grams), 1 on average.

    Uses the model's own character vectorizer; a model without one counts every text as typical.
    """
    estimator = getattr(model, "estimator", model)
    char = dict(getattr(getattr(estimator, "features_", None), "transformer_list", [])).get("char")
    if char is None or len(texts) == 0:
        return np.ones(len(texts))
    X = char.transform(texts.to_numpy())
    density = np.asarray(X @ np.asarray(X.mean(axis=0)).ravel()).ravel()
    return density / density.mean() if density.mean() > 0 else np.ones(len(texts))


def kind_of_line(frame: pd.DataFrame) -> pd.Series:
    """The stratum of each candidate: its predicted label and its length bucket."""
    bucket = np.searchsorted(LENGTH_BUCKETS, frame["text"].str.len().to_numpy(), side="right")
    return frame["predicted"].astype(str) + ":" + pd.Series(bucket, index=frame.index).astype(str)


def _allocate(mass: pd.Series, sizes: pd.Series, budget: int) -> pd.Series:
    """Split `budget` over strata in proportion to their uncertainty mass, none beyond its size."""
    share = pd.Series(0, index=mass.index, dtype=int)
    left = min(budget, int(sizes.sum()))
    while left > 0:
        room = (sizes - share)[share < sizes]
        claim = mass[room.index].clip(lower=1e-9)
        want = claim / claim.sum() * left
        whole = np.minimum(np.floor(want).astype(int), room)
        if whole.sum() == 0:  # fewer seats than open strata: the largest claims get one each
            winners = want.sort_values(ascending=False, kind="stable").index[:left]
            share[winners] += 1
            break
        share[whole.index] += whole
        left -= int(whole.sum())
    return share


def pick(candidates_frame: pd.DataFrame, budget: int, seed: int = 0) -> pd.DataFrame:
    """The `budget` candidates whose labels should teach the most, spread over kinds of lines.

    Deterministic: ties in score are broken by a permutation drawn from `seed`.
    """
    if budget <= 0 or candidates_frame.empty:
        return candidates_frame.iloc[0:0].copy()
    frame = candidates_frame.copy()
    frame["kind"] = kind_of_line(frame)
    frame["tie"] = np.random.default_rng(seed).permutation(len(frame))
    frame = frame.sort_values(["score", "tie"], ascending=[False, True], kind="stable")
    groups = frame.groupby("kind", sort=True)
    share = _allocate(groups["score"].sum(), groups.size(), budget)
    picked = pd.concat([group.head(int(share[kind])) for kind, group in groups])
    picked = picked.sort_values(["score", "tie"], ascending=[False, True], kind="stable")
    return picked.drop(columns=["tie"]).reset_index(drop=True)


def review(model, frame: pd.DataFrame, budget: int = 50, seed: int = 0, text_column: str = "text") -> pd.DataFrame:
    """Label the pages in `frame` and pick `budget` distinct paragraphs to correct."""
    return pick(candidates(model, frame, text_column), budget, seed)
