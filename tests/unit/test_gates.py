"""Quality gate parsing and evaluation (no AWS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from registrar.errors import InputError
from registrar.gates import (
    GateReport,
    check_conditions,
    check_regressions,
    gate_metrics,
    is_lower_better,
    parse_condition,
    parse_conditions,
    parse_regression_rule,
)

METRICS = {"accuracy": 0.896, "macro_f1": 0.831, "loss": 0.31, "label": "fer"}


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("accuracy >= 0.896", 0.896, True),
        ("accuracy >= 0.9", 0.896, False),
        ("accuracy > 0.896", 0.896, False),
        ("accuracy > 0.8", 0.896, True),
        ("loss <= 0.31", 0.31, True),
        ("loss < 0.31", 0.31, False),
        ("loss < 0.5", 0.31, True),
        ("accuracy == 0.896", 0.896, True),
        ("accuracy == 0.9", 0.896, False),
    ],
)
def test_condition_operators(text: str, value: float, expected: bool) -> None:
    assert parse_condition(text).holds(value) is expected


def test_conditions_split_on_commas_and_lines() -> None:
    conditions = parse_conditions("accuracy >= 0.85, macro_f1 >= 0.80\nloss < 0.4")
    assert [c.metric for c in conditions] == ["accuracy", "macro_f1", "loss"]


def test_condition_names_with_spaces_and_slashes() -> None:
    condition = parse_condition("macro avg/f1-score >= 0.8")
    assert condition.metric == "macro avg/f1-score"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("accuracy 0.85", "no operator"),
        ("accuracy >= high", "'high' is not a number"),
        (">= 0.85", "a metric name is missing"),
        ("accuracy => 0.85", "unexpected '='"),
        ("accuracy >= nan", "'nan' is not a number"),
        ("accuracy >= 1e999", "finite number"),
        ("accuracy >= 1_0", "'1_0' is not a number"),
    ],
)
def test_condition_parse_errors(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_condition(text)


def test_condition_error_points_at_problem() -> None:
    with pytest.raises(InputError) as caught:
        parse_condition("accuracy >= high")
    lines = caught.value.message.splitlines()
    assert lines[1] == "  accuracy >= high"
    assert lines[2] == "  " + " " * len("accuracy >=") + "^"


@pytest.mark.parametrize(
    ("metric", "lower"),
    [
        ("loss", True),
        ("eval_loss", True),
        ("rmse", True),
        ("mae", True),
        ("false_positive_rate", True),
        ("validation-error", True),
        ("accuracy", False),
        ("macro_f1", False),
        ("auc", False),
        ("true_positive_rate", False),
        ("glossary_score", False),
    ],
)
def test_direction_from_name(metric: str, lower: bool) -> None:
    assert is_lower_better(metric) is lower


@pytest.mark.parametrize(
    ("text", "lower"), [("accuracy:0.01:min", True), ("loss:0.01:max", False)]
)
def test_direction_override(text: str, lower: bool) -> None:
    assert parse_regression_rule(text).lower_is_better is lower


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("accuracy", "is not metric:tolerance"),
        ("accuracy:tight", "tolerance 'tight' is not a number"),
        ("accuracy:-0.1", "0 or more"),
    ],
)
def test_regression_rule_errors(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_regression_rule(text)


def test_missing_metric_lists_available() -> None:
    with pytest.raises(InputError, match="available metrics: accuracy, label, loss"):
        check_conditions(parse_conditions("f1 >= 0.8"), METRICS)


def test_non_numeric_metric_is_error() -> None:
    with pytest.raises(InputError, match="'fer', not a number"):
        check_conditions(parse_conditions("label >= 1"), METRICS)


def champion(**metrics: Any) -> dict[str, Any]:
    return {"arn": "arn:champion", "version": 3, "metrics": metrics}


@pytest.mark.parametrize(
    ("rule", "best", "passed"),
    [
        ("accuracy:0.01", 0.90, True),  # 0.896 >= 0.89
        ("accuracy:0.001", 0.90, False),  # 0.896 < 0.899
        ("loss:0.01", 0.30, True),  # 0.31 <= 0.31
        ("loss:0.005", 0.30, False),  # 0.31 > 0.305
        ("accuracy:0", 0.896, True),
    ],
)
def test_regression_against_champion(rule: str, best: float, passed: bool) -> None:
    parsed = parse_regression_rule(rule)
    checks = check_regressions([parsed], METRICS, champion(**{parsed.metric: best}))
    assert checks[0]["passed"] is passed


def test_regression_without_champion_passes() -> None:
    checks = check_regressions([parse_regression_rule("accuracy:0.01")], METRICS, None)
    assert checks[0]["passed"] is True
    assert "no champion" in checks[0]["check"]


def test_regression_champion_lacking_metric_passes() -> None:
    rule = parse_regression_rule("macro_f1:0.01")
    checks = check_regressions([rule], METRICS, champion(accuracy=0.9))
    assert checks[0]["passed"] is True
    assert "champion lacks it" in checks[0]["check"]


def test_report_description_fits_approval_description() -> None:
    conditions = parse_conditions(", ".join(f"accuracy >= 0.{i}" for i in range(100)))
    report = GateReport(checks=check_conditions(conditions, METRICS))
    description = report.describe()
    assert report.passed is False
    assert len(description) <= 1024
    assert description.startswith("Quality gate failed. accuracy >= 0.9: 0.896 (FAIL)")
    assert "more checks)" in description


@dataclass
class Evaluation:
    name: str
    metric_groups: list[dict[str, Any]]


def simple(name: str, value: float) -> dict[str, Any]:
    return {"name": name, "type": "number", "value": value}


def test_gate_metrics_names_follow_card() -> None:
    evaluations = [
        Evaluation(
            "validation",
            [
                {"name": "overall", "metric_data": [simple("accuracy", 0.9)]},
                {"name": "anger", "metric_data": [simple("f1", 0.7)]},
                {"name": "fear", "metric_data": [simple("f1", 0.6)]},
            ],
        ),
        Evaluation(
            "test", [{"name": "overall", "metric_data": [simple("accuracy", 0.8)]}]
        ),
    ]
    assert gate_metrics(evaluations) == {
        "validation/accuracy": 0.9,
        "anger/f1": 0.7,
        "fear/f1": 0.6,
        "test/accuracy": 0.8,
    }
