"""Check reports that already have model card metric_groups.

Such a report is an evaluation_details entry: metric_groups and optionally
name, evaluation_observation, metadata and datasets. Its metric groups are kept
as written, except that metrics whose value is NaN or infinite, and groups
without metrics, are removed. Graphs longer than 20 points are an error here,
not resampled. The caller checks the other fields against the full schema.
"""

from __future__ import annotations

from typing import Any

from .common import (
    MAX_METRIC_NAME,
    MAX_NAME,
    MAX_NOTES,
    MAX_POINTS,
    QUALITY,
    JsonObject,
    ParsedReport,
    ReportError,
    ReportFormat,
    check_matrix_size,
    check_name,
    check_text,
    describe,
    finite_number,
    no_metrics_message,
    quote,
    spells_non_finite,
)

# Simple metric types and the value each needs, for messages.
SIMPLE_VALUES = {"number": "a number", "string": "a string", "boolean": "a boolean"}
METRIC_KEYS = frozenset(
    {"name", "type", "value", "notes", "x_axis_name", "y_axis_name"}
)


def detect(data: JsonObject) -> bool:
    """Return whether data has a metric_groups key."""
    return "metric_groups" in data


def document_name(data: JsonObject) -> str | None:
    """Return the report's own evaluation name, if it has one."""
    name = data.get("name")
    return name if isinstance(name, str) else None


def parse(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Check the metric groups and remove metrics with a non-finite value."""
    written_groups = data["metric_groups"]
    if not isinstance(written_groups, list) or not written_groups:
        raise ReportError(
            f"'metric_groups' is {describe(written_groups)}, but it must be a "
            "non-empty array of metric groups."
        )
    groups: list[JsonObject] = []
    dropped: list[str] = []
    for group in written_groups:
        finite_group = _check_group(group, dropped)
        if finite_group["metric_data"]:
            groups.append(finite_group)
    if not groups:
        raise ReportError(no_metrics_message(dropped))
    return ParsedReport(groups, tuple(dropped))


def _check_group(group: object, dropped: list[str]) -> JsonObject:
    """Return a copy of the group without metrics whose value is not finite."""
    if not isinstance(group, dict):
        raise ReportError(
            f"A metric group is {describe(group)}, but it must be an object."
        )
    name = check_name("metric group name", group.get("name"), MAX_NAME)
    unknown = sorted(group.keys() - {"name", "metric_data"})
    if unknown:
        raise ReportError(
            f"Metric group {quote(name)} has unknown keys {unknown}. Only name and "
            "metric_data are allowed."
        )
    metrics = group.get("metric_data")
    if not isinstance(metrics, list):
        raise ReportError(f"metric_data of group {quote(name)} must be an array.")
    finite_metrics = []
    for metric in metrics:
        if _check_metric(name, metric):
            finite_metrics.append(metric)
        else:
            dropped.append(f"{name}/{metric['name']}")
    return {"name": name, "metric_data": finite_metrics}


def _check_metric(group: str, metric: object) -> bool:
    """Check a metric's shape and limits; return False if its value is not finite."""
    if not isinstance(metric, dict):
        raise ReportError(
            f"A metric in group {quote(group)} is {describe(metric)}, but it must "
            "be an object."
        )
    where = f"in group {quote(group)}"
    name = check_name("metric name", metric.get("name"), MAX_METRIC_NAME, where)
    unknown = sorted(metric.keys() - METRIC_KEYS)
    if unknown:
        raise ReportError(f"Metric {quote(name)} has unknown keys {unknown}.")
    notes = metric.get("notes", "")
    if not isinstance(notes, str) or len(notes) > MAX_NOTES:
        raise ReportError(
            f"The notes of metric {quote(name)} must be a string of at most "
            f"{MAX_NOTES} characters."
        )
    kind = metric.get("type")
    if kind in SIMPLE_VALUES:
        return _check_simple(name, kind, metric)
    return _check_chart(name, kind, metric)


def _check_simple(name: str, kind: str, metric: JsonObject) -> bool:
    for axis in ("x_axis_name", "y_axis_name"):
        if axis in metric:
            check_text(axis, metric[axis], f"of metric {quote(name)}")
    value = metric.get("value")
    if kind == "number" or spells_non_finite(value):
        return finite_number(value, f"The value of metric {quote(name)}") is not None
    if kind == "boolean" and isinstance(value, bool):
        return True
    if kind == "string" and isinstance(value, str):
        check_text("string value", value, f"of metric {quote(name)}")
        return True
    raise ReportError(
        f"Metric {quote(name)} has type {kind} but its value is {describe(value)}. "
        f"Give it {SIMPLE_VALUES[kind]} value or change its type."
    )


def _check_chart(name: str, kind: object, metric: JsonObject) -> bool:
    value = metric.get("value")
    if kind == "linear_graph":
        points = _sized_list(name, value, "points")
        if not all(isinstance(point, list) and len(point) == 2 for point in points):
            raise ReportError(
                f"Each point of linear graph {quote(name)} must be an [x, y] pair."
            )
        _check_axis_text(name, metric)
        return _all_finite(name, [cell for point in points for cell in point])
    if kind == "bar_chart":
        bars = _sized_list(name, value, "bars")
        labels = metric.get("x_axis_name", [])
        _check_labels(name, labels)
        if "x_axis_name" in metric and len(labels) != len(bars):
            raise ReportError(
                f"Bar chart {quote(name)} has {len(bars)} bars but {len(labels)} "
                "labels. Give one x_axis_name label per bar."
            )
        check_text("y_axis_name", metric.get("y_axis_name", ""), f"of {quote(name)}")
        return _all_finite(name, bars)
    if kind == "matrix":
        if not isinstance(value, list) or not all(isinstance(r, list) for r in value):
            raise ReportError(
                f"The value of matrix {quote(name)} must be an array of rows."
            )
        check_matrix_size(name, value)
        _check_labels(name, metric.get("x_axis_name", []))
        _check_labels(name, metric.get("y_axis_name", []))
        return _all_finite(name, [cell for row in value for cell in row])
    type_text = quote(kind) if isinstance(kind, str) else describe(kind)
    raise ReportError(
        f"Metric {quote(name)} has an unknown type {type_text}. Use number, string, "
        "boolean, linear_graph, bar_chart or matrix."
    )


def _sized_list(name: str, value: object, unit: str) -> list[Any]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_POINTS:
        size = f"{len(value)} {unit}" if isinstance(value, list) else describe(value)
        raise ReportError(
            f"Metric {quote(name)} has {size}, but a model card allows an array of "
            f"1 to {MAX_POINTS} {unit}. Shorten it in the report."
        )
    return value


def _check_axis_text(name: str, metric: JsonObject) -> None:
    for axis in ("x_axis_name", "y_axis_name"):
        check_text(axis, metric.get(axis, ""), f"of metric {quote(name)}")


def _check_labels(name: str, labels: object) -> None:
    if not isinstance(labels, list):
        raise ReportError(
            f"The axis labels of metric {quote(name)} must be an array of strings."
        )
    for label in labels:
        check_text("axis label", label, f"of metric {quote(name)}")


def _all_finite(name: str, cells: list[Any]) -> bool:
    """Return whether every cell is finite; raise if one is not a number."""
    where = f"A value in metric {quote(name)}"
    numbers = [finite_number(cell, where) for cell in cells]  # checks every cell
    return all(number is not None for number in numbers)


MODEL_CARD = ReportFormat(
    name="model-card",
    report_kind=QUALITY,
    requirement="a metric_groups array",
    detect=detect,
    parse=parse,
)
