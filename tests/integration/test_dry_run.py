"""Dry run: every request built and printed, no AWS call, no credentials needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_action

INPUTS = {
    "model-package-group-name": "fer-models",
    "model-data-url": "s3://example-bucket/fer/model.tar.gz",
    "image-uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fer:1",
    "tags": "team=ml",
    "dry-run": "true",
}
NO_AWS = {
    "AWS_ACCESS_KEY_ID": "",
    "AWS_SECRET_ACCESS_KEY": "",
    "AWS_SESSION_TOKEN": "",
    "AWS_REGION": "",
}


def test_dry_run_needs_no_credentials(workspace: Path) -> None:
    result, outputs = run_action(INPUTS, workspace, **NO_AWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert Path(outputs["plan-file"]).is_file()


def test_dry_run_plan_holds_requests(workspace: Path) -> None:
    _, outputs = run_action(INPUTS, workspace, **NO_AWS)
    plan = json.loads(Path(outputs["plan-file"]).read_text())
    assert list(plan) == [
        "CreateModelPackageGroup",
        "CreateModelPackage",
        "CreateModelCard",
    ]
    assert plan["CreateModelPackageGroup"]["Tags"] == [{"Key": "team", "Value": "ml"}]
    assert "Tags" not in plan["CreateModelPackage"]
    assert plan["CreateModelCard"]["ModelCardName"] == "fer-models-v1"


def test_dry_run_plan_outside_workspace(workspace: Path) -> None:
    _, outputs = run_action(INPUTS, workspace, RUNNER_TEMP=str(workspace.parent))
    assert Path(outputs["plan-file"]).parent == workspace.parent
    assert list(workspace.iterdir()) == []


def test_dry_run_creates_nothing(
    sagemaker: Any, endpoint: str, workspace: Path
) -> None:
    result, _ = run_action({**INPUTS, "endpoint-url": endpoint}, workspace)
    groups = sagemaker.list_model_package_groups()["ModelPackageGroupSummaryList"]
    assert result.returncode == 0, result.stdout
    assert groups == []


def test_dry_run_prints_requests_inert(workspace: Path) -> None:
    description = "::set-output name=created::true"
    result, outputs = run_action(
        {**INPUTS, "model-package-description": description}, workspace, **NO_AWS
    )
    assert description in result.stdout
    assert not [
        line for line in result.stdout.splitlines() if line.lstrip().startswith("::set")
    ]
    assert set(outputs) == {"plan-file", "metrics-json", "gate-passed", "gate-report"}


def test_dry_run_plan_file_in_workspace(workspace: Path) -> None:
    result, outputs = run_action(
        {**INPUTS, "plan-file": "plans/plan.json"}, workspace, **NO_AWS
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["plan-file"] == "plans/plan.json"
    assert (workspace / "plans" / "plan.json").is_file()


@pytest.mark.parametrize(
    ("plan_file", "expected"),
    [
        ("link/plan.json", "leads outside the workspace"),
        ("existing", "cannot write 'existing'"),
        ("../plan.json", "not a path inside the workspace"),
    ],
)
def test_dry_run_plan_file_errors(
    workspace: Path, plan_file: str, expected: str
) -> None:
    outside = workspace.parent / "outside"
    outside.mkdir()
    (workspace / "link").symlink_to(outside)
    (workspace / "existing").mkdir()
    result, _ = run_action({**INPUTS, "plan-file": plan_file}, workspace, **NO_AWS)
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert result.returncode == 1
    assert len(errors) == 1
    assert expected in errors[0]
    assert list(outside.iterdir()) == []
