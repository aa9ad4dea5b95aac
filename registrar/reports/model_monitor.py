"""Convert SageMaker Model Monitor model quality reports.

The layout is documented at
https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-model-quality-metrics.html
Each *_metrics object becomes one group of the same name. A {value,
standard_deviation} pair becomes a number metric whose notes give the
deviation when it is a finite number. Model Monitor writes "NaN" there when it
had fewer than 200 samples.
"""

from __future__ import annotations

from .builder import MetricGroups
from .common import (
    QUALITY,
    JsonObject,
    ParsedReport,
    ReportError,
    ReportFormat,
    describe,
    is_finite,
    is_number,
    list_at,
    quote,
)

GROUP_KEYS = (
    "binary_classification_metrics",
    "multiclass_classification_metrics",
    "regression_metrics",
)

# Curve keys: (x values key, y values key, x axis name, y axis name).
CURVES = {
    "precision_recall_curve": ("recalls", "precisions", "recall", "precision"),
    "receiver_operating_characteristic_curve": (
        "false_positive_rates",
        "true_positive_rates",
        "false positive rate",
        "true positive rate",
    ),
}

CONFUSION_NOTES = "Rows are actual labels and columns predicted labels."


def detect(data: JsonObject) -> bool:
    """Return whether data has a Model Monitor *_metrics object."""
    return any(isinstance(data.get(key), dict) for key in GROUP_KEYS)


def parse(data: JsonObject, evaluation_name: str) -> ParsedReport:
    """Convert each *_metrics object into a metric group."""
    groups = MetricGroups()
    for group in GROUP_KEYS:
        metrics = data.get(group)
        if metrics is None:
            continue
        if not isinstance(metrics, dict):
            raise ReportError(f"{quote(group)} is {describe(metrics)}, not an object.")
        for name, value in metrics.items():
            _add_metric(groups, group, name, value)
    return groups.result()


def _add_metric(groups: MetricGroups, group: str, name: str, value: object) -> None:
    if not isinstance(value, dict):
        raise ReportError(
            f"Metric {quote(name)} in {quote(group)} is {describe(value)}, but "
            'Model Monitor writes an object such as {"value": 0.9, '
            '"standard_deviation": 0.01}.'
        )
    if name == "confusion_matrix":
        _add_confusion_matrix(groups, group, value)
    elif name in CURVES:
        x_key, y_key, x_axis, y_axis = CURVES[name]
        xs, ys = list_at(value, x_key, quote(name)), list_at(value, y_key, quote(name))
        if len(xs) != len(ys):
            raise ReportError(
                f"{quote(name)} has {len(xs)} {x_key} but {len(ys)} {y_key}; "
                "both lists must have the same length."
            )
        groups.add_linear_graph(
            group, name, list(zip(xs, ys, strict=True)), (x_axis, y_axis)
        )
    elif "value" in value:
        groups.add_number(group, name, value["value"], _deviation_note(value))
    else:
        raise ReportError(f'Metric {quote(name)} in {quote(group)} has no "value".')


def _deviation_note(metric: JsonObject) -> str | None:
    deviation = metric.get("standard_deviation")
    if is_number(deviation) and is_finite(deviation):
        return f"standard deviation {deviation}"
    return None


def _add_confusion_matrix(groups: MetricGroups, group: str, matrix: JsonObject) -> None:
    """Add {actual label: {predicted label: count}} as a matrix metric.

    The outer key is the actual label: only that reading of the binary example
    in the Model Monitor documentation gives its recall 1.0 and precision 0.33.
    x_axis_name lists the row (actual) labels and y_axis_name the column
    (predicted) labels, the same assignment as the SageMaker Python SDK
    (aws/sagemaker-python-sdk, src/sagemaker/model_card/evaluation_metric_parsers.py).
    NOTE: which list SageMaker Studio draws on which axis has not been checked,
    so the notes also state what rows and columns are.
    """
    actual = list(matrix)
    rows = [matrix[label] for label in actual]
    if not all(isinstance(row, dict) for row in rows):
        raise ReportError(
            "Each row of 'confusion_matrix' must be an object of predicted label "
            "to count."
        )
    predicted = list(rows[0]) if rows else []
    if any(set(row) != set(predicted) for row in rows):
        raise ReportError(
            "The rows of 'confusion_matrix' have different predicted labels. "
            "Every row must list the same labels."
        )
    cells = [[row[label] for label in predicted] for row in rows]
    groups.add_matrix(
        group, "confusion_matrix", cells, (actual, predicted), CONFUSION_NOTES
    )


MODEL_MONITOR = ReportFormat(
    name="model-monitor",
    report_kind=QUALITY,
    requirement="a binary_classification_metrics, multiclass_classification_metrics "
    "or regression_metrics object",
    detect=detect,
    parse=parse,
)
