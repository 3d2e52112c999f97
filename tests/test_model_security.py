"""Model files cannot run code: untrusted .joblib files are refused unread, .skops files are checked."""

from __future__ import annotations

import os
import pickle

import pytest

from .conftest import run_cli


class _Payload:
    """Unpickling this runs a shell command: the classic malicious pickle."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("We use cookies to measure our audience.\nHome\nThe council met on Monday.\n", encoding="utf-8")
    return path


def test_a_malicious_joblib_file_is_refused_without_running_its_payload(tmp_path, page):
    marker = tmp_path / "pwned"
    evil = tmp_path / "shared-by-a-colleague.joblib"
    evil.write_bytes(pickle.dumps({"format": "boilerplate-classifier/model", "model": _Payload(marker)}))
    for command in (["label", page, "--model", evil], ["evaluate", page, "--model", evil]):
        result = run_cli(*command)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"boilerplate: error: {evil}: refused: a .joblib model can run code when loaded")
        assert "--trust-model" in lines[0]
    assert not marker.exists()


def test_models_trained_here_are_trusted_and_others_need_trust_model(tmp_path, small_model, page, monkeypatch):
    from classifier.model_file import load_model, save_model

    assert run_cli("label", page, "--model", small_model).returncode == 0  # trained by this installation
    loaded = load_model(small_model)
    monkeypatch.setenv("BOILERPLATE_TRUST_FILE", str(tmp_path / "someone-elses-trust-list.json"))
    elsewhere = tmp_path / "from-elsewhere.joblib"
    save_model(loaded.estimator, elsewhere, loaded.card)  # trusted on "their" machine, not on ours
    monkeypatch.undo()
    result = run_cli("label", page, "--model", elsewhere)
    assert result.returncode == 1 and "refused" in result.stderr
    assert run_cli("label", page, "--model", elsewhere, "--trust-model", "--quiet").returncode == 0


def test_skops_round_trip_gives_the_same_labels(tmp_path, small_model, page):
    from classifier.model_file import load_model, save_model

    loaded = load_model(small_model)
    shared = tmp_path / "model.skops"
    save_model(loaded.estimator, shared, loaded.card)
    again = load_model(shared)  # no trust needed: the format cannot carry code
    texts = page.read_text(encoding="utf-8").splitlines()
    assert (again.predict_proba(texts) == loaded.predict_proba(texts)).all()
    out_a, out_b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run_cli("label", page, "--model", shared, "--output", out_a).returncode == 0
    assert run_cli("label", page, "--model", small_model, "--output", out_b).returncode == 0
    assert out_a.read_bytes() == out_b.read_bytes()


class Gadget:
    """A type no boilerplate model contains."""

    def __init__(self):
        self.command = "rm -rf /"


def test_a_skops_file_with_foreign_types_is_refused(tmp_path, page):
    import skops.io

    evil = tmp_path / "evil.skops"
    skops.io.dump({"format": "boilerplate-classifier/model", "model": Gadget()}, evil)
    result = run_cli("label", page, "--model", evil)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"boilerplate: error: {evil}: refused: the file holds types a boilerplate model never has "
        "(tests.test_model_security.Gadget)"
    )
