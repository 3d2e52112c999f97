"""Properties over random input: one output row per paragraph, order and ids kept, and labels that do
not depend on how the input is cut into chunks or spread over worker processes."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.batch import RunOptions, label_inputs

paragraph = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120)
page = st.lists(paragraph, min_size=1, max_size=25)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(page, min_size=1, max_size=8), chunk_rows=st.integers(1, 60), jobs=st.sampled_from([1, 2]))
def test_rows_order_ids_and_labels_survive_any_chunking(tmp_path_factory, small_model, pages, chunk_rows, jobs):
    folder = tmp_path_factory.mktemp("prop")
    rows = [
        {"doc_id": f"d{d}", "position": p, "text": text, "row_id": f"{d}-{p}"}
        for d, texts in enumerate(pages)
        for p, text in enumerate(texts)
    ]
    source = folder / "in.parquet"
    pd.DataFrame(rows).to_parquet(source, index=False)
    whole, chunked = folder / "whole.parquet", folder / "chunked.parquet"
    quiet = dict(model_path=small_model, force=True)
    label_inputs([str(source)], str(whole), options=RunOptions(chunk_rows=10**9, jobs=1), **quiet)
    label_inputs([str(source)], str(chunked), options=RunOptions(chunk_rows=chunk_rows, jobs=jobs), **quiet)
    a, b = pd.read_parquet(whole), pd.read_parquet(chunked)
    assert len(b) == len(rows)
    assert b["row_id"].tolist() == [r["row_id"] for r in rows]
    assert b["text"].tolist() == [r["text"] for r in rows]
    assert b[["label", "p_consent", "p_chrome", "p_body"]].equals(a[["label", "p_consent", "p_chrome", "p_body"]])
