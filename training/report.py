"""An evaluation report a person would rather look at than read: one HTML page with PNG charts.

Confusion matrix, per-language and per-outlet F1 bars, a reliability curve for each label, and the
errors the model was most sure of, with their text: the next data to write should be obvious.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.errors import BoilerplateError
from classifier.labels import LABELS

from .metrics import figures, grouped_figures


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise BoilerplateError(
            'the HTML report needs matplotlib: pip install "boilerplate-classifier[report]"'
        ) from None
    return plt


def reliability(y_true, proba: np.ndarray, bins: int = 10) -> dict:
    """Per label: mean predicted probability vs observed frequency in equal-width bins, and the ECE."""
    y = np.asarray(y_true, dtype=object)
    out = {}
    edges = np.linspace(0, 1, bins + 1)
    for j, label in enumerate(LABELS):
        p = proba[:, j]
        hit = (y == label).astype(float)
        which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
        rows, ece = [], 0.0
        for b in range(bins):
            mask = which == b
            if mask.any():
                conf, freq, n = float(p[mask].mean()), float(hit[mask].mean()), int(mask.sum())
                rows.append({"confidence": conf, "frequency": freq, "n": n})
                ece += n / len(p) * abs(conf - freq)
        out[label] = {"bins": rows, "ece": ece}
    return out


def _bar_chart(plt, table: dict, title: str, path: Path, top: int = 40) -> None:
    items = sorted(table.items(), key=lambda kv: kv[1]["macro_f1"])[:top]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.28 * len(items) + 1)))
    names = [k for k, _ in items]
    ax.barh(names, [v["body_f1"] for _, v in items], color="#4c78a8", label="body F1")
    ax.barh(names, [v["accuracy"] for _, v in items], color="none", edgecolor="#e45756", label="accuracy")
    ax.set_xlim(0, 1)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _confusion_chart(plt, result: dict, path: Path) -> None:
    matrix = np.asarray(result["confusion"]["rows_true_cols_pred"], dtype=float)
    share = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(4.6, 4))
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(3):
        for j in range(3):
            ax.text(j, i, f"{int(matrix[i, j])}\n{share[i, j]:.0%}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(3), LABELS)
    ax.set_yticks(range(3), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _reliability_chart(plt, curves: dict, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    for label, curve in curves.items():
        xs = [b["confidence"] for b in curve["bins"]]
        ys = [b["frequency"] for b in curve["bins"]]
        ax.plot(xs, ys, marker="o", label=f"{label} (ECE {curve['ece']:.3f})")
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed frequency")
    ax.set_title("reliability")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def worst_errors(frame: pd.DataFrame, proba: np.ndarray, n: int = 60) -> pd.DataFrame:
    """The wrong predictions the model was most confident about."""
    pred = np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)]
    wrong = frame.assign(predicted=pred, confidence=proba.max(axis=1))[pred != frame["label"].to_numpy()]
    columns = [c for c in ("doc_id", "position", "lang", "label", "predicted", "confidence", "text") if c in wrong]
    return wrong.sort_values("confidence", ascending=False)[columns].head(n)


def write_report(frame: pd.DataFrame, proba: np.ndarray, out_dir: str | Path, title: str) -> dict:
    """Write index.html, the PNG charts and figures.json into `out_dir`; return the figures."""
    plt = _pyplot()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pred = np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)]
    result = figures(frame["label"].to_numpy(), pred)
    result["reliability"] = reliability(frame["label"].to_numpy(), proba)
    images = ["confusion.png", "reliability.png"]
    _confusion_chart(plt, result, out / "confusion.png")
    _reliability_chart(plt, result["reliability"], out / "reliability.png")
    result["groups"] = {}
    for column in ("lang", "outlet", "doc_id"):
        if column in frame.columns and frame[column].nunique() > 1:
            table = grouped_figures(frame, pred, column)
            result["groups"][column] = table
            if column != "doc_id" or "outlet" not in frame.columns:
                name = f"per_{column}.png"
                _bar_chart(plt, table, f"per {column} (worst {min(40, len(table))})", out / name)
                images.append(name)
    errors = worst_errors(frame, proba)
    (out / "figures.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    rows = "\n".join(
        "<tr>"
        + "".join(f"<td>{html.escape(str(v if not isinstance(v, float) else round(v, 3)))}</td>" for v in r)
        + "</tr>"
        for r in errors.itertuples(index=False)
    )
    per_class = "\n".join(
        f"<tr><td>{k}</td><td>{m['precision']:.3f}</td><td>{m['recall']:.3f}</td><td>{m['f1']:.3f}</td><td>{m['support']}</td></tr>"
        for k, m in result["per_class"].items()
    )
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}td,th{{padding:2px 8px;border-bottom:1px solid #ddd;
vertical-align:top}}table{{border-collapse:collapse}}img{{max-width:100%;margin:8px}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p><b>macro-F1 {result["macro_f1"]:.3f}</b> · body-F1 {result["body_f1"]:.3f} · accuracy {result["accuracy"]:.3f} · {result["n"]} paragraphs</p>
<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>{per_class}</table>
{"".join(f'<img src="{name}" alt="{name}">' for name in images)}
<h2>Most confident errors</h2>
<table><tr>{"".join(f"<th>{c}</th>" for c in errors.columns)}</tr>{rows}</table>
</body></html>"""
    (out / "index.html").write_text(page, encoding="utf-8")
    return result
