"""boilerplate: tag each paragraph of a scraped page as `consent`, `chrome` or `body`.

from classifier import load_model
model = load_model()                      # the shipped default
model.predict(["We use cookies ...", "Text size:", "Russia said Friday ..."])
"""

from .errors import BoilerplateError, InputError, ModelError
from .labelling import label_frame
from .labels import LABELS
from .model import ParagraphClassifier
from .model_file import default_model_path, load_model, save_model
from .readers import read_paragraphs
from .writers import write_labels

__all__ = [
    "LABELS",
    "BoilerplateError",
    "InputError",
    "ModelError",
    "ParagraphClassifier",
    "default_model_path",
    "label_frame",
    "load_model",
    "read_paragraphs",
    "save_model",
    "write_labels",
]
