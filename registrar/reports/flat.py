"""Convert flat reports: JSON objects of metric name to number, boolean or string.

Top-level values go into one group named after the evaluation. A nested object
becomes a group named by its key, and objects nested deeper by their key path
("test/subset"). Any other value (an array, null) is an error.
"""

from __future__ import annotations

from collections import deque

from .builder import MetricGroups
from .common import QUALITY, JsonObject, ParsedReport, ReportFormat


def detect(data: JsonObject) -> bool:
    """Return whether every leaf of the object tree is a scalar other than null."""
    return find_non_scalar(data) is None


def find_non_scalar(data: JsonObject) -> tuple[str, object] | None:
    """Return the key path and value of the first array or null leaf, if any.

    Nested keys are joined with "/", as in group names.
    """
    pending: deque[tuple[str, JsonObject]] = deque([("", data)])
    while pending:  # a loop, not recursion, so deep nesting cannot overflow
        prefix, values = pending.popleft()
        for key, value in values.items():
            if isinstance(value, dict):
                pending.append((f"{prefix}{key}/", value))
            elif value is None or isinstance(value, list):
                return f"{prefix}{key}", value
    return None


def parse(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Convert a flat report into metric groups, top-level metrics first."""
    groups = MetricGroups()
    pending: deque[tuple[str, JsonObject]] = deque([(evaluation_name, data)])
    top_level = True
    while pending:
        group, values = pending.popleft()
        for key, value in values.items():
            if isinstance(value, dict):
                pending.append((key if top_level else f"{group}/{key}", value))
            else:
                groups.add_scalar(group, key, value)
        top_level = False
    return groups.result()


FLAT = ReportFormat(
    name="flat",
    report_kind=QUALITY,
    requirement="an object whose values are numbers, booleans, short strings "
    "or objects of those",
    detect=detect,
    parse=parse,
)
