"""The progress bar (rate and time left, on a terminal only) for long labelling runs."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int, int], None] | None]:
    """Yield an `on_progress(bytes_done, bytes_total, paragraphs)` callback drawing a rich bar on
    stderr, or None when disabled or when stderr is not a terminal (piped runs stay quiet)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    started = time.perf_counter()
    columns = (
        TextColumn("labelling"),
        BarColumn(),
        TextColumn("{task.percentage:>5.1f}%"),
        TextColumn("{task.fields[paragraphs]:>12,} paragraphs"),
        TextColumn("{task.fields[rate]:>9,.0f}/s"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("label", total=None, paragraphs=0, rate=0.0)

        def update(bytes_done: int, bytes_total: int, paragraphs: int) -> None:
            elapsed = max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=bytes_done, total=bytes_total or None, paragraphs=paragraphs,
                       rate=paragraphs / elapsed)  # fmt: skip

        yield update
