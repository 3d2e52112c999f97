"""Per-language figures of one or more models on the three evaluation files in ../shared/data.

    python -m training.shared_figures models/default.joblib [OTHER.joblib ...] [--shared ../shared]

Prints Markdown tables (the datasheet and model card quote them): body/accuracy on real pages, consent
recall on real consent-manager strings (all rows and rows of 40+ characters), and the share of real
furniture strings labelled chrome and consent. Loose strings are scored each as a page of its own,
exactly as `../shared/tools/score.py` hands them over.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from classifier.labelling import model_input
from classifier.model_file import load_model

from .metrics import figures


def _loose(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(doc_id=[f"s{i}" for i in range(len(frame))], position=0)


def shared_figures(model, shared: Path) -> dict:
    data = shared / "data"
    pages = pd.read_csv(data / "dev_pages.csv", keep_default_na=False)
    consent = _loose(pd.read_csv(data / "consent_dev.csv", keep_default_na=False))
    chrome = _loose(pd.read_csv(data / "chrome_dev.csv", keep_default_na=False))
    out = {}
    pred = model.predict(model_input(pages))
    out["pages"] = figures(pages["label"].to_numpy(), pred)
    out["pages_lang"] = {
        lang: figures(g["label"].to_numpy(), pred[g.index.to_numpy()]) for lang, g in pages.groupby("lang")
    }
    pc = model.predict(model_input(consent))
    long = consent["text"].str.len().to_numpy() >= 40
    out["consent"] = {"recall_all": float((pc == "consent").mean()), "recall_40": float((pc[long] == "consent").mean())}
    out["consent_lang"] = {}
    for lang, g in consent.groupby("lang"):
        idx = g.index.to_numpy()
        sel = idx[long[idx]]
        out["consent_lang"][lang] = {
            "n": len(idx),
            "recall_all": float((pc[idx] == "consent").mean()),
            "n40": len(sel),
            "recall_40": float((pc[sel] == "consent").mean()) if len(sel) else np.nan,
        }
    ph = model.predict(model_input(chrome))
    out["chrome"] = {"as_chrome": float((ph == "chrome").mean()), "as_consent": float((ph == "consent").mean())}
    out["chrome_lang"] = {
        lang: {"n": len(g), "as_chrome": float((ph[g.index] == "chrome").mean())} for lang, g in chrome.groupby("lang")
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    args = parser.parse_args()
    results = {m: shared_figures(load_model(m), Path(args.shared)) for m in args.models}
    names = [Path(m).name for m in args.models]
    print("| figure | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
    rows = [
        ("dev_pages body-F1", lambda r: r["pages"]["body_f1"]),
        ("dev_pages accuracy", lambda r: r["pages"]["accuracy"]),
        ("dev_pages macro-F1", lambda r: r["pages"]["macro_f1"]),
        ("consent_dev recall (all rows)", lambda r: r["consent"]["recall_all"]),
        ("consent_dev recall (40+ chars)", lambda r: r["consent"]["recall_40"]),
        ("chrome_dev labelled chrome", lambda r: r["chrome"]["as_chrome"]),
        ("chrome_dev labelled consent", lambda r: r["chrome"]["as_consent"]),
    ]
    for name, get in rows:
        print(f"| {name} | " + " | ".join(f"{get(results[m]):.3f}" for m in args.models) + " |")
    print("\nPer language, dev_pages (body-F1 / accuracy):\n")
    langs = sorted(next(iter(results.values()))["pages_lang"])
    print("| lang | n | " + " | ".join(names) + " |\n|---|---:|" + "---:|" * len(names))
    for lang in langs:
        first = results[args.models[0]]["pages_lang"][lang]
        cells = [
            f"{results[m]['pages_lang'][lang]['body_f1']:.3f} / {results[m]['pages_lang'][lang]['accuracy']:.3f}"
            for m in args.models
        ]
        print(f"| {lang} | {first['n']} | " + " | ".join(cells) + " |")
    print("\nPer language, consent_dev recall (all rows / 40+ characters) and chrome_dev share labelled chrome:\n")
    langs = sorted(set(results[args.models[0]]["consent_lang"]) | set(results[args.models[0]]["chrome_lang"]))
    header = " | ".join(f"{n} consent | {n} chrome" for n in names)
    print(f"| lang | consent n (40+) | chrome n | {header} |\n|---|---:|---:|" + "---:|---:|" * len(names))
    for lang in langs:
        c0 = results[args.models[0]]["consent_lang"].get(lang)
        h0 = results[args.models[0]]["chrome_lang"].get(lang)
        cells = []
        for m in args.models:
            c = results[m]["consent_lang"].get(lang)
            h = results[m]["chrome_lang"].get(lang)
            cells.append(f"{c['recall_all']:.2f} / {c['recall_40']:.2f}" if c else "–")
            cells.append(f"{h['as_chrome']:.2f}" if h else "–")
        cn = f"{c0['n']} ({c0['n40']})" if c0 else "–"
        hn = str(h0["n"]) if h0 else "–"
        print(f"| {lang} | {cn} | {hn} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
