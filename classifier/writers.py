"""Writing labelled paragraphs: the format follows the output file's extension.

Two ways in: `write_labels` for one frame in memory, `assemble` for a long run's parts on disk, read
one at a time so that memory stays flat. Both write atomically (a temp file renamed into place).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .atomic import atomic_path
from .errors import BoilerplateError

OUTPUT_SUFFIXES = (".csv", ".jsonl", ".parquet", ".txt")
# A spreadsheet runs a cell starting with one of these as a formula (tab and CR hide one). In CSV
# outputs such text cells get a leading apostrophe; so do cells that already start with one, so that
# dropping one leading apostrophe always gives the original text back (`unescape_cell`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def unescape_cell(value):
    """The original text of a cell written by `spreadsheet_safe`."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "O" or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(escape_cell)
    return out


def check_output_suffix(output: str) -> str:
    suffix = Path(output).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise BoilerplateError(f"{output}: unsupported output type '{suffix}' (use {', '.join(OUTPUT_SUFFIXES)})")
    return suffix


def body_blocks(frame: pd.DataFrame, text_column: str = "text") -> list[str]:
    """The clean article text of each document with body lines: its body paragraphs, one per line."""
    body = frame[frame["label"] == "body"]
    if body.empty:
        return []
    doc = body["doc_id"].astype(str) if "doc_id" in body.columns else pd.Series("doc", index=body.index)
    return ["\n".join(group[text_column].astype(str)) for _, group in body.groupby(doc, sort=False)]


def body_text(frame: pd.DataFrame, text_column: str = "text") -> str:
    """Body paragraphs one per line, documents separated by a blank line."""
    blocks = body_blocks(frame, text_column)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def jsonl_text(frame: pd.DataFrame) -> str:
    return frame.to_json(orient="records", lines=True, force_ascii=False) if len(frame) else ""


def write_labels(frame: pd.DataFrame, output: str | None, text_column: str = "text") -> None:
    """Write one frame to `output` atomically, or JSON Lines to stdout when no output is given."""
    if output is None or output == "-":
        sys.stdout.write(jsonl_text(frame))
        return
    assemble(iter([frame]), Path(output), text_column)


def _as_text_or_null(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table; a column mixing types (numbers from one input, text from
    another) is written as text, nulls kept."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        fixed = frame.copy()
        for column in [c for c in fixed.columns if fixed[c].dtype.kind == "O"]:
            try:
                pa.array(fixed[column], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                fixed[column] = fixed[column].map(_as_text_or_null).astype(object)
        return pa.Table.from_pandas(fixed, preserve_index=False)


def write_part(frame: pd.DataFrame, path: Path) -> None:
    """A run's part file: read back once by the same run, so written plainly (no compression, no
    dictionaries) for speed; the output file gets Parquet's usual encoding."""
    pq.write_table(arrow_table(frame), path, compression="none", use_dictionary=False)


def unified_schema(schemas: list[pa.Schema]) -> pa.Schema:
    """One schema for all parts: columns in order of first appearance; a column whose types cannot
    be reconciled (an integer in one input, text in another) becomes text."""
    fields: dict[str, list] = {}
    for schema in schemas:
        for f in schema:
            fields.setdefault(f.name, []).append(f.type)
    out = []
    for name, types in fields.items():
        known = [t for t in types if not pa.types.is_null(t)] or [pa.null()]
        try:
            typ = pa.unify_schemas([pa.schema([(name, t)]) for t in known], promote_options="permissive")[0].type
        except (pa.ArrowInvalid, pa.ArrowTypeError, NotImplementedError):
            typ = pa.string()
        out.append(pa.field(name, typ))
    return pa.schema(out, metadata=schemas[0].metadata if schemas else None)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    columns = []
    for name, typ in zip(schema.names, schema.types, strict=True):
        column = table.column(name) if name in table.column_names else pa.nulls(len(table), typ)
        columns.append(column.cast(typ) if column.type != typ else column)
    return pa.table(columns, schema=schema)


def _fits(table: pa.Schema, schema: pa.Schema) -> bool:
    return all(
        f.name in schema.names and (pa.types.is_null(f.type) or f.type == schema.field(f.name).type) for f in table
    )


class OutputWriter:
    """One output file written piece by piece into a temp file, renamed into place by `commit`.

    The columns are those of `schema` when given, else of the first piece. A later piece that does not
    fit them sets `mismatch` and is not written: the caller then starts again knowing all schemas.
    """

    def __init__(self, output: Path, text_column: str = "text", schema: pa.Schema | None = None):
        self.suffix = check_output_suffix(str(output))
        self.output = output
        self.text_column = text_column
        self.schema = schema
        self.fixed = schema is not None  # given: made from every piece's schema, so every piece fits
        self.columns = list(schema.names) if schema is not None else None
        self.mismatch = False
        self.first = True
        self._atomic = atomic_path(output)
        self.tmp = self._atomic.__enter__()
        self._parquet = None
        self._text = None if self.suffix == ".parquet" else open(self.tmp, "w", encoding="utf-8", newline="")

    def add(self, frame) -> None:
        """Append a piece (a pandas frame or an Arrow table)."""
        try:
            self._add(frame)
        except OSError as exc:
            self.abort()
            raise BoilerplateError(f"{self.output}: writing failed ({exc.strerror or exc})") from None

    def _add(self, frame) -> None:
        if self.mismatch:
            return
        if self.suffix == ".parquet":
            table = frame if isinstance(frame, pa.Table) else arrow_table(frame)
            if self.schema is None:
                self.schema = unified_schema([table.schema])
            elif not self.fixed and not _fits(table.schema, self.schema):
                self.mismatch = True
                return
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.tmp, self.schema)
            self._parquet.write_table(_conform(table, self.schema))
            return
        if isinstance(frame, pa.Table):
            frame = frame.to_pandas()
        if self.suffix == ".csv":
            if self.columns is None:
                self.columns = list(frame.columns)
            elif not set(frame.columns) <= set(self.columns):
                self.mismatch = True
                return
            spreadsheet_safe(frame.reindex(columns=self.columns)).to_csv(self._text, index=False, header=self.first)
        elif self.suffix == ".jsonl":
            self._text.write(jsonl_text(frame))
        else:
            blocks = body_blocks(frame, self.text_column)
            if not blocks:
                return
            self._text.write(("" if self.first else "\n") + "\n\n".join(blocks) + "\n")
        self.first = False

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self.suffix == ".parquet":
            pq.write_table(pa.table({}), self.tmp)
        if self._text is not None:
            if self.suffix == ".csv" and self.first and self.columns:
                pd.DataFrame(columns=self.columns).to_csv(self._text, index=False)
            self._text.close()

    def commit(self) -> None:
        """Finish the file and rename it into place."""
        try:
            self._close()
        except OSError as exc:
            self.abort()
            raise BoilerplateError(f"{self.output}: writing failed ({exc.strerror or exc})") from None
        self._atomic.__exit__(None, None, None)

    def abort(self) -> None:
        """Drop the temp file; nothing appears under the output's name."""
        try:
            if self._parquet is not None:
                self._parquet.close()
            if self._text is not None:
                self._text.close()
        except OSError:
            pass
        try:
            self._atomic.__exit__(BoilerplateError, BoilerplateError("aborted"), None)
        except BoilerplateError:
            pass


def assemble(frames: Iterator, output: Path, text_column: str = "text", schemas=None) -> None:
    """Write frames (pandas or Arrow tables, in order) into one output file, atomically.

    `schemas` (the frames' Arrow schemas, known before reading them) lets Parquet and CSV outputs
    agree on one set of columns when inputs differ; without it, the first frame's columns are used.
    """
    writer = OutputWriter(output, text_column, unified_schema(schemas) if schemas else None)
    try:
        for frame in frames:
            writer.add(frame)
    except BaseException:
        writer.abort()
        raise
    writer.commit()


def write_rejects(rejects: list[dict], path: Path) -> None:
    """The rejects file: one JSON object per bad record (file, line, reason, record), atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as out:
            for row in rejects:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
