"""Exceptions that end a run with one error annotation and exit code 1.

Anything else that escapes the pipeline is a bug and keeps its traceback.
"""

from __future__ import annotations


class RegistrarError(Exception):
    """Base class for every failure the registrar reports to the user."""

    title = "Registration failed"

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line


class InputError(RegistrarError):
    """An action input, or a file that an input names, is invalid."""

    title = "Invalid input"


class PayloadError(RegistrarError):
    """A request built from valid inputs would break a SageMaker limit or schema."""

    title = "Invalid request"
    # JSON path of the first problem inside the payload, when there is one.
    path: tuple[str | int, ...] = ()


class SageMakerError(RegistrarError):
    """An AWS call failed in a way that retrying cannot fix."""

    title = "AWS request failed"
