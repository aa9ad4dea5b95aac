"""Convert scikit-learn classification_report(..., output_dict=True) dumped to JSON.

The report maps each class label, and each average ("macro avg", "weighted
avg", "micro avg", "samples avg"), to precision, recall, f1-score and support.
Each of those objects becomes a group of the same name. A top-level number,
which is "accuracy" in sklearn's output, goes into a group named after the
evaluation.
"""

from __future__ import annotations

from .builder import MetricGroups
from .common import QUALITY, JsonObject, ParsedReport, ReportFormat

AVERAGE_KEYS = ("macro avg", "weighted avg")
ROW_KEYS = frozenset({"precision", "recall", "f1-score", "support"})


def detect(data: JsonObject) -> bool:
    """Return whether data has "macro avg" and "weighted avg" report rows."""
    return all(_is_row(data.get(key)) for key in AVERAGE_KEYS)


def _is_row(value: object) -> bool:
    return isinstance(value, dict) and ROW_KEYS <= value.keys()


def parse(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Convert each class and average row into a group of number metrics."""
    groups = MetricGroups()
    for key, value in data.items():
        if isinstance(value, dict):
            for name, number in value.items():
                groups.add_number(key, name, number)
        else:
            groups.add_number(evaluation_name, key, value)
    return groups.result()


SKLEARN_REPORT = ReportFormat(
    name="sklearn-report",
    report_kind=QUALITY,
    requirement='"macro avg" and "weighted avg" objects with precision, recall, '
    "f1-score and support",
    detect=detect,
    parse=parse,
)
