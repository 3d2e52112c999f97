"""Our dataset: the check passes, it is rebuilt identically from its sources, and it is our own."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from training.dataset_builder import build_dataset
from training.dataset_check import MINIMUM_DISTINCT, REQUIRED_LANGS, check_dataset, dataset_source_dir
from training.near_duplicates import near_duplicates

from .conftest import DATASET, SHARED, run_cli


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))["consent"]


@pytest.fixture(scope="module")
def dataset() -> pd.DataFrame:
    return pd.read_csv(DATASET, keep_default_na=False)


def test_dataset_check_passes_with_the_counts_for_every_language(dataset):
    result = check_dataset(dataset)
    assert result.problems == []
    for lang in REQUIRED_LANGS:
        for label, needed in MINIMUM_DISTINCT.items():
            assert result.counts.loc[lang, label] >= needed
        assert result.counts.loc[lang, "pages"] >= 8
    assert dataset["outlet"].nunique() >= 60


def test_committed_dataset_is_exactly_what_the_builder_makes(dataset):
    rebuilt = build_dataset(dataset_source_dir(), seed=0)
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), dataset, check_dtype=False)


def test_pages_are_furniture_heavy_like_real_ones(dataset):
    sizes = dataset.groupby("doc_id").size()
    assert sizes.median() >= 100
    # Of the lines that are not consent (which we show more of than real pages do, in many languages),
    # most are furniture, as on real pages (70-85 % chrome).
    rest = dataset[dataset["label"] != "consent"]
    chrome_share = (rest["label"] == "chrome").mean()
    assert 0.70 <= chrome_share <= 0.90


def test_check_catches_broken_data(dataset):
    broken = dataset.copy()
    broken.loc[5, "label"] = "advert"
    broken.loc[7, "position"] = 99
    broken = broken[broken["lang"] != "mt"]
    problems = " | ".join(check_dataset(broken).problems)
    assert "unknown label(s): advert" in problems
    assert "positions are not" in problems
    assert "language mt: missing" in problems


def test_no_paragraph_of_30_chars_is_shared_with_the_evaluation_data(dataset):
    files = [SHARED / "data" / f for f in ("dev_pages.csv", "consent_dev.csv", "chrome_dev.csv")]
    if not all(f.is_file() for f in files):
        pytest.skip("../shared/data is not beside the checkout")
    others = [pd.read_csv(f, keep_default_na=False) for f in files]
    result = check_dataset(dataset, against=others)
    assert result.summary["overlap_with_reference"] == 0
    assert result.summary["near_duplicates_of_reference"] == 0, result.near[:5]


def test_near_duplicates_catch_a_changed_number_or_capital_but_not_a_different_sentence():
    reference = ["Your preferences are kept for twelve months on this device.", "Share this story with a friend"]
    ours = [
        "Your preferences are kept for eleven months on this device.",  # one word changed
        "SHARE THIS STORY WITH A FRIEND",  # only the case changed
        "We keep what you chose only until you close the browser window.",  # another sentence
        "Short line",  # below the length floor
    ]
    found = dict(near_duplicates(ours, reference, min_chars=20))
    assert set(found) == {ours[0], ours[1]}
    assert found[ours[1]] > 0.99


def test_furniture_pools_are_split_between_outlets_so_outlet_folds_stay_honest(dataset):
    pooled = dataset[dataset["kind"].isin(["teaser", "comment", "ui", "misc"])]
    multi = pooled.groupby("lang")["outlet"].transform("nunique") > 1
    outlets_per_text = pooled[multi].groupby(["lang", "text"])["outlet"].nunique()
    # Shared: only strings written twice into a language's pools (the same button in two files).
    assert (outlets_per_text > 1).mean() < 0.05


def test_consent_only_languages_appear_as_guest_notices(dataset):
    source = dataset_source_dir() / "consent_only"
    guests = {p.stem for p in source.glob("*.json") if "_" not in p.stem} - set(dataset["lang"])
    assert {"so", "lb", "eo", "se"} <= guests
    consent = set(dataset.loc[dataset["label"] == "consent", "text"])
    for lang in guests:
        texts = [t for key in ("banner", "tcf", "purposes", "buttons") for t in _json(source / f"{lang}.json")[key]]
        assert sum(t in consent for t in texts) >= 10, lang


def test_tables_of_contents_repeat_the_subheadings_that_follow_as_body(dataset):
    toc = dataset[dataset["kind"] == "toc"]
    assert toc["doc_id"].nunique() >= 20
    numbered = toc["text"].str.match(r"\d+\. ")
    assert 0.2 < numbered.mean() < 0.8  # some tables number their entries, some do not
    for doc_id, rows in list(toc.groupby("doc_id"))[:20]:
        page = dataset[dataset["doc_id"] == doc_id]
        later_body = set(page.loc[(page["label"] == "body") & (page["position"] > rows["position"].max()), "text"])
        unnumbered = rows["text"].str.replace(r"^\d+\. ", "", regex=True)
        assert all(t in later_body or u in later_body for t, u in zip(rows["text"], unnumbered, strict=True))


def test_other_stories_are_never_repeated_on_a_page(dataset):
    """Real teaser lists, streams and tickers show each story once: a repeat must not give furniture away."""
    listed = dataset[dataset["kind"].isin(["teaser", "teaser_dek", "stream", "ticker"])]
    listed = listed[listed["text"].str.len() >= 20]  # not the numbers and times between them
    story = listed["text"].str.replace(r"^(\d+\. |\d\d:\d\d )", "", regex=True)
    per_page = story.groupby(listed["doc_id"]).agg(["size", "nunique"])
    assert (per_page["size"] == per_page["nunique"]).all()
    # ... and they are real stories: other outlets' headlines and leads, body on their own pages.
    body = set(dataset.loc[dataset["label"] == "body", "text"])
    assert story.isin(body).mean() > 0.3


def test_news_like_furniture_after_the_article(dataset):
    """Tickers, numbered most-read lists and comment threads: prose-like lines that are chrome."""
    news_like = dataset["kind"].isin(["ticker", "comment", "comment_head", "markup"])
    assert (dataset.loc[news_like, "label"] == "chrome").all()
    assert dataset.loc[dataset["kind"] == "ticker", "doc_id"].nunique() >= 50
    assert dataset.loc[dataset["kind"] == "teaser", "text"].str.match(r"\d+\. ").sum() >= 200
    threads = dataset[dataset["kind"] == "comment"].groupby("doc_id").size()
    assert threads.max() >= 10
    # Weather, markets and scores boxes fall apart into short data lines, as charts in articles do.
    widgets = dataset[dataset["kind"] == "data_widget"]
    assert (widgets["label"] == "chrome").all() and widgets["lang"].nunique() >= 40
    assert widgets["text"].str.len().median() < 20


def test_long_reads_run_on_past_a_short_articles_end(dataset):
    body = dataset[dataset["label"] == "body"]
    headlines = set(body.loc[body["kind"] == "headline", "text"])
    continued = body[(body["kind"] == "sub") & body["text"].isin(headlines)]["doc_id"].nunique()
    assert continued >= 0.1 * dataset["doc_id"].nunique()
    assert body.groupby("doc_id").size().max() >= 50


def test_markup_left_by_some_templates_is_chrome(dataset):
    markup = dataset[dataset["kind"] == "markup"]
    assert markup["text"].str.startswith("<").all()
    outlets = markup["outlet"].nunique()
    assert 10 <= outlets < dataset["outlet"].nunique()  # some templates leave markup, most do not


def test_dataset_check_command(tmp_path, dataset):
    ok = run_cli("dataset", "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "dataset check passed" in ok.stdout
    bad = tmp_path / "bad.csv"
    dataset[dataset["lang"] != "ga"].to_csv(bad, index=False)
    failed = run_cli("dataset", "check", bad)
    assert failed.returncode == 1
    assert "problem: language ga: missing" in failed.stdout
