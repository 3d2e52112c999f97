"""The Typer app and the entry point that turns user errors into one line and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import BoilerplateError

app = typer.Typer(
    name="boilerplate",
    help="Tag each paragraph of scraped pages as consent, chrome or body.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Options several commands share, declared once.
ModelOption = Annotated[Path | None, typer.Option("--model", "-m", help="Model file (default: the shipped model).")]
TrustModelOption = Annotated[
    bool, typer.Option("--trust-model", help="Load a .joblib model this installation did not make.")
]


def fail(message: str, code: int = 1) -> None:
    """Print one error line and exit non-zero."""
    print(f"boilerplate: error: {message}", file=sys.stderr)
    sys.exit(code)


def _register() -> None:
    from . import compare, dataset, evaluate, label, review, train  # noqa: F401  (each registers its command)


def main() -> None:
    """Run the app; a BoilerplateError becomes one line on stderr and exit code 1."""
    _register()
    try:
        app()
    except BoilerplateError as exc:
        fail(str(exc), getattr(exc, "exit_code", 1))
    except KeyboardInterrupt:
        fail("interrupted", 130)
