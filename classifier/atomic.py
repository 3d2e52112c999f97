"""Atomic file writes: a temp file beside the target, renamed over it only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BoilerplateError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path in the target's folder; on success rename it to the target, else delete it.

    An interrupted run therefore never leaves a half-written file under the target's name.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BoilerplateError(f"{target}: output folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BoilerplateError(f"{target}: cannot write in {folder} ({exc.strerror})") from None
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; a finished output gets the usual mode
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as written:
            os.fsync(written.fileno())  # on disk before it takes the target's name
        os.replace(tmp_path, target)
    except OSError as exc:
        raise BoilerplateError(f"{target}: writing failed ({exc.strerror or exc})") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
