"""Read a report file and parse it as a JSON object, with errors that name the file."""

from __future__ import annotations

import json
import math
import stat
from pathlib import Path
from typing import Any

from ..errors import InputError
from .common import JsonObject, describe, quote

MAX_REPORT_BYTES = 5 * 1024 * 1024

# JSON has no NaN or Infinity, but Python's json module and many report
# writers emit these tokens. They parse to floats so that the parsers can
# leave the metrics out.
_CONSTANTS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def read_report(path: str, base_dir: Path | None) -> tuple[bytes, JsonObject]:
    """Return the bytes of the report at `path` and its top-level JSON object.

    A relative path is resolved against base_dir when one is given. Raises
    InputError, naming `path` as written, for a missing, empty, oversized,
    non-UTF-8 or non-JSON file and for a top level that is not an object.
    """
    if not path.strip():
        raise InputError(
            "An evaluation report path is empty. Name a JSON file.", file=path
        )
    location = Path(path)
    if base_dir is not None and not location.is_absolute():
        location = base_dir / location
    raw = _read_bytes(path, location)
    text = _decode(path, raw)
    return raw, _parse_object(path, text)


def report_error(path: str, problem: str, line: int | None = None) -> InputError:
    """Return an InputError whose message starts with the report path."""
    return InputError(f"Evaluation report '{path}' {problem}", file=path, line=line)


def _read_bytes(path: str, location: Path) -> bytes:
    try:
        status = location.stat()
    except FileNotFoundError:
        raise report_error(
            path, f"was not found at {location}. Check the path and the workspace."
        ) from None
    except OSError as error:
        raise report_error(path, f"cannot be read: {error.strerror}.") from None
    except ValueError:  # a NUL character, which no file name can contain
        raise report_error(path, "is not a valid path. Name a JSON file.") from None
    _check_status(path, status.st_mode, status.st_size)
    try:
        with location.open("rb") as report:
            raw = report.read(MAX_REPORT_BYTES + 1)
    except OSError as error:
        raise report_error(path, f"cannot be read: {error.strerror}.") from None
    _check_size(path, len(raw))  # the file may have changed since stat()
    return raw


def _check_status(path: str, mode: int, size: int) -> None:
    if stat.S_ISDIR(mode):
        raise report_error(path, "is a directory. Name a JSON file inside it.")
    if not stat.S_ISREG(mode):
        raise report_error(path, "is not a regular file. Name a JSON file.")
    _check_size(path, size)


def _check_size(path: str, size: int) -> None:
    if size == 0:
        raise report_error(
            path, "is empty (0 bytes). Write the report before this step."
        )
    if size > MAX_REPORT_BYTES:
        raise report_error(
            path,
            f"is {size} bytes, but the maximum is {MAX_REPORT_BYTES} bytes (5 MiB). "
            "Keep only summary metrics in the report.",
        )


def _decode(path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")  # accepts and strips a byte order mark
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise report_error(
            path,
            f"is not valid UTF-8 (byte {error.start}, line {line}). Save it as UTF-8.",
            line,
        ) from None


def _parse_object(path: str, text: str) -> JsonObject:
    try:
        data = json.loads(
            text, parse_constant=_CONSTANTS.__getitem__, object_pairs_hook=_unique_keys
        )
    except json.JSONDecodeError as error:
        raise report_error(
            path,
            f"is not valid JSON: {error.msg} at line {error.lineno} column "
            f"{error.colno}.",
            error.lineno,
        ) from None
    except _DuplicateKeyError as error:
        raise report_error(path, f"has the key {error} twice in one object.") from None
    except RecursionError:
        raise report_error(
            path, "has arrays or objects nested too deeply to parse."
        ) from None
    except ValueError:
        # The only ValueError left is Python's default limit of 4300 digits
        # for converting an integer literal.
        raise report_error(
            path, "contains an integer with more than 4300 digits. Remove it."
        ) from None
    if not isinstance(data, dict):
        raise report_error(
            path,
            f"contains {describe(data)} at the top level, but it must be an object.",
        )
    if not data:
        raise report_error(path, "is an empty JSON object. Add the metrics to it.")
    return data


class _DuplicateKeyError(Exception):
    """A key that occurs twice in one JSON object."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> JsonObject:
    """Build an object, raising on a repeated key that json would silently drop."""
    data: JsonObject = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKeyError(quote(key))
        data[key] = value
    return data
