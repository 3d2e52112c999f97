"""Archives: many inputs (folders, globs, compressed, HTML, WARC), chunking, jobs and resume."""

from __future__ import annotations

import gzip
import io
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
import zstandard

from classifier.writers import unescape_cell

from .conftest import DATASET, run_cli


@pytest.fixture(scope="module")
def pages_frame() -> pd.DataFrame:
    """Sixty real-shaped pages of our dataset (consent, furniture and articles), in page order."""
    frame = pd.read_csv(DATASET, keep_default_na=False)
    docs = frame["doc_id"].drop_duplicates().iloc[::9].head(60)
    return frame[frame["doc_id"].isin(docs)][["doc_id", "position", "text"]].reset_index(drop=True)


def _label(*args, model) -> subprocess.CompletedProcess:
    result = run_cli("label", *args, "--model", model, "--quiet")
    assert result.returncode == 0, result.stderr
    return result


def test_labels_do_not_depend_on_chunk_size_or_jobs(tmp_path, small_model, pages_frame):
    archive = tmp_path / "pages.parquet"
    pages_frame.to_parquet(archive, index=False)
    outputs = []
    for chunk_rows, jobs in ((1_000_000, 1), (150, 1), (150, 2), (37, 2)):
        out = tmp_path / f"out-{chunk_rows}-{jobs}.parquet"
        _label(archive, "--output", out, "--chunk-rows", chunk_rows, "--jobs", jobs, model=small_model)
        outputs.append(out.read_bytes())
        labelled = pd.read_parquet(out)
        assert len(labelled) == len(pages_frame)
        assert labelled["text"].tolist() == pages_frame["text"].tolist()  # input order kept
    first = pd.read_parquet(tmp_path / "out-1000000-1.parquet")
    for other in outputs[1:]:
        assert pd.read_parquet(io.BytesIO(other)).equals(first)
    assert set(first["label"]) == {"consent", "chrome", "body"}


def test_folders_globs_and_compressed_files(tmp_path, small_model, pages_frame):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    docs = [g for _, g in pages_frame.groupby("doc_id", sort=False)][:4]
    (folder / "a.txt").write_text("\n".join(docs[0]["text"]) + "\n", encoding="utf-8")
    with gzip.open(folder / "b.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(docs[1]["text"]) + "\n")
    (folder / "sub" / "c.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress(docs[2].to_json(orient="records", lines=True).encode())
    )
    docs[3].to_csv(folder / "sub" / "d.csv.gz", index=False, compression="gzip")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    out = tmp_path / "out.csv"
    _label(folder, "--output", out, model=small_model)
    labelled = pd.read_csv(out, keep_default_na=False)
    assert len(labelled) == sum(len(d) for d in docs)
    # CSV cells that a spreadsheet would run as a formula ("@handle ...") carry one leading apostrophe
    assert [unescape_cell(t) for t in labelled["text"]] == [t for d in docs for t in d["text"]]
    globbed = tmp_path / "glob.csv"
    _label(str(folder / "**" / "*.gz"), "--output", globbed, model=small_model)
    assert len(pd.read_csv(globbed)) == len(docs[1]) + len(docs[3])


def test_html_page_is_split_like_a_browser(tmp_path, small_model):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>x</title><script>var t = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<div class='cmp'>We and our partners use cookies to store and access information on your device."
        "<button>Accept all</button></div>"
        "<article><h1>Port strike enters its third week</h1>"
        "<p>Dock workers in the harbour city extended their strike on Monday, "
        "<b>halting</b> container traffic for a third week.</p>"
        "<p>Union leaders said talks with the port authority had stalled over pay.</p></article>"
        "<footer>© 2026 Example Media<br>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    result = _label(page, model=small_model)
    rows = pd.read_json(io.StringIO(result.stdout), lines=True)
    assert rows["text"].tolist() == [
        "Home World",
        "We and our partners use cookies to store and access information on your device.",
        "Accept all",
        "Port strike enters its third week",
        "Dock workers in the harbour city extended their strike on Monday, halting container traffic for a third week.",
        "Union leaders said talks with the port authority had stalled over pay.",
        "© 2026 Example Media",
        "Contact us",
    ]
    assert set(rows["doc_id"]) == {str(page)}


def test_warc_records_are_documents_named_by_url(tmp_path, small_model):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body in (
            ("https://news.example/a", b"<p>Rain is expected across the north on Tuesday.</p><p>Share</p>"),
            ("https://news.example/robots.txt", b"User-agent: *"),
            ("https://news.example/b", b"<div>Cookie settings</div><p>The council approved the budget.</p>"),
        ):
            kind = "text/plain" if url.endswith(".txt") else "text/html; charset=utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))  # fmt: skip
    out = tmp_path / "out.jsonl"
    _label(path, "--output", out, model=small_model)
    rows = pd.read_json(out, lines=True)
    assert rows["doc_id"].tolist() == ["https://news.example/a"] * 2 + ["https://news.example/b"] * 2
    assert rows["position"].tolist() == [0, 1, 0, 1]


def test_interrupted_run_resumes_to_identical_output(tmp_path, small_model, pages_frame):
    archive = tmp_path / "pages.parquet"
    big = pd.concat([pages_frame.assign(doc_id=pages_frame["doc_id"] + f"-{k}") for k in range(8)], ignore_index=True)
    big.to_parquet(archive, index=False)
    reference = tmp_path / "reference.parquet"
    _label(archive, "--output", reference, "--chunk-rows", 400, "--jobs", 1, model=small_model)

    out = tmp_path / "out.parquet"
    parts = tmp_path / ".out.parquet.parts"
    command = [sys.executable, "-m", "classifier", "label", str(archive), "--model", str(small_model),
               "--output", str(out), "--chunk-rows", "400", "--jobs", "1", "--quiet"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while len(list(parts.glob("part-*.json"))) < 3 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "--resume" in err
    assert not out.exists()  # no half output under the output's name
    saved = len(list(parts.glob("part-*.json")))
    assert saved >= 3

    result = run_cli("label", archive, "--model", small_model, "--output", out, "--chunk-rows", 400, "--jobs", 1,
                     "--resume")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{saved} chunks resumed" in result.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not parts.exists()


def test_resume_refuses_work_saved_for_other_options(tmp_path, small_model, pages_frame):
    archive = tmp_path / "pages.csv"
    pages_frame.to_csv(archive, index=False)
    out = tmp_path / "out.csv"
    parts = tmp_path / ".out.csv.parts"
    parts.mkdir()
    (parts / "run.json").write_text('{"fingerprint": "something else"}', encoding="utf-8")
    result = run_cli("label", archive, "--model", small_model, "--output", out, "--resume")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"boilerplate: error: {parts}: the saved work is from other inputs, model or options; "
        "run without --resume to start over"
    )


def test_summary_line_counts_everything(tmp_path, small_model, pages_frame):
    archive = tmp_path / "pages.jsonl"
    pages_frame.to_json(archive, orient="records", lines=True)
    result = run_cli("label", archive, "--model", small_model, "--output", tmp_path / "o.parquet", "--jobs", 2)
    assert result.returncode == 0, result.stderr
    labelled = pd.read_parquet(tmp_path / "o.parquet")
    counts = labelled["label"].value_counts()
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"labelled {len(pages_frame):,} paragraphs ({counts.get('consent', 0):,} consent, ")
    assert f"in {pages_frame['doc_id'].nunique():,} documents from 1 files" in summary


@pytest.mark.skipif(os.environ.get("BOILERPLATE_SKIP_DASK") == "1", reason="dask tests disabled")
def test_dask_engine_matches_local_engine(tmp_path, small_model, pages_frame):
    pytest.importorskip("distributed")
    archive = tmp_path / "pages.parquet"
    pages_frame.to_parquet(archive, index=False)
    local, remote = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    _label(archive, "--output", local, "--chunk-rows", 300, model=small_model)
    result = run_cli("label", archive, "--model", small_model, "--output", remote, "--chunk-rows", 300,
                     "--engine", "dask", "--jobs", 2)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "labelled on 2 Dask workers" in result.stderr
    assert remote.read_bytes() == local.read_bytes()


def test_inputs_with_different_column_types_are_joined(tmp_path, small_model):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"text": "Home", "position": 0}\n', encoding="utf-8")
    second.write_text('{"text": "Sport", "position": "top"}\n{"text": "Weather"}\n', encoding="utf-8")
    out = tmp_path / "out.parquet"
    _label(first, second, "--output", out, "--chunk-rows", 1, model=small_model)
    labelled = pd.read_parquet(out)
    assert labelled["text"].tolist() == ["Home", "Sport", "Weather"]
    assert labelled["position"].tolist()[:2] == ["0", "top"]  # a column mixing types is written as text
    assert pd.isna(labelled["position"].iloc[2])
