"""Our dataset: the check passes, it is rebuilt identically from its sources, and it is our own."""

from __future__ import annotations

import pandas as pd
import pytest

from training.dataset_builder import build_dataset
from training.dataset_check import MINIMUM_DISTINCT, REQUIRED_LANGS, check_dataset, dataset_source_dir

from .conftest import DATASET, SHARED, run_cli


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
    chrome_share = (dataset["label"] == "chrome").mean()
    assert 0.70 <= chrome_share <= 0.85


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


def test_dataset_check_command(tmp_path, dataset):
    ok = run_cli("dataset", "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "dataset check passed" in ok.stdout
    bad = tmp_path / "bad.csv"
    dataset[dataset["lang"] != "ga"].to_csv(bad, index=False)
    failed = run_cli("dataset", "check", bad)
    assert failed.returncode == 1
    assert "problem: language ga: missing" in failed.stdout
