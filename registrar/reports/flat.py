"""Flat reports: a JSON object of metric name to number, boolean or string.

Top-level values go into one group named after the evaluation. A nested object
becomes a group named by its key, and objects nested deeper by their key path
("test/subset"). Any other value (an array, null) is an error.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from .builder import MetricGroups
from .common import QUALITY, JsonObject, ParsedReport, ReportFormat


def detect(data: JsonObject) -> bool:
    """Return whether every leaf of the object tree is a scalar other than null."""
    pending: list[Any] = [data]
    while pending:  # a loop, not recursion, so deep nesting cannot overflow
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif value is None or isinstance(value, list):
            return False
    return True


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
