"""Build model card metric groups from converted report values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from .common import (
    MAX_METRIC_NAME,
    MAX_NAME,
    MAX_POINTS,
    JsonObject,
    Number,
    ParsedReport,
    ReportError,
    check_matrix_size,
    check_name,
    check_text,
    describe,
    finite_number,
    is_number,
    no_metrics_message,
    quote,
    spells_non_finite,
    with_notes,
)

T = TypeVar("T")


def resample(points: Sequence[T], limit: int = MAX_POINTS) -> list[T]:
    """Return `limit` evenly spaced points, always the first and the last."""
    if len(points) <= limit:
        return list(points)
    last = len(points) - 1
    steps = limit - 1
    # Integer rounding keeps the indices exact; they are distinct because the
    # spacing last / steps is greater than 1 when len(points) > limit.
    return [points[(i * last + steps // 2) // steps] for i in range(limit)]


class MetricGroups:
    """Metric groups of one report, built in the order metrics are added.

    Every add_* method checks names and model card limits and raises
    ReportError. A metric whose value is NaN or infinite is left out, and its
    "group/metric" path is recorded in the dropped list.
    """

    def __init__(self) -> None:
        self._groups: dict[str, list[JsonObject]] = {}
        self._dropped: list[str] = []

    def add_scalar(self, group: str, name: str, value: object) -> None:
        """Add a JSON scalar as a number, boolean or string metric."""
        self._check_names(group, name)
        if isinstance(value, bool):
            self._append(group, {"name": name, "type": "boolean", "value": value})
        elif is_number(value) or spells_non_finite(value):
            self.add_number(group, name, value)
        elif isinstance(value, str):
            check_text("string value", value, f"of metric {quote(name)}")
            self._append(group, {"name": name, "type": "string", "value": value})
        else:
            raise ReportError(
                f"Metric {quote(name)} in group {quote(group)} is {describe(value)}, "
                "which is not a number, boolean or short string (at most 63 "
                "characters). Give it one of those values or leave it out."
            )

    def add_number(
        self, group: str, name: str, value: object, notes: str | None = None
    ) -> None:
        """Add a number metric, or record it as dropped if it is not finite."""
        self._check_names(group, name)
        number = finite_number(value, f"Metric {quote(name)} in group {quote(group)}")
        if number is None:
            self._dropped.append(f"{group}/{name}")
            return
        metric: JsonObject = {"name": name, "type": "number", "value": number}
        self._append(group, with_notes(metric, notes))

    def add_linear_graph(
        self,
        group: str,
        name: str,
        points: Sequence[tuple[object, object]],
        axes: tuple[str, str],
    ) -> None:
        """Add [x, y] points as a linear graph with the (x, y) axis names.

        Points with a NaN or infinite coordinate are left out. More than 20
        points are resampled to 20, keeping the first and the last.
        """
        self._check_names(group, name)
        finite = finite_points(points, f"metric {quote(name)}")
        if not self.record_left_out(group, name, len(finite), len(points), "points"):
            return
        sampled = resample(finite)
        notes = left_out_note(len(points) - len(finite), "point")
        notes += _resample_note(len(finite), len(sampled))
        metric: JsonObject = {"name": name, "type": "linear_graph"}
        metric["value"] = [[x, y] for x, y in sampled]
        metric["x_axis_name"] = check_text("axis name", axes[0])
        metric["y_axis_name"] = check_text("axis name", axes[1])
        self._append(group, with_notes(metric, notes.strip()))

    def add_bar_chart(
        self,
        group: str,
        name: str,
        bars: Sequence[tuple[str, Number]],
        y_axis: str,
        notes: str = "",
    ) -> None:
        """Add (label, value) bars, at most 20 and all finite, as a bar chart."""
        self._check_names(group, name)
        if not 1 <= len(bars) <= MAX_POINTS:
            raise ReportError(
                f"Bar chart {quote(name)} has {len(bars)} bars, but a model card "
                f"allows 1 to {MAX_POINTS}."
            )
        labels = [
            check_text("bar label", label, f"of {quote(name)}") for label, _ in bars
        ]
        metric: JsonObject = {"name": name, "type": "bar_chart"}
        metric["value"] = [value for _, value in bars]
        metric["x_axis_name"] = labels
        metric["y_axis_name"] = check_text("axis name", y_axis)
        self._append(group, with_notes(metric, notes))

    def add_matrix(
        self,
        group: str,
        name: str,
        rows: Sequence[Sequence[object]],
        axes: tuple[Sequence[str], Sequence[str]],
        notes: str = "",
    ) -> None:
        """Add a matrix of numbers with its (x, y) axis labels.

        A matrix with any NaN or infinite cell is dropped as a whole, because a
        cell cannot be left out.
        """
        self._check_names(group, name)
        check_matrix_size(name, rows)
        where = f"A cell of matrix {quote(name)}"
        cells = [[finite_number(cell, where) for cell in row] for row in rows]
        if any(cell is None for row in cells for cell in row):
            self._dropped.append(f"{group}/{name}")
            return
        metric: JsonObject = {"name": name, "type": "matrix", "value": cells}
        metric["x_axis_name"] = [check_text("axis label", label) for label in axes[0]]
        metric["y_axis_name"] = [check_text("axis label", label) for label in axes[1]]
        self._append(group, with_notes(metric, notes))

    def drop(self, group: str, name: str) -> None:
        """Record a metric left out because the report has no value for it."""
        self._check_names(group, name)
        self._dropped.append(f"{group}/{name}")

    def record_left_out(
        self, group: str, name: str, kept: int, total: int, unit: str
    ) -> bool:
        """Record that a metric lost points or bars; return whether any are left.

        `unit` names the parts in messages ("points", "features").
        """
        if total == 0:
            raise ReportError(
                f"Metric {quote(name)} has no {unit}. Give it at least one."
            )
        if kept < total:
            self._dropped.append(f"{group}/{name} ({total - kept} of {total} {unit})")
        return kept > 0

    def result(self) -> ParsedReport:
        """Return the non-empty groups; raise ReportError if there are none."""
        groups = [
            {"name": name, "metric_data": metrics}
            for name, metrics in self._groups.items()
            if metrics
        ]
        if not groups:
            raise ReportError(no_metrics_message(self._dropped))
        return ParsedReport(groups, tuple(self._dropped))

    def _check_names(self, group: str, name: str) -> None:
        check_name("metric group name", group, MAX_NAME)
        check_name("metric name", name, MAX_METRIC_NAME, f"in group {quote(group)}")

    def _append(self, group: str, metric: JsonObject) -> None:
        metrics = self._groups.setdefault(group, [])
        if any(existing["name"] == metric["name"] for existing in metrics):
            raise ReportError(
                f"Metric {quote(metric['name'])} appears twice in group "
                f"{quote(group)}. Rename one of them."
            )
        metrics.append(metric)


def finite_points(
    points: Sequence[tuple[object, object]], where: str
) -> list[tuple[Number, Number]]:
    """Return the points whose coordinates are both finite numbers.

    A coordinate that is not a number at all raises ReportError; `where` names
    the metric in the message.
    """
    finite = []
    for x, y in points:
        x_value = finite_number(x, f"An x value of {where}")
        y_value = finite_number(y, f"A y value of {where}")
        if x_value is not None and y_value is not None:
            finite.append((x_value, y_value))
    return finite


def left_out_note(count: int, unit: str) -> str:
    """Return a notes sentence saying that `count` parts were not finite, if any."""
    if not count:
        return ""
    plural = "s" if count > 1 else ""
    return f"{count} {unit}{plural} with a NaN or infinite value left out. "


def _resample_note(before: int, after: int) -> str:
    if before == after:
        return ""
    return f"Resampled from {before} to {after} points, keeping the first and the last."
