"""Renders a model's card (the JSON saved beside it) as a readable Markdown model card.

    python -m training.model_card models/default.joblib [--shared ../shared] > models/MODEL_CARD.md

With `--shared`, the card also gets the model's figures on the real evaluation sets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from classifier.model_file import load_model


def render(card: dict, shared: dict | None = None) -> str:
    cv = card.get("evaluation", {}).get("outlet_grouped_cv", {})
    counts = card["counts"]
    lines = [
        f"# Model card: {card['name']}",
        "",
        "Labels every paragraph of a scraped page `consent`, `chrome` or `body` (policy: `datasets/LABELS.md`).",
        "",
        "## Model",
        "- First stage: TF-IDF over word 1-2-grams and character 1-4-grams (digits folded to 0, lower-cased),",
        "  plus 18 shape features (length, digits, capitals, punctuation, sentence ending, separators, script),",
        "  into a multinomial logistic regression, fitted on distinct (text, label) pairs weighted by the square",
        "  root of their count (a template's repeats do not outvote rarer uses of the same words).",
        "- Second stage (page context): gradient-boosted trees over the first stage's probabilities of the",
        "  paragraph and its neighbours (±3 lines, windows of 2/5/12), neighbour lengths, repeats within the page,",
        "  the span of confident article lines and the share of the page's article-like mass above the line;",
        "  learned from out-of-fold first-stage predictions (folds by outlet) plus short fragments of pages.",
        "  A one-line document has no page to read: the first stage labels it alone.",
        f"- Hyper-parameters: `{card['hyper_parameters']}`; seed {card['seed']}.",
        f"- Made {card['created_at']} with "
        + ", ".join(f"{k} {v}" for k, v in card["library_versions"].items() if v)
        + ".",
        "",
        "## Training data",
    ]
    for item in card["training_data"]:
        lines.append(f"- `{item['path']}` (weight {item['weight']}), SHA-256 `{item['sha256']}`")
    per_label = ", ".join(f"{k} {v}" for k, v in counts["per_label"].items())
    lines += [
        f"- {counts['rows']} paragraphs, {counts['documents']} pages, {counts.get('outlets', '?')} outlets,"
        f" {len(counts.get('per_lang', {}))} languages; {per_label}.",
        "",
    ]
    if cv and "per_class" in cv:
        lines += [
            f"## Outlet-grouped cross-validation ({cv['folds']} folds by {cv['grouped_by']})",
            "",
            f"macro-F1 **{cv['macro_f1']:.3f}**, body-F1 {cv['body_f1']:.3f}, accuracy {cv['accuracy']:.3f}.",
            "",
            "| class | precision | recall | F1 | support |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, m in cv["per_class"].items():
            lines.append(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
        langs = cv.get("groups", {}).get("lang", {})
        if langs:
            lines += ["", "| lang | macro-F1 | body-F1 | accuracy | n |", "|---|---:|---:|---:|---:|"]
            for lang, m in langs.items():
                lines.append(f"| {lang} | {m['macro_f1']:.3f} | {m['body_f1']:.3f} | {m['accuracy']:.3f} | {m['n']} |")
        lines.append("")
    if shared:
        pages, consent, chrome = shared["pages"], shared["consent"], shared["chrome"]
        lines += [
            "## Real pages and strings never trained on (`../shared/data/`)",
            "",
            "| set | figure | value |",
            "|---|---|---:|",
            f"| dev_pages (90 real pages) | body-vs-rest F1 | {pages['body_f1']:.3f} |",
            f"| | accuracy | {pages['accuracy']:.3f} |",
            f"| | macro-F1 | {pages['macro_f1']:.3f} |",
            f"| consent_dev (real consent-manager strings) | recall, all rows | {consent['recall_all']:.3f} |",
            f"| | recall, rows of 40+ characters | {consent['recall_40']:.3f} |",
            f"| chrome_dev (real furniture strings) | labelled chrome | {chrome['as_chrome']:.3f} |",
            f"| | labelled consent | {chrome['as_consent']:.3f} |",
            "",
        ]
    lines += [
        "## Limits",
        "- Trained only on our own synthetic, page-shaped data. Its cross-validation is a check of the data, not a",
        "  forecast: our pages make furniture news-like on purpose (other outlets' real stories in teaser lists,",
        "  long comment threads) and a language with one outlet is wholly unseen when that outlet is held out",
        "  (he, fa). The real-page figures below are what to expect on a site never seen.",
        "- Short lines are the hard part: list items, table cells and subheadings of real articles can be taken",
        "  for menus; teaser summaries and reader comments for article text.",
        "- Probabilities come from the second stage; check `boilerplate evaluate --report` for their reliability",
        "  on your data, and use `--body-threshold` to trade body precision for recall.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--shared", default=None)
    args = parser.parse_args()
    model = load_model(args.model)
    shared = None
    if args.shared:
        from .shared_figures import shared_figures

        shared = shared_figures(model, Path(args.shared))
    print(render(model.card, shared))


if __name__ == "__main__":
    main()
