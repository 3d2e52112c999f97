"""ParagraphClassifier follows scikit-learn's estimator contract and reads pages, not lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone

from classifier import ParagraphClassifier
from classifier.context import context_features


def test_fit_returns_self_and_proba_columns_follow_classes(small_training_file):
    frame = pd.read_csv(small_training_file, keep_default_na=False)
    frame = frame[frame["outlet"].isin(sorted(frame["outlet"].unique())[:3])]
    model = ParagraphClassifier(context_folds=3)
    assert model.fit(frame, frame["label"], groups=frame["outlet"]) is model
    assert list(model.classes_) == ["consent", "chrome", "body"]
    proba = model.predict_proba(frame)
    assert proba.shape == (len(frame), 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (model.predict(frame) == frame["label"]).mean() > 0.9
    assert clone(model).get_params() == model.get_params()
    assert model.predict([]).shape == (0,)


def test_context_features_follow_page_order_not_row_order():
    frame = pd.DataFrame({"text": ["a", "bb", "ccc", "dddd"], "doc_id": ["d"] * 4, "position": [0, 1, 2, 3]})
    proba = np.array([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6]])
    straight = context_features(frame, proba)
    shuffled_index = [2, 0, 3, 1]
    shuffled = context_features(frame.iloc[shuffled_index].reset_index(drop=True), proba[shuffled_index])
    assert np.allclose(np.nan_to_num(shuffled, nan=-9), np.nan_to_num(straight[shuffled_index], nan=-9))


def test_two_documents_do_not_see_each_other():
    one = pd.DataFrame({"text": ["x", "y"], "doc_id": ["a", "a"], "position": [0, 1]})
    two = pd.DataFrame({"text": ["x", "y", "z"], "doc_id": ["a", "a", "b"], "position": [0, 1, 0]})
    p1 = np.array([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]])
    p2 = np.vstack([p1, [[0.9, 0.05, 0.05]]])
    f1 = context_features(one, p1)
    f2 = context_features(two, p2)
    assert np.allclose(np.nan_to_num(f1, nan=-9), np.nan_to_num(f2[:2], nan=-9))


def test_template_repeats_are_damped_but_file_weights_kept():
    texts = np.array(["Accept all"] * 9 + ["Accept all"] + ["Back"] * 4)
    y = np.array(["consent"] * 9 + ["chrome"] + ["chrome"] * 4, dtype=object)
    weight = np.array([1.0] * 10 + [2.0] * 4)  # "Back" comes from a file weighted 2
    by_count = ParagraphClassifier(repeat_weight="count").distinct_pairs(texts, y, weight)
    damped = ParagraphClassifier(repeat_weight="sqrt").distinct_pairs(texts, y, weight)
    as_dict = {(r.text, r.y): r.w for r in damped.itertuples()}
    assert as_dict[("Accept all", "consent")] == 3.0  # nine repeats weigh three, not nine
    assert as_dict[("Accept all", "chrome")] == 1.0
    assert as_dict[("Back", "chrome")] == 4.0  # the file's weight 2 times sqrt(4)
    assert by_count.set_index(["text", "y"])["w"][("Accept all", "consent")] == 9.0


def test_body_mass_before_is_near_one_once_the_article_has_ended():
    from classifier.context import _body_mass_before

    p_body = np.array([0.0, 0.9, 0.95, 0.9, 0.1, 0.3, 0.2])  # menu, article, then a related list
    share = _body_mass_before(p_body, np.array([0, len(p_body)]))[:, 0]
    assert share[0] == 0.0 and share[1] == 0.0
    assert np.all(np.diff(share) >= 0)
    assert share[4] > 0.8 and share[-1] > 0.9
