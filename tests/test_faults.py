"""Fault injection: kills at random moments, and a disk that fills up, never leave a corrupt output."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from .conftest import DATASET, run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    frame = pd.read_csv(DATASET, keep_default_na=False)
    docs = frame["doc_id"].drop_duplicates().iloc[::5].head(80)
    pages = frame[frame["doc_id"].isin(docs)][["doc_id", "position", "text"]]
    path = tmp_path_factory.mktemp("faults") / "archive.parquet"
    pd.concat([pages.assign(doc_id=pages["doc_id"] + f"-{k}") for k in range(3)]).to_parquet(path, index=False)
    return path


def _command(archive, model, out, *extra):
    return [sys.executable, "-m", "classifier", "label", str(archive), "--model", str(model), "--output", str(out),
            "--chunk-rows", "500", "--quiet", *map(str, extra)]  # fmt: skip


def test_sigkill_at_random_moments_then_resume(tmp_path, archive, small_model):
    reference = tmp_path / "reference.parquet"
    assert subprocess.run(_command(archive, small_model, reference, "--jobs", 1)).returncode == 0
    out = tmp_path / "out.parquet"
    rng = random.Random(7)
    kills = 0
    for attempt in range(12):
        extra = ["--jobs", 2] + (["--resume"] if attempt else [])
        process = subprocess.Popen(_command(archive, small_model, out, *extra), start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        time.sleep(rng.uniform(0.5, 4.0))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, no warning
            process.wait()
            kills += 1
        else:
            assert process.returncode == 0, process.stderr.read()
        # whatever the moment: no output at all, or the complete one
        assert not out.exists() or out.read_bytes() == reference.read_bytes()
        if out.exists():
            break
    if not out.exists():
        assert subprocess.run(_command(archive, small_model, out, "--jobs", 2, "--resume")).returncode == 0
    assert kills >= 1
    assert out.read_bytes() == reference.read_bytes()


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_gives_one_clear_line_and_no_output(tmp_path, archive, small_model):
    out = tmp_path / "out.csv"
    result = subprocess.run(_command(archive, small_model, out, "--jobs", 1), preexec_fn=_limit_file_size,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("boilerplate: error: ")
    assert lines[0].endswith(": writing failed (File too large)")
    assert not out.exists()
    assert not list(tmp_path.glob(".out.csv*"))  # no temp file, no work folder left behind


def test_existing_output_is_kept_unless_forced(tmp_path, small_model):
    page = tmp_path / "p.txt"
    page.write_text("Hello.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("precious\n", encoding="utf-8")
    assert run_cli("label", page, "--model", small_model, "--output", out).returncode == 1
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert run_cli("label", page, "--model", small_model, "--output", out, "--force").returncode == 0
    assert pd.read_csv(out)["text"].tolist() == ["Hello."]
