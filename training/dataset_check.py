"""Validates a page-shaped dataset: schema, labels, languages, minimum counts, duplicates, ordering."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from classifier.labels import LABELS
from classifier.readers import read_table

from .near_duplicates import NEAR_THRESHOLD, near_duplicates

SCHEMA = ("doc_id", "outlet", "lang", "position", "text", "label")
REQUIRED_LANGS = tuple(
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ar ja ko nb ru tr uk zh".split()
)
MINIMUM_DISTINCT = {"consent": 60, "chrome": 80, "body": 150}
MINIMUM_PAGES = 8
MINIMUM_OUTLETS = 60
OVERLAP_MIN_CHARS = 30


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    counts: pd.DataFrame | None = None
    summary: dict = field(default_factory=dict)
    near: list[tuple[str, float]] = field(default_factory=list)  # (our text, cosine) near a reference line

    @property
    def ok(self) -> bool:
        return not self.problems


def distinct_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Per language: distinct texts per label, rows, pages and outlets."""
    distinct = frame.drop_duplicates(["lang", "label", "text"]).groupby(["lang", "label"]).size()
    table = distinct.unstack(fill_value=0).reindex(columns=list(LABELS), fill_value=0)
    table["rows"] = frame.groupby("lang").size()
    table["pages"] = frame.groupby("lang")["doc_id"].nunique()
    table["outlets"] = frame.groupby("lang")["outlet"].nunique()
    table["chrome_share"] = (frame["label"] == "chrome").groupby(frame["lang"]).mean().round(3)
    return table


def check_dataset(
    frame: pd.DataFrame,
    required_langs: tuple[str, ...] = REQUIRED_LANGS,
    minimum: dict | None = None,
    minimum_pages: int = MINIMUM_PAGES,
    minimum_outlets: int = MINIMUM_OUTLETS,
    against: list[pd.DataFrame] | None = None,
) -> CheckResult:
    """Everything wrong with `frame`, as sentences; empty when the dataset is sound."""
    minimum = MINIMUM_DISTINCT if minimum is None else minimum
    result = CheckResult()
    missing = [c for c in SCHEMA if c not in frame.columns]
    if missing:
        result.problems.append(f"missing column(s): {', '.join(missing)}")
        return result
    bad_labels = sorted(set(frame["label"]) - set(LABELS))
    if bad_labels:
        result.problems.append(f"unknown label(s): {', '.join(map(str, bad_labels))}")
    empty = frame["text"].astype(str).str.strip().eq("")
    if empty.any():
        result.problems.append(f"{int(empty.sum())} empty paragraph(s), first at row {int(empty.idxmax())}")
    dup = frame.duplicated(["doc_id", "position"])
    if dup.any():
        result.problems.append(f"{int(dup.sum())} duplicate (doc_id, position) pair(s)")
    for doc_id, positions in frame.groupby("doc_id", sort=False)["position"]:
        values = pd.to_numeric(positions, errors="coerce").tolist()
        if values != list(range(len(values))):
            result.problems.append(f"page {doc_id}: positions are not 0..{len(values) - 1} in order")
            break
    per_doc_outlets = frame.groupby("doc_id")["outlet"].nunique()
    if (per_doc_outlets > 1).any():
        result.problems.append(f"page {per_doc_outlets.idxmax()} mixes outlets")
    counts = distinct_counts(frame)
    result.counts = counts
    for lang in required_langs:
        if lang not in counts.index:
            result.problems.append(f"language {lang}: missing")
            continue
        for label, needed in minimum.items():
            have = int(counts.loc[lang, label])
            if have < needed:
                result.problems.append(f"language {lang}: {have} distinct {label} paragraphs, needs {needed}")
        if int(counts.loc[lang, "pages"]) < minimum_pages:
            result.problems.append(f"language {lang}: {int(counts.loc[lang, 'pages'])} pages, needs {minimum_pages}")
    outlets = frame["outlet"].nunique()
    if outlets < minimum_outlets:
        result.problems.append(f"{outlets} outlets, needs {minimum_outlets}")
    overlap = 0
    if against:
        ours = set(frame["text"].astype(str)[frame["text"].astype(str).str.len() >= OVERLAP_MIN_CHARS])
        for other in against:
            shared = ours & set(other["text"].astype(str))
            overlap += len(shared)
        if overlap:
            result.problems.append(
                f"{overlap} paragraph(s) of {OVERLAP_MIN_CHARS}+ characters also appear in the reference data"
            )
        reference = [t for other in against for t in other["text"].astype(str)]
        near = near_duplicates(list(ours), reference, min_chars=OVERLAP_MIN_CHARS)
        result.near = near
        if near:
            result.problems.append(
                f"{len(near)} paragraph(s) of {OVERLAP_MIN_CHARS}+ characters are near-duplicates of reference "
                f"lines (character n-gram cosine >= {NEAR_THRESHOLD}), first: {near[0][0]!r}"
            )
    result.summary = {
        "rows": int(len(frame)),
        "pages": int(frame["doc_id"].nunique()),
        "outlets": int(outlets),
        "languages": int(frame["lang"].nunique()),
        "label_share": {k: round(float(v), 3) for k, v in frame["label"].value_counts(normalize=True).items()},
        "overlap_with_reference": overlap if against else None,
        "near_duplicates_of_reference": len(result.near) if against else None,
    }
    return result


def check_files(paths: list[str], against: list[str] | None = None, **kwargs) -> CheckResult:
    frame = pd.concat([read_table(str(p)) for p in paths], ignore_index=True)
    others = [read_table(str(p)) for p in against or []]
    return check_dataset(frame, against=others, **kwargs)


def dataset_source_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "datasets" / "source"
