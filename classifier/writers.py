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


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(arrow_table(frame), path)


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


def assemble(frames: Iterator, output: Path, text_column: str = "text", schemas=None) -> None:
    """Write frames (pandas or Arrow tables, in order) into one output file, atomically.

    `schemas` (the frames' Arrow schemas, known before reading them) lets Parquet and CSV outputs
    agree on one set of columns when inputs differ; without it, the first frame's columns are used.
    """
    suffix = check_output_suffix(str(output))
    schema = unified_schema(schemas) if schemas else None
    with atomic_path(output) as tmp:
        if suffix == ".parquet":
            writer = None
            try:
                for frame in frames:
                    table = frame if isinstance(frame, pa.Table) else arrow_table(frame)
                    schema = schema or table.schema
                    table = _conform(table, schema)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, schema)
                    writer.write_table(table)
                if writer is None:
                    pq.write_table(pa.table({}), tmp)
            finally:
                if writer is not None:
                    writer.close()
            return
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            first = True
            columns = list(schema.names) if schema else None
            for frame in frames:
                if isinstance(frame, pa.Table):
                    frame = frame.to_pandas()
                if suffix == ".csv":
                    columns = columns or list(frame.columns)
                    spreadsheet_safe(frame.reindex(columns=columns)).to_csv(out, index=False, header=first)
                elif suffix == ".jsonl":
                    out.write(jsonl_text(frame))
                else:
                    blocks = body_blocks(frame, text_column)
                    if blocks:
                        out.write(("" if first else "\n") + "\n\n".join(blocks) + "\n")
                        first = False
                    continue
                first = False
            if suffix == ".csv" and first and columns:
                pd.DataFrame(columns=columns).to_csv(out, index=False)


def write_rejects(rejects: list[dict], path: Path) -> None:
    """The rejects file: one JSON object per bad record (file, line, reason, record), atomically."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as out:
            for row in rejects:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
