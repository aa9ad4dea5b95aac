"""Validators that turn raw action input strings into typed values.

Every action input arrives as a string. These pydantic validators split
lists, parse `key=value` lines, booleans and numbers, and check enums, each
raising ValueError with a message that shows the value and the fix.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def one_of(allowed: tuple[str, ...], optional: bool = False) -> BeforeValidator:
    """Check a value against an enum, case-sensitively, as SageMaker does."""

    def check(value: Any) -> Any:
        if optional and value == "":
            return value
        if value not in allowed:
            raise ValueError(f"'{value}' is not valid; use {_or_list(allowed)}")
        return value

    return BeforeValidator(check)


def _or_list(items: tuple[str, ...]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1]


def _split_list(value: Any) -> Any:
    """Split a comma- or line-separated input; an empty input is an empty tuple."""
    if not isinstance(value, str):
        return value
    parts = value.replace("\n", ",").split(",")
    return tuple(part.strip() for part in parts if part.strip())


def _parse_pairs(value: Any) -> Any:
    """Parse one `key=value` a line into a dict, keeping the order of the lines."""
    if not isinstance(value, str):
        return value
    pairs: dict[str, str] = {}
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, item = line.partition("=")
        if not sep:
            raise ValueError(
                f"line {number} '{line.strip()}' has no '='; write one key=value a line"
            )
        if key.strip() in pairs:
            raise ValueError(f"key '{key.strip()}' is given twice")
        pairs[key.strip()] = item.strip()
    return pairs


def _parse_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise ValueError(f"'{value}' is not a boolean; use true or false")
    return value


def int_parser(minimum: int, maximum: int) -> Any:
    """Return a validator for a whole number input within [minimum, maximum]."""

    def parse(value: Any) -> Any:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        digits = len(str(maximum))
        if not (text.isascii() and text.isdigit() and len(text) <= digits) or not (
            minimum <= int(text) <= maximum
        ):
            raise ValueError(
                f"'{value}' is not valid; use a whole number from {minimum} "
                f"to {maximum}"
            )
        return int(text)

    return parse


def raw_default(text: str) -> Any:
    """Declare a default as the raw input string that action.yml declares."""
    return Field(default=text)


class MetricsFileSpec(BaseModel):
    """One line of `metrics-file`: a report path and an optional evaluation name."""

    model_config = ConfigDict(frozen=True)

    path: str
    name: str | None = None


def parse_metrics_files(value: Any) -> Any:
    """Parse `metrics-file`: one path a line, or `name=path` to name the evaluation."""
    if not isinstance(value, str):
        return value
    specs = []
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        name, sep, path = line.partition("=")
        if sep and name.strip() and "/" not in name:
            specs.append(MetricsFileSpec(path=path.strip(), name=name.strip()))
        else:
            specs.append(MetricsFileSpec(path=line))
    return tuple(specs)


CommaList = Annotated[tuple[str, ...], BeforeValidator(_split_list)]
KeyValues = Annotated[dict[str, str], BeforeValidator(_parse_pairs)]
Flag = Annotated[bool, BeforeValidator(_parse_bool)]
OptionalText = str | None
