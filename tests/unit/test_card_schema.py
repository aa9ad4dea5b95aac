"""Tests for model card content validation and serialization."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from registrar.card_schema import (
    EMBEDDED_SCHEMA,
    FULL_SCHEMA,
    MAX_CONTENT_CHARS,
    serialize_card_content,
    validate_card_content,
)
from registrar.errors import PayloadError

PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3"
JOB = "training_details.training_job_details"
METRIC = "evaluation_details[0].metric_groups[0].metric_data[0]"

FULL_CARD: dict[str, Any] = {
    "model_overview": {
        "model_id": PACKAGE_ARN,
        "model_name": "churn",
        "model_description": "Predicts customer churn.",
        "model_version": 3,
        "problem_type": "Binary Classification",
        "algorithm_type": "XGBoost",
        "model_creator": "ml-team",
        "model_owner": "growth",
        "model_artifact": ["s3://bucket/churn/model.tar.gz"],
        "inference_environment": {"container_image": ["123.dkr.ecr/xgb:1"]},
    },
    "intended_uses": {
        "purpose_of_model": "Rank accounts by churn risk.",
        "intended_uses": "Weekly retention campaigns.",
        "factors_affecting_model_efficiency": "Seasonality.",
        "risk_rating": "Low",
        "explanations_for_risk_rating": "Humans review every action.",
    },
    "business_details": {
        "business_problem": "Churn.",
        "business_stakeholders": "Growth team.",
        "line_of_business": "Subscriptions.",
    },
    "training_details": {
        "objective_function": {
            "function": {"function": "Minimize", "facet": "Loss", "condition": "x"},
            "notes": "Log loss.",
        },
        "training_observations": "Converged.",
        "training_job_details": {
            "training_arn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/t",
            "training_datasets": ["s3://bucket/train.csv"],
            "training_environment": {"container_image": ["123.dkr.ecr/xgb:1"]},
            "training_metrics": [{"name": "auc", "value": 0.91, "notes": "val"}],
            "user_provided_training_metrics": [{"name": "f1", "value": 1}],
            "hyper_parameters": [{"name": "eta", "value": "0.1"}],
            "user_provided_hyper_parameters": [{"name": "depth", "value": "6"}],
        },
    },
    "evaluation_details": [
        {
            "name": "holdout",
            "evaluation_observation": "Stable.",
            "evaluation_job_arn": "arn:aws:sagemaker:us-east-1:123456789012:job/e",
            "datasets": ["s3://bucket/test.csv"],
            "metadata": {"region": "eu", "_source": "clarify"},
            "metric_groups": [
                {
                    "name": "binary",
                    "metric_data": [
                        {"name": "accuracy", "type": "number", "value": 0.9},
                        {"name": "label", "type": "string", "value": "churned"},
                        {"name": "calibrated", "type": "boolean", "value": True},
                    ],
                }
            ],
        }
    ],
    "additional_information": {
        "ethical_considerations": "None known.",
        "caveats_and_recommendations": "Retrain monthly.",
        "custom_details": {"team_channel": "#ml"},
    },
    "model_package_details": {
        "model_package_arn": PACKAGE_ARN,
        "model_package_name": "churn",
        "model_package_group_name": "churn",
        "model_package_version": 3,
        "model_package_description": "Weekly build.",
        "model_package_status": "Completed",
        "model_approval_status": "PendingManualApproval",
        "approval_description": "Awaiting review.",
        "created_by": {"user_profile_name": "alice"},
        "domain": "MACHINE_LEARNING",
        "task": "CLASSIFICATION",
        "source_algorithms": [
            {"algorithm_name": "xgboost", "model_data_url": "s3://b"}
        ],
        "inference_specification": {
            "containers": [
                {
                    "image": "123.dkr.ecr/xgb:1",
                    "model_data_url": "s3://bucket/churn/model.tar.gz",
                    "nearest_model_name": "xgboost",
                }
            ]
        },
    },
}


def _errors(content: Any, *, embedded: bool = False) -> list[str]:
    """Return the violation lines for content, or [] when it is valid."""
    try:
        validate_card_content(content, embedded=embedded)
    except PayloadError as error:
        return error.message.splitlines()
    return []


def _job(**fields: Any) -> dict[str, Any]:
    return {"training_details": {"training_job_details": fields}}


def _metric(**fields: Any) -> dict[str, Any]:
    group = {"name": "group", "metric_data": [fields]}
    return {"evaluation_details": [{"name": "eval", "metric_groups": [group]}]}


def _package(**fields: Any) -> dict[str, Any]:
    return {"model_package_details": fields}


def _card_of_size(size: int) -> dict[str, Any]:
    """Build a valid card whose serialized form is exactly `size` characters."""
    details: dict[str, str] = {}
    content = {"additional_information": {"custom_details": details}}
    index = 0
    while len(serialize_card_content(content)) < size:
        key = f"k{index:04d}"
        details[key] = ""
        room = size - len(serialize_card_content(content))
        details[key] = "x" * min(room, 1024)
        index += 1
    return content


def _schema(name: str) -> dict[str, Any]:
    path = resources.files("registrar") / "schemas" / name
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def test_full_card_valid() -> None:
    assert _errors(FULL_CARD) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param({}, id="empty"),
        pytest.param({"model_overview": {"model_version": 1.5}}, id="version"),
        pytest.param({"intended_uses": {"risk_rating": "Unknown"}}, id="risk"),
        pytest.param({"business_details": {"line_of_business": "x" * 2048}}, id="biz"),
        pytest.param({"training_details": {"training_observations": ""}}, id="obs"),
        pytest.param(_job(training_metrics=[{"name": "n", "value": -1}]), id="metric"),
        pytest.param(
            _job(hyper_parameters=[{"name": "n", "value": "x" * 255}]), id="hp"
        ),
        pytest.param(_job(training_datasets=["s"] * 15), id="datasets"),
        pytest.param({"evaluation_details": []}, id="no-evals"),
        pytest.param({"evaluation_details": [{"name": "x" * 63}]}, id="eval-name"),
        pytest.param(
            {"evaluation_details": [{"name": "e", "datasets": ["d"] * 10}]},
            id="eval-datasets",
        ),
        pytest.param({"additional_information": {"custom_details": {}}}, id="custom"),
        pytest.param(_package(source_algorithms=[{"algorithm_name": "a"}]), id="algo"),
        pytest.param(_package(model_package_arn="a" * 2048), id="arn"),
    ],
)
def test_section_valid(content: dict[str, Any]) -> None:
    assert _errors(content) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            {"model_overview": {"model_version": 0}},
            "model_overview.model_version: number 0 is less than the minimum 1",
            id="version-zero",
        ),
        pytest.param(
            {"model_overview": {"model_artifact": ["s3://a"] * 16}},
            "model_overview.model_artifact: 16 items, max 15",
            id="artifacts",
        ),
        pytest.param(
            {"model_overview": {"inference_environment": {"container_image": [1]}}},
            "model_overview.inference_environment.container_image[0]: "
            "expected string, got number 1",
            id="image-type",
        ),
        pytest.param(
            {"model_overview": {"model_name": "x" * 1025}},
            "model_overview.model_name: 1025 characters, max 1024",
            id="model-name",
        ),
        pytest.param(
            {"intended_uses": {"purpose_of_model": "x" * 2049}},
            "intended_uses.purpose_of_model: 2049 characters, max 2048",
            id="purpose",
        ),
        pytest.param(
            {"business_details": {"business_problem": ["x"]}},
            "business_details.business_problem: expected string, got array",
            id="business",
        ),
        pytest.param(
            {
                "training_details": {
                    "objective_function": {"function": {"function": "Max"}}
                }
            },
            "training_details.objective_function.function.function: "
            "'Max' is not one of Maximize, Minimize",
            id="objective",
        ),
        pytest.param(
            {"training_details": {"objective_function": {"notes": "x" * 1025}}},
            "training_details.objective_function.notes: 1025 characters, max 1024",
            id="objective-notes",
        ),
        pytest.param(
            {"training_details": {"training_observations": "x" * 1025}},
            "training_details.training_observations: 1025 characters, max 1024",
            id="observations",
        ),
        pytest.param(
            _job(training_metrics=[{"name": "auc", "value": "0.93"}]),
            f"{JOB}.training_metrics[0].value: expected number, got string '0.93'",
            id="metric-string",
        ),
        pytest.param(
            _job(user_provided_training_metrics=[{"name": "auc", "value": 1}] * 51),
            f"{JOB}.user_provided_training_metrics: 51 items, max 50",
            id="metrics-51",
        ),
        pytest.param(
            _job(training_metrics=[{"name": "", "value": 1}]),
            f"{JOB}.training_metrics[0].name: 0 characters, min 1",
            id="metric-name-empty",
        ),
        pytest.param(
            _job(hyper_parameters=[{"name": "eta", "value": 0.1}]),
            f"{JOB}.hyper_parameters[0].value: expected string, got number 0.1",
            id="hp-number",
        ),
        pytest.param(
            _job(hyper_parameters=[{"name": "eta", "value": ""}]),
            f"{JOB}.hyper_parameters[0].value: 0 characters, min 1",
            id="hp-empty",
        ),
        pytest.param(
            _job(user_provided_hyper_parameters=[{"name": "n", "value": "v"}] * 101),
            f"{JOB}.user_provided_hyper_parameters: 101 items, max 100",
            id="hp-101",
        ),
        pytest.param(
            _job(hyper_parameters=[{"name": "eta"}]),
            f"{JOB}.hyper_parameters[0].value: required key is missing",
            id="hp-no-value",
        ),
        pytest.param(
            _job(training_environment={"container_image": ["i"] * 16}),
            f"{JOB}.training_environment.container_image: 16 items, max 15",
            id="train-images",
        ),
        pytest.param(
            {"evaluation_details": [{"name": "x" * 64}]},
            "evaluation_details[0].name: 64 characters, max 63",
            id="eval-name",
        ),
        pytest.param(
            {"evaluation_details": [{"evaluation_observation": "o"}]},
            "evaluation_details[0].name: required key is missing",
            id="eval-no-name",
        ),
        pytest.param(
            {
                "evaluation_details": [
                    {"name": "e", "evaluation_observation": "o" * 2097}
                ]
            },
            "evaluation_details[0].evaluation_observation: 2097 characters, max 2096",
            id="eval-observation",
        ),
        pytest.param(
            {"evaluation_details": [{"name": "e", "evaluation_job_arn": "a" * 257}]},
            "evaluation_details[0].evaluation_job_arn: 257 characters, max 256",
            id="eval-arn",
        ),
        pytest.param(
            {"evaluation_details": [{"name": "e", "datasets": ["d"] * 11}]},
            "evaluation_details[0].datasets: 11 items, max 10",
            id="eval-datasets",
        ),
        pytest.param(
            {"evaluation_details": [{"name": "e", "metadata": {"a.b": "v"}}]},
            'evaluation_details[0].metadata["a.b"]: '
            "invalid key, keys must match ^[a-zA-Z_][a-zA-Z0-9_]*$",
            id="eval-metadata-key",
        ),
        pytest.param(
            {"evaluation_details": [{"name": "e", "metric_groups": [{"name": "g"}]}]},
            "evaluation_details[0].metric_groups[0].metric_data: "
            "required key is missing",
            id="group-no-data",
        ),
        pytest.param(
            {
                "evaluation_details": [
                    {"name": "e", "metric_groups": [{"name": "", "metric_data": []}]}
                ]
            },
            "evaluation_details[0].metric_groups[0].name: 0 characters, min 1",
            id="group-name",
        ),
        pytest.param(
            {"evaluation_details": {"name": "e"}},
            "evaluation_details: expected array, got object",
            id="evals-object",
        ),
        pytest.param(
            {"additional_information": {"custom_details": {"owner": "x" * 1025}}},
            "additional_information.custom_details.owner: 1025 characters, max 1024",
            id="custom-value",
        ),
        pytest.param(
            {"additional_information": {"custom_details": {"9lives": "x"}}},
            'additional_information.custom_details["9lives"]: '
            "invalid key, keys must match ^[a-zA-Z_][a-zA-Z0-9_]*$",
            id="custom-key",
        ),
        pytest.param(
            {"additional_information": {"caveats_and_recommendations": "x" * 2049}},
            "additional_information.caveats_and_recommendations: "
            "2049 characters, max 2048",
            id="caveats",
        ),
        pytest.param(
            _package(model_package_arn=""),
            "model_package_details.model_package_arn: 0 characters, min 1",
            id="package-arn",
        ),
        pytest.param(
            _package(model_package_group_name="g" * 64),
            "model_package_details.model_package_group_name: 64 characters, max 63",
            id="package-group",
        ),
        pytest.param(
            _package(model_package_version=0),
            "model_package_details.model_package_version: "
            "number 0 is less than the minimum 1",
            id="package-version",
        ),
        pytest.param(
            _package(model_package_status="Done"),
            "model_package_details.model_package_status: "
            "'Done' is not one of Pending, InProgress, Completed, Failed, Deleting",
            id="package-status",
        ),
        pytest.param(
            _package(model_approval_status="approved"),
            "model_package_details.model_approval_status: "
            "'approved' is not one of Approved, Rejected, PendingManualApproval",
            id="approval-status",
        ),
        pytest.param(
            _package(created_by={"user_profile_name": "u" * 64}),
            "model_package_details.created_by.user_profile_name: 64 characters, max 63",
            id="created-by",
        ),
        pytest.param(
            _package(source_algorithms=[{"algorithm_name": "a"}] * 2),
            "model_package_details.source_algorithms: 2 items, max 1",
            id="algorithms",
        ),
        pytest.param(
            _package(inference_specification={"containers": []}),
            "model_package_details.inference_specification.containers: 0 items, min 1",
            id="containers-empty",
        ),
        pytest.param(
            _package(inference_specification={"containers": [{"model_data_url": "s"}]}),
            "model_package_details.inference_specification.containers[0].image: "
            "required key is missing",
            id="container-image",
        ),
        pytest.param(
            _package(model_metrics={}),
            "model_package_details.model_metrics: unknown key (allowed keys: "
            "model_package_arn, model_package_name, model_package_group_name, "
            "model_package_version, model_package_description, "
            "model_package_status, model_approval_status, approval_description, "
            "created_by, domain, task, source_algorithms, inference_specification)",
            id="package-unknown",
        ),
        pytest.param(
            {"model_card_status": "Draft"},
            "model_card_status: unknown key (allowed keys: model_overview, "
            "intended_uses, business_details, training_details, "
            "evaluation_details, additional_information, model_package_details)",
            id="top-unknown",
        ),
        pytest.param(
            [],
            "(root): expected object, got array",
            id="root-array",
        ),
    ],
)
def test_section_invalid(content: Any, expected: str) -> None:
    assert _errors(content) == [f"model card: {expected}"]


@pytest.mark.parametrize(
    "metric",
    [
        pytest.param({"type": "number", "value": -2.5}, id="number"),
        pytest.param({"type": "number", "value": 3, "x_axis_name": "x"}, id="int"),
        pytest.param({"type": "string", "value": "s" * 63}, id="string"),
        pytest.param({"type": "boolean", "value": False}, id="boolean"),
        pytest.param(
            {"type": "linear_graph", "value": [[0, 1.5]] * 20, "y_axis_name": "y"},
            id="linear-graph",
        ),
        pytest.param(
            {"type": "bar_chart", "value": [1] * 20, "x_axis_name": ["a", "b"]},
            id="bar-chart",
        ),
        pytest.param(
            {
                "type": "matrix",
                "value": [[1] * 20] * 20,
                "x_axis_name": ["p", "n"],
                "y_axis_name": ["p", "n"],
            },
            id="matrix",
        ),
    ],
)
def test_metric_valid(metric: dict[str, Any]) -> None:
    assert _errors(_metric(name="m", **metric)) == []


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        pytest.param(
            {"type": "linear_graph", "value": [[0, 1]] * 21},
            "value: 21 items, max 20",
            id="graph-21-points",
        ),
        pytest.param(
            {"type": "linear_graph", "value": [[0, 1, 2]]},
            "value[0]: 3 items, max 2",
            id="graph-triple",
        ),
        pytest.param(
            {"type": "linear_graph", "value": [[0, "1"]]},
            "value[0][1]: expected number, got string '1'",
            id="graph-string",
        ),
        pytest.param(
            {"type": "linear_graph", "value": [], "x_axis_name": "x"},
            "value: 0 items, min 1",
            id="graph-empty",
        ),
        pytest.param(
            {"type": "matrix", "value": [[1]] * 21},
            "value: 21 items, max 20",
            id="matrix-21x1",
        ),
        pytest.param(
            {"type": "matrix", "value": [[1] * 21]},
            "value[0]: 21 items, max 20",
            id="matrix-1x21",
        ),
        pytest.param(
            {"type": "matrix", "value": [[1]], "x_axis_name": "x"},
            "x_axis_name: expected array, got string 'x'",
            id="matrix-axis",
        ),
        pytest.param(
            {"type": "bar_chart", "value": [1] * 21},
            "value: 21 items, max 20",
            id="bar-21",
        ),
        pytest.param(
            {"type": "bar_chart", "value": [1], "y_axis_name": ["y"]},
            "y_axis_name: expected string, got array",
            id="bar-axis",
        ),
        pytest.param(
            {"type": "bar_chart", "value": [True]},
            "value[0]: expected number, got boolean true",
            id="bar-boolean",
        ),
        pytest.param(
            {"type": "number", "value": "0.9"},
            "value: expected number, got string '0.9'",
            id="number-string",
        ),
        pytest.param(
            {"type": "number", "value": [0.9]},
            "value: expected number, got array",
            id="number-array",
        ),
        pytest.param(
            {"type": "string", "value": "s" * 64},
            "value: 64 characters, max 63",
            id="string-64",
        ),
        pytest.param(
            {"type": "boolean", "value": "true"},
            "value: expected boolean, got string 'true'",
            id="boolean-string",
        ),
        pytest.param(
            {"type": "number", "value": 1, "x_axis_name": "x" * 64},
            "x_axis_name: 64 characters, max 63",
            id="axis-64",
        ),
        pytest.param(
            {"type": "histogram", "value": 1},
            "type: 'histogram' is not one of "
            "number, string, boolean, linear_graph, bar_chart, matrix",
            id="unknown-type",
        ),
        pytest.param(
            {"type": "number"},
            "value: required key is missing",
            id="no-value",
        ),
        pytest.param(
            {"type": "number", "value": 1, "notes": "n" * 1025},
            "notes: 1025 characters, max 1024",
            id="notes",
        ),
        pytest.param(
            {"type": "number", "value": 1, "unit": "%"},
            "unit: unknown key (allowed keys: "
            "name, notes, type, value, x_axis_name, y_axis_name)",
            id="unknown-key",
        ),
    ],
)
def test_metric_invalid(metric: dict[str, Any], expected: str) -> None:
    assert _errors(_metric(name="m", **metric)) == [f"model card: {METRIC}.{expected}"]


def test_metric_name_too_long() -> None:
    metric = {"name": "n" * 300, "type": "number", "value": 1}
    assert _errors(_metric(**metric)) == [
        f"model card: {METRIC}.name: 300 characters, max 255"
    ]


def test_error_text_example() -> None:
    valid = {"name": "ok", "type": "number", "value": 1}
    long_name = {"name": "n" * 300, "type": "number", "value": 1}
    groups = [
        {"name": "first", "metric_data": []},
        {"name": "second", "metric_data": [valid, valid, valid, long_name]},
    ]
    content = {"evaluation_details": [{"name": "e", "metric_groups": groups}]}
    expected = (
        "model card: evaluation_details[0].metric_groups[1].metric_data[3].name: "
        "300 characters, max 255"
    )
    with pytest.raises(PayloadError, match=f"^{re.escape(expected)}$"):
        validate_card_content(content)


def test_risk_rating_text() -> None:
    expected = (
        "model card: intended_uses.risk_rating: "
        "'high' is not one of High, Medium, Low, Unknown"
    )
    with pytest.raises(PayloadError, match=f"^{re.escape(expected)}$"):
        validate_card_content({"intended_uses": {"risk_rating": "high"}})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            {"model_overveiw": {}},
            "model_overveiw: unknown key (did you mean model_overview?)",
            id="typo",
        ),
        pytest.param(
            {"ModelOverview": {}},
            "ModelOverview: unknown key (did you mean model_overview?)",
            id="camel-case",
        ),
        pytest.param(
            {"intended_uses": {"risk-rating": "Low"}},
            'intended_uses["risk-rating"]: unknown key (did you mean risk_rating?)',
            id="nested-hyphen",
        ),
        pytest.param(
            _job(hyperparameters=[]),
            f"{JOB}.hyperparameters: unknown key (did you mean hyper_parameters?)",
            id="nested-deep",
        ),
    ],
)
def test_unknown_key_suggestion(content: dict[str, Any], expected: str) -> None:
    assert _errors(content) == [f"model card: {expected}"]


def test_two_violations_two_lines() -> None:
    content = {
        "intended_uses": {"risk_rating": "high"},
        "model_overview": {"model_name": "x" * 1025},
    }
    lines = _errors(content)
    assert len(lines) == 2
    assert "model card: intended_uses.risk_rating: " in lines[0] + lines[1]
    assert "model card: model_overview.model_name: " in lines[0] + lines[1]


def test_every_violation_listed() -> None:
    content = {
        "unknown_a": 1,
        "unknown_b": 2,
        "evaluation_details": [{"name": "", "datasets": ["d"] * 11}, {}],
    }
    assert _errors(content) == [
        "model card: unknown_a: unknown key (allowed keys: model_overview, "
        "intended_uses, business_details, training_details, evaluation_details, "
        "additional_information, model_package_details)",
        "model card: unknown_b: unknown key (allowed keys: model_overview, "
        "intended_uses, business_details, training_details, evaluation_details, "
        "additional_information, model_package_details)",
        "model card: evaluation_details[0].datasets: 11 items, max 10",
        "model card: evaluation_details[0].name: 0 characters, min 1",
        "model card: evaluation_details[1].name: required key is missing",
    ]


def test_best_match_first() -> None:
    # Sorted by path, additional_information would come first. The shallower
    # training_details error is the best match, so it leads.
    content = {
        "additional_information": {"custom_details": {"owner": 1}},
        "training_details": {"training_observations": 5},
    }
    assert _errors(content) == [
        "model card: training_details.training_observations: "
        "expected string, got number 5",
        "model card: additional_information.custom_details.owner: "
        "expected string, got number 1",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            {"model_package_details": {"model_package_name": "p"}},
            "model card: model_package_details: unknown key (allowed keys: "
            "model_overview, intended_uses, business_details, training_details, "
            "evaluation_details, additional_information)",
            id="package-details",
        ),
        pytest.param(
            {"model_overview": {"model_name": "churn"}},
            "model card: model_overview.model_name: unknown key "
            "(allowed keys: model_creator, model_artifact)",
            id="model-name",
        ),
        pytest.param(
            {"model_overview": {"model_artifact": ["s"] * 16}},
            "model card: model_overview.model_artifact: 16 items, max 15",
            id="artifacts",
        ),
        pytest.param(
            _metric(name="m", type="matrix", value=[[1]] * 21),
            f"model card: {METRIC}.value: 21 items, max 20",
            id="shared-metric",
        ),
    ],
)
def test_embedded_rejects(content: dict[str, Any], expected: str) -> None:
    assert _errors(content, embedded=True) == [expected]


def test_embedded_accepts_shared_sections() -> None:
    content = dict(FULL_CARD)
    del content["model_package_details"]
    content["model_overview"] = {"model_creator": "ml-team", "model_artifact": ["s"]}
    assert _errors(content, embedded=True) == []


def test_error_file_is_source() -> None:
    with pytest.raises(PayloadError, match="risk_rating") as caught:
        validate_card_content({"intended_uses": {"risk_rating": "?"}}, source="c.json")
    assert caught.value.file == "c.json"


def test_size_at_limit_valid() -> None:
    content = _card_of_size(MAX_CONTENT_CHARS)
    assert len(serialize_card_content(content)) == MAX_CONTENT_CHARS
    assert _errors(content) == []


def test_size_over_limit_rejected() -> None:
    content = _card_of_size(MAX_CONTENT_CHARS + 1)
    expected = "model card: (root): 100001 characters as serialized JSON, max 100000"
    with pytest.raises(PayloadError, match=f"^{re.escape(expected)} \\("):
        validate_card_content(content, source="card.json")


def test_size_counts_characters() -> None:
    # Each "é" is one character but two UTF-8 bytes, so the card fits.
    content = _card_of_size(MAX_CONTENT_CHARS)
    details = content["additional_information"]["custom_details"]
    details["k0000"] = "é" * len(details["k0000"])
    assert _errors(content) == []


@pytest.mark.parametrize(
    ("value", "name"),
    [(math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity")],
)
def test_non_finite_rejected(value: float, name: str) -> None:
    content = _job(training_metrics=[{"name": "auc", "value": value}])
    expected = (
        f"model card: {JOB}.training_metrics[0].value: "
        f"{name} is not valid in JSON, use a number"
    )
    with pytest.raises(PayloadError, match=f"^{re.escape(expected)}$"):
        validate_card_content(content)


def test_non_finite_with_schema_error() -> None:
    content = {
        "intended_uses": {"risk_rating": "high"},
        "model_overview": {"model_version": math.nan},
    }
    assert _errors(content) == [
        "model card: intended_uses.risk_rating: "
        "'high' is not one of High, Medium, Low, Unknown",
        "model card: model_overview.model_version: NaN is not valid in JSON, "
        "use a number",
    ]


def test_serialize_nan_payload_error() -> None:
    with pytest.raises(PayloadError, match=r"^model card: a\[1\]: NaN is not valid"):
        serialize_card_content({"a": [1, math.nan]})


def test_serialize_circular_payload_error() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(PayloadError, match="Circular reference detected"):
        serialize_card_content({"a": loop})


def test_serialize_set_payload_error() -> None:
    with pytest.raises(PayloadError, match="cannot be serialized as JSON"):
        serialize_card_content({"a": {1, 2}})


def test_serialize_format() -> None:
    content = {"b": {"z": 1, "y": [1.5, True, None]}, "a": "é"}
    assert (
        serialize_card_content(content) == '{"a":"é","b":{"y":[1.5,true,null],"z":1}}'
    )


@pytest.mark.parametrize("name", [FULL_SCHEMA, EMBEDDED_SCHEMA])
def test_schema_is_draft7(name: str) -> None:
    Draft7Validator.check_schema(_schema(name))
    assert _schema(name)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_embedded_sections_refer_to_full() -> None:
    full = _schema(FULL_SCHEMA)["properties"]
    embedded = _schema(EMBEDDED_SCHEMA)["properties"]
    shared = sorted(set(full) - {"model_package_details", "model_overview"})
    assert sorted(embedded) == sorted(set(full) - {"model_package_details"})
    for section in shared:
        expected = f"{FULL_SCHEMA}#/definitions/{section}"
        assert embedded[section] == {"$ref": expected}, section


def test_embedded_overview_refers_to_full() -> None:
    overview = _schema(EMBEDDED_SCHEMA)["definitions"]["model_overview"]
    base = f"{FULL_SCHEMA}#/definitions/model_overview/properties"
    assert overview["properties"] == {
        "model_creator": {"$ref": f"{base}/model_creator"},
        "model_artifact": {"$ref": f"{base}/model_artifact"},
    }


def test_import_skips_jsonschema() -> None:
    code = "import sys, registrar.card_schema; print('jsonschema' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False"
