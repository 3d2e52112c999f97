"""The catalogue of bad inputs (README, "Bad input"): one case per row, each with its exact behaviour.

A case either works (every paragraph labelled, decoded by the stated policy) or stops with one line
naming the file and the line or column, exit 1, no traceback, and no output file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from .conftest import run_cli


@dataclass
class Case:
    name: str
    make: object  # (folder) -> (input args, extra CLI args)
    error: str | None = None  # expected error line after "boilerplate: error: ", {input} and {out} filled in
    texts: list | None = None  # expected `text` column of the output, in order
    rejects: list | None = None  # expected (line, reason) of the rejects file


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _txt(data: bytes):
    return lambda folder: ([_write(folder, "page.txt", data)], [])


def _truncated_gz(folder):
    whole = gzip.compress(("Breaking news about the harbour.\n" * 2000).encode())
    return [_write(folder, "page.txt.gz", whole[: len(whole) // 2])], []


def _truncated_parquet(folder):
    buffer = io.BytesIO()
    pd.DataFrame({"text": [f"Paragraph {i} of the story." for i in range(500)]}).to_parquet(buffer)
    return [_write(folder, "pages.parquet", buffer.getvalue()[:-300])], []


def _unreadable_folder(folder):
    inputs = folder / "archive"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Fine page.\n", encoding="utf-8")
    bad = inputs / "b.txt"
    if os.geteuid() == 0:  # root reads any mode: a link to nowhere cannot be read either
        bad.symlink_to(folder / "gone.txt")
    else:
        bad.write_text("Secret.\n", encoding="utf-8")
        bad.chmod(0)
    return [inputs], []


def _jsonl_mixed(folder):
    rows = [{"text": "A real paragraph of the story."}, {"text": None}, {"text": 42}, {"text": 3.5}]
    data = "\n".join(json.dumps(r) for r in rows) + "\n"
    return [_write(folder, "in.jsonl", data.encode())], []


CASES = [
    Case("invalid UTF-8 stops at its line", _txt("first line\nsecond line\nthird \xe9t\xe9\n".encode("latin-1")),
         error="{input}: line 3: not valid UTF-8 (byte 29)"),
    Case("invalid UTF-8 rejected by policy",
         lambda f: ([_write(f, "page.txt", "first line\nthird \xe9t\xe9\nlast line\n".encode("latin-1"))],
                    ["--on-bad-record", "reject"]),
         texts=["first line", "last line"], rejects=[(2, "not valid UTF-8 (byte 17)")]),
    Case("Latin-1 with --encoding latin-1",
         lambda f: ([_write(f, "page.txt", "Un été à Paris.\n".encode("latin-1"))], ["--encoding", "latin-1"]),
         texts=["Un été à Paris."]),
    Case("UTF-16 with BOM", _txt("Première ligne.\nZweite Zeile.\n".encode("utf-16")),
         texts=["Première ligne.", "Zweite Zeile."]),
    Case("UTF-8 BOM is dropped", _txt("\ufeffFirst line.\nSecond line.\n".encode()),
         texts=["First line.", "Second line."]),
    Case("CRLF line ends", _txt(b"One.\r\nTwo.\r\n"), texts=["One.", "Two."]),
    Case("lone CR line ends", _txt(b"One.\rTwo.\rThree."), texts=["One.", "Two.", "Three."]),
    Case("NUL bytes are kept", _txt(b"Nul\x00byte here.\nNext.\n"), texts=["Nul\x00byte here.", "Next."]),
    Case("a 10 MB line", _txt(b"word " * 2_000_000 + b"\nShort line.\n"),
         texts=[("word " * 2_000_000).strip(), "Short line."]),
    Case("a 100 MB line", _txt(b"x" * 100_000_000 + b"\n"), texts=["x" * 100_000_000]),
    Case("an empty file", _txt(b""), texts=[]),
    Case("a file of blank lines", _txt(b"\n\n  \n\t\n"), texts=[]),
    Case("a truncated .gz", _truncated_gz,
         error="{input}: damaged or truncated compressed data (Compressed file ended before the end-of-stream "
               "marker was reached)"),
    Case("a truncated Parquet file", _truncated_parquet,
         error="{input}: unreadable Parquet (Parquet magic bytes not found in footer. Either the file is corrupted "
               "or this is not a parquet file.)"),
    Case("JSON Lines with one malformed line",
         lambda f: ([_write(f, "in.jsonl", b'{"text": "fine"}\n{"text": broken}\n{"text": "also fine"}\n')], []),
         error="{input}: line 2: malformed JSON (Expecting value)"),
    Case("JSON Lines malformed line rejected by policy",
         lambda f: ([_write(f, "in.jsonl", b'{"text": "fine"}\n{"text": broken}\n{"text": "also fine"}\n')],
                    ["--on-bad-record", "reject"]),
         texts=["fine", "also fine"], rejects=[(2, "malformed JSON (Expecting value)")]),
    Case("CSV with an unbalanced quote",
         lambda f: ([_write(f, "in.csv", b'text,id\nfine,1\n"never closed,2\nmore,3\n')], []),
         error="{input}: line 3: malformed CSV (unexpected end of data)"),
    Case("CSV row with too many fields rejected by policy",
         lambda f: ([_write(f, "in.csv", b"text,id\nfine,1\nbad,2,extra\nok,3\n")], ["--on-bad-record", "reject"]),
         texts=["fine", "ok"], rejects=[(3, "3 fields where the header has 2")]),
    Case("CSV without the text column", lambda f: ([_write(f, "in.csv", b"body,id\nHello,1\n")], []),
         error="{input}: no 'text' column (columns: body, id); choose one with --text-column"),
    Case("text column with nulls and numbers", _jsonl_mixed,
         texts=["A real paragraph of the story.", None, "42", "3.5"]),  # mixed types are written as text
    Case("duplicate column names", lambda f: ([_write(f, "in.csv", b"text,text\na,b\n")], []),
         error="{input}: duplicate column name(s) 'text'"),
    Case("a folder with an unreadable file", _unreadable_folder,
         error="{input}/b.txt: cannot read ({reason})"),
    Case("a path that does not exist", lambda f: ([f / "nowhere.txt"], []),
         error="{input}: no such file or directory"),
    Case("an output folder that does not exist",
         lambda f: ([_write(f, "p.txt", b"Hello.\n")], ["--output", f / "missing" / "out.csv"]),
         error="{out}: output folder {out_folder} does not exist"),
    Case("an input that is also the output",
         lambda f: ([_write(f, "in.csv", b"text\nHello\n")], ["--output", f / "in.csv", "--force"]),
         error="{input}: the output is also an input; choose another output file"),
    Case("an existing output without --force",
         lambda f: ([_write(f, "p.txt", b"Hello.\n")], ["--output", _write(f, "taken.csv", b"keep me\n")]),
         error="{out}: already exists; pass --force to overwrite it"),
]


def _option(args: list, name: str):
    return Path(args[args.index(name) + 1]) if name in args else None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(case: Case, tmp_path, small_model):
    folder = tmp_path / "in"
    folder.mkdir()
    inputs, extra = case.make(folder)
    extra = [str(a) for a in extra]
    out = _option(extra, "--output")
    if out is None:
        out = tmp_path / "out.parquet"
        extra += ["--output", str(out)]
    before = out.read_bytes() if out.exists() else None
    result = run_cli("label", *inputs, *extra, "--model", small_model, "--quiet")
    assert "Traceback" not in result.stderr
    if case.error is not None:
        reason = "No such file or directory" if os.geteuid() == 0 else "Permission denied"
        expected = case.error.format(input=inputs[0], out=out, out_folder=out.parent, reason=reason)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip().splitlines() == [f"boilerplate: error: {expected}"]
        assert (out.read_bytes() if out.exists() else None) == before  # nothing written or half-written
        assert not list(out.parent.glob(f".{out.name}*")) if out.parent.exists() else True
        return
    assert result.returncode == 0, result.stderr
    labelled = pd.read_parquet(out)
    got = [None if v is None or v != v else v for v in labelled["text"].tolist()]  # NaN -> None
    assert got == case.texts
    assert labelled["label"].isin(["consent", "chrome", "body"]).all()
    rejects_file = out.with_name(out.name + ".rejects.jsonl")
    if case.rejects is None:
        assert not rejects_file.exists()
    else:
        rows = [json.loads(line) for line in rejects_file.read_text(encoding="utf-8").splitlines()]
        assert [(r["line"], r["reason"]) for r in rows] == case.rejects
        assert all(r["file"] == str(inputs[0]) for r in rows)


def test_read_only_output_folder(tmp_path, small_model):
    page = tmp_path / "p.txt"
    page.write_text("Hello.\n", encoding="utf-8")
    if os.geteuid() == 0:  # root writes anywhere its mode says no: use a read-only file system
        folder = Path("/sys")
        if os.access(folder / "x", os.F_OK):
            pytest.skip("no read-only folder to try")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    out = folder / "out.csv"
    result = run_cli("label", page, "--model", small_model, "--output", out)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.startswith(f"boilerplate: error: {out}: output folder {folder} is not writable (")
    assert not out.exists()


def test_csv_output_is_spreadsheet_safe_and_reversible(tmp_path, small_model):
    page = tmp_path / "p.txt"
    lines = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+49 30 1234", "-5 degrees", "@mention", "'quoted",
             "Plain line."]  # fmt: skip
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run_cli("label", page, "--model", small_model, "--output", out).returncode == 0
    cells = pd.read_csv(out, keep_default_na=False)["text"].tolist()
    assert cells == ["'" + line for line in lines[:5]] + ["Plain line."]
    from classifier.writers import unescape_cell

    assert [unescape_cell(c) for c in cells] == lines
