"""Errors a user can act on: the CLI prints their message as one line and exits non-zero."""


class BoilerplateError(Exception):
    """A problem with the user's input, model or output path, worded for the user."""


class InputError(BoilerplateError):
    """An input file is missing, unreadable or lacks what is needed."""


class ModelError(BoilerplateError):
    """A model file is missing, foreign or made by an incompatible library version."""


class Interrupted(BoilerplateError):
    """The user stopped the run (Ctrl-C); exit code 130 as shells expect."""

    exit_code = 130
