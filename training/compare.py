"""Two models side by side on labelled data: is the new one worse anywhere?

A retrained model can win overall and still lose one language or one outlet. So the figures are
compared per group (overall, per class, per language, per outlet), and every group big enough to be
judged fails the comparison when the new model's F1 drops by more than the tolerance. The paragraphs
whose label changed are listed, those the change broke first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from classifier.labelling import decide, model_input
from classifier.labels import LABELS

from .data import load_labelled
from .metrics import figures

TOLERANCE = 0.02
MIN_ROWS = 30


def _group(kind: str, key: str, metric: str, rows: int, old: float, new: float, tolerance: float, min_rows: int):
    checked = rows >= min_rows
    return {
        "group": kind,
        "key": key,
        "metric": metric,
        "rows": rows,
        "old": round(old, 4),
        "new": round(new, 4),
        "delta": round(new - old, 4),
        "checked": checked,
        "worse": bool(checked and new - old < -tolerance),
    }


def group_table(frame: pd.DataFrame, old_pred, new_pred, tolerance: float, min_rows: int) -> list[dict]:
    """One row per (group, metric): overall macro-F1, each class's F1, macro-F1 per language and per outlet."""
    y = frame["label"].to_numpy(dtype=object)
    old_all, new_all = figures(y, old_pred), figures(y, new_pred)
    rows = [_group("all", "all", "macro-F1", len(y), old_all["macro_f1"], new_all["macro_f1"], tolerance, min_rows)]
    for label in LABELS:
        support = old_all["per_class"][label]["support"]
        old_f1, new_f1 = old_all["per_class"][label]["f1"], new_all["per_class"][label]["f1"]
        rows.append(_group("class", label, "F1", support, old_f1, new_f1, tolerance, min_rows))
    for column in ("lang", "outlet"):
        if column not in frame.columns:
            continue
        for key, index in frame.groupby(column, sort=True).indices.items():
            old_f = figures(y[index], old_pred[index])["macro_f1"]
            new_f = figures(y[index], new_pred[index])["macro_f1"]
            rows.append(_group(column, str(key), "macro-F1", len(index), old_f, new_f, tolerance, min_rows))
    return rows


def changed_rows(frame: pd.DataFrame, old_pred, new_pred) -> pd.DataFrame:
    """Paragraphs whose label changed: `broken` (was right), `fixed` (is now right), else `changed`."""
    mask = old_pred != new_pred
    out = frame.loc[mask, [c for c in ("doc_id", "position", "outlet", "lang", "text", "label") if c in frame]].copy()
    out["old"], out["new"] = old_pred[mask], new_pred[mask]
    truth = out["label"].to_numpy()
    out["verdict"] = np.where(out["old"] == truth, "broken", np.where(out["new"] == truth, "fixed", "changed"))
    order = out["verdict"].map({"broken": 0, "fixed": 1, "changed": 2})
    return out.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def compare(
    old,
    new,
    data: list[str],
    tolerance: float = TOLERANCE,
    min_rows: int = MIN_ROWS,
    body_threshold: float | None = None,
) -> tuple[dict, pd.DataFrame]:
    """Figures of `old` and `new` on labelled files, per group, and the paragraphs whose label changed.

    `result["worse"]` lists the groups of at least `min_rows` rows where new F1 < old F1 - tolerance.
    """
    frame = load_labelled([str(p) for p in data], require_two_classes=False)
    inputs = model_input(frame)
    old_pred = decide(old.predict_proba(inputs), body_threshold)
    new_pred = decide(new.predict_proba(inputs), body_threshold)
    groups = group_table(frame, old_pred, new_pred, tolerance, min_rows)
    changed = changed_rows(frame, old_pred, new_pred)
    result = {
        "data": [str(p) for p in data],
        "tolerance": tolerance,
        "min_rows": min_rows,
        "rows": int(len(frame)),
        "overall": {"old": figures(frame["label"].to_numpy(), old_pred), "new": figures(frame["label"], new_pred)},
        "groups": groups,
        "worse": [g for g in groups if g["worse"]],
        "changed": {v: int((changed["verdict"] == v).sum()) for v in ("broken", "fixed", "changed")},
    }
    return result, changed


def format_comparison(result: dict, changed: pd.DataFrame, old_name: str, new_name: str, show: int = 20) -> str:
    """The side-by-side table, the changed paragraphs (broken first) and the verdict."""
    lines = [f"compare OLD {old_name} and NEW {new_name} on {', '.join(result['data'])} ({result['rows']} rows)"]
    lines.append(f"{'group':7} {'key':28} {'metric':9} {'rows':>6} {'old':>6} {'new':>6} {'delta':>7}")
    for g in result["groups"]:
        flag = "  WORSE" if g["worse"] else ("" if g["checked"] else f"  (not judged: < {result['min_rows']} rows)")
        lines.append(
            f"{g['group']:7} {g['key'][:28]:28} {g['metric']:9} {g['rows']:6d} {g['old']:6.3f} {g['new']:6.3f} "
            f"{g['delta']:+7.3f}{flag}"
        )
    counts = result["changed"]
    lines.append(
        f"label changed on {sum(counts.values())} paragraphs: {counts['fixed']} fixed, {counts['broken']} broken, "
        f"{counts['changed']} wrong before and after"
    )
    for row in changed.head(show).itertuples(index=False):
        text = str(row.text).replace("\n", " ")
        text = text if len(text) <= 70 else text[:69] + "…"
        lines.append(
            f"  {row.verdict:7} {row.old:>7} -> {row.new:7} (truth {row.label:7}) {row.doc_id}:{row.position} {text}"
        )
    if len(changed) > show:
        lines.append(f"  ... {len(changed) - show} more (--changes FILE.csv writes them all)")
    worse = result["worse"]
    if worse:
        named = "; ".join(f"{g['group']} {g['key']} {g['metric']} {g['old']:.3f} -> {g['new']:.3f}" for g in worse)
        lines.append(f"NEW is worse than OLD beyond tolerance {result['tolerance']} on {len(worse)} group(s): {named}")
    else:
        lines.append(
            f"NEW is not worse than OLD beyond tolerance {result['tolerance']} on any group of "
            f"{result['min_rows']}+ rows"
        )
    return "\n".join(lines)
