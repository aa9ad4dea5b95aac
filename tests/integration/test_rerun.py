"""Re-runs register each model once; if-exists chooses what a re-run does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import run_action

INPUTS = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
}


def versions(sagemaker: Any) -> list[int]:
    summaries = sagemaker.list_model_packages(ModelPackageGroupName="fer-models")[
        "ModelPackageSummaryList"
    ]
    return sorted(summary["ModelPackageVersion"] for summary in summaries)


def run(endpoint: str, workspace: Path, **overrides: str) -> Any:
    return run_action({**INPUTS, "endpoint-url": endpoint, **overrides}, workspace)


def test_rerun_reuses_package(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    first, first_outputs = run(endpoint, workspace)
    second, second_outputs = run(endpoint, workspace)
    assert first.returncode == 0, first.stdout
    assert second.returncode == 0, second.stdout
    assert second_outputs["model-package-arn"] == first_outputs["model-package-arn"]
    assert first_outputs["created"] == "true"
    assert second_outputs["created"] == "false"
    assert versions(sagemaker) == [1]


def test_rerun_keeps_card_version(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    run(endpoint, workspace)
    result, outputs = run(endpoint, workspace)
    assert result.returncode == 0, result.stdout
    assert outputs["model-card-version"] == "1"
    assert "already has this content and status" in result.stdout


def test_rerun_changed_metadata_is_new_registration(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    run(endpoint, workspace)
    result, outputs = run(endpoint, workspace, **{"model-description": "retrained"})
    assert result.returncode == 0, result.stdout
    assert outputs["created"] == "true"
    assert versions(sagemaker) == [1, 2]


def test_if_exists_fail(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    run(endpoint, workspace)
    result, outputs = run(endpoint, workspace, **{"if-exists": "fail"})
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert "already registered" in errors[0]
    assert outputs == {}
    assert versions(sagemaker) == [1]


def test_if_exists_new_version(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    run(endpoint, workspace)
    result, outputs = run(endpoint, workspace, **{"if-exists": "new-version"})
    assert result.returncode == 0, result.stdout
    assert outputs["created"] == "true"
    assert outputs["model-card-name"] == "fer-models-v2"
    assert versions(sagemaker) == [1, 2]


def test_rerun_finds_older_version(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    _, first_outputs = run(endpoint, workspace)
    run(endpoint, workspace, **{"model-description": "another model"})
    result, outputs = run(endpoint, workspace)
    assert result.returncode == 0, result.stdout
    assert outputs["model-package-arn"] == first_outputs["model-package-arn"]
    assert versions(sagemaker) == [1, 2]
