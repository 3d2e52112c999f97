"""Reading paragraphs from .txt, .csv, .jsonl, .parquet files or stdin into one frame.

Every input row becomes exactly one paragraph; a problem is reported as one line naming the file
and, where it can be known, the line or column.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError

TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
TEXT_SUFFIXES = (".txt",)
STDIN = "-"


def _decode_utf8(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}: line {line}: not valid UTF-8 (byte {exc.start})") from None


def paragraphs_from_text(text: str, doc_id: str) -> pd.DataFrame:
    """One document: one paragraph per non-empty line, positions counted over kept lines."""
    lines = [ln.strip() for ln in text.splitlines()]
    kept = [ln for ln in lines if ln]
    return pd.DataFrame({"doc_id": doc_id, "position": range(len(kept)), "text": kept})


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _read_csv(path: str, data: bytes) -> pd.DataFrame:
    text = _decode_utf8(path, data)
    header = next(csv.reader(io.StringIO(text)), [])
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate column name(s) {', '.join(map(repr, duplicates))}")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: empty file, no header row") from None
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise InputError(f"{path}: malformed CSV ({str(exc).strip().splitlines()[-1]})") from None


def _read_jsonl(path: str, data: bytes) -> pd.DataFrame:
    text = _decode_utf8(path, data)
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {number}: malformed JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}: line {number}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return pd.DataFrame(rows)


def _read_parquet(path: str, data: bytes) -> pd.DataFrame:
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: unreadable Parquet ({str(exc).splitlines()[0]})") from None
    names = table.column_names
    duplicates = sorted({c for c in names if names.count(c) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate column name(s) {', '.join(map(repr, duplicates))}")
    return table.to_pandas()


def read_table(path: str) -> pd.DataFrame:
    """A tabular input file as a frame, columns unchanged."""
    suffix = Path(path).suffix.lower()
    data = _read_bytes(path)
    if suffix == ".csv":
        return _read_csv(path, data)
    if suffix == ".jsonl":
        return _read_jsonl(path, data)
    if suffix == ".parquet":
        return _read_parquet(path, data)
    raise InputError(f"{path}: unsupported input type '{suffix}' (use .txt, .csv, .jsonl, .parquet or -)")


def read_paragraphs(path: str, text_column: str = "text") -> pd.DataFrame:
    """Paragraphs of one input: a .txt file or stdin is one document; tables keep their columns."""
    suffix = Path(path).suffix.lower()
    if path == STDIN or suffix in TEXT_SUFFIXES:
        doc_id = "stdin" if path == STDIN else path
        return paragraphs_from_text(_decode_utf8(path, _read_bytes(path)), doc_id)
    frame = read_table(path)
    if text_column not in frame.columns:
        shown = ", ".join(map(str, frame.columns[:12])) or "none"
        raise InputError(f"{path}: no '{text_column}' column (columns: {shown}); choose one with --text-column")
    return frame
