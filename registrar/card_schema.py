"""Validate SageMaker model card content before it is sent.

botocore checks no maximum lengths, patterns or enums, and SageMaker does not
document the text of its own schema errors. So the registrar checks card content
locally against the JSON schemas in registrar/schemas and reports every
violation with its JSON path. jsonschema is imported on first use only, which
keeps start-up fast for runs without a model card.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from registrar.errors import PayloadError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# CreateModelCard Content and ModelPackageModelCard.ModelCardContent are strings
# of at most 100,000 characters.
# NOTE: this counts Unicode code points. Whether SageMaker counts code points or
# UTF-16 code units (emoji count twice) is not documented.
MAX_CONTENT_CHARS = 100_000

FULL_SCHEMA = "model-card.schema.json"
EMBEDDED_SCHEMA = "model-package-card.schema.json"

_PREFIX = "model card"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_SHOWN_CHARS = 40
# Suggest a known key only when it is this similar to the unknown one, so that
# "model_name" in a package card is not "corrected" to "model_creator".
_SUGGESTION_CUTOFF = 0.8
_NON_FINITE_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}

PathParts = Sequence[str | int]


def serialize_card_content(content: dict[str, Any]) -> str:
    """Serialize card content to the exact JSON text that is sent to SageMaker."""
    return _serialize(content, source=None)


def validate_card_content(
    content: dict[str, Any], *, embedded: bool = False, source: str | None = None
) -> None:
    """Raise PayloadError if content breaks the card schema or the size limit.

    The message lists every violation, one per line, best match first.
    `embedded` selects the schema of the card inside a model package instead of
    the standalone card. `source` is the card file, reported as the error's file.
    """
    problems, first_path = _schema_problems(content, _validator(embedded))
    problems += _non_finite_problems(content)
    if problems:
        error = PayloadError("\n".join(problems), file=source)
        error.path = tuple(first_path)
        raise error

    size = len(_serialize(content, source))
    if size > MAX_CONTENT_CHARS:
        rule = (
            f"{size} characters as serialized JSON, max {MAX_CONTENT_CHARS} "
            "(shorten text fields or remove metrics)"
        )
        raise PayloadError(_line((), rule), file=source)


def _serialize(content: Any, source: str | None) -> str:
    try:
        return json.dumps(
            content,
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
            sort_keys=True,
        )
    except ValueError as error:
        # allow_nan=False rejects NaN and Infinity. The other ValueError that
        # json.dumps raises is for a circular reference.
        problems = _non_finite_problems(content) or [
            _line((), f"cannot be serialized as JSON: {error}")
        ]
        raise PayloadError("\n".join(problems), file=source) from error
    except TypeError as error:
        rule = f"cannot be serialized as JSON: {error}"
        raise PayloadError(_line((), rule), file=source) from error


@functools.cache
def _validator(embedded: bool) -> Validator:
    from jsonschema import Draft7Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    full = _load_schema(FULL_SCHEMA)
    # The package card schema refers to the full schema by its file name.
    registry = Registry().with_resource(FULL_SCHEMA, DRAFT7.create_resource(full))
    schema = _load_schema(EMBEDDED_SCHEMA) if embedded else full
    return Draft7Validator(schema, registry=registry)


def _load_schema(name: str) -> dict[str, Any]:
    path = resources.files("registrar") / "schemas" / name
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _schema_problems(content: Any, validator: Validator) -> tuple[list[str], PathParts]:
    """Return one line per violation, and the path of the best match."""
    from jsonschema.exceptions import best_match

    errors = list(validator.iter_errors(content))
    best = best_match(errors)
    if best is None:
        return [], ()

    rest = [error for error in errors if error is not best]
    rest.sort(key=lambda error: _path_sort_key(error.absolute_path))
    lines: dict[str, None] = {}
    for error in [best, *rest]:
        for path, rule in _describe(error):
            lines[_line(path, rule)] = None
    return list(lines), list(best.absolute_path)


def _describe(error: ValidationError) -> list[tuple[PathParts, str]]:
    path = list(error.absolute_path)
    instance: Any = error.instance
    if error.validator == "additionalProperties":
        return _unknown_keys(path, instance, error.schema)
    if error.validator == "required":
        names: Any = error.validator_value
        missing = [name for name in names if name not in instance]
        return [([*path, name], "required key is missing") for name in missing]
    if "propertyNames" in error.relative_schema_path:
        # jsonschema reports a bad key at the path of its object.
        return [([*path, instance], _key_rule(error))]
    return [(path, _rule(error))]


def _unknown_keys(
    path: list[str | int], instance: Any, schema: Any
) -> list[tuple[PathParts, str]]:
    allowed = list(schema.get("properties", {}))
    by_normal_form = {_normal_form(name): name for name in allowed}
    problems: list[tuple[PathParts, str]] = []
    for key in instance:
        if key in allowed:
            continue
        close = difflib.get_close_matches(
            _normal_form(str(key)), by_normal_form, n=1, cutoff=_SUGGESTION_CUTOFF
        )
        if close:
            hint = f"did you mean {by_normal_form[close[0]]}?"
        else:
            hint = f"allowed keys: {', '.join(allowed)}"
        problems.append(([*path, key], f"unknown key ({hint})"))
    return problems


def _normal_form(key: str) -> str:
    """Fold case and separators, so ModelOverview and model-overview both match."""
    return key.lower().replace("_", "").replace("-", "")


def _key_rule(error: ValidationError) -> str:
    if error.validator == "pattern":
        return f"invalid key, keys must match {error.validator_value}"
    return f"invalid key, keys must be strings, got {_show(error.instance)}"


def _rule(error: ValidationError) -> str:
    instance: Any = error.instance
    limit: Any = error.validator_value
    match error.validator:
        case "maxLength":
            return f"{len(instance)} characters, max {limit}"
        case "minLength":
            return f"{len(instance)} characters, min {limit}"
        case "maxItems":
            return f"{len(instance)} items, max {limit}"
        case "minItems":
            return f"{len(instance)} items, min {limit}"
        case "enum":
            allowed = ", ".join(str(value) for value in limit)
            value_text = (
                _quote(instance) if isinstance(instance, str) else _show(instance)
            )
            return f"{value_text} is not one of {allowed}"
        case "type":
            expected = " or ".join(limit) if isinstance(limit, list) else limit
            return f"expected {expected}, got {_show(instance)}"
        case "minimum":
            return f"{_show(instance)} is less than the minimum {limit}"
    return error.message


def _show(value: Any) -> str:
    """Describe value by its JSON type, followed by the value if it is a scalar."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return f"string {_quote(value)}"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def _quote(value: Any) -> str:
    """Quote a string value, shortened to a readable length."""
    if isinstance(value, str) and len(value) > _MAX_SHOWN_CHARS:
        return f"{value[:_MAX_SHOWN_CHARS]!r}..."
    return repr(value)


def _non_finite_problems(content: Any) -> list[str]:
    problems = []
    for path, value in _non_finite_floats(content):
        name = _NON_FINITE_NAMES[repr(value)]
        problems.append(_line(path, f"{name} is not valid in JSON, use a number"))
    return problems


def _non_finite_floats(content: Any) -> Iterator[tuple[PathParts, float]]:
    # Iterative, and each container is visited once, so neither deep nesting
    # nor a YAML alias that contains itself can overflow the stack.
    stack: list[tuple[PathParts, Any]] = [((), content)]
    seen: set[int] = set()
    while stack:
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            yield path, value
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        children = [((*path, key), child) for key, child in items]
        stack.extend(reversed(children))


def _line(path: PathParts, rule: str) -> str:
    return f"{_PREFIX}: {_format_path(path)}: {rule}"


def _format_path(path: PathParts) -> str:
    """Format a path as dotted keys and [index] parts, e.g. a.b[0].c."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not isinstance(part, str):
            # A YAML key may load as another type, for example a date.
            text += f"[{part!r}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text or "(root)"


def _path_sort_key(path: PathParts) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, part) if isinstance(part, int) else (1, str(part)) for part in path
    )
