"""Interrupt a long run halfway with SIGINT, resume it, and compare with an uninterrupted run.

    python benchmarks/resume_check.py ARCHIVE.parquet [--jobs 0]

Prints the seconds of the full run, of the interrupted run until the signal, and of the resumed run,
and whether the resumed output is byte-identical to the uninterrupted one (Parquet output).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def label(archive: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "classifier", "label", str(archive), "--output", str(out), "--jobs", str(jobs),
            "--quiet", *extra]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="boilerplate-resume-"))
    full, resumed = folder / "full.parquet", folder / "resumed.parquet"

    start = time.perf_counter()
    subprocess.run(label(args.archive, full, args.jobs), check=True)
    full_seconds = time.perf_counter() - start

    start = time.perf_counter()
    process = subprocess.Popen(label(args.archive, resumed, args.jobs), stderr=subprocess.PIPE, text=True)
    time.sleep(full_seconds / 2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    interrupted_seconds = time.perf_counter() - start
    saved = len(list(folder.glob(".resumed.parquet.parts/part-*.json")))

    start = time.perf_counter()
    subprocess.run(label(args.archive, resumed, args.jobs, "--resume"), check=True)
    resumed_seconds = time.perf_counter() - start
    print(json.dumps({
        "full_run_seconds": round(full_seconds, 1),
        "interrupted_after_seconds": round(interrupted_seconds, 1),
        "interrupted_exit_code": process.returncode,
        "interrupted_message": err.strip().splitlines()[-1] if err.strip() else "",
        "chunks_saved_before_interrupt": saved,
        "resumed_run_seconds": round(resumed_seconds, 1),
        "byte_identical": full.read_bytes() == resumed.read_bytes(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
