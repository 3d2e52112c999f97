"""Labelling speed and memory on a synthetic archive, beside a plain scikit-learn baseline.

    python benchmarks/label_speed.py [--paragraphs 1000000] [--engine ours|baseline|both]

The archive is made of our dataset's pages, repeated with fresh doc_ids until it holds the asked number of
paragraphs: furniture and consent notices repeat across pages as they do in a real outlet's archive.
Each engine runs in its own process so that its peak RSS is its own. Prints paragraphs per second (labelling
only, model loaded), peak RSS, and macro-F1 / body-F1 on ../shared/data/dev_pages.csv when it is there.
The baseline is word 1-2 + char_wb 2-5 TfidfVectorizer + LogisticRegression, trained on the same dataset.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "data" / "dev_pages.csv"


def make_archive(n: int, path: Path, seed: int = 0) -> Path:
    pages = pd.read_csv(REPO / "datasets" / "pages.csv", keep_default_na=False)[["doc_id", "position", "text"]]
    rng = np.random.default_rng(seed)
    docs = pages["doc_id"].unique()
    groups = dict(tuple(pages.groupby("doc_id", sort=False)))
    parts, total, k = [], 0, 0
    while total < n:
        doc = groups[docs[rng.integers(len(docs))]]
        parts.append(doc.assign(doc_id=f"page{k:07d}"))
        total += len(doc)
        k += 1
    pd.concat(parts, ignore_index=True).iloc[:n].to_parquet(path, index=False)
    return path


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _baseline_model():
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
    )
    return model.fit(data["text"], data["label"])


def run_engine(engine: str, archive: Path) -> dict:
    frame = pd.read_parquet(archive)
    if engine == "ours":
        from classifier import load_model
        from classifier.labelling import label_frame, model_input

        model = load_model()
        start = time.perf_counter()
        labelled = label_frame(model, frame)
        seconds = time.perf_counter() - start
        dev_pred = model.predict(model_input(pd.read_csv(DEV, keep_default_na=False))) if DEV.is_file() else None
    else:
        model = _baseline_model()
        start = time.perf_counter()
        labelled = frame.assign(label=model.predict(frame["text"]))
        seconds = time.perf_counter() - start
        dev_pred = model.predict(pd.read_csv(DEV, keep_default_na=False)["text"]) if DEV.is_file() else None
    result = {
        "engine": engine,
        "paragraphs": len(labelled),
        "seconds": round(seconds, 2),
        "paragraphs_per_second": round(len(labelled) / seconds),
        "peak_rss_mib": round(_peak_rss_mib()),
    }
    if dev_pred is not None:
        sys.path.insert(0, str(REPO))
        from training.metrics import figures

        dev = pd.read_csv(DEV, keep_default_na=False)
        f = figures(dev["label"].to_numpy(), np.asarray(dev_pred, dtype=object))
        result["dev_macro_f1"] = round(f["macro_f1"], 4)
        result["dev_body_f1"] = round(f["body_f1"], 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["ours", "baseline", "both"], default="both")
    parser.add_argument("--archive", type=Path, default=Path("/tmp/boilerplate-bench.parquet"))
    parser.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        print(json.dumps(run_engine(args._child, args.archive)))
        return
    make_archive(args.paragraphs, args.archive)
    engines = ["ours", "baseline"] if args.engine == "both" else [args.engine]
    for engine in engines:
        out = subprocess.run(
            [sys.executable, __file__, "--archive", str(args.archive), "--_child", engine],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
