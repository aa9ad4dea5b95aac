"""Property test: any JSON report converts within card limits or raises InputError."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registrar.errors import InputError
from registrar.reports import FORMATS, Evaluation, load_evaluation

SIMPLE_TYPES = {"number", "string", "boolean"}
CHART_TYPES = {"linear_graph", "bar_chart", "matrix"}

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["NaN", "nan", "Infinity", "-inf", "x" * 63, "x" * 64])
)
keys = st.text(max_size=8) | st.sampled_from(["a" * 63, "a" * 64, "a" * 256, ""])
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=25) | st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=60,
)
# Wrap random values in the keys each detector looks for, so that every
# format's parser also gets malformed content, not only the flat fallback.
report_keys = st.sampled_from(
    [
        "metric_groups",
        "binary_classification_metrics",
        "multiclass_classification_metrics",
        "regression_metrics",
        "pre_training_bias_metrics",
        "post_training_bias_metrics",
        "explanations",
        "macro avg",
        "eval_runtime",
    ]
)
wrapped = st.dictionaries(report_keys, json_values, min_size=1)

# Near-valid reports of each format with random names and numbers, so that
# the checks also cover what the parsers return, not only what they reject.
numbers = (
    st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.just("NaN")
)
# Long names are left to json_values and keys, so that these reports mostly
# pass the name checks and reach the value checks.
names = st.text(min_size=1, max_size=12)
number_lists = st.lists(numbers, max_size=30)
monitor_metric = (
    st.fixed_dictionaries({"value": numbers, "standard_deviation": numbers})
    | st.fixed_dictionaries({"recalls": number_lists, "precisions": number_lists})
    | st.fixed_dictionaries(
        {"false_positive_rates": number_lists, "true_positive_rates": number_lists}
    )
)
labels = st.lists(names, min_size=1, max_size=22, unique=True)
confusion = labels.flatmap(
    lambda names: st.fixed_dictionaries(
        {
            name: st.fixed_dictionaries({other: numbers for other in names})
            for name in names
        }
    )
)
monitor_report = st.fixed_dictionaries(
    {
        "binary_classification_metrics": st.dictionaries(
            names
            | st.sampled_from(
                ["precision_recall_curve", "receiver_operating_characteristic_curve"]
            ),
            monitor_metric,
            max_size=4,
        )
        | confusion.map(lambda matrix: {"confusion_matrix": matrix})
    }
)
bias_report = st.fixed_dictionaries(
    {
        "post_training_bias_metrics": st.fixed_dictionaries(
            {
                "facets": st.dictionaries(
                    names,
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "value_or_threshold": st.text(max_size=8)
                                | st.integers(),
                                "metrics": st.lists(
                                    st.fixed_dictionaries(
                                        {
                                            "name": names,
                                            "description": st.text(max_size=8),
                                            "value": numbers | st.none(),
                                        }
                                    ),
                                    max_size=3,
                                ),
                            }
                        ),
                        max_size=3,
                    ),
                    max_size=3,
                )
            }
        )
    }
)
shap_report = st.fixed_dictionaries(
    {
        "explanations": st.fixed_dictionaries(
            {
                "kernel_shap": st.dictionaries(
                    names,
                    st.fixed_dictionaries(
                        {
                            "global_shap_values": st.dictionaries(
                                names, numbers, max_size=30
                            ),
                            "expected_value": numbers,
                        }
                    ),
                    max_size=2,
                )
            }
        )
    }
)
sklearn_row = st.fixed_dictionaries(
    {name: numbers for name in ("precision", "recall", "f1-score", "support")}
)
sklearn_report = st.fixed_dictionaries(
    {"macro avg": sklearn_row, "weighted avg": sklearn_row}
).flatmap(
    lambda averages: st.dictionaries(names, sklearn_row | numbers, max_size=4).map(
        lambda rows: rows | averages
    )
)
axis_names = st.lists(st.text(max_size=70), max_size=22)
card_metric = st.one_of(
    st.fixed_dictionaries(
        {"name": names, "type": st.just("number"), "value": numbers},
        optional={"notes": st.text(max_size=8)},
    ),
    st.fixed_dictionaries(
        {"name": names, "type": st.just("string"), "value": st.text(max_size=70)}
    ),
    st.fixed_dictionaries(
        {"name": names, "type": st.just("boolean"), "value": st.booleans()}
    ),
    st.fixed_dictionaries(
        {
            "name": names,
            "type": st.just("linear_graph"),
            "value": st.lists(st.tuples(numbers, numbers).map(list), max_size=22),
        },
        optional={"x_axis_name": st.text(max_size=70)},
    ),
    st.fixed_dictionaries(
        {"name": names, "type": st.just("bar_chart"), "value": number_lists},
        optional={"x_axis_name": axis_names, "y_axis_name": st.text(max_size=70)},
    ),
    st.fixed_dictionaries(
        {
            "name": names,
            "type": st.just("matrix"),
            "value": st.lists(number_lists, max_size=22),
        },
        optional={"x_axis_name": axis_names},
    ),
)
card_report = st.fixed_dictionaries(
    {
        "metric_groups": st.lists(
            st.fixed_dictionaries(
                {"name": names, "metric_data": st.lists(card_metric, max_size=4)}
            ),
            max_size=3,
        )
    }
)
reports = (
    json_values
    | wrapped
    | monitor_report
    | bias_report
    | shap_report
    | sklearn_report
    | card_report
)


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties") / "report.json"


@settings(max_examples=200, deadline=None, database=None)
@given(document=reports)
def test_any_json_converts_or_raises(report_path: Path, document: Any) -> None:
    report_path.write_text(json.dumps(document), encoding="utf-8")
    for fmt in FORMATS:
        try:
            evaluation = load_evaluation(str(report_path), fmt=fmt)
        except InputError:
            continue
        assert_within_limits(evaluation)
        assert evaluation.raw == report_path.read_bytes()


def assert_within_limits(evaluation: Evaluation) -> None:
    """Assert the model card limits on every field of an Evaluation."""
    assert 1 <= len(evaluation.name) <= 63
    assert evaluation.format in FORMATS[1:]
    assert evaluation.report_kind in {"quality", "bias", "explainability"}
    assert all(isinstance(name, str) for name in evaluation.dropped)
    assert evaluation.metric_groups
    for group in evaluation.metric_groups:
        assert set(group) == {"name", "metric_data"}
        assert 1 <= len(group["name"]) <= 63
        assert group["metric_data"]
        for metric in group["metric_data"]:
            assert_metric(metric)


def assert_metric(metric: dict[str, Any]) -> None:
    assert 1 <= len(metric["name"]) <= 255
    assert len(metric.get("notes", "")) <= 1024
    assert metric["type"] in SIMPLE_TYPES | CHART_TYPES
    if metric["type"] in SIMPLE_TYPES:
        assert_simple(metric)
    elif metric["type"] == "linear_graph":
        assert 1 <= len(metric["value"]) <= 20
        assert all(len(point) == 2 for point in metric["value"])
        assert all(is_finite(cell) for point in metric["value"] for cell in point)
        assert_text(metric.get("x_axis_name", ""))
        assert_text(metric.get("y_axis_name", ""))
    elif metric["type"] == "bar_chart":
        assert 1 <= len(metric["value"]) <= 20
        assert all(is_finite(bar) for bar in metric["value"])
        assert all(is_text(label) for label in metric.get("x_axis_name", []))
        assert_text(metric.get("y_axis_name", ""))
    else:
        assert 1 <= len(metric["value"]) <= 20
        assert all(1 <= len(row) <= 20 for row in metric["value"])
        assert all(is_finite(cell) for row in metric["value"] for cell in row)
        assert all(is_text(label) for label in metric.get("x_axis_name", []))
        assert all(is_text(label) for label in metric.get("y_axis_name", []))


def assert_simple(metric: dict[str, Any]) -> None:
    value = metric["value"]
    if metric["type"] == "number":
        assert is_finite(value)
    elif metric["type"] == "boolean":
        assert isinstance(value, bool)
    else:
        assert is_text(value)
        assert value.strip().lower() not in {"nan", "inf", "-inf", "infinity"}


def assert_text(value: object) -> None:
    assert is_text(value)


def is_text(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 63


def is_finite(value: object) -> bool:
    """Return whether value is a number (not a bool) that a double holds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and abs(value) <= sys.float_info.max
