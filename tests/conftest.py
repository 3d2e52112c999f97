"""Shared fixtures: a small model trained on part of our dataset, and helpers to run the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_PAGE = SHARED / "examples" / "seed.txt"
DATASET = REPO / "datasets" / "pages.csv"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `boilerplate` as a user would (a fresh process), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "classifier", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=600,
    )


@pytest.fixture(scope="session", autouse=True)
def isolated_trust_list(tmp_path_factory):
    """Models trained by the tests are trusted through a trust list of the test session's own."""
    import os

    previous = os.environ.get("BOILERPLATE_TRUST_FILE")
    os.environ["BOILERPLATE_TRUST_FILE"] = str(tmp_path_factory.mktemp("trust") / "trusted-models.json")
    yield
    if previous is None:
        os.environ.pop("BOILERPLATE_TRUST_FILE", None)
    else:
        os.environ["BOILERPLATE_TRUST_FILE"] = previous


@pytest.fixture(scope="session")
def small_training_file(tmp_path_factory) -> Path:
    """Three languages of our dataset: enough to learn the three labels in a few seconds."""
    frame = pd.read_csv(DATASET, keep_default_na=False)
    frame = frame[frame["lang"].isin(["en", "de", "fr"])]
    path = tmp_path_factory.mktemp("data") / "small.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def small_model(tmp_path_factory, small_training_file) -> Path:
    from training.fit import train

    path = tmp_path_factory.mktemp("model") / "small.joblib"
    train([str(small_training_file)], model_out=path, seed=0, cv_folds=0)
    return path


@pytest.fixture
def seed_page() -> Path:
    if not SEED_PAGE.is_file():
        pytest.skip("../shared/examples/seed.txt is not beside the checkout")
    return SEED_PAGE
