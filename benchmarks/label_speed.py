"""Labelling speed and memory on a synthetic archive, beside a plain scikit-learn baseline.

    python benchmarks/label_speed.py [--paragraphs 1000000] [--engine ours|baseline|both] [--jobs 0]

The archive has the shape of real pages: our dataset's pages are drawn at random and repeated with fresh
doc_ids, so every outlet's furniture and consent notices repeat across its pages as in a real archive,
while every article paragraph is new (rebuilt from random sentences of its language's articles).

`ours` is the command a user runs, timed from start to finish in its own process tree:
`boilerplate label ARCHIVE.parquet --output OUT.parquet --jobs N --quiet` (reading, labelling, writing).
`baseline` is word 1-2 + char_wb 2-5 TfidfVectorizer + LogisticRegression trained on the same dataset;
its time covers reading the archive, predicting and writing the output (training is not counted).
Peak memory is the largest sum of RSS over the process and all its children, sampled every 50 ms.
Also printed: macro-F1 and body-F1 on ../shared/data/dev_pages.csv when it is there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "dev_pages.csv"
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


def make_archive(n: int, path: Path, seed: int = 0) -> dict:
    """Write an archive of `n` paragraphs to `path` (Parquet); return its facts."""
    pages = pd.read_csv(REPO / "datasets" / "pages.csv", keep_default_na=False)
    rng = np.random.default_rng(seed)
    body = pages[pages["label"] == "body"]
    pools = {
        lang: [s for t in group["text"] for s in _SENTENCE.split(t) if len(s) > 20]
        for lang, group in body.groupby("lang")
    }
    groups = [(g["text"].tolist(), g["label"].tolist(), pools.get(g["lang"].iloc[0], [])) for _, g in
              pages.groupby("doc_id", sort=False)]  # fmt: skip
    texts, doc_ids, positions = [], [], []
    page = 0
    while len(texts) < n:
        lines, labels, pool = groups[rng.integers(len(groups))]
        for position, (text, label) in enumerate(zip(lines, labels, strict=True)):
            if label == "body" and pool and len(text) > 60:  # a new article paragraph, never seen before
                sentences = max(2, len([s for s in _SENTENCE.split(text) if s]))
                text = " ".join(pool[i] for i in rng.integers(len(pool), size=sentences))
            texts.append(text)
            doc_ids.append(f"page{page:07d}")
            positions.append(position)
        page += 1
    frame = pd.DataFrame({"doc_id": doc_ids[:n], "position": positions[:n], "text": texts[:n]})
    frame.to_parquet(path, index=False, row_group_size=100_000)
    return {"paragraphs": n, "pages": int(frame["doc_id"].nunique()), "distinct_texts": int(frame["text"].nunique())}


def _tree_rss_mib(pid: int) -> float:
    """RSS of a process and all its descendants, MiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak tree RSS (MiB) and its stdout."""
    peak = [0.0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mib(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {err.strip()}")
    return seconds, peak[0], out


def _dev_figures(predict) -> dict:
    if not DEV.is_file():
        return {}
    sys.path.insert(0, str(REPO))
    from training.metrics import figures

    dev = pd.read_csv(DEV, keep_default_na=False)
    f = figures(dev["label"].to_numpy(), np.asarray(predict(dev), dtype=object))
    return {"dev_macro_f1": round(f["macro_f1"], 4), "dev_body_f1": round(f["body_f1"], 4)}


def baseline_child(archive: Path, output: Path) -> None:
    """In its own process: train the baseline, then time read + predict + write."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    data = pd.read_csv(REPO / "datasets" / "pages.csv", keep_default_na=False)
    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        ),
        LogisticRegression(max_iter=2000),
    ).fit(data["text"], data["label"])
    start = time.perf_counter()
    frame = pd.read_parquet(archive)
    frame["label"] = model.predict(frame["text"])
    frame.to_parquet(output, index=False)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, **_dev_figures(lambda dev: model.predict(dev["text"]))}))


def ours_dev_figures() -> dict:
    from classifier import load_model
    from classifier.labelling import model_input

    model = load_model()
    return _dev_figures(lambda dev: model.predict(model_input(dev)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["ours", "baseline", "both"], default="both")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs for boilerplate label (0: every core)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--_baseline", nargs=2, type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._baseline:
        baseline_child(*args._baseline)
        return
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="boilerplate-bench-"))
    archive = folder / f"archive-{args.paragraphs}.parquet"
    facts = make_archive(args.paragraphs, archive)
    print(json.dumps({"archive": str(archive), **facts}))
    engines = ["ours", "baseline"] if args.engine == "both" else [args.engine]
    for engine in engines:
        output = folder / f"labelled-{engine}.parquet"
        output.unlink(missing_ok=True)
        if engine == "ours":
            command = [sys.executable, "-m", "classifier", "label", str(archive), "--output", str(output),
                       "--jobs", str(args.jobs), "--quiet"]  # fmt: skip
            seconds, peak, _ = run_measured(command)
            extra = ours_dev_figures()
        else:
            command = [sys.executable, __file__, "--_baseline", str(archive), str(output)]
            _, peak, out = run_measured(command)
            result = json.loads(out.strip().splitlines()[-1])
            seconds = result.pop("seconds")
            extra = result
        rows = len(pd.read_parquet(output, columns=["label"]))
        print(json.dumps({
            "engine": engine,
            "paragraphs": rows,
            "seconds": round(seconds, 2),
            "paragraphs_per_second": round(rows / seconds),
            "peak_rss_mib_all_processes": round(peak),
            **extra,
        }))  # fmt: skip


if __name__ == "__main__":
    main()
