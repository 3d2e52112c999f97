"""`boilerplate label`: every input format in, every output format out, one row per paragraph."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from classifier.labels import LABELS, PROBA_COLUMNS

from .conftest import run_cli

PAGE = [
    "We use cookies to measure traffic and show you personalised ads. Accept all or manage your choices.",
    "Accept all",
    "Home",
    "Politics",
    "Council approves budget after marathon session",
    "The city council approved the new budget on Tuesday after a long debate about school funding and roads.",
    "Share",
    "The mayor said the plan would cut waiting times at public clinics by a third within two years.",
    "Opposition members argued that the spending on roads came at the expense of libraries and parks.",
    "A final vote on the transport levy is expected before the end of the month, officials said.",
    "© 2025 Example Daily. All rights reserved.",
]


def test_shipped_model_labels_the_seed_page_from_another_directory(tmp_path, seed_page):
    out = tmp_path / "out.csv"
    result = run_cli("label", seed_page, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out, keep_default_na=False)
    assert len(frame) == 38
    assert list(frame.columns) == ["doc_id", "position", "text", "label", *PROBA_COLUMNS]
    assert list(frame["position"]) == list(range(38))
    assert (frame["label"].iloc[:6] == "consent").all()
    assert frame.loc[frame["text"] == "Text size:", "label"].item() == "chrome"
    article = frame.iloc[6:]
    article = article[article["text"] != "Text size:"]
    assert len(article) == 31
    assert (article["label"] == "body").sum() >= 29
    assert frame[list(PROBA_COLUMNS)].sum(axis=1).round(3).eq(1.0).all()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_inputs_keep_every_column_and_row_order(tmp_path, small_model, suffix):
    frame = pd.DataFrame(
        {"doc_id": ["a"] * len(PAGE), "position": range(len(PAGE)), "text": PAGE, "source": "x", "n": 7}
    )
    path = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path, index=False)
    out = tmp_path / "out.jsonl"
    result = run_cli("label", path, "--model", small_model, "--output", out)
    assert result.returncode == 0, result.stderr
    labelled = pd.read_json(out, lines=True, dtype=False)
    assert list(labelled.columns) == ["doc_id", "position", "text", "source", "n", "label", *PROBA_COLUMNS]
    assert labelled["text"].tolist() == PAGE
    assert labelled["source"].tolist() == ["x"] * len(PAGE)
    assert set(labelled["label"]) <= set(LABELS)


def test_text_column_option_and_missing_column(tmp_path, small_model):
    path = tmp_path / "in.csv"
    pd.DataFrame({"paragraph": PAGE}).to_csv(path, index=False)
    ok = run_cli("label", path, "--model", small_model, "--text-column", "paragraph", "--output", tmp_path / "o.csv")
    assert ok.returncode == 0, ok.stderr
    assert len(pd.read_csv(tmp_path / "o.csv")) == len(PAGE)
    bad = run_cli("label", path, "--model", small_model, "--output", tmp_path / "p.csv")
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        f"boilerplate: error: {path}: no 'text' column (columns: paragraph); choose one with --text-column"
    )
    assert not (tmp_path / "p.csv").exists()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_output_formats_round_trip(tmp_path, small_model, suffix):
    page = tmp_path / "page.txt"
    page.write_text("\n".join(PAGE) + "\n\n\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = run_cli("label", page, "--model", small_model, "--output", out)
    assert result.returncode == 0, result.stderr
    reader = {
        ".csv": pd.read_csv,
        ".jsonl": lambda p: pd.read_json(p, lines=True),
        ".parquet": pd.read_parquet,
    }
    frame = reader[suffix](out)
    assert len(frame) == len(PAGE)
    assert frame["doc_id"].astype(str).eq(str(page)).all()
    assert frame["text"].tolist() == PAGE


def test_txt_output_is_the_body_text_of_each_document(tmp_path, small_model):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\n".join(PAGE), encoding="utf-8")
    b.write_text("\n".join(PAGE[2:]), encoding="utf-8")
    out = tmp_path / "clean.txt"
    loose = ("--body-threshold", "0.05")  # this is about the format: keep every line the model half-believes
    result = run_cli("label", a, b, "--model", small_model, "--output", out, *loose)
    assert result.returncode == 0, result.stderr
    stdout = run_cli("label", a, b, "--model", small_model, *loose).stdout
    labelled = pd.read_json(io.StringIO(stdout), lines=True)
    body = labelled[labelled["label"] == "body"]
    assert body["doc_id"].nunique() == 2
    expected = "\n\n".join("\n".join(group["text"]) for _, group in body.groupby("doc_id", sort=False))
    assert out.read_text(encoding="utf-8") == expected + "\n"
    assert "Accept all" not in out.read_text(encoding="utf-8").splitlines()


def test_stdin_to_stdout_jsonl(small_model):
    result = run_cli("label", "-", "--model", small_model, stdin="\n".join(PAGE) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == PAGE
    assert [r["position"] for r in rows] == list(range(len(PAGE)))
    assert {r["doc_id"] for r in rows} == {"stdin"}
