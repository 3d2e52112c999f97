"""Bad input: one clear line naming the file (and line or column), exit 1, no traceback, no output."""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import run_cli


def _assert_one_line_failure(result, expected: str, output=None):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"boilerplate: error: {expected}"]
    if output is not None:
        assert not output.exists()
        assert not list(output.parent.glob(f".{output.name}*"))


def test_missing_input_file(tmp_path, small_model):
    out = tmp_path / "out.csv"
    missing = tmp_path / "nope.txt"
    result = run_cli("label", missing, "--model", small_model, "--output", out)
    _assert_one_line_failure(result, f"{missing}: no such file or directory", out)


def test_invalid_utf8_names_the_line(tmp_path, small_model):
    page = tmp_path / "page.txt"
    page.write_bytes("first line\nsecond line\nthird \xe9t\xe9\n".encode("latin-1"))
    out = tmp_path / "out.csv"
    result = run_cli("label", page, "--model", small_model, "--output", out)
    _assert_one_line_failure(result, f"{page}: line 3: not valid UTF-8 (byte 29)", out)


def test_malformed_jsonl_names_the_line(tmp_path, small_model):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "fine"}\n{"text": broken}\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run_cli("label", path, "--model", small_model, "--output", out)
    _assert_one_line_failure(result, f"{path}: line 2: malformed JSON (Expecting value)", out)


def test_csv_without_text_column(tmp_path, small_model):
    path = tmp_path / "in.csv"
    pd.DataFrame({"body": ["a"], "id": [1]}).to_csv(path, index=False)
    out = tmp_path / "out.csv"
    result = run_cli("label", path, "--model", small_model, "--output", out)
    _assert_one_line_failure(
        result, f"{path}: no 'text' column (columns: body, id); choose one with --text-column", out
    )


def test_unsupported_input_type(tmp_path, small_model):
    path = tmp_path / "page.docx"
    path.write_bytes(b"PK\x03\x04")
    result = run_cli("label", path, "--model", small_model)
    _assert_one_line_failure(
        result,
        f"{path}: unsupported input type (use directories, globs, .txt .csv .jsonl .parquet .html .htm .warc "
        "(optionally .gz or .zst), or -)",
    )


def test_training_file_with_unknown_label(tmp_path):
    path = tmp_path / "train.csv"
    pd.DataFrame({"text": ["a b", "c d", "e f"], "label": ["body", "chrome", "advert"]}).to_csv(path, index=False)
    out = tmp_path / "m.joblib"
    result = run_cli("train", path, "--model-out", out)
    _assert_one_line_failure(
        result, f"{path}: line 4: unknown label 'advert' (expected one of consent, chrome, body)", out
    )


def test_training_file_with_one_class(tmp_path):
    path = tmp_path / "train.jsonl"
    pd.DataFrame({"text": ["a b", "c d"], "label": ["body", "body"]}).to_json(path, orient="records", lines=True)
    out = tmp_path / "m.joblib"
    result = run_cli("train", path, "--model-out", out)
    _assert_one_line_failure(result, f"{path}: only one label (body); training needs at least two", out)


def test_training_file_without_label_column(tmp_path):
    path = tmp_path / "train.csv"
    pd.DataFrame({"text": ["a"]}).to_csv(path, index=False)
    result = run_cli("train", path, "--model-out", tmp_path / "m.joblib")
    _assert_one_line_failure(result, f"{path}: no 'label' column (columns: text)")


@pytest.mark.parametrize("content", [b"", b"\x80\x81 not a model", b"\x80\x04K\x07."])
def test_a_file_that_is_not_our_model(tmp_path, content):
    fake = tmp_path / "fake.joblib"
    fake.write_bytes(content)
    page = tmp_path / "p.txt"
    page.write_text("Hello\n", encoding="utf-8")
    result = run_cli("label", page, "--model", fake, "--trust-model")
    assert result.returncode == 1
    assert result.stderr.startswith(f"boilerplate: error: {fake}: not a boilerplate model file")
    assert len(result.stderr.strip().splitlines()) == 1


def test_output_folder_that_does_not_exist(tmp_path, small_model):
    page = tmp_path / "p.txt"
    page.write_text("Hello\n", encoding="utf-8")
    out = tmp_path / "missing" / "out.csv"
    result = run_cli("label", page, "--model", small_model, "--output", out)
    _assert_one_line_failure(result, f"{out}: output folder {out.parent} does not exist")
