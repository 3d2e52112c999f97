"""Reading inputs as a stream of blocks of paragraphs, with nothing lost.

Every input paragraph becomes exactly one row. A record that cannot be read (a line that is not valid in
the file's encoding, a malformed JSON line, a CSV row with the wrong number of fields) is a *bad record*:
it either stops the run with one line naming the file and line (policy `stop`), or is handed on as a
`Reject` for the rejects file (policy `reject`); it is never skipped silently.

Decoding policy: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise the `encoding` asked for
(UTF-8 by default), line by line, strictly: `--encoding latin-1` reads any bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError
from .html_text import html_paragraphs
from .sources import STDIN, Source, describe, open_binary, raw_position

BLOCK_ROWS = 20_000
POLICIES = ("stop", "reject")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # fmt: skip
csv.field_size_limit(sys.maxsize)


@dataclass
class Reject:
    """A record that could not be read: where it is, why, and its raw text (cut to 1,000 characters)."""

    path: str
    line: int | None
    reason: str
    record: str

    def as_row(self) -> dict:
        return {"file": self.path, "line": self.line, "reason": self.reason, "record": self.record[:1000]}


@dataclass
class Block:
    """Consecutive rows of one file: input columns, each row's document number, progress, rejects."""

    frame: pd.DataFrame
    docs: np.ndarray
    position: int = 0
    rejects: list[Reject] = field(default_factory=list)


class _Reader:
    """Shared state of reading one file: its policy and the rejects found so far."""

    def __init__(self, source: Source, policy: str, encoding: str):
        self.source = source
        self.path = source.path
        self.policy = policy
        self.encoding = encoding
        self.rejects: list[Reject] = []

    def bad(self, line: int | None, reason: str, record: str = "") -> None:
        where = f"line {line}: " if line is not None else ""
        if self.policy == "stop":
            raise InputError(f"{self.path}: {where}{reason}")
        self.rejects.append(Reject(self.path, line, reason, record))

    def take_rejects(self) -> list[Reject]:
        out, self.rejects = self.rejects, []
        return out


def _physical_lines(stream) -> Iterator[bytes]:
    """Lines of a binary stream, each without its terminator; \\n, \\r\\n and a lone \\r all end a line."""
    rest = b""
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        data = rest + chunk
        lines = data.splitlines(keepends=True)
        rest = lines.pop() if lines and not lines[-1].endswith((b"\n", b"\r")) else b""
        if lines and lines[-1].endswith(b"\r"):  # a \r\n may straddle two reads
            rest = lines.pop() + rest
        for line in lines:
            yield line.rstrip(b"\r\n")
    if rest:
        for line in rest.splitlines():
            yield line


def _decoded_lines(reader: _Reader, stream) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each physical line; text None for a line that is a rejected bad record."""
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    head = buffered.peek(4)[:4]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if codec != "utf-8":
                text = io.TextIOWrapper(buffered, encoding=codec, errors="replace", newline=None)
                for number, line in enumerate(text, start=1):
                    yield number, line.rstrip("\n")
                return
            buffered.read(len(bom))
            break
    offset = 0
    for number, raw in enumerate(_physical_lines(buffered), start=1):
        try:
            yield number, raw.decode(reader.encoding)
        except UnicodeDecodeError as exc:
            reader.bad(number, f"not valid {reader.encoding.upper()} (byte {offset + exc.start})", repr(raw)[2:-1])
            yield number, None
        except LookupError:
            raise InputError(f"{reader.path}: unknown encoding '{reader.encoding}'") from None
        offset += len(raw) + 1


def _frame_block(reader: _Reader, frame: pd.DataFrame, docs, raw) -> Block:
    return Block(frame, np.asarray(docs, dtype=np.int64), raw_position(raw), reader.take_rejects())


def _one_document(reader: _Reader, paragraphs: list[str], raw) -> Block:
    doc_id = "stdin" if reader.path == STDIN else reader.path
    frame = pd.DataFrame({"doc_id": doc_id, "position": range(len(paragraphs)), "text": paragraphs})
    return _frame_block(reader, frame, np.zeros(len(paragraphs)), raw)


def _read_txt(reader: _Reader, stream, raw, block_rows: int) -> Iterator[Block]:
    """A .txt file (or stdin) is one document: one paragraph per non-empty line."""
    kept = []
    for _, line in _decoded_lines(reader, stream):
        if line is not None:
            kept.extend(part.strip() for part in line.splitlines() or [""])
    yield _one_document(reader, [p for p in kept if p], raw)


def _read_html(reader: _Reader, stream, raw, block_rows: int) -> Iterator[Block]:
    """An HTML file is one document: its visible text blocks."""
    yield _one_document(reader, html_paragraphs(stream.read()), raw)


def _read_warc(reader: _Reader, stream, raw, block_rows: int) -> Iterator[Block]:
    """Each HTML response record of a WARC file is one document, its URL the doc_id."""
    from warcio.archiveiterator import ArchiveIterator

    texts, doc_ids, positions, docs = [], [], [], []
    for number, record in enumerate(ArchiveIterator(stream), start=1):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        content_type = record.http_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower():
            continue
        charset = content_type.lower().split("charset=")[-1].strip(" ;\"'") if "charset=" in content_type else None
        paragraphs = html_paragraphs(record.content_stream().read(), charset)
        url = record.rec_headers.get_header("WARC-Target-URI") or f"{reader.path}#record{number}"
        texts.extend(paragraphs)
        doc_ids.extend([url] * len(paragraphs))
        positions.extend(range(len(paragraphs)))
        docs.extend([number] * len(paragraphs))
        if len(texts) >= block_rows:
            yield _frame_block(reader, pd.DataFrame({"doc_id": doc_ids, "position": positions, "text": texts}), docs, raw)
            texts, doc_ids, positions, docs = [], [], [], []
    yield _frame_block(reader, pd.DataFrame({"doc_id": doc_ids, "position": positions, "text": texts}), docs, raw)


class _DocRuns:
    """Document numbers for table rows: a run of equal doc_id values is one document; without a
    doc_id column every row is a document of its own (a loose paragraph, judged by its text)."""

    def __init__(self):
        self.last = None
        self.number = -1
        self.rows = 0

    def __call__(self, frame: pd.DataFrame) -> np.ndarray:
        n = len(frame)
        if "doc_id" not in frame.columns:
            out = np.arange(self.rows, self.rows + n)
            self.rows += n
            return out
        ids = frame["doc_id"].astype(str).to_numpy()
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        changes = np.r_[ids[0] != self.last, ids[1:] != ids[:-1]]
        out = self.number + np.cumsum(changes)
        self.number, self.last = int(out[-1]), ids[-1]
        self.rows += n
        return out


def _check_columns(reader: _Reader, names: list[str], text_column: str | None) -> None:
    duplicates = sorted({str(c) for c in names if names.count(c) > 1})
    if duplicates:
        raise InputError(f"{reader.path}: duplicate column name(s) {', '.join(map(repr, duplicates))}")
    if text_column is not None and text_column not in names:
        shown = ", ".join(map(str, names[:12])) or "none"
        raise InputError(f"{reader.path}: no '{text_column}' column (columns: {shown}); choose one with --text-column")


def _read_csv(reader: _Reader, stream, raw, block_rows: int, text_column: str) -> Iterator[Block]:
    numbered = _decoded_lines(reader, stream)
    line_of = {"n": 0}

    def lines() -> Iterator[str]:
        for number, text in numbered:
            line_of["n"] = number
            if text is not None:
                yield text + "\n"

    rows = csv.reader(lines(), strict=True)
    header = None
    runs = _DocRuns()
    batch: list[list[str]] = []
    start = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            reader.bad(start, f"malformed CSV ({exc})", "")
            start = line_of["n"] + 1
            continue
        if header is None:
            header = row
            _check_columns(reader, header, text_column)
        elif len(row) != len(header):
            reader.bad(start, f"{len(row)} fields where the header has {len(header)}", ",".join(row))
        else:
            batch.append(row)
            if len(batch) >= block_rows:
                frame = pd.DataFrame(batch, columns=header)
                yield _frame_block(reader, frame, runs(frame), raw)
                batch = []
        start = line_of["n"] + 1
    if header is None:
        return
    frame = pd.DataFrame(batch, columns=header) if batch else pd.DataFrame(columns=header, dtype=object)
    yield _frame_block(reader, frame, runs(frame), raw)


def _read_jsonl(reader: _Reader, stream, raw, block_rows: int, text_column: str) -> Iterator[Block]:
    runs = _DocRuns()
    batch: list[dict] = []
    checked = False

    def flush():
        nonlocal checked
        frame = pd.DataFrame(batch)
        if not checked and len(frame):
            if text_column is not None and text_column not in frame.columns:
                _check_columns(reader, list(frame.columns), text_column)
            checked = True
        return _frame_block(reader, frame, runs(frame), raw)

    for number, line in _decoded_lines(reader, stream):
        if line is None or not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            reader.bad(number, f"malformed JSON ({exc.msg})", line)
            continue
        if not isinstance(row, dict):
            reader.bad(number, f"expected a JSON object, got {type(row).__name__}", line)
            continue
        batch.append(row)
        if len(batch) >= block_rows:
            yield flush()
            batch = []
    yield flush()


def _read_parquet(reader: _Reader, stream, raw, block_rows: int, text_column: str) -> Iterator[Block]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = stream if reader.source.compression is None else pa.BufferReader(stream.read())
        parquet = pq.ParquetFile(source, pre_buffer=False, buffer_size=1 << 20)  # read row group by row group
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{reader.path}: unreadable Parquet ({str(exc).splitlines()[0]})") from None
    _check_columns(reader, parquet.schema_arrow.names, text_column)
    runs = _DocRuns()
    total = max(parquet.metadata.num_rows, 1)
    size = reader.source.size
    try:
        for batch in parquet.iter_batches(batch_size=block_rows):
            frame = batch.to_pandas()
            block = _frame_block(reader, frame, runs(frame), None)
            block.position = int(size * runs.rows / total)
            yield block
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{reader.path}: unreadable Parquet ({str(exc).splitlines()[0]})") from None


_TEXT_KINDS = {"txt": _read_txt, "html": _read_html, "warc": _read_warc}
_TABLE_KINDS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}


def read_blocks(
    source: Source,
    text_column: str = "text",
    block_rows: int = BLOCK_ROWS,
    policy: str = "stop",
    encoding: str = "utf-8",
) -> Iterator[Block]:
    """Blocks of one input file in file order. Damaged files (a truncated .gz, a broken WARC) stop
    with one line naming the file whatever the policy: what follows the damage cannot be counted."""
    import zstandard

    reader = _Reader(source, policy, encoding)
    stream, raw = open_binary(source)
    try:
        if source.kind in _TEXT_KINDS:
            yield from _TEXT_KINDS[source.kind](reader, stream, raw, block_rows)
        else:
            yield from _TABLE_KINDS[source.kind](reader, stream, raw, block_rows, text_column)
    except (EOFError, zlib.error, zstandard.ZstdError) as exc:
        raise InputError(f"{source.path}: damaged or truncated compressed data ({exc})") from None
    except OSError as exc:
        raise InputError(f"{source.path}: cannot read ({exc.strerror or exc})") from None
    except Exception as exc:  # warcio's and lxml's own errors for broken archives
        if type(exc).__module__.startswith(("warcio", "lxml")):
            raise InputError(f"{source.path}: unreadable {source.kind.upper()} ({exc})") from None
        raise
    finally:
        if raw is not None:
            raw.close()


def read_paragraphs(path: str, text_column: str = "text", policy: str = "stop") -> pd.DataFrame:
    """All paragraphs of one input as one frame (input columns unchanged): for small files and tests."""
    source = describe(path)
    if source is None:
        raise InputError(f"{path}: unsupported input type")
    blocks = list(read_blocks(source, text_column, policy=policy))
    frames = [b.frame for b in blocks if len(b.frame.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"text": []})


def read_table(path: str) -> pd.DataFrame:
    """A tabular input file (.csv, .jsonl, .parquet) as one frame, every column kept."""
    source = describe(path)
    if source is None or source.kind not in _TABLE_KINDS:
        raise InputError(f"{path}: unsupported table type (use .csv, .jsonl or .parquet)")
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    reader = _Reader(source, "stop", "utf-8")
    stream, raw = open_binary(source)
    try:
        frames = [b.frame for b in _TABLE_KINDS[source.kind](reader, stream, raw, BLOCK_ROWS, None)]
    finally:
        raw.close()
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

