"""Read `model-card-file`: model card content sections in YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_CARD_FILE_BYTES = 1024 * 1024


def resolve_path(path: str, base_dir: Path) -> Path:
    """Return `path` resolved against the workspace when it is relative."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else base_dir / candidate


def read_text_file(path: str, base_dir: Path, *, max_bytes: int, what: str) -> str:
    """Return the UTF-8 text of a file that an input names, or raise InputError."""
    resolved = resolve_path(path, base_dir)
    if not resolved.is_file():
        raise InputError(
            f"{what}: '{path}' does not exist or is not a file; check the path "
            "(relative paths start at the workspace: check out the repository first)",
            file=path,
        )
    size = resolved.stat().st_size
    if size == 0:
        raise InputError(f"{what}: '{path}' is empty", file=path)
    if size > max_bytes:
        raise InputError(
            f"{what}: '{path}' is {size} bytes, max {max_bytes}", file=path
        )
    try:
        return resolved.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{what}: '{path}' is not UTF-8 text (byte {err.start}); save it as UTF-8",
            file=path,
        ) from err


def load_card_file(path: str, base_dir: Path) -> dict[str, Any]:
    """Parse a card file as JSON (`.json`) or YAML (anything else) into a mapping."""
    text = read_text_file(
        path, base_dir, max_bytes=MAX_CARD_FILE_BYTES, what="model-card-file"
    )
    if path.endswith(".json"):
        content = _parse_json(path, text)
    else:
        content = _parse_yaml(path, text)
    if not isinstance(content, dict):
        raise InputError(
            f"model-card-file: '{path}' holds a {type(content).__name__}, expected "
            "a mapping of card sections such as model_overview and intended_uses",
            file=path,
        )
    _check_plain_values(content, path, "")
    return content


def _check_plain_values(value: Any, path: str, where: str) -> None:
    """Raise InputError for YAML values that have no JSON form, such as dates."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(
                    f"model-card-file: '{path}': key {key!r} at '{where or '/'}' "
                    "is not a string; quote it",
                    file=path,
                )
            _check_plain_values(item, path, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain_values(item, path, f"{where}[{index}]")
    elif value is not None and not isinstance(value, str | int | float | bool):
        raise InputError(
            f"model-card-file: '{path}': {where} is a {type(value).__name__}; "
            "quote it to make it a string",
            file=path,
        )


def _parse_json(path: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"model-card-file: '{path}' is not valid JSON: {err.msg} "
            f"at line {err.lineno} column {err.colno}",
            file=path,
            line=err.lineno,
        ) from err


def _parse_yaml(path: str, text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        where = f" at line {line}" if line else ""
        raise InputError(
            f"model-card-file: '{path}' is not valid YAML: {err.problem}{where}",
            file=path,
            line=line,
        ) from err
    except yaml.YAMLError as err:
        raise InputError(
            f"model-card-file: '{path}' is not valid YAML: {err}", file=path
        ) from err


def find_line(path: str, base_dir: Path, parts: tuple[str | int, ...]) -> int | None:
    """Return the 1-based line of the value at `parts` in a card file, if present.

    The file is parsed again as a YAML node tree (JSON is read the same way),
    which keeps each value's position.
    """
    import yaml

    try:
        node = yaml.compose(resolve_path(path, base_dir).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    line = None
    for part in parts:
        node = _child(node, part)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _child(node: Any, part: str | int) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return node.value[part] if part < len(node.value) else None
    return None
