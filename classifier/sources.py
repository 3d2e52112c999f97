"""Which files a run reads: inputs expanded (directories, globs), their kind, and decompression.

The kind of a file is its extension once `.gz` or `.zst` is taken off: `page.html.gz` is HTML,
`dump.jsonl.zst` is JSON Lines. `.warc.gz` is a WARC file (gzip per record, read by warcio).
"""

from __future__ import annotations

import glob
import gzip
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

STDIN = "-"
KINDS = {
    ".txt": "txt",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
}
COMPRESSIONS = (".gz", ".zst")
SUPPORTED = "directories, globs, .txt .csv .jsonl .parquet .html .htm .warc (optionally .gz or .zst), or -"


@dataclass(frozen=True)
class Source:
    """One input file: its path as the user will see it, its kind and its compression."""

    path: str
    kind: str
    compression: str | None = None

    @property
    def size(self) -> int:
        """Bytes on disk (0 for stdin): the unit of the progress bar."""
        return 0 if self.path == STDIN else os.path.getsize(self.path)


def describe(path: str) -> Source | None:
    """The Source for a path with a known extension, else None."""
    if path == STDIN:
        return Source(STDIN, "txt")
    name = Path(path).name.lower()
    compression = next((c for c in COMPRESSIONS if name.endswith(c)), None)
    stem = name[: -len(compression)] if compression else name
    kind = KINDS.get(Path(stem).suffix)
    if kind is None:
        return None
    if kind == "warc" and compression == ".gz":
        return Source(path, "warc", None)  # warcio reads per-record gzip itself
    return Source(path, kind, compression)


def _unreadable(path: str) -> str | None:
    try:
        with open(path, "rb"):
            return None
    except OSError as exc:
        return exc.strerror or "cannot read"


def expand_inputs(inputs: list[str]) -> list[Source]:
    """Files to read, in the order given; directories are walked (sorted), globs expanded (sorted).

    Inside a directory, files of unknown kinds are left out (and counted by the caller's summary
    only through their absence); a file named directly with an unknown kind is an error.
    """
    sources: list[Source] = []
    for item in inputs:
        if item == STDIN:
            sources.append(Source(STDIN, "txt"))
            continue
        if any(ch in item for ch in "*?[") and not os.path.exists(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches this pattern")
            paths = [m for m in matches if os.path.isfile(m)]
        elif os.path.isdir(item):
            paths = sorted(str(p) for p in Path(item).rglob("*") if p.is_file() or p.is_symlink())
            paths = [p for p in paths if describe(p) is not None]
            if not paths:
                raise InputError(f"{item}: directory holds no readable input ({SUPPORTED})")
        elif os.path.exists(item):
            paths = [item]
        else:
            raise InputError(f"{item}: no such file or directory")
        for path in paths:
            source = describe(path)
            if source is None:
                raise InputError(f"{path}: unsupported input type (use {SUPPORTED})")
            problem = _unreadable(path)
            if problem:
                raise InputError(f"{path}: cannot read ({problem})")
            sources.append(source)
    return sources


def open_binary(source: Source):
    """(stream, raw): a binary stream of the file's decompressed content, and the file on disk under it."""
    import sys

    if source.path == STDIN:
        return sys.stdin.buffer, None
    raw = open(source.path, "rb")  # noqa: SIM115  (returned to the caller, who closes it)
    if source.compression == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw
    if source.compression == ".zst":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True), raw
    return raw, raw


def raw_position(raw) -> int:
    """How far into the file on disk reading has got (for progress); 0 when unknown."""
    try:
        return int(raw.tell()) if raw is not None else 0
    except (OSError, ValueError):
        return 0
