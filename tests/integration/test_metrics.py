"""Evaluation reports end to end: card metrics, ModelMetrics in S3, metrics-json."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, run_action

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "reports"
MONITOR = "model_monitor_model_quality_binary_classification.json"
BIAS = "clarify_bias.json"
BUCKET = "metrics-bucket"


@pytest.fixture
def reports(workspace: Path) -> Path:
    (workspace / "eval").mkdir()
    for name in (MONITOR, BIAS):
        shutil.copy(FIXTURES / name, workspace / "eval" / name)
    return workspace


def inputs(endpoint: str, **overrides: str) -> dict[str, str]:
    return {
        "model-package-group-name": "credit-models",
        "model-data-url": "s3://example-bucket/credit/model.tar.gz",
        "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1",
        "metrics-file": f"quality=eval/{MONITOR}\nbias=eval/{BIAS}",
        "endpoint-url": endpoint,
        **overrides,
    }


def card_metrics(sagemaker: Any, name: str) -> dict[str, dict[str, Any]]:
    content = json.loads(sagemaker.describe_model_card(ModelCardName=name)["Content"])
    return {
        f"{evaluation['name']}/{group['name']}/{metric['name']}": metric
        for evaluation in content["evaluation_details"]
        for group in evaluation["metric_groups"]
        for metric in group["metric_data"]
    }


def test_monitor_report_metrics_in_card(
    sagemaker: Any, endpoint: str, reports: Path
) -> None:
    result, outputs = run_action(inputs(endpoint), reports)
    assert result.returncode == 0, result.stdout + result.stderr
    metrics = card_metrics(sagemaker, outputs["model-card-name"])
    group = "quality/binary_classification_metrics"
    assert metrics[f"{group}/accuracy"] == {
        "name": "accuracy",
        "type": "number",
        "value": 0.5,
    }
    assert metrics[f"{group}/auc"]["notes"] == "standard deviation 0.1"
    assert metrics[f"{group}/confusion_matrix"]["value"] == [[1, 2], [0, 1]]
    assert metrics[f"{group}/confusion_matrix"]["type"] == "matrix"
    assert metrics[f"{group}/precision_recall_curve"]["type"] == "linear_graph"


def test_bias_report_metrics_in_card(
    sagemaker: Any, endpoint: str, reports: Path
) -> None:
    result, outputs = run_action(inputs(endpoint), reports)
    metrics = card_metrics(sagemaker, outputs["model-card-name"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert metrics["bias/pre-training Gender=0/CDDL"]["value"] == 0.21491590864936


def test_metrics_json_output(endpoint: str, reports: Path) -> None:
    _, outputs = run_action(inputs(endpoint), reports)
    parsed = json.loads(outputs["metrics-json"])
    assert "\n" not in outputs["metrics-json"]
    assert parsed["quality"]["accuracy"] == 0.5


def test_reports_uploaded_for_model_metrics(
    sagemaker: Any, s3: Any, endpoint: str, reports: Path
) -> None:
    s3.create_bucket(Bucket=BUCKET)
    prefix = f"s3://{BUCKET}/evaluations/"
    result, outputs = run_action(
        inputs(endpoint, **{"metrics-s3-prefix": prefix}), reports
    )
    assert result.returncode == 0, result.stdout + result.stderr
    package = sagemaker.describe_model_package(
        ModelPackageName=outputs["model-package-arn"]
    )
    statistics = package["ModelMetrics"]["ModelQuality"]["Statistics"]
    raw = (FIXTURES / MONITOR).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    bucket, _, key = statistics["S3Uri"].removeprefix("s3://").partition("/")
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    assert statistics["ContentDigest"] == f"sha256:{digest}"
    assert statistics["ContentType"] == "application/json"
    assert key == f"evaluations/{digest}/{MONITOR}"
    assert body == raw
    assert "Bias" in package["ModelMetrics"]


def test_rerun_uploads_no_second_copy(s3: Any, endpoint: str, reports: Path) -> None:
    s3.create_bucket(Bucket=BUCKET)
    overrides = {"metrics-s3-prefix": f"s3://{BUCKET}/evaluations"}
    run_action(inputs(endpoint, **overrides), reports)
    result, _ = run_action(
        inputs(endpoint, **overrides, **{"if-exists": "new-version"}), reports
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(keys) == 2


def test_nan_metrics_left_out_with_one_warning(endpoint: str, reports: Path) -> None:
    (reports / "eval" / "nan.json").write_text('{"accuracy": 0.9, "loss": NaN}')
    result, _ = run_action(
        inputs(endpoint, **{"metrics-file": "eval/nan.json"}), reports
    )
    warnings = [line for line in result.stdout.splitlines() if "::warning" in line]
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(warnings) == 1
    assert "loss" in warnings[0]


def test_summary_metrics_table(endpoint: str, reports: Path) -> None:
    run_action(inputs(endpoint), reports)
    summary = (reports.parent / "step_summary.md").read_text()
    assert "| binary_classification_metrics | accuracy | 0.5 |" in summary
    assert "matrix, 2x2" in summary
