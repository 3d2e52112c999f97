"""Where models live and which ones may be unpickled: the shipped model, the local trust list.

Kept apart from model loading so that a process that only reads and writes files (the parent of a
labelling run) can check a model's trust without importing scikit-learn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import warnings
from importlib import resources
from pathlib import Path

from .atomic import atomic_path
from .errors import BoilerplateError, ModelError

DEFAULT_MODEL_NAME = "default.joblib"


def default_model_path() -> Path:
    """The shipped model: `models/` of a source checkout, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
    if checkout.is_file():
        return checkout
    try:
        return Path(str(resources.files("classifier.default_model") / DEFAULT_MODEL_NAME))
    except (ModuleNotFoundError, TypeError):
        return checkout


def card_path(model_path: str | os.PathLike) -> Path:
    """Where a model's card is written beside it: `name.joblib` (or `.skops`) -> `name.card.json`."""
    p = Path(model_path)
    return p.with_name(p.name.removesuffix(".joblib").removesuffix(".skops") + ".card.json")


def file_sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def trust_file() -> Path:
    """The local trust list: $BOILERPLATE_TRUST_FILE, else $XDG_DATA_HOME/boilerplate/trusted-models.json."""
    if os.environ.get("BOILERPLATE_TRUST_FILE"):
        return Path(os.environ["BOILERPLATE_TRUST_FILE"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "boilerplate" / "trusted-models.json"


def _trusted() -> dict:
    try:
        return json.loads(trust_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def trust(path: str | os.PathLike) -> None:
    """Record a model file's SHA-256 in the local trust list (`train` does this for what it saves)."""
    entries = _trusted()
    entries[file_sha256(path)] = {"path": str(Path(path).resolve()), "trusted_at": dt.datetime.now().isoformat()}
    target = trust_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    except (OSError, BoilerplateError):
        warnings.warn(f"could not record {path} in the trust list {target}", stacklevel=2)


def check_trusted(path: Path, trust_model: bool = False) -> None:
    """Refuse a .joblib file that is not the shipped model, not in the trust list, and not vouched for."""
    if path.suffix.lower() == ".skops" or trust_model or path.resolve() == default_model_path().resolve():
        return
    if file_sha256(path) in _trusted():
        return
    raise ModelError(
        f"{path}: refused: a .joblib model can run code when loaded, and this one was not saved by this "
        f"installation (see {trust_file()}); pass --trust-model only if you trust where it came from, "
        "or use the .skops version of the model"
    )
