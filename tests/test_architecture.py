"""The arrows point one way: labelling loads no training code."""

from __future__ import annotations

import subprocess
import sys


def test_inference_and_label_command_do_not_import_training():
    code = (
        "import sys, classifier, classifier.cli.label, classifier.cli.app; "
        "m = classifier.load_model(); m.predict(['Accept all']); "
        "print(sorted(n for n in sys.modules if n == 'training' or n.startswith('training.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
