"""boilerplate: tag each paragraph of a scraped page as `consent`, `chrome` or `body`.

from classifier import load_model
model = load_model()                      # the shipped default
model.predict(["We use cookies ...", "Text size:", "Russia said Friday ..."])

Names are imported on first use, so that a process that only reads and writes files (the parent of a
labelling run) does not load scikit-learn.
"""

from importlib import import_module

from .errors import BoilerplateError, InputError, ModelError
from .labels import LABELS

_LAZY = {
    "ParagraphClassifier": ".model",
    "default_model_path": ".model_file",
    "load_model": ".model_file",
    "save_model": ".model_file",
    "label_frame": ".labelling",
    "read_paragraphs": ".readers",
    "write_labels": ".writers",
    "label_inputs": ".batch",
    "RunOptions": ".batch",
}

__all__ = ["LABELS", "BoilerplateError", "InputError", "ModelError", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
