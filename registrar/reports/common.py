"""Model card limits, value checks and types shared by the report parsers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

JsonObject = dict[str, Any]
Number = int | float

# Limits of the SageMaker model card content schema (evaluation_details).
MAX_NAME = 63  # evaluation and metric group names
MAX_METRIC_NAME = 255
MAX_TEXT = 63  # string metric values and axis names
MAX_NOTES = 1024
MAX_POINTS = 20  # linear graph points, bars, and matrix rows and columns

QUALITY, BIAS, EXPLAINABILITY = "quality", "bias", "explainability"

# Spellings of NaN and infinity that report writers emit as strings, for
# example Model Monitor's "standard_deviation": "NaN". Compared after
# strip() and lower().
_NON_FINITE_WORDS = frozenset(
    sign + word for sign in ("", "+", "-") for word in ("nan", "inf", "infinity")
)


class ReportError(Exception):
    """Invalid report content.

    The message states what is wrong and how to fix it. load_evaluation adds the
    file name and format and raises InputError.
    """


@dataclass(frozen=True)
class ParsedReport:
    """Metric groups converted from a report and the metrics left out of them."""

    metric_groups: list[JsonObject]
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class ReportFormat:
    """A supported report format: how to recognise it and how to convert it."""

    name: str
    report_kind: str  # the ModelMetrics slot: quality, bias or explainability
    requirement: str  # what detect() looks for, shown when a forced format fails
    detect: Callable[[JsonObject], bool]
    parse: Callable[[JsonObject, str], ParsedReport]  # (data, evaluation name)


def quote(text: str) -> str:
    """Return text quoted for a message, cut to 60 characters."""
    shortened = text if len(text) <= 60 else text[:57] + "..."
    return repr(shortened)


def describe(value: object) -> str:
    """Name the JSON type of value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the string {quote(value)}"
    return "an array" if isinstance(value, list) else "an object"


def is_number(value: object) -> TypeGuard[Number]:
    """Return whether value is a JSON number. A bool is not a number here."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: Number) -> bool:
    """Return whether value is neither NaN nor outside the range of a double.

    NaN fails both comparisons. Python compares int with float exactly, so an
    integer too large for a double counts as infinite: SageMaker stores
    numbers as doubles.
    """
    return -sys.float_info.max <= value <= sys.float_info.max


def spells_non_finite(value: object) -> bool:
    """Return whether value is a string such as "NaN", "Infinity" or "-inf"."""
    return isinstance(value, str) and value.strip().lower() in _NON_FINITE_WORDS


def finite_number(value: object, subject: str) -> Number | None:
    """Return value if it is a finite number, or None if it is NaN or infinite.

    NaN and infinity count both as JSON numbers and as strings. Any other
    value raises ReportError, and `subject` names the value in the message.
    """
    if is_number(value):
        return value if is_finite(value) else None
    if spells_non_finite(value):
        return None
    raise ReportError(f"{subject} is {describe(value)}, but it must be a number.")


def check_name(kind: str, name: object, limit: int, where: str = "") -> str:
    """Return name if it is a string of 1 to `limit` characters.

    `kind` names what the name is for ("metric name"), and `where`, if given,
    where it is ("in group 'test'").
    """
    place = f" {where}" if where else ""
    if not isinstance(name, str):
        raise ReportError(
            f"A {kind}{place} is {describe(name)}, but it must be a string."
        )
    if not name:
        raise ReportError(
            f"A {kind}{place} is empty. Give it a name of 1 to {limit} characters."
        )
    if len(name) > limit:
        raise ReportError(
            f"The {kind} {quote(name)}{place} is {len(name)} characters long, but "
            f"a model card allows at most {limit}. Shorten it in the report."
        )
    return name


def check_text(kind: str, text: object, where: str = "") -> str:
    """Return text if it is a string of at most 63 characters, empty included."""
    place = f" {where}" if where else ""
    if not isinstance(text, str):
        raise ReportError(
            f"A {kind}{place} is {describe(text)}, but it must be a string."
        )
    if len(text) > MAX_TEXT:
        raise ReportError(
            f"The {kind} {quote(text)}{place} is {len(text)} characters long, but "
            f"a model card allows at most {MAX_TEXT}. Shorten it in the report."
        )
    return text


def object_at(data: JsonObject, key: str) -> JsonObject:
    """Return data[key] if it is a JSON object, else raise ReportError."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise ReportError(
            f"{quote(key)} is {describe(value)}, but it must be an object."
        )
    return value


def list_at(data: JsonObject, key: str, where: str) -> list[Any]:
    """Return data[key] if it is a JSON array; `where` names data in messages."""
    value = data.get(key)
    if not isinstance(value, list):
        raise ReportError(
            f"{quote(key)} in {where} is {describe(value)}, but it must be an array."
        )
    return value


def check_matrix_size(name: str, rows: Sequence[Sequence[Any]]) -> None:
    """Raise ReportError unless the matrix has 1 to 20 rows of 1 to 20 cells."""
    width = max((len(row) for row in rows), default=0)
    if not 1 <= len(rows) <= MAX_POINTS or not 1 <= width <= MAX_POINTS:
        raise ReportError(
            f"Matrix {quote(name)} is {len(rows)}x{width}, but a model card allows "
            f"1 to {MAX_POINTS} rows of 1 to {MAX_POINTS} numbers."
        )
    if any(not row for row in rows):
        raise ReportError(f"Matrix {quote(name)} has an empty row.")


def with_notes(metric: JsonObject, notes: str | None) -> JsonObject:
    """Return metric with its notes set, unless notes is empty."""
    if notes:
        if len(notes) > MAX_NOTES:
            raise ReportError(
                f"The notes of metric {quote(metric['name'])} are {len(notes)} "
                f"characters long, but a model card allows at most {MAX_NOTES}."
            )
        metric["notes"] = notes
    return metric


def no_metrics_message(dropped: Sequence[str]) -> str:
    """Explain why a report left no metrics, naming up to five dropped ones."""
    if not dropped:
        return "The report contains no metrics. Add at least one metric value."
    names = ", ".join(dropped[:5]) + (", ..." if len(dropped) > 5 else "")
    return (
        "Every metric in the report has a NaN, infinite or null value, which a "
        f"model card cannot hold ({names}). Fix the evaluation that wrote it."
    )
