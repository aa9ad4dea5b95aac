"""Read `model-card-file`: model card content sections in YAML or JSON."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from .errors import InputError

MAX_CARD_FILE_BYTES = 1024 * 1024


def resolve_path(path: str, base_dir: Path) -> Path:
    """Return `path` resolved against the workspace when it is relative."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else base_dir / candidate


def read_text_file(
    path: str, base_dir: Path, *, max_bytes: int, input_name: str
) -> str:
    """Return the UTF-8 text of a file that an input names, or raise InputError."""
    resolved = resolve_path(path, base_dir)
    if not resolved.is_file():
        raise InputError(
            f"{input_name}: '{path}' does not exist or is not a file; check the path "
            "(relative paths start at the workspace: check out the repository first)",
            file=path,
        )
    size = resolved.stat().st_size
    if size == 0:
        raise InputError(f"{input_name}: '{path}' is empty", file=path)
    if size > max_bytes:
        raise InputError(
            f"{input_name}: '{path}' is {size} bytes, max {max_bytes}", file=path
        )
    try:
        return resolved.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{input_name}: '{path}' is not UTF-8 text (byte {err.start}); "
            "save it as UTF-8",
            file=path,
        ) from err


# Deeper nesting than any card section needs; it also keeps recursion bounded.
MAX_DEPTH = 32
# Largest integer that every JSON parser reads exactly (2**53, IEEE 754 double).
MAX_SAFE_INTEGER = 2**53
# Sections and the JSON type each must have in the card file.
SECTION_TYPES: dict[str, type] = {
    "model_overview": dict,
    "intended_uses": dict,
    "business_details": dict,
    "training_details": dict,
    "evaluation_details": list,
    "additional_information": dict,
    "model_package_details": dict,
}


def load_card_file(path: str, base_dir: Path) -> dict[str, Any]:
    """Parse a card file as JSON (`.json`) or YAML (anything else) into a mapping.

    Anchors and aliases, duplicate keys, nesting deeper than MAX_DEPTH and
    integers beyond MAX_SAFE_INTEGER are rejected, so a small file cannot
    expand into a huge card or be read differently by SageMaker.
    """
    text = read_text_file(
        path, base_dir, max_bytes=MAX_CARD_FILE_BYTES, input_name="model-card-file"
    )
    try:
        if path.endswith(".json"):
            content = _parse_json(path, text)
        else:
            content = _parse_yaml(path, text)
    except RecursionError as err:
        raise InputError(
            f"model-card-file: '{path}' is nested too deeply (max {MAX_DEPTH} levels)",
            file=path,
        ) from err
    if not isinstance(content, dict):
        raise InputError(
            f"model-card-file: '{path}' contains a {type(content).__name__}, expected "
            "a mapping of card sections such as model_overview and intended_uses",
            file=path,
        )
    _check_plain_values(content, path, "", 0)
    _check_section_types(content, path, base_dir)
    return content


def _check_section_types(content: dict[str, Any], path: str, base_dir: Path) -> None:
    for section, expected in SECTION_TYPES.items():
        value = content.get(section)
        if section in content and value is None:
            # An empty section (`model_overview:` with nothing under it).
            del content[section]
        elif value is not None and not isinstance(value, expected):
            kind = "a mapping of fields" if expected is dict else "a list"
            raise InputError(
                f"model-card-file: '{path}': {section} is a "
                f"{type(value).__name__}, expected {kind}",
                file=path,
                line=find_line(path, base_dir, (section,)),
            )


def _check_plain_values(value: Any, path: str, where: str, depth: int) -> None:
    """Raise InputError for values that have no plain JSON form, such as dates."""
    if depth > MAX_DEPTH:
        raise InputError(
            f"model-card-file: '{path}': {where} is nested too deeply "
            f"(max {MAX_DEPTH} levels)",
            file=path,
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(
                    f"model-card-file: '{path}': key {key!r} at '{where or '/'}' "
                    "is not a string; quote it",
                    file=path,
                )
            inner = f"{where}.{key}" if where else key
            _check_plain_values(item, path, inner, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain_values(item, path, f"{where}[{index}]", depth + 1)
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InputError(
                f"model-card-file: '{path}': {where} is an integer too large to "
                f"keep exactly in JSON (max {MAX_SAFE_INTEGER}); quote it",
                file=path,
            )
    elif value is not None and not isinstance(value, str | float):
        raise InputError(
            f"model-card-file: '{path}': {where} is a {type(value).__name__}; "
            "quote it to make it a string",
            file=path,
        )


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise ValueError(f"key {key!r} is given twice")
        mapping[key] = value
    return mapping


def _parse_json(path: str, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as err:
        raise InputError(
            f"model-card-file: '{path}' is not valid JSON: {err.msg} "
            f"at line {err.lineno} column {err.colno}",
            file=path,
            line=err.lineno,
        ) from err
    except ValueError as err:
        raise InputError(
            f"model-card-file: '{path}' is not valid: {err}", file=path
        ) from err


def _parse_yaml(path: str, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())  # noqa: S506 - safe loader
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


@functools.cache
def _strict_loader() -> Any:
    """Return a SafeLoader that rejects aliases and duplicate keys.

    An alias lets a few hundred bytes expand into gigabytes (a "billion laughs"
    file), and no card needs one.
    """
    import yaml
    from yaml.constructor import ConstructorError

    class StrictLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ConstructorError(
                    None, None, "aliases (*name) are not allowed in a card file", mark
                )
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            # Merge keys (<<) first, as SafeLoader does, so they are not keys.
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    duplicate = False
                if duplicate:
                    raise ConstructorError(
                        None, None, f"key {key!r} is given twice", key_node.start_mark
                    )
            return super().construct_mapping(node, deep)

    return StrictLoader


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
