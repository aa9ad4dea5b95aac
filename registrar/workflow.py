"""GitHub Actions workflow commands: annotations, log groups and inert log text.

This module is the only one that prints. Outside a runner the same lines are
plain, readable log output.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_stream: TextIO = sys.stdout


def set_stream(stream: TextIO) -> None:
    """Send all workflow output to `stream` (tests and the CLI use this)."""
    global _stream
    _stream = stream


def escape_data(text: str) -> str:
    """Escape a command's message so that a line break cannot end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (`title=`, `file=`) as the runner parses it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def make_inert(text: str) -> str:
    """Return `text` so that no line of it is read as a workflow command.

    The runner treats a log line that starts with `::`, after leading spaces, as a
    command, so text that came from inputs or files could otherwise set outputs
    or masks. A leading "| " marker keeps such a line readable.
    """
    # The runner ends a line at CR as well as LF.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(
        "| " + line if line.lstrip().startswith("::") else line for line in lines
    )


def info(message: str) -> None:
    """Print a plain log line; any workflow command inside it is made inert."""
    _stream.write(make_inert(message) + "\n")
    _stream.flush()


def _command(name: str, message: str, properties: dict[str, str | int | None]) -> None:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    head = f"::{name} {props}" if props else f"::{name}"
    _stream.write(f"{head}::{escape_data(message)}\n")
    _stream.flush()


def error(
    message: str,
    *,
    title: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> None:
    """Print an error annotation, pointing at `file` and `line` when given."""
    _command("error", message, {"title": title, "file": file, "line": line})


def warning(
    message: str,
    *,
    title: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> None:
    """Print a warning annotation."""
    _command("warning", message, {"title": title, "file": file, "line": line})


def notice(message: str, *, title: str | None = None) -> None:
    """Print a notice annotation."""
    _command("notice", message, {"title": title})


def debug(message: str) -> None:
    """Print a debug line, shown only when the run has step debug logging on."""
    _command("debug", message, {})


@contextmanager
def group(title: str) -> Iterator[None]:
    """Fold the lines printed inside the block under `title` in the job log."""
    _stream.write(f"::group::{escape_data(title)}\n")
    _stream.flush()
    try:
        yield
    finally:
        _stream.write("::endgroup::\n")
        _stream.flush()


class WorkflowHandler(logging.Handler):
    """Route log records to the runner: DEBUG to `::debug::`, INFO to plain lines,
    WARNING to warning annotations and ERROR to error annotations.

    A record may carry `file` and `line` in `extra=` to place its annotation.
    """

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        file = getattr(record, "file", None)
        line = getattr(record, "line", None)
        if record.levelno >= logging.ERROR:
            error(message, file=file, line=line)
        elif record.levelno >= logging.WARNING:
            warning(message, file=file, line=line)
        elif record.levelno >= logging.INFO:
            info(message)
        else:
            debug(message)


def configure_logging(debug_enabled: bool) -> None:
    """Send the `registrar` loggers to the runner; DEBUG only when `debug_enabled`."""
    logger = logging.getLogger("registrar")
    logger.handlers[:] = [WorkflowHandler()]
    logger.setLevel(logging.DEBUG if debug_enabled else logging.INFO)
    logger.propagate = False
