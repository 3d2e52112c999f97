"""Does labelling what `review` picks fix a new outlet faster than labelling lines at random?

Each page of a labelled file (by default ../shared/data/dev_pages.csv, where most outlets have one page)
is taken in turn as a new outlet. From its distinct texts we pick B (10, 25, 50) either with
`classifier.review.pick` or uniformly at random (several seeds); the file's labels stand in for the
person's corrections. The shipped model is updated with them by `training.update.update` (what
`boilerplate train --from MODEL` does): the shipped vocabulary and context stage are kept, and the first-stage
logistic regression learns the corrections (each counted --weight times) on top of the bundled dataset,
by default through the diagonal Laplace approximation of the bundled data's loss (`--method laplace`), or
by an exact warm-started refit on all bundled pairs (`--method refit`, ~30x slower). No full retrain, no
cross-validation. F1 (body-vs-rest and macro over the classes present) is measured with the shipped
model (before) and the updated one (after) on the same rows:

- `--protocol rest` (the issue's): the page's other paragraphs, rows whose text was not picked. Which rows
  are scored depends on the pick: `review` takes the hard lines out of the scored set, so its "before" is
  higher than random's; compare the gains (after - before), not the "after" columns.
- `--protocol holdout`: half of the page's distinct texts (fixed by a hash of the text) is never offered
  for picking and is the scored set, the same for every method: the fair comparison.

Pages where fewer than --min-rest rows are scored, or with fewer distinct texts to pick from than the
budget, are skipped for that budget.

The updated models are experiment models: they are never saved. Deterministic for the same arguments.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 15 \\
        python experiments/review_curve.py ../shared/data/dev_pages.csv --protocol holdout --out /tmp/curve.csv
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from classifier import load_model  # noqa: E402
from classifier.labelling import decide, model_input  # noqa: E402
from classifier.review import candidates, pick  # noqa: E402
from training.data import bundled_dataset_path, load_labelled  # noqa: E402
from training.metrics import figures  # noqa: E402
from training.update import base_features, update  # noqa: E402


def random_pick(cands: pd.DataFrame, budget: int, seed: int) -> pd.DataFrame:
    """`budget` distinct texts drawn uniformly: the baseline a person without `review` would label."""
    rng = np.random.default_rng(seed)
    return cands.iloc[np.sort(rng.choice(len(cands), size=min(budget, len(cands)), replace=False))]


def scores(truth: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    result = figures(truth, pred)
    return result["body_f1"], result["macro_f1"]


def held_out(texts: pd.Series) -> np.ndarray:
    """A fixed half of a page's distinct texts (by a stable hash), never offered for picking."""
    return texts.map(lambda t: hashlib.md5(t.encode("utf-8")).digest()[0] % 2 == 1).to_numpy()


def run_page(model, base, page, budgets, seeds, args) -> list[dict]:
    """Before/after figures of one page for every budget and picking method."""
    page = page.sort_values("position", kind="stable").reset_index(drop=True)
    truth = page["label"].to_numpy(dtype=object)
    first_label = page.drop_duplicates("text").set_index("text")["label"]
    before = decide(model.predict_proba(model_input(page)))
    cands = candidates(model, page)
    if args.protocol == "holdout":
        test = held_out(page["text"])
        cands = cands[~held_out(cands["text"])].reset_index(drop=True)
    rows = []
    for budget in budgets:
        methods = [("review", 0, pick(cands, budget, seed=0))]
        methods += [("random", s, random_pick(cands, budget, s)) for s in seeds]
        for method, seed, picked in methods:
            scored = test if args.protocol == "holdout" else ~page["text"].isin(set(picked["text"])).to_numpy()
            if scored.sum() < args.min_rest or len(cands) < budget:
                continue
            corrections = pd.DataFrame({"text": picked["text"], "label": first_label[picked["text"]].to_numpy()})
            started = time.perf_counter()
            new, facts = update(model, corrections, base, weight=args.weight, method=args.method)
            after = decide(new.predict_proba(model_input(page)))
            body_b, macro_b = scores(truth[scored], before[scored])
            body_a, macro_a = scores(truth[scored], after[scored])
            rows.append(
                {
                    "doc_id": page["doc_id"].iloc[0],
                    "lang": page["lang"].iloc[0] if "lang" in page.columns else "",
                    "budget": budget,
                    "method": method,
                    "seed": seed,
                    "picked": len(picked),
                    "picked_wrong_before": int(
                        (picked["predicted"].to_numpy() != corrections["label"].to_numpy()).sum()
                    ),
                    "scored_rows": int(scored.sum()),
                    "body_f1_before": body_b,
                    "body_f1_after": body_a,
                    "macro_f1_before": macro_b,
                    "macro_f1_after": macro_a,
                    "iterations": facts["iterations"],
                    "seconds": round(time.perf_counter() - started, 2),
                }
            )
    return rows


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """budget x method: mean figures before and after, over the pages measured (random: over seeds too)."""
    per_page = results.groupby(["budget", "method", "doc_id"]).mean(numeric_only=True).reset_index()
    table = per_page.groupby(["budget", "method"]).agg(
        pages=("doc_id", "size"),
        wrong_picked=("picked_wrong_before", "mean"),
        body_before=("body_f1_before", "mean"),
        body_after=("body_f1_after", "mean"),
        macro_before=("macro_f1_before", "mean"),
        macro_after=("macro_f1_after", "mean"),
    )
    table["body_gain"] = table["body_after"] - table["body_before"]
    table["macro_gain"] = table["macro_after"] - table["macro_before"]
    return table.round(4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="labelled pages (doc_id, position, text, label)")
    parser.add_argument("--out", required=True, help="CSV of per-page results")
    parser.add_argument("--budgets", default="10,25,50")
    parser.add_argument("--seeds", default="0,1,2", help="random-baseline seeds")
    parser.add_argument("--weight", type=float, default=5.0, help="weight of each correction")
    parser.add_argument("--method", default="laplace", choices=["laplace", "refit"], help="update method")
    parser.add_argument(
        "--protocol",
        default="rest",
        choices=["rest", "holdout"],
        help="rest: score every paragraph not picked; holdout: pick from one half of the page's distinct texts "
        "(fixed by hash) and score the other half, the same rows for every method",
    )
    parser.add_argument("--min-rest", type=int, default=20, help="skip a page when fewer rows remain to score")
    parser.add_argument("--every", type=int, default=1, help="take every k-th page (in doc_id order)")
    parser.add_argument("--offset", type=int, default=0, help="first page taken, with --every")
    parser.add_argument("--model", default=None, help="model to update (default: the shipped model)")
    args = parser.parse_args()

    loaded = load_model(args.model)
    model = loaded.estimator
    base_frame = load_labelled([str(bundled_dataset_path())])
    base = base_features(model, base_frame)
    data = load_labelled([args.data], require_two_classes=False)
    doc_ids = sorted(data["doc_id"].unique())[args.offset :: args.every]
    budgets = [int(b) for b in args.budgets.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    print(
        f"model {loaded.path}; update ({args.method}): first-stage LR on {base.X.shape[0]} bundled (text, label) "
        f"pairs + corrections x {args.weight}, vocabulary and context stage kept; "
        f"{len(doc_ids)} pages of {args.data}; protocol {args.protocol}; budgets {budgets}; random seeds {seeds}",
        flush=True,
    )
    rows = []
    for i, doc_id in enumerate(doc_ids, start=1):
        rows.extend(run_page(model, base, data[data["doc_id"] == doc_id], budgets, seeds, args))
        print(f"[{i}/{len(doc_ids)}] {doc_id}", file=sys.stderr, flush=True)
        pd.DataFrame(rows).to_csv(args.out, index=False)
    results = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(summary(results).to_string())
    print(f"per-page results: {args.out}")


if __name__ == "__main__":
    main()
