"""Nothing lost on a big dirty input: input records = output rows + rejected records, exactly.

    python benchmarks/bad_records.py [--paragraphs 4000000] [--bad 1000]

Writes a JSON Lines file of real-shaped paragraphs (our dataset's pages, repeated) with bad records
sprinkled at random lines (malformed JSON, bytes that are not UTF-8, a JSON array instead of an object)
and, as controls that must be labelled, awkward good ones (NUL characters, a 1 MB paragraph, nulls and
numbers as text). Runs `boilerplate label FILE --output OUT.parquet --on-bad-record reject` and checks
that every record is either an output row or named (file and line) in the rejects file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
BAD = [b'{"text": "unterminated', "{\"text\": \"caf\xe9 cr\xe8me\"}".encode("latin-1"), b'["text", "an array"]']
GOOD = [json.dumps({"text": "Nul\u0000in the middle"}), json.dumps({"text": "x" * 1_000_000}),
        json.dumps({"text": None}), json.dumps({"text": 12345})]  # fmt: skip


def make_input(path: Path, paragraphs: int, bad: int, seed: int = 0) -> tuple[int, set[int]]:
    """Write the file; return the number of records and the line numbers of the bad ones."""
    pages = pd.read_csv(REPO / "datasets" / "pages.csv", keep_default_na=False)
    lines = [json.dumps({"doc_id": d, "position": p, "text": t}, ensure_ascii=False).encode()
             for d, p, t in zip(pages["doc_id"], pages["position"], pages["text"], strict=True)]  # fmt: skip
    rng = np.random.default_rng(seed)
    total = paragraphs + bad
    bad_at = set((rng.choice(total, size=bad, replace=False) + 1).tolist())
    good_at = {int(x) + 1 for x in rng.choice(total, size=40, replace=False)} - bad_at
    with open(path, "wb") as out:
        k = 0
        for number in range(1, total + 1):
            if number in bad_at:
                out.write(BAD[number % len(BAD)] + b"\n")
            elif number in good_at:
                out.write(GOOD[number % len(GOOD)].encode() + b"\n")
            else:
                out.write(lines[k % len(lines)] + b"\n")
                k += 1
    return total, bad_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=4_000_000)
    parser.add_argument("--bad", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="boilerplate-bad-"))
    source, output = folder / "dirty.jsonl", folder / "labelled.parquet"
    records, bad_at = make_input(source, args.paragraphs, args.bad)
    output.unlink(missing_ok=True)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "classifier", "label", str(source), "--output", str(output),
                          "--on-bad-record", "reject", "--quiet"], capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(run.stderr.strip())
    rows = pq.ParquetFile(output).metadata.num_rows
    rejects = [json.loads(line) for line in Path(f"{output}.rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    named = {r["line"] for r in rejects if r["file"] == str(source)}
    print(json.dumps({
        "input_records": records,
        "output_rows": rows,
        "rejected": len(rejects),
        "rows_plus_rejected_equals_input": rows + len(rejects) == records,
        "rejects_name_exactly_the_bad_lines": named == bad_at,
        "seconds": round(seconds, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
