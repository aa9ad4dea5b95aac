"""Approve and reject modes: decide on an existing version and record who did."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_action, run_in_process
from tests.spy import RequestSpy

GROUP = "fer-models"
RUN_URL = "https://github.com/example-org/fer-models/actions/runs/1234567890/attempts/1"


def register_versions(endpoint: str, workspace: Path, count: int) -> list[str]:
    arns = []
    for index in range(count):
        _, outputs = run_action(
            {
                "model-package-group-name": GROUP,
                "model-data-url": f"s3://example-bucket/fer/model-{index}.tar.gz",
                "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
                "endpoint-url": endpoint,
            },
            workspace,
        )
        arns.append(outputs["model-package-arn"])
    return arns


def decide(
    endpoint: str, workspace: Path, mode: str, **inputs: str
) -> tuple[Any, dict[str, str]]:
    return run_action(
        {
            "mode": mode,
            "model-package-group-name": GROUP,
            "endpoint-url": endpoint,
            **inputs,
        },
        workspace,
    )


def package(sagemaker: Any, arn: str) -> dict[str, Any]:
    return dict(sagemaker.describe_model_package(ModelPackageName=arn))


def card_status(sagemaker: Any, version: int) -> str:
    card = sagemaker.describe_model_card(ModelCardName=f"{GROUP}-v{version}")
    return str(card["ModelCardStatus"])


def test_approve_by_arn(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    arns = register_versions(endpoint, workspace, 2)
    result, outputs = decide(
        endpoint,
        workspace,
        "approve",
        **{"model-package-arn": arns[0], "approval-note": "offline eval reviewed"},
    )
    described = package(sagemaker, arns[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert described["ModelApprovalStatus"] == "Approved"
    assert described["ApprovalDescription"] == (
        f"Approved by octocat in {RUN_URL}: offline eval reviewed"
    )
    assert outputs["approval-status"] == "Approved"
    assert card_status(sagemaker, 1) == "Approved"
    assert package(sagemaker, arns[1])["ModelApprovalStatus"] == "PendingManualApproval"


def test_reject_by_version(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    arns = register_versions(endpoint, workspace, 2)
    result, outputs = decide(
        endpoint, workspace, "reject", **{"model-package-version": "1"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-arn"] == arns[0]
    assert package(sagemaker, arns[0])["ModelApprovalStatus"] == "Rejected"
    assert card_status(sagemaker, 1) == "Draft"


def test_approve_latest(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    arns = register_versions(endpoint, workspace, 3)
    result, outputs = decide(
        endpoint, workspace, "approve", **{"model-package-version": "latest"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["model-package-version"] == "3"
    assert package(sagemaker, arns[2])["ModelApprovalStatus"] == "Approved"


def test_card_status_input_wins(sagemaker: Any, endpoint: str, workspace: Path) -> None:
    register_versions(endpoint, workspace, 1)
    decide(
        endpoint,
        workspace,
        "approve",
        **{"model-package-version": "1", "model-card-status": "PendingReview"},
    )
    assert card_status(sagemaker, 1) == "PendingReview"


def test_missing_version_is_named(endpoint: str, workspace: Path) -> None:
    register_versions(endpoint, workspace, 1)
    result, _ = decide(endpoint, workspace, "approve", **{"model-package-version": "7"})
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert "group 'fer-models' has no version 7" in errors[0]


def test_missing_arn_is_named(endpoint: str, workspace: Path) -> None:
    register_versions(endpoint, workspace, 1)
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/fer-models/9"
    result, _ = decide(endpoint, workspace, "approve", **{"model-package-arn": arn})
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert arn in errors[0]


def test_lifecycle_stage_sent(
    sagemaker: Any,
    endpoint: str,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    spy: RequestSpy,
) -> None:
    register_versions(endpoint, workspace, 1)
    monkeypatch.setattr("registrar.sagemaker.make_client", spy_client(spy))
    code, _, _ = run_in_process(
        {
            "mode": "approve",
            "model-package-group-name": GROUP,
            "model-package-version": "1",
            "lifecycle-stage": "Staging",
            "lifecycle-stage-status": "Approved",
            "lifecycle-stage-description": "Promoted by the release workflow",
            "endpoint-url": endpoint,
        },
        workspace,
        monkeypatch,
    )
    update = spy.requests("UpdateModelPackage")[0]
    assert code == 0
    assert update["ModelLifeCycle"] == {
        "Stage": "Staging",
        "StageStatus": "Approved",
        "StageDescription": "Promoted by the release workflow",
    }


def spy_client(spy: RequestSpy) -> Any:
    from registrar import sagemaker as module

    make_client = module.make_client
    return lambda settings: spy.attach_to(make_client(settings))


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        ({}, "model-package-arn (or model-package-version): required input"),
        ({"model-package-version": "newest"}, "use a version number or latest"),
        ({"model-package-arn": "fer-models/1"}, "not a model package version ARN"),
        (
            {"model-package-version": "1", "lifecycle-stage": "Staging"},
            "set both or neither",
        ),
        (
            {"model-package-version": "1", "lifecycle-stage": "In Review"},
            "lifecycle-stage: 'In Review' is not a valid SageMaker name",
        ),
        ({"model-package-version": "1", "dry-run": "true"}, "dry-run: not available"),
    ],
)
def test_approve_bad_input(
    endpoint: str, workspace: Path, inputs: dict[str, str], expected: str
) -> None:
    result, _ = decide(endpoint, workspace, "approve", **inputs)
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert expected in errors[0]


def test_card_of_other_version_untouched(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    register_versions(endpoint, workspace, 2)
    result, _ = decide(
        endpoint,
        workspace,
        "approve",
        **{"model-package-version": "1", "model-card-name": f"{GROUP}-v2"},
    )
    content = json.loads(
        sagemaker.describe_model_card(ModelCardName=f"{GROUP}-v2")["Content"]
    )
    version = sagemaker.describe_model_package(
        ModelPackageName=sagemaker.list_model_packages(ModelPackageGroupName=GROUP)[
            "ModelPackageSummaryList"
        ][0]["ModelPackageArn"]
    )
    assert result.returncode == 1
    assert "documents another version" in result.stdout
    assert content["model_package_details"]["model_package_version"] == 2
    assert version["ModelApprovalStatus"] == "PendingManualApproval"


def test_card_version_after_update(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    register_versions(endpoint, workspace, 1)
    _, outputs = decide(
        endpoint, workspace, "approve", **{"model-package-version": "1"}
    )
    card = sagemaker.describe_model_card(ModelCardName=f"{GROUP}-v1")
    assert outputs["model-card-version"] == str(card["ModelCardVersion"])


def test_arn_of_other_group_is_error(endpoint: str, workspace: Path) -> None:
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/other-models/1"
    result, _ = decide(endpoint, workspace, "approve", **{"model-package-arn": arn})
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert "is a version of group 'other-models'" in errors[0]
